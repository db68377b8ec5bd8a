"""Page-level diagnostics: is this a monograph at all, is there enough text?

Supplier product pages and news articles structure fine but carry no monograph
facts; the record says so instead of leaving consumers to guess from empty lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.fields import Fields
from ingest.record import Diagnostic
from ingest.sections import SectionNode

LOW_CONTENT_CHARS = 300
# Section kinds that only a monograph has.
_MONOGRAPH_KINDS = frozenset(
    {"indications", "dosage", "side_effects", "interactions", "warnings", "contraindications"}
)


def content_diagnostics(roots: Sequence[SectionNode], fields: Fields) -> list[Diagnostic]:
    nodes = [node for root in roots for node in root.walk()]
    prose = sum(len(node.text) + sum(len(item) for item in node.items) for node in nodes)
    diagnostics: list[Diagnostic] = []
    if prose < LOW_CONTENT_CHARS:
        diagnostics.append(
            Diagnostic(code="low-content", message=f"only {prose} characters of text")
        )
    # Uses named in a summary paragraph do not make a monograph (supplier pages have one).
    facts = (
        len(fields.side_effects)
        + len(fields.interactions)
        + len(fields.contraindications)
        + len(fields.warnings)
    )
    monograph_sections = sum(node.kind in _MONOGRAPH_KINDS for node in nodes)
    if facts == 0 and monograph_sections == 0:
        diagnostics.append(
            Diagnostic(
                code="not-a-monograph",
                message="no monograph sections and no side effects, interactions or warnings",
            )
        )
    return diagnostics
