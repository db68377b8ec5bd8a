"""Field extraction on the seed page (baclofen-pna.txt), blocks built by hand from its text."""

from __future__ import annotations

import pytest

from ingest.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Marker,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
)
from ingest.fields import Fields, extract_fields
from ingest.fields.checks import evidence_problems
from ingest.fields.drugs import NameFinder
from ingest.sections import Cite, SectionNode, build_sections

FINDER = NameFinder(
    {
        name: name
        for name in (
            "baclofen",
            "acetaminophen",
            "buprenorphine",
            "propoxyphene",
            "sodium oxybate",
            "naloxone",
            "gabapentin",
            "clonazepam",
        )
    }
)

MS = (
    "Multiple Sclerosis: Patients with MS suffer from an immune system that attacks the myelin "
    "sheath covering nerve fibers. MS-based spasticity causes muscles to remain in a contracted "
    "state by disrupting communications between nerve cells that would allow the muscles to "
    "relax. Baclofen is the first-line treatment and works by reducing the number of "
    "communications that contract muscles in the first place."
)
LEAD_IN = "Common side effects in patients taking baclofen include:"
AT_RISK = (
    "Patients who are allergic to baclofen should not take this medication. Patients suffering "
    "from renal dysfunction, autonomic dysreflexia, psychoses, or seizure disorders may be at "
    "risk for severe side effects from this drug."
)
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
INTERACTION = (
    "Medications known to have major interactions with baclofen include acetaminophen, "
    "buprenorphine, propoxyphene, sodium oxybate, and naloxone."
)


def marker_after(text: str, anchor: str, label: str) -> Marker:
    """A footnote marker right after `anchor` (as the reader leaves it: removed)."""
    return Marker(text.index(anchor) + len(anchor), label)


def seed_document() -> Document:
    blocks: list[Block] = [
        Heading(1, "API: Baclofen"),
        Heading(2, "What Is Baclofen and How Does It Work?"),
        Paragraph(
            "Baclofen is a central nervous system depressant that is commonly used as a skeletal "
            "muscle relaxant and antispasmodic. The drug works by inactivating reflexes at the "
            "spinal level, thereby blocking the release of excitatory neurotransmitters. "
            "Baclofen, chemically described as 4-amino-3-(-4-chlorophenyl)-butanoic acid, is "
            "FDA-approved to treat reversible spasticity in patients with spinal cord disease or "
            "multiple sclerosis(MS), and may also relieve muscle pain and stiffness."
        ),
        Paragraph("For more information, including a MSDS sheet, please see PNA’s Baclofen page."),
        Heading(2, "Approved Indications"),
        Paragraph(MS, markers=[marker_after(MS, "to relax.", "1")], label="Multiple Sclerosis"),
        Paragraph(
            "Spinal Cord Spasticity: Baclofen can similarly treat spasticity of spinal cord "
            "origin, whether the symptoms derive from disease or injury.",
            label="Spinal Cord Spasticity",
        ),
        Paragraph(
            "Important Information: Note that baclofen is NOT indicated for treating skeletal "
            "muscle spasms that originate from rheumatic disorders.",
            label="Important Information",
        ),
        Heading(2, "Side Effects and Drug Interactions"),
        Paragraph(LEAD_IN, markers=[marker_after(LEAD_IN, "include", "2")]),
        ListBlock([ListItem(term) for term in SIDE_EFFECTS]),
        Paragraph(
            "Baclofen should not be discontinued without medical advice. Abrupt discontinuation "
            "may cause seizures and hallucinations, as well as high fever, returning spasticity "
            "and muscle stiffness, and rhabdomyolysis."
        ),
        Paragraph(
            "Patients who suffer from bloody urine, painful urination, trouble maintaining an "
            "erection, rashes, or irritation in the stomach or bowels should contact their "
            "pharmacist or physician immediately."
        ),
        Paragraph(AT_RISK, markers=[Marker(len(AT_RISK), "3")]),
        Paragraph(INTERACTION),
        Heading(2, "Latest News and Research"),
        Paragraph(
            "For many years, baclofen has been the number one treatment for muscle spasticity in "
            "MS patients. However, the muscle weakness caused by baclofen treatment has caused "
            "older patients who need walkers and canes to look to gabapentin for spasticity "
            "treatment."
        ),
        Paragraph(
            "New studies show that not only is baclofen a superior treatment to gabapentin and "
            "more recently, clonazepam, but baclofen treatment via intrathecal pump is a "
            "particularly powerful alternative."
        ),
        Paragraph(
            "Baclofen may be used to treat alcohol dependence in adults, although this treatment "
            "is the subject of much controversy due to the high levels of drug needed."
        ),
        Heading(2, "Buying Guide"),
        Paragraph(
            "PNA is a recommended bulk supplier of Baclofen and other APIs. You can learn more "
            "about Baclofen here."
        ),
        Paragraph("Order now by filling out the form to your right or call us at 877.328.2592."),
        ReferenceList(
            [
                ReferenceEntry(
                    1, "“Baclofen,” February 8, 2013, https://www.mstrust.org.uk/a-z/baclofen"
                ),
                ReferenceEntry(2, "“Baclofen Side Effects Center,” April 17, 2015"),
                ReferenceEntry(3, "“Baclofen Drug Interactions,” December 1, 2015"),
            ],
            heading="Show 7 footnotes",
        ),
    ]
    return Document(format="text", blocks=blocks, title="API: Baclofen")


