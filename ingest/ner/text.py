"""Text folding shared by the vocabulary build and the matcher.

Names and text are compared in one "key" form: lower-case, every run of characters that are
not letters or digits replaced by one space. So "(Baclofen)", "baclofen-induced",
"St. John’s wort" and "Lioresal®" all line up with their vocabulary keys, and a key can be
looked up with plain string equality.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# One run of non-alphanumeric characters ("_" counts as punctuation here).
_RUN = re.compile(r"[\W_]+")
# Runs longer than one character: the only ones that shift offsets when folded.
_LONG_RUN = re.compile(r"[\W_]{2,}")

# Salt and hydrate words that follow a generic name without changing the drug
# ("baclofen hydrochloride", "atorvastatin calcium trihydrate", "metformin HCl").
SALT_WORDS: frozenset[str] = frozenset(
    """
    acetate acetonide anhydrous arginine benzoate besilate besylate bitartrate bromide
    butylbromide calcium camsylate carbonate chloride citrate cypionate decanoate diacetate
    dihydrate dihydrochloride dimesylate dipotassium dipropionate disodium enanthate
    erbumine esylate ethylsuccinate fumarate gluconate hcl hemihydrate hemifumarate
    hexahydrate hyclate hydrobromide hydrochloride hydrogen isethionate lactate lysine
    magnesium maleate malate mesilate mesylate monohydrate monosodium napsylate nitrate
    olamine oxalate pamoate phosphate potassium propionate sesquihydrate sodium stearate
    succinate sulfate sulphate tartrate teoclate tosylate trihydrate tromethamine valerate
    xinafoate
    """.split()
)

# Characters folded to a plain space in the key form.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def lower_same_length(text: str) -> str:
    """`text.lower()`, but never changing the length (a few characters such as "İ" grow)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold_key(name: str) -> str:
    """The key form of a name: lower-case words separated by single spaces."""
    return _RUN.sub(" ", name.lower()).strip()


def punctuation_of(name: str) -> str:
    """The punctuation a name carries inside it, other than spaces and hyphens ("'", ".")."""
    inner = name.strip().translate(_APOSTROPHES)
    return "".join(sorted({c for c in inner if not c.isalnum() and c not in " -\t\n"}))


class FoldedText:
    """`text` in key form, padded with one space on each side, with offsets back to `text`.

    Position p in `folded` (p >= 1) stands for position `to_original(p)` in `text`.
    """

    __slots__ = ("_removed", "_starts", "folded")

    def __init__(self, text: str) -> None:
        low = lower_same_length(text)
        starts: list[int] = []
        removed: list[int] = []
        total = 0
        # Each long run becomes one space: positions after it shift left by len - 1.
        for m in _LONG_RUN.finditer(low):
            s, e = m.span()
            total += e - s - 1
            starts.append(s - (total - (e - s - 1)) + 1)  # folded position just after the run
            removed.append(total)
        self._starts = starts
        self._removed = removed
        self.folded = " " + _RUN.sub(" ", low) + " "

    def to_original(self, pos: int) -> int:
        """Map a position in `folded` (which carries one leading pad space) back to `text`."""
        i = bisect_right(self._starts, pos - 1)
        return pos - 1 + (self._removed[i - 1] if i else 0)
