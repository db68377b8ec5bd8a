"""Heading text -> section kind, and the clean-up every heading gets.

One ordered rule list covers regulatory label vocabulary (SPL / SmPC: "Adverse
Reactions", "Drug Interactions", "4.8 Undesirable effects") and consumer phrasing
("What is this medication for?", "Possible side effects"). The first rule that
matches wins, so more specific kinds come first ("Side Effects and Drug
Interactions" is a side-effects section; "Do not take" beats "take").
"""

from __future__ import annotations

import re
import unicodedata
from typing import get_args

from ingest.record import SectionKind

SECTION_KINDS: frozenset[str] = frozenset(get_args(SectionKind))

_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|chapter)\s+)?(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[ivx]+[.)])\s+(?=\S)", re.I
)
_TRAILING = re.compile(r"[\s:：.\u2013\u2014-]+$")

_RULE_TEXT: tuple[tuple[SectionKind, str], ...] = (
    # a leaflet's table of contents names every kind and is none of them
    ("other", r"^(what is in this leaflet|(table of )?contents|in this leaflet)$"),
    (
        "references",
        r"^(references?|footnotes?|sources?|bibliography|literature( cited)?"
        r"|citations?|works cited|further reading|notes|show \d+ footnotes?"
        r"|literatur|referencias|bibliograf[ií]a)\b",
    ),
    (
        "commerce",
        r"\b(buy|buying|order(ing)?|price|prices|pricing|shop|cart|quote|purchase"
        r"|products? (&|and) services|how supplied|package label|principal display panel"
        r"|packaging|supplier|request a quote|contact us|call us|preise|kaufen)\b",
    ),
    (
        "contraindications",
        r"contraindicat|do not (use|take)|who should not|must not (take|use)"
        r"|when not to use|should not (take|use)|gegenanzeigen|contraindicaciones",
    ),
    (
        "side_effects",
        r"side[- ]effects?|adverse|undesirable effects|unwanted effects"
        r"|reacciones adversas|efectos adversos|nebenwirkungen",
    ),
    (
        "interactions",
        r"interact|other (medicines|medications|drugs) and|taking other medicines"
        r"|wechselwirkungen|interacciones",
    ),
    (
        "indications",
        r"indicat|^uses?$|\buses\b|used (for|to)|what .{0,60}\bfor\??$"
        r"|why is this (medication|medicine|drug) prescribed|approved|purpose"
        r"|anwendungsgebiete|anwendung\b|para qu[eé]",
    ),
    (
        "dosage",
        r"dosage|\bdos(e|es|ing)\b|administration|how to (take|use)|how should"
        r"|proper use|directions|missed dose|injection technique|how to inject|instructions for use"
        r"|dosierung|posolog",
    ),
    (
        "warnings",
        r"warning|precaution|caution|boxed|before (using|taking|you (take|use|start))"
        r"|need to know before|overdos|abuse|dependence|pregnan|breast[- ]?feeding|lactation"
        r"|pediatric|paediatric|geriatric|elderly|allerg|special populations"
        r"|specific populations|stop use|ask a doctor|ask your doctor|when using"
        r"|\brisks?\b|safety|warnhinweise|advertencias|precauciones",
    ),
    # Medication guides open with their boxed warning in plain words.
    ("warnings", r"most important information"),
    # "What is X and how does it work?" introduces the drug: overview, not mechanism.
    ("overview", r"^what (is|are)\b"),
    (
        "mechanism",
        r"mechanism|how does .{0,40}work|how it works|pharmacolog|pharmacodynamic"
        r"|pharmacokinetic|wirkung|wirkweise|mecanismo",
    ),
    (
        "research",
        r"research|\bnews\b|\bstudies\b|clinical (trials?|studies)|\bevidence\b"
        r"|latest",
    ),
    (
        "overview",
        r"description|overview|what (is|are)\b|about\b|summary|introduction"
        r"|brand names?|generic names?|active ingredients?|composition|drug facts",
    ),
)
_RULES: tuple[tuple[SectionKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I)) for kind, pattern in _RULE_TEXT
)


# Headings that name a patient group: under a dosage or side-effects section they say
# who the dose or effect is for; on their own they are warnings for that group.
_POPULATION = re.compile(
    r"^(use in |in )?(adults?|children|adolescents|elderly|the elderly|older (adults|people)|"
    r"pediatric|paediatric|geriatric|infants|patients? with [\w\s]+)( use)?"
    r"( (including|and|or) (the )?(elderly|adolescents|children|adults))?$",
    re.I,
)


def names_population(text: str) -> bool:
    return bool(_POPULATION.match(clean_heading(text)))


def clean_heading(text: str) -> str:
    """Drop section numbering ("4.8.", "1 ") and a trailing colon; keep the wording."""
    cleaned = _NUMBERING.sub("", text.strip(), count=1)
    cleaned = _TRAILING.sub("", cleaned)
    return cleaned or text.strip()


def classify_heading(text: str) -> SectionKind | None:
    """The kind a heading names, or None when it names none of them."""
    cleaned = clean_heading(text)
    for kind, pattern in _RULES:
        if pattern.search(cleaned):
            return kind
    return None


def slugify(text: str, fallback: str = "section") -> str:
    """ASCII kebab-case slug, e.g. "What Is Baclofen?" -> "what-is-baclofen"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or fallback
