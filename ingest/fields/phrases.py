"""Split an inline enumeration ("nausea, headache, and dizziness") into phrase spans."""

from __future__ import annotations

import re

# Used with match(text, pos): no "^", which only ever matches at the string's start.
_LEADING_JOIN = re.compile(r"(?:and|or|and/or|as well as|plus)\s+", re.I)
_JOIN = re.compile(r"\s+(?:and|or|and/or)\s+", re.I)
_FILLER = re.compile(r"^(?:etc\.?|and others|among others|others|and more)$", re.I)
_STRIP = " \t.,;:"


def split_phrases(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the comma/semicolon-separated phrases of `text[start:end]`.

    Separators inside brackets do not split ("infections (e.g. sinusitis, flu)"). When
    semicolons separate the groups, commas stay inside them ("swelling of the face,
    fingers, and/or feet; severe stomach pain"). With no serial comma ("a, b and c")
    the last phrase is split at its last "and"/"or"; "nausea and vomiting" stays whole.
    """
    marks = _top_level(text, start, end)
    separators = ";" if ";" in marks.values() else ",;"
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for index, char in marks.items():
        if char in separators:
            pieces.append((piece_start, index))
            piece_start = index + 1
    pieces.append((piece_start, end))

    spans: list[tuple[int, int]] = []
    for number, (first, last) in enumerate(pieces):
        first, last = _trim(text, first, last)
        joined = _LEADING_JOIN.match(text, first, last)
        serial = joined is not None
        if joined:
            first = joined.end()
        if first >= last:
            continue
        if number == len(pieces) - 1 and number > 0 and not serial:
            split = _last_join(text, first, last)
            if split is not None:
                spans.append(_trim(text, first, split[0]))
                first = split[1]
        spans.append(_trim(text, first, last))
    return [(a, b) for a, b in spans if a < b and not _FILLER.match(text[a:b])]


def _top_level(text: str, start: int, end: int) -> dict[int, str]:
    """Positions of the separators (",", ";") that stand outside brackets."""
    found: dict[int, str] = {}
    depth = 0
    for index in range(start, end):
        char = text[index]
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif char in ",;" and depth == 0:
            found[index] = char
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _STRIP):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _STRIP):
        end -= 1
    return start, end


def _last_join(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The last " and "/" or " outside brackets in text[start:end]."""
    found: tuple[int, int] | None = None
    for match in _JOIN.finditer(text, start, end):
        before = text[start : match.start()]
        if before.count("(") == before.count(")"):
            found = (match.start(), match.end())
    return found
