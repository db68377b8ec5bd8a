"""HL7 FHIR electronic Product Information (ePI, XML) -> `Document`.

An ePI is a `Bundle` of `Composition`s (e.g. the SmPC and the package leaflet), each
a tree of `section`s with a `title@value`, an EMA SPOR `code` and an XHTML body in
`text/div`. Section levels follow the nesting (a Composition's root section is 2);
the body's XHTML becomes blocks like any HTML page (format "html").

Both FHIR encodings are read: XML, and JSON whose narrative `div` is an XHTML string.
Word-exported ePIs wrap every run in `<span style=...>` and write superscripts as
`<span style="vertical-align:super">`; superscripts stay inline ("mg/m2") since
ePIs carry no numbered references.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from lxml import etree
from lxml import html as lxml_html

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph
from ingest.errors import PageError
from ingest.readers.xmltext import collapse, local_name, text_of
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
_PLACEHOLDER_TITLE = re.compile(
    r"(\d+(?:\.\d+)*\.?\s+)?.*<[^\W\d_][^<>\d]{0,40}>\s*(\S.*)", re.DOTALL
)

# A paragraph typed as a list item: "• 22 microgramos", "- si tiene", "-Conserve".
_TYPED_ITEM = re.compile(r"(?:[•●▪■·◦‣∙]\s*|[-–—](?:\s+|(?=[^\W\d_])))(?=\S)")
_SUPER = re.compile(r"vertical-align\s*:\s*super", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_EXPONENT = re.compile(r"[-−–+]?\d{1,3}")
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


def _finish(run: _Run) -> str:
    raw = "".join(run.parts)
    if _SUP_SPACE in raw:
        raw = _SUP_SPACE_BEFORE_LETTER.sub(" ", raw).replace(_SUP_SPACE, "")
    return collapse(raw)


def _elements(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if isinstance(child.tag, str):
            yield child


def _is_super(el: etree._Element) -> bool:
    style = el.get("style")
    return style is not None and "super" in style and _SUPER.search(style) is not None


def _inline(el: etree._Element, run: _Run, nested: list[etree._Element] | None = None) -> None:
    """Append the inline text of `el` (not its tail); nested lists go to `nested`."""
    parts = run.parts
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            name = local_name(tag)
            if name == "span" and not len(child) and not _is_super(child):
                if child.text:  # the hot path: a Word-export run
                    parts.append(child.text)
            elif name == "br":
                parts.append(" ")
            elif name in _DROP:
                pass
            elif nested is not None and name in ("ul", "ol"):
                nested.append(child)
            elif name == "sup" or (name == "span" and _is_super(child)):
                _superscript(child, run)
            elif name in _SPACED:
                parts.append(" ")
                _inline(child, run)
                parts.append(" ")
            else:
                _inline(child, run, nested)
        if child.tail:
            parts.append(child.tail)


def _superscript(el: etree._Element, run: _Run) -> None:
    """Superscripts stay inline: "mg/m2"; after a digit they are exponents: "10^9"."""
    text = collapse(text_of(el))
    if not text:
        return
    prev = next((p for p in reversed(run.parts) if p), "")
    if prev[-1:].isdigit() and _EXPONENT.fullmatch(text):
        text = "^" + text
    run.parts.append(text)
    if text[-1].isdigit():
        run.parts.append(_SUP_SPACE)  # "mg/m2de" in Word exports: restore the gap


def _is_bold(el: etree._Element) -> bool:
    return local_name(el.tag) in ("strong", "b") or bool(_BOLD_STYLE.search(el.get("style", "")))


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
    label = collapse(text_of(first))
    if label.endswith(":"):
        label = label[:-1].rstrip()
    elif not text[len(label) :].lstrip().startswith(":"):  # "<b>Embarazo</b><span>: ..."
        return None
    if not label or len(label) > 80 or not text.startswith(label):
        return None
    return label if text[len(label) :].lstrip(" :") else None


def _list_items(lst: etree._Element, depth: int, items: list[ListItem]) -> None:
    for li in _elements(lst):
        if local_name(li.tag) != "li":
            if local_name(li.tag) in ("ul", "ol"):  # a list nested without its <li>
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


_LAYOUT_PROSE: Final = 300  # chars of multi-paragraph text that make a cell prose, not data


def _complex_cell(cell: etree._Element) -> bool:
    """A cell holding a list or several paragraphs of prose: the table only lays out text."""
    blocks = 0
    for child in cell.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        name = local_name(child.tag)
        if name in ("ul", "ol", "table"):
            return True
        if name in ("p", "div") and collapse(text_of(child)):
            blocks += 1
    return blocks > 1 and len(collapse(text_of(cell))) > _LAYOUT_PROSE


def _cell_text(cell: etree._Element) -> str:
    """A data cell's text; short paragraphs inside it are values, joined by "; "."""
    if not _has_blocks(cell):
        run = _Run()
        _inline(cell, run)
        return _finish(run)
    blocks: list[Block] = []
    _container(cell, blocks)
    return "; ".join(b.text for b in blocks if isinstance(b, Paragraph))


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for part in _elements(table):
        name = local_name(part.tag)
        if name == "tr":
            yield part
        elif name in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in _elements(part) if local_name(tr.tag) == "tr")


