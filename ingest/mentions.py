"""The `annotate` step: every drug-name mention of the page, in page order.

Offsets are into the section's `text`, or into the item with `item` set, as the
contract says. The matcher runs once over a section's text and once over its items
(joined by a separator no drug name can cross), not once per paragraph: most of
its cost is per call, and sections have hundreds of short paragraphs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ingest.ner import DrugMatch, DrugMatcher
from ingest.record import DrugMention
from ingest.sections import ItemPart, ParagraphPart, SectionNode

_ITEM_SEPARATOR = "\n|\n"  # punctuation no multi-word name contains: nothing matches across


def find_mentions(roots: Sequence[SectionNode], matcher: DrugMatcher) -> list[DrugMention]:
    mentions: list[DrugMention] = []
    for root in roots:
        for node in root.walk():
            mentions.extend(_section_mentions(node, matcher))
    return mentions


def _section_mentions(node: SectionNode, matcher: DrugMatcher) -> list[DrugMention]:
    in_text = _drugs(matcher.find(node.text)) if node.text else []
    in_items = _item_matches(node.items, matcher) if node.items else {}
    text_starts = [m.start for m in in_text]
    count = len(in_text)
    out: list[DrugMention] = []
    for part in node.parts:
        if isinstance(part, ItemPart):
            if in_items:
                for m, base in in_items.get(part.index, ()):
                    out.append(_mention(node, m, -base, part.index))
        elif count and isinstance(part, ParagraphPart):
            end = part.end
            i = bisect_right(text_starts, part.start - 1)
            while i < count:
                m = in_text[i]
                if m.start >= end:
                    break
                if m.end <= end:  # a match across two paragraphs is no mention
                    out.append(_mention(node, m, 0, None))
                i += 1
    return out


def _item_matches(items: list[str], matcher: DrugMatcher) -> dict[int, list[tuple[DrugMatch, int]]]:
    """Item index -> (match in the joined text, where the item starts in it)."""
    joined = _ITEM_SEPARATOR.join(items)
    starts: list[int] = []
    position = 0
    for item in items:
        starts.append(position)
        position += len(item) + len(_ITEM_SEPARATOR)
    by_item: dict[int, list[tuple[DrugMatch, int]]] = {}
    for match in _drugs(matcher.find(joined)):
        index = bisect_right(starts, match.start) - 1
        base = starts[index]
        if match.end - base <= len(items[index]):
            by_item.setdefault(index, []).append((match, base))
    return by_item


def _drugs(matches: list[DrugMatch]) -> list[DrugMatch]:
    return [m for m in matches if m.label == "DRUG"]


def _mention(node: SectionNode, match: DrugMatch, base: int, item: int | None) -> DrugMention:
    return DrugMention(
        text=match.text,
        normalized=match.normalized,
        ids=match.ids,  # validation copies the dict
        section=node.id,
        start=base + match.start,
        end=base + match.end,
        item=item,
    )
