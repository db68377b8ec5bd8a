"""Internal section tree -> the record's `Section` models."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.record import InlineLabel, Section
from ingest.sections import ParagraphPart, SectionNode


def to_sections(roots: Sequence[SectionNode]) -> list[Section]:
    return [_to_section(node) for node in roots]


def _to_section(node: SectionNode) -> Section:
    return Section(
        id=node.id,
        heading=node.heading,
        level=node.level,
        kind=node.kind,
        text=node.text,
        items=list(node.items),
        children=[_to_section(child) for child in node.children],
        item_depths=list(node.item_depths),
        labels=[
            InlineLabel(label=part.label, start=part.start, end=part.end)
            for part in node.parts
            if isinstance(part, ParagraphPart) and part.label
        ],
    )
