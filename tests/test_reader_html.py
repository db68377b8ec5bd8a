"""The HTML reader: main content, blocks, footnote dialects, references, page chrome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Marker,
    Paragraph,
    ReferenceList,
)
from ingest.readers.html import read_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SEED_HEADINGS = [
    (1, "API: Baclofen"),
    (2, "What Is Baclofen and How Does It Work?"),
    (2, "Approved Indications"),
    (2, "Side Effects and Drug Interactions"),
    (2, "Latest News and Research"),
    (2, "Buying Guide"),
]
SEED_SIDE_EFFECTS = [
    "Drowsiness and fatigue",
    "Headaches",
    "Seizures",
    "Nausea and vomiting",
    "Low blood pressure",
    "Constipation and irregularities in urination",
    "Insomnia",
    "Confusion",
]
# Where each of the seed's seven markers stands: the text right before it.
SEED_MARKER_CONTEXT = ["relax.", "include", "drug.", "time.", "tasks.", "palsy.", "supervision."]


# --- helpers ---------------------------------------------------------------------------


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def _read(body: str, head: str = "") -> Document:
    return read_html(_page(body, head))


def _headings(doc: Document) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in doc.blocks if isinstance(b, Heading)]


def _paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def _lists(doc: Document) -> list[ListBlock]:
    return [b for b in doc.blocks if isinstance(b, ListBlock)]


def _items(doc: Document) -> list[ListItem]:
    return [item for lst in _lists(doc) for item in lst.items]


def _refs(doc: Document) -> list[ReferenceList]:
    return [b for b in doc.blocks if isinstance(b, ReferenceList)]


def _markers(doc: Document) -> list[tuple[str, Marker]]:
    """Every marker with the text of its block."""
    out: list[tuple[str, Marker]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.extend((block.text, m) for m in block.markers)
        elif isinstance(block, ListBlock):
            out.extend((item.text, m) for item in block.items for m in item.markers)
    return out


def _texts_of(block: Block) -> list[str]:
    if isinstance(block, ListBlock):
        return [i.text for i in block.items]
    if isinstance(block, ReferenceList):
        return [e.text for e in block.entries]
    return [block.text]


def _texts(doc: Document) -> list[str]:
    return [text for block in doc.blocks for text in _texts_of(block)]


def _with_markers(text: str, markers: list[Marker]) -> str:
    """Put marker labels back where they stood (to compare with a text scrape)."""
    for marker in sorted(markers, key=lambda m: m.offset, reverse=True):
        text = text[: marker.offset] + marker.label + text[marker.offset :]
    return text


def _the_refs(doc: Document) -> ReferenceList:
    found = _refs(doc)
    assert len(found) == 1, found
    return found[0]


def _the_list(doc: Document) -> ListBlock:
    found = _lists(doc)
    assert len(found) == 1, found
    return found[0]


# --- the seed page as a WordPress page with the "footnotes" plugin -------------------------


@pytest.fixture(scope="module")
def baclofen() -> Document:
    return read_html((FIXTURES / "baclofen-wordpress.html").read_text(encoding="utf-8"))


def test_fixture_metadata(baclofen: Document) -> None:
    assert baclofen.format == "html"
    assert baclofen.title == "API: Baclofen"
    assert baclofen.url == "https://www.pharmaceutica.com/api-baclofen/"
    assert baclofen.site == "Pharmaceutica North America"
    assert baclofen.language == "en"


def test_fixture_headings_are_the_seed_headings(baclofen: Document) -> None:
    assert _headings(baclofen) == SEED_HEADINGS


def test_fixture_lists_hold_only_the_side_effects(baclofen: Document) -> None:
    side_effects = _the_list(baclofen)
    assert not side_effects.ordered
    assert [(i.text, i.depth) for i in side_effects.items] == [(t, 0) for t in SEED_SIDE_EFFECTS]


def test_fixture_drops_page_chrome(baclofen: Document) -> None:
    text = "\n".join(_texts(baclofen))
    for chrome in (
        "Side Effects Guide",  # header menu
        "Active Pharmaceutical Ingredients",  # sub-menu
        "Recent Posts",  # sidebar widget
        "Compounding with Lidocaine",
        "Baclofen USP",  # quote form checkboxes
        "Lidocaine HCl",
        "Your Name",  # form label
        "Request a Quote",
        "Share this",
        "Leave a Reply",
        "Privacy Policy",  # footer
        "We use cookies",
        "Skip to content",
        "Posted on",
        "Call 877",  # top bar
    ):
        assert chrome not in text, chrome


def test_fixture_references(baclofen: Document, seed_text: str) -> None:
    refs = _the_refs(baclofen)
    assert refs.heading == "Show 7 footnotes"
    assert [e.number for e in refs.entries] == [1, 2, 3, 4, 5, 6, 7]
    assert all(e.anchor and e.anchor.startswith("footnote_plugin_reference_") for e in refs.entries)
    seed_refs = re.findall(r"^\s*(\d+)\.\s+(.+?)\s*$", seed_text, re.MULTILINE)
    assert [(int(n), t) for n, t in seed_refs] == [(e.number, e.text) for e in refs.entries]
    assert not any(isinstance(b, ReferenceList) for b in baclofen.blocks[:-1])  # at the end


def test_fixture_markers(baclofen: Document) -> None:
    refs = _the_refs(baclofen)
    anchors = {e.number: e.anchor for e in refs.entries}
    markers = _markers(baclofen)
    assert [m.label for _, m in markers] == ["1", "2", "3", "4", "5", "6", "7"]
    for (text, marker), before in zip(markers, SEED_MARKER_CONTEXT, strict=True):
        assert text[: marker.offset].endswith(before)
        assert marker.target == anchors[int(marker.label)]
    include = next(t for t, m in markers if m.label == "2")
    assert include == "Common side effects in patients taking baclofen include:"


def test_fixture_tooltips_stay_out_of_the_prose(baclofen: Document) -> None:
    prose = [t for b in baclofen.blocks if not isinstance(b, ReferenceList) for t in _texts_of(b)]
    for snippet in ("February 8, 2013", "rxlist.com", "Baclofen Drug Interactions", "[1]", "↑"):
        assert not any(snippet in t for t in prose), snippet


def test_fixture_labels(baclofen: Document) -> None:
    labels = [p.label for p in _paragraphs(baclofen) if p.label]
    assert labels == ["Multiple Sclerosis", "Spinal Cord Spasticity", "Important Information"]
    ms = next(p for p in _paragraphs(baclofen) if p.label == "Multiple Sclerosis")
    assert ms.text.startswith("Multiple Sclerosis: Patients with MS")


def test_fixture_text_is_the_seed_text(baclofen: Document, seed_text: str) -> None:
    """Every block is seed text (markers put back), and every seed line is in a block."""
    seed = " ".join(seed_text.replace("•", " ").split())
    blocks_text: list[str] = []
    for block in baclofen.blocks:
        if isinstance(block, Paragraph):
            blocks_text.append(_with_markers(block.text, block.markers))
        elif isinstance(block, ListBlock):
            blocks_text.extend(_with_markers(i.text, i.markers) for i in block.items)
        elif isinstance(block, Heading):
            blocks_text.append(block.text)
    for text in blocks_text:
        assert text in seed, text
    joined = " ".join(blocks_text)
    body = seed_text.split("Show 7 footnotes")[0]
    for line in body.splitlines():
        line = " ".join(line.replace("•", " ").split())
        if line:
            assert line in joined, line


# --- footnote dialects ------------------------------------------------------------------------


def test_generic_sup_link_markers() -> None:
    doc = _read(
        "<article><p>Dose daily.<sup><a href='#note-1'>[1]</a></sup> Then stop"
        "<a href='#note-2'><sup>2</sup></a>.</p>"
        "<h2>Notes</h2><ol><li id='note-1'>First note.</li><li id='note-2'>Second note.</li></ol>"
        "</article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Dose daily. Then stop."
    assert para.markers == [Marker(11, "1", "note-1"), Marker(21, "2", "note-2")]
    refs = _the_refs(doc)
    assert refs.heading == "Notes"
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "First note.", "note-1"),
        (2, "Second note.", "note-2"),
    ]
    assert not _lists(doc)


def test_wordpress_core_footnotes() -> None:
    uuid = "5f1c2b3a-0d7e-4e43-9a55-0c6f1d2e3f4a"
    doc = _read(
        "<div class='entry-content'>"
        f"<p>Baclofen relaxes muscles.<sup data-fn='{uuid}' class='fn'>"
        f"<a href='#{uuid}' id='{uuid}-link'>1</a></sup> It is taken orally.</p>"
        f"<ol class='wp-block-footnotes'><li id='{uuid}'>Baclofen label, 2019. "
        f"<a href='#{uuid}-link' aria-label='Jump to footnote reference 1'>↩︎</a></li></ol>"
        "</div>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Baclofen relaxes muscles. It is taken orally."
    assert para.markers == [Marker(25, "1", uuid)]
    refs = _the_refs(doc)
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "Baclofen label, 2019.", uuid)
    ]


def test_footnotes_plugin_referrer_template() -> None:
    """Plugin 2.5+: span.footnote_referrer, the tooltip right after the link, a combi row."""
    tooltip = "<span id='footnote_plugin_tooltip_text_9_1_{n}' class='footnote_tooltip'>{t}</span>"
    referrer = (
        "<span class='footnote_referrer'><a role='button' tabindex='0' "
        "onclick=\"footnote_moveToReference_9_1('footnote_plugin_reference_9_1_{n}');\">"
        "<sup id='footnote_plugin_tooltip_9_1_{n}' class='footnote_plugin_tooltip_text'>[{n}]</sup>"
        "</a>" + tooltip + "</span>"
    )
    row = (
        "<tr class='footnotes_plugin_reference_row'><th scope='row' "
        "class='footnote_plugin_index_combi pointer'><a id='footnote_plugin_reference_9_1_{n}' "
        "class='footnote_backlink'><span class='footnote_index_arrow'>&#8593;</span>{n}</a></th>"
        "<td class='footnote_plugin_text'>{t}</td></tr>"
    )
    doc = _read(
        "<article><p>Relief of spasticity"
        + referrer.format(n=1, t="Smith J. Spasticity. 2001.")
        + " and pain"
        + referrer.format(n=2, t="Doe A. Pain. 2003.")
        + ".</p>"
        "<div class='speaker-mute footnotes_reference_container'>"
        "<div class='footnote_container_prepare'><p><span role='button' "
        "class='footnote_reference_container_label pointer'>References</span>"
        "<span class='footnote_reference_container_collapse_button' style='display: none;'>"
        "[<a id='footnote_reference_container_collapse_button_9_1'>+</a>]</span></p></div>"
        "<div id='footnote_references_container_9_1' style='display: none;'>"
        "<table class='footnotes_table footnote-reference-container'><tbody>"
        + row.format(n=1, t="Smith J. Spasticity. 2001.")
        + row.format(n=2, t="Doe A. Pain. 2003.")
        + "</tbody></table></div></div></article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Relief of spasticity and pain."
    assert para.markers == [
        Marker(20, "1", "footnote_plugin_reference_9_1_1"),
        Marker(29, "2", "footnote_plugin_reference_9_1_2"),
    ]
    refs = _the_refs(doc)
    assert refs.heading == "References"
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "Smith J. Spasticity. 2001.", "footnote_plugin_reference_9_1_1"),
        (2, "Doe A. Pain. 2003.", "footnote_plugin_reference_9_1_2"),
    ]
    assert "References" not in [p.text for p in _paragraphs(doc)]


def test_footnotes_plugin_1x_markup() -> None:
    """Plugin 1.5-1.6: the tooltip is the sup's sibling, "1)" labels, no wrapper div."""
    doc = _read(
        "<article><p>Take with food<sup id='footnote_plugin_tooltip_1' "
        "class='footnote_plugin_tooltip_text' "
        "onclick=\"footnote_moveToAnchor('footnote_plugin_reference_1');\">1)</sup>"
        "<span class='footnote_tooltip' id='footnote_plugin_tooltip_text_1'>See the label.</span>"
        ": twice a day.</p>"
        "<div class='footnote_container_prepare'><p><span "
        "onclick='footnote_expand_reference_container();'>Footnotes</span></p></div>"
        "<div id='footnote_references_container'><table class='footnote-reference-container'>"
        "<tr><td class='footnote_plugin_index'>"
        "<span id='footnote_plugin_reference_1'>1.</span></td>"
        "<td class='footnote_plugin_link'><span onclick=\"footnote_moveToAnchor("
        "'footnote_plugin_tooltip_1');\">&#8593;</span></td>"
        "<td class='footnote_plugin_text'>See the label.</td></tr></table></div></article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Take with food: twice a day."
    assert para.markers == [Marker(14, "1", "footnote_plugin_reference_1")]
    refs = _the_refs(doc)
    assert refs.heading == "Footnotes"
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "See the label.", "footnote_plugin_reference_1")
    ]
    assert all("Footnotes" not in p.text for p in _paragraphs(doc))


