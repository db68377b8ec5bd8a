"""What the field extractors need from drug-name recognition.

The extractors only see a callable that finds drug spans in a string, so the real
NER (`ingest.ner`) and a small test finder are interchangeable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class DrugSpan(Protocol):
    """One drug name found in a string: `text == string[start:end]`."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def normalized(self) -> str: ...

    @property
    def label(self) -> str: ...  # "DRUG" or "DRUG_CLASS"


DrugFinder = Callable[[str], Sequence[DrugSpan]]


def other_drugs(find: DrugFinder, text: str, main_drug: str | None) -> list[DrugSpan]:
    """DRUG spans in `text` except the page's own drug, in text order, one per name.

    Classes ("NSAIDs", "CNS depressants") are left out: an interaction names a drug.
    """
    main = main_drug.casefold() if main_drug else None
    seen: set[str] = set()
    found: list[DrugSpan] = []
    for span in sorted(find(text), key=lambda s: (s.start, -s.end)):
        name = span.normalized.casefold()
        if span.label != "DRUG" or not name or name == main or name in seen:
            continue
        seen.add(name)
        found.append(span)
    return found


@dataclass(frozen=True, slots=True)
class FoundDrug:
    start: int
    end: int
    text: str
    normalized: str
    label: str = "DRUG"


class NameFinder:
    """A `DrugFinder` over a fixed vocabulary (name -> normalized), matched
    case-insensitively on word boundaries, longest name first. For tests and tools;
    the pipeline uses the real NER."""

    def __init__(self, drugs: Mapping[str, str], classes: Mapping[str, str] | None = None):
        self._labels: dict[str, tuple[str, str]] = {
            name.casefold(): (normalized, "DRUG") for name, normalized in drugs.items()
        }
        for name, normalized in (classes or {}).items():
            self._labels[name.casefold()] = (normalized, "DRUG_CLASS")
        names = sorted(self._labels, key=len, reverse=True)
        alternation = "|".join(re.escape(name) for name in names) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I)

    def __call__(self, text: str) -> list[FoundDrug]:
        found: list[FoundDrug] = []
        for match in self._pattern.finditer(text):
            normalized, label = self._labels[match.group(0).casefold()]
            found.append(FoundDrug(match.start(), match.end(), match.group(0), normalized, label))
        return found
