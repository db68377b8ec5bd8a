"""The plain-text reader: the seed page, plus the layouts of other text scrapes."""

from __future__ import annotations

from typing import TypeVar

import pytest

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph, ReferenceList
from ingest.readers.text import expand_labels, is_heading_line, leading_label, read_text

T = TypeVar("T")


def _of(doc: Document, kind: type[T]) -> list[T]:
    return [b for b in doc.blocks if isinstance(b, kind)]


def _headings(doc: Document) -> list[tuple[int, str]]:
    return [(h.level, h.text) for h in _of(doc, Heading)]


def _paragraph_texts(doc: Document) -> list[str]:
    return [p.text for p in _of(doc, Paragraph)]


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Document:
    return read_text(seed_text)


# --- the seed page ------------------------------------------------------------------


def test_seed_title_and_headings(seed: Document) -> None:
    assert seed.format == "text"
    assert seed.title == "API: Baclofen"
    assert _headings(seed) == [
        (1, "API: Baclofen"),
        (2, "What Is Baclofen and How Does It Work?"),
        (2, "Approved Indications"),
        (2, "Side Effects and Drug Interactions"),
        (2, "Latest News and Research"),
        (2, "Buying Guide"),
    ]


def test_seed_commerce_fragments_are_paragraphs(seed: Document) -> None:
    texts = _paragraph_texts(seed)
    # "call us" stands alone; "Place Your Order Today" is a widget title over hard-wrapped
    # lines, which join into one paragraph of their own.
    assert "call us" in texts
    assert "Place Your Order Today" in texts
    assert (
        "Pharmaceutica North America serves compounding pharmacies and physicians "
        "throughout the U.S." in texts
    )
    assert all(t not in ("Show 7 footnotes",) for t in texts)


def test_seed_side_effect_list(seed: Document) -> None:
    lists = _of(seed, ListBlock)
    assert len(lists) == 1
    assert not lists[0].ordered
    assert [i.text for i in lists[0].items] == [
        "Drowsiness and fatigue",
        "Headaches",
        "Seizures",
        "Nausea and vomiting",
        "Low blood pressure",
        "Constipation and irregularities in urination",
        "Insomnia",
        "Confusion",
    ]
    assert all(i.depth == 0 and not i.markers_known for i in lists[0].items)


def test_seed_labels(seed: Document) -> None:
    labelled = [(p.label, p.text) for p in _of(seed, Paragraph) if p.label]
    assert [label for label, _ in labelled] == [
        "Multiple Sclerosis",
        "Spinal Cord Spasticity",
        "Important Information",
    ]
    assert all(text.startswith(label + ": ") for label, text in labelled)


def test_seed_markers_left_in_text(seed: Document) -> None:
    paragraphs = _of(seed, Paragraph)
    assert all(not p.markers_known and p.markers == [] for p in paragraphs)
    assert "Common side effects in patients taking baclofen include2:" in _paragraph_texts(seed)
    assert any("allow the muscles to relax.1 Baclofen" in t for t in _paragraph_texts(seed))


def test_seed_reference_list(seed: Document) -> None:
    refs = _of(seed, ReferenceList)
    assert len(refs) == 1
    ref = refs[0]
    assert seed.blocks[-1] is ref
    assert ref.heading == "Show 7 footnotes"
    assert [e.number for e in ref.entries] == list(range(1, 8))
    assert (
        ref.entries[0].text
        == "“Baclofen,” February 8, 2013, https://www.mstrust.org.uk/a-z/baclofen"
    )
    assert ref.entries[6].text.endswith("fpsyt.2014.00143/full")
    assert ref.entries[6].text.startswith("“The use of very high-doses of baclofen")


