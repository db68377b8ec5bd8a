"""SPL section LOINC codes -> the record's section kinds.

SPL labels tag every section with a LOINC code, which states the section's kind
outright (it beats the heading classifier). Codes that say nothing about content
(the "unclassified" section, whole patient leaflets whose sub-sections are
unclassified) map to None so the heading classifier decides.
"""

from __future__ import annotations

from typing import Final

from ingest.record import SectionKind

UNCLASSIFIED: Final = "42229-5"
PRODUCT_DATA: Final = "48780-1"
REFERENCES: Final = "34093-5"
BOXED_WARNING: Final = "34066-1"
PACKAGE_LABEL: Final = "51945-4"  # principal display panel: carton text, not prose

LOINC_KINDS: Final[dict[str, SectionKind | None]] = {
    # Rx (PLR and older formats)
    BOXED_WARNING: "warnings",
    "43683-2": "other",  # recent major changes
    "34067-9": "indications",  # indications & usage (OTC "Uses")
    "34068-7": "dosage",  # dosage & administration (OTC "Directions")
    "43678-2": "dosage",  # dosage forms & strengths
    "34070-3": "contraindications",
    "34071-1": "warnings",
    "43685-7": "warnings",  # warnings and precautions
    "42232-9": "warnings",  # precautions
    "34072-9": "warnings",  # general precautions
    "34075-2": "warnings",  # laboratory tests
    "34084-4": "side_effects",  # adverse reactions
    "34073-7": "interactions",
    "34074-5": "interactions",  # drug & or laboratory test interactions
    "43684-0": "warnings",  # use in specific populations
    "42228-7": "warnings",  # pregnancy
    "34077-8": "warnings",  # teratogenic effects
    "34078-6": "warnings",  # nonteratogenic effects
    "34079-4": "warnings",  # labor & delivery
    "34080-2": "warnings",  # nursing mothers
    "77290-5": "warnings",  # lactation
    "77291-3": "warnings",  # females & males of reproductive potential
    "34081-0": "warnings",  # pediatric use
    "34082-8": "warnings",  # geriatric use
    "42227-9": "warnings",  # drug abuse and dependence
    "34085-1": "warnings",  # controlled substance
    "34086-9": "warnings",  # abuse
    "34087-7": "warnings",  # dependence
    "34088-5": "warnings",  # overdosage
    "34089-3": "overview",  # description
    "34090-1": "mechanism",  # clinical pharmacology
    "43679-0": "mechanism",  # mechanism of action
    "43681-6": "mechanism",  # pharmacodynamics
    "43682-4": "mechanism",  # pharmacokinetics
    "49489-8": "mechanism",  # microbiology
    "43680-8": "research",  # nonclinical toxicology
    "34083-6": "research",  # carcinogenesis, mutagenesis, impairment of fertility
    "34091-9": "research",  # animal pharmacology and/or toxicology
    "34092-7": "research",  # clinical studies
    REFERENCES: "references",
    "34069-5": "commerce",  # how supplied
    "44425-7": "other",  # storage and handling: storage is "other", not selling
    PACKAGE_LABEL: "commerce",  # package label / principal display panel
    # Patient counseling restates the warnings for the prescriber to pass on.
    "34076-0": "warnings",
    "42230-3": None,  # patient package insert: a whole leaflet, sub-sections decide
    "42231-1": None,  # medication guide: idem
    "38056-8": None,  # supplemental patient material
    "59845-8": None,  # instructions for use
    UNCLASSIFIED: None,
    PRODUCT_DATA: "other",
    # OTC "Drug Facts"
    "55106-9": "overview",  # active ingredient
    "51727-6": "overview",  # inactive ingredient
    "55105-1": "indications",  # purpose
    "50570-1": "contraindications",  # do not use
    "50569-3": "warnings",  # ask a doctor before use
    "50568-5": "interactions",  # ask a doctor or pharmacist before use (other drugs)
    "50567-7": "warnings",  # when using this product
    "50566-9": "warnings",  # stop use and ask a doctor
    "50565-1": "warnings",  # keep out of reach of children
    "53414-9": "warnings",  # pregnancy or breast-feeding
    "53413-1": "other",  # questions or comments
}


def kind_for_loinc(code: str | None) -> SectionKind | None:
    """The section kind an SPL section code states, or None (unknown or content-neutral)."""
    if not code:
        return None
    return LOINC_KINDS.get(code.strip())
