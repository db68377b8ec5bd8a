"""Side effects: list items under side-effect sections, and inline enumerations
("Common side effects include X, Y, and Z.") where no list follows.

Frequency comes from the nearest context (see `cues.frequency_of`); the band label
as written goes to `group`. Nested advice bullets and instruction items are skipped.
Effects named in other prose ("This medicine may cause X", "X may occur") and in Drug
Facts warning items ("Stop use and ask a doctor if X occurs") come from `effect_prose`.
"""

from __future__ import annotations

import re

from ingest.fields.cues import frequency_of, is_advice, is_band, says_common, says_serious
from ingest.fields.effect_prose import (
    STOP_USE,
    enumeration_end,
    item_effects,
    sentence_effects,
    stop_use_sentence,
    strip_note,
)
from ingest.fields.evidence import cited_in, item_citations, item_evidence, prose_evidence
from ingest.fields.layout import ListRun, Page, Sentence, body_start, clean_label, list_family
from ingest.fields.phrases import split_phrases
from ingest.fields.sentences import split_sentences
from ingest.record import Frequency, SideEffect
from ingest.sections import ParagraphPart, SectionNode

_TERM_STRIP = " \t.,;:!?"
_CROSS_REFERENCE = re.compile(r"\s*(?:\[\s*see\b[^\]]*\]|\(\s*see\b[^)]*\))\s*[.;,]?\s*$", re.I)
# "side effects ... include:" — the enumeration starts after the match.
_ENUMERATION = re.compile(
    r"\b(?:side[- ]effects?|adverse (?:drug )?(?:reactions?|effects?|events?)"
    r"|undesirable effects|unwanted effects)\b"
    r"(?:[^.:;()]|\.\d){0,120}?"
    r"\b(?:(?P<lists>may include|can include|include|includes|included|including|such as"
    r"|consist of)|are|were|is)\b\s*:?\s*",
    re.I,
)
# An enumerated phrase must look like a symptom, not the rest of a clause.
_NOT_A_TERM = re.compile(
    r"^(?:usually|generally|often|mild|moderate|rare|uncommon|common|not|more|less|listed"
    r"|similar|those|the following|below|as follows|described|seen|reported|minimal|few"
    r"|possible|likely|unlikely|very|also|in|to|with|for|of|that|which)\b"
    r"|\b(?:is|are|was|were|may|can|will|should|could|would|occur|occurs|go|goes|see)\b",
    re.I,
)
_MAX_TERM_WORDS = 8
_PROSE_KINDS = frozenset({"side_effects", "overview", "other", "warnings", "mechanism"})


def extract_side_effects(page: Page) -> list[SideEffect]:
    found: list[tuple[int, int, SideEffect]] = []
    for run in page.runs:
        family = list_family(run)
        if family == "side_effects":
            found.extend(_from_list(page, run))
        elif family == "warnings":  # Drug Facts "When using" / "Stop use" items
            found.extend(item_effects(page, run, bool(run.lead and STOP_USE.match(run.lead))))
    sentences = page.sentences
    for number, sentence in enumerate(sentences):
        node = sentence.node
        if node.kind in _PROSE_KINDS:
            listed = _from_sentence(page, sentence)
            if not listed and node.kind == "warnings":
                label = sentence.part.label or ""
                governed = bool(STOP_USE.match(label) or STOP_USE.match(node.heading))
                if governed or "stop" in sentence.cued()[0][:12]:
                    listed = stop_use_sentence(page, sentence, governed)
            found.extend(listed or sentence_effects(page, sentences, number))
    for node in page.nodes:
        if node.kind == "side_effects":
            for part in node.parts:
                if isinstance(part, ParagraphPart):
                    found.extend(_from_band_paragraph(page, node, part))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return _dedupe([effect for _, _, effect in found])


def _from_list(page: Page, run: ListRun) -> list[tuple[int, int, SideEffect]]:
    frequency = frequency_of(run.band, run.lead)
    top = min(item.depth for item in run.items)
    category = False  # the last top-level item ends with ":" ("Allergic reactions:")
    out: list[tuple[int, int, SideEffect]] = []
    for item in run.items:
        text = run.text(item)
        if item.depth > top:
            if not category:
                continue  # advice or explanation nested under a side effect
        else:
            category = text.rstrip().endswith(":")
        if is_advice(text):
            continue
        start, end = _term_span(text)
        if start >= end:
            continue
        effect = SideEffect(
            term=text[start:end],
            frequency=frequency,
            citations=item_citations(item, run.lead_in),
            evidence=item_evidence(run.node, item.index, start, end),
            group=run.band,
        )
        out.append((page.position(item), 0, effect))
    return out


