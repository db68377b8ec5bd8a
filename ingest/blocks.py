"""The intermediate model every reader produces: a flat list of blocks.

Everything format-specific happens in a reader (`ingest/readers/`); everything after
it sees only these blocks, so a new input format is one new reader.

Text in blocks is already clean: whitespace collapsed, footnote markers that the
markup identified removed from the text and kept as `Marker`s with their offset.
Text scrapes cannot tell a marker from a number by markup alone; their readers set
`markers_known=False` and `ingest.footnotes` finds glued markers once the reference
numbers are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker that stood at `offset` in the block's text (after removal)."""

    offset: int
    label: str  # as shown on the page: "1", "12", "*", "a"
    target: str | None = None  # the anchor id it links to (HTML/SPL), e.g. "fn1", "cite_note-3"


@dataclass(slots=True)
class Heading:
    level: int  # 1 = page title; deeper headings have higher numbers
    text: str
    # A section kind the source states outright (an SPL LOINC code, a site profile);
    # it beats the heading classifier.
    kind_hint: str | None = None


@dataclass(slots=True)
class Paragraph:
    text: str
    markers: list[Marker] = field(default_factory=list)
    # A leading inline label such as "<strong>Multiple Sclerosis:</strong>": the label text
    # without its colon. The label stays at the start of `text` as written.
    label: str | None = None
    markers_known: bool = True


@dataclass(slots=True)
class ListItem:
    text: str
    depth: int = 0  # 0 = top level, 1 = nested under the previous shallower item, ...
    markers: list[Marker] = field(default_factory=list)
    markers_known: bool = True


@dataclass(slots=True)
class ListBlock:
    items: list[ListItem]
    ordered: bool = False


@dataclass(slots=True)
class ReferenceEntry:
    number: int
    text: str  # the reference as written, markers and back-links removed
    anchor: str | None = None  # id that markers point at (e.g. "fn1", "cite_note-3")
    # The entry's first external link target, for references whose URL is only in an
    # <a href> (Wikipedia cite links, DOI/PubMed links); the text's own URL wins.
    url: str | None = None


@dataclass(slots=True)
class ReferenceList:
    entries: list[ReferenceEntry]
    heading: str | None = None  # e.g. "References", "Show 7 footnotes"


Block = Heading | Paragraph | ListBlock | ReferenceList

SourceFormat = Literal["html", "text", "spl"]


@dataclass(slots=True)
class Document:
    """What a reader returns: the page as blocks plus what the page says about itself."""

    format: SourceFormat
    blocks: list[Block]
    title: str | None = None
    url: str | None = None
    site: str | None = None
    language: str | None = None  # BCP-47 primary tag when the page declares one ("en", "de")
    # Facts a reader found that have no block form (e.g. "encoding repaired").
    notes: list[tuple[str, str]] = field(default_factory=list)  # (diagnostic code, message)