def test_seed_survives_crlf_tabs_nbsp_bom(seed_text: str) -> None:
    mangled = "\ufeff" + seed_text.replace("\n", "  \r\n").replace(" ", "\u00a0", 3)
    mangled = mangled.replace("  • ", "\t• ")
    doc = read_text(mangled)
    assert _headings(doc) == _headings(read_text(seed_text))
    assert doc.title == "API: Baclofen"
    assert [i.text for i in _of(doc, ListBlock)[0].items][:2] == [
        "Drowsiness and fatigue",
        "Headaches",
    ]
    assert len(_of(doc, ReferenceList)[0].entries) == 7


# --- other layouts of the genre ----------------------------------------------------------


def test_caps_and_numbered_headings_take_depth_from_numbering() -> None:
    doc = read_text(
        "HUMIRA (adalimumab) injection\n\n"
        "1 INDICATIONS AND USAGE\n\n"
        "1.1 Rheumatoid Arthritis\n"
        "HUMIRA is indicated for reducing signs and symptoms.\n\n"
        "5 WARNINGS AND PRECAUTIONS\n\n"
        "5.1 Hepatotoxicity\n\n"
        "Liver failure was reported.\n\n"
        "5.1.2 Monitoring\n\nCheck enzymes.\n"
    )
    assert _headings(doc) == [
        (1, "HUMIRA (adalimumab) injection"),
        (2, "1 INDICATIONS AND USAGE"),
        (3, "1.1 Rheumatoid Arthritis"),
        (2, "5 WARNINGS AND PRECAUTIONS"),
        (3, "5.1 Hepatotoxicity"),
        (4, "5.1.2 Monitoring"),
    ]
    assert "HUMIRA is indicated for reducing signs and symptoms." in _paragraph_texts(doc)


def test_all_caps_line_heads_the_text_below_it() -> None:
    doc = read_text(
        "Cough Syrup\n\nWARNINGS\nDo not use with other cough medicines.\n\n"
        "Directions\n\nTake 10 mL every 4 hours.\n"
    )
    assert _headings(doc)[1:] == [(2, "WARNINGS"), (3, "Directions")]
    assert _paragraph_texts(doc) == [
        "Do not use with other cough medicines.",
        "Take 10 mL every 4 hours.",
    ]


def test_numbers_in_sentences_are_not_headings() -> None:
    doc = read_text("Dosing\n\n2 tablets every 4 hours\n\n1.5 mg per day in adults\n")
    assert _headings(doc) == [(1, "Dosing")]
    assert _paragraph_texts(doc) == ["2 tablets every 4 hours", "1.5 mg per day in adults"]


def test_hard_wrapped_lines_join() -> None:
    doc = read_text(
        "Some Drug\n\n"
        "This is a long hard-wrapped paragraph that goes on and on for quite a\n"
        "while, and it continues on the next line. Another sentence starts on a\n"
        "Line that begins upper-case but is still part of the same paragraph,\n"
        "and a word broken at a hyphen like anti-\ninflammatory stays whole.\n"
    )
    assert _paragraph_texts(doc) == [
        "This is a long hard-wrapped paragraph that goes on and on for quite a while, and it "
        "continues on the next line. Another sentence starts on a Line that begins upper-case "
        "but is still part of the same paragraph, and a word broken at a hyphen like "
        "anti-inflammatory stays whole."
    ]


def test_lists_nesting_and_numbering() -> None:
    doc = read_text(
        "Dosage Guide\n\nAdults and children:\n\n"
        "- Adults: 10 mg\n"
        "    ◦ Elderly: 5 mg\n"
        "        ▪ Frail: 2.5 mg\n"
        "* Children: ask\n"
        "  a doctor first\n\n"
        "Steps:\n\n1) Open the pack.\n2) Take one.\n\n"
        "a) alpha\nb) beta\n"
    )
    lists = _of(doc, ListBlock)
    assert [(i.depth, i.text) for i in lists[0].items] == [
        (0, "Adults: 10 mg"),
        (1, "Elderly: 5 mg"),
        (2, "Frail: 2.5 mg"),
        (0, "Children: ask a doctor first"),
    ]
    assert not lists[0].ordered
    assert lists[1].ordered
    assert [i.text for i in lists[1].items] == ["Open the pack.", "Take one.", "alpha", "beta"]