def test_footnotes_plugin_10_markup() -> None:
    """Plugin 1.0: the tooltip is a bare span inside the link; one box per footnote."""
    box = (
        "<div class='footnote_plugin_container'><div class='footnote_plugin_index'>{n}.</div>"
        "<div class='footnote_plugin_text'><a class='footnote_plugin_link' "
        "href='#footnote_plugin_tooltip_{n}'>&#8593;</a>&nbsp; {t}</div>"
        "<div class='footnote_plugin_end'></div></div>"
    )
    link = (
        "<sup><a href='#' class='footnote_plugin_tooltip' name='footnote_plugin_tooltip_{n}'>"
        "{n})<span>{t}</span></a></sup>"
    )
    doc = _read(
        "<article><p>Old post"
        + link.format(n=1, t="First.")
        + " text"
        + link.format(n=2, t="Second.")
        + ".</p>"
        + box.format(n=1, t="First.")
        + box.format(n=2, t="Second.")
        + "</article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Old post text."
    assert [(m.offset, m.label, m.target) for m in para.markers] == [
        (8, "1", "footnote_plugin_reference_1"),
        (13, "2", "footnote_plugin_reference_2"),
    ]
    refs = _the_refs(doc)
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "First.", "footnote_plugin_reference_1"),
        (2, "Second.", "footnote_plugin_reference_2"),
    ]


