"""The page as the extractors read it: sentences of prose and runs of list items,
in page order, each with the context that tells what it is.

A list's meaning comes from what stands before it: the lead-in paragraph ("Do not
take X if you:"), a bold label, or headings. Frequency-band labels ("More common",
"Rare (may affect up to 1 in 1,000 people)") are skipped when looking for that
lead-in, because on Mayo-style and leaflet pages one lead-in ("Check with your
doctor immediately if ...") governs several band groups that follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ingest.fields.cues import LeadKind, cue_keys, is_band, lead_kind, mentions_overdose
from ingest.fields.sentences import split_sentences
from ingest.sections import ItemPart, ParagraphPart, SectionNode, heading_kind

Family = Literal["side_effects", "contraindications", "warnings", "interactions", "indications"]
_HEADING_LEADS: dict[str, LeadKind] = {
    "side_effects": "side_effects",
    "interactions": "interactions",
    "contraindications": "contraindications",
    "warnings": "warnings",
}
_NO_FACTS = frozenset({"commerce", "references"})
# Sections where a "read this before taking" lead-in introduces leaflet housekeeping.
_INTRODUCTORY = frozenset({"overview", "mechanism", "research"})

_LABEL_GAP = re.compile(r"\s*[:：.\-–—]?\s*")
_TRAILING_COLON = re.compile(r"[\s:：]+$")


@dataclass(slots=True)
class Sentence:
    node: SectionNode
    part: ParagraphPart
    start: int  # offsets into node.text
    end: int
    before_list: bool  # the last sentence of a paragraph that a list follows
    # (text.lower(), its cue keys): worked out once, several extractors test cues
    _cued: tuple[str, frozenset[str]] | None = field(default=None, init=False, repr=False)

    @property
    def text(self) -> str:
        return self.node.text[self.start : self.end]

    def cued(self) -> tuple[str, frozenset[str]]:
        """The lower-cased text and the `cues.cue_keys` in it."""
        if self._cued is None:
            lowered = self.text.lower()
            self._cued = (lowered, cue_keys(lowered))
        return self._cued


@dataclass(slots=True)
class ListRun:
    """One list (consecutive items of one `list_number`) of a section."""

    node: SectionNode
    items: list[ItemPart]
    lead_in: ParagraphPart | None  # the paragraph right before the list, same section
    context: str | None  # nearest paragraph or heading before it, band labels skipped
    context_is_heading: bool
    adjacent: bool  # nothing but band-label paragraphs stands between context and list
    band: str | None  # nearest frequency-band label between that context and the list
    # `list_family` of this run, worked out once: every extractor asks for it
    family: Family | None = field(default=None, init=False, repr=False)
    family_known: bool = field(default=False, init=False, repr=False)

    def text(self, item: ItemPart) -> str:
        return self.node.items[item.index]

    @property
    def lead(self) -> str | None:
        """The context when it introduces this list: a heading, the paragraph right
        before it, or a paragraph ending in ":" that governs the band groups after it
        (Mayo: "Check with your doctor immediately if ...:" > "More common" > list >
        "Rare" > list). A paragraph that merely follows an earlier list is not one."""
        text = self.context
        if text is None:
            return None
        if self.context_is_heading or self.adjacent or text.rstrip().endswith((":", "：")):
            return text
        return None


@dataclass(slots=True)
class Page:
    nodes: list[SectionNode] = field(default_factory=list)  # page order
    sentences: list[Sentence] = field(default_factory=list)
    runs: list[ListRun] = field(default_factory=list)
    # id(part) -> position on the page, to sort what comes from prose and from lists
    order: dict[int, int] = field(default_factory=dict)

    def position(self, part: ParagraphPart | ItemPart) -> int:
        return self.order.get(id(part), 0)


def body_start(node: SectionNode, part: ParagraphPart) -> int:
    """Where a paragraph's text starts after its inline label ("Multiple Sclerosis: ")."""
    label = part.label
    if not label:
        return part.start
    text = node.text
    if not text.startswith(label, part.start):
        return part.start
    gap = _LABEL_GAP.match(text, part.start + len(label), part.end)
    return gap.end() if gap else part.start + len(label)


def clean_label(text: str) -> str:
    return _TRAILING_COLON.sub("", text.strip())


