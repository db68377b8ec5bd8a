"""Indications and the statement families (limitations, contraindications, warnings)."""

from __future__ import annotations

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph
from ingest.fields import Fields, extract_fields
from ingest.fields.checks import evidence_problems
from ingest.fields.drugs import NameFinder
from ingest.sections import SectionNode, build_sections

FINDER = NameFinder({"methotrexate": "methotrexate"})


def extract(*blocks: Block, main: str = "drugx") -> tuple[list[SectionNode], Fields]:
    roots = build_sections(Document(format="html", blocks=[Heading(1, "Drug X"), *blocks]))
    fields = extract_fields(roots, FINDER, main)
    assert evidence_problems(roots, fields) == []
    return roots, fields


def conditions(fields: Fields) -> list[str]:
    return [i.condition for i in fields.indications]


def test_labelled_paragraphs_name_conditions_and_skip_other_labels() -> None:
    _, fields = extract(
        Heading(2, "Approved Uses"),
        Paragraph("Weight management: Drug X helps adults lose weight.", label="Weight management"),
        Paragraph("Note: Drug X is not a cure.", label="Note"),
        Paragraph(
            "Do not use Drug X if you are: pregnant or allergic to it.",
            label="Do not use Drug X if you are",
        ),
    )
    assert conditions(fields) == ["Weight management"]
    assert fields.indications[0].text == "Drug X helps adults lose weight."


def test_use_sentences_give_short_conditions() -> None:
    _, fields = extract(
        Heading(2, "Indications and Usage"),
        Paragraph(
            "Drug X is indicated for the treatment of primary hyperlipidemia in adults, as an "
            "adjunct to diet. Drug X is FDA-approved to treat reversible spasticity in patients "
            "with multiple sclerosis. It is also used to treat occasional constipation on a "
            "short-term basis. Drug X is indicated for reducing signs and symptoms in adult "
            "patients with moderately to severely active rheumatoid arthritis. This medicine may "
            "be prescribed for other uses."
        ),
    )
    assert conditions(fields) == [
        "primary hyperlipidemia",
        "reversible spasticity",
        "occasional constipation",
        "moderately to severely active rheumatoid arthritis",
    ]
    assert fields.indications[1].text == (
        "Drug X is FDA-approved to treat reversible spasticity in patients with multiple sclerosis."
    )


def test_conditions_keep_inner_asides_and_drop_trailing_ones() -> None:
    _, fields = extract(
        Heading(2, "What Drug X is used for"),
        Paragraph(
            "Drug X is used in the treatment and control of benign (non-cancerous) enlargement "
            "of the prostate (benign prostatic hyperplasia). It is also used to prevent and treat "
            "plague (a serious infection, rarely seen."
        ),
    )
    assert conditions(fields) == ["benign (non-cancerous) enlargement of the prostate", "plague"]


def test_list_items_in_a_uses_section() -> None:
    _roots, fields = extract(
        Heading(2, "Uses"),
        Paragraph("Drug X is used for:"),
        ListBlock(
            [
                ListItem("Mild to moderate pain"),
                ListItem("For the treatment of rheumatoid arthritis."),
                ListItem("Used to help relax stiff muscles"),
                ListItem("Drug X belongs to a group of medicines called antiplatelet agents."),
            ]
        ),
    )
    assert conditions(fields) == [
        "Mild to moderate pain",
        "rheumatoid arthritis",
        "relax stiff muscles",
    ]
    second = fields.indications[1]
    assert second.evidence.item == 1
    assert second.text == "For the treatment of rheumatoid arthritis."


def test_spl_subsections_name_the_condition_and_limitations_of_use() -> None:
    _, fields = extract(
        Heading(2, "1 INDICATIONS AND USAGE"),
        Heading(3, "1.1 Rheumatoid Arthritis"),
        Paragraph(
            "Drug X is a TNF blocker. Drug X is indicated for reducing signs and symptoms in "
            "adult patients with moderately to severely active rheumatoid arthritis. Drug X can "
            "be used alone or in combination with methotrexate."
        ),
        Heading(3, "1.2 Plaque Psoriasis"),
        Paragraph("Drug X is indicated for the treatment of adults with chronic plaque psoriasis."),
        Heading(3, "Limitations of Use"),
        Paragraph("Drug X has not been studied in Fredrickson Types I and V dyslipidemias."),
    )
    assert conditions(fields) == ["Rheumatoid Arthritis", "Plaque Psoriasis"]
    assert fields.indications[0].text.startswith("Drug X is indicated for reducing")
    assert [s.text for s in fields.limitations] == [
        "Drug X has not been studied in Fredrickson Types I and V dyslipidemias."
    ]
    assert fields.interactions == []  # "in combination with" a co-therapy is no interaction


