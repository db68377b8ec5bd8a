"""Interactions: Mayo lead-in severities, leaflet items with classes, prose sentences,
alternatives, commerce, the main drug and de-duplication."""

from __future__ import annotations

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Marker, Paragraph
from ingest.fields import Fields, extract_fields
from ingest.fields.checks import evidence_problems
from ingest.fields.drugs import NameFinder
from ingest.sections import Cite, SectionNode, build_sections

FINDER = NameFinder(
    {
        "baclofen": "baclofen",
        "Lioresal": "baclofen",
        "isocarboxazid": "isocarboxazid",
        "alprazolam": "alprazolam",
        "buprenorphine": "buprenorphine",
        "tizanidine": "tizanidine",
        "warfarin": "warfarin",
        "heparin": "heparin",
        "clopidogrel": "clopidogrel",
        "ibuprofen": "ibuprofen",
        "gabapentin": "gabapentin",
        "clonazepam": "clonazepam",
        "alcohol": "alcohol",
    },
    classes={"NSAIDs": "nsaids", "blood-thinning agents": "anticoagulants"},
)


def extract(*blocks: Block) -> tuple[list[SectionNode], Fields]:
    roots = build_sections(Document(format="html", blocks=[Heading(1, "Baclofen"), *blocks]))
    for node in roots[0].walk():
        for part in node.parts:
            part.cites = [Cite(m.offset, int(m.label), True) for m in part.markers]
    fields = extract_fields(roots, FINDER, "baclofen")
    assert evidence_problems(roots, fields) == []
    return roots, fields


def pairs(fields: Fields) -> list[tuple[str, str]]:
    return [(i.drug, i.severity) for i in fields.interactions]


def test_mayo_lists_take_severity_from_their_lead_in() -> None:
    _, fields = extract(
        Heading(2, "Before Using"),
        Heading(3, "Drug Interactions"),
        Paragraph(
            "Although certain medicines should not be used together at all, in other cases two "
            "different medicines may be used together even if an interaction might occur."
        ),
        Paragraph(
            "Using this medicine with any of the following medicines is not recommended. Your "
            "doctor may decide not to treat you with this medication."
        ),
        ListBlock([ListItem("Isocarboxazid")]),
        Paragraph(
            "Using this medicine with any of the following medicines is usually not recommended, "
            "but may be required in some cases."
        ),
        ListBlock([ListItem("Alprazolam"), ListItem("Buprenorphine"), ListItem("Cannabis")]),
        Paragraph(
            "Using this medicine with any of the following medicines may cause an increased risk "
            "of certain side effects, but using both drugs may be the best treatment for you."
        ),
        ListBlock([ListItem("Tizanidine")]),
    )
    assert pairs(fields) == [
        ("isocarboxazid", "major"),
        ("alprazolam", "moderate"),
        ("buprenorphine", "moderate"),
        ("tizanidine", "minor"),
    ]
    assert fields.interactions[0].text == "Isocarboxazid"
    assert fields.interactions[0].evidence.item == 0
    # the lead-in sentences are context, not warnings
    assert fields.warnings == []


def test_leaflet_items_give_one_interaction_per_named_drug_not_per_class() -> None:
    lead = "Tell your doctor or pharmacist if you are taking any other medicines, especially:"
    roots, fields = extract(
        Heading(2, "Other medicines and Baclofen tablets"),
        Paragraph(lead, markers=[Marker(len(lead) - 1, "7")]),
        ListBlock(
            [
                ListItem("Blood-thinning agents (e.g. warfarin, heparin, clopidogrel)."),
                ListItem("Other NSAIDs (e.g. ibuprofen)."),
                ListItem("Lioresal from another pharmacy."),
            ]
        ),
    )
    assert pairs(fields) == [
        ("warfarin", "unspecified"),
        ("heparin", "unspecified"),
        ("clopidogrel", "unspecified"),
        ("ibuprofen", "unspecified"),
    ]
    node = roots[0].children[0]
    heparin = fields.interactions[1]
    assert heparin.evidence.item == 0
    assert node.items[0][heparin.evidence.start : heparin.evidence.end] == "heparin"
    assert heparin.text == "Blood-thinning agents (e.g. warfarin, heparin, clopidogrel)."
    assert heparin.citations == [7]


def test_prose_interactions_and_what_is_not_one() -> None:
    roots, fields = extract(
        Heading(2, "Side Effects and Drug Interactions"),
        Paragraph(
            "Medications known to have moderate interactions with baclofen include alprazolam and "
            "warfarin. Do not take baclofen together with tizanidine. Older patients look to "
            "gabapentin for spasticity treatment."
        ),
        Heading(2, "Research"),
        Paragraph("Baclofen is superior to gabapentin and clonazepam in recent studies."),
        Heading(2, "Buy Baclofen"),
        Paragraph("Baclofen interacts with ibuprofen; order both today."),
    )
    assert pairs(fields) == [
        ("alprazolam", "moderate"),
        ("warfarin", "moderate"),
        ("tizanidine", "major"),
    ]
    node = roots[0].children[0]
    warfarin = fields.interactions[1]
    assert warfarin.evidence.item is None
    assert node.text[warfarin.evidence.start : warfarin.evidence.end] == "warfarin"
    assert warfarin.text.startswith("Medications known to have moderate interactions")


def test_every_drug_sentence_of_an_interactions_section_counts() -> None:
    sentence = "Warfarin levels may rise when taken with this medicine."
    _, fields = extract(
        Heading(2, "Drug interactions"),
        Paragraph(f"{sentence} Baclofen is well absorbed.", markers=[Marker(len(sentence), "3")]),
    )
    assert pairs(fields) == [("warfarin", "unspecified")]
    assert fields.interactions[0].citations == [3]


def test_interaction_items_outside_interaction_sections_need_a_cue() -> None:
    _, fields = extract(
        Heading(2, "People with diabetes"),
        ListBlock(
            [
                ListItem("Do not use baclofen in combination with warfarin."),
                ListItem("Heparin is given in hospital."),
            ]
        ),
    )
    assert pairs(fields) == [("warfarin", "major")]


def test_duplicates_keep_the_first_mention_unless_a_later_one_states_severity() -> None:
    _, fields = extract(
        Heading(2, "Interactions"),
        Paragraph("Tell your doctor if you take any of these medicines:"),
        ListBlock([ListItem("Warfarin"), ListItem("Heparin")]),
        Paragraph("Warfarin has a major interaction with baclofen. Heparin is also listed."),
    )
    assert pairs(fields) == [("heparin", "unspecified"), ("warfarin", "major")]
    assert fields.interactions[1].evidence.item is None  # the sentence that states it