def _term_span(text: str) -> tuple[int, int]:
    """The item's first sentence without trailing punctuation: a long item often goes
    on to explain ("Inflamed pancreas (acute pancreatitis). Signs may include ...")."""
    spans = split_sentences(text)
    if not spans:
        return 0, 0
    start, end = spans[0]
    reference = _CROSS_REFERENCE.search(text, start, end)
    if reference and reference.start() > start:
        end = reference.start()  # "Serious Infections [see Warnings and Precautions (5.1)]"
    end = strip_note(text, start, end)  # "Slowing of heart rate (may affect ... people)"
    while end > start and text[end - 1] in _TERM_STRIP:
        end -= 1
    return start, end


def _from_sentence(page: Page, sentence: Sentence) -> list[tuple[int, int, SideEffect]]:
    text = sentence.node.text
    if sentence.before_list or text[sentence.end - 1] == ":":
        return []  # a lead-in: its list carries the terms
    match = _ENUMERATION.search(text, sentence.start, sentence.end)
    if match is None or (sentence.node.kind != "side_effects" and not match.group("lists")):
        return []  # outside side-effect sections only "include"/"such as" enumerates
    head = text[sentence.start : match.start()] + match.group(0)
    frequency: Frequency = (
        "serious" if says_serious(head) else "common" if says_common(head) else "unspecified"
    )
    span = (sentence.start, sentence.end)
    stop = None  # "include X, Y, and Z may be likely in ...": the clause is no term
    if match.group("lists"):
        stop = enumeration_end(text, match.end(), sentence.end)
    return _phrases(page, sentence.node, sentence.part, match.end(), span, frequency, None, stop)


def _from_band_paragraph(
    page: Page, node: SectionNode, part: ParagraphPart
) -> list[tuple[int, int, SideEffect]]:
    """'Common: headache, nausea, dizziness' (SmPC style): band label, then terms."""
    text = node.text
    start = body_start(node, part)
    if start > part.start and part.label:
        band = clean_label(part.label)
    else:
        colon = text.find(":", part.start, part.end)
        if colon < 0:
            return []
        band, start = clean_label(text[part.start : colon]), colon + 1
    if not is_band(band) or start >= part.end or _ENUMERATION.search(text, start, part.end):
        return []
    frequency = frequency_of(band, node.heading)
    return _phrases(page, node, part, start, (part.start, part.end), frequency, band)


def _phrases(
    page: Page,
    node: SectionNode,
    part: ParagraphPart,
    start: int,
    support: tuple[int, int],
    frequency: Frequency,
    group: str | None,
    stop: int | None = None,
) -> list[tuple[int, int, SideEffect]]:
    """One side effect per enumerated phrase of text[start:stop] (default: the support's
    end); citations are those of the supporting sentence or paragraph."""
    text = node.text
    spans = split_phrases(text, start, support[1] if stop is None else stop)
    terms = [(a, b) for a, b in spans if _is_term(text[a:b])]
    if len(terms) != len(spans):
        terms = terms[: next(i for i, (a, b) in enumerate(spans) if not _is_term(text[a:b]))]
    citations = cited_in(part.cites, *support)
    position = page.position(part)
    return [
        (
            position,
            a,
            SideEffect(
                term=text[a:b],
                frequency=frequency,
                citations=citations,
                evidence=prose_evidence(node, a, b),
                group=group,
            ),
        )
        for a, b in terms
    ]


def _is_term(phrase: str) -> bool:
    words = phrase.split()
    return 0 < len(words) <= _MAX_TERM_WORDS and not _NOT_A_TERM.search(phrase)


def _dedupe(effects: list[SideEffect]) -> list[SideEffect]:
    seen: set[tuple[str, str]] = set()
    out: list[SideEffect] = []
    for effect in effects:
        key = (" ".join(effect.term.casefold().split()), effect.frequency)
        if key not in seen:
            seen.add(key)
            out.append(effect)
    return out
