from __future__ import annotations

from ingest.blocks import (
    Document,
    Heading,
    ListBlock,
    ListItem,
    Marker,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
)
from ingest.sections import ItemPart, ParagraphPart, build_sections


def _doc(*blocks: object, title: str | None = None) -> Document:
    return Document(format="html", blocks=list(blocks), title=title)  # type: ignore[arg-type]


def test_headings_nest_by_level_and_children_inherit_kind() -> None:
    root = build_sections(
        _doc(
            Heading(1, "Baclofen (oral route)"),
            Heading(2, "Side Effects"),
            Heading(3, "More common"),
            ListBlock([ListItem("drowsiness")]),
            Heading(2, "Storage"),
            Heading(3, "Disposal"),
        )
    )[0]
    assert root.level == 1 and root.kind == "overview"
    side, storage = root.children
    assert (side.heading, side.level, side.kind) == ("Side Effects", 2, "side_effects")
    assert (side.children[0].heading, side.children[0].kind) == ("More common", "side_effects")
    assert side.children[0].items == ["drowsiness"]
    # an unnamed section under an unnamed one stays "other"
    assert storage.kind == "other" and storage.children[0].kind == "other"


def test_skipped_heading_levels_still_nest_one_deeper() -> None:
    root = build_sections(_doc(Heading(1, "T"), Heading(3, "Deep"), Heading(2, "Back")))[0]
    assert [(c.heading, c.level) for c in root.children] == [("Deep", 2), ("Back", 2)]


def test_root_from_title_when_page_does_not_open_with_a_heading() -> None:
    root = build_sections(_doc(Paragraph("intro"), Heading(2, "Uses"), title="Aspirin"))[0]
    assert (root.heading, root.text) == ("Aspirin", "intro")
    assert root.children[0].kind == "indications"


def test_text_offsets_of_paragraphs_and_markers() -> None:
    root = build_sections(
        _doc(
            Heading(1, "T"),
            Paragraph("First one.", markers=[Marker(10, "1")]),
            Paragraph("Multiple Sclerosis: body.", label="Multiple Sclerosis"),
        )
    )[0]
    assert root.text == "First one.\n\nMultiple Sclerosis: body."
    first, second = root.parts
    assert isinstance(first, ParagraphPart) and isinstance(second, ParagraphPart)
    assert root.text[second.start : second.end] == "Multiple Sclerosis: body."
    assert second.label == "Multiple Sclerosis"
    assert second.markers == [] and first.markers[0].offset == 10


def test_nested_list_items_keep_depth_and_list_number() -> None:
    root = build_sections(
        _doc(
            Heading(1, "T"),
            ListBlock([ListItem("Nausea"), ListItem("Take it with food", depth=1)]),
            Paragraph("between"),
            ListBlock([ListItem("Rash")]),
        )
    )[0]
    assert root.items == ["Nausea", "Take it with food", "Rash"]
    assert root.item_depths == [0, 1, 0]
    items = [p for p in root.parts if isinstance(p, ItemPart)]
    assert [(p.index, p.list_number) for p in items] == [(0, 0), (1, 0), (2, 1)]


def test_ids_are_unique_slugs() -> None:
    root = build_sections(_doc(Heading(1, "T"), Heading(2, "Warnings"), Heading(2, "Warnings")))[0]
    assert [c.id for c in root.children] == ["warnings", "warnings-2"]


def test_reference_list_gets_its_own_references_section() -> None:
    root = build_sections(
        _doc(
            Heading(1, "API: Baclofen"),
            Heading(2, "Buying Guide"),
            Paragraph("Order now."),
            ReferenceList([ReferenceEntry(1, "“Baclofen,” 2013")], heading="Show 1 footnotes"),
        )
    )[0]
    refs = root.children[-1]
    assert (refs.heading, refs.kind, refs.level) == ("Show 1 footnotes", "references", 2)
    assert refs.items == ["“Baclofen,” 2013"]
    assert root.children[0].text == "Order now."


def test_subsection_under_a_fact_section_keeps_its_kind() -> None:
    root = build_sections(
        _doc(
            Heading(1, "Label"),
            Heading(2, "6 ADVERSE REACTIONS", kind_hint="side_effects"),
            Heading(3, "6.1 Clinical Trials Experience"),
            Heading(3, "6.2 Drug Interactions"),
            Heading(2, "Overview"),
            Heading(3, "Mechanism of Action"),
        )
    )[0]
    adverse, overview = root.children
    assert [c.kind for c in adverse.children] == ["side_effects", "interactions"]
    assert overview.children[0].kind == "mechanism"


def test_population_subheadings_under_dosage_stay_dosage() -> None:
    root = build_sections(
        _doc(
            Heading(1, "Leaflet"),
            Heading(2, "3. How to take Bisoprolol"),
            Heading(3, "Adults including the elderly"),
            Heading(2, "Elderly"),
        )
    )[0]
    dosage, elderly = root.children
    assert dosage.kind == "dosage" and dosage.children[0].kind == "dosage"
    assert elderly.kind == "warnings"  # on its own, a patient group is a warning
