"""HTML pages -> `Document`: metadata, main content, blocks, footnote markers, references.

One libxml2 parse, then a few plain passes over the tree:

1. junk out: script/style/svg/iframe/buttons/comments; one survey pass over the body
   finds footnote tooltips and "[edit]" links (dropped), reference containers and
   content-root candidates;
2. reference containers (WordPress core and "footnotes" plugin in all its templates,
   MediaWiki, GFM/pandoc/Python-Markdown, Springer, numbered note paragraphs, a list
   under a "References" heading) become `ReferenceList`s and placeholders, so they
   survive wherever they sit (footers included) and are never read as lists;
3. the content root: `article`, `[itemprop=articleBody]`, `main`, `.entry-content`...,
   `#content`...; without one the cleaned body, or its text-densest element;
4. page chrome inside the root goes: nav, aside, header/footer, forms and labels,
   sidebars/menus/share/cookie/comment widgets (by class/id words), hidden elements;
5. one walk turns the root into blocks; footnote markers become `Marker`s.

Exponents, ordinals and trade marks in `<sup>` ("mg/m2", "1st", "®") stay in the text;
a bare `<sup>3</sup>` is a marker only on pages that have a reference list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Final, cast
from urllib.parse import unquote, urlsplit

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
from ingest.footnotes import reference_link
from ingest.readers.loinc import kind_for_loinc
from ingest.readers.spl import label_title
from ingest.readers.text import expand_labels, is_reference_heading, looks_like_references

__all__ = ["read_html"]

Element = etree._Element

_SENT: Final = "\ufdd0"  # a non-character: stands for a marker until whitespace is collapsed
_PLACEHOLDER: Final = "x-reflist"  # replaces a parsed reference container in the tree

# --- tag and class vocabularies -----------------------------------------------------

_JUNK_TAGS: Final = (
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select",
    "textarea", "input", "object", "embed", "canvas", "video", "audio", "map", "math",
    "dialog",
)  # fmt: skip
_HEADING_LEVEL: Final = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LIST_TAGS: Final = frozenset({"ul", "ol", "menu"})
_BLOCK_TAGS: Final = frozenset(
    "p div section article main header footer aside nav blockquote figure figcaption address"
    " center dl dt dd details summary fieldset legend form hgroup li caption tr td th tbody"
    " thead tfoot body html hr pre table".split()
)
_LAYOUT_SIGNS: Final = ("table", "h1", "h2", "h3", "h4", "h5", "h6")  # inside a layout table
_BOLD_TAGS: Final = frozenset({"strong", "b"})
# How `_Walker._children` treats a tag: _INLINE (the default) = just its text, _LINK =
# maybe a marker, _SPECIAL = `_Walker._dispatch` decides.
_INLINE, _LINK, _SPECIAL = 0, 1, 2
_TAG_KINDS: Final = {
    "span": _LINK,
    "a": _LINK,
    **dict.fromkeys(
        (
            "x-reflist",
            "br",
            "sup",
            "table",
            *_HEADING_LEVEL,
            *_LIST_TAGS,
            *_BLOCK_TAGS,
            *_BOLD_TAGS,
        ),
        _SPECIAL,
    ),
}
# Page chrome by tag, dropped inside the root (`header` only outside an article).
_CHROME_TAGS: Final = frozenset({"nav", "aside", "footer", "label", "header"})
_CHROME_ROLES: Final = frozenset(
    "navigation banner contentinfo complementary search dialog menu menubar toolbar".split()
)
# Boilerplate class/id words; matched per class token at word boundaries ("nav-link",
# "widget_recent_entries", "share_bar"), so "canvas" or "uploads" do not match.
_CHROME_TOKEN_RE: Final = re.compile(
    r"(?:^|[-_])(?:"
    r"nav|navbar|navigation|navi|menus?|submenu|megamenu|dropdown|breadcrumbs?|"
    r"sidebars?|widgets?|widget-area|cookies?|consent|gdpr|banner|"
    r"share|sharing|sharedaddy|social|comments?|commentlist|respond|related|"
    r"newsletter|subscribe|subscription|advert\w*|ads?|adsbygoogle|sponsor\w*|promo|popup|"
    r"modal|toc|jump|skip|catlinks|printfooter|editsection|noprint|navbox|masthead|"
    r"site-header|footer|topbar|toolbar|pagination|pager|disclaimer|paywall"
    r")(?:$|[-_])",
    re.IGNORECASE,
)
# Page builders wrap *all* content in "elementor-widget-*": their widget words are no signal.
_BUILDER_PREFIXES: Final = ("elementor-", "et_pb_", "vc_", "fl-", "wp-block-group")
_HIDDEN_CLASS_RE: Final = re.compile(
    r"(?:^|\s)(?:hidden|hide|sr-only|screen-reader-text|visually-?hidden|u-visually-hidden"
    r"|invisible|offscreen|element-invisible)(?:\s|$)",
    re.IGNORECASE,
)
_HIDDEN_STYLE_RE: Final = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# --- reference containers --------------------------------------------------------------

_PRECEDING_HEADINGS_XPATH: Final = etree.XPath(
    "preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
    "[position() <= 3]"
)
_NEXT_LIST_XPATH: Final = etree.XPath(
    "following::*[self::ol or self::ul or self::h1 or self::h2 or self::h3 or self::h4"
    " or self::h5 or self::h6 or self::x-reflist][1]"
)
_BACKLINK_CLASS_RE: Final = re.compile(
    r"mw-cite-backlink|footnote-backref|footnote-back\b|reversefootnote|data-footnote-backref"
    r"|footnote_backlink|footnote_plugin_link|c-article-references__links",
)
_BACKLINK_TEXT_RE: Final = re.compile(
    r"[\s↩↑⤴⬆︎️^\d]*|\s*(?:jump up|back(?: to (?:text|content))?|return)\b.*",
    re.IGNORECASE,
)
_ENTRY_EDGE_RE: Final = re.compile(r"^[\s↩↑⤴⬆︎️^]+|[\s↩↑⤴⬆︎️]+$")
_COUNTER_RE: Final = re.compile(r"\[?(\d{1,4})[.)\]]?")
_INDEX_NUMBER_RE: Final = re.compile(r"\d+")
_MOVE_TO_RE: Final = re.compile(r"footnote_moveTo\w*\(\s*'([^']+)'")
_COLLAPSE_BUTTON_RE: Final = re.compile(r"\[\s*[+−-]\s*\]")

# --- markers ------------------------------------------------------------------------------

# What a footnote marker may say: "12", "3a", "b", "iv", "*", "†", "note 2".
_LABEL_RE: Final = re.compile(
    r"\d{1,4}[a-z]?|[a-z]{1,2}|[ivxlc]{1,6}|[*†‡§¶#]{1,3}|(?:note|fn|n)\s?\d{1,4}",
    re.IGNORECASE,
)
_BARE_SUP_RE: Final = re.compile(r"\[?(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]?")
# An exponent base right before a superscript: "mg/m", "25 cm", "10", "ft".
_UNIT_BEFORE_RE: Final = re.compile(r"(?:(?:^|[\s(/\d])[kcmdµμn]?m|[/\d\s]ft)$")
_NOTE_REF_CLASS_RE: Final = re.compile(r"footnote-ref|footnote_ref|\bfootnote\b|\bfnref\b")

# --- text ------------------------------------------------------------------------------

_DROPPED_RE: Final = re.compile("[\u200b\ufeff\u00ad\u2060]")
_XML_DECL_RE: Final = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_MARKUP_RE: Final = re.compile(r"<[A-Za-z!?/]")
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0e-\x1f]")
_TITLE_SEP_RE: Final = re.compile(r"\s+(?:[|\-–—·•»:]{1,2})\s+")
_LANG_RE: Final = re.compile(r"([A-Za-z]{2,3})(?:[-_].*)?")
_NON_ALNUM_RE: Final = re.compile(r"[\W_]+")

# `_Walker._marker` result for a superscript link to a non-reference anchor: dropped.
_CROSS_REF: Final[tuple[list[str], str | None]] = ([], None)

_MODE_BLOCK: Final = 0  # paragraphs are flushed at block boundaries
_MODE_ITEM: Final = 1  # inside a list item: blocks join with spaces, nested lists nest
_MODE_INLINE: Final = 2  # heading, table cell, reference text: everything joins

_MAX_DEPTH: Final = 180  # deeper subtrees are read as plain text (keeps recursion bounded)
_LABEL_MAX: Final = 80
_SOLE_LABEL_MAX: Final = 120


# --- small helpers -----------------------------------------------------------------------


def _text(el: Element) -> str:
    """All text inside `el` (not its tail): lxml's C serialiser beats itertext() and XPath."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _nonspace_len(text: str) -> int:
    """Text size without layout whitespace (a size measure, so tabs/newlines/spaces only)."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def _classes(el: Element) -> str:
    return el.get("class") or ""


def _drop(el: Element) -> None:
    """Remove `el` and its subtree but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _clean_label(text: str) -> str | None:
    label = _collapse(text).strip("[]() ").rstrip(".)")
    return label if label and _LABEL_RE.fullmatch(label) else None