def test_unbulleted_line_after_a_list_is_a_paragraph() -> None:
    doc = read_text("Side Effects\n\n• Nausea\n• Headache\nCall your doctor if these persist.\n")
    assert [i.text for i in _of(doc, ListBlock)[0].items] == ["Nausea", "Headache"]
    assert _paragraph_texts(doc) == ["Call your doctor if these persist."]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Multiple Sclerosis: Patients with MS suffer.", "Multiple Sclerosis"),
        ("Children and teenagers: Use is not recommended.", "Children and teenagers"),
        ("WARNING: Keep out of reach of children.", "WARNING"),
        ("Note that this: is not a label.", None),
        ("At 10:30 the dose is given.", None),
        ("10:30 is the time.", None),
        ("See https://example.com/a: for more.", None),
        ("https://example.com: a link.", None),
        ("Patients who take this drug with food report: less nausea.", None),
        ("Common side effects include:", None),
    ],
)
def test_leading_label(text: str, label: str | None) -> None:
    assert leading_label(text) == label


def test_references_heading_variants_and_wrapped_entries() -> None:
    doc = read_text(
        "Some Drug\n\nBody text here.\n\nReferences:\n\n"
        "[1] Smith J. Title. Lancet. 2019.\n"
        "[2] Doe A. Another title,\n    Journal 2020.\n"
        "\nBack to top\n"
    )
    refs = _of(doc, ReferenceList)
    assert len(refs) == 1
    assert refs[0].heading == "References:"
    assert [(e.number, e.text) for e in refs[0].entries] == [
        (1, "Smith J. Title. Lancet. 2019."),
        (2, "Doe A. Another title, Journal 2020."),
    ]
    assert _paragraph_texts(doc)[-1] == "Back to top"


def test_trailing_numbered_citations_without_heading_are_references() -> None:
    doc = read_text(
        "Some Drug\n\nIntro sentence.\n\n"
        "1. Smith J, et al. Baclofen. Lancet. 2019;3:1-2.\n"
        "2. https://example.org/a\n"
        "3. Doe B. Pharmacology. 2011.\n"
    )
    assert not _of(doc, ListBlock)
    refs = _of(doc, ReferenceList)
    assert refs[0].heading is None and [e.number for e in refs[0].entries] == [1, 2, 3]


def test_trailing_numbered_steps_stay_a_list() -> None:
    doc = read_text("Some Drug\n\nSteps to take:\n\n1. Take a pill.\n2. Drink water.\n")
    assert not _of(doc, ReferenceList)
    assert [i.text for i in _of(doc, ListBlock)[0].items] == ["Take a pill.", "Drink water."]


def test_one_block_per_line_scrape() -> None:
    """innerText-style scrapes have no blank lines: each line is its own block."""
    doc = read_text(
        "Baclofen (oral route)\n"
        "US Brand Name\nFleqsuvy\nLyvispah\nOzobax\n"
        "Description\n"
        "Baclofen is used to help relax certain muscles in your body.\n"
        "This medicine is available only with your doctor's prescription.\n"
        "Side Effects\n"
        "Check with your doctor immediately if any of the following occur:\n"
        "More common\n• Confusion\n• constipation\n"
        "What is baclofen?\nIt is a muscle relaxant.\n"
    )
    assert _headings(doc) == [
        (1, "Baclofen (oral route)"),
        (2, "Description"),
        (2, "Side Effects"),
        (2, "More common"),
        (2, "What is baclofen?"),
    ]
    # A run of bare Title Case names is content, not a stack of headings.
    assert {"US Brand Name", "Fleqsuvy", "Lyvispah", "Ozobax"} <= set(_paragraph_texts(doc))


def test_title_only_when_short() -> None:
    doc = read_text(
        "This page begins with a sentence that is clearly prose and not a title.\n\nMore.\n"
    )
    assert doc.title is None
    assert not _of(doc, Heading)


