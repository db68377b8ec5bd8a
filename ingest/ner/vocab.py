"""The packaged drug vocabulary: its entries and its on-disk format.

The file (`ingest/data/drugs-v1.tsv.gz`, written by `scripts/build_vocabulary.py`) is
gzip-compressed UTF-8 text, tab-separated, one record per line:

    #<key>=<value>                     provenance header (format, source, counts)
    E  <n>  <label>  <normalized>  <ids>  entry n (0, 1, 2, ... in order); ids "drugbank=DB00181"
    V  <key>  <n>  <flags>  <punct>     a name in key form (`text.fold_key`) that means entry n
    B  <key>                            a phrase hiding the names inside it ("alcohol dependence")

Variant flags: "c" = match only when written in capitals (short abbreviations such as "ASA"),
"t" = match only when it starts with a capital (short brands such as "Alli"), "b" = a brand.
<punct> lists the punctuation the name may carry inside it ("'." for "st. john's wort").
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "drugs-v1"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "drugs-v1.tsv.gz"

LABELS = ("DRUG", "DRUG_CLASS")


@dataclass(frozen=True, slots=True)
class VocabEntry:
    """One drug (or drug class) of the vocabulary."""

    normalized: str  # lower-case generic name (DrugBank's, unless the supplement renames it)
    label: str  # "DRUG" or "DRUG_CLASS"
    ids: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Variant:
    """A name of an entry in key form."""

    key: str
    entry: int
    caps_only: bool = False
    title_only: bool = False
    brand: bool = False
    punct: str = ""


@dataclass(slots=True)
class VocabData:
    header: dict[str, str]
    entries: list[VocabEntry]
    variants: list[Variant]
    blocks: list[str]


def _format_ids(ids: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(ids.items()))


def _parse_ids(text: str) -> dict[str, str]:
    if not text:
        return {}
    return dict(part.split("=", 1) for part in text.split(";"))


def dump_lines(data: VocabData) -> Iterator[str]:
    """The file's lines, in a deterministic order."""
    for k, v in data.header.items():
        yield f"#{k}={v}"
    for n, e in enumerate(data.entries):
        yield f"E\t{n}\t{e.label}\t{e.normalized}\t{_format_ids(e.ids)}"
    for var in sorted(data.variants, key=lambda v: (v.key, v.entry)):
        flags = "".join(
            f for f, on in (("c", var.caps_only), ("t", var.title_only), ("b", var.brand)) if on
        )
        yield f"V\t{var.key}\t{var.entry}\t{flags}\t{var.punct}"
    for b in sorted(set(data.blocks)):
        yield f"B\t{b}"


def write(data: VocabData, path: Path) -> None:
    """Write reproducibly: same data, same bytes (no timestamp or name in the gzip header)."""
    payload = ("\n".join(dump_lines(data)) + "\n").encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(payload)


def parse_lines(lines: Iterable[str]) -> VocabData:
    header: dict[str, str] = {}
    entries: list[VocabEntry] = []
    variants: list[Variant] = []
    blocks: list[str] = []
    for line in lines:
        if line.startswith("#"):
            k, _, v = line[1:].partition("=")
            header[k] = v
            continue
        parts = line.rstrip("\n").split("\t")
        kind = parts[0]
        if kind == "V":
            flags = parts[3]
            variants.append(
                Variant(parts[1], int(parts[2]), "c" in flags, "t" in flags, "b" in flags, parts[4])
            )
        elif kind == "E":
            if int(parts[1]) != len(entries):
                raise ValueError(f"vocabulary entries out of order at {parts[1]}")
            entries.append(VocabEntry(parts[3], parts[2], _parse_ids(parts[4])))
        elif kind == "B":
            blocks.append(parts[1])
        elif kind:
            raise ValueError(f"unknown vocabulary record {kind!r}")
    if header.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} vocabulary (format={header.get('format')!r})")
    return VocabData(header, entries, variants, blocks)


def read(path: Path) -> VocabData:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return parse_lines(f.read().splitlines())


NameRow = tuple[str, int, str, str]  # key, entry number, flags, punct


@dataclass(slots=True)
class CompactVocab:
    """The file as plain rows: what the matcher needs, without an object per name (fast load)."""

    header: dict[str, str]
    entries: list[VocabEntry]
    names: list[NameRow]
    blocks: list[str]

    @classmethod
    def of(cls, data: VocabData) -> CompactVocab:
        names = [
            (v.key, v.entry, ("c" if v.caps_only else "") + ("t" if v.title_only else ""), v.punct)
            for v in data.variants
        ]
        return cls(data.header, data.entries, names, data.blocks)


def read_compact(path: Path) -> CompactVocab:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    header: dict[str, str] = {}
    entries: list[VocabEntry] = []
    names: list[NameRow] = []
    blocks: list[str] = []
    for line in text.split("\n"):
        kind = line[:1]
        if kind == "V":
            _, key, n, flags, punct = line.split("\t")
            names.append((key, int(n), flags, punct))
        elif kind == "E":
            _, _, label, normalized, ids = line.split("\t")
            entries.append(VocabEntry(normalized, label, _parse_ids(ids)))
        elif kind == "B":
            blocks.append(line[2:])
        elif kind == "#":
            k, _, v = line[1:].partition("=")
            header[k] = v
    if header.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} vocabulary")
    return CompactVocab(header, entries, names, blocks)
