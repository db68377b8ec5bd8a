"""Side effects from Mayo-style, leaflet and label layouts: frequency groups, lead-ins,
advice bullets, inline enumerations, citations and evidence offsets."""

from __future__ import annotations

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Marker, Paragraph
from ingest.fields import Fields, extract_fields
from ingest.fields.checks import evidence_problems
from ingest.fields.drugs import NameFinder
from ingest.sections import Cite, SectionNode, build_sections

FINDER = NameFinder({"warfarin": "warfarin", "aspirin": "aspirin"})


def extract(*blocks: Block) -> tuple[list[SectionNode], Fields]:
    roots = build_sections(Document(format="html", blocks=[Heading(1, "Drug X"), *blocks]))
    for node in roots[0].walk():
        for part in node.parts:
            part.cites = [Cite(m.offset, int(m.label), True) for m in part.markers]
    fields = extract_fields(roots, FINDER, "drugx")
    assert evidence_problems(roots, fields) == []
    return roots, fields


def items(*texts: str, depth: int = 0) -> ListBlock:
    return ListBlock([ListItem(text, depth=depth) for text in texts])


def by_term(fields: Fields) -> dict[str, tuple[str, str | None]]:
    return {s.term: (s.frequency, s.group) for s in fields.side_effects}


def test_mayo_groups_take_frequency_from_heading_and_governing_lead_in() -> None:
    _, fields = extract(
        Heading(2, "Side Effects"),
        Paragraph("Along with its needed effects, a medicine may cause some unwanted effects."),
        Paragraph("Check with your doctor immediately if any of the following side effects occur:"),
        Heading(3, "Less common or rare"),
        items("Bloody or dark urine", "chest pain"),
        Paragraph(
            "Get emergency help immediately if any of the following symptoms of overdose occur:"
        ),
        Heading(3, "Symptoms of overdose"),
        items("Blurred vision", "irregular breathing"),
        Paragraph(
            "Some side effects may occur that usually do not need medical attention. Check with "
            "your health care professional if any of the following side effects continue or are "
            "bothersome:"
        ),
        Heading(3, "More common"),
        items("Confusion", "constipation"),
        Heading(3, "Less common or rare"),
        items("Diarrhea", "stuffy nose"),
    )
    assert by_term(fields) == {
        "Bloody or dark urine": ("serious", "Less common or rare"),
        "chest pain": ("serious", "Less common or rare"),
        "Confusion": ("common", "More common"),
        "constipation": ("common", "More common"),
        "Diarrhea": ("unspecified", "Less common or rare"),
        "stuffy nose": ("unspecified", "Less common or rare"),
    }
    # overdose symptoms are neither side effects nor warnings
    assert not [w for w in fields.warnings if "Blurred" in w.text]


def test_serious_lead_in_wins_over_a_common_band() -> None:
    _, fields = extract(
        Heading(2, "Side Effects"),
        Paragraph("Check with your doctor immediately if any of the following side effects occur:"),
        Heading(3, "More common"),
        items("Fever"),
    )
    assert by_term(fields) == {"Fever": ("serious", "More common")}


def test_leaflet_bold_labels_and_nested_band_headings() -> None:
    _, fields = extract(
        Heading(2, "4. Possible side effects"),
        Paragraph("Like all medicines, this medicine can cause side effects."),
        Paragraph(
            "Stop taking and tell your doctor immediately if you experience:",
            label="Stop taking and tell your doctor immediately if you experience",
        ),
        items("Sudden wheezing, swelling of lips, face or throat (severe allergic reaction)."),
        Heading(3, "Serious side effects"),
        Heading(4, "Common: may affect up to 1 in 10 people"),
        items(
            "Inflamed pancreas (acute pancreatitis). You should see your doctor immediately if "
            "you experience such symptoms."
        ),
        Heading(3, "Other side effects"),
        Paragraph("Very common (may affect more than 1 in 10 people)"),
        items("Headache", "Feeling sick (nausea)"),
        Paragraph("Uncommon: may affect up to 1 in 100 people"),
        items("Hives"),
    )
    assert by_term(fields) == {
        "Sudden wheezing, swelling of lips, face or throat (severe allergic reaction)": (
            "serious",
            None,
        ),
        "Inflamed pancreas (acute pancreatitis)": (
            "serious",
            "Common: may affect up to 1 in 10 people",
        ),
        "Headache": ("common", "Very common (may affect more than 1 in 10 people)"),
        "Feeling sick (nausea)": ("common", "Very common (may affect more than 1 in 10 people)"),
        "Hives": ("unspecified", "Uncommon: may affect up to 1 in 100 people"),
    }


def test_a_paragraph_after_an_earlier_group_is_not_a_lead_in() -> None:
    # The note under "Common" talks about other medicines; it does not introduce "Rare".
    _, fields = extract(
        Heading(2, "Side effects"),
        Heading(3, "Common"),
        items("Low blood sugar"),
        Paragraph("Low blood sugar is more likely if you also take these medicines with insulin."),
        Heading(3, "Rare"),
        items("Fast heartbeat"),
    )
    assert by_term(fields) == {
        "Low blood sugar": ("common", "Common"),
        "Fast heartbeat": ("unspecified", "Rare"),
    }


