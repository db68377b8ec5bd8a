"""The monograph record: the pydantic models ARE the contract.

Field names and their order follow `record-contract.md`; JSON keys come out in the
order declared here. Fields beyond the contract are additions, never renames.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1.0"] = "1.0"

SectionKind = Literal[
    "overview",
    "mechanism",
    "indications",
    "dosage",
    "side_effects",
    "interactions",
    "warnings",
    "contraindications",
    "research",
    "commerce",
    "references",
    "other",
]
Frequency = Literal["common", "serious", "unspecified"]
Severity = Literal["major", "moderate", "minor", "unspecified"]
Format = Literal["html", "text", "spl"]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Drug(_Model):
    name: str = Field(description="The drug as the page names it, e.g. 'Baclofen'.")
    normalized: str = Field(description="Lower-case generic name.")
    chemical_name: str | None = None
    classes: list[str] = Field(default_factory=list)
    ids: dict[str, str] = Field(
        default_factory=dict, description="Vocabulary -> identifier (drugbank, mesh, ...)."
    )


class Source(_Model):
    path: str = Field(description="Relative to the batch root.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    format: Format
    url: str | None = None
    site: str | None = None


class InlineLabel(_Model):
    """A bold lead-in label inside a section ('Multiple Sclerosis:'), with the span of
    the paragraph it introduces in the section's `text`."""

    label: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Section(_Model):
    id: str = Field(pattern=SLUG_PATTERN)
    heading: str
    level: int = Field(ge=1)
    kind: SectionKind
    text: str = ""
    items: list[str] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)
    # additions to the contract
    item_depths: list[int] = Field(
        default_factory=list, description="Nesting depth of each entry of `items` (0 = top)."
    )
    labels: list[InlineLabel] = Field(default_factory=list)


class Evidence(_Model):
    section: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    item: int | None = Field(default=None, ge=0)


class Indication(_Model):
    condition: str
    text: str
    citations: list[int] = Field(default_factory=list)
    evidence: Evidence


class Statement(_Model):
    text: str
    citations: list[int] = Field(default_factory=list)
    evidence: Evidence


class SideEffect(_Model):
    term: str
    frequency: Frequency
    citations: list[int] = Field(default_factory=list)
    evidence: Evidence
    group: str | None = Field(
        default=None, description="The frequency group as the page words it ('More common')."
    )


class Interaction(_Model):
    drug: str
    severity: Severity
    text: str
    citations: list[int] = Field(default_factory=list)
    evidence: Evidence


class DrugMention(_Model):
    text: str
    normalized: str
    ids: dict[str, str] = Field(default_factory=dict)
    section: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    item: int | None = Field(default=None, ge=0)


class Reference(_Model):
    number: int = Field(ge=0)
    title: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    url: str | None = None
    raw: str


class Citation(_Model):
    reference: int
    section: str
    offset: int = Field(ge=0)
    resolved: bool
    item: int | None = Field(
        default=None, ge=0, description="Set when the marker stood in a list item."
    )


class Diagnostic(_Model):
    code: str = Field(pattern=SLUG_PATTERN)
    message: str
    section: str | None = None


class Monograph(_Model):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: str = Field(pattern=SLUG_PATTERN)
    title: str
    drug: Drug
    source: Source
    sections: list[Section] = Field(default_factory=list)
    indications: list[Indication] = Field(default_factory=list)
    limitations: list[Statement] = Field(default_factory=list)
    contraindications: list[Statement] = Field(default_factory=list)
    warnings: list[Statement] = Field(default_factory=list)
    side_effects: list[SideEffect] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    drug_mentions: list[DrugMention] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    language: str | None = Field(
        default=None, description="Primary language tag when the page declares one."
    )
