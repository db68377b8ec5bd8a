"""Which reader a page needs, judged from its first few KB; the file name only breaks ties.

Returns one of "html", "spl", "fhir", "markdown", "text", "json". Markup that is none
of the known XML vocabularies is reported as "html" (the HTML reader copes with any
tag soup); there is no generic "xml".
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Format", "sniff_format"]

Format = Literal["html", "spl", "fhir", "markdown", "text", "json"]

_HEAD = 8192  # bytes of text looked at: prologs, comments and DOCTYPEs fit well inside

_ROOT_RE = re.compile(r"<(?![?!/])([A-Za-z_][\w:.-]*)([^>]*)>")
_PROLOG_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_DOCTYPE_HTML_RE = re.compile(r"<!doctype\s+html", re.IGNORECASE)
_HTML_ROOTS = frozenset({"html", "head", "body"})
_FHIR_NS = "hl7.org/fhir"
_V3_NS = "urn:hl7-org:v3"
_HTML_TAG_RE = re.compile(
    r"<(?:p|div|span|a|br|li|ul|ol|h[1-6]|table|tr|td|th|strong|em|b|i|img|section|article|"
    r"header|footer|nav|main|meta|link|script|style|title|form|input|button|sup|sub)\b[^<>]*>",
    re.IGNORECASE,
)
_JSON_START_RE = re.compile(
    r'\{\s*["}]'
    r"|\[\s*[{\[\]]"
    r'|\[\s*(?:-?\d[\d.eE+-]*|true|false|null|"(?:[^"\\\n]|\\.)*")\s*(?:,|\]\s*$)'
)

_MD_SIGNALS: tuple[tuple[re.Pattern[str], int, int], ...] = (
    # pattern, points per hit, cap
    (re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE), 3, 9),  # ATX heading
    (re.compile(r"^[ \t]*\S[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE), 3, 6),  # setext
    (re.compile(r"!?\[[^\[\]\n]+\]\([^()\s\[\]]+\)"), 3, 6),  # inline link / image
    (re.compile(r"\[\^[^\]\s]+\]"), 2, 4),  # footnote
    (re.compile(r"^ *[-*+][ \t]+\S", re.MULTILINE), 1, 3),  # bullet
    (re.compile(r"(?<![*\w])\*\*\S[^*\n]*\*\*(?![*\w])"), 1, 3),  # bold
    (re.compile(r"^ *\|.*\|[ \t]*$", re.MULTILINE), 1, 3),  # table row
    (re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE), 2, 4),  # fence
)
_MD_STRONG = 3

_EXTENSIONS: dict[str, Format] = {
    "md": "markdown",
    "markdown": "markdown",
    "mdown": "markdown",
    "mkd": "markdown",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "json": "json",
    "txt": "text",
    "text": "text",
}


def _extension(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[1].lower()


def _markup(head: str) -> Format | None:
    """Classify a page that starts with markup by its root element."""
    if _DOCTYPE_HTML_RE.search(head[:1024]):
        return "html"
    pos = 0
    while m := _PROLOG_RE.match(head, pos):
        if m.end() == pos:
            break
        pos = m.end()
    root = _ROOT_RE.search(head, pos)
    if root is None:
        return None
    name = root.group(1).rsplit(":", 1)[-1].lower()
    attrs = root.group(2)
    if name in _HTML_ROOTS:
        return "html"
    if name == "document" and (_V3_NS in attrs or _V3_NS in head):
        return "spl"
    if _FHIR_NS in attrs:
        return "fhir"
    if _V3_NS in attrs:
        return "spl"
    return None


def _markdown_score(head: str) -> int:
    score = 0
    for rx, points, cap in _MD_SIGNALS:
        hits = 0
        for _ in rx.finditer(head):
            hits += points
            if hits >= cap:
                break
        score += min(hits, cap)
    return score


def sniff_format(text: str, filename: str | None = None) -> Format:
    """The page's format from its content; `filename`'s extension only settles ties."""
    head = text[:_HEAD].lstrip("\ufeff \t\r\n")
    ext = _EXTENSIONS.get(_extension(filename))

    if head.startswith("<"):
        kind = _markup(head)
        if kind is not None:
            return kind
        # A fragment or unknown XML: markup unless it is Markdown that opens with a tag.
        if _markdown_score(head) >= 2 * _MD_STRONG and len(_HTML_TAG_RE.findall(head)) < 10:
            return "markdown"
        return "html"

    if _JSON_START_RE.match(head):
        return "fhir" if head[0] == "{" and '"resourceType"' in head else "json"

    score = _markdown_score(head)
    tags = len(_HTML_TAG_RE.findall(head))
    if tags >= 8 and tags > 2 * score:
        return "html"
    if score >= _MD_STRONG:
        return "markdown"
    # Weak or no signals: a .md file is Markdown that happens to use little syntax.
    return "markdown" if ext == "markdown" else "text"
