"""Side effects named in prose and in OTC Drug Facts warning items.

- object cues: "This medicine may cause X, Y, or Z", "may increase your risk of (having) X",
  "some people have experienced X", "you may experience X";
- subject cues: "X may occur ...", "X, Y and Z have been reported";
- a named effect behind listed symptoms: "These could be symptoms of a serious muscle
  problem called X" (the symptoms themselves are not entries, the named effect is);
- "higher incidence of X (16.8%), Y ..." in side-effect sections;
- Drug Facts "Stop use and ask a doctor if" items: "X occurs", "your hands or feet swell".

Only the patient's own effects at normal use count: sentences about withdrawal, overdose,
pregnancy or the newborn are skipped. A cheap keyword test rules most sentences out
before any of the larger patterns runs.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from ingest.fields.cues import Cues, cue_keys, says_common, says_serious
from ingest.fields.evidence import cited_in, item_citations, item_evidence, prose_evidence
from ingest.fields.layout import ListRun, Page, Sentence
from ingest.fields.phrases import split_phrases
from ingest.fields.sentences import split_sentences
from ingest.record import Frequency, SideEffect

Found = tuple[int, int, SideEffect]  # (page position, offset, effect)

# Lower-case substrings one of which each cue below needs: a cue's pattern runs only
# when one of its keys is in the sentence (" cause", not "because"). The keys are found
# with every other cue key in the one Aho-Corasick pass of `cues.cue_keys`.
_OBJECT_KEYS = frozenset(
    {" cause", "lead to", "result in", "risk of", "chance of", "likelihood of"}
)
_PEOPLE_KEYS = frozenset({"experienc", "develop", "reported"})
_WHO_KEYS = frozenset({"people", "patients", "users", "men ", "women", "you may"})
_SUBJECT_KEYS = frozenset({"occur", "develop", "happen", "been reported"})
_SYMPTOM_KEYS = frozenset({"symptoms of", "signs of", "symptom of", "sign of"})
_INCIDENCE_KEYS = frozenset({"incidence of", "frequency of", "rate of", "rates of"})
# Lower-case substrings of sentences about someone or something else: withdrawal,
# overdose, pregnancy and the newborn, combinations, missed doses.
_NOT_THE_PATIENT = frozenset(
    {
        "discontinu",
        "withdraw",
        "abrupt",
        "stopped",
        "stopping",
        "overdos",
        "too much",
        "pregnan",
        "fetus",
        "fetal",
        "foetal",
        "newborn",
        "neonat",
        "unborn",
        "baby",
        "babies",
        "breast",
        "nursing infant",
        "interact",
        "together with",
        "combination with",
        "combined with",
        "alcohol",
        "not take enough",
        "forget to take",
        "skip",
        "miss a dose",
        "missed dose",
        "not reported",
        "chemically",
    }
)
# Only registers the keys with the shared automaton (the patterns below do the work).
Cues(
    (
        "|".join(
            _OBJECT_KEYS
            | _PEOPLE_KEYS
            | _WHO_KEYS
            | _SUBJECT_KEYS
            | _SYMPTOM_KEYS
            | _INCIDENCE_KEYS
            | _NOT_THE_PATIENT
        ),
        r"(?!)",
    )
)
_ADVERB = r"(?:also|sometimes|rarely|occasionally|even|often|commonly|frequently)\s+"
# What follows the cue is the enumeration of effects.
_OBJECT_CUE = re.compile(
    rf"\b(?:may|can|could|might|will)\s+(?:{_ADVERB})?(?:cause|lead\s+to|result\s+in"
    r"|increase\s+(?:your|the|their|a\s+person's|a\s+patient's)\s+(?:risk|chance|likelihood)"
    r"\s+of(?:\s+(?:having|developing|getting))?)\s+",
    re.I,
)
_PEOPLE_CUE = re.compile(
    r"\b(?:some\s+)?(?:people|patients|users|men|women)\s+(?:have|has)\s+(?:also\s+)?"
    r"(?:experienced|reported|developed)\s+"
    rf"|\byou\s+may\s+(?:{_ADVERB})?(?:experience|develop)\s+",
    re.I,
)
_SUBJECT_WORDS = 4  # "This medicine may cause": the subject of an object cue is short
# What stands before the cue is the enumeration of effects.
_SUBJECT_CUE = re.compile(
    rf"\b(?:may|can|might|could)\s+(?:{_ADVERB})?(?:occur|develop|happen)\b"
    rf"|\b(?:has|have)\s+(?:{_ADVERB})?(?:been\s+reported|occurred)\b",
    re.I,
)
# The verb is intransitive there ("X may develop in some patients"), not "patients may
# develop antibodies".
_SUBJECT_CUE_END = re.compile(
    r"\s*(?:[,.;:)]|$|(?:in|after|during|with|when|if|while|at|on|within|as|especially"
    r"|because|from|among|following|rarely|infrequently|occasionally|frequently|commonly"
    r"|often|seldom|usually|mostly|mainly|only|also|very|since|but|and|or"
    r"|although|postmarketing|post-marketing|to|than|more|less|over)\b)",
    re.I,
)
_SYMPTOMS_OF = re.compile(
    r"(?:these|this|they|which|such\s+symptoms)\s+(?:may|might|could|can)\s+(?:also\s+)?be\s+"
    r"(?:early\s+|the\s+first\s+|warning\s+)?(?:signs?|symptoms?)\s+of\s+",
    re.I,
)
_INCIDENCE = re.compile(
    r"\b(?:higher|increased|greater)\s+(?:incidence|frequency|rates?)\s+of\s+", re.I
)
# Where an enumeration ends: a verb or clause, a population, a comparison.
_ENUMERATION_END = re.compile(
    r"\s+(?:may|can|could|might|will|would|should|must|is|are|was|were|has|have|had|do|does"
    r"|did|which|that|who|whose|when|whenever|if|unless|while|because|although|though"
    r"|especially|particularly|during|until|within|versus|vs\.?|compared|but)\b"
    r"|\s+in\s+(?:some|certain|a\s+few|rare|many|most|elderly|older|younger|patients|people"
    r"|adults|children|women|men|infants|up\s+to|about|approximately|\d)"
    r"|\s*\(\s*see\b|[.!?](?=\s|$)|\s+[–—]\s+",
    re.I,
)
# "Mood alterations such as X, Y": the head is an entry unless it names a category.
_EXAMPLES = re.compile(r",?\s+(?:such\s+as|called|known\s+as|including|like|e\.g\.|eg)[\s,]+", re.I)
_EXAMPLE_WORDS = ("such as", "called", "known as", "including", "like", "e.g", "eg")
_CATEGORY = re.compile(
    r"\b(?:problems?|conditions?|disorders?|effects?|reactions?|complications?|issues?"
    r"|events?|illness(?:es)?|diseases?)$",
    re.I,
)
_OR = re.compile(r"\s+or\s+", re.I)
_TRAILING_JOIN = re.compile(r"\s+(?:and|or|and/or)$", re.I)
_LEADING_ARTICLE = re.compile(
    r"(?:(?:an?\s+)?(?:(?:rare|serious|severe|medical)\s+)*(?:condition|disease|disorder"
    r"|problem)\s+(?:called|known\s+as)|an?|(?:(?:rare|isolated|fatal|post-?marketing|several"
    r"|some)\s+)*(?:cases?|reports?|episodes?|instances?)\s+of|(?:signs?|symptoms?)\s+of)\s+",
    re.I,
)
_ARTICLE_FIRST = re.compile(r"\s*(?:an?|the)\s", re.I)
_APPOSITIVE = re.compile(r"(?:an?|the)\s", re.I)  # ", a serious breathing problem that ..."
# A leading clause before the subject: "Despite prophylaxis, cases of X have occurred".
_LEADING_CLAUSE = re.compile(
    r"(?:despite|although|though|in|during|after|while|when|if|because|since|with|for|among"
    r"|as|at|however|moreover|additionally|furthermore|also|rarely|occasionally)\b",
    re.I,
)
_THAT = re.compile(r"\b(?:that|whether)\s+", re.I)
_PREPOSITION = re.compile(r"\s(?:in|of|on|to|around|with|from|at)\s", re.I)
_FILLER = re.compile(
    r"(?:(?:less|more|very|most)\s+)?(?:frequently|commonly|often|rarely|occasionally"
    r"|infrequently|seldom)|(?:in\s+)?(?:(?:very\s+)?rare|some|isolated)\s+cases",
    re.I,
)
# A trailing frequency note: "(may affect up to 1 in 10 people)", "(16.8%)", "(common)".
_FREQUENCY_NOTE = re.compile(
    r"\s*\((?:[^()]*\b(?:1|one)\s+in\s+[\d,]+[^()]*|[^()]*\d\s*%[^()]*"
    r"|(?:very\s+)?(?:common|uncommon|rare|frequent|infrequent)|frequency\s+not\s+known"
    r"|not\s+known)\)\s*$",
    re.I,
)
_ABBREVIATION = re.compile(r"\s*\([A-Z][A-Za-z]*[A-Z][A-Za-z]*\)\s*$")  # "(IMNM)"
_NOT_A_TERM = re.compile(
    r"^(?:some|any|all|certain|these|those|this|that|it|its|them|they|you|your|the|more|less"
    r"|no|not|none|both|either|each|such|other|usually|generally|mild|moderate|very|also"
    r"|if|when|although|though|because|while|during|after|before|as|since|unless|in|to|with"
    r"|for|of|which|who|what|how|especially|particularly|including|however)\b"
    r"|\b(?:side[- ]effects?|adverse|interactions?|results?|benefits?|improvement|medicines?"
    r"|medications?|drugs?|doses?|dosage|is|are|was|were|be|been|may|can|will|should|could"
    r"|would|might|must|do|does|did|see|need|needs|levels?|patients?|people|persons"
    r"|individuals|adults)\b"
    r"|^(?:increases?|decreases?|elevations?|reductions?)\s+(?:in|of)\b",
    re.I,
)
_VAGUE = re.compile(
    r"^(?:(?:serious|severe|medical|health|rare|possible|unwanted|unexpected|new|unusual"
    r"|certain|other|these|such)\s+)*(?:problems?|conditions?|effects?|reactions?"
    r"|illness(?:es)?|disorders?|issues?|complications?|symptoms?|signs?|changes?)$",
    re.I,
)
_MAX_TERM_WORDS = 8
_MAX_SUBJECT_WORDS = 24
# Drug Facts: "Stop use and ask a doctor if" (a heading, a lead-in, or inline).
STOP_USE = re.compile(
    r"\W*stop\s+(?:use|using|taking)\b[^.:]{0,60}?\b(?:doctor|physician|pharmacist)\b"
    r"[^.:]{0,20}?\bif\b\s*:?\s*",
    re.I,
)
_STOP_USE_ITEM = re.compile(
    r"(?P<term>.+?)\s+(?:occurs?|develops?|appears?|happens?)"
    r"|(?P<whole>(?:your|the\s+child's|the)\s+.+?\s+(?:swells?|swell\s+up))",
    re.I,
)
_DISEASE_SIGN = re.compile(
    r"(?:new\s+|any\s+new\s+|the\s+)?(?:symptoms?|conditions?|pain|fever|cough|it|this)\b"
    r"|you\b|they\b",
    re.I,
)


def enumeration_end(text: str, start: int, end: int) -> int:
    """Where an inline enumeration that starts at `start` ends: the first clause,
    population or comparison outside brackets ("X, Y and Z may be especially likely ...")."""
    for match in _ENUMERATION_END.finditer(text, start, end):
        before = text[start : match.start()]
        if before.count("(") <= before.count(")"):
            return match.start()
    return end


def strip_note(text: str, start: int, end: int) -> int:
    """The end of text[start:end] without a trailing frequency note."""
    stop = end
    while stop > start and text[stop - 1] in " .;:,":
        stop -= 1
    if not text.endswith(")", start, stop):
        return end  # most terms: no pattern to run
    note = _FREQUENCY_NOTE.search(text, start, stop)
    return note.start() if note and note.start() > start else end


def sentence_effects(page: Page, sentences: list[Sentence], number: int) -> list[Found]:
    """Effects a prose sentence names; its neighbours in the paragraph tell how serious."""
    sentence = sentences[number]
    text = sentence.node.text
    if sentence.before_list:
        return []
    found = _effect_spans(
        text, sentence.start, sentence.end, sentence.node.kind, sentence.cued()[1]
    )
    if found is None:
        return []
    spans, cue_start = found
    context = [text[sentence.start : sentence.end]]
    for other in (number - 1, number + 1):
        if 0 <= other < len(sentences) and sentences[other].part is sentence.part:
            context.append(sentences[other].text)
    frequency: Frequency = "unspecified"
    if any(says_serious(piece) for piece in context):
        frequency = "serious"
    elif says_common(text[sentence.start : cue_start]):
        frequency = "common"
    citations = cited_in(sentence.part.cites, sentence.start, sentence.end)
    position = page.position(sentence.part)
    return [
        (
            position,
            a,
            SideEffect(
                term=text[a:b],
                frequency=frequency,
                citations=citations,
                evidence=prose_evidence(sentence.node, a, b),
            ),
        )
        for a, b in spans
    ]


def stop_use_sentence(page: Page, sentence: Sentence, governed: bool) -> list[Found]:
    """A Drug Facts "Stop use and ask a doctor if" paragraph: `governed` when the section
    heading is that lead-in, else the sentence must start with it."""
    text = sentence.node.text
    start = sentence.start
    if not governed:
        lead = STOP_USE.match(text, start, sentence.end)
        if lead is None:
            return []
        start = lead.end()
    span = _stop_use_span(text, start, sentence.end)
    if span is None:
        return []
    a, b = span
    effect = SideEffect(
        term=text[a:b],
        frequency="serious",
        citations=cited_in(sentence.part.cites, sentence.start, sentence.end),
        evidence=prose_evidence(sentence.node, a, b),
    )
    return [(page.position(sentence.part), a, effect)]


def item_effects(page: Page, run: ListRun, stop_use: bool) -> list[Found]:
    """Effects named by the items of a warnings list (Drug Facts "When using this
    product": "marked drowsiness may occur"; "Stop use ..." items when `stop_use`)."""
    out: list[Found] = []
    for item in run.items:
        text = run.text(item)
        sentences = split_sentences(text)
        if not sentences:
            continue
        start, end = sentences[0]
        frequency: Frequency = "serious"
        if stop_use:
            span = _stop_use_span(text, start, end)
            spans = [] if span is None else [span]
        else:
            found = _effect_spans(
                text, start, end, run.node.kind, cue_keys(text[start:end].lower())
            )
            spans = [] if found is None else found[0]
            frequency = "serious" if says_serious(text[start:end]) else "unspecified"
        citations = item_citations(item, run.lead_in)
        position = page.position(item)
        out.extend(
            (
                position,
                a,
                SideEffect(
                    term=text[a:b],
                    frequency=frequency,
                    citations=citations,
                    evidence=item_evidence(run.node, item.index, a, b),
                ),
            )
            for a, b in spans
        )
    return out


def _stop_use_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The effect in "chest pain, rapid heartbeat, or dizziness occurs" (the trailing
    verb dropped) or "your hands or feet swell"; None for signs of the treated disease
    ("symptoms do not improve", "pain gets worse") and other reasons to stop."""
    while end > start and text[end - 1] in " .;,":
        end -= 1
    match = _STOP_USE_ITEM.fullmatch(text, start, end)
    if match is None or _DISEASE_SIGN.match(text, start, end):
        return None
    group = "term" if match.group("term") is not None else "whole"
    a, b = match.span(group)
    article = _LEADING_ARTICLE.match(text, a, b)
    if article is not None:
        a = article.end()
    if not 0 < len(text[a:b].split()) <= _MAX_TERM_WORDS:
        return None
    return a, b


def _effect_spans(
    text: str, start: int, end: int, kind: str, keys: AbstractSet[str]
) -> tuple[list[tuple[int, int]], int] | None:
    """The effect spans of one sentence (or item) and where its cue starts; `keys` are
    the `cue_keys` of text[start:end]. Each cue's pattern runs only when its keys occur."""
    cue = _SYMPTOMS_OF.match(text, start, end) if not keys.isdisjoint(_SYMPTOM_KEYS) else None
    cue_kind = "symptoms"
    if cue is None and not keys.isdisjoint(_OBJECT_KEYS):
        cue, cue_kind = _OBJECT_CUE.search(text, start, end), "object"
    if cue is None and not keys.isdisjoint(_PEOPLE_KEYS) and not keys.isdisjoint(_WHO_KEYS):
        cue, cue_kind = _PEOPLE_CUE.search(text, start, end), "object"
    if (
        cue is not None
        and cue_kind == "object"
        and len(text[start : cue.start()].split()) > _SUBJECT_WORDS
    ):
        cue = None  # "Its actions on the CNS may also cause ...": not the drug
    if cue is None and not keys.isdisjoint(_SUBJECT_KEYS):
        cue, cue_kind = _SUBJECT_CUE.search(text, start, end), "subject"
        if cue is not None and (
            len(text[start : cue.start()].split()) > _MAX_SUBJECT_WORDS
            or not _SUBJECT_CUE_END.match(text, cue.end(), end)
        ):
            cue = None
    if cue is None and kind == "side_effects" and not keys.isdisjoint(_INCIDENCE_KEYS):
        cue, cue_kind = _INCIDENCE.search(text, start, end), "incidence"
    if cue is None or not keys.isdisjoint(_NOT_THE_PATIENT):
        return None
    if cue_kind == "symptoms":
        return _object_spans(text, cue.end(), end, split_or=True), start
    if cue_kind != "subject":
        spans = _object_spans(text, cue.end(), end, split_or=cue_kind == "object")
        return spans, cue.start()
    # "Physicians should warn patients that X have been reported": X after the last "that"
    start = max(
        (clause.end() for clause in _THAT.finditer(text, start, cue.start())), default=start
    )
    stop = enumeration_end(text, start, cue.start())  # "EPS during the first days"
    if _ARTICLE_FIRST.match(text, start, stop) and "," in text[start:stop]:
        return [], cue.start()  # "A syndrome consisting of irreversible, involuntary, ..."
    return _terms(text, start, stop, split_or=False, subject=True), cue.start()


def _object_spans(text: str, start: int, end: int, *, split_or: bool) -> list[tuple[int, int]]:
    return _terms(text, start, enumeration_end(text, start, end), split_or=split_or)


def _terms(
    text: str, start: int, end: int, *, split_or: bool, subject: bool = False
) -> list[tuple[int, int]]:
    """The effect phrases of text[start:end], stopping at the first phrase that is no
    effect. An "A or B" that is the whole enumeration names two effects when
    `split_or` ("may cause skin necrosis or gangrene", not "bleeding in your stomach or
    intestines"). A `subject` may open with a clause ("Despite X, cases of Y")."""
    phrases = split_phrases(text, start, end)
    if subject and len(phrases) > 1 and _LEADING_CLAUSE.match(text, *phrases[0]):
        phrases = phrases[1:]
        start = phrases[0][0]
    spans: list[tuple[int, int]] = []
    region = text[start:end].lower()
    examples = None
    if any(word in region for word in _EXAMPLE_WORDS):
        examples = _top_level(_EXAMPLES, text, start, end)
    if examples is not None:
        head = _clean(text, start, examples.start())
        if head is None and not _CATEGORY.search(text, start, examples.start()):
            return []  # "may cause some people to be agitated, ..., such as ..."
        if head is not None and not _CATEGORY.search(text, *head):
            spans.append(head)
        phrases = split_phrases(text, examples.end(), end)
    if split_or and len(phrases) == 1:
        parts = _split_or(text, *phrases[0])
        if parts is not None:
            phrases = parts
    for number, (a, b) in enumerate(phrases):
        if _FILLER.fullmatch(text, a, b):
            continue
        span = _clean(text, a, b)
        if span is None or (
            number and _APPOSITIVE.match(text, a, b) and _CATEGORY.search(text, *span)
        ):
            break
        spans.append(span)
    return spans


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The phrase without article, trailing "and"/"or", frequency note or abbreviation;
    None when it is no effect."""
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    article = _LEADING_ARTICLE.match(text, start, end)
    if article is not None:
        start = article.end()
    if text.endswith(("and", "or"), start, end):
        join = _TRAILING_JOIN.search(text, start, end)
        if join is not None:
            end = join.start()
    if text.endswith(")", start, end):
        for pattern in (_FREQUENCY_NOTE, _ABBREVIATION):
            note = pattern.search(text, start, end)
            if note is not None and note.start() > start:
                end = note.start()
    phrase = text[start:end]
    words = len(phrase.split())
    if not 0 < words <= _MAX_TERM_WORDS or _NOT_A_TERM.search(phrase) or _VAGUE.match(phrase):
        return None
    return start, end


def _split_or(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    joins = [m for m in _OR.finditer(text, start, end) if _outside(text, start, m.start())]
    if len(joins) != 1:
        return None
    join = joins[0]
    if _PREPOSITION.search(text, start, join.start()):
        return None  # "bleeding in your stomach or intestines"
    return [(start, join.start()), (join.end(), end)]


def _top_level(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    for match in pattern.finditer(text, start, end):
        if _outside(text, start, match.start()):
            return match
    return None


def _outside(text: str, start: int, at: int) -> bool:
    before = text[start:at]
    return before.count("(") <= before.count(")")
