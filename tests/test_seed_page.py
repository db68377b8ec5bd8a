"""The seed page, end to end: the facts the project started from, from both the
text scrape and an HTML (WordPress + footnotes plugin) rendering of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, REPO_ROOT

from ingest import Monograph, structure
from ingest.record import Section

SEED = REPO_ROOT / "raw" / "baclofen-pna.txt"
WORDPRESS = FIXTURES / "baclofen-wordpress.html"

MAIN_HEADINGS = [
    ("What Is Baclofen and How Does It Work?", "overview"),
    ("Approved Indications", "indications"),
    ("Side Effects and Drug Interactions", "side_effects"),
    ("Latest News and Research", "research"),
    ("Buying Guide", "commerce"),
]
SIDE_EFFECTS = [
    "Drowsiness and fatigue",
    "Headaches",
    "Seizures",
    "Nausea and vomiting",
    "Low blood pressure",
    "Constipation and irregularities in urination",
    "Insomnia",
    "Confusion",
]
REFERENCE_DATES = [
    "2013-02-08",
    "2015-04-17",
    "2015-12-01",
    "2013-06-12",
    "2013-08-22",
    "2009-05",
    "2014-10-10",
]
# reference number -> the section its marker stands in
CITED_IN = {
    1: "approved-indications",
    2: "side-effects-and-drug-interactions",
    3: "side-effects-and-drug-interactions",
    4: "latest-news-and-research",
    5: "latest-news-and-research",
    6: "latest-news-and-research",
    7: "latest-news-and-research",
}


@pytest.fixture(scope="module", params=["text", "wordpress-html"])
def record(request: pytest.FixtureRequest) -> Monograph:
    path: Path = SEED if request.param == "text" else WORDPRESS
    return structure(path.read_bytes(), source=path.name)


def _walk(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(_walk(section.children))
    return out


def _section(record: Monograph, section_id: str) -> Section:
    return next(s for s in _walk(record.sections) if s.id == section_id)


def test_title_and_drug(record: Monograph) -> None:
    assert record.title == "API: Baclofen"
    assert record.id == "baclofen"
    assert record.drug.normalized == "baclofen"
    assert record.drug.chemical_name == "4-amino-3-(-4-chlorophenyl)-butanoic acid"
    assert "skeletal muscle relaxant" in record.drug.classes
    assert record.drug.ids.get("drugbank") == "DB00181"


def test_main_headings_and_kinds(record: Monograph) -> None:
    (root,) = record.sections
    assert (root.heading, root.level) == ("API: Baclofen", 1)
    main = [(s.heading, s.kind) for s in root.children if s.kind != "references"]
    assert main == MAIN_HEADINGS


def test_exactly_the_eight_side_effects(record: Monograph) -> None:
    assert [s.term for s in record.side_effects] == SIDE_EFFECTS
    assert {s.frequency for s in record.side_effects} == {"common"}
    assert all(s.citations == [2] for s in record.side_effects)
    for effect in record.side_effects:
        section = _section(record, effect.evidence.section)
        assert effect.evidence.item is not None
        item = section.items[effect.evidence.item]
        assert item[effect.evidence.start : effect.evidence.end] == effect.term


def test_indications_and_limitation(record: Monograph) -> None:
    assert [i.condition for i in record.indications] == [
        "Multiple Sclerosis",
        "Spinal Cord Spasticity",
    ]
    assert record.indications[0].citations == [1]
    (limitation,) = record.limitations
    assert "rheumatic disorders" in limitation.text
    section = _section(record, limitation.evidence.section)
    assert section.text[limitation.evidence.start : limitation.evidence.end] == limitation.text


def test_warnings_and_contraindications(record: Monograph) -> None:
    warnings = " ".join(w.text for w in record.warnings)
    assert "should not be discontinued" in warnings
    assert "at risk" in warnings
    assert any("allergic to baclofen" in c.text for c in record.contraindications)


def test_five_major_interactions(record: Monograph) -> None:
    drugs = [i.drug for i in record.interactions]
    assert len(drugs) == 5
    assert drugs[:2] == ["acetaminophen", "buprenorphine"]
    assert "propoxyphene" in drugs[2]  # normalized by the vocabulary (dextropropoxyphene)
    assert drugs[3:] == ["sodium oxybate", "naloxone"]
    assert {i.severity for i in record.interactions} == {"major"}
    assert not {"gabapentin", "clonazepam", "baclofen"} & set(drugs)


def test_seven_references_with_iso_dates_and_clean_urls(record: Monograph) -> None:
    assert [r.number for r in record.references] == list(range(1, 8))
    assert [r.date for r in record.references] == REFERENCE_DATES
    assert record.references[0].title == "Baclofen"
    assert record.references[0].url == "https://www.mstrust.org.uk/a-z/baclofen"
    seventh = record.references[6]
    assert seventh.url == "http://journal.frontiersin.org/article/10.3389/fpsyt.2014.00143/full"
    assert "“http" in seventh.raw  # the stray quote is in the raw line, not the URL
    for reference in record.references:
        assert reference.url and reference.url.startswith("http")
        assert not reference.url.endswith((".", ",", "”", "“"))


def test_exactly_seven_citations_in_the_right_sections(record: Monograph) -> None:
    assert [(c.reference, c.section) for c in record.citations] == sorted(CITED_IN.items())
    assert all(c.resolved for c in record.citations)
    assert not [
        d for d in record.diagnostics if d.code in ("unresolved-citation", "unused-reference")
    ]


def test_no_false_markers_and_markers_removed(record: Monograph) -> None:
    text = " ".join(s.text for s in _walk(record.sections))
    for kept in ("4-amino-3-(-4-chlorophenyl)", "1966", "12 million", "877.328.2592"):
        assert kept in text
    assert "relax. Baclofen" in text and "include:" in text


def test_boilerplate_is_not_a_fact(record: Monograph) -> None:
    commerce = [s for s in _walk(record.sections) if s.kind == "commerce"]
    assert commerce and all(s.kind == "commerce" for s in commerce)
    fact_sections = {
        x.evidence.section
        for x in [*record.side_effects, *record.indications, *record.interactions]
    }
    assert not fact_sections & {s.id for s in commerce}


def test_drug_mentions_in_page_order(record: Monograph) -> None:
    found = {m.normalized for m in record.drug_mentions}
    assert {"baclofen", "gabapentin", "clonazepam", "acetaminophen", "naloxone"} <= found
    assert not {m.text for m in record.drug_mentions} & {"MS", "PNA", "UK", "API"}
    for mention in record.drug_mentions:
        section = _section(record, mention.section)
        source = section.items[mention.item] if mention.item is not None else section.text
        assert source[mention.start : mention.end] == mention.text


def test_text_and_html_renderings_give_the_same_facts() -> None:
    text = structure(SEED.read_bytes(), source=SEED.name)
    html = structure(WORDPRESS.read_bytes(), source=WORDPRESS.name)
    for field in (
        "side_effects",
        "indications",
        "limitations",
        "contraindications",
        "warnings",
        "interactions",
        "references",
        "citations",
    ):
        assert getattr(text, field) == getattr(html, field), field
    assert html.source.format == "html" and text.source.format == "text"
    assert html.source.url and html.source.url.startswith("https://")
