"""Limitations, contraindications and warnings: one statement per sentence or item.

A sentence belongs to one family only, tried in the order limitation >
contraindication > warning. Sentences come from any section that can hold facts;
the weaker warning cues ("avoid", "not recommended", "may cause") count only inside
warnings/precautions sections, where the heading already says what they are. Lists
are statements when their section or lead-in says so ("Do not take X if you:",
"Talk to your doctor before taking X if you:"); each item is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from ingest.fields.cues import Cues, cue_keys, is_limitation
from ingest.fields.evidence import cited_in, item_citations, item_evidence, prose_evidence
from ingest.fields.layout import Page, Sentence, has_facts, list_family
from ingest.record import Statement
from ingest.sections import SectionNode, heading_kind

_DOCTOR = r"(?:doctor|pharmacist|physician|health\s*care|nurse|prescriber)"
_DOCTOR_KEYS = "doctor|pharmacist|physician|health|nurse|prescriber"
_ASK_KEYS = "tell|inform|talk|check with|consult|ask|call|contact"
_CONTRAINDICATION = Cues(
    ("contraindicat", r"contraindicat"),
    (
        "should not|must not",
        r"\b(?:should|must)\s+not\s+(?:be\s+)?(?:take|taken|use|used|receive|received|given"
        r"|start)\b(?!\s+(?:together|at\b|around\b|with\b|in combination|concomitant))",
    ),
    (
        "do not|don't|never",
        r"\b(?:do\s+not|don't|never)\s+(?:take|use|give|start)\b[^.]{0,100}"
        r"\b(?:if\s+(?:you|your|the patient|patients|they|she|he)\s+(?:are|have|had|has|is|were"
        r"|suffer|ever|already)|in\s+(?:patients|people|children|women|anyone|those))\b",
    ),
    ("not", r"\bnot\s+(?:be\s+)?(?:taken|used|given)\s+by\b"),
)
_WARNING = Cues(
    ("discontinued|stopped|withdrawn", r"\bshould\s+not\s+be\s+(?:discontinued|stopped|withdrawn)"),
    ("abrupt|sudden", r"\b(?:abrupt|sudden)(?:ly)?\s+(?:discontinu|withdraw|stop|ceas|interrupt)"),
    ("stop", r"\b(?:do\s+not|don't|never)\s+(?:suddenly\s+)?stop\s+(?:taking|using)"),
    (
        "risk",
        r"\b(?:may|might|could|can)\s+be\s+at\s+(?:an?\s+)?(?:increased\s+|higher\s+|greater\s+)?"
        r"risk|\bat\s+(?:an?\s+)?(?:increased|higher|greater|high)\s+risk"
        r"|\bincreas\w*\s+(?:the\s+|your\s+|their\s+)?risk",
    ),
    (
        "cause|lead to|result in&serious|severe|fatal|life|death",
        r"\b(?:can|may|could|might)\s+(?:cause|lead\s+to|result\s+in)\b[^.]{0,100}"
        r"\b(?:serious|severe|fatal|life[- ]threatening|death)",
    ),
    (
        "caution",
        r"\bwith\s+(?:extreme\s+)?caution\b|\bcaution\s+(?:is|should)\b|\brequires?\s+caution",
    ),
    (
        f"{_ASK_KEYS}&{_DOCTOR_KEYS}",
        rf"\b(?:tell|inform|talk\s+to|check\s+with|consult|ask)\s+(?:your|a|the|their)\s+{_DOCTOR}"
        r"\b[^.]{0,80}\b(?:if|before|right\s+away|immediately|straight\s+away|as\s+soon\s+as)\b"
        r"|\bif\b[^.]{0,120}\b(?:tell|inform|call|contact|check\s+with)\s+(?:your|a|the|their)\s+"
        rf"{_DOCTOR}|\bcontact\s+(?:their|your|a|the)\s+{_DOCTOR}\b[^.]{{0,60}}"
        r"\b(?:immediately|right\s+away|straight\s+away|at\s+once|as\s+soon\s+as)",
    ),
    ("seek", r"\bseek\s+(?:immediate\s+|urgent\s+|emergency\s+)?(?:medical|emergency)"),
    (
        "get&help|attention|care",
        r"\bget\s+(?:emergency|medical|immediate)\s+(?:help|attention|care)",
    ),
    (
        "driv|operat|machine",
        r"\b(?:do\s+not|don't|should\s+not|must\s+not|avoid)\s+(?:drive|driving|operat)"
        r"|\b(?:drowsiness|dizziness|sleepiness|drowsy|dizzy)\b[^.]{0,150}\b(?:driv|machine)",
    ),
    (
        "boxed|fatal|life|suicid",
        r"\bboxed\s+warning\b|\bfatal\b|\blife[- ]threatening\b|\bsuicid",
    ),
)
# Cues that read as warnings only under a warnings/precautions heading.
_WEAK_WARNING = Cues(
    ("avoid", r"\bavoid\b"),
    ("recommended", r"\bnot\s+recommended\b"),
    (
        "may|can|could|might",
        r"\b(?:may|can|could|might)\s+(?:cause|increase|decrease|affect|worsen|mask|harm"
        r"|reduce)\b",
    ),
    (
        "should|must",
        r"\bshould\s+(?:be\s+)?(?:monitor|check|used\s+carefully)|\b(?:should|must)\s+not\b",
    ),
    ("monitor|risk of|caution", r"\bmonitor\w*\b|\brisk\s+of\b|\bcaution\b"),
    (
        f"{_ASK_KEYS}&{_DOCTOR_KEYS}",
        rf"\b(?:tell|inform|talk\s+to|check\s+with|consult|ask)\s+(?:your|a|the)\s+{_DOCTOR}",
    ),
)
# Page furniture that trips the cues: reporting side effects, "other effects not listed".
_BOILERPLATE = Cues(
    ("report", r"\breport(?:ing)?\b[^.]{0,60}\bside effects\b"),
    ("yellow|1-800-fda|medwatch", r"yellow\s*card|1-800-FDA|medwatch"),
    (
        "other effects|other side effects|not all",
        r"\b(?:other|any other)\s+(?:side\s+)?effects\b"
        r"|\bnot all (?:of )?(?:these|the) side effects",
    ),
    (
        "other people|others|anyone else",
        r"\b(?:give|pass)\b[^.]{0,40}\bto\s+(?:other\s+people|others|anyone\s+else)\b",
    ),
    (
        "question",
        r"^(?:please\s+)?(?:ask|talk to|check with|consult)\b[^.]{0,50}\bif you have (?:any )?"
        r"(?:further |more |other )?questions",
    ),
)
# Short "ask if unsure" sentences that every leaflet repeats.
_HOUSEKEEPING = Cues(
    (
        "information|not sure|unsure|question",
        r"\bif you (?:need|want|would like) (?:any )?(?:further|more) information\b"
        r"|\bfor (?:further|more) information\b|\bif you are (?:not sure|unsure)\b"
        r"|\bif you have (?:any )?(?:further |more |other )?questions\b",
    ),
)
_CROSS_REFERENCE = re.compile(r"\[\s*see\b[^\]]*\]|\(\s*see\b[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)
_LIMITATIONS_HEADING = re.compile(r"\s*limitations?\s+of\s+use", re.I)
_BOXED = re.compile(r"\bboxed\s+warning\b|^warning\s*:", re.I)
_HOUSEKEEPING_WORDS = 16
_TRIVIAL = re.compile(r"^(?:none|none known|not applicable|n/a)\.?$", re.I)


@dataclass(slots=True)
class Statements:
    limitations: list[Statement] = field(default_factory=list)
    contraindications: list[Statement] = field(default_factory=list)
    warnings: list[Statement] = field(default_factory=list)


def extract_statements(page: Page) -> Statements:
    found: dict[str, list[tuple[int, int, Statement]]] = {
        "limitations": [],
        "contraindications": [],
        "warnings": [],
    }
    for sentence in page.sentences:
        family = _sentence_family(sentence)
        if family is not None:
            entry = (page.position(sentence.part), sentence.start, _statement(sentence))
            found[family].append(entry)
    for run in page.runs:
        family = list_family(run)
        if family not in ("contraindications", "warnings"):
            continue
        for item in run.items:
            text = run.text(item)
            end = len(text.rstrip())
            if end == 0:
                continue
            statement = Statement(
                text=text[:end],
                citations=item_citations(item, run.lead_in),
                evidence=item_evidence(run.node, item.index, 0, end),
            )
            found[family].append((page.position(item), 0, statement))
    return Statements(
        limitations=_ordered(found["limitations"]),
        contraindications=_ordered(found["contraindications"]),
        warnings=_ordered(found["warnings"]),
    )


def _sentence_family(sentence: Sentence) -> str | None:
    node = sentence.node
    if node.kind == "interactions" or not has_facts(node):
        return None  # an interactions section's sentences are interactions
    text = original = sentence.text
    if "see" in text:
        text = _CROSS_REFERENCE.sub("", text)  # "[see Contraindications (4)]" is no cue
    words = len(text.split())
    if text.endswith((":", "?")) or words < 3:
        return None  # a lead-in speaks through its list
    if text is original or text == original:
        low, keys = sentence.cued()
    else:
        low = text.lower()
        keys = cue_keys(low)
    family = _family(node, sentence.part.label, text, low, keys)
    if family is None or _BOILERPLATE.search(text, low, keys) or _TRIVIAL.match(text):
        return None
    if words <= _HOUSEKEEPING_WORDS and _HOUSEKEEPING.search(text, low, keys):
        return None
    return family


def _family(
    node: SectionNode, label: str | None, text: str, low: str, keys: AbstractSet[str]
) -> str | None:
    if is_limitation(text, low, keys) or _LIMITATIONS_HEADING.match(label or node.heading):
        return "limitations"
    if _CONTRAINDICATION.search(text, low, keys):
        return "contraindications"
    if _WARNING.search(text, low, keys):
        return "warnings"
    if node.kind == "warnings" and (
        _WEAK_WARNING.search(text, low, keys) or _BOXED.search(node.heading)
    ):
        return "warnings"
    if heading_kind(node.heading) == "contraindications":
        return "contraindications"  # its own heading says so, not one inherited from afar
    return None


def _statement(sentence: Sentence) -> Statement:
    return Statement(
        text=sentence.text,
        citations=cited_in(sentence.part.cites, sentence.start, sentence.end),
        evidence=prose_evidence(sentence.node, sentence.start, sentence.end),
    )


def _ordered(entries: list[tuple[int, int, Statement]]) -> list[Statement]:
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    seen: set[str] = set()
    out: list[Statement] = []
    for _, _, statement in entries:
        key = " ".join(statement.text.casefold().rstrip(" .;:").split())
        if key not in seen:
            seen.add(key)
            out.append(statement)
    return out