def test_overview_is_only_a_fallback() -> None:
    _, with_section = extract(
        Heading(2, "Description"),
        Paragraph("Drug X is used to treat high blood sugar levels that are caused by diabetes."),
        Heading(2, "Uses"),
        Paragraph("Drug X is used to treat type 2 diabetes."),
    )
    assert conditions(with_section) == ["type 2 diabetes"]
    _, without = extract(
        Heading(2, "Description"),
        Paragraph("Metformin is used to treat high blood sugar levels caused by diabetes."),
        Paragraph("Aspirin is used to treat pain."),  # another drug's use is not this one's
        main="metformin",
    )
    assert conditions(without) == ["high blood sugar levels caused by diabetes"]


def test_statement_families_one_per_sentence() -> None:
    _, fields = extract(
        Heading(2, "Important Information"),
        Paragraph(
            "Drug X is not recommended for use in children; do not take it if you are allergic. "
            "Do not take Drug X if you have kidney disease and tell your doctor if you are "
            "pregnant. Drug X should not be stopped suddenly. Patients with asthma may be at "
            "increased risk of bronchospasm. Avoid alcohol."
        ),
    )
    assert [s.text for s in fields.limitations] == [
        "Drug X is not recommended for use in children; do not take it if you are allergic."
    ]
    assert [s.text for s in fields.contraindications] == [
        "Do not take Drug X if you have kidney disease and tell your doctor if you are pregnant."
    ]
    assert [s.text for s in fields.warnings] == [
        "Drug X should not be stopped suddenly.",
        "Patients with asthma may be at increased risk of bronchospasm.",
    ]  # "Avoid alcohol." is a warning only under a warnings heading


def test_weak_cues_count_under_warnings_headings_and_commerce_never_counts() -> None:
    _, fields = extract(
        Heading(2, "Precautions"),
        Paragraph("Avoid alcohol while taking this medicine. Store at room temperature."),
        Heading(2, "Dosage"),
        Paragraph("Avoid taking two doses together."),
        Heading(2, "Order now"),
        Paragraph(
            "Do not stop taking Drug X suddenly. Patients who are allergic should not use it."
        ),
    )
    assert [s.text for s in fields.warnings] == ["Avoid alcohol while taking this medicine."]
    assert fields.contraindications == []


def test_lists_under_contraindication_and_warning_lead_ins() -> None:
    roots, fields = extract(
        Heading(2, "2. What you need to know before you take Drug X"),
        Paragraph("Do not take Drug X tablets if you:", label="Do not take Drug X tablets if you"),
        ListBlock([ListItem("Are allergic to aspirin."), ListItem("Have gout.")]),
        Heading(3, "Warnings and precautions"),
        Paragraph("Talk to your doctor or pharmacist before taking Drug X if you:"),
        ListBlock([ListItem("Are asthmatic."), ListItem("Are elderly.")]),
        Heading(2, "How to use the pen"),
        Paragraph("Do not use the pen if:"),
        ListBlock([ListItem("the seal is broken.")]),
        Heading(2, "Drug X 75 mg tablets"),
        Paragraph("Read all of this leaflet carefully before you start taking this medicine."),
        ListBlock([ListItem("Keep this leaflet. You may need to read it again.")]),
    )
    assert [s.text for s in fields.contraindications] == ["Are allergic to aspirin.", "Have gout."]
    assert [s.text for s in fields.warnings] == ["Are asthmatic.", "Are elderly."]
    first = fields.contraindications[0]
    node = next(n for n in roots[0].walk() if n.id == first.evidence.section)
    assert first.evidence.item == 0
    assert node.items[0][first.evidence.start : first.evidence.end] == "Are allergic to aspirin."


def test_a_bare_do_not_take_label_introduces_contraindications() -> None:
    _, fields = extract(
        Heading(2, "2. What you need to know before you take Drug X"),
        Paragraph("Do not take Drug X:", label="Do not take Drug X"),
        ListBlock([ListItem("if you are breast-feeding."), ListItem("if you have liver disease.")]),
    )
    assert [s.text for s in fields.contraindications] == [
        "if you are breast-feeding.",
        "if you have liver disease.",
    ]
    assert fields.warnings == []


