"""Drug NER: matcher behaviour on a tiny vocabulary, then the packaged vocabulary on real text."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ingest.ner import DrugMatch, DrugMatcher, default_matcher, make_nlp
from ingest.ner import vocab as vocab_mod
from ingest.ner.text import FoldedText, fold_key

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "ner-gold"

TINY = [
    ("baclofen", "baclofen", "DRUG", {"drugbank": "DB00181"}),
    ("Lioresal", "baclofen", "DRUG", {"drugbank": "DB00181"}),
    ("sodium oxybate", "sodium oxybate", "DRUG", {}),
    ("insulin", "insulin", "DRUG", {}),
    ("insulin glargine", "insulin glargine", "DRUG", {}),
    ("alcohol", "ethanol", "DRUG", {}),
    ("ASA", "aspirin", "DRUG", {}),
    ("aspirin", "aspirin", "DRUG", {}),
    ("oxybate", "oxybate", "DRUG", {}),
    ("NSAIDs", "nsaid", "DRUG_CLASS", {}),
    ("adalimumab", "adalimumab", "DRUG", {}),
    ("St. John's wort", "st. john's wort", "DRUG", {}),
]


@pytest.fixture(scope="module")
def tiny() -> DrugMatcher:
    return DrugMatcher.from_names(TINY, blocks=["alcohol dependence"])


def spans(matches: list[DrugMatch]) -> list[tuple[str, str, str]]:
    return [(m.text, m.normalized, m.label) for m in matches]


def test_case_insensitive_and_brand_to_generic(tiny: DrugMatcher) -> None:
    got = tiny.find("BACLOFEN, Baclofen and Lioresal®.")
    assert spans(got) == [
        ("BACLOFEN", "baclofen", "DRUG"),
        ("Baclofen", "baclofen", "DRUG"),
        ("Lioresal", "baclofen", "DRUG"),
    ]
    assert got[2].ids == {"drugbank": "DB00181"}


def test_offsets_point_into_the_text(tiny: DrugMatcher) -> None:
    text = "Take (baclofen) with food; baclofen-induced drowsiness."
    for m in tiny.find(text):
        assert text[m.start : m.end] == m.text == "baclofen"
    assert len(tiny.find(text)) == 2


def test_multiword_longest_match_wins(tiny: DrugMatcher) -> None:
    assert spans(tiny.find("insulin glargine and insulin")) == [
        ("insulin glargine", "insulin glargine", "DRUG"),
        ("insulin", "insulin", "DRUG"),
    ]
    assert spans(tiny.find("sodium oxybate")) == [("sodium oxybate", "sodium oxybate", "DRUG")]


def test_multiword_across_line_breaks_and_runs_of_spaces(tiny: DrugMatcher) -> None:
    text = "x  sodium\n      oxybate, St. John’s wort"
    got = tiny.find(text)
    assert [text[m.start : m.end] for m in got] == ["sodium\n      oxybate", "St. John’s wort"]


def test_no_match_inside_words_or_across_sentences(tiny: DrugMatcher) -> None:
    assert tiny.find("antibaclofenic insulins") == []
    # "sodium. Oxybate" straddles a sentence: only the single word is a name
    assert spans(tiny.find("It has sodium. Oxybate is")) == [("Oxybate", "oxybate", "DRUG")]


def test_short_names_match_only_in_capitals(tiny: DrugMatcher) -> None:
    assert spans(tiny.find("ASA 81 mg")) == [("ASA", "aspirin", "DRUG")]
    assert tiny.find("asa nisi masa") == []


def test_salts_are_absorbed_and_normalized(tiny: DrugMatcher) -> None:
    got = tiny.find("baclofen hydrochloride tablets and calcium oxybate")
    assert spans(got) == [
        ("baclofen hydrochloride", "baclofen", "DRUG"),
        ("calcium oxybate", "oxybate", "DRUG"),
    ]
    entry = tiny.lookup("Baclofen Hydrochloride")
    assert entry is not None and entry.normalized == "baclofen"
    assert tiny.lookup("no such drug") is None


def test_biologic_suffix_is_part_of_the_name(tiny: DrugMatcher) -> None:
    assert spans(tiny.find("adalimumab-atto and adalimumab-like"))[0] == (
        "adalimumab-atto",
        "adalimumab",
        "DRUG",
    )
    assert tiny.find("adalimumab-like")[0].text == "adalimumab"


def test_classes_are_kept_apart(tiny: DrugMatcher) -> None:
    assert spans(tiny.find("other NSAIDs")) == [("NSAIDs", "nsaid", "DRUG_CLASS")]


def test_block_phrases_and_urls_are_not_mentions(tiny: DrugMatcher) -> None:
    assert tiny.find("used to treat alcohol-dependence") == []
    assert spans(tiny.find("avoid alcohol")) == [("alcohol", "ethanol", "DRUG")]
    assert tiny.find("see http://www.rxlist.com/baclofen-side-effects.htm") == []


def test_folded_text_maps_offsets_back() -> None:
    text = "a,  (B)  c"
    ft = FoldedText(text)
    assert ft.folded == " a b c "
    for p, ch in enumerate(ft.folded[1:-1], 1):
        if ch != " ":
            assert text[ft.to_original(p)].lower() == ch
    assert fold_key("Co-Codamol®") == "co codamol"


def test_vocabulary_file_round_trip_is_byte_stable(tmp_path: Path) -> None:
    data = vocab_mod.VocabData(
        {"format": vocab_mod.FORMAT, "source": "test"},
        [vocab_mod.VocabEntry("baclofen", "DRUG", {"drugbank": "DB00181"})],
        [vocab_mod.Variant("lioresal", 0, brand=True), vocab_mod.Variant("baclofen", 0)],
        ["alcohol dependence"],
    )
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    vocab_mod.write(data, a)
    vocab_mod.write(data, b)
    assert a.read_bytes() == b.read_bytes()
    back = vocab_mod.read(a)
    assert back.entries == data.entries and back.blocks == data.blocks
    assert {v.key for v in back.variants} == {"lioresal", "baclofen"}
    with gzip.open(a, "rt", encoding="utf-8") as f:
        assert f.readline().startswith("#format=drugs-v1")


# --- the packaged vocabulary ----------------------------------------------------------------


@pytest.fixture(scope="session")
def real() -> DrugMatcher:
    return default_matcher()


SEED_DRUGS = {
    "baclofen",
    "gabapentin",
    "clonazepam",
    "acetaminophen",
    "buprenorphine",
    "dextropropoxyphene",  # written "propoxyphene"; DrugBank's generic name
    "sodium oxybate",
    "naloxone",
}


def test_seed_page_finds_the_eight_drugs_and_nothing_else(
    real: DrugMatcher, seed_text: str
) -> None:
    drugs = [m for m in real.find(seed_text) if m.label == "DRUG"]
    assert {m.normalized for m in drugs} == SEED_DRUGS
    written = {m.text.lower() for m in drugs}
    assert "propoxyphene" in written and "sodium oxybate" in written
    for m in real.find(seed_text):
        assert m.text not in {"MS", "PNA", "UK", "API", "APIs", "Today"}
    # alcohol here only names a disorder ("alcohol dependence")
    assert "ethanol" not in {m.normalized for m in drugs}


def test_brands_salts_and_ids(real: DrugMatcher) -> None:
    for brand, generic in [
        ("Lioresal", "baclofen"),
        ("Lipitor", "atorvastatin"),
        ("Humira", "adalimumab"),
    ]:
        entry = real.lookup(brand)
        assert entry is not None and entry.normalized == generic and entry.label == "DRUG"
    entry = real.lookup("baclofen hydrochloride")
    assert entry is not None and entry.ids.get("drugbank") == "DB00181"
    got = real.find("LIPITOR (atorvastatin calcium) and VIAGRA (sildenafil citrate)")
    assert [(m.text, m.normalized) for m in got] == [
        ("LIPITOR", "atorvastatin"),
        ("atorvastatin calcium", "atorvastatin"),
        ("VIAGRA", "sildenafil"),
        ("sildenafil citrate", "sildenafil"),
    ]


def test_precision_controls(real: DrugMatcher) -> None:
    text = (
        "Patients with MS from the UK may drink water. Ice packs help today. "
        "Take it with food; check potassium levels and blood sugar. "
        "It contains magnesium stearate and titanium dioxide."
    )
    assert real.find(text) == []
    assert [
        m.normalized
        for m in real.find("Avoid alcohol and caffeine; tell your doctor about nicotine.")
    ] == [
        "ethanol",
        "caffeine",
        "nicotine",
    ]


def test_classes_get_their_own_label(real: DrugMatcher) -> None:
    text = "NSAIDs, opioids, ACE inhibitors, statins, benzodiazepines and antibiotics"
    got = real.find(text)
    assert [m.label for m in got] == ["DRUG_CLASS"] * 6
    assert [m.normalized for m in got] == [
        "nsaid",
        "opioid",
        "ace inhibitor",
        "statin",
        "benzodiazepine",
        "antibiotic",
    ]


def test_spacy_component_sets_ents(real: DrugMatcher) -> None:
    nlp = make_nlp(real)
    doc = nlp("Medications that interact with Lioresal include naloxone and other opioids.")
    ents = [(e.text, e.label_, e._.normalized) for e in doc.ents]
    assert ents == [
        ("Lioresal", "DRUG", "baclofen"),
        ("naloxone", "DRUG", "naloxone"),
        ("opioids", "DRUG_CLASS", "opioid"),
    ]
    assert doc.ents[0]._.drug_ids["drugbank"] == "DB00181"
    assert "drug_ner" in nlp.pipe_names


def test_spacy_component_with_a_tiny_vocabulary(tiny: DrugMatcher) -> None:
    doc = make_nlp(tiny)("Take (Baclofen) or sodium oxybate.")
    assert [(e.text, e.label_, e._.normalized) for e in doc.ents] == [
        ("Baclofen", "DRUG", "baclofen"),
        ("sodium oxybate", "DRUG", "sodium oxybate"),
    ]


def test_eval_on_gold_set(real: DrugMatcher, corpus_dir: Path) -> None:
    from ingest.ner.evaluate import evaluate

    report = evaluate(GOLD, corpus_dir, real)
    assert report.gold_drugs >= 400 and report.sources >= 4
    ours = report.systems[0]
    assert ours.mentions.f1 >= 0.97, ours.false_negatives + ours.false_positives
    assert ours.names.f1 >= 0.97
    # passages annotated after the vocabulary was frozen: the estimate for unseen pages
    held_out = [sc for group, sc in ours.by_group.items() if group.startswith("heldout-")]
    assert held_out and all(sc.f1 >= 0.95 for sc in held_out)
    if len(report.systems) > 1:  # the baseline runs when drug-named-entity-recognition is installed
        assert ours.mentions.f1 > report.systems[1].mentions.f1


def test_find_many_equals_find_on_each_text() -> None:
    from ingest.ner import default_matcher

    matcher = default_matcher()
    texts = [
        "Baclofen and sodium oxybate; see https://x.test/baclofen",
        "",
        "Lioresal (baclofen hydrochloride) with naloxone.",
        "no drugs here at all",
        "Calcium Oxybate, alcohol dependence, NSAIDs",
    ]
    assert matcher.find_many(texts) == [matcher.find(t) for t in texts]