def test_every_block_has_text() -> None:
    doc = read_text("  \n\n\tTitle\t\n\n\n•   \n- x\n\n")
    blocks: list[Block] = doc.blocks
    assert doc.title == "Title"
    for b in blocks:
        if isinstance(b, (Paragraph, Heading)):
            assert b.text.strip() == b.text and b.text
        if isinstance(b, ListBlock):
            assert all(isinstance(i, ListItem) and i.text for i in b.items)


def test_unwrapped_blocks_split_per_line_and_nest_under_numbering() -> None:
    """openFDA-style text: one paragraph per line, sub-headings between them, no blank lines."""
    long = "HUMIRA was studied in many patients with a range of conditions over several years. " * 2
    doc = read_text(
        "6 ADVERSE REACTIONS\n\n\n6.1 Clinical Trials Experience\n"
        f"{long}\nInfections\n{long}\nLiver Enzyme Elevations\n{long}\n"
        "See the section on warnings. What is HUMIRA?\n"
    )
    assert _headings(doc) == [
        (2, "6 ADVERSE REACTIONS"),
        (3, "6.1 Clinical Trials Experience"),
        (4, "Infections"),
        (4, "Liver Enzyme Elevations"),
    ]
    assert _paragraph_texts(doc) == [long.strip()] * 3 + [
        "See the section on warnings. What is HUMIRA?"
    ]


def test_short_question_after_a_sentence_starts_a_new_block() -> None:
    doc = read_text(
        "Some Drug\n\n"
        "This medicine is used for pain relief in adults and it is taken by mouth.\n"
        "What is it?\n"
    )
    assert _paragraph_texts(doc) == [
        "This medicine is used for pain relief in adults and it is taken by mouth.",
        "What is it?",
    ]


@pytest.mark.parametrize(
    ("group", "labels"),
    [("1", ["1"]), ("1, 3", ["1", "3"]), ("4–6", ["4", "5", "6"]), ("2-40", []), ("a", [])],
)
def test_expand_labels(group: str, labels: list[str]) -> None:
    assert expand_labels(group) == labels


# --- flattened drug-label text (openFDA-style): what is not a heading -----------------------

_PROSE = "Patients treated in the controlled studies reported these reactions over one year. " * 2


def test_flattened_table_cells_are_not_headings() -> None:
    doc = read_text(
        "6.1 Clinical Trials Experience\n"
        f"{_PROSE}\n\n"
        "Table 1. Adverse Reactions Reported by Patients\n\n\n \n"
        "DRUG 40 mg\nPlacebo\n\n\n \n(N=705)\n(N=690)\n\n\n"
        " Adverse Reaction (Preferred Term)\n \n \n\n\n"
        "  Respiratory\n\n \n \n\n\n"
        "     Upper respiratory infection\n17%\n13%\n\n\n"
        "     Sinusitis\n11%\n9%\n\n\n"
        "Gastrointestinal\n \n \n\n\n"
        "     Nausea\n9%\n8%\n\n\n"
        "Week 4\n \n\n\n     Clinical remission\n12%\n36%*\n\n\n"
        "Less Common Adverse Reactions\n"
        f"{_PROSE}\n"
    )
    assert _headings(doc) == [
        (3, "6.1 Clinical Trials Experience"),
        (4, "Less Common Adverse Reactions"),
    ]
    texts = _paragraph_texts(doc)
    for cell in ("Adverse Reaction (Preferred Term)", "Respiratory", "Gastrointestinal", "Week 4"):
        assert cell in texts


def test_table_run_keeps_a_heading_right_after_it() -> None:
    """The last short line of a run heads the prose below it, it is no cell."""
    doc = read_text(
        f"Results\n\n{_PROSE}\n\nPlacebo\nN=12\n13%\n9%\nRadiographic Response\n{_PROSE}\n"
    )
    assert _headings(doc) == [(1, "Results"), (2, "Radiographic Response")]


