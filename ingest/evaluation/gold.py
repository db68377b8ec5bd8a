"""Read and check the field gold files (tests/data/field-gold/*.json, see GUIDELINES.md there).

A field that is absent (or null) in a gold file is not annotated for that page and is not
scored; an empty list is an annotation ("the page has none") and is scored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ingest.evaluation.matching import Variants, normalize
from ingest.record import Frequency, SectionKind, Severity

KINDS = frozenset(get_args(SectionKind))
FREQUENCIES = frozenset(get_args(Frequency))
SEVERITIES = frozenset(get_args(Severity))
OPTIONAL_FIELDS = frozenset(
    {"headings", "side_effects", "indications", "interactions", "drug_mentions", "citations"}
)
_KEYS = frozenset(
    {
        "source",
        "layout",
        "notes",
        "headings",
        "optional",
        "side_effects",
        "indications",
        "interactions",
        "references",
        "citations",
        "drug_mentions",
    }
)


@dataclass(frozen=True, slots=True)
class GoldReference:
    number: int
    title: Variants | None
    date: str | None
    url: Variants | None  # an archived page may be cited by its archive or its original url


@dataclass(slots=True)
class GoldPage:
    name: str  # the gold file's stem
    source: str  # "<folder>/<file>" under the corpus, or "repo:<path>"
    layout: str
    headings: list[tuple[Variants, tuple[str, ...]]] | None = None
    # per field: values the record may give or leave out (site boilerplate headings, borderline
    # names); they are neither hits nor extras
    optional: dict[str, list[str]] = field(default_factory=dict)
    optional_citations: list[tuple[int, Variants]] = field(default_factory=list)
    side_effects: list[tuple[Variants, str]] | None = None
    indications: list[Variants] | None = None
    interactions: list[tuple[Variants, str]] | None = None
    references: list[GoldReference] | None = None
    citations: list[tuple[int, Variants]] | None = None
    drug_mentions: list[Variants] | None = None


class GoldError(ValueError):
    """A gold file does not follow the format."""


def load_gold(gold_dir: Path) -> list[GoldPage]:
    pages = [load_page(path) for path in sorted(gold_dir.glob("*.json"))]
    if not pages:
        raise GoldError(f"no gold files (*.json) in {gold_dir}")
    return pages


def load_page(path: Path) -> GoldPage:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return parse_page(path.stem, data)
    except (GoldError, json.JSONDecodeError) as error:
        raise GoldError(f"{path.name}: {error}") from None


def parse_page(name: str, data: Any) -> GoldPage:
    if not isinstance(data, dict):
        raise GoldError("a gold file holds one JSON object")
    unknown = set(data) - _KEYS
    if unknown:
        raise GoldError(f"unknown keys {sorted(unknown)}")
    page = GoldPage(name, _text(data.get("source"), "source"), str(data.get("layout", "")))
    if (raw := data.get("headings")) is not None:
        page.headings = [_heading(entry) for entry in _list(raw, "headings")]
    optional = data.get("optional", {})
    if not isinstance(optional, dict) or not set(optional) <= OPTIONAL_FIELDS:
        raise GoldError(f"optional: expected an object with keys from {sorted(OPTIONAL_FIELDS)}")
    page.optional = {
        key: [_text(t, f"optional.{key}") for t in _list(values, key)]
        for key, values in optional.items()
        if key != "citations"
    }
    page.optional_citations = [_citation(e) for e in _list(optional.get("citations", []), "c")]
    if (raw := data.get("side_effects")) is not None:
        page.side_effects = [
            (_variants(e.get("term"), "term"), _choice(e.get("frequency"), FREQUENCIES))
            for e in _dicts(raw, "side_effects")
        ]
        _unique([v for v, _ in page.side_effects], "side_effects")
    if (raw := data.get("indications")) is not None:
        page.indications = [_variants(e, "indications") for e in _list(raw, "indications")]
        _unique(page.indications, "indications")
    if (raw := data.get("interactions")) is not None:
        page.interactions = [
            (_variants(e.get("drug"), "drug"), _choice(e.get("severity"), SEVERITIES))
            for e in _dicts(raw, "interactions")
        ]
        _unique([v for v, _ in page.interactions], "interactions")
    if (raw := data.get("references")) is not None:
        page.references = [_reference(e) for e in _dicts(raw, "references")]
        numbers = [r.number for r in page.references]
        if len(set(numbers)) != len(numbers):
            raise GoldError("references: duplicate numbers")
    if (raw := data.get("citations")) is not None:
        page.citations = [_citation(e) for e in _list(raw, "citations")]
    if (raw := data.get("drug_mentions")) is not None:
        page.drug_mentions = [_variants(e, "drug_mentions") for e in _list(raw, "drug_mentions")]
        _unique(page.drug_mentions, "drug_mentions")
    return page


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise GoldError(f"{what}: expected a list")
    return value


def _dicts(value: Any, what: str) -> list[dict[str, Any]]:
    items = _list(value, what)
    if not all(isinstance(e, dict) for e in items):
        raise GoldError(f"{what}: expected a list of objects")
    return items


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(f"{what}: expected a non-empty string, got {value!r}")
    return value


def _variants(value: Any, what: str) -> Variants:
    """A string, or a list of accepted spellings (the first is the one shown)."""
    if isinstance(value, str):
        return (_text(value, what),)
    if isinstance(value, list) and value:
        return tuple(_text(v, what) for v in value)
    raise GoldError(f"{what}: expected a string or a list of strings, got {value!r}")


def _choice(value: Any, allowed: frozenset[str]) -> str:
    if value not in allowed:
        raise GoldError(f"{value!r} is not one of {sorted(allowed)}")
    return str(value)


def _heading(entry: Any) -> tuple[Variants, tuple[str, ...]]:
    if not isinstance(entry, list) or len(entry) != 2:
        raise GoldError(f"headings: expected [text, kind], got {entry!r}")
    kinds = entry[1] if isinstance(entry[1], list) else [entry[1]]
    return _variants(entry[0], "heading"), tuple(_choice(k, KINDS) for k in kinds)


def _reference(entry: dict[str, Any]) -> GoldReference:
    number = entry.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise GoldError(f"references: bad number {number!r}")
    title = entry.get("title")
    date = entry.get("date")
    url = entry.get("url")
    return GoldReference(
        number,
        None if title is None else _variants(title, "title"),
        None if date is None else _text(date, "date"),
        None if url is None else _variants(url, "url"),
    )


def _citation(entry: Any) -> tuple[int, Variants]:
    """[number, heading], or [number, [headings]] when the marker's section may be named by
    its own heading or its parent's (a run-in sub-heading)."""
    if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], int):
        raise GoldError(f"citations: expected [number, heading], got {entry!r}")
    return entry[0], _variants(entry[1], "citation heading")


def _unique(entries: list[Variants], what: str) -> None:
    seen: set[str] = set()
    for variants in entries:
        key = normalize(variants[0])
        if key in seen:
            raise GoldError(f"{what}: {variants[0]!r} is listed twice")
        seen.add(key)
