"""Footnote markers -> references: the `link` step.

Runs twice around segmentation: before it, glued markers are found in text
scrapes (they need the reference numbers to be told from ordinary numbers); after
it, every marker of every section is linked to a reference number, giving the
record's `citations` and the `cites` the field extractors read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import Document, ListBlock, Marker, Paragraph, ReferenceEntry, ReferenceList
from ingest.footnotes import find_glued_markers, parse_reference
from ingest.record import Citation, Diagnostic, Reference
from ingest.sections import Cite, ItemPart, SectionNode


@dataclass(slots=True)
class Links:
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def reference_entries(document: Document) -> list[ReferenceEntry]:
    """All reference entries of the page, first of each number kept, in number order."""
    seen: dict[int, ReferenceEntry] = {}
    for block in document.blocks:
        if isinstance(block, ReferenceList):
            for entry in block.entries:
                seen.setdefault(entry.number, entry)
    return [seen[number] for number in sorted(seen)]


def mark_glued_markers(document: Document, numbers: set[int]) -> None:
    """Find markers in blocks whose reader could not see them (text scrapes)."""
    if not numbers:
        return
    for block in document.blocks:
        if isinstance(block, Paragraph) and not block.markers_known:
            block.text, block.markers = find_glued_markers(block.text, numbers)
            block.markers_known = True
        elif isinstance(block, ListBlock):
            for item in block.items:
                if not item.markers_known:
                    item.text, item.markers = find_glued_markers(item.text, numbers)
                    item.markers_known = True


def _number(marker: Marker, anchors: dict[str, int]) -> int | None:
    """The reference number a marker points at; None for symbols and letters."""
    if marker.target and marker.target in anchors:
        return anchors[marker.target]
    label = marker.label.strip("[]() ")
    return int(label) if label.isdigit() else None


def link(document: Document, roots: list[SectionNode]) -> Links:
    entries = reference_entries(document)
    links = Links(references=[parse_reference(entry) for entry in entries])
    numbers = {entry.number for entry in entries}
    anchors = {entry.anchor: entry.number for entry in entries if entry.anchor}
    cited: set[int] = set()
    for root in roots:
        for node in root.walk():
            for part in node.parts:
                item = part.index if isinstance(part, ItemPart) else None
                for marker in part.markers:
                    number = _number(marker, anchors)
                    if number is None:
                        continue
                    resolved = number in numbers
                    part.cites.append(Cite(marker.offset, number, resolved))
                    links.citations.append(
                        Citation(
                            reference=number,
                            section=node.id,
                            offset=marker.offset,
                            resolved=resolved,
                            item=item,
                        )
                    )
                    if resolved:
                        cited.add(number)
                    else:
                        links.diagnostics.append(
                            Diagnostic(
                                code="unresolved-citation",
                                message=f"marker {marker.label!r} points at no reference",
                                section=node.id,
                            )
                        )
    for number in sorted(numbers - cited):
        links.diagnostics.append(
            Diagnostic(
                code="unused-reference",
                message=f"reference {number} is cited by no marker",
                section=None,
            )
        )
    return links
