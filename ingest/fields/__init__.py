"""Typed fields from the section tree: indications, limitations, contraindications,
warnings, side effects and interactions, each with the evidence that supports it.

One small module per field family; `layout` reads the page once (sentences, list
runs and their lead-ins) and every extractor works from that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.fields.drugs import DrugFinder, DrugSpan
from ingest.fields.indications import extract_indications
from ingest.fields.interactions import extract_interactions
from ingest.fields.layout import read_page
from ingest.fields.side_effects import extract_side_effects
from ingest.fields.statements import extract_statements
from ingest.record import Indication, Interaction, SideEffect, Statement
from ingest.sections import SectionNode

__all__ = ["DrugFinder", "DrugSpan", "Fields", "extract_fields"]


@dataclass(slots=True)
class Fields:
    indications: list[Indication] = field(default_factory=list)
    limitations: list[Statement] = field(default_factory=list)
    contraindications: list[Statement] = field(default_factory=list)
    warnings: list[Statement] = field(default_factory=list)
    side_effects: list[SideEffect] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)


def extract_fields(
    roots: list[SectionNode], find_drugs: DrugFinder, main_drug: str | None
) -> Fields:
    """Every typed field of the page, in page order, de-duplicated.

    `main_drug` (normalized name) is never reported as interacting with itself.
    """
    page = read_page(roots)
    statements = extract_statements(page)
    return Fields(
        indications=extract_indications(page, main_drug),
        limitations=statements.limitations,
        contraindications=statements.contraindications,
        warnings=statements.warnings,
        side_effects=extract_side_effects(page),
        interactions=extract_interactions(page, find_drugs, main_drug),
    )
