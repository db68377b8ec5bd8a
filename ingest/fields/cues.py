"""Wording cues shared by the extractors: what a lead-in introduces, how serious or
frequent a group of side effects is, whether a list item is advice.

All patterns are compiled once; they are matched against short strings (a lead-in,
a heading, one item), so they stay cheap.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache
from operator import itemgetter
from typing import Any, Literal

import ahocorasick

from ingest.record import Frequency, Severity


class Cues:
    """Alternative patterns, each searched only when its keys occur in the text.

    Keys are lower-case substrings: "a|b" needs one of them, "a|b&c" also needs "c".
    A substring test is far cheaper than a regex with many "\\b(...)" branches run over
    every sentence of a page, and most sentences fail it. The keys of all `Cues` are
    found in one Aho-Corasick pass (`cue_keys`), which callers that try several `Cues`
    on one sentence do once and pass on.
    """

    def __init__(self, *cues: tuple[str, str]) -> None:
        self._cues = tuple(
            (
                tuple(frozenset(group.split("|")) for group in keys.split("&")),
                re.compile(pattern, re.I),
            )
            for keys, pattern in cues
        )
        # every cue needs one of its first keys: one set test rules most texts out
        self._firsts = frozenset().union(*(groups[0] for groups, _ in self._cues))
        _CUE_KEYS.update(key for groups, _ in self._cues for group in groups for key in group)
        _KEY_FINDER.clear()  # rebuilt with the new keys on first use

    def search(
        self, text: str, lowered: str | None = None, keys: AbstractSet[str] | None = None
    ) -> bool:
        """Does a cue match `text`? `lowered` is `text.lower()` and `keys` its
        `cue_keys`, when the caller has them."""
        if keys is None:
            keys = cue_keys(text.lower() if lowered is None else lowered)
        if self._firsts.isdisjoint(keys):
            return False
        for groups, pattern in self._cues:
            if groups[0].isdisjoint(keys):
                continue
            if len(groups) > 1 and any(group.isdisjoint(keys) for group in groups[1:]):
                continue
            if pattern.search(text) is not None:
                return True
        return False


_CUE_KEYS: set[str] = set()  # every key of every Cues
_KEY_FINDER: list[Any] = []  # the automaton's `iter` over _CUE_KEYS, built lazily


def cue_keys(lowered: str) -> frozenset[str]:
    """The cue keys that occur in `lowered` (a lower-cased text)."""
    if not _CUE_KEYS:
        return frozenset()
    if not _KEY_FINDER:
        auto: Any = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for key in _CUE_KEYS:
            auto.add_word(key, key)
        auto.make_automaton()
        _KEY_FINDER.append(auto.iter)
    return frozenset(map(_VALUE, _KEY_FINDER[0](lowered)))  # map(): no bytecode per hit


_VALUE = itemgetter(1)  # (end, key) -> key


LeadKind = Literal[
    "overdose",
    "contraindications",
    "interactions",
    "side_effects",
    "warnings",
    "dosage",
    "advice",
]

_OVERDOSE = re.compile(r"overdos|too much\b|more .{0,30}than you should", re.I)
_CONTRA_LEAD = re.compile(
    r"\b(?:do not|don't|never|must not|should not|cannot)\s+(?:take|use|be (?:given|used|taken)"
    r"|receive|start)\b[^.:]{0,80}\b(?:if|when|in case|while)\b"
    r"|\bcontraindicat|\bwho (?:should|must) not\b|\bnot (?:be )?(?:taken|used|given) (?:by|if)\b"
    r"|\b(?:do not|don't|must not|should not)\s+(?:take|use)\b[^.:]{0,60}:\s*$",  # "Do not take X:"
    re.I,
)
_INTERACTION_LEAD = re.compile(
    r"\binteract"
    r"|\b(?:other|following|these|those|any|certain) (?:medicines|medications|drugs|products)\b"
    r"|\btaking (?:any )?(?:of )?(?:the following|these|other) (?:medicines|medications|drugs)"
    r"|\bwith (?:any of )?(?:the following|these) (?:medicines|medications|drugs)",
    re.I,
)
_SIDE_EFFECT_LEAD = re.compile(
    r"side[- ]effects?|adverse|undesirable effects|unwanted effects|\breactions?\b|symptoms?\b"
    r"|\bif you (?:get|notice|develop|experience|have any of)\b|\bexperience\b|\bmay cause\b"
    r"|\bcan cause\b",
    re.I,
)
_WARNING_LEAD = re.compile(
    r"\b(?:tell|talk (?:to|with)|check with|consult|ask|inform|speak (?:to|with))\b[^.:]{0,60}"
    r"\b(?:doctor|pharmacist|physician|nurse|health ?care|prescriber)"
    r"|\bbefore (?:taking|using|starting|you (?:take|use|start))\b"
    r"|\bif you (?:have|are|had|suffer|were)\b|\bespecially\b|\bcaution\b|\bwarnings?\b"
    r"|\bprecautions?\b|\bat risk\b|\brisk of\b",
    re.I,
)
_DEVICE = re.compile(
    r"\b(?:pen|syringe|needle|vial|cartridge|carton|device|injector|kit|inhaler|patch|pump)s?\b",
    re.I,
)
# Leaflet housekeeping ("Read all of this leaflet carefully before you start ...").
_HOUSEKEEPING_LEAD = re.compile(r"\bleaflet\b|\bpackage insert\b", re.I)
_DOSAGE_LEAD = re.compile(r"\b(?:dose|doses|dosage|dosing|posology)\b", re.I)
_ADVICE_LEAD = re.compile(
    r"\bto (?:reduce|prevent|avoid|help|manage|ease|relieve|cope|minimi[sz]e)\b|\btips?\b"
    r"|\bwhat (?:you can do|to do)\b|\bhow to\b|\byou (?:can|could|should) (?:try|help)\b"
    r"|\b(?:may|can|might|will) help\b|\bthings (?:you can|to)\b",
    re.I,
)


def mentions_overdose(text: str) -> bool:
    return bool(_OVERDOSE.search(text))


@lru_cache(maxsize=4096)  # lead-ins and headings repeat within and across pages
def lead_kind(text: str | None) -> LeadKind | None:
    """What a lead-in (or the heading standing in for one) says its list holds."""
    if not text:
        return None
    if _OVERDOSE.search(text):
        return "overdose"
    if _CONTRA_LEAD.search(text):
        # "Do not use the Pen if:" is about the device, not the patient
        return "advice" if _DEVICE.search(text) else "contraindications"
    if _INTERACTION_LEAD.search(text):
        return "interactions"
    if _SIDE_EFFECT_LEAD.search(text):
        return "side_effects"
    if _HOUSEKEEPING_LEAD.search(text):
        return "advice"
    if _WARNING_LEAD.search(text):
        return "warnings"
    if _DOSAGE_LEAD.search(text):
        return "dosage"
    if _ADVICE_LEAD.search(text):
        return "advice"
    return None


# --- side-effect frequency ---------------------------------------------------------

# A frequency-band label: "More common", "Rare", "Very common (may affect more than 1 in
# 10 people)", "Common: may affect up to 1 in 10 people", "Incidence not known". Not a
# sentence that starts with a band word ("Common side effects include:").
_BAND = re.compile(
    r"^\s*(?:(?:very|more|most|less)\s+)?(?:common|uncommon|rare|frequent|infrequent)"
    r"(?:\s+or\s+(?:very\s+)?(?:rare|uncommon))?"
    r"(?:\s+(?:in|among)\s+\w+(?:\s+\w+)?)?"
    r"(?:\s+(?:side[- ]effects?|adverse (?:reactions?|effects?|events?)))?\s*(?:$|[(:\-–—,;])"
    r"|^\s*(?:(?:frequency|incidence)\s+(?:not\s+known|unknown)|not\s+known|unknown)\b",
    re.I,
)
_COMMON = re.compile(r"(?<!less )(?<!\w)(?:common(?:ly)?|frequent(?:ly)?)\b", re.I)
_SERIOUS = re.compile(
    r"\bserious\b|\bsevere\b|\bimmediately\b|\bright away\b|\bstraight away\b|\bat once\b"
    r"|\bas soon as possible\b|\bemergency\b|\burgent(?:ly)?\b|\blife[- ]threatening\b"
    r"|\bstop (?:taking|using)\b|\bget (?:immediate |urgent |emergency )?medical help\b"
    r"|\bseek (?:immediate |urgent |emergency )?medical\b|\bcall 911\b",
    re.I,
)
BAND_MAX_CHARS = 100


def is_band(text: str) -> bool:
    return len(text) <= BAND_MAX_CHARS and bool(_BAND.match(text))


def says_common(text: str) -> bool:
    return bool(_COMMON.search(text))


def says_serious(text: str) -> bool:
    return bool(_SERIOUS.search(text))


def frequency_of(band: str | None, context: str | None) -> Frequency:
    """Serious wording in the band or the lead-in wins (a serious group may also be a
    common one); then the band's own word; then a lead-in like "Common side effects
    include:"."""
    if (band and says_serious(band)) or (context and says_serious(context)):
        return "serious"
    if band is not None:
        return "common" if says_common(band) else "unspecified"
    if context and says_common(context):
        return "common"
    return "unspecified"


