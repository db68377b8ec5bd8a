"""JSON text scrapes: a page already cut into titled sections.

Two shapes are common in scraped collections:
- a page object: `{"name"|"title": ..., "url": ..., "sections": [{"title", "content"}]}`
  (one-element lists of it too);
- an openFDA label: `{"indications_and_usage": ["1 INDICATIONS AND USAGE\\n..."], ...}`,
  one key per label section, each value a list of flattened text.
Section bodies are text scrapes, so they go through the text reader's block rules.
A file holding several pages is an error: one record is one page.
"""

from __future__ import annotations

import json
from typing import Any

from ingest.blocks import Block, Document, Heading, Paragraph, ReferenceEntry, ReferenceList
from ingest.errors import PageError
from ingest.readers.text import is_heading_line, read_text

# openFDA label fields -> section kind (the field names are the label's section codes)
OPENFDA_FIELD_KINDS: dict[str, str] = {
    "indications_and_usage": "indications",
    "purpose": "indications",
    "adverse_reactions": "side_effects",
    "drug_interactions": "interactions",
    "contraindications": "contraindications",
    "do_not_use": "contraindications",
    "boxed_warning": "warnings",
    "warnings": "warnings",
    "warnings_and_cautions": "warnings",
    "warnings_and_precautions": "warnings",
    "precautions": "warnings",
    "use_in_specific_populations": "warnings",
    "pregnancy": "warnings",
    "nursing_mothers": "warnings",
    "pediatric_use": "warnings",
    "geriatric_use": "warnings",
    "overdosage": "warnings",
    "stop_use": "warnings",
    "ask_doctor": "warnings",
    "mechanism_of_action": "mechanism",
    "clinical_pharmacology": "mechanism",
    "pharmacodynamics": "mechanism",
    "pharmacokinetics": "mechanism",
    "dosage_and_administration": "dosage",
    "dosage_forms_and_strengths": "dosage",
    "description": "overview",
    "active_ingredient": "overview",
    "clinical_studies": "research",
    "references": "references",
    "how_supplied": "commerce",
    "package_label_principal_display_panel": "commerce",
    "spl_product_data_elements": "other",
}
# openFDA keys that carry no label text of their own
_SKIPPED_KEYS = frozenset({"set_id", "id", "version", "effective_time", "openfda"})
# Carton and container text: its short lines ("NOT FOR SALE", "2 Single-Use Pens") are
# printed label copy, never headings.
_PANEL_KEYS = frozenset({"package_label_principal_display_panel", "spl_product_data_elements"})


def read_json(text: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PageError("invalid-json", f"line {error.lineno}: {error.msg}") from None
    if isinstance(data, list):
        if len(data) != 1:
            raise PageError(
                "multi-page-file",
                f"the file holds {len(data)} pages; split it into one file per page",
            )
        data = data[0]
    if not isinstance(data, dict):
        raise PageError("unsupported-format", "JSON page must be an object with sections")
    if isinstance(data.get("sections"), list):
        return _page_object(data)
    if any(isinstance(v, list) and v and isinstance(v[0], str) for v in data.values()):
        return _openfda_label(data)
    raise PageError("unsupported-format", "JSON has neither `sections` nor label text fields")


def _page_object(data: dict[str, Any]) -> Document:
    title = str(data.get("name") or data.get("title") or "").strip() or None
    blocks: list[Block] = [Heading(1, title)] if title else []
    for section in data["sections"]:
        if not isinstance(section, dict):
            continue
        heading = str(section.get("title") or "").strip()
        content = str(section.get("content") or section.get("text") or "")
        if heading:
            blocks.append(Heading(2, heading))
        blocks.extend(_body_blocks(content, depth=2))
    url = data.get("url")
    return Document(
        format="text",
        blocks=blocks,
        title=title,
        url=url if isinstance(url, str) and url.startswith("http") else None,
    )


def _openfda_label(data: dict[str, Any]) -> Document:
    blocks: list[Block] = []
    # openFDA repeats subsections under `spl_unclassified` that its parent section's text
    # already holds; only what is nowhere else is kept, so no fact is counted twice.
    elsewhere = "\n".join(
        v
        for key, value in data.items()
        if key != "spl_unclassified" and isinstance(value, list)
        for v in value
        if isinstance(v, str)
    )
    for key, value in data.items():
        if key in _SKIPPED_KEYS or key.endswith("_table") or not isinstance(value, list):
            continue
        texts = [v for v in value if isinstance(v, str)]
        if key == "spl_unclassified":
            texts = [v for v in texts if v.strip() not in elsewhere]
        body = "\n\n".join(texts).strip()
        if not body:
            continue
        first, _, rest = body.partition("\n")
        heading = first.strip()
        if not is_heading_line(heading):  # "NDC 0074-9374-02": the field name says more
            heading, rest = key.replace("_", " ").capitalize(), body
        blocks.append(Heading(2, heading, kind_hint=OPENFDA_FIELD_KINDS.get(key)))
        if key == "references":
            blocks.append(_references(rest, heading))
        elif key in _PANEL_KEYS:
            blocks.extend(_flat_blocks(_body_blocks(rest, depth=2)))
        else:
            blocks.extend(_body_blocks(rest, depth=2))
    title = _label_title(data)
    return Document(format="text", blocks=[Heading(1, title or "Drug label"), *blocks], title=title)


def _label_title(data: dict[str, Any]) -> str | None:
    """The brand name when openFDA's metadata is there; else None (named by its drug)."""
    openfda = data.get("openfda")
    if isinstance(openfda, dict):
        brand = openfda.get("brand_name")
        if isinstance(brand, list) and brand:
            return str(brand[0])
    return None


def _body_blocks(content: str, depth: int) -> list[Block]:
    """Blocks of a section body, its own headings nested below the section's."""
    if not content.strip():
        return []
    blocks = read_text(content, find_title=False).blocks
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(Heading(depth + block.level, block.text, block.kind_hint))
        else:
            out.append(block)
    return out


def _flat_blocks(blocks: list[Block]) -> list[Block]:
    """Headings turned into paragraphs: for text that has none of its own."""
    return [Paragraph(b.text, markers_known=False) if isinstance(b, Heading) else b for b in blocks]


def _references(body: str, heading: str) -> Block:
    """A label's reference section: one entry per non-empty line, numbered in order
    unless the line carries its own number."""
    entries: list[ReferenceEntry] = []
    for line in (ln.strip() for ln in body.splitlines()):
        if not line:
            continue
        number, _, rest = line.partition(". ")
        if number.isdigit() and rest:
            entries.append(ReferenceEntry(int(number), rest))
        else:
            entries.append(ReferenceEntry(len(entries) + 1, line))
    if not entries:
        return Paragraph(body)
    return ReferenceList(entries, heading=heading)
