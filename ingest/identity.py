"""Which drug is the page about, what is its chemical name, what classes is it in.

The title names the drug on almost every monograph ("API: Baclofen", "Baclofen
(oral route)", "HUMIRA (adalimumab) injection"), so the first drug in the title wins;
otherwise the drug mentioned most often outside boilerplate. Chemical name and
classes come from the defining sentences monographs open with ("X, chemically
described as ...", "X is a central nervous system depressant ...").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Protocol

from ingest.record import Drug, DrugMention
from ingest.sections import SectionNode

_BOILERPLATE_KINDS = frozenset({"commerce", "references"})

_CHEMICAL = re.compile(
    r"\b(?:chemically (?:described|known|designated) as|chemical name (?:is|of [^,.]+ is)|"
    r"chemical name:)\s+(?P<name>.+?)(?=,\s|;|\.\s|\.$|\s\(|$)",
    re.I,
)
# "X is a|an <class> [that|which|used|indicated|,|.]"; "belongs to a group of medicines called";
# "is in a class of medications called"; "used as a <class> and <class>".
_IS_A = (
    r"\b(?:is|are)\s+(?:a|an)\s+(?P<isa>[a-z][\w\s()-]{3,80}?)"
    r"(?=\s+(?:that|which|used|indicated|with|for|and is|approved)\b|[,.;]|$)"
)
_CALLED = (
    r"\b(?:group|class|family|type) of (?:medicines|medications|drugs) (?:called|known as)\s+"
    r"(?P<called>[\w\s()-]{3,80}?)(?=[,.;]|\s+(?:that|which)\b|$)"
)
_USED_AS = r"\bused as (?:a|an)\s+(?P<usedas>[\w\s-]{3,120}?)(?=[,.;]|$)"
_CLASS_PATTERNS = tuple(re.compile(p, re.I) for p in (_IS_A, _CALLED, _USED_AS))
_CLASS_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_NOT_A_CLASS = re.compile(
    r"^(?:drug|medicine|medication|prescription|product|treatment|way|type|group|number|lot)"
    r"|\b(?:patients?|people|you|your|this|these|used|available)\b",
    re.I,
)


class NamedDrug(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def normalized(self) -> str: ...
    @property
    def ids(self) -> Mapping[str, str]: ...


def main_drug(
    title_drugs: Sequence[NamedDrug], mentions: Sequence[DrugMention], kinds: Mapping[str, str]
) -> Drug | None:
    """The drug the page is about: first drug named in the title, else the most frequent."""
    if title_drugs:
        first = title_drugs[0]
        return Drug(name=first.text, normalized=first.normalized, ids=dict(first.ids))
    counted = Counter(
        m.normalized for m in mentions if kinds.get(m.section) not in _BOILERPLATE_KINDS
    )
    if not counted:
        return None
    top = max(counted.items(), key=lambda kv: (kv[1], kv[0]))[0]
    first = next(m for m in mentions if m.normalized == top)
    return Drug(name=first.text, normalized=first.normalized, ids=dict(first.ids))


def describe(drug: Drug, roots: Sequence[SectionNode]) -> Drug:
    """Add the chemical name and classes the defining sentences give."""
    text = "\n".join(_defining_texts(roots))
    chemical = _CHEMICAL.search(text)
    classes = _classes(text, drug)
    return drug.model_copy(
        update={
            "chemical_name": chemical.group("name").strip() if chemical else drug.chemical_name,
            "classes": classes or drug.classes,
        }
    )


def _defining_texts(roots: Sequence[SectionNode]) -> list[str]:
    """Prose of the overview-like sections: where a drug is defined."""
    texts: list[str] = []
    for root in roots:
        for node in root.walk():
            if node.kind in ("overview", "mechanism") and node.text:
                texts.append(node.text)
    return texts


def _classes(text: str, drug: Drug) -> list[str]:
    names = {drug.name.lower(), drug.normalized}
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text)[:40]:
        lowered = sentence.lower()
        if not any(name and name in lowered for name in names):
            continue
        for pattern in _CLASS_PATTERNS:
            for match in pattern.finditer(sentence):
                phrase = next(g for g in match.groups() if g)
                for part in _CLASS_SPLIT.split(phrase):
                    cls = _lower_keep_acronyms(part.strip(" -"))
                    if 3 <= len(cls) <= 60 and not _NOT_A_CLASS.search(cls) and cls not in found:
                        found.append(cls)
        if found:
            break
    return found


def _lower_keep_acronyms(phrase: str) -> str:
    """'Tumor Necrosis Factor (TNF) blocker' -> 'tumor necrosis factor (TNF) blocker'."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in phrase.split())
