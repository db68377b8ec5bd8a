"""Interactions: one per drug named in an interaction sentence or list item.

Evidence is the span of the drug's mention (in the section text, or in the item),
so a reviewer sees exactly which word produced the record; `text` is the whole
supporting sentence or item and `citations` are that sentence's or item's (plus the
list's lead-in). Severity comes from the wording of the sentence, or of the lead-in
for a list (Mayo: "is not recommended" -> major, "usually not recommended, but may
be required" -> moderate, "may cause an increased risk of certain side effects, but
using both drugs may be the best treatment" -> minor).

Duplicates (same drug) keep the first mention, unless a later one states a severity
the first left unspecified.
"""

from __future__ import annotations

from ingest.fields.cues import Cues, cue_keys, explicit_severity, severity_of
from ingest.fields.drugs import DrugFinder, other_drugs
from ingest.fields.evidence import cited_in, item_citations, item_evidence, prose_evidence
from ingest.fields.layout import Page, Sentence, has_facts, list_family
from ingest.record import Interaction

_TRIGGER = Cues(
    ("interact", r"\binteract\w*"),
    (
        "do not|don't|never|should not|must not|avoid&with|together|combination|same time",
        r"\b(?:do\s+not|don't|never|should\s+not|must\s+not|avoid)\b[^.]{0,80}"
        r"\b(?:with|together|in\s+combination|at\s+the\s+same\s+time|while\s+taking)\b",
    ),
    (
        "taking|using|combin|administ|concomitant&with|together",
        r"\b(?:taking|using|combining|combined|co-?administ\w*|concomitant\w*)\b[^.]{0,80}"
        r"\b(?:with|together)\b",
    ),
    (
        "increase|decrease|reduce|enhance|potentiate",
        r"\b(?:increase|decrease|reduce|enhance|potentiate)[sd]?\s+the\s+(?:effects?|levels?"
        r"|concentrations?|activity)\b",
    ),
)
# A sentence comparing treatments names drugs without any interaction.
_ALTERNATIVES = Cues(
    (
        "alternative|instead|superior|inferior|compared|versus|vs|rather|look to|switch|replac"
        "|better|effective|first|option",
        r"\b(?:alternatives?|instead\s+of|superior|inferior|compared\s+(?:to|with)|versus|vs\.?"
        r"|rather\s+than|look\s+to|switch(?:ed|ing)?\s+(?:to|from)|replac\w+|better\s+than"
        r"|more\s+effective\s+than|as\s+effective\s+as|first[- ]line|treatment\s+options?)\b",
    ),
)


def extract_interactions(page: Page, find: DrugFinder, main_drug: str | None) -> list[Interaction]:
    found: list[tuple[int, int, Interaction]] = []
    for run in page.runs:
        if not has_facts(run.node):
            continue
        listed = list_family(run) == "interactions"
        severity = severity_of(run.lead)
        for item in run.items:
            text = run.text(item)
            if listed:
                item_severity = explicit_severity(text) or severity
            elif _is_interaction_item(text):
                item_severity = severity_of(text)  # "Do not use X in combination with Y"
            else:
                continue
            citations = item_citations(item, run.lead_in)
            for span in other_drugs(find, text, main_drug):
                interaction = Interaction(
                    drug=span.normalized,
                    severity=item_severity,
                    text=text.strip(),
                    citations=citations,
                    evidence=item_evidence(run.node, item.index, span.start, span.end),
                )
                found.append((page.position(item), span.start, interaction))
    for sentence in page.sentences:
        if _is_interaction_sentence(sentence):
            found.extend(_from_sentence(page, sentence, find, main_drug))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return _dedupe(found)


def _is_interaction_item(text: str) -> bool:
    lowered = text.lower()
    keys = cue_keys(lowered)
    return _TRIGGER.search(text, lowered, keys) and not _ALTERNATIVES.search(text, lowered, keys)


def _is_interaction_sentence(sentence: Sentence) -> bool:
    node = sentence.node
    if not has_facts(node):
        return False
    text = sentence.text
    lowered, keys = sentence.cued()
    if node.kind != "interactions" and not _TRIGGER.search(text, lowered, keys):
        return False
    return not _ALTERNATIVES.search(text, lowered, keys)


def _from_sentence(
    page: Page, sentence: Sentence, find: DrugFinder, main_drug: str | None
) -> list[tuple[int, int, Interaction]]:
    text = sentence.text
    severity = severity_of(text)
    citations = cited_in(sentence.part.cites, sentence.start, sentence.end)
    out: list[tuple[int, int, Interaction]] = []
    for span in other_drugs(find, text, main_drug):
        start = sentence.start + span.start
        interaction = Interaction(
            drug=span.normalized,
            severity=severity,
            text=text,
            citations=citations,
            evidence=prose_evidence(sentence.node, start, start + (span.end - span.start)),
        )
        out.append((page.position(sentence.part), start, interaction))
    return out


def _dedupe(entries: list[tuple[int, int, Interaction]]) -> list[Interaction]:
    kept: dict[str, int] = {}  # drug -> index into entries
    for index, (_, _, interaction) in enumerate(entries):
        drug = interaction.drug.casefold()
        first = kept.get(drug)
        upgrade = first is not None and (
            entries[first][2].severity == "unspecified" and interaction.severity != "unspecified"
        )
        if first is None or upgrade:
            kept[drug] = index
    return [entries[index][2] for index in sorted(kept.values())]