def test_advice_bullets_are_not_side_effects() -> None:
    _, fields = extract(
        Heading(2, "Side effects"),
        Paragraph("Common side effects include:"),
        ListBlock(
            [
                ListItem("Nausea"),
                ListItem("Take it with food", depth=1),
                ListItem("Headache"),
                ListItem("Drink plenty of water", depth=1),
                ListItem("Rest and drink fluids"),
                ListItem("Allergic reactions:"),
                ListItem("swelling of the face", depth=1),
                ListItem("Avoid alcohol", depth=1),
            ]
        ),
    )
    assert [s.term for s in fields.side_effects] == [
        "Nausea",
        "Headache",
        "Allergic reactions",
        "swelling of the face",
    ]
    assert {s.frequency for s in fields.side_effects} == {"common"}


def test_lists_after_advice_or_interaction_lead_ins_are_not_side_effects() -> None:
    _, fields = extract(
        Heading(2, "Side effects"),
        Paragraph("Tips to help with nausea:"),
        items("Small, frequent meals", "Ginger biscuits"),
        Paragraph("Tell your doctor if you are taking any of the following medicines:"),
        items("Warfarin"),
        Heading(2, "Buy now"),
        Paragraph("Common side effects include:"),
        items("Nausea"),
    )
    assert fields.side_effects == []
    assert [i.drug for i in fields.interactions] == ["warfarin"]


def test_inline_enumerations_in_prose() -> None:
    sentence = "The most common side effects of Drug X include nausea, headache, and dizziness."
    roots, fields = extract(
        Heading(2, "Adverse reactions"),
        Paragraph(sentence, markers=[Marker(len(sentence), "4")]),
        Paragraph("Serious adverse reactions include hepatotoxicity, seizures and anaphylaxis."),
        Paragraph("Common: dry mouth, fatigue."),
        Paragraph("Side effects may include:"),
        items("Rash"),
    )
    assert [(s.term, s.frequency, s.group) for s in fields.side_effects] == [
        ("nausea", "common", None),
        ("headache", "common", None),
        ("dizziness", "common", None),
        ("hepatotoxicity", "serious", None),
        ("seizures", "serious", None),
        ("anaphylaxis", "serious", None),
        ("dry mouth", "common", "Common"),
        ("fatigue", "common", "Common"),
        ("Rash", "unspecified", None),
    ]
    node = roots[0].children[0]
    nausea = fields.side_effects[0]
    assert nausea.evidence.item is None
    assert node.text[nausea.evidence.start : nausea.evidence.end] == "nausea"
    assert nausea.citations == [4]
    assert fields.side_effects[3].citations == []


def test_item_citations_combine_item_and_lead_in() -> None:
    lead = "Common side effects include:"
    _, fields = extract(
        Heading(2, "Side effects"),
        Paragraph(lead, markers=[Marker(lead.index(":"), "2")]),
        ListBlock(
            [
                ListItem("Nausea", markers=[Marker(6, "5")]),
                ListItem("Headache"),
            ]
        ),
    )
    assert [(s.term, s.citations) for s in fields.side_effects] == [
        ("Nausea", [2, 5]),
        ("Headache", [2]),
    ]


def test_long_items_keep_their_first_sentence_and_drop_cross_references() -> None:
    roots, fields = extract(
        Heading(2, "Adverse reactions"),
        Paragraph("The following serious adverse reactions are described elsewhere:"),
        items(
            "Serious Infections [see Warnings and Precautions (5.1)]",
            "Bowel obstruction. A severe form of constipation.",
        ),
    )
    assert [s.term for s in fields.side_effects] == ["Serious Infections", "Bowel obstruction"]
    node = roots[0].children[0]
    second = fields.side_effects[1]
    assert node.items[1][second.evidence.start : second.evidence.end] == "Bowel obstruction"


def test_duplicates_are_dropped_in_page_order() -> None:
    _, fields = extract(
        Heading(2, "Side effects"),
        Paragraph("Common side effects include:"),
        items("Nausea", "nausea", "Headache"),
    )
    assert [s.term for s in fields.side_effects] == ["Nausea", "Headache"]


def test_a_serious_sibling_heading_does_not_govern_later_groups() -> None:
    _, fields = extract(
        Heading(2, "4. Possible side effects"),
        Heading(3, "Stop using and contact your doctor immediately if you experience:"),
        items("Swelling of face, tongue or throat"),
        Heading(3, "Common (may affect up to 1 in 10 people):"),
        items("Impotence"),
        Heading(3, "Uncommon (may affect up to 1 in 100 people):"),
        items("Rash"),
    )
    assert by_term(fields) == {
        "Swelling of face, tongue or throat": ("serious", None),
        "Impotence": ("common", "Common (may affect up to 1 in 10 people)"),
        "Rash": ("unspecified", "Uncommon (may affect up to 1 in 100 people)"),
    }
