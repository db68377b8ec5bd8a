"""Footnote markers -> references: the `link` step.

Runs on both sides of segmentation: before it, glued markers are found in text
scrapes (they need the reference numbers to be told from ordinary numbers); after
it, every marker of every section is linked to a reference number, giving the
record's `citations` and the `cites` the field extractors read. The rules live in
`ingest.footnotes`; this module only applies them to a document and its tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import Document, ReferenceEntry, ReferenceList
from ingest.footnotes import (
    duplicate_reference_numbers,
    parse_references,
    resolve_markers,
    unused_references,
    with_glued_markers,
)
from ingest.record import Citation, Diagnostic, Reference
from ingest.sections import Cite, ItemPart, SectionNode


@dataclass(slots=True)
class Links:
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def reference_entries(document: Document) -> list[ReferenceEntry]:
    """Every reference entry of the page, in page order (duplicates included)."""
    return [
        entry
        for block in document.blocks
        if isinstance(block, ReferenceList)
        for entry in block.entries
    ]


def mark_glued_markers(document: Document) -> None:
    """Find markers in the blocks whose reader could not see them (text scrapes)."""
    numbers = {entry.number for entry in reference_entries(document)}
    if numbers:
        document.blocks = with_glued_markers(document.blocks, numbers)


def link(document: Document, roots: list[SectionNode]) -> Links:
    all_entries = reference_entries(document)
    entries = _first_of_each_number(all_entries)
    links = Links(references=parse_references(entries))
    for number in duplicate_reference_numbers(all_entries):
        links.diagnostics.append(
            Diagnostic(
                code="duplicate-reference",
                message=f"reference {number} is listed twice; the first is kept",
            )
        )
    cited: set[int] = set()
    for root in roots:
        for node in root.walk():
            for part in node.parts:
                if not part.markers:
                    continue  # most parts cite nothing: skip the per-call lookup tables
                item = part.index if isinstance(part, ItemPart) else None
                for resolved in resolve_markers(part.markers, entries):
                    if not resolved.is_citation or resolved.reference is None:
                        continue
                    number, offset = resolved.reference, resolved.marker.offset
                    part.cites.append(Cite(offset, number, resolved.resolved))
                    links.citations.append(
                        Citation(
                            reference=number,
                            section=node.id,
                            offset=offset,
                            resolved=resolved.resolved,
                            item=item,
                        )
                    )
                    if resolved.resolved:
                        cited.add(number)
                    else:
                        links.diagnostics.append(
                            Diagnostic(
                                code="unresolved-citation",
                                message=f"marker {resolved.marker.label!r} points at no reference",
                                section=node.id,
                            )
                        )
    for number in unused_references(entries, cited):
        links.diagnostics.append(
            Diagnostic(code="unused-reference", message=f"reference {number} is cited by no marker")
        )
    return links


def _first_of_each_number(entries: list[ReferenceEntry]) -> list[ReferenceEntry]:
    seen: dict[int, ReferenceEntry] = {}
    for entry in entries:
        seen.setdefault(entry.number, entry)
    return [seen[number] for number in sorted(seen)]