_HIDDEN: Final = 3  # a verdict of `_class_verdict`/`_chrome`: hidden from readers
_CLASS_CACHE: dict[str, int] = {}


def _class_verdict(value: str) -> int:
    """0, 1 = names page chrome, or _HIDDEN; cached (the same class strings repeat a lot)."""
    hit = _CLASS_CACHE.get(value)
    if hit is None:
        if _HIDDEN_CLASS_RE.search(value):
            hit = _HIDDEN
        else:
            hit = int(
                any(
                    _CHROME_TOKEN_RE.search(token) is not None
                    for token in value.split()
                    if not token.startswith(_BUILDER_PREFIXES)
                )
            )
        if len(_CLASS_CACHE) < 50_000:
            _CLASS_CACHE[value] = hit
    return hit


# --- inline text runs ------------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    """Raw inline text of one block, with marker sentinels."""

    parts: list[str] = field(default_factory=list)
    markers: list[tuple[str, str | None]] = field(default_factory=list)
    has_content: bool = False
    br_pending: bool = False
    label: str | None = None  # raw text of a leading <strong>/<b>


def _finish(run: _Run, pre: bool = False) -> tuple[str, list[Marker]]:
    """Collapse whitespace and turn marker sentinels into offsets in the cleaned text."""
    raw = "".join(run.parts)
    # A containment test per character is O(1) on ASCII/Latin-1 text: cheaper than the regex.
    if "\u200b" in raw or "\ufeff" in raw or "\u00ad" in raw or "\u2060" in raw:
        raw = _DROPPED_RE.sub("", raw)
    if pre:
        lines = (" ".join(line.split()) for line in raw.split("\n"))
        text = "\n".join(line for line in lines if line)
    else:
        text = " ".join(raw.split())
    if not run.markers:
        return text.replace(_SENT, ""), []
    pieces = text.split(_SENT)
    out = pieces[0].lstrip()
    offsets: list[int] = []
    for piece in pieces[1:]:
        if not out:
            offsets.append(0)
            piece = piece.lstrip()
        elif out.endswith((" ", "\n")) and piece.startswith((" ", "\n")):
            offsets.append(len(out) - 1)  # "word [1] next": the marker stood after "word"
            out = out[:-1]
        else:
            offsets.append(len(out))
        out += piece
    out = out.rstrip()
    markers = [
        Marker(min(off, len(out)), label, target)
        for off, (label, target) in zip(offsets, run.markers, strict=False)
    ]
    return out, markers


def _clean_text(raw: str | None) -> str:
    """`_finish` of a run holding `raw` alone (no markers, not preformatted)."""
    if not raw:
        return ""
    if "\u200b" in raw or "\ufeff" in raw or "\u00ad" in raw or "\u2060" in raw:
        raw = _DROPPED_RE.sub("", raw)
    return " ".join(raw.split()).replace(_SENT, "")


def _may_be_marker(el: Element, tag: str) -> bool:
    """A `<span>`/`<a>` is inline text unless it has a footnote-plugin class or is a
    same-page link (`_Walker._marker` decides then)."""
    cls = el.get("class")
    if cls is not None and ("footnote_referrer" in cls or "footnote_plugin_tooltip" in cls):
        return True
    return tag == "a" and "#" in (el.get("href") or "")


def _tail(run: _Run, size: int = 12) -> str:
    buf = ""
    for part in reversed(run.parts):
        buf = part + buf
        if len(buf) >= size:
            break
    return buf.replace(_SENT, "")


def _paragraph_label(text: str, bold: str | None) -> str | None:
    """The label of `<strong>Multiple Sclerosis:</strong> ...` is "Multiple Sclerosis"."""
    if not bold:
        return None
    lead = _collapse(bold.replace(_SENT, ""))
    if not lead or not text.startswith(lead):
        return None
    if lead.endswith(":"):
        label = lead[:-1].rstrip()
        return label if label and len(label) <= _LABEL_MAX else None
    rest = text[len(lead) :].lstrip()
    if rest.startswith(":"):
        return lead if len(lead) <= _LABEL_MAX else None
    if not rest and len(lead) <= _SOLE_LABEL_MAX:
        return lead
    return None


# --- the walker ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Container:
    element: Element
    heading: str | None = None


