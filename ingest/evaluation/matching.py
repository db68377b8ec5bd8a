"""Scoring primitives: text normalization, one-to-one matching, precision / recall / F1.

Gold entries may list several accepted spellings ("variants"); the first one is shown in
reports. Predicted values match a gold entry when their normalized text equals the
normalized text of one of its variants. Every predicted value is used at most once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ingest.evaluation.scores import Score

Variants = tuple[str, ...]  # accepted spellings of one gold entry, the first as written
Normalizer = Callable[[str], str]

_MARKS = re.compile(r"[®™©*†‡§¶]")
_NON_WORD = re.compile(r"[\W_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_SCHEME = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\s*\([^()]{1,12}\)$")  # "Rheumatoid Arthritis (RA)"


def normalize(text: str) -> str:
    """Case-folded words separated by single spaces: punctuation and symbols do not count."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _MARKS.sub("", text).replace("'", "")
    return _NON_WORD.sub(" ", text.casefold()).strip()


def normalize_condition(text: str) -> str:
    """Like `normalize`, ignoring a trailing parenthesized abbreviation."""
    return normalize(_ABBREVIATION.sub("", text.strip()))


def normalize_url(url: str) -> str:
    """Scheme ("http:", "https:", protocol-relative "//"), case and a trailing slash ignored."""
    return _SCHEME.sub("", url.strip()).casefold().rstrip("/")


@dataclass(slots=True)
class Outcome:
    """One field of one page: the counts, and what was missed or extra (for the report)."""

    score: Score = field(default_factory=Score)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


def match(
    gold: Sequence[Variants],
    predicted: Sequence[str],
    normalizer: Normalizer = normalize,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair gold entries with predicted strings one to one, as many pairs as possible.

    A maximum bipartite matching (augmenting paths), so a gold entry whose variants also
    fit a neighbour's text cannot steal it. Returns (matched (gold index, predicted index)
    pairs, unmatched gold indexes, unmatched predicted indexes).
    """
    by_key: dict[str, list[int]] = {}
    for j, text in enumerate(predicted):
        by_key.setdefault(normalizer(text), []).append(j)
    # edges in variant order: the canonical spelling is tried first
    edges = [
        [j for key in dict.fromkeys(normalizer(v) for v in variants) for j in by_key.get(key, [])]
        for variants in gold
    ]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        free = next((j for j in edges[i] if j not in owner), None)
        if free is not None:  # a free text first, in page order
            owner[free] = i
            return True
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    by_gold = {i: j for j, i in owner.items()}
    pairs = sorted(by_gold.items())
    matched = {i for i, _ in pairs}
    missed = [i for i in range(len(gold)) if i not in matched]
    used = set(by_gold.values())
    extra = [j for j in range(len(predicted)) if j not in used]
    return pairs, missed, extra


def align(
    gold: Sequence[Variants],
    predicted: Sequence[str],
    normalizer: Normalizer = normalize,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Like `match`, for sequences (headings): the longest order-preserving pairing, so a
    repeated heading ("Pregnancy" in the PI and in the patient leaflet) pairs with the
    occurrence at the same place in the page."""
    keys = [set(normalizer(v) for v in variants) for variants in gold]
    texts = [normalizer(t) for t in predicted]
    n, m = len(gold), len(predicted)
    # best[i][j]: pairs in gold[i:] x predicted[j:]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            hit = below[j + 1] + 1 if texts[j] in keys[i] else 0
            row[j] = max(hit, below[j], row[j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if texts[j] in keys[i] and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    matched_gold = {a for a, _ in pairs}
    matched_pred = {b for _, b in pairs}
    missed = [a for a in range(n) if a not in matched_gold]
    extra = [b for b in range(m) if b not in matched_pred]
    return pairs, missed, extra


def score_texts(
    gold: Sequence[Variants],
    predicted: Sequence[str],
    *,
    ignore: Iterable[str] = (),
    normalizer: Normalizer = normalize,
    ordered: bool = False,
) -> tuple[Outcome, list[tuple[int, int]]]:
    """P/R of predicted strings against gold entries; predicted strings equal to an
    `ignore` entry are neither hits nor extras. `ordered` pairs them in page order (`align`)
    instead of as sets (`match`). Also returns the matched index pairs."""
    pairs, missed, extra = (align if ordered else match)(gold, predicted, normalizer)
    skip = {normalizer(text) for text in ignore}
    extra = [j for j in extra if normalizer(predicted[j]) not in skip]
    out = Outcome(Score(tp=len(pairs), fp=len(extra), fn=len(missed)))
    out.misses = [gold[i][0] for i in missed]
    out.extras = [predicted[j] for j in extra]
    return out, pairs


def score_labels(checks: Iterable[tuple[str, Sequence[str], str]]) -> Outcome:
    """Label accuracy on already matched entries: (shown text, accepted labels, predicted
    label). A right label is a tp, a wrong one counts as both fp and fn, so P = R = F1 =
    accuracy."""
    out = Outcome()
    for shown, accepted, got in checks:
        if got in accepted:
            out.score.tp += 1
        else:
            out.score.fp += 1
            out.score.fn += 1
            out.misses.append(f"{shown}: {'|'.join(accepted)}, got {got}")
    return out