def test_mediawiki_references() -> None:
    doc = _read(
        "<div id='content' role='main'><h1>Baclofen</h1>"
        "<p>It is a GABA agonist.<sup id='cite_ref-1' class='reference'>"
        "<a href='#cite_note-1'>[1]</a></sup><sup id='cite_ref-lancet_2-0' class='reference'>"
        "<a href='#cite_note-lancet-2'>[2]</a></sup></p>"
        "<h2><span class='mw-headline' id='References'>References</span>"
        "<span class='mw-editsection'>[<a href='/w/index.php?action=edit'>edit</a>]</span></h2>"
        "<div class='reflist'><ol class='references'>"
        "<li id='cite_note-1'><span class='mw-cite-backlink'><b><a href='#cite_ref-1'>^</a></b>"
        "</span> <span class='reference-text'>Rang HP. Pharmacology.</span></li>"
        "<li id='cite_note-lancet-2'><span class='mw-cite-backlink'>^ "
        "<a href='#cite_ref-lancet_2-0'>"
        "<sup><i><b>a</b></i></sup></a> <a href='#cite_ref-lancet_2-1'><sup><i><b>b</b></i></sup>"
        "</a></span> <span class='reference-text'>Lancet 2010.</span></li></ol></div></div>"
    )
    assert _headings(doc) == [(1, "Baclofen"), (2, "References")]
    para = _paragraphs(doc)[0]
    assert para.text == "It is a GABA agonist."
    assert para.markers == [Marker(21, "1", "cite_note-1"), Marker(21, "2", "cite_note-lancet-2")]
    refs = _the_refs(doc)
    assert refs.heading == "References"
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "Rang HP. Pharmacology.", "cite_note-1"),
        (2, "Lancet 2010.", "cite_note-lancet-2"),
    ]


