"""Build the packaged drug vocabulary (ingest/data/drugs-v1.tsv.gz).

Source: the PyPI package `drug-named-entity-recognition` (MIT, Fast Data Science), whose
dictionary merges DrugBank open data (CC0), MeSH, MedlinePlus, NHS and Wikipedia, plus the
curated supplement `ingest/ner/supplement.tsv`. The runtime never imports that package.

    python scripts/build_vocabulary.py            # write the data file
    python scripts/build_vocabulary.py --check    # rebuild in memory, fail if the file differs
    python scripts/build_vocabulary.py --review   # list dictionary-word names not yet decided

The output depends only on the package version and the supplement: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import hashlib
import importlib.metadata
import importlib.util
import pickle
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.ner import vocab  # noqa: E402
from ingest.ner.text import SALT_WORDS, fold_key, punctuation_of  # noqa: E402

SUPPLEMENT = REPO / "ingest" / "ner" / "supplement.tsv"
SOURCE_PACKAGE = "drug-named-entity-recognition"
SOURCE_DATA = "DrugBank open data CC0, MeSH, MedlinePlus, NHS, Wikipedia"

# Names that are not names: scraping debris in the source ("spikogen&lt;ref&gt;{{...", "''more''").
_JUNK = re.compile(r"[&<>{}\[\]=|]|''|\.\.\.|template:|\u00e2|\ufffd")
# Systematic chemical names ("2,5-dimethoxy-4-...", "(s)-mandelonitrile") never occur in
# monograph prose as the drug's name and would only bloat the automaton.
_CHEMICAL = re.compile(r"\d,\d|\(|\)|^\d+-[a-z]+-\d|\d-\d+-")
_SYSTEMATIC = re.compile(r"^\(?[\d,]+[a-z]?[-)]|^[a-z]{1,2}-\d")
# Allergenic extracts (pollens, danders, foods) that DrugBank lists as products.
_ALLERGEN = re.compile(
    r"\b(?:pollen|dander|feather|hair|venom|epithelia|epithelium|mite|mold|smut|flesh|"
    r"allergenic|whole)\b"
)
# A trailing qualifier in MedlinePlus titles: "alemtuzumab (multiple sclerosis)".
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
# Dosage-form words that MedlinePlus/NHS titles append to a generic ("fentanyl patch").
_FORM_SUFFIX = re.compile(
    r"\s+(?:eye drops|ear drops|nasal spray(?: and drops)?|inhalers?|injections?|capsules|"
    r"tablets|patch|otic|ophthalmic|buccal|topical|implant|urogenital|transdermal|"
    r"sublingual|oral|rectal|vaginal|pyelocalyceal|cream|gel|ointment|skin cream)$"
)
# A trailing qualifier after a comma: "alteplase, recombinant", "aluminum carbonate, basic".
_QUALIFIER_TAIL = re.compile(
    r",\s*(?:recombinant|human(?: recombinant)?|basic|micronized|unspecified(?: form)?|anhydrous)$"
)
# Release/strength modifiers after a brand: "Glucophage XR", "Ozobax DS", "Jornay PM".
_FORMULATION_TAIL = re.compile(
    r"(?<=\w)[\s-]+(?:xr|er|sr|xl|cr|la|cd|ds|odt|xr-odt|pm|hd|dr|ec|ir|forte|"
    r"double strength|extra strength|maximum strength)$"
)
# "x and y", "x, y, and z", "x/y": combination products named by their ingredients.
_COMBO_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*/\s*|\s+with\s+)\s*")
# FD&C / D&C colour additives ("FD&C Blue No. 2" folds to "fd c blue no 2").
_DYE = re.compile(r"^(?:fd c |d c |c )?(?:blue|red|yellow|green|orange|violet) no \d")
# Head nouns a class name may carry: "antipsychotic drugs", "antiplatelet agents".
_CLASS_HEADS = (
    "drug",
    "drugs",
    "medicine",
    "medicines",
    "medication",
    "medications",
    "agent",
    "agents",
)
# Salt words that are also drugs in their own right ("potassium supplements").
_CATION_DRUGS = frozenset({"calcium", "magnesium", "potassium"})
MAX_KEY_LEN = 60
SHORT_KEY = 4  # keys this short match only when written in capitals, unless allowed


@dataclass
class Entry:
    normalized: str
    label: str
    ids: dict[str, str]
    names: dict[str, set[str]] = field(default_factory=dict)  # key -> raw spellings
    brands: set[str] = field(default_factory=set)
    rank: int = 0  # lower wins a name claimed by two entries


@dataclass
class Supplement:
    drop: set[str] = field(default_factory=set)
    stop: set[str] = field(default_factory=set)
    keep: set[str] = field(default_factory=set)
    caps: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)
    anycase: set[str] = field(default_factory=set)
    rename: dict[str, str] = field(default_factory=dict)
    adds: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)
    classes: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)


def read_supplement(path: Path) -> Supplement:
    sup = Supplement()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        kind, args = cols[0], cols[1:]
        try:
            if kind in ("drop", "stop", "keep", "caps", "title", "anycase"):
                target: set[str] = getattr(sup, kind)
                target.add(args[0] if kind == "drop" else fold_key(args[0]))
            elif kind == "rename":
                sup.rename[args[0]] = args[1]
            elif kind == "add":
                ids = dict(p.split("=", 1) for p in args[3].split(";")) if len(args) > 3 else {}
                sup.adds.append((args[0], args[1], args[2], ids))
            elif kind == "class":
                sup.classes.append((args[0], args[1]))
            elif kind == "block":
                # "block <subjects a|b> <suffixes x|y>": every "subject suffix" phrase.
                for subject in args[0].split("|"):
                    for suffix in args[1].split("|") if len(args) > 1 else [""]:
                        sup.blocks.append(fold_key(f"{subject} {suffix}"))
            else:
                raise ValueError(f"unknown row kind {kind!r}")
        except (IndexError, ValueError) as exc:
            raise SystemExit(f"{path.name}:{lineno}: {exc}") from exc
    return sup


def load_source() -> tuple[dict[str, Any], str]:
    spec = importlib.util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"install {SOURCE_PACKAGE} (pip install {SOURCE_PACKAGE}) to build")
    pkl = Path(next(iter(spec.submodule_search_locations))) / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(pkl, "rb") as f:
        data: dict[str, Any] = pickle.load(f)  # the package's own data file
    return data, importlib.metadata.version(SOURCE_PACKAGE)


def clean_name(name: str) -> str:
    name = " ".join(name.lower().split()).strip(" ,;.")
    while True:
        stripped = _QUALIFIER.sub("", name)
        if stripped == name:
            break
        name = stripped
    return name


def build(
    source: dict[str, Any], version: str, sup: Supplement
) -> tuple[vocab.VocabData, dict[str, int]]:
    v2c: dict[str, list[str]] = source["drug_variant_to_canonical"]
    c2d: dict[str, dict[str, Any]] = source["drug_canonical_to_data"]
    vdata: dict[str, dict[str, Any]] = source["drug_variant_to_variant_data"]
    stats: Counter[str] = Counter()

    names_of: dict[str, list[str]] = defaultdict(list)
    for variant, canonicals in v2c.items():
        for c in canonicals:
            names_of[c].append(variant)

    entries: dict[tuple[str, str], Entry] = {}
    forced: dict[str, Entry] = {}  # names the supplement assigns: they beat the source

    def entry_for(normalized: str, label: str, ids: dict[str, str], rank: int) -> Entry:
        e = entries.get((label, normalized))
        if e is None:
            e = entries[(label, normalized)] = Entry(normalized, label, dict(ids), rank=rank)
        else:
            for k, v in ids.items():
                e.ids.setdefault(k, v)
            e.rank = min(e.rank, rank)
        return e

    def add_name(e: Entry, raw: str, brand: bool = False) -> None:
        raw = clean_name(raw)
        if e.label == "DRUG":
            raw = _FORM_SUFFIX.sub("", raw)  # "timolol eye drops" is a mention of timolol
            raw = _QUALIFIER_TAIL.sub("", raw)  # "alteplase, recombinant" -> "alteplase"
            raw = _FORMULATION_TAIL.sub("", raw) or raw  # "Ritalin LA" is a mention of "Ritalin"
        key = fold_key(raw)
        if not key or _JUNK.search(raw):
            stats["name-junk"] += 1
            return
        if len(key) > MAX_KEY_LEN or (_CHEMICAL.search(raw) and key != fold_key(e.normalized)):
            stats["name-chemical"] += 1
            return
        e.names.setdefault(key, set()).add(raw)
        if brand:
            e.brands.add(key)

    def normalized_of(c: str, x: dict[str, Any]) -> str:
        name = clean_name(x.get("name") or c)
        if not x.get("drugbank_id"):
            name = _FORM_SUFFIX.sub("", name)
        return sup.rename.get(name, sup.rename.get(c, name))

    # DrugBank-backed records first, so that a MedlinePlus/NHS/Wikipedia record whose title is
    # a DrugBank synonym ("salbutamol") joins that drug instead of becoming an id-less twin.
    has_db = {c for c, x in c2d.items() if x.get("drugbank_id")}
    synonym_owner: dict[str, str] = {}
    for c in sorted(has_db):
        if c in sup.drop:
            continue
        for v in [c, *names_of.get(c, [])]:
            synonym_owner.setdefault(fold_key(clean_name(v)), normalized_of(c, c2d[c]))

    for c in sorted(c2d, key=lambda c: (c not in has_db, c)):
        x = c2d[c]
        if c in sup.drop:
            stats["entry-dropped-supplement"] += 1
            continue
        has_source = any(
            x.get(k) for k in ("drugbank_id", "medline_plus_id", "nhs_url", "wikipedia_url")
        )
        if not has_source:
            # MeSH-only records are proteins, receptors, enzymes, chemical families and
            # pharmacological classes ("receptors, gaba-b", "anti-inflammatory agents").
            stats["entry-dropped-mesh-only" if x.get("mesh_id") else "entry-dropped-no-source"] += 1
            continue
        normalized = normalized_of(c, x)
        if not normalized or _JUNK.search(normalized):
            stats["entry-dropped-junk-name"] += 1
            continue
        only_drugbank = not any(x.get(k) for k in ("medline_plus_id", "nhs_url", "wikipedia_url"))
        if only_drugbank and (_CHEMICAL.search(normalized) or _SYSTEMATIC.match(normalized)):
            # DrugBank's experimental ligands ("1,2-dichlorobenzene"): never a monograph's drug.
            stats["entry-dropped-systematic-chemical"] += 1
            continue
        if only_drugbank and _ALLERGEN.search(normalized):
            stats["entry-dropped-allergen-extract"] += 1
            continue
        if c not in has_db and fold_key(normalized) in synonym_owner:
            normalized = synonym_owner[fold_key(normalized)]
            stats["entry-merged-into-drugbank-synonym"] += 1
        ids: dict[str, str] = {}
        if x.get("drugbank_id"):
            ids["drugbank"] = x["drugbank_id"]
        if x.get("mesh_id"):
            # The source's mesh_id is the pharmacological-action CLASS (baclofen -> "GABA-B
            # Receptor Agonists", buprenorphine and propoxyphene -> one shared id), not the
            # drug's own descriptor, so it is not kept.
            stats["mesh-id-not-kept"] += 1
        if x.get("medline_plus_id"):
            ids["medlineplus"] = x["medline_plus_id"]
        rank = 0 if x.get("drugbank_id") else 1
        e = entry_for(normalized, "DRUG", ids, rank)
        add_name(e, normalized)
        add_name(e, c)
        for v in names_of.get(c, []):
            add_name(e, v, brand=bool(vdata.get(v, {}).get("is_brand")))

    for raw, normalized, label, ids in sup.adds:
        e = entry_for(normalized, label, ids, 0)
        add_name(e, normalized)
        add_name(e, raw)
        forced[fold_key(raw)] = e
        stats["supplement-names"] += 1

    for raw, normalized in sup.classes:
        e = entry_for(normalized, "DRUG_CLASS", {}, -1)
        for name in (raw, *(f"{raw} {head}" for head in _CLASS_HEADS)):
            add_name(e, name)
            forced[fold_key(name)] = e

    known_keys = {k for e in entries.values() for k in e.names}

    def is_combination(key_raw: str) -> bool:
        parts = [p for p in _COMBO_SPLIT.split(key_raw) if p]
        return len(parts) > 1 and all(fold_key(p) in known_keys for p in parts)

    # Resolve names: drop stopped ones, combinations of known names, and names two entries claim.
    claims: dict[str, list[Entry]] = defaultdict(list)
    for e in entries.values():
        for key, raws in e.names.items():
            if key in sup.stop or (key in SALT_WORDS and key not in _CATION_DRUGS):
                stats["name-stopped"] += 1
                continue
            if _DYE.match(key):
                stats["name-dye"] += 1
                continue
            if e.label == "DRUG" and all(is_combination(r) for r in raws):
                # "amoxicillin and clavulanic acid" is found as its two ingredients.
                stats["name-combination"] += 1
                continue
            claims[key].append(e)

    variants: list[vocab.Variant] = []
    ordered = sorted(entries.values(), key=lambda e: (e.normalized, e.label))
    used = {id(e) for es in claims.values() for e in es}
    kept = [e for e in ordered if id(e) in used]
    number = {id(e): n for n, e in enumerate(kept)}
    for key in sorted(claims):
        owners = claims[key]
        # The supplement's choice wins; then the entry whose own name this is; then classes,
        # DrugBank drugs, others.
        owners.sort(
            key=lambda e: (
                forced.get(key) is not e,
                fold_key(e.normalized) != key,
                e.rank,
                e.normalized,
            )
        )
        if len({id(o) for o in owners}) > 1:
            stats["name-ambiguous-resolved"] += 1
        e = owners[0]
        short = len(key.replace(" ", "")) <= SHORT_KEY and key not in sup.anycase
        brand = key in e.brands
        title = key in sup.title or (short and brand and key not in sup.caps)
        caps = key in sup.caps or (short and not title)
        punct = "".join(sorted({ch for r in e.names[key] for ch in punctuation_of(r)}))
        variants.append(vocab.Variant(key, number[id(e)], caps, title, brand, punct))

    entry_list = [vocab.VocabEntry(e.normalized, e.label, e.ids) for e in kept]
    header = {
        "format": vocab.FORMAT,
        "source": f"{SOURCE_PACKAGE}=={version} (MIT; {SOURCE_DATA})",
        "supplement-sha256": hashlib.sha256(SUPPLEMENT.read_bytes()).hexdigest(),
        "entries": str(len(entry_list)),
        "names": str(len(variants)),
    }
    # A stopped multi-word name also hides the names inside it: "magnesium stearate" is an
    # excipient, not a mention of magnesium.
    blocks = sorted({*sup.blocks, *(k for k in sup.stop if " " in k)} - set(claims))
    header["blocks"] = str(len(blocks))
    stats["entries"] = len(entry_list)
    stats["names"] = len(variants)
    return vocab.VocabData(header, entry_list, variants, blocks), dict(stats)


def review(data: vocab.VocabData, sup: Supplement, words_path: Path) -> None:
    """Print names that are ordinary English words and have no decision in the supplement."""
    words = {w.strip() for w in words_path.read_text(encoding="utf-8").splitlines()}
    lower_words = {w for w in words if w.islower()}
    decided = sup.stop | sup.keep | sup.caps | sup.title | sup.anycase
    for v in sorted(data.variants, key=lambda v: v.key):
        if v.key in decided:
            continue
        parts = v.key.split()
        if all(p in lower_words for p in parts) or (v.caps_only and len(parts) == 1):
            e = data.entries[v.entry]
            print(f"{v.key}\t{e.normalized}\t{e.label}\t{'caps' if v.caps_only else ''}")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=vocab.DEFAULT_PATH)
    ap.add_argument("--check", action="store_true", help="fail if the data file is not up to date")
    ap.add_argument("--review", action="store_true", help="list undecided dictionary-word names")
    ap.add_argument("--words", type=Path, default=Path("/usr/share/dict/words"))
    args = ap.parse_args()

    source, version = load_source()
    sup = read_supplement(SUPPLEMENT)
    data, stats = build(source, version, sup)
    if args.review:
        review(data, sup, args.words)
        return 0
    if args.check:
        with gzip.open(args.out, "rt", encoding="utf-8") as f:
            current = f.read()
        fresh = "\n".join(vocab.dump_lines(data)) + "\n"
        if current != fresh:
            print(f"{args.out} is out of date: run scripts/build_vocabulary.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    vocab.write(data, args.out)
    for k in sorted(stats):
        print(f"{k}: {stats[k]}")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
