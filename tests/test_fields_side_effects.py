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


def terms(fields: Fields) -> list[tuple[str, str]]:
    return [(s.term, s.frequency) for s in fields.side_effects]


def test_prose_may_cause_names_effects_and_drops_the_population() -> None:
    sentence = (
        "This medicine may cause dizziness, drowsiness, vision problems, or clumsiness or "
        "unsteadiness in some people."
    )
    roots, fields = extract(
        Heading(2, "Precautions"),
        Paragraph(sentence + " Make sure you know how you react to this medicine."),
        Paragraph("It may cause skin necrosis or gangrene. Call your doctor right away."),
        Paragraph("Aspirin may cause Reye's syndrome in children under 16; do not give it."),
        Paragraph("It may increase your risk of kidney problems, including acute kidney injury."),
    )
    assert terms(fields) == [
        ("dizziness", "unspecified"),
        ("drowsiness", "unspecified"),
        ("vision problems", "unspecified"),
        ("clumsiness or unsteadiness", "unspecified"),
        ("skin necrosis", "serious"),  # a lone "A or B" after "may cause" names two
        ("gangrene", "serious"),
        ("Reye's syndrome", "unspecified"),
        ("acute kidney injury", "unspecified"),  # the category before "including" is no entry
    ]
    node = roots[0].children[0]
    last = fields.side_effects[3]
    assert node.text[last.evidence.start : last.evidence.end] == "clumsiness or unsteadiness"


def test_prose_subjects_examples_and_named_effects_behind_symptoms() -> None:
    _, fields = extract(
        Heading(2, "Mood alterations and depression"),
        Paragraph(
            "Mood alterations such as depressed mood, depression and, less frequently, suicidal "
            "thoughts have been reported. If you experience these, contact your doctor as soon "
            "as possible."
        ),
        Heading(2, "Precautions"),
        Paragraph(
            "Call your doctor right away if you have dark-colored urine or fever. These could be "
            "symptoms of a serious muscle problem called rhabdomyolysis, which can cause kidney "
            "problems."
        ),
        Paragraph("Calciphylaxis may occur in patients with kidney disease."),
        Paragraph("With monotherapy, patients may develop antibodies more frequently."),
    )
    assert terms(fields) == [
        ("Mood alterations", "serious"),
        ("depressed mood", "serious"),
        ("depression", "serious"),
        ("suicidal thoughts", "serious"),
        ("rhabdomyolysis", "serious"),  # the named effect, not its symptoms
        ("Calciphylaxis", "unspecified"),
    ]


def test_prose_about_withdrawal_pregnancy_or_other_things_is_no_side_effect() -> None:
    _, fields = extract(
        Heading(2, "Side Effects and Drug Interactions"),
        Paragraph("Abrupt discontinuation may cause seizures and hallucinations."),
        Paragraph(
            "Patients who suffer from bloody urine, painful urination, or rashes should contact "
            "their pharmacist or physician immediately."
        ),
        Heading(2, "Precautions"),
        Paragraph(
            "Using this medicine while you are pregnant may cause neonatal withdrawal syndrome "
            "in your newborn babies."
        ),
        Paragraph("Its actions on the CNS may also cause some of the medicine's side effects."),
        Paragraph("Along with its needed effects, a medicine may cause some unwanted effects."),
        Paragraph("Other side effects not listed may also occur in some patients."),
        Paragraph("These side effects usually go away if your dose is lowered or X is stopped."),
    )
    assert fields.side_effects == []


def test_enumerations_end_before_a_clause_and_lose_frequency_notes() -> None:
    roots, fields = extract(
        Heading(2, "Geriatric"),
        Paragraph(
            "Side effects such as hallucinations, confusion or mental depression, and severe "
            "drowsiness may be especially likely to occur in elderly patients."
        ),
        Heading(2, "Combination therapy"),
        Paragraph("Possible side effects of Drug X are listed below."),
        Heading(3, "Side effects with doxazosin"),
        Paragraph(
            "When used with doxazosin, higher incidence of asthenia (16.8%), dizziness (23.2%) "
            "and ejaculation disorders (14.1%) versus placebo."
        ),
        Heading(2, "Serious side effects"),
        items("Slowing of heart rate (may affect more than 1 in 10 people)", "Fainting (rare)"),
    )
    assert terms(fields) == [
        ("hallucinations", "unspecified"),
        ("confusion or mental depression", "unspecified"),
        ("severe drowsiness", "unspecified"),
        ("asthenia", "unspecified"),
        ("dizziness", "unspecified"),
        ("ejaculation disorders", "unspecified"),
        ("Slowing of heart rate", "serious"),
        ("Fainting", "serious"),
    ]
    node = roots[0].children[-1]
    first = fields.side_effects[-2]
    assert first.evidence.item == 0
    assert node.items[0][first.evidence.start : first.evidence.end] == "Slowing of heart rate"


def test_drug_facts_when_using_and_stop_use_items() -> None:
    roots, fields = extract(
        Heading(2, "Warnings"),
        Heading(3, "When using this product"),
        items(
            "do not exceed recommended dosage",
            "marked drowsiness may occur",
            "sedatives and tranquilizers may increase drowsiness",
            "excitability may occur, especially in children",
            "some people have experienced changes in hair color and/or texture",
            "it takes time to regrow hair. Results may occur at 2 months.",
        ),
        Heading(3, "Stop use and ask a doctor if"),
        items(
            "nervousness, dizziness or sleeplessness occurs",
            "symptoms do not improve within 7 days or occur with a fever",
            "your hands or feet swell",
            "you do not see hair regrowth in 4 months",
        ),
        Heading(2, "Other warnings"),
        Paragraph("Stop use and ask a doctor if irritation or rash develops."),
    )
    assert terms(fields) == [
        ("marked drowsiness", "unspecified"),
        ("excitability", "unspecified"),
        ("changes in hair color and/or texture", "unspecified"),
        ("nervousness, dizziness or sleeplessness", "serious"),
        ("your hands or feet swell", "serious"),
        ("irritation or rash", "serious"),
    ]
    stop_use = roots[0].children[0].children[1]
    effect = fields.side_effects[3]
    assert effect.evidence.section == stop_use.id
    assert stop_use.items[0][effect.evidence.start : effect.evidence.end] == effect.term