def test_gfm_footnotes() -> None:
    doc = _read(
        "<article><p>Onset in 1 hour<sup><a href='#user-content-fn-1' id='user-content-fnref-1' "
        "data-footnote-ref aria-describedby='footnote-label'>1</a></sup>.</p>"
        "<section data-footnotes class='footnotes'><h2 id='footnote-label' class='sr-only'>"
        "Footnotes</h2><ol><li id='user-content-fn-1'><p>Label text. <a "
        "href='#user-content-fnref-1' data-footnote-backref class='data-footnote-backref' "
        "aria-label='Back to content'>↩</a></p></li></ol></section></article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Onset in 1 hour."
    assert para.markers == [Marker(15, "1", "user-content-fn-1")]
    refs = _the_refs(doc)
    assert refs.heading == "Footnotes"
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "Label text.", "user-content-fn-1")
    ]


def test_pandoc_footnotes() -> None:
    doc = _read(
        "<main><p>Half-life 3 to 4 hours<a href='#fn1' class='footnote-ref' id='fnref1' "
        "role='doc-noteref'><sup>1</sup></a>.</p>"
        "<section class='footnotes footnotes-end-of-document' role='doc-endnotes'><hr />"
        "<ol><li id='fn1'><p>Product monograph.<a href='#fnref1' class='footnote-back' "
        "role='doc-backlink'>↩︎</a></p></li></ol></section></main>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Half-life 3 to 4 hours."
    assert para.markers == [Marker(22, "1", "fn1")]
    refs = _the_refs(doc)
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "Product monograph.", "fn1")
    ]


