"""Text folding shared by the vocabulary build and the matcher.

Names and text are compared in one "key" form: lower-case, every run of characters that are
not letters or digits replaced by one space. So "(Baclofen)", "baclofen-induced",
"St. John’s wort" and "Lioresal®" all line up with their vocabulary keys, and a key can be
looked up with plain string equality.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from operator import add, sub

# One run of non-alphanumeric characters ("_" counts as punctuation here).
_RUN = re.compile(r"[\W_]+")
# Runs of two or more separators (spaces, once folded): the only ones that shift offsets.
_SPACE_RUN = re.compile(r"(  +)")
# Byte tables: ASCII other than letters and digits -> space (bytes >= 0x80 kept); ASCII.
_ASCII_SPACED = bytes(c if c >= 0x80 or chr(c).isalnum() else 0x20 for c in range(256))
_ASCII_BYTES = bytes(range(0x80))

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

    __slots__ = ("_parts", "_removed", "_starts", "folded")

    def __init__(self, text: str, *, lowered: bool = False) -> None:
        """`lowered`: `text` is `lower_same_length` of the text already."""
        low = text if lowered else lower_same_length(text)
        # `low` with every non-alphanumeric character a space, same length. bytes.translate
        # runs in C where a `[\W_]+` regex pays a Unicode lookup per character: ASCII bytes
        # are mapped in the UTF-8 form (multi-byte sequences pass untouched), then the few
        # distinct non-ASCII punctuation characters are replaced.
        data = low.encode("utf-8", "surrogatepass")
        spaced = data.translate(_ASCII_SPACED).decode("utf-8", "surrogatepass")
        if not low.isascii():
            others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
            for ch in set(others):
                if not ch.isalnum():
                    spaced = spaced.replace(ch, " ")
        # [word, run of 2+ spaces, word, ...]: each run folds to one space
        parts = _SPACE_RUN.split(spaced)
        self._parts = parts
        self.folded = " " + " ".join(parts[::2]) + " "
        self._starts: list[int] | None = None  # built on the first hit: most texts have none
        self._removed: list[int] = []

    def to_original(self, pos: int) -> int:
        """Map a position in `folded` (which carries one leading pad space) back to `text`."""
        starts = self._starts
        if starts is None:
            starts = self._offsets()
        i = bisect_right(starts, pos - 1)
        return pos - 1 + (self._removed[i - 1] if i else 0)

    def _offsets(self) -> list[int]:
        """Per run: the folded position just after it, and the characters removed so far
        (run i stands after words 0..i and runs 0..i-1, each run folded to one space)."""
        parts = self._parts
        steps = range(1, len(parts) // 2 + 1)
        self._starts = list(map(add, accumulate(map(len, parts[0:-1:2])), steps))
        self._removed = list(map(sub, accumulate(map(len, parts[1::2])), steps))
        return self._starts