def cite_markers(roots: list[SectionNode]) -> None:
    """What the linking step does: every numeric marker becomes a resolved cite."""
    for root in roots:
        for node in root.walk():
            for part in node.parts:
                part.cites = [Cite(m.offset, int(m.label), True) for m in part.markers]


@pytest.fixture(scope="module")
def seed() -> tuple[list[SectionNode], Fields]:
    roots = build_sections(seed_document())
    cite_markers(roots)
    return roots, extract_fields(roots, FINDER, "baclofen")


def test_seed_side_effects_are_the_eight_listed(seed: tuple[list[SectionNode], Fields]) -> None:
    _roots, fields = seed
    assert [s.term for s in fields.side_effects] == SIDE_EFFECTS
    for index, effect in enumerate(fields.side_effects):
        assert effect.frequency == "common"
        assert effect.citations == [2]  # from "include2:" before the list
        assert effect.group is None
        assert effect.evidence.section == "side-effects-and-drug-interactions"
        assert effect.evidence.item == index
        assert (effect.evidence.start, effect.evidence.end) == (0, len(effect.term))


def test_seed_indications_come_from_the_labels(seed: tuple[list[SectionNode], Fields]) -> None:
    _roots, fields = seed
    assert [i.condition for i in fields.indications] == [
        "Multiple Sclerosis",
        "Spinal Cord Spasticity",
    ]
    ms = fields.indications[0]
    assert ms.text.startswith("Patients with MS suffer")
    assert ms.citations == [1]
    assert ms.evidence.section == "approved-indications"
    assert fields.indications[1].citations == []


def test_seed_statements(seed: tuple[list[SectionNode], Fields]) -> None:
    _, fields = seed
    assert [s.text for s in fields.limitations] == [
        "Note that baclofen is NOT indicated for treating skeletal muscle spasms that "
        "originate from rheumatic disorders."
    ]
    contraindications = [s.text for s in fields.contraindications]
    assert "Patients who are allergic to baclofen should not take this medication." in (
        contraindications
    )
    warnings = {s.text: s for s in fields.warnings}
    assert "Baclofen should not be discontinued without medical advice." in warnings
    at_risk = next(s for s in fields.warnings if "may be at risk" in s.text)
    assert at_risk.text.startswith("Patients suffering from renal dysfunction")
    assert at_risk.citations == [3]  # the marker after "drug." belongs to that sentence
    # one family per sentence
    assert not set(contraindications) & set(warnings)


def test_seed_interactions(seed: tuple[list[SectionNode], Fields]) -> None:
    roots, fields = seed
    assert [i.drug for i in fields.interactions] == [
        "acetaminophen",
        "buprenorphine",
        "propoxyphene",
        "sodium oxybate",
        "naloxone",
    ]
    node = next(n for n in roots[0].walk() if n.id == "side-effects-and-drug-interactions")
    for interaction in fields.interactions:
        assert interaction.severity == "major"
        assert interaction.text == INTERACTION
        mention = node.text[interaction.evidence.start : interaction.evidence.end]
        assert mention == interaction.drug  # the drug's own word in the sentence


def test_seed_alternatives_research_and_commerce_yield_nothing(
    seed: tuple[list[SectionNode], Fields],
) -> None:
    _, fields = seed
    drugs = {i.drug for i in fields.interactions}
    assert not drugs & {"gabapentin", "clonazepam", "baclofen"}
    sections = {
        item.evidence.section
        for family in (
            fields.indications,
            fields.limitations,
            fields.contraindications,
            fields.warnings,
            fields.side_effects,
            fields.interactions,
        )
        for item in family
    }
    assert "buying-guide" not in sections
    assert "what-is-baclofen-and-how-does-it-work" not in {
        i.evidence.section for i in fields.indications
    }


def test_seed_evidence_slices_to_every_claim(seed: tuple[list[SectionNode], Fields]) -> None:
    roots, fields = seed
    assert evidence_problems(roots, fields) == []


def test_seed_extraction_is_deterministic(seed: tuple[list[SectionNode], Fields]) -> None:
    _, fields = seed
    roots = build_sections(seed_document())
    cite_markers(roots)
    again = extract_fields(roots, FINDER, "baclofen")
    assert again == fields
