"""The Markdown reader: the Mayo Clinic scrapes, plus small pages for the rest of the syntax."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest

from ingest.blocks import Document, Heading, ListBlock, Marker, Paragraph, ReferenceList
from ingest.readers.markdown import clean_inline, read_markdown

T = TypeVar("T")
MAYO = "mayoclinic-text-scrape-md"


def _of(doc: Document, kind: type[T]) -> list[T]:
    return [b for b in doc.blocks if isinstance(b, kind)]


def _mayo_pages(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in (corpus_dir / MAYO).glob("*.md") if p.name != "SOURCES.md")


# --- the Mayo Clinic pages -------------------------------------------------------------


def test_all_mayo_pages_read(corpus_dir: Path) -> None:
    pages = _mayo_pages(corpus_dir)
    assert len(pages) == 6
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        doc = read_markdown(raw)
        drug = page.name.split("-")[0].capitalize()
        assert doc.format == "text"
        assert doc.title == f"{drug} (oral route)", page.name
        assert doc.blocks[0] == Heading(1, doc.title)
        levels = {h.text: h.level for h in _of(doc, Heading)}
        assert levels["Description"] == 2 and levels["Side Effects"] == 2, page.name
        assert _of(doc, ListBlock), page.name
        # No markup survives in the text.
        texts = [p.text for p in _of(doc, Paragraph)]
        texts += [i.text for lst in _of(doc, ListBlock) for i in lst.items]
        assert all(t and not t.startswith(("#", "- ", "* ")) and "**" not in t for t in texts)
        # Every "- item" line of the page is one list item.
        bullets = sum(1 for line in raw.splitlines() if line.startswith("- "))
        assert sum(len(lst.items) for lst in _of(doc, ListBlock) if not lst.ordered) == bullets
        assert not _of(doc, ReferenceList)
        assert all(not p.markers_known for p in _of(doc, Paragraph))


def test_baclofen_side_effects_section(corpus_dir: Path) -> None:
    doc = read_markdown((corpus_dir / MAYO / "baclofen-oral-route.md").read_text(encoding="utf-8"))
    blocks = doc.blocks
    start = blocks.index(Heading(2, "Side Effects"))
    end = next(
        k for k in range(start + 1, len(blocks)) if blocks[k] == Heading(2, "Products & Services")
    )
    section = blocks[start:end]
    headings = [(b.level, b.text) for b in section if isinstance(b, Heading)]
    assert headings == [
        (2, "Side Effects"),
        (3, "Less common or rare"),
        (3, "Symptoms of overdose"),
        (3, "More common"),
        (3, "Less common or rare"),
    ]
    more_common = section.index(Heading(3, "More common"))
    items = section[more_common + 1]
    assert isinstance(items, ListBlock)
    assert [i.text for i in items.items][:3] == [
        "Confusion",
        "constipation",
        "dizziness, faintness, or lightheadedness when getting up suddenly from a lying or "
        "sitting position",
    ]
    assert len(items.items) == 10 and all(i.depth == 0 for i in items.items)


def test_baclofen_breadcrumb_and_loose_items(corpus_dir: Path) -> None:
    doc = read_markdown((corpus_dir / MAYO / "baclofen-oral-route.md").read_text(encoding="utf-8"))
    lists = _of(doc, ListBlock)
    # The closing breadcrumb "1. Drugs & Supplements / 2. ..." has no citations: a list.
    assert lists[-1].ordered
    assert [i.text for i in lists[-1].items] == [
        "Drugs & Supplements",
        "Baclofen (oral route) - Side effects & dosage",
    ]
    # "- item\n\n- item" (a loose list) stays one list.
    problems = next(lst for lst in lists if lst.items[0].text.startswith("Autonomic dysreflexia"))
    assert problems.items[-1].text.startswith("Kidney disease—The effects may be increased")


# --- syntax, in small pages ------------------------------------------------------------------


def test_atx_and_setext_headings() -> None:
    doc = read_markdown(
        "Drug Page\n=========\n\nIntro.\n\nOverview\n--------\n\n"
        "### Mechanism ###\n\n#### C# \\#1 ####\n\nNot#a heading\n\n---\n\n"
        "# Second H1\n"
    )
    assert doc.title == "Drug Page"
    assert [(h.level, h.text) for h in _of(doc, Heading)] == [
        (1, "Drug Page"),
        (2, "Overview"),
        (3, "Mechanism"),
        (4, "C# #1"),
        (1, "Second H1"),
    ]
    assert [p.text for p in _of(doc, Paragraph)] == ["Intro.", "Not#a heading"]


def test_nested_bullets_give_depth() -> None:
    doc = read_markdown(
        "# Doses\n\n"
        "* Adults\n"
        "  * 10 mg daily\n"
        "    continued on a lazy line\n"
        "      - up to 80 mg\n"
        "  * split doses\n"
        "+ Children\n\n"
        "1. Open\n"
        "2) Swallow\n"
        "   1. with water\n"
    )
    lists = _of(doc, ListBlock)
    assert [(i.depth, i.text) for i in lists[0].items] == [
        (0, "Adults"),
        (1, "10 mg daily continued on a lazy line"),
        (2, "up to 80 mg"),
        (1, "split doses"),
        (0, "Children"),
    ]
    assert not lists[0].ordered and lists[1].ordered
    assert [(i.depth, i.text) for i in lists[1].items] == [
        (0, "Open"),
        (0, "Swallow"),
        (1, "with water"),
    ]


def test_ordered_item_interrupts_a_paragraph_only_at_one() -> None:
    doc = read_markdown("In the year\n2013. Baclofen was studied.\n")
    assert [p.text for p in _of(doc, Paragraph)] == ["In the year 2013. Baclofen was studied."]
    assert not _of(doc, ListBlock)


def test_inline_markup_is_cleaned() -> None:
    text, markers = clean_inline(
        "**Bold** and *em* and _em_ and ***both*** and ~~gone~~ `co*de*` snake_case_name "
        '[MS Trust](https://www.mstrust.org.uk "title") ![logo](x.png)<b>tag</b> '
        "<https://a.example> \\*literal\\* &amp; x<br/>y"
    )
    assert text == (
        "Bold and em and em and both and gone co*de* snake_case_name MS Trust tag "
        "https://a.example *literal* & x y"
    )
    assert markers == []


def test_leading_bold_label_and_bold_line_heading() -> None:
    doc = read_markdown(
        "## Indications\n\n**Multiple Sclerosis:** Patients with MS.\n\n"
        "**Spasticity**: Of spinal origin.\n\n**Warnings**\n\nDo not stop suddenly.\n"
    )
    paragraphs = _of(doc, Paragraph)
    assert [(p.label, p.text) for p in paragraphs] == [
        ("Multiple Sclerosis", "Multiple Sclerosis: Patients with MS."),
        ("Spasticity", "Spasticity: Of spinal origin."),
        (None, "Do not stop suddenly."),
    ]
    assert Heading(3, "Warnings") in doc.blocks


def test_footnotes_become_markers_and_references() -> None:
    doc = read_markdown(
        "# Baclofen\n\n"
        "Baclofen relaxes muscles.[^1] It is cheap [^2] and old.\n\n"
        "- Drowsiness[^2]\n\n"
        "## Footnotes\n\n"
        "[^1]: “Baclofen,” 2013, [MS Trust](https://www.mstrust.org.uk/a-z/baclofen)\n"
        "[^2]: RxList.\n"
        "    Side effects center.\n"
    )
    para = _of(doc, Paragraph)[0]
    assert para.text == "Baclofen relaxes muscles. It is cheap and old."
    assert para.markers == [Marker(25, "1", "1"), Marker(37, "2", "2")]
    assert para.markers_known
    item = _of(doc, ListBlock)[0].items[0]
    assert (item.text, item.markers) == ("Drowsiness", [Marker(10, "2", "2")])
    refs = _of(doc, ReferenceList)
    assert len(refs) == 1 and refs[0].heading == "Footnotes"
    assert [(e.number, e.anchor, e.text) for e in refs[0].entries] == [
        (1, "1", "“Baclofen,” 2013, MS Trust (https://www.mstrust.org.uk/a-z/baclofen)"),
        (2, "2", "RxList. Side effects center."),
    ]
    assert Heading(2, "Footnotes") not in doc.blocks


def test_sup_markers_but_not_exponents() -> None:
    text, markers = clean_inline(
        "Dose 60 mg/m<sup>2</sup> or 10<sup>9</sup>/L works<sup>3</sup>"
        ' well<sup><a href="#fn4">4</a></sup>'
        " in trials<sup>[5-7]</sup>; Brand<sup>®</sup>."
    )
    assert text == "Dose 60 mg/m2 or 109/L works well in trials; Brand®."
    assert markers == [
        Marker(28, "3", None),
        Marker(33, "4", "fn4"),
        Marker(43, "5", None),
        Marker(43, "6", None),
        Marker(43, "7", None),
    ]
    assert text[:28].endswith("works") and text[:43].endswith("trials")


def test_references_section_with_numbered_list() -> None:
    doc = read_markdown(
        "# Drug\n\nText.2\n\n## Sources\n\n"
        "1. Smith J. 2019. [Paper](https://doi.org/10.1/x)\n"
        "2. Doe A. Label. FDA; 2020.\n"
    )
    refs = _of(doc, ReferenceList)
    assert len(refs) == 1 and refs[0].heading == "Sources"
    assert [(e.number, e.text) for e in refs[0].entries] == [
        (1, "Smith J. 2019. Paper (https://doi.org/10.1/x)"),
        (2, "Doe A. Label. FDA; 2020."),
    ]
    assert not _of(doc, ListBlock)
    assert Heading(2, "Sources") not in doc.blocks
    # No footnote markup on the page: glued digits are left for the footnote step.
    assert _of(doc, Paragraph)[0].text == "Text.2"
    assert not _of(doc, Paragraph)[0].markers_known


def test_trailing_citation_list_without_heading() -> None:
    doc = read_markdown("# Drug\n\nBody.\n\n1. https://example.org/a\n2. Doe B. 2011.\n")
    refs = _of(doc, ReferenceList)
    assert len(refs) == 1 and refs[0].heading is None
    assert [e.number for e in refs[0].entries] == [1, 2]


def test_tables_become_row_paragraphs() -> None:
    doc = read_markdown(
        "# Dosing\n\n| Age | **Dose** |\n|:----|-----:|\n"
        "| Adult | 5 mg |\nChild | ask \\| call\n\nAfter.\n"
    )
    assert [p.text for p in _of(doc, Paragraph)] == [
        "Age | Dose",
        "Adult | 5 mg",
        "Child | ask | call",
        "After.",
    ]


def test_rules_quotes_comments_code_and_link_definitions() -> None:
    doc = read_markdown(
        "\ufeff# T\r\n\r\n***\r\n> Quoted **text**\r\n> continues.\r\n\r\n"
        "<!-- hidden\r\ncomment -->\r\n\r\n[ref]: https://example.org\r\n\r\n"
        "```\r\nraw *code*\r\n```\r\n\r\n___\r\n"
    )
    assert [p.text for p in _of(doc, Paragraph)] == ["Quoted text continues.", "raw *code*"]
    assert doc.title == "T"


@pytest.mark.parametrize("page", ["", "\n\n", "---\n"])
def test_empty_pages(page: str) -> None:
    doc = read_markdown(page)
    assert doc.blocks == [] and doc.title is None


def test_items_without_text_are_dropped_and_bold_clauses_are_not_labels() -> None:
    doc = read_markdown(
        "- ![icon](a.png)\n- Real item\n\n"
        "**Do not take this medicine if you are pregnant or may become pregnant:** it harms.\n"
    )
    assert [i.text for i in _of(doc, ListBlock)[0].items] == ["Real item"]
    assert _of(doc, Paragraph)[0].label is None


def test_link_urls_with_parentheses_and_hostile_input_stay_linear() -> None:
    wiki = "https://en.wikipedia.org/wiki/Foo_(bar)"
    text, _ = clean_inline(f"See [Foo]({wiki}) now.", keep_urls=True)
    assert text == f"See Foo ({wiki}) now."
    # Unclosed delimiters by the thousand must not backtrack quadratically.
    for page in ("*a " * 20000, "[a](" * 20000, "__x " * 20000, "`a " * 20000):
        assert read_markdown(page).blocks
    assert read_markdown("<sup>" * 20000).blocks == []  # nothing but tags: nothing left