class _Walker:
    """Turns a content root into blocks; also reads reference containers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.refs: list[ReferenceList] = []
        self.emitted: set[int] = set()
        # every id/name inside a reference entry -> that entry's anchor
        self.anchors: dict[str, str] = {}
        self.bare_markers = False
        self._run = _Run()
        self._mode = _MODE_BLOCK
        self._pre = 0
        self._depth = 0
        self._items: list[ListItem | None] = []
        self._item_depth = 0
        self._deferred: list[int] = []

    # text accumulation

    def _add_text(self, text: str) -> None:
        run = self._run
        run.parts.append(text)
        if (run.br_pending or not run.has_content) and not text.isspace():
            run.has_content = True
            run.br_pending = False

    def _add_marker(self, labels: list[str], target: str | None) -> None:
        for label in labels:
            self._run.parts.append(_SENT)
            self._run.markers.append((label, target))
        self._run.has_content = True
        self._run.br_pending = False

    def flush(self) -> None:
        run = self._run
        self._run = _Run()
        if not run.has_content:
            return
        text, markers = _finish(run, pre=self._pre > 0)
        if text:
            self.blocks.append(Paragraph(text, markers, _paragraph_label(text, run.label)))

    def collect(self, el: Element, mode: int = _MODE_INLINE) -> tuple[str, list[Marker]]:
        """The inline text of `el` (without its tail) in a fresh run."""
        if not len(el):  # text only (most table cells): the run would hold just el.text
            return _clean_text(el.text), []
        saved = (self._run, self._mode)
        self._run, self._mode = _Run(), mode
        self._children(el)
        text, markers = _finish(self._run)
        self._run, self._mode = saved
        return text, markers

    # traversal

    def walk(self, root: Element) -> None:
        self._children(root)
        self.flush()

    def _children(self, el: Element) -> None:
        # The hot loop of the reader: `_element` and `_add_text` are inlined.
        text = el.text
        if text:
            self._add_text(text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                if self._depth > _MAX_DEPTH:
                    self._add_text(" " + _text(child) + " ")
                else:
                    self._depth += 1
                    kind = _TAG_KINDS.get(tag, _INLINE)
                    if kind == _INLINE or (kind == _LINK and not _may_be_marker(child, tag)):
                        # plain inline text (what `_dispatch` would do, without the call)
                        if len(child):
                            self._children(child)
                        else:
                            text = child.text
                            if text:
                                self._add_text(text)
                    else:
                        self._dispatch(child, tag)
                    self._depth -= 1
            text = child.tail
            if text:
                run = self._run
                run.parts.append(text)
                if (run.br_pending or not run.has_content) and not text.isspace():
                    run.has_content = True
                    run.br_pending = False

    def _dispatch(self, el: Element, tag: str) -> None:
        if tag == "span" or tag == "a":
            if _may_be_marker(el, tag) and self._try_marker(el, tag):
                return
            self._children(el)
        elif tag == _PLACEHOLDER:
            self._reference_placeholder(el)
        elif tag == "br":
            self._br()
        elif tag in _HEADING_LEVEL:
            self._heading(el, tag)
        elif tag in _LIST_TAGS:
            self._list_element(el)
        elif tag == "table" and self._mode == _MODE_BLOCK:
            self.flush()
            self._table(el)
            self._emit_deferred()
        elif tag == "sup" and self._try_marker(el, tag):
            return
        elif tag in _BLOCK_TAGS:
            self._block(el, tag)
        elif tag in _BOLD_TAGS and self._mode == _MODE_BLOCK and not self._run.has_content:
            start = len(self._run.parts)
            run = self._run
            self._children(el)
            if run is self._run:  # no block boundary inside the bold text
                run.label = "".join(run.parts[start:])
        else:
            self._children(el)

    def _block(self, el: Element, tag: str) -> None:
        if self._mode != _MODE_BLOCK:
            self._add_text(" ")
            self._children(el)
            self._add_text(" ")
            return
        self.flush()
        if tag == "pre":
            self._pre += 1
            self._children(el)
            self.flush()
            self._pre -= 1
        else:
            self._children(el)
            self.flush()
        self._emit_deferred()

    def _br(self) -> None:
        run = self._run
        if self._pre:
            self._add_text("\n")
        elif run.br_pending and self._mode == _MODE_BLOCK:
            self.flush()  # <br><br> separates paragraphs on old pages
        else:
            run.parts.append(" ")
            run.br_pending = run.has_content

    def _heading(self, el: Element, tag: str) -> None:
        if self._mode != _MODE_BLOCK:
            self._block(el, tag)
            return
        self.flush()
        text, _ = self.collect(el)
        if text:
            self.blocks.append(Heading(_HEADING_LEVEL[tag], text, el.get(_KIND_ATTR)))
        self._emit_deferred()

    # references

    def _reference_placeholder(self, el: Element) -> None:
        index = int(el.get("data-ref", "-1"))
        if not 0 <= index < len(self.refs) or index in self.emitted:
            return
        self.emitted.add(index)
        if self._mode != _MODE_BLOCK:
            self._deferred.append(index)
            return
        self.flush()
        self.blocks.append(self.refs[index])

    def _emit_deferred(self) -> None:
        if self._mode != _MODE_BLOCK or not self._deferred:
            return
        self.flush()
        self.blocks.extend(self.refs[i] for i in self._deferred)
        self._deferred.clear()

    # lists

    def _list_element(self, el: Element) -> None:
        if self._mode == _MODE_ITEM:
            self._list_items(el, self._item_depth + 1)
            return
        if self._mode == _MODE_INLINE:
            self._block(el, el.tag)
            return
        self.flush()
        if not _link_list(el):
            saved = self._items
            self._items = []
            self._list_items(el, 0)
            items = _normalise_depths([i for i in self._items if i is not None])
            self._items = saved
            if items:
                self.blocks.append(ListBlock(items, ordered=el.tag == "ol"))
        self._emit_deferred()

    def _list_items(self, el: Element, depth: int) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in _LIST_TAGS:
                self._list_items(child, depth + 1)
                continue
            if tag != "li" and next(child.iterdescendants("li"), None) is not None:
                self._list_items(child, depth)  # a wrapper <div> inside a list
                continue
            index = len(self._items)
            if not len(child):  # text only: the run would hold just its text
                text = _clean_text(child.text)
                self._items.append(ListItem(text, depth, []) if text else None)
                continue
            self._items.append(None)
            saved = (self._run, self._mode, self._item_depth)
            self._run, self._mode, self._item_depth = _Run(), _MODE_ITEM, depth
            self._children(child)
            text, markers = _finish(self._run)
            self._run, self._mode, self._item_depth = saved
            if text:
                self._items[index] = ListItem(text, depth, markers)

    # tables

    def _table(self, table: Element) -> None:
        if (
            table.get("role") == "presentation"
            or next(table.iterdescendants(*_LAYOUT_SIGNS), None) is not None
        ):
            self._children(table)  # a layout table: its cells are ordinary containers
            self.flush()
            return
        caption = table.find("caption")
        if caption is not None:
            text, markers = self.collect(caption)
            if text:
                self.blocks.append(Paragraph(text, markers))
        for row in _rows(table):
            cells: list[tuple[str, list[Marker]]] = []
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                    text, markers = self.collect(cell)
                    if text:
                        cells.append((text, markers))
            if cells:
                self.blocks.append(_join_cells(cells))

    # markers

    def _try_marker(self, el: Element, tag: str) -> bool:
        """Add the marker `el` stands for; False when it is ordinary inline text."""
        found = self._marker(el, tag)
        if found is None:
            return False
        if found is not _CROSS_REF:
            self._add_marker(*found)
        return True

    def _marker(self, el: Element, tag: str) -> tuple[list[str], str | None] | None:
        """(labels, target) of a footnote marker, _CROSS_REF, or None for plain text."""
        cls = _classes(el)
        if "footnote_referrer" in cls or "footnote_plugin_tooltip" in cls:
            return self._canonical(_plugin_marker(el))
        if tag == "span":
            return None
        if tag == "sup":
            link = el.find(".//a")
            if link is None:
                return self._bare_marker(el)
            if "footnote_plugin_tooltip" in _classes(link):
                return self._canonical(_plugin_marker(link))
            target = self._fragment(link.get("href"))
            if target is None:  # "[1]" linked straight to the cited source
                return self._bare_marker(el)
            label = _clean_label(_text(el))
            return self._linked(label, target)
        # <a href="#fn1"><sup>1</sup></a>, pandoc/GFM "footnote-ref" links
        target = self._fragment(el.get("href"))
        if target is None:
            return None
        only_sup = len(el) == 1 and el[0].tag == "sup" and not (el.text or "").strip()
        noteref = (
            _NOTE_REF_CLASS_RE.search(cls) is not None
            or el.get("data-footnote-ref") is not None
            or el.get("role") == "doc-noteref"
        )
        if not (only_sup or noteref):
            return None
        return self._linked(_clean_label(_text(el)), target)

    def _canonical(
        self, found: tuple[list[str], str | None] | None
    ) -> tuple[list[str], str | None] | None:
        if found is None or found[1] is None:
            return found
        return found[0], self.anchors.get(found[1], found[1])

    def _linked(self, label: str | None, target: str) -> tuple[list[str], str | None] | None:
        if label is None:
            return None
        if not self.anchors:
            return [label], target
        anchor = self.anchors.get(target)
        # A superscript link to some other anchor (an affiliation, a figure) cites nothing.
        return ([label], anchor) if anchor is not None else _CROSS_REF

    def _bare_marker(self, el: Element) -> tuple[list[str], str | None] | None:
        """`<sup>1</sup>` without an in-page link: a marker only on pages with references."""
        if not self.bare_markers or not self._run.has_content:
            return None
        m = _BARE_SUP_RE.fullmatch(_collapse(_text(el)))
        if m is None:
            return None
        before = _tail(self._run)
        if not before or before[-1].isdigit() or _UNIT_BEFORE_RE.search(before):
            return None
        labels = expand_labels(m.group(1))
        return (labels, None) if labels else None

    def _fragment(self, href: str | None) -> str | None:
        """The anchor id a same-page link points at."""
        if not href:
            return None
        _, sep, frag = href.partition("#")
        if not sep or not frag:
            return None
        frag = unquote(frag)
        if href.startswith("#") or frag in self.anchors:
            return frag
        return None


def _rows(table: Element) -> Iterator[Element]:
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _join_cells(cells: list[tuple[str, list[Marker]]]) -> Paragraph:
    text = ""
    markers: list[Marker] = []
    for cell_text, cell_markers in cells:
        if text:
            text += " | "
        markers.extend(Marker(m.offset + len(text), m.label, m.target) for m in cell_markers)
        text += cell_text
    return Paragraph(text, markers)


def _normalise_depths(items: list[ListItem]) -> list[ListItem]:
    """Depth steps of at most one level, starting at 0 (after empty parents were dropped)."""
    prev = -1
    for item in items:
        item.depth = max(0, min(item.depth, prev + 1))
        prev = item.depth
    return items


def _link_list(el: Element) -> bool:
    """An in-page table of contents: >= 3 items that are nothing but links to anchors.

    Lists of links to other pages stay: side effects are often linked to symptom pages,
    and site menus are gone with the page chrome by now.
    """
    if sum(1 for _ in islice(el.iter("li"), 3)) < 3:
        return False
    links = list(el.iter("a"))
    if not links:
        return False
    anchors = sum(1 for a in links if (a.get("href") or "").startswith("#"))
    if anchors < 0.8 * len(links):
        return False  # decided before measuring any text
    total = _nonspace_len(_text(el))
    if total == 0:
        return False
    linked = sum(_nonspace_len(_text(a)) for a in links)
    return linked >= 0.9 * total


def _plugin_marker(el: Element) -> tuple[list[str], str | None] | None:
    """The WordPress "footnotes" plugin (Mark Cheret), all its referrer templates."""
    # 1.0 puts the tooltip text in a bare <span> inside the link: only the link's own text
    bare_tooltip = "footnote_plugin_tooltip" in _classes(el).split()
    label = _clean_label((el.text or "") if bare_tooltip else _text(el))
    if label is None:
        return None
    target: str | None = None
    for node in el.iter():
        m = _MOVE_TO_RE.search(node.get("onclick") or "")
        if m:
            return [label], m.group(1)
        href = node.get("href") or ""
        if target is None and href.startswith("#") and len(href) > 1:
            target = unquote(href[1:])
    if target is None:
        for node in el.iter():
            key = node.get("id") or node.get("name") or ""
            if key.startswith("footnote_plugin_tooltip_") and "_text_" not in key:
                target = key.replace("footnote_plugin_tooltip_", "footnote_plugin_reference_", 1)
                break
    return [label], target


# --- reference containers -------------------------------------------------------------------


def _heading_text(el: Element) -> str:
    return _collapse(_COLLAPSE_BUTTON_RE.sub("", _text(el)))


def _drop_backlinks(entry: Element) -> None:
    doomed: list[Element] = []
    for node in entry.iter():
        if node is entry or not isinstance(node.tag, str):
            continue
        cls = _classes(node)
        if (
            (cls and _BACKLINK_CLASS_RE.search(cls))
            or node.get("role") == "doc-backlink"
            or node.get("data-footnote-backref") is not None
            or (
                node.tag == "a"
                and (node.get("href") or "").startswith("#")
                and _BACKLINK_TEXT_RE.fullmatch(_text(node))
            )
        ):
            doomed.append(node)
    for node in doomed:
        if node.getparent() is not None:
            _drop(node)


def _register_anchors(walker: _Walker, entry: Element, anchor: str) -> None:
    """Markers may point at any id (or old-style `<a name>`) inside an entry."""
    for node in entry.iter():
        for key in (node.get("id"), node.get("name")):
            if key:
                walker.anchors.setdefault(key, anchor)


def _entry_url(el: Element) -> str | None:
    """The first link of a reference entry that leads to the cited work (not a search
    page, not a back-link): where HTML references keep their URL."""
    for link in el.iter("a"):
        url = reference_link(link.get("href") or "")
        if url:
            return url
    return None


def _entry_text(walker: _Walker, el: Element) -> str:
    text, _ = walker.collect(el)
    return _ENTRY_EDGE_RE.sub("", text)


def _list_entries(walker: _Walker, lst: Element) -> list[ReferenceEntry]:
    start = lst.get("start", "1").strip()
    number = int(start) if start.isdigit() else 1
    entries: list[ReferenceEntry] = []
    for li in lst:
        if li.tag != "li":
            continue
        value = (li.get("value") or "").strip()
        if value.isdigit():
            number = int(value)
        url = _entry_url(li)  # before back-links go: some sites list links beside them
        _drop_backlinks(li)
        counter = next((c for c in li if isinstance(c.tag, str) and _text(c).strip()), None)
        if counter is not None and any(k in _classes(counter) for k in ("counter", "label")):
            m = _COUNTER_RE.fullmatch(_collapse(_text(counter)))
            if m:
                number = int(m.group(1))
                _drop(counter)
        anchor = li.get("id") or next(
            (a for n in li.iterdescendants() for a in (n.get("id"), n.get("name")) if a), None
        )
        if anchor:
            _register_anchors(walker, li, anchor)
        text = _entry_text(walker, li)
        lead = _COUNTER_RE.match(text)
        if lead and lead.group(1) == str(number) and text[lead.end() : lead.end() + 1] == " ":
            text = text[lead.end() :].lstrip()
        if text:
            entries.append(ReferenceEntry(number, text, anchor, url))
        number += 1
    return entries


def _plugin_heading(el: Element) -> str | None:
    """The plugin's label ("Show 7 footnotes"), inside the container or just before it."""
    prev = el.getprevious()
    candidates = [n for n in el.iter() if "footnote_reference_container_label" in _classes(n)]
    candidates += [n for n in el.iter() if "footnote_container_prepare" in _classes(n)]
    candidates += list(el.iter("caption"))
    if prev is not None and "footnote_container_prepare" in _classes(prev):
        candidates.append(prev)
    return next((text for text in map(_heading_text, candidates) if text), None)


