"""Evidence spans and the citation numbers that support them.

Offsets follow the contract: into the section's `text` for prose, into the item
string (with `item` set) for list items. Cite offsets use the same coordinates as
the part's markers (section text for paragraphs, item text for items).
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.record import Evidence
from ingest.sections import Cite, ItemPart, ParagraphPart, SectionNode


def cited_in(cites: Iterable[Cite], start: int, end: int) -> list[int]:
    """Reference numbers of cites in (start, end]: a marker stands after the text it
    supports, so one right after a sentence's final period belongs to that sentence."""
    return sorted({cite.number for cite in cites if start < cite.offset <= end})


def item_citations(item: ItemPart, lead_in: ParagraphPart | None) -> list[int]:
    """All cites of an item plus those of the paragraph that introduces its list
    ("Common side effects include2:" supports every item)."""
    numbers = {cite.number for cite in item.cites}
    if lead_in is not None:
        numbers.update(cite.number for cite in lead_in.cites)
    return sorted(numbers)


def prose_evidence(node: SectionNode, start: int, end: int) -> Evidence:
    return Evidence(section=node.id, start=start, end=end)


def item_evidence(node: SectionNode, index: int, start: int, end: int) -> Evidence:
    return Evidence(section=node.id, start=start, end=end, item=index)
