"""Indications: what the drug is used for.

Sources, in an indications section: a paragraph with a condition label
("Multiple Sclerosis: ..."); a subsection whose heading names the condition (SPL
"1.1 Rheumatoid Arthritis"); a list item; a sentence such as "X is indicated for the
treatment of Y" / "used to treat Y". When the page has none of these, overview
sentences ("Metformin is used to treat high blood sugar ...") are the fallback.
Conditions keep the page's wording and casing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.fields.cues import is_advice, is_limitation, lead_kind
from ingest.fields.evidence import cited_in, item_citations, item_evidence, prose_evidence
from ingest.fields.layout import (
    Page,
    Sentence,
    body_start,
    clean_label,
    list_family,
)
from ingest.fields.sentences import split_sentences
from ingest.record import Indication
from ingest.sections import ParagraphPart, SectionNode, heading_kind

# Labels and headings that introduce something other than a condition.
_NOT_CONDITION = re.compile(
    r"^(?:important(?:\s+safety)?(?:\s+information)?|note|notes|please note|nb|warnings?"
    r"|cautions?|precautions?|uses?|usage|indications?(?:\s+and\s+usage)?|limitations?\s+of\s+use"
    r"|description|summary|overview|background|disclaimer|dosage|directions|how .*|what .*"
    r"|why .*|other uses?.*|off[- ]label.*|approved (?:uses?|indications?)|mechanism.*"
    r"|tip|tips|remember|example|examples|source|sources)$",
    re.I,
)
_OBJECT_VERBS = r"treat|manage|control|relieve|prevent|cure|clear|protect against|fight"
_OTHER_VERBS = (
    r"reduce|lower|relax|improve|ease|decrease|increase|stop|slow|shrink|restore|maintain"
)
# What follows a use verb: "to (help) treat", "to reduce", "for the treatment of", "for".
_PURPOSE = (
    rf"to\s+(?:help\s+)?(?:(?P<object>{_OBJECT_VERBS})(?:\s+(?:and|or)\s+(?:{_OBJECT_VERBS}))?"
    rf"|(?P<verb>(?:{_OTHER_VERBS})\b))"
    r"|(?:for|in)\s+(?:the\s+)?(?:short[- ]term\s+|long[- ]term\s+|symptomatic\s+|acute\s+"
    r"|chronic\s+|adjunctive\s+|initial\s+)?(?:treatment|management|prevention|relief|control"
    r"|therapy)(?:\s+(?:and|or)\s+(?:treatment|management|prevention|relief|control))?\s+of"
)
_TRIGGER = re.compile(
    r"\b(?:used|indicated|approved|prescribed|licensed|given|taken|recommended)\b"
    rf"(?:[^.;:]|\.\d){{0,60}}?\b(?:{_PURPOSE}"
    r"|for(?!\s+(?:use|up\s+to|at\s+least|more|less|longer|about|a\s+(?:short|long)|\d)))\s+",
    re.I,
)
# A list item may start with the purpose itself: "For the treatment of ...", "To reduce ...".
_ITEM_TRIGGER = re.compile(rf"\W*(?:{_PURPOSE})\s+", re.I)
_GERUND = re.compile(r"(?:treating|managing|controlling|relieving|preventing)\s+", re.I)
_ANY_GERUND = re.compile(r"\w+ing\b")
_PATIENTS_WITH = re.compile(
    r"\b(?:patients|adults|children|people|persons|individuals|those|men|women|adolescents)"
    r"\s+(?:\w+\s+){0,4}?with\s+",
    re.I,
)
_CUT = re.compile(
    r"[,;:]|\.(?!\d)|\s+[–—]\s*|\s+-\s+"
    r"|\s+(?:in|among)\s+(?:adults?|patients|children|people|persons|men|women|adolescents"
    r"|infants|pediatric|paediatric|those|individuals|babies|neonates|the elderly|elderly"
    r"|your|some|certain)\b"
    r"|\s+(?:who|which|that|when|whose|where|if|unless|because|since|while|as|such as"
    r"|e\.g\.|i\.e\.|including|following|after|before|on a|with or without|or to|and to"
    r"|known as|also called|called"
    r"|together with|alone or|in combination|on the basis)\b",
    re.I,
)
# A trailing aside, closed or not: "plague (a serious infection ...", "sclerosis(MS)".
_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)?\s*$")
_WHO_PREFIX = re.compile(
    r"^(?:(?:adult|pediatric|paediatric|elderly)\s+)?(?:patients|people|persons|adults|children"
    r"|individuals)\s+(?:who\s+have|with|suffering\s+from)\s+",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:uses?|purposes?)\b"
    r"|^(?:(?:other|these|those|such|many|several|some|various|a variety of|certain|this|that"
    r"|your|the)\s+)*(?:conditions?|problems?|diseases?|disorders?|illnesses?|things|it|them"
    r"|this|that|you|patients)$",
    re.I,
)
# A lead fragment, not a condition: "temporarily relieves" (Drug Facts "Uses").
_OPEN_ENDED = re.compile(
    r"\b(?:relieves?|treats?|helps?|reduces?|prevents?|controls?|for|of|to|with|and|or)$", re.I
)
_MAX_CONDITION_WORDS = 12
_SHORT_ITEM_WORDS = 8
_SENTENCE_LIKE = re.compile(r"\b(?:is|are|was|were|belongs?|has|have|helps?|works?)\b|\.\s", re.I)
_FALLBACK_KINDS = frozenset({"overview"})


def extract_indications(page: Page, main_drug: str | None) -> list[Indication]:
    found: list[tuple[int, int, Indication]] = []
    covered: set[int] = set()  # id() of paragraphs already used whole
    condition_nodes = {id(node) for node in page.nodes if _names_condition(node)}
    for node in page.nodes:
        if id(node) in condition_nodes:
            found.extend(_from_condition_heading(page, node))
            covered.update(id(part) for part in node.parts)
        elif node.kind == "indications":
            for part in node.parts:
                if isinstance(part, ParagraphPart) and _condition_label(part.label):
                    found.append(_from_label(page, node, part))
                    covered.add(id(part))
    for run in page.runs:
        if id(run.node) not in condition_nodes and list_family(run) == "indications":
            for item in run.items:
                indication = _from_item(run.text(item), run.node, item.index)
                if indication is not None:
                    indication.citations = item_citations(item, run.lead_in)
                    found.append((page.position(item), 0, indication))
    sentences = [s for s in page.sentences if id(s.part) not in covered]
    in_section = (s for s in sentences if s.node.kind == "indications")
    found.extend(_from_sentences(page, in_section))
    if not found:
        fallback = (s for s in sentences if s.node.kind in _FALLBACK_KINDS)
        found.extend(_from_sentences(page, fallback, main_drug))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return _dedupe([indication for _, _, indication in found])


def _condition_label(label: str | None) -> bool:
    if not label:
        return False
    text = clean_label(label)
    return (
        0 < len(text.split()) <= _MAX_CONDITION_WORDS
        and not _NOT_CONDITION.match(text)
        and lead_kind(text) is None
        and not text.endswith("?")
    )


def _names_condition(node: SectionNode) -> bool:
    """A subsection of indications whose own heading names no section kind: it names
    the condition ("1.1 Rheumatoid Arthritis")."""
    return (
        node.kind == "indications"
        and bool(node.text)
        and heading_kind(node.heading) is None
        and _condition_label(node.heading)
    )


def _from_label(page: Page, node: SectionNode, part: ParagraphPart) -> tuple[int, int, Indication]:
    start = body_start(node, part)
    indication = Indication(
        condition=clean_label(part.label or ""),
        text=node.text[start : part.end],
        citations=cited_in(part.cites, start, part.end),
        evidence=prose_evidence(node, start, part.end),
    )
    return page.position(part), start, indication


def _from_condition_heading(page: Page, node: SectionNode) -> list[tuple[int, int, Indication]]:
    found = _use_sentence(node)
    if found is None:
        return []
    part, start, end = found
    indication = Indication(
        condition=node.heading,
        text=node.text[start:end],
        citations=cited_in(part.cites, start, end),
        evidence=prose_evidence(node, start, end),
    )
    return [(page.position(part), start, indication)]


def _use_sentence(node: SectionNode) -> tuple[ParagraphPart, int, int] | None:
    """The first sentence that states the use, else the first sentence."""
    first: tuple[ParagraphPart, int, int] | None = None
    for part in node.parts:
        if not isinstance(part, ParagraphPart):
            continue
        for start, end in split_sentences(node.text, body_start(node, part), part.end):
            if _TRIGGER.search(node.text, start, end):
                return part, start, end
            if first is None:
                first = (part, start, end)
    return first


def _from_item(text: str, node: SectionNode, index: int) -> Indication | None:
    end = len(text.rstrip())
    if end == 0 or is_advice(text) or is_limitation(text):
        return None
    condition = _condition_in(text, 0, end) or _condition_in(text, 0, end, item_start=True)
    if condition is None:
        short = len(text.split()) <= _SHORT_ITEM_WORDS and not _SENTENCE_LIKE.search(text)
        if not short:
            return None
        condition = text[:end].rstrip(" .;:,")
        if not condition or _VAGUE.search(condition) or _OPEN_ENDED.search(condition):
            return None
    return Indication(
        condition=condition, text=text[:end], evidence=item_evidence(node, index, 0, end)
    )


def _from_sentences(
    page: Page, sentences: Iterable[Sentence], subject: str | None = None
) -> list[tuple[int, int, Indication]]:
    """Trigger sentences; with `subject`, only those naming it (or "it", "this medicine")."""
    out: list[tuple[int, int, Indication]] = []
    for sentence in sentences:
        text = sentence.text
        if is_limitation(text):
            continue
        if subject is not None and not _about(text, subject):
            continue
        condition = _condition_in(sentence.node.text, sentence.start, sentence.end)
        if condition is None:
            continue
        indication = Indication(
            condition=condition,
            text=text,
            citations=cited_in(sentence.part.cites, sentence.start, sentence.end),
            evidence=prose_evidence(sentence.node, sentence.start, sentence.end),
        )
        out.append((page.position(sentence.part), sentence.start, indication))
    return out


def _about(text: str, subject: str) -> bool:
    lowered = text.casefold()
    return subject.casefold() in lowered or lowered.startswith(
        ("it ", "this medicine", "this medication", "this drug")
    )


def _condition_in(text: str, start: int, end: int, *, item_start: bool = False) -> str | None:
    """The condition a use statement names, as written, or None. With `item_start`,
    the statement may open with the purpose itself ("For the treatment of X")."""
    if item_start:
        match = _ITEM_TRIGGER.match(text, start, end)
    else:
        match = _TRIGGER.search(text, start, end)
    if match is None:
        return None
    begin = match.end()
    if match.group("verb"):
        begin = match.start("verb")  # "to reduce the risk of ...": keep the verb
    else:
        gerund = _GERUND.match(text, begin, end)
        if gerund:
            begin = gerund.end()
        elif _ANY_GERUND.match(text, begin, end):
            # "indicated for reducing signs and symptoms ... in patients with RA"
            patients = _PATIENTS_WITH.search(text, begin, end)
            if patients is None:
                return None
            begin = patients.end()
    condition = _TRAILING_ASIDE.sub("", text[begin : _cut(text, begin, end)]).strip(" .;:,")
    condition = _WHO_PREFIX.sub("", condition)  # "patients with diabetes insipidus"
    words = condition.split()
    if not words or len(words) > _MAX_CONDITION_WORDS or words[0][0].isdigit():
        return None
    if _VAGUE.search(condition):
        return None
    return condition


def _cut(text: str, begin: int, end: int) -> int:
    """Where the condition phrase ends: the first cut outside brackets, so that
    "benign (non-cancerous, slow) enlargement" keeps its aside."""
    for match in _CUT.finditer(text, begin, end):
        before = text[begin : match.start()]
        if before.count("(") <= before.count(")"):
            return match.start()
    return end


def _dedupe(indications: list[Indication]) -> list[Indication]:
    seen: set[str] = set()
    out: list[Indication] = []
    for indication in indications:
        key = " ".join(indication.condition.casefold().split())
        if key not in seen:
            seen.add(key)
            out.append(indication)
    return out