def _plugin_table_entries(walker: _Walker, el: Element) -> list[ReferenceEntry]:
    entries: list[ReferenceEntry] = []
    for position, row in enumerate(el.iter("tr"), start=1):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        text_cell = next((c for c in cells if "footnote_plugin_text" in _classes(c)), None)
        if text_cell is None:
            continue
        index_cell = next((c for c in cells if "footnote_plugin_index" in _classes(c)), None)
        numbers = (
            [int(n) for n in _INDEX_NUMBER_RE.findall(_text(index_cell))]
            if index_cell is not None
            else []
        )
        anchors = [
            n.get("id", "")
            for n in row.iter()
            if (n.get("id") or "").startswith("footnote_plugin_reference")
        ] or [a for a in (row.get("id"),) if a]
        text = _entry_text(walker, text_cell)
        if not text:
            continue
        if anchors:
            _register_anchors(walker, row, anchors[0])
        for k, number in enumerate(numbers or [position]):
            anchor = anchors[min(k, len(anchors) - 1)] if anchors else None
            entries.append(ReferenceEntry(number, text, anchor, _entry_url(text_cell)))
    return entries


def _plugin_div_entries(walker: _Walker, group: list[Element]) -> list[ReferenceEntry]:
    """Plugin 1.0-1.3: one `div.footnote_plugin_container` per note; no ids, a backlink."""
    entries: list[ReferenceEntry] = []
    for position, box in enumerate(group, start=1):
        index = box.find(".//*[@class='footnote_plugin_index']")
        body = box.find(".//*[@class='footnote_plugin_text']")
        if body is None:
            continue
        numbers = _INDEX_NUMBER_RE.findall(_text(index)) if index is not None else []
        anchor = None
        for link in body.iter("a"):
            href = link.get("href") or ""
            if href.startswith("#footnote_plugin_tooltip_"):
                anchor = href[1:].replace("tooltip", "reference", 1)
        _drop_backlinks(body)
        text = _entry_text(walker, body)
        if text:
            number = int(numbers[0]) if numbers else position
            entries.append(ReferenceEntry(number, text, anchor, _entry_url(body)))
    return entries


