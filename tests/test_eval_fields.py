"""Per-field accuracy against the gold annotations: the regression gate and the scoring rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.evaluation.fields import (
    FIELDS,
    FieldReport,
    PageResult,
    baseline_json,
    check_regression,
    evaluate,
    score_page,
    sum_pages,
)
from ingest.evaluation.gold import GoldError, GoldReference, parse_page
from ingest.evaluation.matching import (
    Outcome,
    Score,
    align,
    match,
    normalize,
    normalize_url,
    score_labels,
    score_texts,
)
from ingest.record import (
    Citation,
    Drug,
    DrugMention,
    Evidence,
    Indication,
    Interaction,
    Monograph,
    Reference,
    Section,
    SideEffect,
    Source,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLD = REPO_ROOT / "tests" / "data" / "field-gold"
BASELINE = REPO_ROOT / "tests" / "data" / "field-baseline.json"


# -- the gate ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(corpus_dir: Path) -> FieldReport:
    return evaluate(GOLD, corpus_dir, REPO_ROOT)


def test_no_field_regressed_from_the_baseline(report: FieldReport) -> None:
    problems = check_regression(report, BASELINE, tolerance=0.01)
    assert not problems, (
        "field accuracy dropped; fix it, or after a deliberate change run "
        "`python -m ingest.evaluation.fields --write-baseline`:\n" + "\n".join(problems)
    )


def test_every_gold_page_is_structured(report: FieldReport) -> None:
    failed = {p.name: p.error for p in report.pages if p.error}
    assert not failed


def test_gold_set_covers_the_genre(report: FieldReport) -> None:
    assert len(report.pages) >= 15
    assert len({p.layout for p in report.pages}) >= 6
    # every field of the contract that the issue tracks is annotated somewhere
    assert set(FIELDS) <= set(report.totals)


# -- matching ----------------------------------------------------------------------------


def test_normalize_ignores_case_punctuation_and_marks() -> None:
    assert normalize("  Breast‐feeding ") == normalize("breast-feeding") == "breast feeding"
    assert normalize("Crohn’s Disease") == normalize("CROHN'S disease")
    assert normalize("Neurontin®") == "neurontin"
    assert normalize("1.1 Rheumatoid Arthritis") != normalize("Rheumatoid Arthritis")


def test_normalize_url_ignores_scheme_case_and_trailing_slash() -> None:
    assert normalize_url("https://Example.org/a/") == normalize_url("//example.org/a")
    assert normalize_url("http://example.org/a") != normalize_url("http://example.org/b")


def test_perfect_prediction_scores_one() -> None:
    out, pairs = score_texts([("Nausea",), ("Headache",)], ["headache", "nausea"])
    assert (out.score.tp, out.score.fp, out.score.fn) == (2, 0, 0)
    assert out.score.precision == out.score.recall == out.score.f1 == 1.0
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_one_miss_and_one_extra_give_exact_precision_and_recall() -> None:
    gold = [("a",), ("b",), ("c",), ("d",)]
    missed, _ = score_texts(gold, ["a", "b", "c"])
    assert missed.score.precision == 1.0
    assert missed.score.recall == pytest.approx(3 / 4)
    assert missed.misses == ["d"]
    extra, _ = score_texts(gold, ["a", "b", "c", "d", "e"])
    assert extra.score.precision == pytest.approx(4 / 5)
    assert extra.score.recall == 1.0
    assert extra.score.f1 == pytest.approx(2 * 4 / (2 * 4 + 1))
    assert extra.extras == ["e"]


def test_empty_gold_and_empty_prediction_is_perfect_but_any_extra_is_not() -> None:
    assert score_texts([], [])[0].score.f1 == 1.0
    out, _ = score_texts([], ["ketoprofen"])
    assert out.score.precision == 0.0
    assert out.score.f1 == 0.0


def test_variants_and_optional_values() -> None:
    gold = [("Multiple Sclerosis", "MS")]
    out, _ = score_texts(gold, ["ms", "Products & Services"], ignore=["products & services"])
    assert (out.score.tp, out.score.fp, out.score.fn) == (1, 0, 0)


def test_match_is_maximal_when_variants_overlap() -> None:
    # a greedy pairing would give "warning" to the first entry and miss the second
    gold = [("WARNING: X", "WARNING: X See full prescribing information"), ("WARNING: X",)]
    pairs, missed, extra = match(
        gold, ["WARNING: X See full prescribing information", "WARNING: X"]
    )
    assert len(pairs) == 2
    assert missed == extra == []


def test_align_pairs_repeated_headings_in_page_order() -> None:
    gold = [("Uses",), ("RA",), ("Dosage",), ("Pregnancy",), ("Studies",), ("RA",)]
    predicted = ["Uses", "RA", "Dosage", "Studies", "RA"]
    pairs, missed, extra = align(gold, predicted)
    assert pairs == [(0, 0), (1, 1), (2, 2), (4, 3), (5, 4)]
    assert missed == [3]
    assert extra == []


def test_label_accuracy_counts_a_wrong_label_as_fp_and_fn() -> None:
    out = score_labels(
        [("Storage", ("other", "dosage"), "dosage"), ("Uses", ("indications",), "overview")]
    )
    assert (out.score.tp, out.score.fp, out.score.fn) == (1, 1, 1)
    assert out.score.precision == out.score.recall == out.score.f1 == 0.5
    assert out.misses == ["Uses: indications, got overview"]


# -- a hand-made page --------------------------------------------------------------------

EV = Evidence(section="s", start=0, end=1)


def _record(**fields: object) -> Monograph:
    base: dict[str, object] = {
        "id": "baclofen",
        "title": "API: Baclofen",
        "drug": Drug(name="Baclofen", normalized="baclofen"),
        "source": Source(path="x.txt", sha256="0" * 64, format="text"),
        "sections": [
            Section(
                id="api-baclofen",
                heading="API: Baclofen",
                level=1,
                kind="overview",
                children=[
                    Section(id="uses", heading="Approved Indications", level=2, kind="indications"),
                    Section(id="se", heading="Side Effects", level=2, kind="warnings"),
                ],
            )
        ],
    }
    base.update(fields)
    return Monograph.model_validate(base)


GOLD_PAGE = {
    "source": "repo:raw/x.txt",
    "layout": "test",
    "headings": [
        ["API: Baclofen", "overview"],
        ["Approved Indications", "indications"],
        ["Side Effects", ["side_effects", "interactions"]],
    ],
    "side_effects": [
        {"term": "Headaches", "frequency": "common"},
        {"term": "Insomnia", "frequency": "common"},
    ],
    "indications": [["Multiple Sclerosis", "MS"]],
    "interactions": [{"drug": ["dextropropoxyphene", "propoxyphene"], "severity": "major"}],
    "references": [
        {"number": 1, "title": "Baclofen", "date": "2013-02-08", "url": "https://a.org/b"},
        {"number": 2, "title": "Pump", "date": None, "url": None},
    ],
    "citations": [[1, "Approved Indications"], [2, "Side Effects"]],
    "drug_mentions": ["baclofen", "gabapentin"],
}


def test_score_page_on_a_hand_made_record() -> None:
    gold = parse_page("test", GOLD_PAGE)
    record = _record(
        side_effects=[
            SideEffect(term="Headaches", frequency="common", evidence=EV),
            SideEffect(term="headaches", frequency="serious", evidence=EV),  # same term twice
            SideEffect(term="Seizures", frequency="common", evidence=EV),
        ],
        indications=[Indication(condition="Multiple Sclerosis (MS)", text="", evidence=EV)],
        interactions=[
            Interaction(drug="dextropropoxyphene", severity="minor", text="", evidence=EV)
        ],
        references=[
            Reference(number=1, title="Baclofen", date="2013-02-08", url="http://a.org/b/", raw=""),
            Reference(number=2, title="Pump", date="2014", raw=""),
            Reference(number=3, title="Extra", raw=""),
        ],
        citations=[
            Citation(reference=1, section="uses", offset=0, resolved=True),
            Citation(reference=2, section="uses", offset=5, resolved=True),
        ],
        drug_mentions=[
            DrugMention(text="Baclofen", normalized="baclofen", section="uses", start=0, end=8)
        ],
    )
    out = score_page(gold, record)

    def counts(name: str) -> tuple[int, int, int]:
        s = out[name].score
        return s.tp, s.fp, s.fn

    assert counts("headings") == (3, 0, 0)
    assert counts("section_kinds") == (2, 1, 1)  # "Side Effects" got warnings
    assert counts("side_effects") == (1, 1, 1)  # Seizures extra, Insomnia missed
    assert counts("side_effect_frequency") == (0, 1, 1)  # strongest label: serious
    assert counts("indications") == (1, 0, 0)  # "(MS)" ignored
    assert counts("interactions") == (1, 0, 0)
    assert counts("interaction_severity") == (0, 1, 1)
    assert counts("reference_titles") == (2, 1, 0)  # reference 3 is extra
    assert counts("reference_dates") == (1, 1, 0)  # a date where the gold has none
    assert counts("reference_urls") == (1, 0, 0)
    assert counts("citations") == (1, 1, 1)  # marker 2 put in the wrong section
    assert counts("drug_mentions") == (1, 0, 1)


def test_a_failed_page_misses_every_annotated_value() -> None:
    gold = parse_page("test", GOLD_PAGE)
    out = score_page(gold, None)
    assert all(o.score.tp == o.score.fp == 0 for o in out.values())
    assert out["headings"].score.fn == 3
    assert out["reference_titles"].score.fn == 2


def test_unannotated_fields_are_not_scored() -> None:
    gold = parse_page("t", {"source": "a/b.html", "references": []})
    out = score_page(gold, _record(references=[Reference(number=1, raw="x")]))
    assert set(out) == {"reference_titles", "reference_dates", "reference_urls"}
    assert out["reference_titles"].score.fp == 1


@pytest.mark.parametrize(
    "data",
    [
        {"source": "a/b.html", "headings": [["Uses", "usage"]]},  # unknown kind
        {"source": "a/b.html", "side_effects": [{"term": "x", "frequency": "often"}]},
        {"source": "a/b.html", "colour": []},  # unknown key
        {"source": "a/b.html", "drug_mentions": ["baclofen", "Baclofen"]},  # listed twice
        {"headings": []},  # no source
    ],
)
def test_malformed_gold_is_rejected(data: dict[str, object]) -> None:
    with pytest.raises(GoldError):
        parse_page("bad", data)


def test_gold_reference_keeps_url_variants() -> None:
    gold = parse_page(
        "t", {"source": "a", "references": [{"number": 1, "url": ["https://x", "https://y"]}]}
    )
    assert gold.references == [GoldReference(1, None, None, ("https://x", "https://y"))]


# -- the regression check ----------------------------------------------------------------


def _report(tp: int, fp: int, fn: int) -> FieldReport:
    page = PageResult("p", "a/b", "l", {"headings": Outcome(Score(tp, fp, fn))})
    return FieldReport([page], sum_pages([page]))


def test_check_regression_flags_only_drops_beyond_the_tolerance(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(baseline_json(_report(90, 10, 10)), encoding="utf-8")  # F1 0.9
    assert check_regression(_report(90, 10, 10), baseline) == []
    assert check_regression(_report(895, 105, 105), baseline) == []  # 0.895: within 0.01
    problems = check_regression(_report(80, 20, 20), baseline)  # 0.8
    assert [p.split(":")[0] for p in problems] == ["headings", "overall"]
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["fields"]["headings"]["f1"] == 0.9
    assert "--write-baseline" in recorded["note"]


def test_check_regression_flags_a_field_no_longer_measured(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(baseline_json(_report(9, 1, 0)), encoding="utf-8")
    empty = FieldReport([], sum_pages([]))
    assert any(
        p.startswith("headings: no longer measured") for p in check_regression(empty, baseline)
    )
