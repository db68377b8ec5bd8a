"""The JSON text-scrape reader: openFDA label JSON and `{name, url, sections}` page objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.blocks import Document, Heading, ListBlock, Paragraph, ReferenceList
from ingest.errors import PageError
from ingest.evaluation.matching import normalize
from ingest.headings import clean_heading
from ingest.readers.json_scrape import read_json

HUMIRA_TEXT = "openfda-spl/humira-2c9fb32d-4b1b-b5da-4bdf-6b06908ba8b3.text.json"
GOLD = Path(__file__).resolve().parent / "data" / "field-gold" / "openfda-humira-text-json.json"


def _headings(doc: Document) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in doc.blocks if isinstance(b, Heading)]


def _paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def _gold_texts(entries: list[object]) -> set[str]:
    """Normalized accepted spellings of gold heading entries (`[text|[texts], kind]` or text)."""
    out: set[str] = set()
    for entry in entries:
        text = entry[0] if isinstance(entry, list) else entry
        out.update(normalize(str(t)) for t in (text if isinstance(text, list) else [text]))
    return out


# --- openFDA label JSON (real page) ---------------------------------------------------------


@pytest.fixture(scope="module")
def humira(corpus_dir: Path) -> Document:
    return read_json((corpus_dir / HUMIRA_TEXT).read_text(encoding="utf-8"))


def test_humira_sections_and_numbered_subheadings(humira: Document) -> None:
    heads = _headings(humira)
    assert humira.format == "text"
    assert heads[0] == (1, "Drug label")  # no openfda metadata: a made-up title
    assert (2, "1 INDICATIONS AND USAGE") in heads
    assert (2, "6 ADVERSE REACTIONS") in heads
    # Section numbering gives depth below the section's own level.
    assert (5, "6.1 Clinical Trials Experience") in heads
    kinds = {b.text: b.kind_hint for b in humira.blocks if isinstance(b, Heading)}
    assert kinds["6 ADVERSE REACTIONS"] == "side_effects"
    assert kinds["7 DRUG INTERACTIONS"] == "interactions"


def test_humira_has_no_flattened_label_debris_as_headings(humira: Document) -> None:
    texts = {t for _, t in _headings(humira)}
    for debris in (
        "ACR20",
        "Painb",
        "Week 4",
        "Respiratory",
        "Figure A",
        "NDC 0074–9374–02",
        "NOT FOR SALE",
        "Neoplasia: Adenoma",
    ):
        assert debris not in texts
    # Only an all-caps label ("IMPORTANT:") may end in a colon; sentence lead-ins may not.
    assert all(t.isupper() for t in texts if t.endswith(":"))
    # The lead-in and the table cells are still there, as text.
    paragraphs = _paragraphs(humira)
    assert any(p.startswith("The most serious adverse reactions") for p in paragraphs)
    assert "Painb" in paragraphs and "NOT FOR SALE" in paragraphs


def test_humira_medication_guide_questions_are_headings(humira: Document) -> None:
    texts = [t for _, t in _headings(humira)]
    for question in (
        "What is the most important information I should know about HUMIRA?",
        "What is HUMIRA?",
        "What should I tell my doctor before taking HUMIRA?",
        "General information about HUMIRA",
    ):
        assert question in texts


def test_humira_headings_against_gold(humira: Document) -> None:
    """Every heading is a label heading (gold or optional), and every gold one is there."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    wanted = _gold_texts(gold["headings"])
    allowed = wanted | _gold_texts(gold["optional"]["headings"])
    # The carton panel's first line is a code, so the section is named by its field.
    made_up = {normalize("Package label principal display panel")}
    got = {normalize(clean_heading(t)) for _, t in _headings(humira)}
    assert got - allowed - made_up == set()
    assert wanted - got == set()


def test_humira_carton_panel_has_no_inner_headings(humira: Document) -> None:
    blocks = humira.blocks
    start = next(
        k
        for k, b in enumerate(blocks)
        if isinstance(b, Heading) and b.text == "Package label principal display panel"
    )
    assert blocks[start].kind_hint == "commerce"  # type: ignore[union-attr]
    panel = blocks[start + 1 :]
    assert panel and not any(isinstance(b, Heading) for b in panel)
    first = panel[0]
    assert isinstance(first, Paragraph) and first.text == "NDC 0074–9374–02"