def _container_entries(walker: _Walker, el: Element) -> tuple[list[ReferenceEntry], str | None]:
    cls = _classes(el)
    if (
        "footnotes_reference_container" in cls
        or "footnote-reference-container" in cls
        or "footnotes_table" in cls
        or (el.get("id") or "").startswith("footnote_references_container")
    ):
        return _plugin_table_entries(walker, el), _plugin_heading(el)
    if el.tag in ("ol", "ul"):
        return _list_entries(walker, el), None
    heading = next((_heading_text(h) for h in el.iter(*_HEADING_LEVEL)), None) or None
    lst = el.find(".//ol")
    if lst is None:
        lst = el.find(".//ul")
    if lst is None:
        return _paragraph_entries(walker, el), heading
    return _list_entries(walker, lst), heading


def _paragraph_entries(walker: _Walker, box: Element) -> list[ReferenceEntry]:
    """Notes written as numbered paragraphs: `<p id="fn1"><sup>1</sup> Text</p>`."""
    entries: list[ReferenceEntry] = []
    for para in box.iter("p", "div"):
        if para.find("p") is not None or para.find("div") is not None:
            continue
        anchor = para.get("id") or next(
            (a for n in para.iterdescendants() for a in (n.get("id"), n.get("name")) if a), None
        )
        if anchor:
            _register_anchors(walker, para, anchor)
        number: int | None = None
        first = para[0] if len(para) and not (para.text or "").strip() else None
        if first is not None and first.tag in ("sup", "a", "span", "b", "strong"):
            m = _COUNTER_RE.fullmatch(_collapse(_text(first)))
            if m:  # "<sup>1</sup>Text": the number is markup of its own
                number = int(m.group(1))
                _drop(first)
        _drop_backlinks(para)
        text = _entry_text(walker, para)
        lead = _COUNTER_RE.match(text) if number is None else None
        if lead is not None and text[lead.end() : lead.end() + 1].isspace():
            number, text = int(lead.group(1)), text[lead.end() :].lstrip()
        if number is not None and text:
            entries.append(ReferenceEntry(number, text, anchor, _entry_url(para)))
    return entries


def _replace(el: Element, index: int) -> None:
    parent = el.getparent()
    if parent is None:
        return
    ph = el.makeelement(_PLACEHOLDER, {"data-ref": str(index)})
    ph.tail = el.tail
    el.tail = None
    parent.replace(el, ph)


def _preceding_ref_heading(el: Element) -> str | None:
    """A "References" heading among the three before `el` (a note may sit in between)."""
    for head in cast("list[Element]", _PRECEDING_HEADINGS_XPATH(el)):
        text = _heading_text(head)
        if is_reference_heading(text):
            return text
    return None


# --- one pass over the page: reference containers and content-root candidates ---------------

_ROOT_CLASSES: Final = frozenset(
    {"entry-content", "post-content", "article-body", "article-content"}
)
_ROOT_IDS: Final = frozenset({"content", "bodyContent", "mw-content-text", "main-content", "main"})
_NOTE_LIST_CLASSES: Final = frozenset({"references", "c-article-references", "footnotes"})
_NOTE_BOX_CLASSES: Final = frozenset({"footnotes", "footnote"})
_NOTE_BOX_TAGS: Final = frozenset({"section", "div", "aside", "footer"})
_ROOT_TAGS: Final = frozenset({"article", "main", "div", "section"})
_ROOT_RANKS: Final = 5  # article, [itemprop=articleBody], main, .entry-content..., #content...


