from __future__ import annotations

import pytest

from ingest.headings import classify_heading, clean_heading, slugify


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        # the seed page
        ("What Is Baclofen and How Does It Work?", "overview"),
        ("Approved Indications", "indications"),
        ("Side Effects and Drug Interactions", "side_effects"),
        ("Latest News and Research", "research"),
        ("Buying Guide", "commerce"),
        ("Show 7 footnotes", "references"),
        # SPL / SmPC label vocabulary
        ("1 INDICATIONS AND USAGE", "indications"),
        ("6 ADVERSE REACTIONS", "side_effects"),
        ("7 DRUG INTERACTIONS", "interactions"),
        ("4 CONTRAINDICATIONS", "contraindications"),
        ("5 WARNINGS AND PRECAUTIONS", "warnings"),
        ("12.1 Mechanism of Action", "mechanism"),
        ("15 REFERENCES", "references"),
        ("4.8 Undesirable effects", "side_effects"),
        ("2 DOSAGE AND ADMINISTRATION", "dosage"),
        ("16 HOW SUPPLIED/STORAGE AND HANDLING", "commerce"),
        ("Use in Specific Populations", "warnings"),
        ("Uses", "indications"),
        ("Do not use", "contraindications"),
        # consumer phrasing
        ("What is this medication for?", "indications"),
        ("Why is this medication prescribed?", "indications"),
        ("Possible side effects", "side_effects"),
        ("What side effects could I experience?", "side_effects"),
        ("4. Possible side effects", "side_effects"),
        ("Other medicines and Aspirin tablets", "interactions"),
        ("2. What you need to know before you take Aspirin tablets", "warnings"),
        ("1. What Aspirin tablets is and what it is used for", "indications"),
        ("Proper Use", "dosage"),
        ("Instruction on Injection Technique", "dosage"),
        ("Before Using", "warnings"),
        ("Products & Services", "commerce"),
        # other languages the corpus has
        ("4.8. Reacciones adversas", "side_effects"),
        ("Risiken und Nebenwirkungen", "side_effects"),
    ],
)
def test_classify_heading(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


@pytest.mark.parametrize("heading", ["More common", "Storage", "Mozilla Corporation", "History"])
def test_headings_that_name_no_kind(heading: str) -> None:
    assert classify_heading(heading) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("4.8. Reacciones adversas", "Reacciones adversas"),
        ("1 INDICATIONS AND USAGE", "INDICATIONS AND USAGE"),
        ("Warnings:", "Warnings"),
        ("IV. Dosage", "Dosage"),
        ("I forgot a dose", "I forgot a dose"),
        ("2019 Annual Report", "2019 Annual Report"),  # a year is not numbering
        ("What Is Baclofen and How Does It Work?", "What Is Baclofen and How Does It Work?"),
    ],
)
def test_clean_heading(raw: str, clean: str) -> None:
    assert clean_heading(raw) == clean


def test_slugify() -> None:
    slug = slugify("What Is Baclofen and How Does It Work?")
    assert slug == "what-is-baclofen-and-how-does-it-work"
    assert slugify("Reacciones adversas ñ") == "reacciones-adversas-n"
    assert slugify("中文") == "section"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What is in this leaflet", "other"),
        ("What is the most important information I should know about HUMIRA?", "warnings"),
    ],
)
def test_leaflet_and_medication_guide_headings(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind
