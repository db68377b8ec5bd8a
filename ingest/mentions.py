"""The `annotate` step: every drug-name mention of the page, in page order.

Offsets are into the section's `text`, or into the item with `item` set, as the
contract says. The matcher runs once over the whole page: every section's text and
every item is one region of `DrugMatcher.find_many` (no name matches across regions),
not one call per section or paragraph: most of its cost is per call, and pages have
hundreds of short paragraphs and items.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ingest.ner import DrugMatch, DrugMatcher
from ingest.record import DrugMention
from ingest.sections import ItemPart, ParagraphPart, SectionNode


def find_mentions(roots: Sequence[SectionNode], matcher: DrugMatcher) -> list[DrugMention]:
    nodes = [node for root in roots for node in root.walk()]
    texts: list[str] = []
    for node in nodes:
        texts.append(node.text)
        texts.extend(node.items)
    found = matcher.find_many(texts)
    mentions: list[DrugMention] = []
    position = 0
    for node in nodes:
        count = len(node.items)
        in_items = found[position + 1 : position + 1 + count]
        mentions.extend(_section_mentions(node, _drugs(found[position]), in_items))
        position += 1 + count
    return mentions


def _section_mentions(
    node: SectionNode, in_text: list[DrugMatch], in_items: list[list[DrugMatch]]
) -> list[DrugMention]:
    text_starts = [m.start for m in in_text]
    count = len(in_text)
    out: list[DrugMention] = []
    for part in node.parts:
        if isinstance(part, ItemPart):
            matches = in_items[part.index] if part.index < len(in_items) else []
            for m in matches:
                if m.label == "DRUG":
                    out.append(_mention(node, m, part.index))
        elif count and isinstance(part, ParagraphPart):
            end = part.end
            i = bisect_right(text_starts, part.start - 1)
            while i < count:
                m = in_text[i]
                if m.start >= end:
                    break
                if m.end <= end:  # a match across two paragraphs is no mention
                    out.append(_mention(node, m, None))
                i += 1
    return out


def _drugs(matches: list[DrugMatch]) -> list[DrugMatch]:
    return [m for m in matches if m.label == "DRUG"]


def _mention(node: SectionNode, match: DrugMatch, item: int | None) -> DrugMention:
    return DrugMention(
        text=match.text,
        normalized=match.normalized,
        ids=match.ids,  # validation copies the dict
        section=node.id,
        start=match.start,
        end=match.end,
        item=item,
    )