def _is_container(el: Element, tag: str, cls: str | None, ident: str | None) -> bool:
    if ident and ident.startswith("footnote_references_container"):
        return True
    if cls:
        if "footnotes_reference_container" in cls or "footnote_plugin_container" in cls:
            return True
        if tag == "table":
            return "footnote-reference-container" in cls or "footnotes_table" in cls
        if tag == "ol":
            return "wp-block-footnotes" in cls or not _NOTE_LIST_CLASSES.isdisjoint(cls.split())
        if tag in _NOTE_BOX_TAGS and "footnote" in cls:
            return not _NOTE_BOX_CLASSES.isdisjoint(cls.split())
    return tag == "section" and (
        el.get("data-footnotes") is not None or el.get("role") == "doc-endnotes"
    )


def _root_rank(el: Element, tag: str, cls: str | None, ident: str | None) -> int:
    """Which content-root selector `el` answers (0 = best), or -1."""
    if tag == "article":
        return 0
    if tag == "main":
        return 2
    if cls and "-" in cls and not _ROOT_CLASSES.isdisjoint(cls.split()):
        return 3
    if ident in _ROOT_IDS:
        return 4
    if tag in ("div", "section"):
        if el.get("itemprop") == "articleBody":
            return 1
        if el.get("role") == "main":
            return 2
    return -1


def _short_leaf(el: Element) -> bool:
    """A `<p>` that could be a "References" heading: short text, at most one child."""
    n = len(el)
    if n > 1:
        return False
    if n == 0:
        return len(el.text or "") < 60
    return len(el.text or "") < 8 and len(el[0].text or "") < 60


@dataclass(slots=True)
class _Survey:
    containers: list[Element] = field(default_factory=list)
    roots: list[list[Element]] = field(default_factory=lambda: [[] for _ in range(_ROOT_RANKS)])
    headings: list[Element] = field(default_factory=list)  # h1-h6, short p/dt: "References"
    junk: list[Element] = field(default_factory=list)  # tooltips repeating a footnote, "[edit]"
    labels: list[Element] = field(default_factory=list)  # plugin "Show 7 footnotes" boxes
    # (element, `_chrome` verdict) of every element with a verdict, for `_strip_chrome`
    chrome: list[tuple[Element, int]] = field(default_factory=list)


# Tags the survey looks at even without a class or id (sections, content roots, headings).
_SURVEY_TAGS: Final = frozenset({"section", "article", "main", "div", "p", "dt", *_HEADING_LEVEL})


def _survey(body: Element) -> _Survey:
    survey = _Survey()
    for el in body.iter(etree.Element):  # elements only, no comments/PIs
        tag = el.tag
        keys = el.keys()
        if keys or tag in _CHROME_TAGS or tag == "form":
            verdict = _chrome(el, tag, keys)
            if verdict:
                survey.chrome.append((el, verdict))
        if not keys:
            if tag not in _SURVEY_TAGS:
                continue  # a plain span, link, list item, cell...: nothing below can apply
            cls = ident = None
        else:
            cls = el.get("class")
            ident = el.get("id")
            if cls is None and ident is None and tag not in _SURVEY_TAGS:
                continue
        if cls and ("footnote_" in cls or "editsection" in cls):
            if "footnote_container_prepare" in cls:
                survey.labels.append(el)
            elif "footnote_tooltip" in cls or "editsection" in cls:
                survey.junk.append(el)
        maybe_notes = tag == "section" or (
            (cls is not None and ("foot" in cls or "references" in cls))
            or (ident is not None and ident.startswith("footnote_"))
        )
        if maybe_notes and _is_container(el, tag, cls, ident):
            survey.containers.append(el)
            continue
        if tag in _ROOT_TAGS or cls is not None or ident is not None:
            rank = _root_rank(el, tag, cls, ident)
            if rank >= 0:
                survey.roots[rank].append(el)
        if tag in _HEADING_LEVEL or (tag in ("p", "dt") and _short_leaf(el)):
            survey.headings.append(el)
    chosen = set(survey.containers)  # nested matches are parts of their container
    survey.containers = [
        el for el in survey.containers if not any(a in chosen for a in el.iterancestors())
    ]
    return survey


def _find_containers(survey: _Survey) -> list[_Container | list[Element]]:
    """Reference containers in document order; plugin 1.x boxes grouped per run of siblings."""
    found: list[_Container | list[Element]] = []
    for el in survey.containers:
        if "footnote_plugin_container" in _classes(el).split():
            last = found[-1] if found else None
            if isinstance(last, list) and last[-1].getnext() is el:
                last.append(el)
            else:
                found.append([el])
            continue
        found.append(_Container(el, _preceding_ref_heading(el)))
    taken = {c.element for c in found if isinstance(c, _Container)}
    for head in survey.headings:
        if head.getparent() is None or _text_len(head) > 48:
            continue
        text = _heading_text(head)
        if not text or not is_reference_heading(text):
            continue
        nxt = cast("list[Element]", _NEXT_LIST_XPATH(head))
        if not nxt or nxt[0].tag not in ("ol", "ul") or nxt[0] in taken:
            continue
        lst = nxt[0]
        if any(a in taken or a.tag in ("nav", "li") for a in lst.iterancestors()):
            continue
        if lst.tag == "ul" and not looks_like_references(
            [_collapse(_text(li)) for li in lst if li.tag == "li"]
        ):
            continue
        taken.add(lst)
        found.append(_Container(lst, text))
        if head.tag not in _HEADING_LEVEL:
            _drop(head)  # a "<p><b>References</b></p>" heading lives on in the list
    return found


# --- content root and boilerplate ------------------------------------------------------------

_SCORED_TAGS: Final = ("p", "pre", "blockquote", "td")


def _text_len(el: Element) -> int:
    return _nonspace_len(_text(el))


