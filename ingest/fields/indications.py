"""Indications: what the drug is used for.

Sources, in an indications section: a paragraph with a condition label
("Multiple Sclerosis: ..."); a subsection whose heading names the condition (SPL
"1.1 Rheumatoid Arthritis"); a list item; a sentence such as "X is indicated for the
treatment of Y" / "used to treat Y". When the page has none of these, overview
sentences ("Metformin is used to treat high blood sugar ...") are the fallback.
A sentence may name several: an enumeration ("used to reduce pain, fever, or
inflammation"), ", including X or Y", a second purpose, or the diseases behind a
relieved symptom ("relieves spasms caused by multiple sclerosis"). Mayo dosing items
that name a population by its condition ("Children ... with HeFH—") add theirs.
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
from ingest.fields.phrases import split_phrases
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
    r"reduce|lower|relax|improve|ease|decrease|increase|stop|slow|shrink|restore|maintain|regrow"
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
    r"[,;:]|\.(?!\d)|\s+[–—]\s*|\s+-\s+|\s+and\s+(?:the|your)\s+(?:need|risk|chance)\b"
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
    r"|your|the|medical|health)\s+)*(?:conditions?|problems?|diseases?|disorders?|illnesses?|things|it|them"
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

# "relieves the spasms ... caused by (medical problems, including) X or Y": the diseases
# are the uses, and they outrank a verb phrase of the same paragraph ("relax muscles").
_CAUSED_BY = re.compile(
    r"\b(?:relieves?|reduces?|decreases?|eases?|lessens?)\b(?:[^.;:]|\.\d){0,120}?"
    r"\b(?:caused\s+by|due\s+to|resulting\s+from)\s+"
    r"(?:(?:certain\s+|other\s+|various\s+)?(?:medical\s+)?(?:problems|conditions|diseases"
    r"|disorders)\s*,?\s*(?:including|such\s+as|like)\s+)?",
    re.I,
)
# Use statements without "used/indicated": "may help prevent X", "helps prevent X" (Drug
# Facts), "reduces the risk of (you developing) X", "prescribed for you if you have had X".
_OTHER_TRIGGER = re.compile(
    r"\b(?:(?:may|can|will|could|might)\s+(?:also\s+)?help|helps)\s+(?:to\s+)?"
    rf"(?:{_OBJECT_VERBS})\s+"
    r"|\b(?:reduces?|lowers?|decreases?)\s+(?:the\s+|your\s+)?(?:risk|chance|likelihood)\s+of\s+"
    r"(?:you\s+|your\s+)?(?:(?:developing|having|getting|suffering(?:\s+from)?)\s+)?"
    r"|\b(?:prescribed|given|recommended)\s+(?:\w+\s+){0,3}?(?:for|to)\s+you\s+(?:if|because"
    r"|when|after)\s+you\s+(?:have|had|are\s+recovering\s+from|suffer\s+from)\s+"
    r"(?:recently\s+)?(?:had\s+|undergone\s+)?",
    re.I,
)
# A second purpose: "used to prevent X following Y or to help prevent Z in patients ...".
_SECOND_PURPOSE = re.compile(
    rf"\s(?:or|and)\s+(?:also\s+)?to\s+(?:help\s+)?(?:{_OBJECT_VERBS})\s+", re.I
)
# The main verb enumerates: "conditions which X is used to treat include A, B, and C".
_ENUMERATES = re.compile(r"(?:include|includes|are)\s*:?\s+", re.I)
_INCLUDING = re.compile(r",?\s+including\s+", re.I)
# Symptoms after "to reduce": "used to reduce pain, fever, or inflammation".
_SYMPTOM_VERB = re.compile(r"(?:reduce|relieve|ease|decrease)\s+", re.I)
# A vague head with examples: "medical problems (eg, chest pain, heart attack, or stroke)".
_EXAMPLES = re.compile(
    r"\s*\(\s*(?:e\.?g\.?|for example|such as|including)[\s,:]+([^()]+)\)\s*$", re.I
)
# Where an enumeration of conditions ends (commas are inside it).
_LIST_END = re.compile(
    r"[;:]|\.(?!\d)|\s+[–—]\s*|\s+-\s+|\s+and\s+(?:the|your)\s+(?:need|risk|chance)\b"
    r"|\s+(?:in|among)\s+(?:adults?|patients|children|people|persons|men|women|adolescents"
    r"|infants|pediatric|paediatric|those|individuals|the elderly|elderly|your|some|certain)\b"
    r"|\s+(?:who|which|that|when|whose|where|if|unless|because|since|while|as|e\.g\.|i\.e\."
    r"|following|after|before|known as|also called|called|together with|in combination)\b",
    re.I,
)
_GENERIC_HEAD = re.compile(
    r"(?:(?:certain|some|various|medical|health|serious)\s+)*(?:problems?|conditions?"
    r"|diseases?|disorders?|illnesses?)$",
    re.I,
)
_ARTICLE = re.compile(r"an?\s+", re.I)
_NAMED = re.compile(
    r"(?:(?:an?|the)\s+)?(?:(?:rare|serious|certain|medical|specific)\s+)*(?:condition|disease"
    r"|disorder|problem|illness)\s+(?:called|known\s+as|named)\s+",
    re.I,
)
_OR = re.compile(r"\s+or\s+", re.I)
_PREPOSITION = re.compile(r"\s(?:in|of|on|to|around|with|from|at)\s", re.I)
_LISTED_WORDS = 6  # each condition of an enumeration is short
_DOSING_POPULATION = re.compile(
    r"(?:^|(?<=[.:])\s+)(?P<who>(?:adults|children|teenagers|adolescents|infants|patients)\b"
    r"[^—:.;]{0,60}?\bwith\s+(?P<condition>[^—:.;]{3,80}?))\s*—",
    re.I,
)
# Populations by organ function or size are dose adjustments, not uses.
_NOT_A_USE = re.compile(
    r"\b(?:kidney|renal|liver|hepatic|impair\w*|clearance|crcl|weigh\w*|dialysis|body)\b", re.I
)
_VERB_FIRST = re.compile(rf"(?:{_OTHER_VERBS})\b", re.I)


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
            parent_open = False  # under "temporarily relieves": every sub-item is a use
            for item in run.items:
                text = run.text(item)
                nested = item.depth > run.items[0].depth
                for indication in _from_item(text, run.node, item.index, nested and parent_open):
                    indication.citations = item_citations(item, run.lead_in)
                    found.append((page.position(item), 0, indication))
                if not nested:
                    parent_open = bool(_OPEN_ENDED.search(text.rstrip(" .:")))
    sentences = [s for s in page.sentences if id(s.part) not in covered]
    in_section = (s for s in sentences if s.node.kind == "indications")
    found.extend(_from_sentences(page, in_section))
    if not found:
        fallback = (s for s in sentences if s.node.kind in _FALLBACK_KINDS)
        found.extend(_from_sentences(page, fallback, main_drug))
    found.extend(_from_dosing(page))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return _dedupe([indication for _, _, indication in found])


def _from_dosing(page: Page) -> list[tuple[int, int, Indication]]:
    """Dosing items that name a population by its condition (Mayo: "Children 10 years of
    age and older with heterozygous familial hypercholesterolemia (HeFH)—At first, ...")."""
    out: list[tuple[int, int, Indication]] = []
    for run in page.runs:
        if run.node.kind != "dosage":
            continue
        for item in run.items:
            text = run.text(item)
            if "—" not in text or " with " not in text:
                continue
            for match in _DOSING_POPULATION.finditer(text):
                condition = match.group("condition").strip()
                if _NOT_A_USE.search(condition) or _VAGUE.search(condition):
                    continue
                start, end = match.start("who"), match.end("condition")
                indication = Indication(
                    condition=condition,
                    text=text[start:end],
                    citations=cited_in(item.cites, start, end),
                    evidence=item_evidence(run.node, item.index, start, end),
                )
                out.append((page.position(item), start, indication))
    return out


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


def _from_item(text: str, node: SectionNode, index: int, listed: bool) -> list[Indication]:
    """The uses an item states; a short item (up to a condition's length when `listed`
    under an open lead such as "temporarily relieves") is the condition itself."""
    end = len(text.rstrip())
    if end == 0 or is_advice(text) or is_limitation(text):
        return []
    conditions: list[str] = []
    for start, stop in split_sentences(text, 0, end):
        conditions += _conditions_in(text, start, stop)[0]
    if not conditions:
        condition = _condition_in(text, 0, end, item_start=True)
        if condition is None:
            # "cough due to minor throat irritation as may occur with a cold": up to "as"
            stop = _cut_at(_LIST_END, text, 0, end) if listed else end
            limit = _MAX_CONDITION_WORDS if listed else _SHORT_ITEM_WORDS
            if len(text[:stop].split()) > limit or _SENTENCE_LIKE.search(text, 0, stop):
                return []
            condition = text[:stop].rstrip(" .;:,")
            if not condition or _VAGUE.search(condition) or _OPEN_ENDED.search(condition):
                return []
        conditions.append(condition)
    return [
        Indication(
            condition=condition, text=text[:end], evidence=item_evidence(node, index, 0, end)
        )
        for condition in conditions
    ]


def _from_sentences(
    page: Page, sentences: Iterable[Sentence], subject: str | None = None
) -> list[tuple[int, int, Indication]]:
    """Trigger sentences; with `subject`, only those naming it (or "it", "this medicine").
    In a uses section (no `subject`) a sentence may open with the purpose ("helps prevent
    sunburn", "to regrow hair ..."), as Drug Facts "Use" paragraphs do."""
    out: list[tuple[int, int, Indication]] = []
    caused_in: set[int] = set()  # positions of paragraphs that name diseases behind symptoms
    for sentence in sentences:
        text = sentence.text
        if is_limitation(text):
            continue
        if subject is not None and not _about(text, subject):
            continue
        source = sentence.node.text
        conditions, caused = _conditions_in(source, sentence.start, sentence.end)
        if not conditions and subject is None:
            condition = _condition_in(source, sentence.start, sentence.end, item_start=True)
            conditions = [] if condition is None else [condition]
        position = page.position(sentence.part)
        if caused:
            caused_in.add(position)
        for condition in conditions:
            indication = Indication(
                condition=condition,
                text=text,
                citations=cited_in(sentence.part.cites, sentence.start, sentence.end),
                evidence=prose_evidence(sentence.node, sentence.start, sentence.end),
            )
            out.append((position, sentence.start, indication))
    if caused_in:  # "used to help relax certain muscles. It relieves spasms caused by MS"
        out = [
            entry
            for entry in out
            if entry[0] not in caused_in or not _VERB_FIRST.match(entry[2].condition)
        ]
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
    return _phrase_at(text, begin, end)


def _phrase_at(text: str, begin: int, end: int) -> str | None:
    """The condition phrase that starts at `begin`, as written, or None."""
    named = _NAMED.match(text, begin, end) or _ARTICLE.match(text, begin, end)
    if named is not None:  # "a condition called X"; "(the risk of) a sudden inability ..."
        begin = named.end()
    phrase = text[begin : _cut(text, begin, end)]
    condition = _TRAILING_ASIDE.sub("", phrase).strip(" .;:,")
    condition = _WHO_PREFIX.sub("", condition)  # "patients with diabetes insipidus"
    words = condition.split()
    if not words or len(words) > _MAX_CONDITION_WORDS or words[0][0].isdigit():
        return None
    if _VAGUE.search(condition):
        examples = _EXAMPLES.search(phrase)  # "medical problems (eg, chest pain, stroke)"
        if (
            examples is None
            or not _GENERIC_HEAD.match(condition)  # "this condition (such as <drugs>)"
            or len(examples.group(1).split()) > _MAX_CONDITION_WORDS
        ):
            return None
        return examples.group(1).strip(" .;:,")
    return condition


def _conditions_in(text: str, start: int, end: int) -> tuple[list[str], bool]:
    """Every condition a use sentence names, and whether they are diseases behind a
    relieved symptom ("relieves spasms caused by multiple sclerosis or ...")."""
    caused = _CAUSED_BY.search(text, start, end)
    if caused is not None:
        listed = _listed(text, caused.end(), end)
        if listed:
            return listed, True
    found: list[str] = []
    match = _TRIGGER.search(text, start, end)
    if match is not None:
        begin = match.end()
        enumerates = _ENUMERATES.match(text, begin, end)
        if enumerates is not None:  # "... which X is used to treat include A, B, and C"
            return _listed(text, enumerates.end(), end), False
        symptoms = match.group("verb") and _SYMPTOM_VERB.match(text, match.start("verb"), end)
        listed = _listed(text, symptoms.end(), end) if symptoms else []
        if len(listed) > 1:  # "to reduce pain, fever, or inflammation"
            return listed, False
        condition = _condition_in(text, start, end)
        if condition is not None:
            found.append(condition)
            stop = _cut_at(_LIST_END, text, begin, end)
            including = _first_outside(_INCLUDING, text, begin, stop)
            if including is not None:  # "blood clots, including DVT or PE"
                found += _listed(text, including.end(), end)
        second = _SECOND_PURPOSE.search(text, begin, end)
        extra = None if second is None else _phrase_at(text, second.end(), end)
        if extra is not None:
            found.append(extra)
    if not found:
        other = _OTHER_TRIGGER.search(text, start, end)
        condition = None if other is None else _phrase_at(text, other.end(), end)
        if condition is not None:
            found.append(condition)
    return found, False


def _listed(text: str, begin: int, end: int) -> list[str]:
    """The conditions of an enumeration at `begin` ("Kawasaki disease, pericarditis, and
    rheumatic fever"); a lone "X or Y" names two unless X ends in a prepositional phrase.
    Empty when any piece is no short condition."""
    spans = split_phrases(text, begin, _cut_at(_LIST_END, text, begin, end))
    if len(spans) == 1:
        a, b = spans[0]
        join = _first_outside(_OR, text, a, b)
        if join is not None and not _PREPOSITION.search(text, a, join.start()):
            spans = [(a, join.start()), (join.end(), b)]
    out: list[str] = []
    for a, b in spans:
        article = _ARTICLE.match(text, a, b)
        condition = _TRAILING_ASIDE.sub("", text[article.end() if article else a : b])
        condition = condition.strip(" .;:,")
        words = condition.split()
        if not words or len(words) > _LISTED_WORDS or _VAGUE.search(condition):
            return []
        out.append(condition)
    return out


def _cut(text: str, begin: int, end: int) -> int:
    """Where the condition phrase ends: the first cut outside brackets, so that
    "benign (non-cancerous, slow) enlargement" keeps its aside."""
    for match in _CUT.finditer(text, begin, end):
        before = text[begin : match.start()]
        if before.count("(") <= before.count(")"):
            return match.start()
    return end


def _cut_at(pattern: re.Pattern[str], text: str, begin: int, end: int) -> int:
    match = _first_outside(pattern, text, begin, end)
    return end if match is None else match.start()


def _first_outside(
    pattern: re.Pattern[str], text: str, begin: int, end: int
) -> re.Match[str] | None:
    """The first match of `pattern` in text[begin:end] that stands outside brackets."""
    for match in pattern.finditer(text, begin, end):
        before = text[begin : match.start()]
        if before.count("(") <= before.count(")"):
            return match
    return None


def _dedupe(indications: list[Indication]) -> list[Indication]:
    seen: set[str] = set()
    out: list[Indication] = []
    for indication in indications:
        key = " ".join(indication.condition.casefold().split())
        if key not in seen:
            seen.add(key)
            out.append(indication)
    return out
