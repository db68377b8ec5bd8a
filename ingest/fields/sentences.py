"""Sentence spans with offsets: a fast regex splitter for monograph prose.

Keeps "e.g.", "i.e.", "Dr.", "U.S.", initials and decimals ("2.5 mg") inside a
sentence, and splits sentences that lost their space in scraping ("doctor.If you").
"""

from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_LINES = re.compile(r"[^\n]+")
# Tokens that end with a period without ending the sentence ("e.g. Aspirin").
_ABBREVIATIONS = frozenset(
    "e.g eg i.e ie dr mr mrs ms prof vs v approx fig figs st sr jr al cf viz esp incl"
    " ref refs vol pp ed eds dept univ ca".split()
)
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S", "e.g", "U.K"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text[start:end]`, trimmed of outer whitespace.

    Offsets are into `text`; a line break always ends a sentence.
    """
    stop = len(text) if end is None else min(end, len(text))
    start = max(start, 0)  # the window is clamped to the text, as a regex's would be
    spans: list[tuple[int, int]] = []
    if start >= stop:
        return spans
    # Prose paragraphs are one line: skip the line regex then.
    lines = (
        ((start, stop),)
        if text.find("\n", start, stop) < 0
        else [line.span() for line in _LINES.finditer(text, start, stop)]
    )
    for first, last in lines:
        for match in _TERMINAL.finditer(text, first, last):
            mark, cut = match.span()
            if _ends_sentence(text, mark, cut, last):
                _add(spans, text, first, cut)
                first = cut
        _add(spans, text, first, last)
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _ends_sentence(text: str, mark: int, cut: int, stop: int) -> bool:
    """Does the punctuation at text[mark:cut] end a sentence?"""
    if cut >= stop:
        return True
    following = text[cut]
    if following.isspace():
        nxt = cut
        while nxt < stop and text[nxt].isspace():
            nxt += 1
        if nxt >= stop:
            return True
        if text[nxt].islower():
            return False  # "e.g. aspirin", "approx. two"
        return text[mark] != "." or not _abbreviation_before(text, mark)
    # Glued sentences: "doctor.If you", "mg.Take" but not "U.S.A", "2.5", "www.x.com".
    if text[mark] != "." or mark == 0 or cut + 1 >= stop:
        return False
    before = text[mark - 1]
    return (
        following.isupper()
        and text[cut + 1].islower()
        and (before.islower() or before in ")%")
        and not _abbreviation_before(text, mark)
    )


def _abbreviation_before(text: str, mark: int) -> bool:
    begin = mark
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    finish = mark
    while finish < len(text) and not text[finish].isspace():
        finish += 1
    word = text[begin:finish]
    if "www." in word or "://" in word or "@" in word:
        return True  # a web or mail address
    token = text[begin:mark].lstrip("([{\"'“‘")
    if len(token) == 1 and token.isupper():
        return True  # an initial: "J. Smith"
    return token.lower() in _ABBREVIATIONS or bool(_INITIALISM.match(token))
