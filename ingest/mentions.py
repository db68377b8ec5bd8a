"""The `annotate` step: every drug-name mention of the page, in page order.

Paragraph spans and list items are matched where they stand, so offsets are into
the section's `text` (or into the item, with `item` set), as the contract says.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.ner import DrugMatcher
from ingest.record import DrugMention
from ingest.sections import ItemPart, SectionNode


def find_mentions(roots: Sequence[SectionNode], matcher: DrugMatcher) -> list[DrugMention]:
    mentions: list[DrugMention] = []
    for root in roots:
        for node in root.walk():
            for part in node.parts:
                if isinstance(part, ItemPart):
                    text, base, item = node.items[part.index], 0, part.index
                else:
                    text, base, item = node.text[part.start : part.end], part.start, None
                for match in matcher.find(text):
                    if match.label != "DRUG":
                        continue
                    mentions.append(
                        DrugMention(
                            text=match.text,
                            normalized=match.normalized,
                            ids=dict(match.ids),
                            section=node.id,
                            start=base + match.start,
                            end=base + match.end,
                            item=item,
                        )
                    )
    return mentions