def test_boxed_warning_sentences_are_all_warnings() -> None:
    _, fields = extract(
        Heading(2, "WARNING: SERIOUS INFECTIONS"),
        Paragraph("Serious infections have occurred. Test patients for tuberculosis first."),
    )
    assert [s.text for s in fields.warnings] == [
        "Serious infections have occurred.",
        "Test patients for tuberculosis first.",
    ]


def test_diseases_behind_a_relieved_symptom_outrank_the_verb_phrase() -> None:
    _, fields = extract(
        Heading(2, "Description"),
        Paragraph(
            "Drug X is used to help relax certain muscles in your body. It relieves the spasms, "
            "cramping, and tightness of muscles caused by medical problems, including multiple "
            "sclerosis or certain injuries to the spine. It may also be used to relieve other "
            "conditions as determined by your doctor."
        ),
    )
    assert conditions(fields) == ["multiple sclerosis", "certain injuries to the spine"]


def test_enumerated_uses_are_one_condition_each() -> None:
    _, fields = extract(
        Heading(2, "Description"),
        Paragraph(
            "Drug X is a medication used to reduce pain, fever, or inflammation. Specific "
            "inflammatory conditions which Drug X is used to treat include Kawasaki disease, "
            "pericarditis, and rheumatic fever."
        ),
        main="drug x",
    )
    assert conditions(fields) == [
        "pain",
        "fever",
        "inflammation",
        "Kawasaki disease",
        "pericarditis",
        "rheumatic fever",
    ]
    _, fields = extract(
        Heading(2, "Description"),
        Paragraph(
            "Drug X is used to prevent or treat blood clots, including deep venous thrombosis "
            "or pulmonary embolism. This medicine may help prevent medical problems (eg, chest "
            "pain, heart attack, or stroke) that are caused by fats clogging the blood vessels. "
            "It is also used to manage a condition called postherpetic neuralgia."
        ),
        main="drug x",
    )
    assert conditions(fields) == [
        "blood clots",
        "deep venous thrombosis",
        "pulmonary embolism",
        "chest pain, heart attack, or stroke",  # a vague head gives way to its examples
        "postherpetic neuralgia",
    ]


def test_drug_facts_uses_and_leaflet_purposes() -> None:
    _, fields = extract(
        Heading(2, "Uses"),
        ListBlock(
            [
                ListItem("temporarily relieves"),
                ListItem("runny nose", depth=1),
                ListItem(
                    "cough due to minor throat and bronchial irritation as may occur with a cold",
                    depth=1,
                ),
            ]
        ),
        Heading(2, "Use"),
        Paragraph("helps prevent sunburn"),
        Paragraph("to regrow hair on the top of the scalp (vertex only, see pictures on carton)"),
    )
    assert conditions(fields) == [
        "runny nose",
        "cough due to minor throat and bronchial irritation",
        "sunburn",
        "regrow hair on the top of the scalp",
    ]
    _, fields = extract(
        Heading(2, "What Drug X is and what it is used for"),
        ListBlock(
            [
                ListItem(
                    "Drug X is used to prevent blood clots forming following a heart attack or "
                    "to help prevent heart attacks and strokes in patients who have had them. "
                    "It may have been prescribed for you if you have recently had by-pass surgery."
                )
            ]
        ),
        Paragraph(
            "It reduces the risk of you developing a sudden inability to pass urine (acute "
            "urinary retention) and the need for surgery. It is used in combination with other "
            "medicines suitable for this condition (such as diuretics and heart glycosides)."
        ),
    )
    assert conditions(fields) == [
        "blood clots forming",
        "heart attacks and strokes",
        "by-pass surgery",
        "sudden inability to pass urine",
    ]
    assert {i.evidence.item for i in fields.indications[:3]} == {0}


def test_dosing_populations_named_by_condition() -> None:
    _, fields = extract(
        Heading(2, "Description"),
        Paragraph("Drug X is used to lower cholesterol levels in the blood."),
        Heading(2, "Dosing"),
        ListBlock(
            [
                ListItem(
                    "For high cholesterol: Adults—At first, 10 mg once a day. Children 10 years "
                    "of age and older with heterozygous familial hypercholesterolemia (HeFH)—At "
                    "first, 10 mg."
                ),
                ListItem("Adults with kidney disease—The dose is usually lower."),
            ]
        ),
        main="drug x",
    )
    assert conditions(fields) == [
        "lower cholesterol levels in the blood",
        "heterozygous familial hypercholesterolemia (HeFH)",
    ]
    dosing = fields.indications[1]
    assert dosing.text.startswith("Children 10 years") and dosing.evidence.item == 0
