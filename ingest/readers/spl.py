"""FDA Structured Product Labeling (SPL, HL7 v3 XML) -> `Document`.

SPL states its structure outright: nested `section`s with a LOINC `code`, a `title`
and a `text` body of `paragraph`/`list`/`table`. Decisions worth knowing:

* Highlights (`excerpt/highlight`) are skipped: they repeat, in short, the text of the
  full sections, and extracting both would double every fact.
* An untitled section gets a heading only when it says something about itself: a
  short styled lead paragraph ("Do not use if", "Risk Summary") or, for a specific
  code, the code's display name. Otherwise its blocks flow into the enclosing section.
  Heading levels count emitted headings, so skipped untitled sections leave no gaps.
* Run-in sub-headings ("Tuberculosis" in 5.1, a Medication Guide question): a short
  paragraph made only of emphasized runs, without a sentence end, and followed by
  prose becomes a heading one level below its section, with no kind of its own (the
  section tree lets it inherit). Carton text and all-bold boxes have none.
* `<sup>`: an integer becomes a `Marker` when the label's REFERENCES section lists that
  number, or when it sits right after sentence punctuation ("race).<sup>1</sup>": a
  citation even if the list lacks it); exponents stay inline ("mg/m2", "10^9"); table
  footnote letters/symbols are dropped; "®", "th" stay.
* Table `<footnote>`s are table notes, not references: their text follows the table
  as paragraphs; `<footnoteRef>` symbols are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

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
from ingest.errors import PageError
from ingest.readers.loinc import (
    BOXED_WARNING,
    PACKAGE_LABEL,
    PRODUCT_DATA,
    REFERENCES,
    UNCLASSIFIED,
    kind_for_loinc,
)
from ingest.readers.xmltext import collapse, local_name, text_of
from ingest.record import SectionKind

DAILYMED_SETID_URL: Final = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid="

_SENT: Final = "\ue000"  # stands for a marker in raw text until whitespace is collapsed

_STRICT = etree.XMLParser(
    remove_comments=True,
    remove_pis=True,
    resolve_entities=False,
    no_network=True,
    huge_tree=True,
    encoding="utf-8",
)
_RECOVER = etree.XMLParser(
    remove_comments=True,
    remove_pis=True,
    resolve_entities=False,
    no_network=True,
    huge_tree=True,
    encoding="utf-8",
    recover=True,
)

_EMPHASIS = re.compile(r"bold|italic|underline", re.IGNORECASE)
_SUP_NUMBERS = re.compile(r"\d{1,3}(?:\s*[-–,]\s*\d{1,3})*")
_SUP_EXPONENT = re.compile(r"[-−–+]?(?:\d{1,3}|n)")  # after a digit: 10^9, 10^-10, 2^n
_SUP_SYMBOLS = re.compile(r"(?:[a-z]{1,2}|[*†‡§¶#]+)(?:\s*[,*]\s*(?:[a-z]{1,2}|[*†‡§¶#]+))*\*?")
_ORDINAL_OR_MARK = re.compile(r"(?:st|nd|rd|th|TM|SM|MC|®|™|©|°)", re.IGNORECASE)
# An exponent base right before the superscript: "mg/m", "cm", "10", "25m".
_UNIT_BEFORE = re.compile(r"(?:(?:^|[\s(/\d])[kcmdµμn]?m|[/\d](?:ft|in))$")
_CITATION_PUNCT: Final = frozenset(".,;:)]”’\"'")
# Bullets typed into the text ("• sneezing • runny nose"), common in OTC labels.
_TYPED_BULLET = re.compile(r"(?:^|\s)[•●▪■]\s*")
_REF_NUMBER = re.compile(r"\s*[\[(]?(\d{1,3})\s*[\].):]?\s+(?=\S)")
_HIGHLIGHTS = re.compile(
    r"these\s+highlights\s+do\s+not\s+include\s+all\s+the\s+information\s+needed\s+to\s+use"
    r".*?(?:safely\s+and\s+effectively|effectively)\s*\.?"
    r"|see\s+full\s+prescribing\s+information\s+for[^.\n]*\.?"
    r"|initial\s+u\.?\s*s\.?\s+approval\s*:?\s*(?:\d{4})?"
    r"|\brx\s+only\b",
    re.IGNORECASE | re.DOTALL,
)
_GENERIC_TITLES: Final = frozenset(
    {
        "drug facts",
        "description",
        "label",
        "package insert",
        "prescribing information",
        "full prescribing information",
        "highlights of prescribing information",
        "medication guide",
        "patient information",
    }
)
_DISPLAY_PREFIX = re.compile(r"^\s*(?:spl|otc)\b\s*-?\s*", re.IGNORECASE)
_DISPLAY_SUFFIX = re.compile(r"\s*\bsection\s*$", re.IGNORECASE)
_NDC_SYSTEM: Final = "2.16.840.1.113883.6.69"
# Run-in sub-headings: what a styled line may not look like to name the prose after it.
_CAPTION_START = re.compile(r"(?:figure|fig\.|table|chart|graph)\s*(?:\d|[ivx]+\b|[a-z]\b)", re.I)
_WEB = re.compile(r"www\.|https?:|\.(?:com|org|gov|net)\b|@|\d{3}[-.\s]\d{3}[-.\s]\d{4}", re.I)
_LETTERS3 = re.compile(r"[^\W\d_]{3}")
_INNER_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
_CLOSERS: Final = "”’\"')]» "
_QUOTES: Final = "”’\"'»"
_LEAD_COLON = re.compile(r"[^:.]{1,60}:\s+\S")  # "Active ingredient: adalimumab"

# Inline elements whose content is never text; their tail still is.
_DROP: Final = frozenset({"renderMultiMedia", "footnoteRef", "observationMedia"})
# Block-ish elements met inside inline context: keep their text apart from neighbours.
_SPACED: Final = frozenset({"paragraph", "tr", "item", "table"})


@dataclass(slots=True)
class _Ctx:
    ns: str  # "{urn:hl7-org:v3}" or "" for un-namespaced files
    ref_numbers: frozenset[int] = frozenset()
    actions: dict[object, int] = field(default_factory=dict)
    # REFERENCES sections, parsed up front: (entries, other blocks such as an intro line)
    references: dict[etree._Element, tuple[list[ReferenceEntry], list[Block]]] = field(
        default_factory=dict
    )


@dataclass(slots=True)
class _Run:
    """Raw inline text of one block, with marker sentinels and collected footnotes."""

    parts: list[str] = field(default_factory=list)
    labels: list[tuple[str, str | None]] = field(default_factory=list)
    notes: list[etree._Element] = field(default_factory=list)


def _finish(run: _Run) -> tuple[str, list[Marker]]:
    """Collapse whitespace and turn marker sentinels into offsets."""
    text = collapse("".join(run.parts))
    if not run.labels:
        return text, []
    if _SENT not in text:
        return text.replace(_SENT, ""), []
    pieces = text.split(_SENT)
    out = pieces[0]
    offsets: list[int] = []
    for piece in pieces[1:]:
        offsets.append(len(out))
        if piece.startswith(" ") and (not out or out.endswith(" ")):
            piece = piece[1:]
        out += piece
    lead = len(out) - len(out.lstrip())
    out = out.strip()
    markers = [
        Marker(min(max(off - lead, 0), len(out)), label, target)
        for off, (label, target) in zip(offsets, run.labels, strict=False)
    ]
    return out, markers


def _tail_text(parts: list[str], size: int = 16) -> str:
    """The last characters of the raw run (for looking behind a superscript)."""
    buf = ""
    for part in reversed(parts):
        buf = part + buf
        if len(buf) >= size:
            break
    return buf.replace(_SENT, "")


def _expand_numbers(text: str) -> list[int]:
    out: list[int] = []
    for chunk in text.split(","):
        lo, sep, hi = chunk.replace("–", "-").partition("-")
        if sep and lo.strip().isdigit() and hi.strip().isdigit():
            a, b = int(lo), int(hi)
            out.extend(range(a, b + 1) if 0 <= b - a <= 20 else (a, b))
        elif chunk.strip().isdigit():
            out.append(int(chunk))
    return out


def _sup(el: etree._Element, run: _Run, ctx: _Ctx, in_table: bool) -> None:
    text = collapse(text_of(el))
    if not text:
        return
    before = _tail_text(run.parts)
    prev = before[-1:] if before and not before[-1].isspace() else ""
    if _ORDINAL_OR_MARK.fullmatch(text):
        run.parts.append(text)
        return
    if prev.isdigit() and _SUP_EXPONENT.fullmatch(text):
        run.parts.append("^" + text)  # 10^9/L: an exponent, never a citation
        return
    if _SUP_NUMBERS.fullmatch(text):
        numbers = _expand_numbers(text)
        if _UNIT_BEFORE.search(before.rstrip()):
            run.parts.append(text)  # mg/m2
            return
        cited = bool(ctx.ref_numbers) and all(n in ctx.ref_numbers for n in numbers)
        if cited or (not in_table and prev in _CITATION_PUNCT and prev):
            link = el.find(f"{ctx.ns}linkHtml")
            href = link.get("href", "") if link is not None else ""
            target = href[1:] if href.startswith("#") else None
            for n in numbers:
                run.parts.append(_SENT)
                run.labels.append((str(n), target))
            return
        if not in_table:
            run.parts.append(text)
        return  # a table footnote number
    if _SUP_SYMBOLS.fullmatch(text):
        return  # table footnote letter or symbol: a pointer to a note, no content
    run.parts.append(text)


# What the inline walker does with an element, by full tag (see `_Ctx.actions`).
_TEXT, _BR, _SUP, _NOTE, _SKIP, _LIST, _CAPTION, _SPACE, _CELL = range(9)


def _actions(ns: str) -> dict[object, int]:
    actions: dict[object, int] = {f"{ns}{name}": _SKIP for name in _DROP}
    actions.update({f"{ns}{name}": _SPACE for name in _SPACED})
    actions.update(
        {
            f"{ns}br": _BR,
            f"{ns}sup": _SUP,
            f"{ns}footnote": _NOTE,
            f"{ns}list": _LIST,
            f"{ns}caption": _CAPTION,
            f"{ns}td": _CELL,
            f"{ns}th": _CELL,
        }
    )
    return actions


def _inline(
    el: etree._Element,
    run: _Run,
    ctx: _Ctx,
    in_table: bool,
    nested: list[etree._Element] | None = None,
) -> None:
    """Append the inline text of `el` (not its tail). Lists go to `nested` when given."""
    parts = run.parts
    if el.text:
        parts.append(el.text)
    actions = ctx.actions
    for child in el:
        action = actions.get(child.tag, _TEXT)
        if action == _TEXT:  # content, linkHtml, sub, ...: the hot path
            if len(child):
                _inline(child, run, ctx, in_table)
            elif child.text:
                parts.append(child.text)
        elif action == _BR:
            parts.append(" ")
        elif action == _SUP:
            _sup(child, run, ctx, in_table)
        elif action == _NOTE:
            run.notes.append(child)
        elif action == _SKIP:
            pass
        elif action == _LIST and nested is not None:
            nested.append(child)
        elif action == _CAPTION and nested is not None:
            pass  # a list item's bullet label ("a.", "[1]")
        else:  # block-ish element inside inline context: keep it apart from neighbours
            parts.append(" ")
            _inline(child, run, ctx, in_table or action == _CELL)
            parts.append(" ")
        if child.tail:
            parts.append(child.tail)


def _is_emphasis(el: etree._Element, ns: str) -> bool:
    return el.tag == f"{ns}content" and bool(_EMPHASIS.search(el.get("styleCode", "")))


def _first_element(el: etree._Element) -> etree._Element | None:
    for child in el:
        if isinstance(child.tag, str):
            return child
    return None


def _styled_only(p: etree._Element, ns: str) -> bool:
    """A paragraph made only of emphasized runs: a visual sub-heading."""
    if (p.text or "").strip():
        return False
    seen = False
    for child in p:
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{ns}br":
            pass
        elif _is_emphasis(child, ns):
            seen = True
        else:
            return False
        if (child.tail or "").strip(" \t\r\n.:"):
            return False
    return seen


def _lead(p: etree._Element, ns: str) -> tuple[str, etree._Element] | None:
    """The text of the emphasized run a paragraph opens with, and that run."""
    if p.text and not p.text.isspace():
        return None
    first = _first_element(p)
    if first is None or not _is_emphasis(first, ns):
        return None
    lead = collapse(text_of(first))
    return (lead, first) if lead else None


def _label(p: etree._Element, ns: str, text: str) -> str | None:
    """A bold lead-in ending in a colon ("Renal Impairment:"), without the colon."""
    found = _lead(p, ns)
    if found is None:
        return None
    label = found[0]
    if label.endswith(":"):
        label = label[:-1].rstrip()
    elif not text[len(label) :].lstrip().startswith(":"):  # "<b>Sperm</b>: There was..."
        return None
    if not label or len(label) > 80 or not text.startswith(label):
        return None
    if not text[len(label) :].lstrip(" :"):
        return None  # the label introduces nothing in this block
    return label


def _heading_like(text: str) -> bool:
    """A short styled line that can name what follows: no sentence end, no colon lead-in
    ("tell your doctor if you:"), no quoted cross-reference, no figure/table title, no
    web address or phone number (a call to action)."""
    if not text or len(text) > 100 or text[-1] in _QUOTES:
        return False
    if text.rstrip(_CLOSERS)[-1:] in (".", ",", ";", ":", "!", ""):
        return False
    first = text[0]
    if not (first.isupper() or (first.isdigit() and _LETTERS3.search(text))):
        return False  # "(adalimumab)", "injection", "10 mg": title-block or carton lines
    return not (_CAPTION_START.match(text) or _WEB.search(text))


def _sentence_like(text: str) -> bool:
    """Text that reads as prose: a sentence end, a colon lead-in, or many words."""
    end = text.rstrip(_CLOSERS)[-1:]
    return bool(end) and (
        end in ".!?:;" or bool(_INNER_SENTENCE.search(text)) or len(text.split()) >= 12
    )


# How a block of a section body takes part in run-in heading detection.
_HEAD, _TITLE_LINE, _PROSE, _OTHER, _PLAIN = range(5)


def _runin_headings(
    text_el: etree._Element, ns: str, skip: etree._Element | None
) -> set[etree._Element]:
    """Styled-only paragraphs that head the prose after them ("Tuberculosis" in 5.1).

    Consecutive styled lines form a stack that must be followed by prose (a list, a
    sentence, a "Label: text" line). In a stack of one or two lines each heading-like
    line is a heading (a heading and its first sub-heading, a product-name line and the
    first question of a leaflet); a longer stack is a title block ("INSTRUCTIONS FOR USE
    / HUMIRA / (adalimumab) / SINGLE-USE PEN") whose first line alone is the heading.
    `skip`, the paragraph that already titles an untitled section, counts as the first
    line of its stack. Where most prose is emphasized (a boxed warning), emphasis marks
    nothing and no paragraph becomes a heading.
    """
    para, lst = f"{ns}paragraph", f"{ns}list"
    seq: list[tuple[etree._Element, int]] = []
    found = False
    styled_prose = plain = 0  # emphasized vs plain prose blocks
    for child in text_el:
        tag = child.tag
        if not isinstance(tag, str) or tag == f"{ns}br":
            continue
        if tag == lst:
            seq.append((child, _PROSE))
            plain += 1
        elif tag != para:
            seq.append((child, _OTHER))
        elif child is skip:
            seq.append((child, _HEAD))
        elif _styled_only(child, ns):
            text = collapse(text_of(child))
            if not text:
                continue
            if _multiline(child, ns):
                seq.append((child, _TITLE_LINE))  # "VIAGRA / (sildenafil citrate) / Tablets"
            elif _heading_like(text):
                seq.append((child, _HEAD))
                found = True
            elif _sentence_like(text):
                seq.append((child, _PROSE))
                styled_prose += 1
            else:
                seq.append((child, _TITLE_LINE))
        elif len(child) or (child.text and not child.text.isspace()):
            seq.append((child, _PLAIN))  # prose or not: decided only when it matters
            plain += 1
    heads: set[etree._Element] = set()
    if not found or styled_prose > plain:
        return heads  # mostly emphasized prose (a boxed warning): emphasis marks no heading
    i, n = 0, len(seq)
    while i < n:
        if seq[i][1] not in (_HEAD, _TITLE_LINE):
            i += 1
            continue
        j = i
        while j < n and seq[j][1] in (_HEAD, _TITLE_LINE):
            j += 1
        if j < n and _is_prose(seq[j]):
            stack = seq[i:j]
            if len(stack) <= 2:
                heads.update(el for el, cls in stack if cls == _HEAD and el is not skip)
            elif stack[0][1] == _HEAD and stack[0][0] is not skip:
                heads.add(stack[0][0])
        i = j
    return heads


def _multiline(p: etree._Element, ns: str) -> bool:
    """A paragraph broken into lines by `<br/>`: a title block or an address."""
    for br in p.iter(f"{ns}br"):
        if (br.tail and not br.tail.isspace()) or br.getnext() is not None:
            return True
    return False


def _is_prose(entry: tuple[etree._Element, int]) -> bool:
    el, cls = entry
    if cls != _PLAIN:
        return cls == _PROSE
    text = collapse(text_of(el))
    return bool(text) and (
        _has_bullet(text) or _sentence_like(text) or bool(_LEAD_COLON.match(text))
    )


def _has_bullet(text: str) -> bool:
    return "•" in text or "●" in text or "▪" in text or "■" in text


def _split_bullets(text: str, markers: list[Marker]) -> list[tuple[str, list[Marker]]]:
    """Split text at typed bullets; the pieces keep their markers (offsets rebased)."""
    pieces: list[tuple[str, list[Marker]]] = []
    start = 0
    bounds = [(m.start(), m.end()) for m in _TYPED_BULLET.finditer(text)] + [(len(text), len(text))]
    for cut, resume in bounds:
        raw = text[start:cut]
        piece = raw.strip()
        if piece:
            lead = start + len(raw) - len(raw.lstrip())
            pieces.append(
                (
                    piece,
                    [
                        Marker(m.offset - lead, m.label, m.target)
                        for m in markers
                        if lead <= m.offset <= lead + len(piece)
                    ],
                )
            )
        start = resume
    return pieces


def _notes(run: _Run, ctx: _Ctx, out: list[Block]) -> None:
    for note in run.notes:
        sub = _Run()
        _inline(note, sub, ctx, in_table=True)
        text, _ = _finish(sub)
        if text:
            out.append(Paragraph(text))


def _paragraph(p: etree._Element, ctx: _Ctx, out: list[Block]) -> None:
    run = _Run()
    _inline(p, run, ctx, in_table=False)
    text, markers = _finish(run)
    bullet = _TYPED_BULLET.search(text) if _has_bullet(text) else None
    if bullet:
        # Typed bullets make a list; consecutive bulleted paragraphs form one list, and
        # text before the first bullet ("Reported infections include:") stays a paragraph.
        pieces = _split_bullets(text, markers)
        if bullet.start() > 0 and pieces:
            lead, lead_markers = pieces.pop(0)
            out.append(Paragraph(lead, lead_markers, _label(p, ctx.ns, lead)))
        items = [ListItem(t, 0, m) for t, m in pieces]
        prev = out[-1] if out else None
        if bullet.start() == 0 and isinstance(prev, ListBlock) and not prev.ordered:
            prev.items.extend(items)
        elif items:
            out.append(ListBlock(items))
    elif text:
        out.append(Paragraph(text, markers, _label(p, ctx.ns, text)))
    _notes(run, ctx, out)


def _list_items(
    lst: etree._Element, depth: int, ctx: _Ctx, items: list[ListItem], run_notes: _Run
) -> None:
    item_tag = f"{ctx.ns}item"
    for item in lst:
        if item.tag != item_tag:
            continue
        run = _Run()
        nested: list[etree._Element] = []
        _inline(item, run, ctx, in_table=False, nested=nested)
        text, markers = _finish(run)
        if _has_bullet(text):
            pieces = _split_bullets(text, markers)
            typed = not _TYPED_BULLET.match(text)  # text before the first bullet heads them
            for i, (piece, piece_markers) in enumerate(pieces):
                items.append(ListItem(piece, depth + 1 if typed and i else depth, piece_markers))
        elif text:
            items.append(ListItem(text, depth, markers))
        run_notes.notes.extend(run.notes)
        for sub in nested:
            _list_items(sub, depth + 1 if text else depth, ctx, items, run_notes)


def _list(lst: etree._Element, ctx: _Ctx, out: list[Block]) -> None:
    items: list[ListItem] = []
    notes = _Run()
    _list_items(lst, 0, ctx, items, notes)
    if items:
        out.append(ListBlock(items, ordered=lst.get("listType", "").lower() == "ordered"))
    _notes(notes, ctx, out)


def _rows(table: etree._Element, ns: str) -> list[etree._Element]:
    head: list[etree._Element] = []
    body: list[etree._Element] = []
    foot: list[etree._Element] = []
    for part in table:
        if not isinstance(part.tag, str):
            continue
        name = local_name(part.tag)
        if name == "tr":
            body.append(part)
        elif name in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in part if tr.tag == f"{ns}tr"]
            (head if name == "thead" else foot if name == "tfoot" else body).extend(rows)
    return head + body + foot


def _table(table: etree._Element, ctx: _Ctx, out: list[Block]) -> None:
    """One paragraph per row, cells joined by " | "; table notes after the rows."""
    notes = _Run()
    caption = table.find(f"{ctx.ns}caption")
    if caption is not None:
        run = _Run()
        _inline(caption, run, ctx, in_table=True)
        text, markers = _finish(run)
        if text:
            out.append(Paragraph(text, markers))
        notes.notes.extend(run.notes)
    cell_tags = (f"{ctx.ns}td", f"{ctx.ns}th")
    for tr in _rows(table, ctx.ns):
        texts: list[str] = []
        row_markers: list[Marker] = []
        pos = 0
        for cell in tr:
            if cell.tag not in cell_tags:
                continue
            cell_markers: list[Marker] = []
            if not len(cell):  # a plain-text cell: the common case
                text = collapse(cell.text or "")
            else:
                run = _Run()
                _inline(cell, run, ctx, in_table=True)
                notes.notes.extend(run.notes)
                text, cell_markers = _finish(run)
            if not text:
                continue
            if texts:
                pos += 3
            if cell_markers:
                row_markers.extend(Marker(m.offset + pos, m.label, m.target) for m in cell_markers)
            texts.append(text)
            pos += len(text)
        if texts:
            out.append(Paragraph(" | ".join(texts), row_markers))
    _notes(notes, ctx, out)


def _heading_text(p: etree._Element, ctx: _Ctx) -> str:
    run = _Run()
    _inline(p, run, ctx, in_table=True)  # a superscript in a title is no citation
    return _finish(run)[0]


def _body(
    text_el: etree._Element,
    ctx: _Ctx,
    skip: etree._Element | None = None,
    runin_level: int = 0,
) -> list[Block]:
    """The blocks of a section's `<text>`; with `runin_level`, styled run-in sub-headings
    become headings of that level."""
    out: list[Block] = []
    heads = _runin_headings(text_el, ctx.ns, skip) if runin_level else set()
    loose = _Run()  # inline content sitting directly in <text>

    def flush() -> None:
        if loose.parts:
            text, markers = _finish(loose)
            if text:
                out.append(Paragraph(text, markers))
            _notes(loose, ctx, out)
            loose.parts.clear()
            loose.labels.clear()
            loose.notes.clear()

    if text_el.text and not text_el.text.isspace():
        loose.parts.append(text_el.text)
    for child in text_el:
        if isinstance(child.tag, str) and child is not skip:
            name = local_name(child.tag)
            if name == "paragraph":
                flush()
                if child in heads:
                    out.append(Heading(runin_level, _heading_text(child, ctx)))
                else:
                    _paragraph(child, ctx, out)
            elif name == "list":
                flush()
                _list(child, ctx, out)
            elif name == "table":
                flush()
                _table(child, ctx, out)
            elif name == "br":
                loose.parts.append(" ")
            elif name == "sup":
                _sup(child, loose, ctx, in_table=False)
            elif name not in _DROP:
                _inline(child, loose, ctx, in_table=False)
        tail = child.tail
        if tail and (loose.parts or not tail.isspace()):  # skip indentation between blocks
            loose.parts.append(tail)
    flush()
    return out


def _reference_entries(
    text_el: etree._Element, ctx: _Ctx
) -> tuple[list[ReferenceEntry], list[Block]]:
    """Numbered list items (or numbered paragraphs) of a REFERENCES section."""
    ns = ctx.ns
    sources = list(text_el.iter(f"{ns}item")) or list(text_el.iter(f"{ns}paragraph"))
    parsed: list[tuple[int | None, str, str | None]] = []
    for el in sources:
        run = _Run()
        _inline(el, run, ctx, in_table=False, nested=[])
        text, _ = _finish(run)
        if not text:
            continue
        number: int | None = None
        caption = el.find(f"{ns}caption")
        cap = collapse(text_of(caption)) if caption is not None else ""
        m = _REF_NUMBER.match(cap + " ") if cap else None
        if m:
            number = int(m.group(1))
        else:
            m = _REF_NUMBER.match(text)
            if m:
                number, text = int(m.group(1)), text[m.end() :]
        parsed.append((number, text, el.get("ID")))
    numbered = any(n is not None for n, _, _ in parsed)
    entries: list[ReferenceEntry] = []
    other: list[Block] = []
    for number, text, anchor in parsed:
        if number is None and numbered:
            other.append(Paragraph(text))  # an intro line among numbered references
            continue
        entries.append(ReferenceEntry(number or len(entries) + 1, text, anchor))
    return entries, other


def _display_heading(code: etree._Element | None) -> str | None:
    display = code.get("displayName", "") if code is not None else ""
    display = _DISPLAY_SUFFIX.sub("", _DISPLAY_PREFIX.sub("", display)).split(".")[0].strip()
    return display[:1].upper() + display[1:].lower() if display else None


def _strength(ingredient: etree._Element, ns: str) -> str:
    num = ingredient.find(f"{ns}quantity/{ns}numerator")
    den = ingredient.find(f"{ns}quantity/{ns}denominator")
    if num is None or not num.get("value"):
        return ""
    unit = num.get("unit", "")
    text = f"{num.get('value')} {unit}" if unit and unit != "1" else str(num.get("value"))
    if (
        den is not None
        and den.get("value")
        and (den.get("value"), den.get("unit", "1")) != ("1", "1")
    ):
        dunit = den.get("unit", "")
        text += f" in {den.get('value')}" + (f" {dunit}" if dunit and dunit != "1" else "")
    return text


def _product_line(prod: etree._Element, ns: str) -> str | None:
    name_el = prod.find(f"{ns}name")
    name = collapse(text_of(name_el, " ")) if name_el is not None else ""
    if not name:
        return None
    generic = collapse(prod.findtext(f"{ns}asEntityWithGeneric/{ns}genericMedicine/{ns}name") or "")
    form = prod.find(f"{ns}formCode")
    head = name if not generic or generic.lower() == name.lower() else f"{name} ({generic})"
    if form is not None and form.get("displayName"):
        head += f", {form.get('displayName', '').lower()}"
    code = prod.find(f"{ns}code")
    if code is not None and code.get("codeSystem") == _NDC_SYSTEM and code.get("code"):
        head += f", NDC {code.get('code')}"
    active: list[str] = []
    inactive: list[str] = []
    for ing in prod.iter(f"{ns}ingredient"):
        sub = collapse(ing.findtext(f"{ns}ingredientSubstance/{ns}name") or "")
        if not sub:
            continue
        if ing.get("classCode", "").startswith("ACT"):
            strength = _strength(ing, ns)
            entry = f"{sub} {strength}" if strength else sub
            if entry not in active:
                active.append(entry)
        elif sub not in inactive:
            inactive.append(sub)
    line = head + "."
    if active:
        line += " Active: " + "; ".join(active) + "."
    if inactive:
        line += " Inactive: " + ", ".join(inactive) + "."
    return line


def _product_blocks(section: etree._Element, ns: str) -> list[Block]:
    """The product data section has no text body: summarize it, one paragraph per product."""
    lines: list[str] = []
    for outer in section.iterfind(f"{ns}subject/{ns}manufacturedProduct"):
        for prod in outer:
            if prod.tag in (f"{ns}manufacturedProduct", f"{ns}manufacturedMedicine"):
                line = _product_line(prod, ns)
                if line and line not in lines:
                    lines.append(line)
    return [Paragraph(line) for line in lines]


def _lead_name(p: etree._Element, ns: str) -> str:
    """An OTC lead-in ("Ask a doctor before use if you have" heart disease) names its
    section; a lead that is the whole paragraph is content, not a name."""
    lead = _lead(p, ns)
    if lead is None or len(lead[0]) > 100 or len(collapse(text_of(p))) <= len(lead[0]):
        return ""
    return lead[0].rstrip(" :")


def _section(
    section: etree._Element, level: int, nested: bool, ctx: _Ctx, out: list[Block]
) -> None:
    ns = ctx.ns
    code_el = title_el = text_el = None
    children: list[etree._Element] = []
    for child in section:  # one pass instead of several ElementPath look-ups
        tag = child.tag
        if tag == f"{ns}code":
            code_el = child
        elif tag == f"{ns}title":
            title_el = child
        elif tag == f"{ns}text":
            text_el = child
        elif tag == f"{ns}component":
            children.extend(sub for sub in child if sub.tag == f"{ns}section")
    code = code_el.get("code") if code_el is not None else None
    kind: SectionKind | None = kind_for_loinc(code)
    if code == BOXED_WARNING and nested:
        kind = None  # authors use the boxed-warning code for any boxed text
    title = ""
    if title_el is not None:
        run = _Run()
        _inline(title_el, run, ctx, in_table=True)
        title = _finish(run)[0]
    blocks: list[Block] = []
    heading = title
    if code == REFERENCES and text_el is not None:
        parsed = ctx.references.get(section) or _reference_entries(text_el, ctx)
        entries, blocks = parsed[0], list(parsed[1])
        if entries:
            blocks.append(ReferenceList(entries, heading=title or _display_heading(code_el)))
    elif text_el is not None:
        skip: etree._Element | None = None
        first = _first_element(text_el)
        is_para = first is not None and first.tag == f"{ns}paragraph"
        if not heading and is_para and first is not None and _styled_only(first, ns):
            lead_text = _heading_text(first, ctx)
            if (
                lead_text
                and len(lead_text) <= 100
                and not lead_text.endswith(".")
                and not _WEB.search(lead_text)  # "For more information visit www.x.com"
            ):
                heading, skip = lead_text.rstrip(" :"), first
        if not heading and kind is not None and code != UNCLASSIFIED:
            lead = _lead_name(first, ns) if is_para and first is not None else ""
            heading = lead or _display_heading(code_el) or ""
        # Run-in sub-headings sit one level below the section (or beside the blocks of
        # an untitled section that flows into its parent); carton text has none.
        runin = 0 if code == PACKAGE_LABEL else level + 1 if heading else level
        blocks = _body(text_el, ctx, skip, runin)
    elif code == PRODUCT_DATA:
        blocks = _product_blocks(section, ns)
        heading = heading or _display_heading(code_el) or ""
    if heading and (title or blocks or children):
        out.append(Heading(level, heading, kind))
        level += 1
    out.extend(blocks)
    for sub in children:
        _section(sub, level, True, ctx, out)


def _title_text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    parts: list[str] = [el.text or ""]
    for child in el.iter():
        if child is el:
            continue
        if isinstance(child.tag, str) and local_name(child.tag) == "br":
            parts.append("\n")
        elif child.text and isinstance(child.tag, str):
            parts.append(child.text)
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _product_name(root: etree._Element, ns: str) -> str | None:
    for prod in root.iter(f"{ns}manufacturedProduct", f"{ns}manufacturedMedicine"):
        name_el = prod.find(f"{ns}name")
        if name_el is None:
            continue
        name = collapse(text_of(name_el, " "))
        if not name:
            continue
        generic = collapse(
            prod.findtext(f"{ns}asEntityWithGeneric/{ns}genericMedicine/{ns}name") or ""
        )
        if generic and generic.lower() != name.lower():
            return f"{name} ({generic})"
        return name
    return None


def label_title(raw: str) -> str | None:
    """A label's title without the "Highlights" boilerplate; None when nothing specific
    is left ("Drug Facts", "Prescribing information"). Also used for SPL renderings."""
    title = collapse(_HIGHLIGHTS.sub(" ", raw)).strip(" .;:-–—")
    return title if title and title.lower() not in _GENERIC_TITLES else None


def _document_title(root: etree._Element, ns: str) -> str:
    raw = _title_text(root.find(f"{ns}title"))
    return (
        label_title(raw)
        or _product_name(root, ns)
        or collapse(raw).strip(" .;:-–—")
        or _display_heading(root.find(f"{ns}code"))
        or "Drug label"
    )


def _language(root: etree._Element, ns: str) -> str:
    lang = root.find(f"{ns}languageCode")
    code = lang.get("code", "") if lang is not None else ""
    return code.split("-")[0].lower() if code else "en"


def _parse(data: bytes, notes: list[tuple[str, str]]) -> etree._Element:
    try:
        return etree.fromstring(data, _STRICT)
    except etree.XMLSyntaxError as exc:
        error = exc
    try:
        root: etree._Element | None = etree.fromstring(data, _RECOVER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise PageError("invalid-xml", f"SPL XML does not parse: {error}") from None
    notes.append(("xml-recovered", f"malformed SPL XML read in recovery mode: {error}"))
    return root


def read_spl(text: str) -> Document:
    """Read one SPL document (the XML text) into blocks."""
    notes: list[tuple[str, str]] = []
    root = _parse(text.encode("utf-8"), notes)
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    ctx = _Ctx(ns, actions=_actions(ns))
    # References first: deciding whether a superscript number is a citation needs them.
    numbers: set[int] = set()
    for code in root.iter(f"{ns}code"):
        section = code.getparent()
        if code.get("code") != REFERENCES or section is None or section.tag != f"{ns}section":
            continue
        text_el = section.find(f"{ns}text")
        if text_el is not None:
            parsed = _reference_entries(text_el, ctx)
            ctx.references[section] = parsed
            numbers.update(e.number for e in parsed[0])
    ctx.ref_numbers = frozenset(numbers)

    title = _document_title(root, ns)
    blocks: list[Block] = [Heading(1, title)]
    for body in root.iterfind(f"{ns}component/{ns}structuredBody"):
        for comp in body.iterfind(f"{ns}component"):
            for section in comp.iterfind(f"{ns}section"):
                _section(section, 2, False, ctx, blocks)

    set_id = root.find(f"{ns}setId")
    root_id = set_id.get("root") if set_id is not None else None
    return Document(
        format="spl",
        blocks=blocks,
        title=title,
        url=DAILYMED_SETID_URL + root_id if root_id else None,
        site="DailyMed",
        language=_language(root, ns),
        notes=notes,
    )
