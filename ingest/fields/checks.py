"""Self-check of extracted fields: does every evidence span show what the item says?

Cheap enough to run on every page (a diagnostic), and what the tests assert.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.fields import Fields
from ingest.record import Evidence
from ingest.sections import SectionNode


def evidence_text(nodes: dict[str, SectionNode], evidence: Evidence) -> str | None:
    """The text an evidence span points at; None when the section or item is missing."""
    node = nodes.get(evidence.section)
    if node is None:
        return None
    if evidence.item is None:
        source = node.text
    elif evidence.item < len(node.items):
        source = node.items[evidence.item]
    else:
        return None
    if not 0 <= evidence.start < evidence.end <= len(source):
        return None
    return source[evidence.start : evidence.end]


def evidence_problems(roots: Iterable[SectionNode], fields: Fields) -> list[str]:
    """One message per item whose evidence does not slice to its claim: `text` for
    indications and statements, `term` for side effects, and for interactions a
    mention inside `text`."""
    nodes = {node.id: node for root in roots for node in root.walk()}
    problems: list[str] = []
    claims: list[tuple[str, str, Evidence, bool]] = []  # (family, claim, evidence, exact)
    claims += [("indication", i.text, i.evidence, True) for i in fields.indications]
    for family, statements in (
        ("limitation", fields.limitations),
        ("contraindication", fields.contraindications),
        ("warning", fields.warnings),
    ):
        claims += [(family, s.text, s.evidence, True) for s in statements]
    claims += [("side effect", s.term, s.evidence, True) for s in fields.side_effects]
    claims += [("interaction", i.text, i.evidence, False) for i in fields.interactions]
    for family, claim, evidence, exact in claims:
        shown = evidence_text(nodes, evidence)
        ok = shown is not None and (shown == claim if exact else shown in claim)
        if not ok:
            problems.append(f"{family} {claim[:60]!r}: evidence shows {shown!r}")
    return problems
