"""Which language is a page in? The declared tag first, then a stop-word vote.

Pages often lie or say nothing (`<html lang="en">` on a German page is common in
templates), so a declared non-English tag is trusted, while an English or missing
tag is checked against the text. Small and fast: a few hundred words are enough.
"""

from __future__ import annotations

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in is for with that are be this or as on by it your not if may from".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit von zu den für auf ein eine sie bei des oder wird".split()
    ),
    "es": frozenset(
        "el la los las de del y en que es por con para una un se no al su lo como".split()
    ),
    "fr": frozenset(
        "le la les des et est en que pour dans une un du sur pas au avec ce qui par".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_WORDS = 600


def guess_language(text: str, declared: str | None = None) -> str | None:
    """A primary language tag ("en", "de", ...) or None when the text is too short."""
    if declared and not declared.lower().startswith("en"):
        return declared.lower().split("-")[0]
    words = [w.lower() for w in _WORD.findall(text[:20000])[:_SAMPLE_WORDS]]
    if len(words) < 30:
        return declared.lower().split("-")[0] if declared else None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] >= 5 else (declared or None)
