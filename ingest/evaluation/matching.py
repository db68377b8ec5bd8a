"""Scoring primitives: text normalization, one-to-one matching, precision / recall / F1.

Gold entries may list several accepted spellings ("variants"); the first one is shown in
reports. Predicted values match a gold entry when their normalized text equals the
normalized text of one of its variants. Every predicted value is used at most once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

Variants = tuple[str, ...]  # accepted spellings of one gold entry, the first as written
K = TypeVar("K", bound=Hashable)
Normalizer = Callable[[str], str]

_MARKS = re.compile(r"[®™©*†‡§¶]")
_NON_WORD = re.compile(r"[\W_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
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
    return url.strip().casefold().rstrip("/")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        # 2tp / (2tp + fp + fn) equals 2PR / (P + R) and is 1.0 when there is nothing to find.
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 1.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


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
    """Pair gold entries with predicted strings one to one, in gold order.

    Returns (matched (gold index, predicted index) pairs, unmatched gold indexes,
    unmatched predicted indexes).
    """
    wanted: list[set[str]] = [{normalizer(v) for v in variants} for variants in gold]
    free: dict[str, list[int]] = {}
    for j, text in enumerate(predicted):
        free.setdefault(normalizer(text), []).append(j)
    pairs: list[tuple[int, int]] = []
    missed: list[int] = []
    for i, keys in enumerate(wanted):
        hit = next((k for k in sorted(keys) if free.get(k)), None)
        if hit is None:
            missed.append(i)
        else:
            pairs.append((i, free[hit].pop(0)))
    used = {j for _, j in pairs}
    extra = [j for j in range(len(predicted)) if j not in used]
    return pairs, missed, extra


def score_texts(
    gold: Sequence[Variants],
    predicted: Sequence[str],
    *,
    ignore: Iterable[str] = (),
    normalizer: Normalizer = normalize,
) -> tuple[Outcome, list[tuple[int, int]]]:
    """P/R of predicted strings against gold entries; predicted strings equal to an
    `ignore` entry are neither hits nor extras. Also returns the matched index pairs."""
    pairs, missed, extra = match(gold, predicted, normalizer)
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


def score_multiset(gold: Iterable[K], predicted: Iterable[K]) -> Outcome:
    """P/R of two multisets of hashable facts (repeats count)."""
    want, got = Counter(gold), Counter(predicted)
    hit = want & got
    out = Outcome(
        Score(
            tp=sum(hit.values()),
            fp=sum((got - hit).values()),
            fn=sum((want - hit).values()),
        )
    )
    out.misses = [str(k) for k in (want - hit).elements()]
    out.extras = [str(k) for k in (got - hit).elements()]
    return out
