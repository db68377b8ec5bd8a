"""What changed between two versions of a record, in reviewer's terms.

`git diff` shows changed lines; this shows changed facts: side effects added or
dropped, an interaction whose severity changed, a heading whose kind moved. Items
are matched by their identity (term, drug, condition, reference number...), not by
position, so an insertion does not make everything after it look changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ingest.record import Monograph

# list field -> what identifies one of its items
_KEYS: dict[str, Callable[[dict[str, Any]], str]] = {
    "indications": lambda x: x["condition"],
    "limitations": lambda x: x["text"],
    "contraindications": lambda x: x["text"],
    "warnings": lambda x: x["text"],
    "side_effects": lambda x: x["term"],
    "interactions": lambda x: x["drug"],
    "references": lambda x: str(x["number"]),
    "citations": lambda x: f"[{x['reference']}] in {x['section']}",
    "drug_mentions": lambda x: f"{x['normalized']} in {x['section']}",
    "diagnostics": lambda x: f"{x['code']}: {x['message']}",
}
# fields compared on each matched item (evidence offsets move with any edit: left out)
_COMPARED: dict[str, tuple[str, ...]] = {
    "indications": ("text", "citations"),
    "side_effects": ("frequency", "group", "citations"),
    "interactions": ("severity", "citations"),
    "references": ("title", "date", "url", "raw"),
}


def diff_records(old: Monograph, new: Monograph) -> list[str]:
    """Human-readable change lines; empty when the facts are the same."""
    a, b = old.model_dump(), new.model_dump()
    lines: list[str] = []
    for key in ("id", "title", "schema_version", "language"):
        if a[key] != b[key]:
            lines.append(f"~ {key}: {a[key]!r} -> {b[key]!r}")
    for key in ("name", "normalized", "chemical_name", "classes", "ids"):
        if a["drug"][key] != b["drug"][key]:
            lines.append(f"~ drug.{key}: {a['drug'][key]!r} -> {b['drug'][key]!r}")
    lines += _section_changes(a["sections"], b["sections"])
    for field, identity in _KEYS.items():
        lines += _list_changes(field, a[field], b[field], identity)
    return lines


def _flatten(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for section in sections:
        yield section
        yield from _flatten(section["children"])


def _section_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    a = {s["id"]: s for s in _flatten(old)}
    b = {s["id"]: s for s in _flatten(new)}
    lines = [f"- section {sid} ({a[sid]['heading']!r})" for sid in a if sid not in b]
    lines += [
        f"+ section {sid} ({b[sid]['heading']!r}, {b[sid]['kind']})" for sid in b if sid not in a
    ]
    for sid in a.keys() & b.keys():
        for key in ("heading", "level", "kind", "text", "items"):
            if a[sid][key] != b[sid][key]:
                detail = (
                    f"{a[sid][key]!r} -> {b[sid][key]!r}"
                    if key in ("heading", "level", "kind")
                    else "changed"
                )
                lines.append(f"~ section {sid}.{key}: {detail}")
    return sorted(lines)


def _list_changes(
    field: str,
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    key: Callable[[dict[str, Any]], str],
) -> list[str]:
    a = {key(x): x for x in old}
    b = {key(x): x for x in new}
    lines = [f"- {field}: {k}" for k in a if k not in b]
    lines += [f"+ {field}: {k}" for k in b if k not in a]
    for k in a.keys() & b.keys():
        for attr in _COMPARED.get(field, ()):
            if a[k][attr] != b[k][attr]:
                lines.append(f"~ {field}: {k}: {attr} {a[k][attr]!r} -> {b[k][attr]!r}")
    return sorted(lines)
