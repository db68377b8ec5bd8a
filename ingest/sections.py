"""Blocks -> section tree.

Headings nest by their level; the prose of a section is its paragraphs joined by a
blank line, its list items are kept apart (in `items`), and every paragraph and
item remembers where it sits so that extractors can cite exact offsets.

The tree has one root, the page title (level 1). Blocks before the first heading
belong to it; when the page does not open with a heading the root is made from the
document's title.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Marker,
    Paragraph,
    ReferenceList,
)
from ingest.headings import (
    SECTION_KINDS,
    classify_heading,
    clean_heading,
    names_population,
    slugify,
)
from ingest.record import SectionKind

PARAGRAPH_SEPARATOR = "\n\n"
# Headings repeat across pages (Mayo, leaflets, SPL): classify each wording once.
heading_kind = lru_cache(maxsize=4096)(classify_heading)
_clean_heading = lru_cache(maxsize=4096)(clean_heading)
_slug = lru_cache(maxsize=4096)(slugify)


@dataclass(slots=True)
class Cite:
    """A marker linked to a reference number, at `offset` of the part's text."""

    offset: int
    number: int
    resolved: bool


@dataclass(slots=True)
class ParagraphPart:
    start: int  # span of the paragraph in the section's text
    end: int
    label: str | None
    markers: list[Marker]  # offsets relative to the section text
    markers_known: bool = True
    cites: list[Cite] = field(default_factory=list)


@dataclass(slots=True)
class ItemPart:
    index: int  # position in the section's items
    depth: int
    list_number: int  # which list of the section the item belongs to (0, 1, ...)
    ordered: bool
    markers: list[Marker]  # offsets relative to the item text
    markers_known: bool = True
    cites: list[Cite] = field(default_factory=list)


Part = ParagraphPart | ItemPart