# --- advice -------------------------------------------------------------------------

_IMPERATIVE = re.compile(
    r"^\W*(?:please\s+)?(?:do not|don't|never|always|take|drink|avoid|tell|call|contact|stop"
    r"|ask|keep|eat|talk|see|seek|get|go|try|use|make sure|remember|check|read|follow|wear"
    r"|rest|sit|lie|stand|limit|apply|chew|suck|sip|report|inform|consult|discuss|let|store"
    r"|swallow|give|wait|continue|speak|visit|have (?:a|regular|your)|if you|if your|if this"
    r"|you (?:should|can|may|must|could|might))\b",
    re.I,
)


def is_advice(text: str) -> bool:
    """An instruction ("Take it with food", "Drink plenty of water"), not a symptom."""
    return bool(_IMPERATIVE.match(text))


# --- interaction severity -----------------------------------------------------------

_SEVERITY_WORD = re.compile(r"\b(major|moderate|minor)\b", re.I)
_MODERATE_PHRASE = re.compile(
    r"usually not recommended|may be required in some cases|\bmonitor(?:ed|ing)? closely\b", re.I
)
_MINOR_PHRASE = re.compile(
    r"may be the best treatment|increased risk of certain side effects, but", re.I
)
_MAJOR_CUE = re.compile(
    r"\b(?:serious|severe|dangerous|life[- ]threatening|fatal|contraindicated|not recommended"
    r"|must not|never)\b|\bshould not be (?:used|taken)\b"
    r"|\b(?:do not|don't) (?:take|use)\b(?! without)",
    re.I,
)
_MILD_CUE = re.compile(r"\bmild\b", re.I)


