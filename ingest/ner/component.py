"""The spaCy `drug_ner` component: `DrugMatcher.find` on `doc.text`, spans into `doc.ents`.

Entities get label DRUG or DRUG_CLASS and the extensions `span._.normalized` (lower-case
generic name) and `span._.drug_ids` ({"drugbank": "DB00181", ...}).
"""

from __future__ import annotations

from typing import cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.ner.matcher import DrugMatcher

COMPONENT = "drug_ner"

if not Span.has_extension("normalized"):
    Span.set_extension("normalized", default=None)
if not Span.has_extension("drug_ids"):
    Span.set_extension("drug_ids", default=None)


class DrugNER:
    """Sets `doc.ents` from the dictionary matcher; other entities already on the doc are kept
    where they do not overlap a drug."""

    def __init__(self, matcher: DrugMatcher | None = None) -> None:
        self._matcher = matcher

    def use(self, matcher: DrugMatcher) -> None:
        """Match with `matcher` instead of the packaged vocabulary."""
        self._matcher = matcher

    @property
    def matcher(self) -> DrugMatcher:
        if self._matcher is None:
            from ingest.ner import default_matcher

            self._matcher = default_matcher()
        return self._matcher

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for m in self.matcher.find(doc.text):
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is None:
                continue
            span._.normalized = m.normalized
            span._.drug_ids = dict(m.ids)
            spans.append(span)
        # "expand" can make two matches share a token; keep the longer (first on ties).
        ours = filter_spans(spans)
        taken = {i for s in ours for i in range(s.start, s.end)}
        others = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = sorted([*others, *ours], key=lambda s: s.start)
        return doc


@Language.factory(COMPONENT)
def create_drug_ner(nlp: Language, name: str) -> DrugNER:
    return DrugNER()


def make_nlp(matcher: DrugMatcher | None = None) -> Language:
    """`spacy.blank("en")` + `drug_ner`; `matcher` replaces the packaged vocabulary."""
    nlp = spacy.blank("en")
    component = cast(DrugNER, nlp.add_pipe(COMPONENT))
    if matcher is not None:
        component.use(matcher)
    return nlp