def read_page(roots: list[SectionNode]) -> Page:
    page = Page()
    # Page-order stream: (heading text, its section) or (paragraph text, None); None = a list.
    stream: list[tuple[str, SectionNode | None] | None] = []
    parents: dict[int, SectionNode] = {}
    for root in roots:
        for node in root.walk():
            page.nodes.append(node)
            parents.update((id(child), node) for child in node.children)
            stream.append((node.heading, node))
            ancestors = _ancestors(node, parents)
            segments = _segments(node.parts)
            for number, segment in enumerate(segments):
                if isinstance(segment, ParagraphPart):
                    page.order[id(segment)] = len(page.order)
                    list_follows = number + 1 < len(segments) and isinstance(
                        segments[number + 1], list
                    )
                    _add_sentences(page, node, segment, list_follows)
                    stream.append((node.text[segment.start : segment.end], None))
                    continue
                for item in segment:
                    page.order[id(item)] = len(page.order)
                previous = segments[number - 1] if number else None
                lead_in = previous if isinstance(previous, ParagraphPart) else None
                context, is_heading, adjacent, band = _look_back(stream, ancestors)
                run = ListRun(node, segment, lead_in, context, is_heading, adjacent, band)
                page.runs.append(run)
                stream.append(None)
    return page


def _ancestors(node: SectionNode, parents: dict[int, SectionNode]) -> set[int]:
    """id() of the section and every section that contains it."""
    chain = {id(node)}
    current = parents.get(id(node))
    while current is not None:
        chain.add(id(current))
        current = parents.get(id(current))
    return chain


def _segments(parts: list[ParagraphPart | ItemPart]) -> list[ParagraphPart | list[ItemPart]]:
    """Paragraphs, and items grouped into their lists."""
    segments: list[ParagraphPart | list[ItemPart]] = []
    for part in parts:
        if isinstance(part, ParagraphPart):
            segments.append(part)
            continue
        last = segments[-1] if segments else None
        if isinstance(last, list) and last[-1].list_number == part.list_number:
            last.append(part)
        else:
            segments.append([part])
    return segments


def _add_sentences(page: Page, node: SectionNode, part: ParagraphPart, list_follows: bool) -> None:
    spans = split_sentences(node.text, body_start(node, part), part.end)
    for number, (start, end) in enumerate(spans):
        last = number == len(spans) - 1
        page.sentences.append(Sentence(node, part, start, end, list_follows and last))


def _look_back(
    stream: list[tuple[str, SectionNode | None] | None], ancestors: set[int]
) -> tuple[str | None, bool, bool, str | None]:
    """The nearest non-band paragraph, or heading of a section containing the list,
    before it; whether that is a heading; whether only band-label paragraphs stand
    between; and the nearest band label.

    Headings of earlier sibling sections are passed over: "Stop using and contact your
    doctor immediately if:" heads its own list, not the "Common" group after it."""
    band: str | None = None
    adjacent = True
    for entry in reversed(stream):
        if entry is None:
            adjacent = False
            continue
        text, section = entry
        if section is not None and id(section) not in ancestors:
            adjacent = False
            continue
        label = clean_label(text)
        if is_band(label):
            band = band or label
            adjacent = adjacent and section is None  # a band heading starts a new group
            continue
        return text, section is not None, adjacent, band
    return None, False, adjacent, band


def context_kind(run: ListRun) -> LeadKind | None:
    """What the list's lead-in says it holds; a heading speaks through its kind."""
    text = run.lead
    if not text:
        return None
    if run.context_is_heading:
        if mentions_overdose(text):
            return "overdose"
        kind = heading_kind(text)
        if kind is not None:
            return _HEADING_LEADS.get(kind)
    return lead_kind(text)


def list_family(run: ListRun) -> Family | None:
    """Which field family a list's items belong to, from its section and lead-in."""
    if not run.family_known:
        run.family = _list_family(run)
        run.family_known = True
    return run.family


def _list_family(run: ListRun) -> Family | None:
    kind = run.node.kind
    if kind in _NO_FACTS:
        return None
    lead = context_kind(run)
    if lead == "overdose":
        return None
    if kind == "interactions":
        return "interactions"
    if lead in ("contraindications", "interactions"):
        return lead
    if kind == "side_effects":
        if lead in (None, "side_effects") or run.band is not None:
            return "side_effects"  # band labels ("Rare") only ever group side effects
        return "warnings" if lead == "warnings" else None
    if kind == "contraindications":
        return None if lead == "advice" else "contraindications"
    if kind == "indications":
        return "warnings" if lead == "warnings" else "indications"
    if kind == "warnings" or (lead == "warnings" and kind not in _INTRODUCTORY):
        return "warnings" if lead in (None, "warnings") else None
    return None


def has_facts(node: SectionNode) -> bool:
    """Commerce and reference sections never yield monograph facts."""
    return node.kind not in _NO_FACTS