def _semantic_root(survey: _Survey, body_len: int) -> Element | None:
    need = min(1000, max(1, body_len * 3 // 10))
    for candidates in survey.roots:
        alive = [el for el in candidates if el.getparent() is not None]
        if alive:
            size, best = max(((_text_len(el), el) for el in alive), key=lambda pair: pair[0])
            if size >= need:
                return best
    return None


def _density_root(body: Element, body_len: int) -> Element:
    """The element holding most paragraph text; the body when no element dominates."""
    scores: dict[Element, float] = {}
    for p in body.iter(*_SCORED_TAGS):
        text = _text(p)
        size = _nonspace_len(text)
        if size < 25:
            continue
        score = 1.0 + text.count(",") + min(size // 100, 3)
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    # Only a clear winner replaces the cleaned body: it must carry most of the text.
    return best if _text_len(best) >= 0.75 * body_len else body


def _chrome(el: Element, tag: str, keys: Sequence[str | bytes] | None = None) -> int:
    """2 = page chrome by tag/role, 1 = by class/id or a form, _HIDDEN, 0 = content.

    `keys` are the element's attribute names when the caller has them already."""
    if tag in _CHROME_TAGS:
        return 2
    if keys is None:
        keys = el.keys()
    if not keys:
        return 1 if tag == "form" else 0
    if "style" in keys and _HIDDEN_STYLE_RE.search(el.get("style", "")):
        return _HIDDEN
    if "hidden" in keys or el.get("aria-hidden") == "true":
        return _HIDDEN
    if "role" in keys and el.get("role") in _CHROME_ROLES:
        return 2
    verdict = 1 if tag == "form" else 0
    if "class" in keys:
        verdict = max(verdict, _class_verdict(el.get("class", "")))
    if not verdict and "id" in keys:
        verdict = min(_class_verdict(el.get("id", "")), 1)
    return verdict


def _holds_content(el: Element, verdict: int, root_len: int) -> bool:
    """Chrome that wraps most of the page is a wrapper, not chrome: look inside instead.

    Class matches ("content has-sidebar"), hidden wrappers (revealed by a script) and forms
    (ASP.NET pages sit in one) qualify by size alone. Chrome tags qualify only when they
    also hold the title or an article:
    libxml2 does not close an HTML5 `<nav>` at `</nav>` when a `<div>` inside it was left
    open, and then the whole page body ends up inside the nav.
    """
    if _text_len(el) <= root_len // 2:
        return False
    if verdict != 2:
        return True
    return next(el.iterdescendants("h1", "article"), None) is not None


def _in_article(el: Element) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _strip_chrome(
    root: Element, candidates: Sequence[tuple[Element, int]], root_len: int = -1
) -> None:
    """Drop the page chrome inside `root` (not `root` itself), outermost first.

    `candidates` are the elements with a `_chrome` verdict, in document order (from the
    survey: verdicts depend on tag and attributes only, which nothing has changed since).
    Those no longer under `root` (read as references, dropped) or inside chrome already
    dropped are passed over. `root_len` is `_text_len(root)` when the caller knows it.
    """
    doomed: list[Element] = []
    dropped: set[Element] = set()
    for el, verdict in candidates:
        if el is root or not _under(el, root, dropped):
            continue
        if verdict == 2 and el.tag == "header" and _in_article(el):
            continue  # an article's own header holds its title
        root_len = root_len if root_len >= 0 else _text_len(root)
        if _holds_content(el, verdict, root_len):
            continue
        doomed.append(el)
        dropped.add(el)
    for el in doomed:
        _drop(el)


def _under(el: Element, root: Element, dropped: set[Element]) -> bool:
    """Is `el` inside `root` and outside every element in `dropped`?"""
    node = el.getparent()
    while node is not None:
        if node is root:
            return True
        if node in dropped:
            return False
        node = node.getparent()
    return False


def _ends_with(root: Element, el: Element) -> bool:
    """Nothing but whitespace follows `el` inside `root`."""
    node: Element | None = el
    while node is not None and node is not root:
        if (node.tail or "").strip():
            return False
        for sib in node.itersiblings():
            if isinstance(sib.tag, str) and (_text(sib).strip() or sib.tag == _PLACEHOLDER):
                return False
            if (sib.tail or "").strip():
                return False
        node = node.getparent()
    return True


def _endnote_list(root: Element) -> Element | None:
    """An `<ol>` closing the content whose items the page's bare `<sup>n</sup>` cite."""
    labels: list[int] = []
    for sup in root.iter("sup"):
        if sup.find(".//a") is None:
            m = _BARE_SUP_RE.fullmatch(_collapse(_text(sup)))
            if m:
                labels.extend(int(x) for x in expand_labels(m.group(1)))
    if not labels:
        return None
    lists = list(root.iter("ol"))
    if not lists:
        return None
    last = lists[-1]
    items = sum(1 for li in last if li.tag == "li")
    if items and max(labels) <= items and _ends_with(root, last):
        return last
    return None


# --- metadata ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Meta:
    title: str | None = None
    og_title: str | None = None
    url: str | None = None
    site: str | None = None
    language: str | None = None


def _absolute(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) and len(url) > 8 else None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    m = _LANG_RE.fullmatch(value.strip())
    if not m or m.group(1).lower() in ("und", "xx", "zxx"):
        return None
    return m.group(1).lower()


def _metadata(doc: Element) -> _Meta:
    meta = _Meta()
    head = doc.find("head")
    scope = head if head is not None else doc
    canonical = og_url = locale = content_language = None
    for el in scope.iter("meta", "link", "title"):
        if el.tag == "title":
            meta.title = meta.title or _collapse(_text(el)) or None
            continue
        if el.tag == "link":
            if "canonical" in (el.get("rel") or "").lower().split():
                canonical = canonical or _absolute(el.get("href"))
            continue
        key = (el.get("property") or el.get("name") or "").lower()
        value = _collapse(el.get("content") or "")
        if not value:
            continue
        if key == "og:title":
            meta.og_title = meta.og_title or value
        elif key == "og:url":
            og_url = og_url or _absolute(value)
        elif key == "og:site_name":
            meta.site = meta.site or value
        elif key == "og:locale":
            locale = value
        elif (el.get("http-equiv") or "").lower() == "content-language":
            content_language = value
    meta.url = canonical or og_url
    if meta.site is None and meta.url:
        meta.site = urlsplit(meta.url).hostname
    meta.language = (
        _language(doc.get("lang"))
        or _language(doc.get("{http://www.w3.org/XML/1998/namespace}lang"))
        or _language(doc.get("xml:lang"))
        or _language(content_language)
        or _language(locale)
    )
    return meta


def _domain_name(url: str | None) -> str | None:
    """The name part of a URL's domain: "https://en.wikipedia.org/..." -> "wikipedia"."""
    labels = (urlsplit(url).hostname or "").lower().split(".") if url else []
    if len(labels) < 2:
        return None
    name = labels[-2]
    if name in ("co", "com", "org", "net", "gov", "ac", "edu") and len(labels) >= 3:
        name = labels[-3]  # example.co.uk
    return _NON_ALNUM_RE.sub("", name) or None


def _strip_site(title: str, site: str | None, url: str | None) -> str:
    """Drop the site from a title: "Mozilla - Wikipedia" -> "Mozilla"."""
    seps = list(_TITLE_SEP_RE.finditer(title))
    if not seps:
        return title
    names: set[str] = set()
    if site:
        names.add(_NON_ALNUM_RE.sub("", site.lower()))
    domain = _domain_name(url)
    if domain:
        names.add(domain)
    last, first = seps[-1], seps[0]
    tail = title[last.end() :]
    tail_key = _NON_ALNUM_RE.sub("", tail.lower())
    head_key = _NON_ALNUM_RE.sub("", title[: first.start()].lower())
    if tail_key and any(tail_key == n or (n and n in tail_key) for n in names):
        return title[: last.start()].strip()
    if head_key and head_key in names:
        return title[first.end() :].strip()
    if "|" in last.group() and len(tail.split()) <= 5:
        return title[: last.start()].strip()
    return title


# --- entry point -----------------------------------------------------------------------------


# lxml.html's parser is libxml2's HTML parser plus a Python element-class lookup that costs
# more than the parse itself on large pages; the plain etree elements serve us as well.
_PARSER: Final = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def _parse(text: str) -> Element:
    if not text or not text.strip():
        raise ValueError("empty HTML input: the page has no text")
    head = text[:4096]
    if len(_CONTROL_RE.findall(head)) > len(head) // 20:
        raise ValueError("input looks binary: too many control characters for an HTML page")
    if not _MARKUP_RE.search(text):
        raise ValueError("input holds no HTML markup (no tags found)")
    text = _XML_DECL_RE.sub("", text, count=1).replace(_SENT, "")
    try:
        doc = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(f"unparseable HTML: {exc}") from exc
    if doc is None:
        raise ValueError("unparseable HTML: no element found")
    return doc


_KIND_ATTR: Final = "data-ingest-kind"
_SPL_SECTIONS_XPATH = etree.XPath("//div[@data-sectioncode]")
_SPL_SUP_XPATH = etree.XPath("//span[@class='Sup']")
_SPL_REPEATS_XPATH = etree.XPath("//div[@id='Highlights' or @id='Index']")


def _mark_spl_rendering(doc: Element) -> bool:
    """FDA's spl.xsl renders a label as `div.Section[data-sectionCode]` with `span.Sup`
    superscripts: make those `<sup>` and give each section's heading its LOINC kind.
    True when the page is such a rendering."""
    sections = cast("list[Element]", _SPL_SECTIONS_XPATH(doc))
    if not sections:
        return False
    for span in cast("list[Element]", _SPL_SUP_XPATH(doc)):
        span.tag = "sup"
    # The Highlights box repeats the label in brief and the Index is its table of
    # contents: as in the XML reader, facts are read once, from the full text.
    for box in cast("list[Element]", _SPL_REPEATS_XPATH(doc)):
        _drop(box)
    for section in sections:
        kind = kind_for_loinc(section.get("data-sectioncode"))
        heading = next((c for c in section if c.tag in _HEADING_LEVEL), None)
        if kind and heading is not None:
            heading.set(_KIND_ATTR, kind)
        if heading is not None:
            _promote_run_in_headings(section, min(_HEADING_LEVEL[heading.tag] + 1, 6))
    return True


_STYLE_CLASSES: Final = frozenset({"Bold", "Italics", "Underline"})
_RUN_IN_END: Final = tuple('.,;:!"”')


def _promote_run_in_headings(section: Element, level: int) -> None:
    """A paragraph that is only a short styled phrase followed by prose is a sub-heading
    ("Tuberculosis", "Risk Summary"): the label's own way of writing one."""
    children = list(section)
    for i, p in enumerate(children[:-1]):
        if p.tag != "p" or (p.text or "").strip():
            continue
        text = _collapse(_text(p))
        if not (0 < len(text) <= 100) or not text[0].isupper() or text.endswith(_RUN_IN_END):
            continue
        styled = "".join(
            _text(c) for c in p if c.tag == "span" and c.get("class") in _STYLE_CLASSES
        )
        if _collapse(styled) != text:
            continue
        follower = children[i + 1]
        if follower.tag in ("p", "ul", "ol", "table") and len(_text(follower)) > len(text):
            p.tag = f"h{level}"


def _select(el: Element, selector: str) -> list[Element]:
    """Elements matching a CSS selector (site profiles)."""
    from lxml.cssselect import CSSSelector  # only profiles need cssselect

    try:
        found = cast(list[Element], CSSSelector(selector)(el))
        return [x for x in found if isinstance(x, etree._Element)]
    except Exception as exc:  # cssselect raises several parse error types
        raise ValueError(f"bad CSS selector {selector!r} in site profile: {exc}") from exc


def _read_containers(walker: _Walker, found: list[_Container | list[Element]]) -> None:
    """Parse every reference container and leave a placeholder where it stood.

    Hidden parts stay: the plugin's list is collapsed (`display: none`) until clicked.
    """
    for container in found:
        if isinstance(container, list):
            entries, heading = _plugin_div_entries(walker, container), None
            first = container[0]
            for extra in container[1:]:
                _drop(extra)
        else:
            first = container.element
            entries, heading = _container_entries(walker, first)
            heading = heading or container.heading
        walker.anchors.update((e.anchor, e.anchor) for e in entries if e.anchor)
        if entries:  # a "footnote" box that holds no notes stays where it is, as text
            _replace(first, len(walker.refs))
            walker.refs.append(ReferenceList(entries, heading))


def read_html(text: str, content_root: str | None = None, drop: Sequence[str] = ()) -> Document:
    """Read a decoded HTML page into blocks. Raises ValueError for empty or non-HTML input.

    `content_root` and `drop` are CSS selectors from a site profile: the element that
    holds the content (instead of finding it) and elements to remove first.
    """
    doc = _parse(text)
    meta = _metadata(doc)
    etree.strip_elements(doc, *_JUNK_TAGS, with_tail=False)
    for selector in drop:
        for el in _select(doc, selector):
            _drop(el)
    spl_rendering = _mark_spl_rendering(doc)
    body = doc.find("body")
    if body is None:
        body = doc
    forced_root = next(iter(_select(body, content_root)), None) if content_root else None
    survey = _survey(body)
    for el in survey.junk:  # footnote tooltips, "[edit]" links
        _drop(el)

    # Reference containers first: they are read and kept wherever they sit.
    walker = _Walker()
    _read_containers(walker, _find_containers(survey))
    for el in survey.labels:  # plugin labels ("Show 7 footnotes") were read with their lists
        _drop(el)

    body_len = -1
    root: Element | None = forced_root
    if root is None:
        body_len = _text_len(body)
        root = _semantic_root(survey, body_len)
    # without a root the body is stripped, and its size is still body_len (nothing changed)
    _strip_chrome(
        root if root is not None else body, survey.chrome, -1 if root is not None else body_len
    )
    if root is None:
        root = _density_root(body, _text_len(body))
    if not walker.refs:
        endnotes = _endnote_list(root)
        if endnotes is not None:
            _read_containers(walker, [_Container(endnotes)])
    walker.bare_markers = bool(walker.refs)
    walker.walk(root)
    blocks = walker.blocks
    # reference lists outside the content root (a footer, a sidebar) close the page
    blocks.extend(refs for i, refs in enumerate(walker.refs) if i not in walker.emitted)

    h1 = next((b.text for b in blocks if isinstance(b, Heading) and b.level == 1), None)
    fallback = meta.og_title or meta.title
    title = h1 or (_strip_site(fallback, meta.site, meta.url) if fallback else None)
    if spl_rendering:  # its first h1 is "HIGHLIGHTS OF PRESCRIBING INFORMATION"
        title = label_title(meta.title or "") or title
    notes: list[tuple[str, str]] = []
    if not blocks:
        notes.append(("low-content", "the HTML page has no readable text"))
    return Document(
        format="html",
        blocks=blocks,
        title=title,
        url=meta.url,
        site=meta.site,
        language=meta.language,
        notes=notes,
    )