@dataclass(slots=True)
class SectionNode:
    id: str
    heading: str
    level: int
    kind: SectionKind
    text: str = ""
    items: list[str] = field(default_factory=list)
    item_depths: list[int] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    children: list[SectionNode] = field(default_factory=list)
    reference_lists: list[ReferenceList] = field(default_factory=list)

    def walk(self) -> Iterator[SectionNode]:
        """This section and all below it, in page order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def paragraph_text(self, part: ParagraphPart) -> str:
        return self.text[part.start : part.end]


class _Builder:
    """Appends blocks to one section, keeping text offsets right.

    Paragraph texts are collected and joined once by `finish` (appending to `node.text`
    each time would copy the section text per paragraph: quadratic on long labels).
    """

    def __init__(self, node: SectionNode) -> None:
        self.node = node
        self.lists = 0
        self._texts: list[str] = []
        self._length = 0  # len() of the joined text so far

    def add_paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        if self._length:
            start = self._length + len(PARAGRAPH_SEPARATOR)
            self._texts.append(text)
        else:  # nothing but empty paragraphs so far: no separator in front
            start = 0
            self._texts = [text]
        self._length = start + len(text)
        markers = (
            [Marker(m.offset + start, m.label, m.target) for m in paragraph.markers]
            if paragraph.markers
            else []
        )
        self.node.parts.append(
            ParagraphPart(start, self._length, paragraph.label, markers, paragraph.markers_known)
        )

    def finish(self) -> None:
        if self._texts:
            self.node.text = PARAGRAPH_SEPARATOR.join(self._texts)

    def add_list(self, block: ListBlock) -> None:
        node = self.node
        parts, items, depths = node.parts, node.items, node.item_depths
        number, ordered = self.lists, block.ordered
        for item in block.items:
            # ItemPart(index, depth, list_number, ordered, markers, markers_known)
            parts.append(
                ItemPart(
                    len(items), item.depth, number, ordered, list(item.markers), item.markers_known
                )
            )
            items.append(item.text)
            depths.append(item.depth)
        self.lists += 1


# Kinds that say what facts a section holds; a subsection under one of them keeps it
# unless its own heading names another such kind ("6.1 Clinical Trials Experience"
# under "6 Adverse Reactions" is still about side effects).
_FACT_KINDS = frozenset(
    {"indications", "side_effects", "interactions", "warnings", "contraindications", "dosage"}
)


def _kind_for(heading: Heading, parent: SectionNode) -> SectionKind:
    hint = heading.kind_hint
    if hint in SECTION_KINDS:
        return hint  # type: ignore[return-value]
    kind = heading_kind(heading.text)
    inherits = parent.level > 1 and (
        kind is None
        or (
            parent.kind in _FACT_KINDS
            and (kind not in _FACT_KINDS or names_population(heading.text))
        )
    )
    if inherits:
        return parent.kind
    return kind or "other"


class _TreeBuilder:
    """Nests sections by heading level and hands each block to its section."""

    def __init__(self, root_heading: str) -> None:
        self._used_ids: dict[str, int] = {}
        self.root = self._new_node(root_heading, 1, "overview")
        self.builders = [_Builder(self.root)]
        # (raw heading level, section); the root outranks every heading on the page.
        self._stack: list[tuple[int, _Builder]] = [(0, self.builders[0])]

    def _new_node(self, heading: str, level: int, kind: SectionKind) -> SectionNode:
        base = _slug(heading)
        count = self._used_ids.get(base, 0) + 1
        self._used_ids[base] = count
        return SectionNode(
            id=base if count == 1 else f"{base}-{count}", heading=heading, level=level, kind=kind
        )

    def open_section(self, heading: Heading) -> None:
        while len(self._stack) > 1 and self._stack[-1][0] >= heading.level:
            self._stack.pop()
        parent = self._stack[-1][1].node
        node = self._new_node(
            _clean_heading(heading.text), parent.level + 1, _kind_for(heading, parent)
        )
        parent.children.append(node)
        builder = _Builder(node)
        self.builders.append(builder)
        self._stack.append((heading.level, builder))

    @property
    def current(self) -> _Builder:
        return self._stack[-1][1]

    def add_reference_list(self, block: ReferenceList) -> None:
        """A reference list lives in a `references` section: the current one if it is
        one, else a new one under the root, named by the list's own heading."""
        builder = self.current
        if builder.node.kind != "references":
            heading = clean_heading(block.heading) if block.heading else "References"
            node = self._new_node(heading, 2, "references")
            self.root.children.append(node)
            builder = _Builder(node)
            self.builders.append(builder)
            self._stack = [self._stack[0], (1, builder)]
        builder.node.reference_lists.append(block)
        builder.add_list(
            ListBlock(items=[ListItem(text=entry.text) for entry in block.entries], ordered=True)
        )


def _title_heading(blocks: list[Block], title: str | None) -> int | None:
    """Index of the heading that is the page title: the first block when it is a
    heading, else the first level-1 heading that says the document's title."""
    if blocks and isinstance(blocks[0], Heading):
        return 0
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            if block.level == 1 and title and clean_heading(block.text) == clean_heading(title):
                return i
            return None
    return None


def build_sections(document: Document) -> list[SectionNode]:
    """The section tree of a document: one root, the page title."""
    blocks = list(document.blocks)
    title_at = _title_heading(blocks, document.title)
    if title_at is not None:
        # A banner or breadcrumb before the page's own title heading: the title is still
        # the root, and what stood before it is the root's prose.
        tree = _TreeBuilder(clean_heading(blocks[title_at].text))  # type: ignore[union-attr]
        del blocks[title_at]
    else:
        tree = _TreeBuilder(document.title or "Untitled")
    for block in blocks:
        if isinstance(block, Heading):
            tree.open_section(block)
        elif isinstance(block, Paragraph):
            tree.current.add_paragraph(block)
        elif isinstance(block, ListBlock):
            tree.current.add_list(block)
        elif isinstance(block, ReferenceList):
            tree.add_reference_list(block)
    for builder in tree.builders:
        builder.finish()
    return [tree.root]
