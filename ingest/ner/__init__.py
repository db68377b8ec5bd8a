"""Drug named-entity recognition: a dictionary matcher and a thin spaCy component over it.

    from ingest.ner import default_matcher
    for m in default_matcher().find("Take Lioresal (baclofen) with food."):
        m.text, m.normalized, m.label, m.ids   # "Lioresal", "baclofen", "DRUG", {"drugbank": ...}

The vocabulary (ingest/data/drugs-v1.tsv.gz) is built offline by scripts/build_vocabulary.py;
nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ingest.ner.matcher import DrugMatch, DrugMatcher
from ingest.ner.vocab import VocabEntry

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DrugMatch", "DrugMatcher", "VocabEntry", "default_matcher", "make_nlp"]


@lru_cache(maxsize=1)
def default_matcher() -> DrugMatcher:
    """The process-wide matcher over the packaged vocabulary (loaded once)."""
    return DrugMatcher.load()


def make_nlp(matcher: DrugMatcher | None = None) -> Language:
    """`spacy.blank("en")` with the `drug_ner` component (default: the packaged vocabulary)."""
    from ingest.ner.component import make_nlp as _make_nlp  # spaCy is imported only when asked

    return _make_nlp(matcher)
