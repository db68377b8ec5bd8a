"""Dictionary drug matcher: one Aho-Corasick pass over the folded text.

Every vocabulary name is stored in key form with a space on each side (" sodium oxybate "),
and the text is folded the same way (see `text.FoldedText`), so the automaton only reports
whole-word hits: no per-hit boundary checks, and "(Baclofen)", "baclofen-induced" or
"Lioresal®" line up with their keys. Hits are then filtered (case rules, punctuation inside a
multi-word hit, URLs), the leftmost-longest non-overlapping ones are kept, block phrases
("alcohol dependence") swallow what they cover, and a trailing salt word is absorbed
("baclofen hydrochloride" -> one mention of baclofen).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from ingest.ner import vocab
from ingest.ner.text import (
    SALT_WORDS,
    FoldedText,
    fold_key,
    lower_same_length,
    punctuation_of,
)
from ingest.ner.vocab import VocabEntry

# Value stored per key: (key length incl. pads, entry index or -1 for a block, flags, punct).
_BLOCK = -1
_CAPS, _TITLE, _MULTI = 1, 2, 4

_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")
# The same without the mail branch, which retries at every word character: for text
# without "@", where that branch cannot match.
_WEB_URL = re.compile(r"(?:https?://|www\.)\S+")
# Punctuation that may not sit inside a multi-word hit unless the name itself carries it.
_INNER_PUNCT = re.compile(r"[^\w\s\-]")
_SALT_TAIL = re.compile(r"(?:[ \t]+([A-Za-z]+))")
# A cation written before the drug: "calcium oxybate", "potassium clavulanate".
_CATION_HEAD = re.compile(r"(?i)\b(?:sodium|potassium|calcium|magnesium|lithium|zinc)[ \t]+$")
# The FDA's four-letter suffix on a biologic's name: "bimekizumab-bkzx", "pegfilgrastim-jmdb".
_BIOLOGIC_SUFFIX = re.compile(r"-(?!like|free|type|only|rich|base)[a-z]{4}\b")
_BIOLOGIC_END = ("mab", "cept", "ase", "kin", "stim", "tide", "poetin", "gene", "cel")
_NO_END = sys.maxsize  # sorts after every span end
# Joins the texts of `find_many`: punctuation no name carries, and a line break that no
# salt, cation or address pattern crosses.
_SEPARATOR = "\n|\n"
_CATIONS = frozenset({"sodium", "potassium", "calcium", "magnesium", "lithium", "zinc"})


@dataclass(frozen=True, slots=True)
class DrugMatch:
    start: int  # char offsets into the text given
    end: int
    text: str  # as written
    normalized: str  # lower-case generic name
    ids: dict[str, str] = field(hash=False)  # {"drugbank": "DB00181", ...}: only what is known
    label: str  # "DRUG" or "DRUG_CLASS"
    confidence: float = 1.0


class DrugMatcher:
    """Finds drug names in text. Build with `DrugMatcher.load()` (the packaged vocabulary)."""

    def __init__(self, data: vocab.VocabData | vocab.CompactVocab) -> None:
        if isinstance(data, vocab.VocabData):
            data = vocab.CompactVocab.of(data)
        self.entries: list[VocabEntry] = data.entries
        self.header = data.header
        self._index: dict[str, int] = {}
        # Per automaton value (an int): key length with its two pad spaces, entry, flags, punct.
        klen: list[int] = []
        entry_of: list[int] = []
        flags_of: list[int] = []
        punct_of: list[str] = []
        auto: Any = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, entry, flag_text, punct in data.names:
            flags = (_CAPS if "c" in flag_text else 0) | (_TITLE if "t" in flag_text else 0)
            if not flags:
                self._index[key] = entry
            if " " in key:
                flags |= _MULTI
            auto.add_word(f" {key} ", len(klen))
            klen.append(len(key) + 2)
            entry_of.append(entry)
            flags_of.append(flags)
            punct_of.append(punct)
        for b in data.blocks:
            if f" {b} " not in auto:
                auto.add_word(f" {b} ", len(klen))
                klen.append(len(b) + 2)
                entry_of.append(_BLOCK)
                flags_of.append(0)
                punct_of.append("")
        auto.make_automaton()
        self._auto = auto
        # Keys that are a cation word alone: a hit's key is its text folded (`fold_key`).
        self._cation_keys = frozenset(i for i, row in enumerate(data.names) if row[0] in _CATIONS)
        self._klen, self._entry, self._flags, self._punct = klen, entry_of, flags_of, punct_of
        # Normalized names resolve to themselves in lookup().
        for n, e in enumerate(self.entries):
            self._index.setdefault(fold_key(e.normalized), n)

    @classmethod
    def load(cls, path: Path | None = None) -> DrugMatcher:
        return cls(vocab.read_compact(path or vocab.DEFAULT_PATH))

    @classmethod
    def from_names(
        cls, rows: Iterable[tuple[str, str, str, dict[str, str]]], blocks: Iterable[str] = ()
    ) -> DrugMatcher:
        """A small matcher from (name, normalized, label, ids) rows: for tests and tools.
        Names of four letters or fewer match only in capitals, as in the packaged vocabulary."""
        entries: list[VocabEntry] = []
        number: dict[tuple[str, str], int] = {}
        variants: list[vocab.Variant] = []
        for name, normalized, label, ids in rows:
            n = number.setdefault((normalized, label), len(entries))
            if n == len(entries):
                entries.append(VocabEntry(normalized, label, dict(ids)))
            key = fold_key(name)
            short = len(key.replace(" ", "")) <= 4
            variants.append(vocab.Variant(key, n, caps_only=short, punct=punctuation_of(name)))
        folded = [fold_key(b) for b in blocks]
        return cls(vocab.VocabData({"format": vocab.FORMAT}, entries, variants, folded))

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> VocabEntry | None:
        """The entry a single name means ("Lioresal", "baclofen hydrochloride"), or None."""
        key = fold_key(name)
        n = self._index.get(key)
        if n is None:
            words = key.split()
            while len(words) > 1 and words[-1] in SALT_WORDS:
                words.pop()
                n = self._index.get(" ".join(words))
                if n is not None:
                    break
        return None if n is None else self.entries[n]

    def find(self, text: str) -> list[DrugMatch]:
        """Drug mentions in `text`: sorted by start, non-overlapping, longest match wins."""
        return self._find(text, FoldedText(text), [0])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[DrugMatch]]:
        """`[self.find(text) for text in texts]`, in one pass over the texts joined.

        The joint costs one folding and one automaton pass instead of one per text (most
        of a short text's cost). The texts are joined by a separator no name can match
        across: a hit that would span two texts is dropped, and every check around a hit
        (case, salts, a cation before it, web addresses) stays inside its own text.
        """
        if not texts:
            return []
        starts: list[int] = []
        position = 0
        for text in texts:
            starts.append(position)
            position += len(text) + len(_SEPARATOR)
        joined = _SEPARATOR.join(texts)
        # lowered text by text, as `find` does (str.lower() looks at neighbouring letters)
        folded = FoldedText(_SEPARATOR.join(map(lower_same_length, texts)), lowered=True)
        return self._find(joined, folded, starts)

    def _find(self, text: str, ft: FoldedText, starts: list[int]) -> list[list[DrugMatch]]:
        """Matches of each region of `text` (regions start at `starts`, separated by
        `_SEPARATOR`), with offsets into their region."""
        found: list[list[DrugMatch]] = [[] for _ in starts]
        hits: list[tuple[int, int, int, int]] = []  # (start, end, entry, key) in `text`
        klens, entries, flags_of = self._klen, self._entry, self._flags
        several = len(starts) > 1
        for fend, i in self._auto.iter(ft.folded):
            start = ft.to_original(fend - klens[i] + 2)
            end = ft.to_original(fend)
            if several and bisect_right(starts, start) != bisect_right(starts, end - 1):
                continue  # spans two regions
            flags = flags_of[i]
            if flags:
                if flags & (_CAPS | _TITLE) and not _case_ok(text, start, end, flags):
                    continue
                if flags & _MULTI and not _inner_punct_ok(text[start:end], self._punct[i]):
                    continue
            hits.append((start, end, entries[i], i))
        if not hits:
            return found
        hits.sort(key=lambda h: (h[0], -h[1]))
        chosen: list[tuple[int, int, int, int]] = []
        last_end = -1
        for h in hits:
            if h[0] >= last_end:
                chosen.append(h)
                last_end = h[1]
        cation_keys = self._cation_keys
        region = -1
        base = bound = 0
        out: list[DrugMatch] = []
        urls: list[tuple[int, int]] = []
        for i, (start, end, entry, key) in enumerate(chosen):
            if start >= bound:  # the first hit of another region
                region = bisect_right(starts, start) - 1
                base = starts[region]
                last = region + 1 == len(starts)
                bound = len(text) + 1 if last else starts[region + 1]
                out = found[region]
                region_text = text[base : len(text) if last else bound - len(_SEPARATOR)]
                urls = [(s + base, e + base) for s, e in _url_spans(region_text)]
            if entry == _BLOCK or (urls and _inside(urls, start, end)):
                continue
            e = self.entries[entry]
            if out and out[-1].end > start - base:
                continue  # its first word was absorbed as the salt of the previous drug
            if e.label == "DRUG":
                if start > base + 1 and text[start - 1] == "-" and _in_chemical_name(text, start):
                    continue
                is_cation = key in cation_keys
                if not is_cation:
                    nxt = chosen[i + 1] if i + 1 < len(chosen) else None
                    end = _salt_end(text, end, nxt)
                    if text[end : end + 1] == "-" and text[start:end].lower().endswith(
                        _BIOLOGIC_END
                    ):
                        suffix = _BIOLOGIC_SUFFIX.match(text, end)
                        if suffix:
                            end = suffix.end()
                # A cation word before the name ends in "m"/"c" and a space or tab.
                head = (
                    _CATION_HEAD.search(text, max(base, start - 12), start)
                    if start > base + 4
                    and text[start - 1] in " \t"
                    and text[start - 2] in "mMcC \t"
                    else None
                )
                if head and not is_cation:
                    if out and out[-1].start == head.start() - base and out[-1].end <= start - base:
                        out.pop()
                    start = head.start()
            out.append(
                DrugMatch(
                    start - base, end - base, text[start:end], e.normalized, dict(e.ids), e.label
                )
            )
        return found


def _case_ok(text: str, start: int, end: int, flags: int) -> bool:
    written = text[start:end]
    if flags & _CAPS and written.isupper():
        return True
    return bool(flags & _TITLE and written[:1].isupper())


def _inner_punct_ok(written: str, allowed: str) -> bool:
    """A multi-word hit may not straddle a sentence or a bracket: "sodium. Oxybate"."""
    for ch in _INNER_PUNCT.findall(written.replace("’", "'")):
        if ch not in allowed:
            return False
    return "\n\n" not in written


def _in_chemical_name(text: str, start: int) -> bool:
    """True when the name is glued by a hyphen to a systematic chemical name:
    "4-amino-3-(4-chlorophenyl)-butanoic acid" names baclofen, not butanoic acid."""
    i = start
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    glued = text[i:start]
    return glued.count("-") >= 2 or any(c in glued for c in "()[]")


def _salt_end(text: str, end: int, nxt: tuple[int, int, int, int] | None) -> int:
    """Extend a drug name over salt/hydrate words that follow it ("... sodium", "... HCl").

    The salt word is taken even when it is a name of its own ("losartan potassium"), but not
    when it starts a longer name ("... sodium oxybate"), which is left to that name.
    """
    pos = end
    while True:
        m = _SALT_TAIL.match(text, pos)
        if not m or m.group(1).lower() not in SALT_WORDS:
            return pos
        if nxt is not None and m.start(1) == nxt[0] and nxt[1] > m.end():
            return pos
        pos = m.end()


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of web and mail addresses, in order and non-overlapping."""
    if "@" in text:
        return [m.span() for m in _URL.finditer(text)]
    if "://" not in text and "www." not in text:
        return []
    return [m.span() for m in _WEB_URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    # Spans are sorted and disjoint: only the last one starting at or before `start` can hold.
    i = bisect_right(spans, (start, _NO_END)) - 1
    return i >= 0 and end <= spans[i][1]