def _table(table: etree._Element, out: list[Block]) -> None:
    for tr in _rows(table):
        cells = [c for c in _elements(tr) if local_name(c.tag) in ("td", "th")]
        if any(_complex_cell(c) for c in cells):
            for cell in cells:
                _container(cell, out)
            continue
        texts = [text for cell in cells if (text := _cell_text(cell))]
        if texts:
            out.append(Paragraph(" | ".join(texts)))


def _has_blocks(el: etree._Element) -> bool:
    return any(local_name(c.tag) in _BLOCKS for c in _elements(el))


def _container(el: etree._Element, out: list[Block]) -> None:
    """Blocks of an element whose children mix block elements and loose inline content."""
    loose = _Run()
    typed: list[ListBlock] = []  # the list that typed-bullet paragraphs are filling

    def add(text: str, label: str | None = None) -> None:
        bullet = _TYPED_ITEM.match(text)
        if bullet is None:
            out.append(Paragraph(text, label=label))
            return
        item = ListItem(text[bullet.end() :])
        if typed and out and out[-1] is typed[-1]:
            typed[-1].items.append(item)
        else:
            typed.append(ListBlock([item]))
            out.append(typed[-1])

    def flush() -> None:
        text = _finish(loose)
        if text:
            add(text)
        loose.parts.clear()

    if el.text:
        loose.parts.append(el.text)
    for child in _elements(el):
        name = local_name(child.tag)
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
                    add(text, _label(child, text))
        elif name == "br":
            loose.parts.append(" ")
        elif name not in _DROP:
            # a lone inline element: reuse the inline walker on a one-child view
            _inline_one(child, loose)
        if child.tail:
            loose.parts.append(child.tail)
    flush()


def _inline_one(child: etree._Element, run: _Run) -> None:
    if local_name(child.tag) == "sup" or _is_super(child):
        _superscript(child, run)
    else:
        _inline(child, run)


@dataclass(slots=True)
class _Section:
    title: str
    code: str
    div: etree._Element | None  # the XHTML body
    children: list[_Section]


@dataclass(slots=True)
class _Composition:
    title: str
    smpc: bool
    language: str
    sections: list[_Section]


def _value(el: etree._Element | None, path: str) -> str:
    found = el.find(path) if el is not None else None
    return (found.get("value") or "") if found is not None else ""


def _xml_section(el: etree._Element) -> _Section:
    return _Section(
        title=_value(el, f"{_F}title"),
        code=_value(el, f"{_F}code/{_F}coding/{_F}code"),
        div=el.find(f"{_F}text/{_X}div"),
        children=[_xml_section(sub) for sub in el.iterfind(f"{_F}section")],
    )


