"""HL7 FHIR electronic Product Information (ePI, XML) -> `Document`.

An ePI is a `Bundle` of `Composition`s (e.g. the SmPC and the package leaflet), each
a tree of `section`s with a `title@value`, an EMA SPOR `code` and an XHTML body in
`text/div`. Section levels follow the nesting (a Composition's root section is 2);
the body's XHTML becomes blocks like any HTML page (format "html").

Word-exported ePIs wrap every run in `<span style=...>` and write superscripts as
`<span style="vertical-align:super">`; superscripts stay inline ("mg/m2") since
ePIs carry no numbered references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, cast

from lxml import etree

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph
from ingest.record import SectionKind

_F: Final = "{http://hl7.org/fhir}"
_X: Final = "{http://www.w3.org/1999/xhtml}"

_PARSER = etree.XMLParser(
    remove_comments=True, remove_pis=True, resolve_entities=False, no_network=True,
    huge_tree=True, encoding="utf-8",
)  # fmt: skip

# EMA SPOR list 200000029659 (ePI section headings): SmPC (QRD numbering) and leaflet.
SPOR_KINDS: Final[dict[str, SectionKind | None]] = {
    "200000029792": "overview",  # 1. name of the medicinal product
    "200000029793": "overview",  # 2. qualitative and quantitative composition
    "200000029796": "overview",  # excipients with known effect
    "200000029797": "overview",  # 3. pharmaceutical form
    "200000029799": "indications",  # 4.1
    "200000029800": "dosage",  # 4.2
    "200000029801": "dosage",  # 4.2 posology
    "200000029803": "dosage",  # 4.2 method of administration
    "200000029805": "contraindications",  # 4.3
    "200000029806": "warnings",  # 4.4
    "200000029809": "interactions",  # 4.5
    "200000029811": "warnings",  # 4.6 fertility, pregnancy and lactation
    "200000029812": "warnings",  # pregnancy
    "200000029813": "warnings",  # breast-feeding
    "200000029815": "warnings",  # 4.7 driving and using machines
    "200000029816": "side_effects",  # 4.8
    "200000029818": "other",  # reporting of suspected adverse reactions (boilerplate)
    "200000029819": "warnings",  # 4.9 overdose
    "200000029821": "mechanism",  # 5. pharmacological properties
    "200000029822": "mechanism",  # 5.1 pharmacodynamic properties
    "200000029827": "mechanism",  # 5.2 pharmacokinetic properties
    "200000029834": "research",  # 5.3 preclinical safety data
    "200000029836": "commerce",  # 6. pharmaceutical particulars
    "200000029837": "overview",  # 6.1 list of excipients
    "200000029838": "other",  # 6.2 incompatibilities
    "200000029839": "commerce",  # 6.3 shelf life
    "200000029840": "commerce",  # 6.4 storage
    "200000029841": "commerce",  # 6.5 container
    "200000029842": "other",  # 6.6 disposal and handling
    "200000029844": "commerce",  # 7. marketing authorisation holder
    "200000029845": "commerce",  # 8. marketing authorisation numbers
    "200000029846": "other",  # 9. date of first authorisation
    "200000029847": "other",  # 10. date of revision
    # package leaflet
    "200000029895": "indications",  # 1. what X is and what it is used for
    "200000029896": "warnings",  # 2. what you need to know before you take X
    "200000029897": "contraindications",  # do not take X
    "200000029898": "warnings",  # warnings and precautions
    "200000029899": "warnings",  # children and adolescents
    "200000029900": "interactions",  # other medicines and X
    "200000029901": "interactions",  # X with food and drink
    "200000029902": "warnings",  # pregnancy and breast-feeding
    "200000029903": "warnings",  # driving and using machines
    "200000029905": "dosage",  # 3. how to take X
    "200000029907": "warnings",  # if you take more X than you should
    "200000029908": "dosage",  # if you forget to take X
    "200000029909": "dosage",  # if you stop taking X
    "200000029910": "side_effects",  # 4. possible side effects
    "200000029911": "side_effects",  # additional side effects in children
    "200000029912": "other",  # reporting of side effects (boilerplate)
    "200000029913": "commerce",  # 5. how to store X
    "200000029914": "commerce",  # 6. contents of the pack and other information
    "200000029915": "overview",  # what X contains
    "200000029916": "commerce",  # what X looks like and contents of the pack
    "200000029917": "commerce",  # marketing authorisation holder and manufacturer
    "200000029919": "other",  # leaflet last revised
}
_SMPC_TYPE: Final = "100000155532"
_NAME_SECTION: Final = "200000029792"
# SmPC QRD numbering, for sections whose code is missing or a placeholder.
_SMPC_NUMBER_KINDS: Final[dict[str, SectionKind]] = {
    "4.1": "indications",
    "4.2": "dosage",
    "4.3": "contraindications",
    "4.4": "warnings",
    "4.5": "interactions",
    "4.6": "warnings",
    "4.7": "warnings",
    "4.8": "side_effects",
    "4.9": "warnings",
    "5.1": "mechanism",
    "5.2": "mechanism",
    "5.3": "research",
}
_NUMBERING = re.compile(r"\s*(\d+(?:\.\d+)*)\.?\s")
# QRD template alternatives left in a title: "... empezar a <tomar><usar> Qué necesita ..."
_PLACEHOLDER_TITLE = re.compile(r"(\d+(?:\.\d+)*\.?\s+)?.*<[^<>]*>\s*(\S.*)", re.DOTALL)

_SUPER = re.compile(r"vertical-align\s*:\s*super", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_SUP_SPACE: Final = "\ue001"  # after a numeric superscript: a space if a letter follows
_SUP_SPACE_BEFORE_LETTER = re.compile(_SUP_SPACE + r"(?=[^\W\d_])")

_BLOCKS: Final = frozenset(
    {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    | {"section", "article", "pre", "dl", "hr", "figure", "header", "footer", "center"}
)
_CONTAINERS: Final = frozenset(
    {"div", "blockquote", "section", "article", "dl", "figure", "header", "footer", "center"}
)
_DROP: Final = frozenset({"img", "script", "style", "object", "svg", "hr", "colgroup"})
_SPACED: Final = frozenset({"p", "div", "td", "th", "tr", "li", "dt", "dd", "h1", "h2", "h3"})


@dataclass(slots=True)
class _Run:
    parts: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text_of(el: etree._Element) -> str:
    return "".join(cast("Iterator[str]", el.itertext()))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _finish(run: _Run) -> str:
    raw = "".join(run.parts)
    if _SUP_SPACE in raw:
        raw = _SUP_SPACE_BEFORE_LETTER.sub(" ", raw).replace(_SUP_SPACE, "")
    return _collapse(raw)


def _elements(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if isinstance(child.tag, str):
            yield child


def _inline(el: etree._Element, run: _Run, nested: list[etree._Element] | None = None) -> None:
    """Append the inline text of `el` (not its tail); nested lists go to `nested`."""
    if el.text:
        run.parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            name = _local(tag)
            if name == "br":
                run.parts.append(" ")
            elif name in _DROP:
                pass
            elif nested is not None and name in ("ul", "ol"):
                nested.append(child)
            elif name == "sup" or (name == "span" and _SUPER.search(child.get("style", ""))):
                text = _collapse(_text_of(child))
                run.parts.append(text)
                if text.isdigit():
                    run.parts.append(_SUP_SPACE)  # "mg/m2de" in Word exports: restore the gap
            elif name in _SPACED:
                run.parts.append(" ")
                _inline(child, run)
                run.parts.append(" ")
            else:
                _inline(child, run, nested)
        if child.tail:
            run.parts.append(child.tail)


def _is_bold(el: etree._Element) -> bool:
    return _local(el.tag) in ("strong", "b") or bool(_BOLD_STYLE.search(el.get("style", "")))


def _label(p: etree._Element, text: str) -> str | None:
    """The text of a bold lead-in ending in a colon ("Embarazo:"), without the colon."""
    el = p
    while True:
        if (el.text or "").strip():
            return None
        first = next(_elements(el), None)
        if first is None:
            return None
        if _is_bold(first):
            break
        el = first
    label = _collapse(_text_of(first))
    tail = (first.tail or "").lstrip()
    if label.endswith(":"):
        label = label[:-1].rstrip()
    elif not tail.startswith(":"):
        return None
    if not label or len(label) > 80 or not text.startswith(label):
        return None
    return label if text[len(label) :].lstrip(" :") else None


def _list_items(lst: etree._Element, depth: int, items: list[ListItem]) -> None:
    for li in _elements(lst):
        if _local(li.tag) != "li":
            if _local(li.tag) in ("ul", "ol"):  # a list nested without its <li>
                _list_items(li, depth + 1, items)
            continue
        run = _Run()
        nested: list[etree._Element] = []
        _inline(li, run, nested)
        text = _finish(run)
        if text:
            items.append(ListItem(text, depth))
        for sub in nested:
            _list_items(sub, depth + 1 if text else depth, items)


def _complex_cell(cell: etree._Element) -> bool:
    """A cell holding several blocks or a list: the table only lays out prose."""
    blocks = 0
    for child in cell.iter(f"{_X}p", f"{_X}div", f"{_X}ul", f"{_X}ol", f"{_X}table", f"{_X}li"):
        if child is cell:
            continue
        name = _local(child.tag)
        if name in ("ul", "ol", "table"):
            return True
        if _collapse(_text_of(child)):
            blocks += 1
            if blocks > 1:
                return True
    return False


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for part in _elements(table):
        name = _local(part.tag)
        if name == "tr":
            yield part
        elif name in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in _elements(part) if _local(tr.tag) == "tr")


def _table(table: etree._Element, out: list[Block]) -> None:
    for tr in _rows(table):
        cells = [c for c in _elements(tr) if _local(c.tag) in ("td", "th")]
        if any(_complex_cell(c) for c in cells):
            for cell in cells:
                _container(cell, out)
            continue
        texts = []
        for cell in cells:
            run = _Run()
            _inline(cell, run)
            text = _finish(run)
            if text:
                texts.append(text)
        if texts:
            out.append(Paragraph(" | ".join(texts)))


def _has_blocks(el: etree._Element) -> bool:
    return any(_local(c.tag) in _BLOCKS for c in _elements(el))


def _container(el: etree._Element, out: list[Block]) -> None:
    """Blocks of an element whose children mix block elements and loose inline content."""
    loose = _Run()

    def flush() -> None:
        text = _finish(loose)
        if text:
            out.append(Paragraph(text))
        loose.parts.clear()

    if el.text:
        loose.parts.append(el.text)
    for child in _elements(el):
        name = _local(child.tag)
        if name in _BLOCKS:
            flush()
            if name in ("ul", "ol"):
                items: list[ListItem] = []
                _list_items(child, 0, items)
                if items:
                    out.append(ListBlock(items, ordered=name == "ol"))
            elif name == "table":
                _table(child, out)
            elif name in _CONTAINERS or _has_blocks(child):
                _container(child, out)
            elif name not in _DROP:
                run = _Run()
                _inline(child, run)
                text = _finish(run)
                if text:
                    out.append(Paragraph(text, label=_label(child, text)))
        elif name == "br":
            loose.parts.append(" ")
        elif name not in _DROP:
            # a lone inline element: reuse the inline walker on a one-child view
            _inline_one(child, loose)
        if child.tail:
            loose.parts.append(child.tail)
    flush()


def _inline_one(child: etree._Element, run: _Run) -> None:
    if child.tag == f"{_X}sup" or _SUPER.search(child.get("style", "")):
        text = _collapse(_text_of(child))
        run.parts.append(text)
        if text.isdigit():
            run.parts.append(_SUP_SPACE)
    else:
        _inline(child, run)


def _value(el: etree._Element | None, path: str) -> str:
    found = el.find(path) if el is not None else None
    return (found.get("value") or "") if found is not None else ""


def _clean_title(title: str) -> str:
    title = _collapse(title)
    m = _PLACEHOLDER_TITLE.fullmatch(title)
    if m and len(m.group(2)) >= 3:
        title = (m.group(1) or "") + m.group(2)
    return title


def _section_kind(code: str, title: str, smpc: bool) -> SectionKind | None:
    kind = SPOR_KINDS.get(code)
    if kind is None and smpc:
        m = _NUMBERING.match(title)
        if m:
            kind = _SMPC_NUMBER_KINDS.get(m.group(1))
    return kind


def _section(section: etree._Element, level: int, smpc: bool, out: list[Block]) -> None:
    title = _clean_title(_value(section, f"{_F}title"))
    code = _value(section, f"{_F}code/{_F}coding/{_F}code")
    blocks: list[Block] = []
    div = section.find(f"{_F}text/{_X}div")
    if div is not None:
        _container(div, blocks)
    if title:
        out.append(Heading(level, title, _section_kind(code, title, smpc)))
        level += 1
    out.extend(blocks)
    for sub in section.iterfind(f"{_F}section"):
        _section(sub, level, smpc, out)


def _product_name(compositions: list[etree._Element]) -> str | None:
    """The medicine's name from the SmPC "1. Name of the medicinal product" section."""
    for comp in compositions:
        for section in comp.iter(f"{_F}section"):
            if _value(section, f"{_F}code/{_F}coding/{_F}code") != _NAME_SECTION:
                continue
            div = section.find(f"{_F}text/{_X}div")
            blocks: list[Block] = []
            if div is not None:
                _container(div, blocks)
            for block in blocks:
                if isinstance(block, Paragraph) and block.text:
                    return block.text
    return None


def _language(root: etree._Element, compositions: list[etree._Element]) -> str | None:
    for el in [*compositions, root]:
        lang = _value(el, f"{_F}language")
        if lang:
            return lang.split("-")[0].lower()
    return None


def read_fhir(text: str) -> Document:
    """Read one FHIR ePI (a Bundle or a single Composition, XML) into blocks."""
    root = etree.fromstring(text.encode("utf-8"), _PARSER)
    compositions = list(root.iter(f"{_F}Composition"))
    comp_title = next((t for c in compositions if (t := _value(c, f"{_F}title"))), "")
    title = _product_name(compositions) or _collapse(comp_title) or None
    blocks: list[Block] = [Heading(1, title)] if title else []
    for comp in compositions:
        smpc = _value(comp, f"{_F}type/{_F}coding/{_F}code") == _SMPC_TYPE
        for section in comp.iterfind(f"{_F}section"):
            _section(section, 2, smpc, blocks)
    return Document(
        format="html",
        blocks=blocks,
        title=title,
        language=_language(root, compositions),
    )