@pytest.mark.parametrize(
    "line",
    [
        "Figure A",
        "Table 2. ACR Responses in Studies RA-II and RA-III",
        "NDC 0074–9374–02",
        "HUMIRA/MTX N=268",
        "Treatment Difference (95% CI)",
        "For Use in Pediatric Patients 15 kg to < 30 kg",
        "The most serious adverse reactions include the following:",
    ],
)
def test_captions_codes_cells_and_lead_ins_are_not_headings(line: str) -> None:
    doc = read_text(f"Some Drug\n\n{_PROSE}\n\n{line}\n\n{_PROSE}\n")
    assert _headings(doc) == [(1, "Some Drug")]
    assert line in _paragraph_texts(doc)


def test_lead_in_with_colon_is_no_title_and_bodies_can_skip_the_title() -> None:
    lead = "The most serious adverse reactions described elsewhere include the following:"
    doc = read_text(f"{lead}\n\nSerious Infections [see Warnings (5.1)]\n")
    assert doc.title is None
    assert not _of(doc, Heading)
    body = read_text("Adverse Reactions\n\nMost were mild.\n", find_title=False)
    assert body.title is None
    assert _headings(body) == [(2, "Adverse Reactions")]


def test_labelled_lines_among_labelled_lines_are_entries() -> None:
    doc = read_text(
        "Less Common Reactions\n"
        f"{_PROSE}\n"
        "Endocrine System: Parathyroid disorder\n"
        "Neoplasia: Adenoma\n"
        "Nervous System: Confusion, paresthesia, tremor\n"
        "Special Senses: Cataract\n"
        "Thrombosis: Thrombosis leg\n"
        "Urogenital System: Cystitis, kidney calculus\n"
    )
    assert _headings(doc) == [(1, "Less Common Reactions")]
    labelled = [p.label for p in _of(doc, Paragraph) if p.label]
    assert "Neoplasia" in labelled and "Special Senses" in labelled


def test_counts_on_cartons_are_not_numbered_sections() -> None:
    doc = read_text(
        "Package Label\n\n"
        "2 Single-Use Pre-filled Syringes\nFor subcutaneous use only.\n\n"
        "2 Single-Use Prefilled Pens\nFor subcutaneous use only.\n\n"
        "1 HUMIRA Pen (See Figure A)\n"
    )
    assert _headings(doc) == [(1, "Package Label")]
    rising = read_text("Article\n\n1 Introduction\n\nText one.\n\n2 Methods\n\nText two.\n")
    assert _headings(rising)[1:] == [(2, "1 Introduction"), (2, "2 Methods")]


def test_medication_guide_questions_and_plain_headings_inside_blocks() -> None:
    """Flattened Medication Guides put a question heading on the line after a sentence."""
    doc = read_text(
        "See the section on side effects below for more details.\n"
        "What is DRUG?\n"
        "DRUG is a medicine called a blocker. DRUG is used:\n\n"
        "Keep DRUG and all medicines out of the reach of children.\n\n"
        "General information about DRUG\n"
        f"{_PROSE}\n",
        find_title=False,
    )
    assert _headings(doc) == [(2, "What is DRUG?"), (2, "General information about DRUG")]
    # A short sentence-case line that heads no prose stays text.
    frag = read_text("Intro text here.\n\nRx only abbvie\n\nNDC 0074-3797-01\n", find_title=False)
    assert not _of(frag, Heading)


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("1 INDICATIONS AND USAGE", True),
        ("5.1 Serious Infections", True),
        ("HUMIRA Pen Carton", True),
        ("Prefilled Syringe Carton – 40 mg", True),
        ("MEDICATION GUIDE", True),
        ("NDC 0074–9374–02", False),
        ("This leaflet has been approved by the U.S. Food and Drug Administration.", False),
        ("Uses:", False),
        ("Figure A", False),
        ("", False),
    ],
)
def test_is_heading_line(line: str, ok: bool) -> None:
    assert is_heading_line(line) is ok