def test_marker_targets_resolve_to_entry_anchors() -> None:
    """Old-style `<a name>` targets map to their entry; other superscript links cite nothing."""
    doc = _read(
        "<article><p>J. Smith<sup><a href='#aff1'>1</a></sup> wrote it"
        "<sup><a href='#fn2'>2</a></sup> and cited a trial"
        "<sup><a href='https://pubmed.example/123'>[3]</a></sup>.</p>"
        "<p id='aff1'>University of Somewhere</p>"
        "<h2>References</h2><ol><li id='r1'>First.</li>"
        "<li id='r2'><a name='fn2'></a>Second.</li><li>Third, 2020.</li></ol></article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "J. Smith wrote it and cited a trial."
    assert para.markers == [Marker(17, "2", "r2"), Marker(35, "3", None)]


def test_bare_sup_markers_when_the_page_ends_with_a_numbered_list() -> None:
    doc = _read(
        "<article><p>Baclofen is a GABA-B agonist.<sup>1</sup> Doses vary<sup>2,3</sup>.</p>"
        "<ol><li>Label, 2019.</li><li>Review, 2020.</li><li>Trial, 2021.</li></ol></article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == "Baclofen is a GABA-B agonist. Doses vary."
    assert [(m.offset, m.label, m.target) for m in para.markers] == [
        (29, "1", None),
        (40, "2", None),
        (40, "3", None),
    ]
    refs = _the_refs(doc)
    assert [e.number for e in refs.entries] == [1, 2, 3]
    assert not _lists(doc)


def test_bare_sup_stays_text_without_a_reference_list() -> None:
    doc = _read("<article><p>Area in m<sup>2</sup> and note<sup>1</sup>.</p></article>")
    para = _paragraphs(doc)[0]
    assert para.text == "Area in m2 and note1."
    assert para.markers == []


def test_superscripts_that_are_not_markers() -> None:
    doc = _read(
        "<article><p>Dose 75 mg/m<sup>2</sup> of Lioresal<sup>®</sup> or Gablofen<sup>™</sup>; "
        "platelets 150 x10<sup>9</sup>/L; on the 1<sup>st</sup> day.<sup>1</sup></p>"
        "<table><tr><th>Effect</th><th>Rate</th></tr>"
        "<tr><td>Drowsiness<sup>a</sup></td><td>10%</td></tr></table>"
        "<h2>References</h2><ol><li>Label, 2019.</li></ol></article>"
    )
    para = _paragraphs(doc)[0]
    assert para.text == (
        "Dose 75 mg/m2 of Lioresal® or Gablofen™; platelets 150 x109/L; on the 1st day."
    )
    assert para.markers == [Marker(len(para.text), "1", None)]
    rows = [p.text for p in _paragraphs(doc)[1:]]
    assert rows == ["Effect | Rate", "Drowsinessa | 10%"]  # table note letters stay inline
    assert all(not p.markers for p in _paragraphs(doc)[1:])


def test_reference_list_after_a_bold_paragraph_heading() -> None:
    doc = _read(
        "<div class='entry-content'><p>Text about dosing.</p><p><strong>Sources:</strong></p>"
        "<ul><li>FDA label, 2017. https://www.accessdata.fda.gov/x.pdf</li>"
        "<li>Smith J et al. Neurology 2004;62:1-5.</li></ul></div>"
    )
    refs = _the_refs(doc)
    assert refs.heading == "Sources:"
    assert [e.number for e in refs.entries] == [1, 2]
    assert [p.text for p in _paragraphs(doc)] == ["Text about dosing."]
    assert not _lists(doc)


# --- blocks -----------------------------------------------------------------------------------


def test_nested_lists_are_flattened_with_depth() -> None:
    doc = _read(
        "<article><ul><li>Nervous system<ul><li>Drowsiness</li><li>Dizziness<ol>"
        "<li>Severe</li></ol></li></ul> (common)</li><li>Skin<ul><li>Rash</li></ul></li>"
        "</ul></article>"
    )
    lst = _the_list(doc)
    assert [(i.text, i.depth) for i in lst.items] == [
        ("Nervous system (common)", 0),
        ("Drowsiness", 1),
        ("Dizziness", 1),
        ("Severe", 2),
        ("Skin", 0),
        ("Rash", 1),
    ]


def test_tables_headings_breaks_and_whitespace() -> None:
    doc = _read(
        "<main><h2>4.8<br>Undesirable&nbsp;effects</h2>"
        "<p>Line one<br>line   two\n and three.</p>"
        "<table><caption>Frequency</caption><thead><tr><th>Organ</th><th>Effect</th></tr></thead>"
        "<tbody><tr><td>CNS</td><td><p>Sedation</p></td></tr><tr><td></td><td>Ataxia</td></tr>"
        "</tbody></table><pre>a  b\n  c</pre><p> </p><div>Loose <b>div</b> text</div></main>"
    )
    assert _headings(doc) == [(2, "4.8 Undesirable effects")]
    assert [p.text for p in _paragraphs(doc)] == [
        "Line one line two and three.",
        "Frequency",
        "Organ | Effect",
        "CNS | Sedation",
        "Ataxia",
        "a b\nc",
        "Loose div text",
    ]


def test_paragraph_labels() -> None:
    doc = _read(
        "<article><p><strong>Very common (may affect more than 1 in 10 people)</strong></p>"
        "<p><b>Pregnancy</b>: avoid.</p><p><strong>Note:</strong> take with water.</p>"
        "<p>Take <strong>twice</strong> daily.</p><p><b>Warning</b> read this.</p></article>"
    )
    assert [(p.text, p.label) for p in _paragraphs(doc)] == [
        (
            "Very common (may affect more than 1 in 10 people)",
            "Very common (may affect more than 1 in 10 people)",
        ),
        ("Pregnancy: avoid.", "Pregnancy"),
        ("Note: take with water.", "Note"),
        ("Take twice daily.", None),
        ("Warning read this.", None),
    ]


def test_page_chrome_without_a_content_element() -> None:
    doc = _read(
        "<div class='top'><nav><ul><li><a href='/'>Home</a></li><li><a href='/p'>Products</a>"
        "</li></ul></nav></div>"
        "<div class='wrap'><h1>Gabapentin</h1><p>Gabapentin is an anticonvulsant medication "
        "used to treat partial seizures and neuropathic pain.</p>"
        "<div class='sidebar'><h3>Popular</h3><ul><li>Aspirin</li><li>Ibuprofen</li></ul></div>"
        "<div class='social-share'>Share on Facebook</div>"
        "<form class='quote'><label>Email</label><ul><li>Gabapentin USP</li></ul></form>"
        "<p style='display:none'>Hidden text</p><p hidden>Also hidden</p>"
        "<div class='cookie-banner'>We use cookies</div><button>Buy</button></div>"
        "<footer><ul><li>Privacy Policy</li></ul></footer>"
    )
    assert _headings(doc) == [(1, "Gabapentin")]
    assert [p.text for p in _paragraphs(doc)] == [
        "Gabapentin is an anticonvulsant medication used to treat partial seizures and "
        "neuropathic pain."
    ]
    assert _lists(doc) == []


def test_metadata_fallbacks() -> None:
    head = (
        "<title>Baclofen Tablets | Example Pharmacy</title>"
        "<link rel='canonical' href='/relative/only'>"
        "<meta property='og:url' content='https://example.org/baclofen'>"
    )
    doc = read_html(
        f"<html lang='de-DE'><head>{head}</head><body><p>Text of the page.</p></body></html>"
    )
    assert doc.title == "Baclofen Tablets"
    assert doc.url == "https://example.org/baclofen"
    assert doc.site == "example.org"
    assert doc.language == "de"
    wiki = read_html(
        "<html><head><title>Mozilla - Wikipedia</title>"
        "<link rel='canonical' href='https://en.wikipedia.org/wiki/Mozilla'></head>"
        "<body><p>Text.</p></body></html>"
    )
    assert wiki.title == "Mozilla"
    assert wiki.language is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("just a line of plain text, no markup at all", "no HTML markup"),
        ("\x00\x01\x02\x03\x04\x05" * 200 + "<p>x</p>", "binary"),
    ],
)
def test_bad_input_raises(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        read_html(text)


def test_markup_without_text_is_low_content() -> None:
    doc = read_html("<html><body><div><img src='a.png'></div></body></html>")
    assert doc.blocks == []
    assert [code for code, _ in doc.notes] == ["low-content"]


# --- real pages -----------------------------------------------------------------------------


def _corpus(corpus_dir: Path, name: str) -> Document:
    return read_html((corpus_dir / name).read_text(encoding="utf-8", errors="replace"))


def test_wikipedia_references_and_markers(corpus_dir: Path) -> None:
    doc = _corpus(corpus_dir, "readability-testpages-html/wikipedia-mozilla.source.html")
    assert doc.title == "Mozilla"
    refs = _refs(doc)
    assert len(refs) == 1
    entries = refs[0].entries
    # The saved page has 72 notes (numbered 1-72) under "References".
    assert len(entries) == 72
    assert [e.number for e in entries] == list(range(1, 73))
    assert refs[0].heading == "References"
    anchors = {e.anchor for e in entries}
    markers = [m for _, m in _markers(doc)]
    assert len(markers) > 70
    assert all(m.target in anchors for m in markers)
    assert all(not e.text.startswith(("^", "↑")) for e in entries)
    text = "\n".join(_texts(doc))
    for chrome in ("Main page", "Navigation menu", "Jump to", "[edit]", "Random article"):
        assert chrome not in text, chrome
    assert not any("[1]" in t for t in _texts(doc))


def test_webmd_drops_site_menus(corpus_dir: Path) -> None:
    doc = _corpus(corpus_dir, "readability-testpages-html/webmd-2-superbugs.source.html")
    text = "\n".join(_texts(doc))
    assert "Privacy Policy" not in text
    assert "Superbugs: What They Are and How You Get Them" in [h for _, h in _headings(doc)]
    assert any(p.text.startswith("April 17, 2015 -- Imagine being sick") for p in _paragraphs(doc))


def test_gravitate_leaflets_side_effect_sections(corpus_dir: Path) -> None:
    files = sorted((corpus_dir / "gravitate-health-pil-html").glob("*.html"))
    assert files
    for path in files:
        doc = read_html(path.read_text(encoding="utf-8"))
        blocks = doc.blocks
        index = next(
            i
            for i, b in enumerate(blocks)
            if isinstance(b, Heading) and b.level == 2 and b.text == "4. Possible side effects"
        )
        section: list[Block] = []
        for block in blocks[index + 1 :]:
            if isinstance(block, Heading) and block.level <= 2:
                break
            section.append(block)
        items = [i for b in section if isinstance(b, ListBlock) for i in b.items]
        assert len(items) >= 5, path.name


def test_chromato_product_pages(corpus_dir: Path) -> None:
    files = sorted((corpus_dir / "chromatoscientific-supplier-html").glob("*.html"))
    assert files
    for path in files:
        doc = read_html(path.read_text(encoding="utf-8"))
        drug = path.stem.capitalize()
        assert (1, drug) in _headings(doc), path.name
        assert doc.title == drug
        lead = next(p for p in _paragraphs(doc) if p.text.startswith(drug))
        assert len(lead.text) > 100
        text = "\n".join(_texts(doc))
        for chrome in ("Working Standards", "Contact Us", "Reliability Assured", "Request Quote"):
            assert chrome not in text, (path.name, chrome)
        assert not any(i.text in ("Home", "Company", "Careers") for i in _items(doc))


def test_every_corpus_page_reads(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.rglob("*.html"))
    assert len(files) >= 15
    for path in files:
        doc = read_html(path.read_text(encoding="utf-8", errors="replace"))
        assert doc.blocks, path.name
        assert doc.title, path.name


def test_footnote_box_of_numbered_paragraphs() -> None:
    doc = _read(
        "<article><p>Renal dosing<sup><a href='#fn1'>1</a></sup> differs.</p>"
        "<div class='footnote'>* Prices exclude VAT.</div>"
        "<div class='footnotes'><p id='fn1'><sup>1</sup>Adjust for CrCl below 50.</p>"
        "<p id='fn2'>2. Avoid in dialysis.</p></div></article>"
    )
    assert [p.text for p in _paragraphs(doc)] == ["Renal dosing differs.", "* Prices exclude VAT."]
    assert _paragraphs(doc)[0].markers == [Marker(12, "1", "fn1")]
    refs = _the_refs(doc)
    assert [(e.number, e.text, e.anchor) for e in refs.entries] == [
        (1, "Adjust for CrCl below 50.", "fn1"),
        (2, "Avoid in dialysis.", "fn2"),
    ]