def _from_xml(text: str) -> tuple[list[_Composition], str]:
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PageError("invalid-xml", f"FHIR XML does not parse: {exc}") from None
    comps = [
        _Composition(
            title=_value(comp, f"{_F}title"),
            smpc=_value(comp, f"{_F}type/{_F}coding/{_F}code") == _SMPC_TYPE,
            language=_value(comp, f"{_F}language"),
            sections=[_xml_section(sec) for sec in comp.iterfind(f"{_F}section")],
        )
        for comp in root.iter(f"{_F}Composition")
    ]
    return comps, _value(root, f"{_F}language")


def _json_code(obj: dict[str, Any]) -> str:
    codings = (obj.get("code") or obj.get("type") or {}).get("coding") or [{}]
    return str(codings[0].get("code") or "")


def _parse_div(markup: str) -> etree._Element | None:
    """A narrative `div` given as a string (FHIR JSON): XHTML, or tag soup at worst."""
    if not markup.strip():
        return None
    try:
        return etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        div: etree._Element = lxml_html.fragment_fromstring(markup, create_parent="div")
        return div


def _json_section(obj: dict[str, Any]) -> _Section:
    div = (obj.get("text") or {}).get("div")
    return _Section(
        title=str(obj.get("title") or ""),
        code=_json_code(obj),
        div=_parse_div(div) if isinstance(div, str) else None,
        children=[_json_section(s) for s in obj.get("section") or [] if isinstance(s, dict)],
    )


def _json_compositions(obj: Any, out: list[_Composition]) -> None:
    """Compositions anywhere in a Bundle (ePI bundles nest a document Bundle in a collection)."""
    if isinstance(obj, list):
        for item in obj:
            _json_compositions(item, out)
    elif isinstance(obj, dict):
        if obj.get("resourceType") == "Composition":
            out.append(
                _Composition(
                    title=str(obj.get("title") or ""),
                    smpc=_json_code({"code": obj.get("type") or {}}) == _SMPC_TYPE,
                    language=str(obj.get("language") or ""),
                    sections=[
                        _json_section(s) for s in obj.get("section") or [] if isinstance(s, dict)
                    ],
                )
            )
            return
        for key in ("entry", "resource", "contained"):
            if key in obj:
                _json_compositions(obj[key], out)


def _from_json(text: str) -> tuple[list[_Composition], str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PageError("invalid-json", f"line {exc.lineno}: {exc.msg}") from None
    comps: list[_Composition] = []
    _json_compositions(data, comps)
    language = str(data.get("language") or "") if isinstance(data, dict) else ""
    return comps, language


def _clean_title(title: str) -> str:
    title = collapse(title)
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


def _emit(section: _Section, level: int, smpc: bool, out: list[Block]) -> None:
    title = _clean_title(section.title)
    blocks: list[Block] = []
    if section.div is not None:
        _container(section.div, blocks)
    if title:
        out.append(Heading(level, title, _section_kind(section.code, title, smpc)))
        level += 1
    out.extend(blocks)
    for sub in section.children:
        _emit(sub, level, smpc, out)


def _product_name(sections: list[_Section]) -> str | None:
    """The medicine's name from the SmPC "1. Name of the medicinal product" section."""
    for section in sections:
        if section.code == _NAME_SECTION and section.div is not None:
            blocks: list[Block] = []
            _container(section.div, blocks)
            for block in blocks:
                if isinstance(block, Paragraph) and block.text:
                    return block.text
        name = _product_name(section.children)
        if name:
            return name
    return None


def read_fhir(text: str) -> Document:
    """Read one FHIR ePI (a Bundle or a single Composition; XML or JSON) into blocks."""
    body = text.lstrip("\ufeff \t\r\n")
    comps, bundle_language = _from_json(body) if body.startswith("{") else _from_xml(body)
    comp_title = next((c.title for c in comps if c.title), "")
    title = _product_name([s for c in comps for s in c.sections]) or collapse(comp_title) or None
    blocks: list[Block] = [Heading(1, title)] if title else []
    for comp in comps:
        for section in comp.sections:
            _emit(section, 2, comp.smpc, blocks)
    language = next((c.language for c in comps if c.language), bundle_language)
    return Document(
        format="html",
        blocks=blocks,
        title=title,
        language=language.split("-")[0].lower() or None,
    )
