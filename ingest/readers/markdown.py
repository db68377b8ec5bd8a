"""Markdown scrapes -> `Document` (format "text": the record knows html|text|spl).

A tolerant line parser for the Markdown that scrapers emit, not a CommonMark engine:
ATX/setext headings, nested bullet/ordered lists, pipe tables, footnotes (`[^1]`,
`<sup>1</sup>`), and inline markup cleaned out of the text. Footnote markers written
as markup become `Marker`s; in a page without such markup, digits glued to words are
left for `ingest.footnotes` (`markers_known=False`), as in the text reader.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ingest.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Marker,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
)
from ingest.readers.text import (
    DepthTracker,
    collapse,
    expand_labels,
    is_reference_heading,
    join_lines,
    leading_label,
    looks_like_references,
    normalise_lines,
)

__all__ = ["clean_inline", "read_markdown"]

# --- inline markup ----------------------------------------------------------------

_MARKUP_CHAR_RE = re.compile(r"[\\`<\[*_~&]")
_SUP_RE = re.compile(r"<sup\b", re.IGNORECASE)
_SENTINEL = "\ue000"  # stands where a footnote marker was until offsets are known
_ESC_BASE = 0xF000  # escaped/code punctuation is parked at U+F000+ord(c), out of markup's way
_UNPARK = {_ESC_BASE + c: chr(c) for c in range(33, 127)}
_PARKED_RE = re.compile(f"[{chr(_ESC_BASE + 33)}-{chr(_ESC_BASE + 126)}]")

_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# Spans never cross their own delimiter: keeps every pattern linear on hostile input.
_CODE_RE = re.compile(r"(`+)([^`]+)\1")
_MARKER_RE = re.compile(
    r"<sup\b[^>]*>(?P<sup>.{0,200}?)</sup>|\[\^(?P<fn>[^\]\s]+)\](?!:)", re.IGNORECASE | re.DOTALL
)
_HREF_RE = re.compile(r"""href\s*=\s*["']#([^"']+)["']""", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKER_LIST_RE = re.compile(r"\[?\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]?")
_EXPONENT_BEFORE_RE = re.compile(r"(?:\d|\b(?:m|cm|mm|km|µm|dm|ft|in|x|×))\s*$")
_IMAGE_RE = re.compile(r"!\[[^\[\]]*\](?:\([^)]*\)|\[[^\[\]]*\])")
_LINK_RE = re.compile(
    r"\[(?P<text>[^\[\]]*)\]"
    r"\(\s*<?(?P<url>(?:[^()\s<>\[\]]|\([^()\s]*\))*)>?"  # one level of parens: wiki URLs
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_LINK_RE = re.compile(r"\[([^\[\]^][^\[\]]*)\]\[[^\[\]]*\]")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^>\s]+|[\w.+-]+@[\w-]+\.[\w.-]+)>")
_EMPHASIS_RES = (
    re.compile(r"(\*\*\*)(?=\S)([^*]+?)(?<=\S)\*\*\*"),
    re.compile(r"(?<!\w)(___)(?=\S)([^_]+?)(?<=\S)___(?!\w)"),
    re.compile(r"(\*\*)(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"),
    re.compile(r"(?<!\w)(__)(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__(?!\w)"),
    re.compile(r"(\*)(?=[^\s*])([^*]+?)(?<=[^\s*])\*"),
    re.compile(r"(?<!\w)(_)(?=\S)([^_]+?)(?<=\S)_(?!\w)"),
    re.compile(r"(~~)(?=\S)([^~]+?)(?<=\S)~~"),
)
_SPACE_BEFORE_SENTINEL_RE = re.compile(rf"\s+(?={_SENTINEL})")
_LEAD_LABEL_RE = re.compile(r"\s*(\*\*|__)(?P<label>[^*_]{1,80}?)(?::\1|\1\s*:)\s*\S")
_BOLD_LINE_RE = re.compile(r"\s*(\*\*|__)(?P<text>[^*_].*?)\1\s*")


def _park(text: str) -> str:
    """Hide punctuation from the markup regexes (escapes, code spans)."""
    return "".join(
        chr(_ESC_BASE + ord(c)) if 32 < ord(c) < 127 and not c.isalnum() else c for c in text
    )


def clean_inline(text: str, keep_urls: bool = False) -> tuple[str, list[Marker]]:
    """Markdown/HTML inline markup -> plain text plus the footnote markers it held.

    `keep_urls` renders links as "text (url)" (reference entries want the URL).
    """
    found: list[tuple[str, str | None]] = []

    def marker(m: re.Match[str]) -> str:
        if m.group("fn") is not None:
            found.append((m.group("fn"), m.group("fn")))
            return _SENTINEL
        inner = m.group("sup")
        plain = collapse(_TAG_RE.sub("", inner))
        before = m.string[max(0, m.start() - 12) : m.start()]
        if not _MARKER_LIST_RE.fullmatch(plain) or _EXPONENT_BEFORE_RE.search(before):
            return plain  # an exponent ("m<sup>2</sup>") or "®": keep as text
        href = _HREF_RE.search(inner)
        labels = expand_labels(plain.strip("[] "))
        if not labels:  # a range too wide to be markers ("2-40")
            return plain
        found.extend((label, href.group(1) if href else None) for label in labels)
        return _SENTINEL * len(labels)

    def link(m: re.Match[str]) -> str:
        label, url = m.group("text"), m.group("url")
        if keep_urls and url and not url.startswith("#") and url != label:
            return f"{label} ({_park(url)})" if label.strip() else _park(url)
        return label

    if not _MARKUP_CHAR_RE.search(text):
        return collapse(text), []
    s = text
    if "\\" in s:
        s = _ESCAPE_RE.sub(lambda m: chr(_ESC_BASE + ord(m.group(1))), s)
    if "<" in s:
        s = _COMMENT_RE.sub("", s)
    if "`" in s:
        s = _CODE_RE.sub(lambda m: _park(m.group(2).strip()), s)
    if "[^" in s or "<" in s:
        s = _MARKER_RE.sub(marker, s)
    if "[" in s:
        s = _IMAGE_RE.sub("", s)
        s = _LINK_RE.sub(link, s)
        s = _REF_LINK_RE.sub(r"\1", s)
    if "<" in s:
        s = _AUTOLINK_RE.sub(lambda m: _park(m.group(1)), s)
        s = _BR_RE.sub(" ", s)
        s = _TAG_RE.sub("", s)
    if "*" in s or "_" in s or "~" in s:
        for rx in _EMPHASIS_RES:
            s = rx.sub(r"\2", s)
    if _PARKED_RE.search(s):
        s = s.translate(_UNPARK)
    if "&" in s:
        s = html.unescape(s)
    s = collapse(s)
    if not found:
        return s, []
    s = _SPACE_BEFORE_SENTINEL_RE.sub("", s)
    out: list[str] = []
    markers: list[Marker] = []
    pos = 0
    for ch in s:
        if ch == _SENTINEL:
            label, target = found[len(markers)]
            markers.append(Marker(pos, label, target))
        else:
            out.append(ch)
            pos += 1
    return "".join(out).rstrip(), markers


# --- block structure ----------------------------------------------------------------

_ATX_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT_RE = re.compile(r" {0,3}(=+|--+)[ \t]*")
_HR_RE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_ITEM_RE = re.compile(r"( *)(?:(?P<bullet>[-*+•])|(?P<num>\d{1,9})[.)])(?:[ \t]+(?P<text>.*))?")
_ITEM_STARTS = frozenset("-*+•0123456789")
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FOOTDEF_RE = re.compile(r" {0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)")
_LINKDEF_RE = re.compile(r" {0,3}\[[^\]^][^\]]*\]:\s*\S+.*")
_TABLE_SEP_RE = re.compile(r" *\|?(?: *:?-+:? *\|)+(?: *:?-+:? *)?\|? *")
_QUOTE_RE = re.compile(r" {0,3}>[ ]?")
_TERMINAL_RE = re.compile(r"[.!,;:]$")


@dataclass(slots=True)
class _Item:
    indent: int
    ordered: bool
    number: int | None
    lines: list[str]


@dataclass(slots=True)
class _List:
    items: list[_Item] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)
    tracker: DepthTracker = field(default_factory=lambda: DepthTracker(0))


class _Parser:
    def __init__(self, markers_known: bool) -> None:
        self.markers_known = markers_known
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.list: _List | None = None
        # id(ListBlock) -> (item numbers, raw item texts): a list may turn out to be references
        self.list_source: dict[int, tuple[list[int | None], list[str]]] = {}
        self.footnotes: ReferenceList | None = None
        self.footnote: list[str] = []  # lines of the open footnote definition
        self.last_level = 1
        self.blank = False  # the previous line was blank
        self.in_table = False

    # -- emitting ------------------------------------------------------------------
    def heading(self, level: int, raw: str, nests: bool = True) -> None:
        text, _ = clean_inline(raw)
        if text:
            self.blocks.append(Heading(level, text))
            if nests:
                self.last_level = level

    def paragraph(self, raw: str) -> None:
        text, markers = clean_inline(raw)
        if not text:
            return
        bold = _BOLD_LINE_RE.fullmatch(raw)
        if bold and len(text.split()) <= 12 and not _TERMINAL_RE.search(text) and not markers:
            # A line that is only bold is how many scrapes render a sub-heading.
            self.heading(min(6, max(2, self.last_level + 1)), raw, nests=False)
            return
        lead = _LEAD_LABEL_RE.match(raw)
        label = clean_inline(lead.group("label"))[0].rstrip(":").strip() if lead else None
        if label and len(label.split()) > 8:  # a bold clause, not a label
            label = None
        self.blocks.append(
            Paragraph(
                text,
                markers,
                label=label or leading_label(text),
                markers_known=self.markers_known,
            )
        )

    def code(self, lines: list[str]) -> None:
        text = join_lines(lines)
        if text:
            self.blocks.append(Paragraph(text, markers_known=self.markers_known))

    def close_para(self) -> None:
        if self.para:
            self.paragraph(join_lines(self.para))
            self.para = []

    def close_list(self) -> None:
        lst, self.list = self.list, None
        if not lst or not lst.items:
            return
        items: list[ListItem] = []
        numbers: list[int | None] = []
        raws: list[str] = []
        for it, depth in zip(lst.items, lst.depths, strict=True):
            raw = join_lines(it.lines)
            text, markers = clean_inline(raw)
            if text:  # an item of nothing but an image has no text left
                items.append(ListItem(text, depth, markers, markers_known=self.markers_known))
                numbers.append(it.number)
                raws.append(raw)
        if items:
            block = ListBlock(items, ordered=lst.items[0].ordered)
            self.list_source[id(block)] = (numbers, raws)
            self.blocks.append(block)

    def close_footnote(self) -> None:
        if self.footnote and self.footnotes is not None:
            label = self.footnote[0]
            text, _ = clean_inline(join_lines(self.footnote[1:]), keep_urls=True)
            entries = self.footnotes.entries
            number = int(label) if label.isdigit() else len(entries) + 1
            entries.append(ReferenceEntry(number, text, anchor=label))
        self.footnote = []

    def close_all(self) -> None:
        self.close_para()
        self.close_list()
        self.close_footnote()

    # -- lines ---------------------------------------------------------------------
    def item(self, m: re.Match[str]) -> None:
        indent = len(m.group(1))
        ordered = m.group("bullet") is None
        number = int(m.group("num")) if ordered else None
        lst = self.list
        if lst is not None and lst.items:
            depth = lst.tracker.depth(indent)
            if depth == 0 and ordered != lst.items[0].ordered:
                self.close_list()
                lst = None
        if lst is None:
            self.close_all()
            lst = self.list = _List(tracker=DepthTracker(indent))
            depth = 0
        lst.items.append(_Item(indent, ordered, number, [m.group("text") or ""]))
        lst.depths.append(depth)

    def table_row(self, line: str) -> None:
        if _TABLE_SEP_RE.fullmatch(line):
            return
        body = line.strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        cells = [clean_inline(c.replace("\\|", "|"))[0] for c in re.split(r"(?<!\\)\|", body)]
        self.paragraph(" | ".join(c or "" for c in cells).strip(" |"))

    def line(self, raw: str, nxt: str | None) -> None:
        blank = not raw.strip()
        was_blank, self.blank = self.blank, blank
        if blank:
            self.close_para()
            self.in_table = False
            return
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)

        if self.footnote:
            if indent >= 2 or not (was_blank or _starts_block(raw)):
                self.footnote.append(stripped)
                return
            self.close_footnote()
        # Dispatch on the first character: most lines are prose and need no regex.
        first = stripped[0]
        if first == "[":
            if m := _FOOTDEF_RE.fullmatch(raw):
                self.close_all()
                if self.footnotes is None:
                    self.footnotes = ReferenceList([])
                    self.blocks.append(self.footnotes)
                self.footnote = [m.group("label"), m.group("text")]
                return
            if _LINKDEF_RE.fullmatch(raw):
                return
        elif first in "=-" and self.para and (m := _SETEXT_RE.fullmatch(raw)):
            text = join_lines(self.para)
            self.para = []
            self.heading(1 if m.group(1)[0] == "=" else 2, text)
            return
        if first in "*-_" and _HR_RE.fullmatch(raw):
            self.close_all()
            return
        if first == "#" and (m := _ATX_RE.fullmatch(raw)):
            self.close_all()
            self.heading(len(m.group(1)), m.group(2) or "")
            return
        # An ordered item interrupts a paragraph only when it starts at 1 (CommonMark).
        if (
            first in _ITEM_STARTS
            and (m := _ITEM_RE.fullmatch(raw))
            and m.group("text")
            and not (self.para and m.group("num") and m.group("num") != "1")
        ):
            self.close_para()
            self.item(m)
            return
        if "|" in stripped and (
            self.in_table
            or stripped.startswith("|")
            or (nxt is not None and _TABLE_SEP_RE.fullmatch(nxt) is not None)
        ):
            self.close_all()
            self.in_table = True
            self.table_row(raw)
            return
        self.in_table = False
        if self.list is not None:
            last = self.list.items[-1]
            if not was_blank or indent > last.indent:
                last.lines.append(stripped)
                return
            self.close_list()
        self.para.append(stripped)


def _starts_block(line: str) -> bool:
    if _FENCE_RE.match(line):
        return True
    return any(rx.fullmatch(line) for rx in (_FOOTDEF_RE, _ATX_RE, _HR_RE, _ITEM_RE))


def _strip_quotes(line: str) -> str:
    while m := _QUOTE_RE.match(line):
        line = line[m.end() :]
    return line


def _reference_sections(
    blocks: list[Block], sources: dict[int, tuple[list[int | None], list[str]]]
) -> list[Block]:
    """A references heading + numbered list, or a closing list of citations -> ReferenceList."""
    out: list[Block] = []
    for block in blocks:
        nums, raws = sources.get(id(block), ([], []))
        if isinstance(block, ListBlock) and nums and all(n is not None for n in nums):
            items = block.items
            prev = out[-1] if out else None
            entries = [
                ReferenceEntry(n or 0, clean_inline(raw, keep_urls=True)[0])
                for n, raw in zip(nums, raws, strict=True)
            ]
            if isinstance(prev, Heading) and is_reference_heading(prev.text):
                out[-1] = ReferenceList(entries, heading=prev.text)
                continue
            if block is blocks[-1] and looks_like_references([it.text for it in items]):
                out.append(ReferenceList(entries))
                continue
        if isinstance(block, ReferenceList) and block.heading is None:
            prev = out[-1] if out else None
            if isinstance(prev, Heading) and is_reference_heading(prev.text):
                block.heading = prev.text
                out[-1] = block
                continue
        out.append(block)
    return out


def read_markdown(text: str) -> Document:
    """Read a Markdown scrape into blocks (format "text")."""
    lines = normalise_lines(text)
    markers_known = "[^" in text or _SUP_RE.search(text) is not None
    parser = _Parser(markers_known)
    fence: str | None = None
    code: list[str] = []
    for k, raw in enumerate(lines):
        line = _strip_quotes(raw) if ">" in raw[:4] else raw
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                parser.code(code)
                code = []
            else:
                code.append(line)
            continue
        if ("`" in line[:4] or "~" in line[:4]) and (m := _FENCE_RE.match(line)):
            parser.close_all()
            fence = m.group(1)
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        parser.line(line, nxt)
    if code:
        parser.code(code)
    parser.close_all()
    if parser.footnotes is not None and not parser.footnotes.entries:
        parser.blocks.remove(parser.footnotes)
    blocks = _reference_sections(parser.blocks, parser.list_source)
    title = next((b.text for b in blocks if isinstance(b, Heading) and b.level == 1), None)
    return Document(format="text", blocks=blocks, title=title)
