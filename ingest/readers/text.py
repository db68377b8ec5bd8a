"""Plain-text scrapes of product/drug pages -> `Document`.

A text scrape has no markup, so structure comes from layout: blank lines separate
blocks, short stand-alone lines are headings, bullet glyphs start list items, and a
numbered block after "References"/"Show 7 footnotes" is the reference list.
Flattened drug labels (openFDA text) add short lines that are not headings: table
cells (a heading-like line inside a run of short lines with figures), captions
("Figure A"), codes and counts ("NDC 0074-9374-02", "2 Single-Use Pens"), lead-ins
ending in ":" and "Label: value" entries among others like them.
Footnote markers glued to words ("relax.1") are left in the text: only the reference
numbers can tell them from quantities, so every Paragraph/ListItem gets
`markers_known=False` and `ingest.footnotes` decides later.

The layout helpers at the top are shared with the Markdown reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from ingest.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
)

__all__ = ["is_heading_line", "read_text"]

# --- normalisation (shared) -------------------------------------------------------

_SPACES = "\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))
_DROPPED = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_NORMALISE = {ord(c): " " for c in _SPACES} | {ord(c): None for c in _DROPPED}
_NORMALISE[ord("\t")] = "    "
_ODD_CHARS_RE = re.compile(f"[\t{_SPACES}{_DROPPED}]")


def normalise_lines(text: str) -> list[str]:
    """Lines without BOM, odd spaces, tabs (as 4 spaces) or trailing whitespace.

    `splitlines` also splits on CR, CRLF, form feed and U+2028/2029.
    """
    if _ODD_CHARS_RE.search(text):  # translate() is slow per char; most pages need none
        text = text.translate(_NORMALISE)
    return [line.rstrip() for line in text.splitlines()]


def collapse(text: str) -> str:
    return " ".join(text.split())  # far faster than re.sub(r"\s+", ...) on prose


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines with a space; a word broken at a hyphen keeps the hyphen."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (
            len(out) > 1 and out[-1] == "-" and out[-2].isalpha() and line[0].islower()
        ):
            out += " "
        out += line
    return collapse(out)


# --- line shapes (shared) ---------------------------------------------------------

# Words that stay lower-case in Title Case; units too, so "Baclofen 10 mg Tablets" is title-ish.
_SMALL_WORDS = frozenset(
    "a an and as at but by en for from if in into nor of on onto or per so than the to up vs via"
    " with without is are be it its not mg mcg ml g kg".split()
)
# Words that make a leading "X ...:" a clause rather than a label ("Note that ...:").
_CLAUSE_WORDS = frozenset(
    "that this these those is are was were be been will would should could may might can must"
    " do does did if when which who whom whose where while because has have had".split()
)
_WORD_RE = re.compile(r"[^\W_][\w'’-]*")
_TERMINAL_RE = re.compile(r"[.!,;]$")
_URLISH_RE = re.compile(r"://|\bwww\.|@\w+\.\w")
_LABEL_RE = re.compile(r"([^\W\d_][\w '’&/+-]{0,60}?)\s*:\s+\S")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def is_titleish(text: str) -> bool:
    """Every significant word starts upper-case (or has an upper-case letter: "eGFR")."""
    words = [w for w in _words(text) if w[0].isalpha()]
    if not words or not words[0][0].isupper():
        return False
    return all(w.lower() in _SMALL_WORDS or w[0].isupper() or not w.islower() for w in words)


def is_all_caps(text: str) -> bool:
    # map() over str methods: several times faster than a generator on the hot path
    letters = sum(map(str.isalpha, text))
    if letters < 3 or sum(map(str.isdigit, text)) >= letters:
        return False
    return sum(map(str.isupper, text)) >= 0.9 * letters


def _heading_shape(text: str, max_words: int = 14) -> bool:
    return (
        0 < len(text) <= 100
        and len(_words(text)) <= max_words
        and not _URLISH_RE.search(text)
        and any(c.isalpha() for c in text)
    )


def leading_label(text: str) -> str | None:
    """ "Multiple Sclerosis: Patients with ..." -> "Multiple Sclerosis"; None when no label.

    A label is a short capitalised phrase (<= 6 words) followed by ": " and more text;
    multi-word labels must be Title Case or at most three words with no clause word.
    """
    m = _LABEL_RE.match(text)
    if not m:
        return None
    label = m.group(1).strip()
    words = _words(label)
    if not words or len(words) > 6 or not label[0].isupper():
        return None
    if any(w.lower() in _CLAUSE_WORDS for w in words[1:]):
        return None
    if len(words) > 3 and not (is_titleish(label) or is_all_caps(label)):
        return None
    return label


# "References", "Footnotes", "Show 7 footnotes", "Sources and references (12)", "Notes:" ...
_REF_WORD = (
    r"(?:references?|footnotes?|sources?|notes|citations?|bibliography|works\s+cited"
    r"|literature(?:\s+cited)?|further\s+reading|endnotes?|reference\s+list"
    r"|quellen|literatur|einzelnachweise|fu(?:ß|ss)noten|r[ée]f[ée]rences|bibliographie"
    r"|referencias|bibliograf[íi]a)"
)
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")
_REF_HEADING_RE = re.compile(
    rf"(?:(?:show|hide|view|see)\s+(?:all\s+)?(?:\d+\s+)?)?{_REF_WORD}"
    rf"(?:\s+(?:and|&)\s+{_REF_WORD})?\s*(?:\(\d+\))?\s*:?",
    re.IGNORECASE,
)
_REFERENCE_HINT_RE = re.compile(
    r"https?://|\bwww\.|\bdoi\b|\b(?:19|20)\d{2}\b|\bet al\b|\bPMID\b", re.IGNORECASE
)


def is_reference_heading(text: str) -> bool:
    """ "References", "Show 7 footnotes", "15 REFERENCES" (label numbering), "Literatur"..."""
    unnumbered = _NUMBERED.sub("", text.strip())
    return len(text) <= 60 and _REF_HEADING_RE.fullmatch(unnumbered) is not None


def looks_like_references(texts: list[str]) -> bool:
    """A numbered list is a reference list when most entries carry a URL, DOI or year."""
    if len(texts) < 2:
        return False
    hits = sum(1 for t in texts if _REFERENCE_HINT_RE.search(t))
    return hits * 2 >= len(texts)


def expand_labels(group: str) -> list[str]:
    """Footnote marker labels in a group: "1,2" -> ["1", "2"]; "3-5" -> ["3", "4", "5"]."""
    out: list[str] = []
    for chunk in group.split(","):
        lo, sep, hi = chunk.replace("–", "-").partition("-")
        lo, hi = lo.strip(), hi.strip()
        if sep and lo.isdigit() and hi.isdigit() and 0 <= int(hi) - int(lo) <= 20:
            out.extend(str(n) for n in range(int(lo), int(hi) + 1))
        elif chunk.strip().isdigit():
            out.append(chunk.strip())
    return out


class DepthTracker:
    """Indentation -> list depth: deeper only when indented >= 2 more than the parent."""

    def __init__(self, base: int) -> None:
        self._stack = [base]

    def depth(self, indent: int) -> int:
        while len(self._stack) > 1 and indent < self._stack[-1] - 1:
            self._stack.pop()
        if indent >= self._stack[-1] + 2:
            self._stack.append(indent)
        return len(self._stack) - 1


# --- text-specific line patterns -------------------------------------------------

_BULLETS = "•\\-*–·▪◦○●■□▫‣⁃►➢✓✔"
_ITEM_RE = re.compile(
    rf"(?:(?P<bullet>[{_BULLETS}])"
    r"|\(?(?P<num>\d{1,3})[.)]"
    r"|\[(?P<bnum>\d{1,3})\]"
    r"|\(?(?P<letter>[a-z])[.)]"
    r"|\(?(?P<uletter>[A-Z])\))"
    r"\s+(?P<text>\S.*)"
)
# "1 INDICATIONS AND USAGE", "5.1 Hepatotoxicity", "2. DOSAGE" (the dot form only in caps).
_NUM_HEADING_RE = re.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?P<dot>\.?)\s+(?P<text>\S.*)")
_REF_ENTRY_RE = re.compile(r"(?:\[(\d{1,3})\]\s*|\(?(\d{1,3})[.):]?\s+)(\S.*)")
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-Z]")  # two sentences: not a heading
# "Figure A", "Table 2. ACR Responses", "Fig. 3:": captions, never headings.
_CAPTION_RE = re.compile(
    r"(?i:figure|fig\.|table|chart|diagram|illustration)\s*"
    r"(?:[A-Z](?:[.:]|\s*[-–—]|$)|\d{1,3}[a-z]?(?:[.:\s]|[-–—]|$))"
)
_CROSS_REF_RE = re.compile(r"\b(?:see|refer to)\s+(?:figures?|fig\.|tables?)\s", re.IGNORECASE)
# Table cells and carton codes: comparisons, percentages, "N=268", "0074–9374".
_CELLISH_RE = re.compile(r"[=<>≤≥±]|\d\s*%|\d{3,}\s*[-–]\s*\d{3,}")
_CONTINUATION_END_RE = re.compile(r"(?:[,\-–(/&]|\b(?:and|or|the|of|to|a|an|with|in|for|by))$")

UnitKind = Literal["para", "item", "heading", "refs"]


@dataclass(slots=True)
class _Line:
    indent: int
    text: str
    first: bool  # first line after a blank line (or of the page)
    alone: bool  # the only line between blank lines
    width: int  # widest line of its blank-separated group


@dataclass(slots=True)
class _Unit:
    kind: UnitKind
    lines: list[str]
    indent: int = 0
    alone: bool = False
    ordered: bool = False
    number: int | None = None
    level: int = 2
    style: str = ""  # heading style: "caps", "title", "question", "lead", "plain", "numbered"
    first: bool = False  # starts on the first line of a blank-separated group
    seq: int | None = None  # top-level number of a "3 Title" heading
    heading: str | None = None
    entries: list[ReferenceEntry] = field(default_factory=list)


def _layout(lines: list[str]) -> list[_Line]:
    groups: list[list[tuple[int, str]]] = [[]]
    for raw in lines:
        text = raw.lstrip(" ")
        if text:
            groups[-1].append((len(raw) - len(text), text))
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    nonblank = sum(len(g) for g in groups)
    lower_starts = sum(1 for g in groups for _, t in g if t[0].islower())
    # innerText-style scrapes put every block on its own line with no blank lines.
    line_mode = nonblank >= 8 and len(groups) * 10 < nonblank and lower_starts * 5 < nonblank
    out: list[_Line] = []
    for g in groups:
        width = max(i + len(t) for i, t in g)
        # Nobody hard-wraps at 150+ columns: such a block holds one paragraph per line.
        unwrapped = line_mode or width > 150
        for k, (indent, text) in enumerate(g):
            if unwrapped:
                out.append(_Line(indent, text, True, True, indent + len(text)))
            else:
                out.append(_Line(indent, text, k == 0, len(g) == 1, width))
    return out


def _not_heading_text(text: str) -> bool:
    """Captions, cross-references, table cells and codes look short and capitalised too."""
    if _CAPTION_RE.match(text) or _CROSS_REF_RE.search(text) or _CELLISH_RE.search(text):
        return True
    digits = sum(map(str.isdigit, text))
    return digits > 0 and digits * 2 >= sum(map(str.isalpha, text))


def is_heading_line(text: str) -> bool:
    """Could this one line title a section ("5.1 Serious Infections", "MEDICATION GUIDE")?
    Not a sentence, a lead-in ending in ":", a caption, or a code ("NDC 0074-9374-02")."""
    text = collapse(text)
    return (
        0 < len(text) < 120
        and len(_words(text)) <= 20
        and (text[0].isupper() or text[0].isdigit())
        and any(c.isalpha() for c in text)
        and not _TERMINAL_RE.search(text)
        and not text.endswith(":")
        and not _SENTENCE_BREAK_RE.search(text)
        and not _URLISH_RE.search(text)
        and not _not_heading_text(text)
    )


def _numbered_heading(text: str) -> tuple[int, str] | None:
    m = _NUM_HEADING_RE.fullmatch(text)
    if not m:
        return None
    rest = m.group("text")
    if (
        _TERMINAL_RE.search(rest)
        or not _heading_shape(rest)
        or not rest[0].isupper()
        or _not_heading_text(rest)
    ):
        return None
    depth = m.group("num").count(".") + 1
    if depth > 1:
        ok = is_titleish(rest) or is_all_caps(rest)
    elif m.group("dot"):
        ok = is_all_caps(rest)
    else:
        ok = is_all_caps(rest) or is_titleish(rest)
    return (min(depth + 1, 6), text) if ok else None


def _caps_heading(text: str) -> bool:
    return (
        len(text) <= 80
        and is_all_caps(text)
        and len(_words(text)) <= 12
        and not _TERMINAL_RE.search(text)
        and not _URLISH_RE.search(text)
        and not _not_heading_text(text)
    )


def _continues(unit: _Unit, line: _Line) -> bool:
    """Does `line` carry on the paragraph/item `unit` (a hard wrap) rather than start anew?"""
    prev = unit.lines[-1]
    if unit.kind == "item" and line.indent > unit.indent:
        return True
    if line.text[0].islower() or line.text[0] in ",;:)]}":
        return True
    if _CONTINUATION_END_RE.search(prev):
        return True
    if line.alone or line.width < 40:
        return False
    # A short question after a finished sentence is a new block ("... section.\nWhat is X?").
    if prev[-1] in ".!?:" and line.text[-1] == "?" and len(line.text) < 0.6 * line.width:
        return False
    # A wrapped line runs close to the group's width; a short one ended on purpose.
    return len(prev) + unit.indent >= 0.6 * line.width


def _collect_refs(lines: list[_Line], i: int, heading: str | None) -> tuple[_Unit, int]:
    """Numbered entries from line `i` on, each with its wrapped continuation lines."""
    found: list[tuple[int, _Unit]] = []
    while i < len(lines):
        ln = lines[i]
        m = _REF_ENTRY_RE.fullmatch(ln.text)
        if m and (not found or int(m.group(1) or m.group(2)) > found[-1][0]):
            found.append((int(m.group(1) or m.group(2)), _Unit("item", [m.group(3)], ln.indent)))
        elif found and not m and not ln.first and _continues(found[-1][1], ln):
            found[-1][1].lines.append(ln.text)
        else:
            break
        i += 1
    entries = [ReferenceEntry(n, join_lines(u.lines)) for n, u in found]
    return _Unit("refs", [], heading=heading, entries=entries), i


def _units(lines: list[_Line]) -> list[_Unit]:
    units: list[_Unit] = []
    cur: _Unit | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        text = ln.text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            (ln.first or cur is None)
            and nxt is not None
            and is_reference_heading(text)
            and _REF_ENTRY_RE.fullmatch(nxt.text)
        ):
            unit, i = _collect_refs(lines, i + 1, text)
            units.append(unit)
            cur = None
            continue
        i += 1
        if ln.first:
            cur = None
        numbered = _numbered_heading(text)
        if numbered is not None:
            unit = _Unit("heading", [text], level=numbered[0], style="numbered", first=ln.first)
            unit.seq = _top_number(text)
            units.append(unit)
            cur = None
            continue
        m = _ITEM_RE.fullmatch(text)
        if m:
            num = m.group("num") or m.group("bnum")
            ordered = m.group("bullet") is None
            cur = _Unit(
                "item",
                [m.group("text")],
                indent=ln.indent,
                ordered=ordered,
                number=int(num) if num else None,
                first=ln.first,
            )
            units.append(cur)
            continue
        if cur is not None and _continues(cur, ln):
            cur.lines.append(text)
            continue
        if _caps_heading(text) and not ln.alone:
            # An all-caps line inside a block ("WARNINGS\nDo not use ...") still heads it.
            units.append(_Unit("heading", [text], style="caps", first=ln.first))
            cur = None
            continue
        cur = _Unit("para", [text], indent=ln.indent, alone=ln.alone, first=ln.first)
        units.append(cur)
    return units


def _is_title(unit: _Unit) -> bool:
    if not (unit.kind == "para" or unit.style == "caps") or len(unit.lines) != 1:
        return False
    text = unit.lines[0]
    return (
        len(text) <= 150
        and len(_words(text)) <= 20
        and not _TERMINAL_RE.search(text)
        and not text.endswith(":")  # "... include the following:" leads into a list
        and any(c.isalpha() for c in text)
    )


def _top_number(text: str) -> int | None:
    """3 for "3 Single-Use Pens" / "3 tablets a day"; None for "3.1 ..." or other lines."""
    m = _NUM_HEADING_RE.fullmatch(text)
    if m is None or "." in m.group("num") or m.group("dot"):
        return None
    return int(m.group("num"))


def _is_question(text: str) -> bool:
    return text.endswith("?") and len(_words(text)) <= 15


def _ends_sentence(unit: _Unit) -> bool:
    return unit.kind == "heading" or (bool(unit.lines) and unit.lines[-1][-1] in ".!?")


def _is_prose(unit: _Unit) -> bool:
    """A paragraph of real sentences (what a heading heads), not a fragment."""
    return (
        unit.kind == "para"
        and unit.lines[-1][-1] in ".!?:"
        and (len(unit.lines) > 1 or len(_words(unit.lines[0])) >= 12)
    )


def _heading_style(unit: _Unit, prev: _Unit | None, nxt: _Unit | None) -> str | None:
    """Which kind of stand-alone heading line this paragraph is, if any."""
    if unit.kind != "para" or len(unit.lines) != 1:
        return None
    text = unit.lines[0]
    if (
        not _heading_shape(text)
        or not text[0].isupper()
        or _SENTENCE_BREAK_RE.search(text)
        or _not_heading_text(text)
    ):
        return None
    if not unit.alone:
        # A question line inside a block still heads the lines after it (Medication Guides).
        if _is_question(text) and nxt is not None and nxt.kind != "heading" and not nxt.first:
            return "question"
        return None
    if _caps_heading(text):
        return "caps"
    if _is_question(text):
        return "question"
    if _TERMINAL_RE.search(text) or text.endswith(":"):
        return None
    if is_titleish(text) and len(_words(text)) <= 12:
        return "title"
    # "More common" / "Less common or rare" right above a list.
    if len(_words(text)) <= 6 and nxt is not None and nxt.kind == "item":
        return "lead"
    # "General information about X" between finished sentences, heading prose.
    if (
        len(_words(text)) <= 6
        and (prev is None or _ends_sentence(prev))
        and nxt is not None
        and _is_prose(nxt)
    ):
        return "plain"
    return None


def _cell(unit: _Unit) -> bool:
    """A short one-line fragment, as table cells come out of a flattened table."""
    if unit.kind not in ("para", "heading") or unit.style == "numbered" or len(unit.lines) != 1:
        return False
    text = unit.lines[0]
    return _CAPTION_RE.match(text) is not None or (len(text) <= 60 and text[-1] not in ".!?:")


def _numeric_cell(text: str) -> bool:
    digits = sum(map(str.isdigit, text))
    return _CELLISH_RE.search(text) is not None or (
        digits > 0 and digits * 2 >= sum(map(str.isalpha, text))
    )


def _demote(unit: _Unit) -> None:
    unit.kind, unit.style = "para", ""


def _demote_table_cells(units: list[_Unit]) -> None:
    """Flattened tables are runs of short lines with figures among them: a heading-like
    line inside such a run ("Respiratory", "Week 4", "ACR20") is a cell. The last line
    may head the prose after it, the first may head the table ..."""
    k = 0
    while k < len(units):
        if not _cell(units[k]):
            k += 1
            continue
        end = k
        while end + 1 < len(units) and _cell(units[end + 1]):
            end += 1
        run = units[k : end + 1]
        if len(run) >= 4 and sum(_numeric_cell(u.lines[0]) for u in run) >= 2:
            # ... unless a figure follows it: then it is a column head ("Placebo", "N=12").
            first = 0 if _numeric_cell(run[1].lines[0]) else 1
            for u in run[first:-1]:
                if u.kind == "heading":
                    _demote(u)
        k = end + 1


def _demote_labelled_lines(units: list[_Unit]) -> None:
    """ "Neoplasia: Adenoma" among "Nervous System: Confusion, ..." is one more entry."""
    for k, unit in enumerate(units):
        if unit.kind != "heading" or unit.style == "numbered":
            continue
        if leading_label(unit.lines[0]) is None:
            continue
        near = units[max(k - 1, 0) : k] + units[k + 1 : k + 2]
        if any(u.kind == "para" and leading_label(join_lines(u.lines)) for u in near):
            _demote(unit)


def _demote_counted_lines(units: list[_Unit]) -> None:
    """ "2 Single-Use Pens" on a carton is a count, not section 2: a top-level numbered
    heading in Title Case needs a rising sequence of such numbers around it."""
    seqs = [u.seq for u in units if u.seq is not None]
    rising = len(seqs) >= 2 and all(a < b for a, b in pairwise(seqs))
    if rising:
        return
    for u in units:
        if u.style == "numbered" and u.seq is not None and not is_all_caps(u.lines[0]):
            _demote(u)


def _mark_headings(units: list[_Unit]) -> None:
    for k, unit in enumerate(units):
        prev = units[k - 1] if k else None
        style = _heading_style(unit, prev, units[k + 1] if k + 1 < len(units) else None)
        if style:
            unit.kind, unit.style = "heading", style
    _demote_table_cells(units)
    _demote_labelled_lines(units)
    _demote_counted_lines(units)
    # A run of 3+ bare Title Case lines is a list of names (brands, products), and a
    # Title Case line with nothing after it heads nothing: both are paragraphs.
    k = 0
    while k < len(units):
        if units[k].style != "title":
            k += 1
            continue
        end = k
        while end + 1 < len(units) and units[end + 1].style == "title":
            end += 1
        demote = list(range(k, end)) if end - k >= 2 else []
        if end + 1 >= len(units) or units[end + 1].kind == "heading":
            demote.append(end)
        for j in demote:
            _demote(units[j])
        k = end + 1
    # Levels: numbered headings carry theirs and an unnumbered one nests under the last
    # of them; otherwise an all-caps style that opens the page ranks above the others.
    plain = [u for u in units if u.kind == "heading" and u.style != "numbered"]
    caps_first = bool(plain) and plain[0].style == "caps"
    mixed = caps_first and any(u.style != "caps" for u in plain)
    numbered_level = 0
    for u in units:
        if u.kind != "heading":
            continue
        if u.style == "numbered":
            numbered_level = u.level
        elif numbered_level:
            u.level = min(6, numbered_level + 1)
        else:
            u.level = 3 if mixed and u.style != "caps" else 2


def _trailing_references(units: list[_Unit]) -> None:
    """A numbered list closing the page whose lines cite URLs/years is the reference list."""
    end = len(units)
    tail_chars = 0
    while end > 0 and units[end - 1].kind == "para":
        tail_chars += sum(len(x) for x in units[end - 1].lines)
        end -= 1
    if tail_chars > 300 or end == 0 or units[end - 1].kind != "item":
        return
    start = end
    while start > 0 and units[start - 1].kind == "item":
        start -= 1
    run = units[start:end]
    if not all(u.number is not None and u.indent == run[0].indent for u in run):
        return
    texts = [join_lines(u.lines) for u in run]
    if not looks_like_references(texts):
        return
    entries = [ReferenceEntry(u.number or 0, t) for u, t in zip(run, texts, strict=True)]
    units[start:end] = [_Unit("refs", [], entries=entries)]


def _blocks(units: list[_Unit]) -> list[Block]:
    blocks: list[Block] = []
    items: list[ListItem] = []
    ordered = False
    tracker = DepthTracker(0)

    def close_list() -> None:
        if items:
            blocks.append(ListBlock(list(items), ordered=ordered))
            items.clear()

    for unit in units:
        if unit.kind == "item":
            if not items:
                tracker, ordered = DepthTracker(unit.indent), unit.ordered
            depth = tracker.depth(unit.indent)
            if depth == 0 and items and unit.ordered != ordered:
                close_list()
                tracker, ordered = DepthTracker(unit.indent), unit.ordered
            items.append(ListItem(join_lines(unit.lines), depth=depth, markers_known=False))
            continue
        close_list()
        if unit.kind == "heading":
            blocks.append(Heading(unit.level, collapse(unit.lines[0])))
        elif unit.kind == "refs":
            blocks.append(ReferenceList(unit.entries, heading=unit.heading))
        else:
            text = join_lines(unit.lines)
            blocks.append(Paragraph(text, label=leading_label(text), markers_known=False))
    close_list()
    return blocks


def read_text(text: str, *, find_title: bool = True) -> Document:
    """Read a plain-text scrape into blocks (format "text").

    `find_title=False` reads a section body (its first line is no page title)."""
    units = _units(_layout(normalise_lines(text)))
    title: str | None = None
    if find_title and units and _is_title(units[0]):
        title = collapse(units[0].lines[0])
        units = units[1:]
    _mark_headings(units)
    _trailing_references(units)
    blocks = _blocks(units)
    if title is not None:
        blocks.insert(0, Heading(1, title))
    return Document(format="text", blocks=blocks, title=title)