def test_humira_reference_section(humira: Document) -> None:
    refs = [b for b in humira.blocks if isinstance(b, ReferenceList)]
    assert len(refs) == 1
    assert refs[0].heading == "15 REFERENCES"
    assert [e.number for e in refs[0].entries] == [1]
    assert "SEER" in refs[0].entries[0].text


# --- synthetic shapes ---------------------------------------------------------------------

_PAGE = {
    "name": "Magnesium Hydroxide",
    "url": "https://medlineplus.gov/druginfo/meds/a601005.html",
    "sections": [
        {
            "title": "Why is this medication prescribed?",
            "content": "Magnesium hydroxide is used to treat occasional constipation.",
        },
        {
            "title": "What side effects can this medication cause?",
            "content": "Side effects can occur:\n\n• diarrhea\n• stomach cramps\n",
        },
        {"title": "", "content": "Untitled text flows into the section before it."},
        "not a section",
    ],
}


def test_page_object() -> None:
    doc = read_json(json.dumps(_PAGE))
    assert doc.title == "Magnesium Hydroxide"
    assert doc.url == "https://medlineplus.gov/druginfo/meds/a601005.html"
    assert _headings(doc) == [
        (1, "Magnesium Hydroxide"),
        (2, "Why is this medication prescribed?"),
        (2, "What side effects can this medication cause?"),
    ]
    # A section body's first line is its text, never a page title.
    assert _paragraphs(doc) == [
        "Magnesium hydroxide is used to treat occasional constipation.",
        "Side effects can occur:",
        "Untitled text flows into the section before it.",
    ]
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert [i.text for i in lists[0].items] == ["diarrhea", "stomach cramps"]


def test_one_page_list_is_a_page_and_bad_url_is_dropped() -> None:
    page = dict(_PAGE, url="javascript:void(0)")
    doc = read_json(json.dumps([page]))
    assert doc.title == "Magnesium Hydroxide"
    assert doc.url is None


def test_multi_page_file_is_rejected() -> None:
    with pytest.raises(PageError) as info:
        read_json(json.dumps([_PAGE, dict(_PAGE, name="Other")]))
    assert info.value.code == "multi-page-file"
    assert "2 pages" in info.value.reason


@pytest.mark.parametrize("text", ['{"name": "x", "sections": [', "", "not json"])
def test_invalid_json_is_rejected(text: str) -> None:
    with pytest.raises(PageError) as info:
        read_json(text)
    assert info.value.code == "invalid-json"


@pytest.mark.parametrize("data", [42, {"name": "x"}, {"count": 3}])
def test_json_without_page_text_is_unsupported(data: object) -> None:
    with pytest.raises(PageError) as info:
        read_json(json.dumps(data))
    assert info.value.code == "unsupported-format"


def test_openfda_label_heading_falls_back_to_the_field_name() -> None:
    label = {
        "set_id": "abc",
        "openfda": {"brand_name": ["Cough Relief"]},
        "indications_and_usage": ["Uses temporarily relieves cough due to a cold."],
        "warnings": ["Warnings\nAsk a doctor before use if you have asthma."],
        "package_label_principal_display_panel": ["NDC 1234-5678-90\nNOT FOR SALE\n4 FL OZ"],
    }
    doc = read_json(json.dumps(label))
    assert doc.title == "Cough Relief"
    assert _headings(doc) == [
        (1, "Cough Relief"),
        (2, "Indications and usage"),
        (2, "Warnings"),
        (2, "Package label principal display panel"),
    ]
    hints = [b.kind_hint for b in doc.blocks if isinstance(b, Heading)][1:]
    assert hints == ["indications", "warnings", "commerce"]
    assert "Uses temporarily relieves cough due to a cold." in _paragraphs(doc)
    assert {"NDC 1234-5678-90", "NOT FOR SALE"} <= set(_paragraphs(doc))