def explicit_severity(text: str) -> Severity | None:
    """Only the words "major", "moderate", "minor" (as on interaction checkers)."""
    match = _SEVERITY_WORD.search(text)
    return match.group(1).lower() if match else None  # type: ignore[return-value]


def severity_of(text: str | None) -> Severity:
    if not text:
        return "unspecified"
    explicit = explicit_severity(text)
    if explicit is not None:
        return explicit
    if _MODERATE_PHRASE.search(text):
        return "moderate"
    if _MINOR_PHRASE.search(text):
        return "minor"
    if _MAJOR_CUE.search(text):
        return "major"
    if _MILD_CUE.search(text):
        return "minor"
    return "unspecified"


# --- statements ---------------------------------------------------------------------

_LIMITATION = Cues(
    ("indicated", r"\bnot\s+(?:be\s+)?indicated\b"),
    (
        "recommended for",
        r"\bnot\s+recommended\s+for\s+(?:use\s+)?(?:in|by|as|for|to|the|children|patients)\b",
    ),
    ("approved", r"\bnot\s+(?:been\s+)?approved\s+(?:for|to|in|by|as)\b"),
    (
        "safety|efficacy|effectiveness",
        r"\b(?:safety|efficacy|effectiveness)\b[^.]{0,60}\bnot\s+(?:been\s+)?"
        r"(?:established|studied|evaluated|demonstrated)\b",
    ),
    ("established", r"\b(?:has|have)\s+not\s+been\s+established\b"),
    (
        "should not be used",
        r"\bshould\s+not\s+be\s+used\s+(?:to\s+treat|for|in\s+the\s+treatment)\b",
    ),
    (
        "suitable|intended|effective",
        r"\bnot\s+(?:suitable|intended|effective)\s+(?:as|for|to|in)\b",
    ),
    ("work", r"\b(?:will|does|do)\s+not\s+work\s+(?:for|against|on)\b"),
    ("limitation", r"\blimitations?\s+of\s+use\b"),
)


def is_limitation(
    text: str, lowered: str | None = None, keys: AbstractSet[str] | None = None
) -> bool:
    """What the drug is explicitly NOT for ("is NOT indicated for ...")."""
    return _LIMITATION.search(text, lowered, keys)
