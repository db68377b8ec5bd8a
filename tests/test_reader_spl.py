"""The SPL reader on real DailyMed labels and on small synthetic sections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from ingest.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph, ReferenceList
from ingest.errors import PageError
from ingest.readers.loinc import kind_for_loinc
from ingest.readers.spl import read_spl

V3 = "{urn:hl7-org:v3}"


def _read(path: Path) -> Document:
    return read_spl(path.read_text(encoding="utf-8"))


def _headings(doc: Document) -> list[Heading]:
    return [b for b in doc.blocks if isinstance(b, Heading)]


def _heading(doc: Document, text: str) -> Heading:
    found = [h for h in _headings(doc) if h.text == text]
    assert found, f"no heading {text!r} in {[h.text for h in _headings(doc)]}"
    return found[0]


def _after(doc: Document, heading_text: str) -> list[Block]:
    """The blocks between a heading and the next heading."""
    blocks = doc.blocks
    start = blocks.index(_heading(doc, heading_text)) + 1
    end = next((i for i in range(start, len(blocks)) if isinstance(blocks[i], Heading)), None)
    return blocks[start:end]


def _texts(doc: Document) -> Iterator[str]:
    for block in doc.blocks:
        if isinstance(block, Paragraph | Heading):
            yield block.text
        elif isinstance(block, ListBlock):
            yield from (item.text for item in block.items)


def _spl_files(corpus: Path) -> list[Path]:
    return sorted([*corpus.glob("openfda-spl/*.xml"), *corpus.glob("pharmadb-dailymed-spl/*.xml")])


@pytest.fixture(scope="module")
def humira(corpus_dir: Path) -> Document:
    return _read(corpus_dir / "openfda-spl" / "humira.xml")


def test_every_spl_label_reads(corpus_dir: Path) -> None:
    files = _spl_files(corpus_dir)
    assert len(files) >= 8
    for path in files:
        doc = _read(path)
        assert doc.format == "spl"
        assert doc.language == "en"
        assert doc.site == "DailyMed"
        assert doc.url and doc.url.startswith("https://dailymed.nlm.nih.gov/")
        first = doc.blocks[0]
        assert isinstance(first, Heading) and first.level == 1 and first.text == doc.title
        assert len(_headings(doc)) >= 8, path.name
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                assert block.text and block.text == " ".join(block.text.split()), path.name
                assert all(0 <= m.offset <= len(block.text) for m in block.markers)


def test_humira_title_url_and_section_kinds(humira: Document) -> None:
    assert humira.title == "HUMIRA (adalimumab) injection, for subcutaneous use"
    assert humira.url == (
        "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=608d4f0d-b19f-46d3-749a-7159aa5f933d"
    )
    expected = {
        "1 INDICATIONS AND USAGE": "indications",
        "2 DOSAGE AND ADMINISTRATION": "dosage",
        "4 CONTRAINDICATIONS": "contraindications",
        "5 WARNINGS AND PRECAUTIONS": "warnings",
        "6 ADVERSE REACTIONS": "side_effects",
        "7 DRUG INTERACTIONS": "interactions",
        "12.1 Mechanism of Action": "mechanism",
        "15 REFERENCES": "references",
        "WARNING: SERIOUS INFECTIONS AND MALIGNANCY": "warnings",
    }
    for text, kind in expected.items():
        assert _heading(humira, text).kind_hint == kind
    # numbered sub-sections of an SPL carry the content-neutral "unclassified" code
    assert _heading(humira, "1.1 Rheumatoid Arthritis").kind_hint is None
    top = _heading(humira, "6 ADVERSE REACTIONS")
    sub = _heading(humira, "6.1 Clinical Trials Experience")
    assert (top.level, sub.level) == (2, 3)


def test_humira_citation_marker_links_to_reference(humira: Document) -> None:
    refs = [b for b in humira.blocks if isinstance(b, ReferenceList)]
    assert len(refs) == 1 and refs[0].heading == "15 REFERENCES"
    entry = refs[0].entries[0]
    assert entry.number == 1
    assert entry.text.startswith(
        "National Cancer Institute. Surveillance, Epidemiology, and End Results Database (SEER)"
    )
    para = next(
        b
        for b in humira.blocks
        if isinstance(b, Paragraph) and "race). Rates of lymphoma" in b.text
    )
    assert [m.label for m in para.markers] == ["1"]
    offset = para.markers[0].offset
    assert para.text[:offset].endswith("(adjusted for age, gender, and race).")
    # every marker in the label points at a listed reference, and only the two real ones exist
    markers = [m for b in humira.blocks if isinstance(b, Paragraph) for m in b.markers]
    assert len(markers) == 2
    assert {m.label for m in markers} == {str(e.number) for e in refs[0].entries}


def test_humira_unit_exponents_and_trademarks_stay_inline(humira: Document) -> None:
    para = next(b for b in humira.blocks if isinstance(b, Paragraph) and "24 mg/m2 up to" in b.text)
    assert para.markers == []
    supplied = next(
        b for b in humira.blocks if isinstance(b, Paragraph) and "HUMIRA® (adalimumab) is" in b.text
    )
    assert supplied.markers == []
    assert any("10^-10" in t for t in _texts(humira))  # "1-2 X 10<sup>-10</sup> M"


def test_humira_highlights_are_not_duplicated(humira: Document) -> None:
    texts = list(_texts(humira))
    assert not any(
        "See full prescribing information for complete boxed warning" in t for t in texts
    )
    assert not any(
        t.startswith("HUMIRA is a tumor necrosis factor (TNF) blocker indicated for treatment of")
        for t in texts
    )


def test_humira_tables_become_rows_without_footnote_letters(humira: Document) -> None:
    rows = [b.text for b in humira.blocks if isinstance(b, Paragraph) and " | " in b.text]
    assert "Upper respiratory infection | 17% | 13%" in rows
    # "Physician global assessment<sup>b</sup>" must not glue the footnote letter on
    assert any(r.startswith("Physician global assessment |") for r in rows)
    assert not any(r.startswith("Physician global assessmentb") for r in rows)


def test_lipitor_table_footnotes_are_notes_not_markers(corpus_dir: Path) -> None:
    path = corpus_dir / "openfda-spl" / "lipitor-orig.xml"
    doc = _read(path)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert block.markers == [], block.text
        elif isinstance(block, ListBlock):
            assert all(item.markers == [] for item in block.items)
    # the label's table notes are kept as text after their table
    root = etree.fromstring(path.read_bytes())
    body = root.find(f"{V3}component/{V3}structuredBody")
    assert body is not None
    raw = ("".join(str(t) for t in f.itertext()) for f in body.iter(f"{V3}footnote"))
    notes = {" ".join(n.split()) for n in raw if n.strip()}
    texts = set(_texts(doc))
    assert len(notes) >= 5
    assert notes <= texts
    refs = [b for b in doc.blocks if isinstance(b, ReferenceList)]
    assert refs and refs[0].entries[0].number == 1
    assert refs[0].entries[0].text.startswith("National Cholesterol Education Program")
    assert any("(mg/m2)" in t for t in texts)


def test_no_title_label_falls_back_to_the_product_name(corpus_dir: Path) -> None:
    doc = _read(corpus_dir / "openfda-spl" / "no-title.xml")
    assert doc.title == "Haloperidol"
    assert doc.blocks[0] == Heading(1, "Haloperidol")
    assert _heading(doc, "ADVERSE REACTIONS").kind_hint == "side_effects"
    assert _heading(doc, "PRECAUTIONS").kind_hint == "warnings"


def test_otc_cough_label_sections_and_items(corpus_dir: Path) -> None:
    doc = _read(corpus_dir / "openfda-spl" / "cough.xml")
    assert doc.title and doc.title.startswith("TRIAMINIC Childrens Night Time Cold and Cough")
    assert _heading(doc, "Uses").kind_hint == "indications"
    assert _heading(doc, "Warnings").kind_hint == "warnings"
    assert _heading(doc, "Do not use").kind_hint == "contraindications"
    assert _heading(doc, "Ask a doctor or pharmacist before use if the child is").kind_hint == (
        "interactions"
    )
    assert _heading(doc, "Do not use").level == _heading(doc, "Warnings").level + 1
    uses = [b for b in _after(doc, "Uses") if isinstance(b, ListBlock)]
    # "temporarily relieves • sneezing • runny nose": typed bullets become nested items
    items = uses[0].items
    assert items[0] == ListItem("temporarily relieves", 0)
    assert ListItem("sneezing", 1) in items and ListItem("runny nose", 1) in items
    do_not = [b for b in _after(doc, "Do not use") if isinstance(b, ListBlock)]
    assert do_not[0].items[0].text == "in a child under 4 years of age"
    # a call to action with a web address is text, not a heading
    assert not any("www.triaminic.com" in h.text for h in _headings(doc))
    assert any(t.startswith("For more information plus helpful tips visit") for t in _texts(doc))


def test_humira_runin_subheadings(humira: Document) -> None:
    # a styled paragraph that names the prose after it: one level below its section
    section = _heading(humira, "5.1 Serious Infections")
    for text in ("Tuberculosis", "Monitoring", "Invasive Fungal Infections"):
        sub = _heading(humira, text)
        assert (sub.level, sub.kind_hint) == (section.level + 1, None)
    assert _heading(humira, "Risk Summary").level == _heading(humira, "8.1 Pregnancy").level + 1
    first = _after(humira, "Tuberculosis")[0]
    assert isinstance(first, Paragraph) and first.text.startswith("Cases of reactivation")
    # two stacked sub-headings are both kept, in order
    texts = [h.text for h in _headings(humira)]
    i = texts.index("Other Adverse Reactions")
    assert texts[i + 1] == "Rheumatoid Arthritis Clinical Studies"
    assert texts.count("Clinical Response") == 2
    # Medication Guide questions; of each IFU title block only its first line
    guide = _heading(humira, "MEDICATION GUIDE")
    question = _heading(
        humira, "What is the most important information I should know about HUMIRA?"
    )
    assert question.level == guide.level + 1
    assert texts.count("INSTRUCTIONS FOR USE") == 2
    assert "What are the ingredients in HUMIRA?" in texts  # followed by "Label: text" lines
    not_headings = (
        "SERIOUS INFECTIONS",  # inside the all-bold boxed warning
        "MALIGNANCY",
        "HUMIRA® (Hu-MARE-ah)",  # title-block lines
        "(adalimumab)",
        "SINGLE-USE PEN",
        "Before starting HUMIRA, tell your doctor if you:",  # a lead-in to a list
        "IMPORTANT",
        "Figure 1. Study RA-III ACR 20 Responses over 52 Weeks",  # figure titles
        "Figure A",
    )
    assert not set(not_headings) & set(texts)
    paragraphs = {b.text for b in humira.blocks if isinstance(b, Paragraph)}
    assert {"SERIOUS INFECTIONS", "(adalimumab)", "Figure A"} <= paragraphs


def test_lipitor_leaflet_questions_but_no_carton_headings(corpus_dir: Path) -> None:
    doc = _read(corpus_dir / "openfda-spl" / "lipitor-orig.xml")
    texts = [h.text for h in _headings(doc)]
    assert "What is LIPITOR?" in texts and "What are the Ingredients in LIPITOR?" in texts
    # principal display panels are carton text: "Pfizer", "10 mg*" stay paragraphs
    assert "Pfizer" not in texts
    assert not any(t.startswith(("10 mg", "Rx only")) for t in texts)
    assert not any(t.startswith("Figure") for t in texts)


def test_otc_rogaine_untitled_sections_get_headings(corpus_dir: Path) -> None:
    doc = _read(corpus_dir / "pharmadb-dailymed-spl" / "ab36b844-19de-4340-b32b-5e3abdaa5895.xml")
    assert doc.title == "MEN's Rogaine® UNSCENTED"
    assert _heading(doc, "Use").kind_hint == "indications"
    assert _heading(doc, "Warnings").kind_hint == "warnings"
    # the "Do not use" section has no <title>: its bold lead paragraph names it
    do_not = _heading(doc, "Do not Use if")
    assert do_not.kind_hint == "contraindications"
    assert do_not.level == _heading(doc, "Warnings").level + 1
    items = next(b for b in _after(doc, "Do not Use if") if isinstance(b, ListBlock)).items
    assert items[0].text == "you are a woman" and len(items) == 8
    assert _heading(doc, "Stop use and ask a doctor if").kind_hint == "warnings"
    # a lead-in followed by more text names the section but stays in the text
    ask = _after(doc, "Ask a doctor before use if you have")
    assert ask == [Paragraph("Ask a doctor before use if you have heart disease")]


# --- synthetic sections: one rule each ----------------------------------------------------


def _doc(sections: str, title: str = "Testol (testolol) tablets") -> Document:
    return read_spl(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<document xmlns="urn:hl7-org:v3">'
        f'<title>{title}</title><setId root="abc-123"/>'
        f"<component><structuredBody>{sections}</structuredBody></component></document>"
    )


def _section(code: str, title: str | None, body: str, children: str = "") -> str:
    head = f"<title>{title}</title>" if title is not None else ""
    return (
        f'<component><section><code code="{code}" displayName="X"/>{head}'
        f"<text>{body}</text>{children}</section></component>"
    )


REFS = _section(
    "34093-5",
    "15 REFERENCES",
    "<list><item>1. First ref.</item><item>2. Second ref.</item><item>3. Third.</item></list>",
)


def test_superscript_rules() -> None:
    body = (
        "<paragraph>Shown before.<sup>1,2</sup> Also<sup>3</sup> here.</paragraph>"
        "<paragraph>Counts of 10<sup>9</sup>/L at 5 mg/m<sup>2</sup> and 25<sup>th</sup>."
        "</paragraph><paragraph>Month 6<sup>a</sup> | N=207<sup>b,c</sup></paragraph>"
    )
    doc = _doc(_section("34084-4", "6 ADVERSE REACTIONS", body) + REFS)
    first, second, third = (b for b in doc.blocks if isinstance(b, Paragraph))
    assert first.text == "Shown before. Also here."
    assert [(m.offset, m.label) for m in first.markers] == [(13, "1"), (13, "2"), (18, "3")]
    assert second.text == "Counts of 10^9/L at 5 mg/m2 and 25th."
    assert second.markers == []
    assert third.text == "Month 6 | N=207"  # footnote letters after numbers are no exponents
    refs = next(b for b in doc.blocks if isinstance(b, ReferenceList))
    assert [(e.number, e.text) for e in refs.entries] == [
        (1, "First ref."),
        (2, "Second ref."),
        (3, "Third."),
    ]


def test_numbers_beyond_the_reference_list_stay_text() -> None:
    body = "<paragraph>Area in m<sup>2</sup> and value x<sup>7</sup> end.</paragraph>"
    doc = _doc(_section("34084-4", "6 ADVERSE REACTIONS", body) + REFS)
    para = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert para.text == "Area in m2 and value x7 end."
    assert para.markers == []


def test_table_rows_notes_and_labels() -> None:
    table = (
        "<table><caption>Table 1. Reactions</caption>"
        "<thead><tr><th>Reaction</th><th>Drug</th><th/></tr></thead>"
        "<tbody><tr><td>Nausea<sup>a</sup><footnoteRef IDREF='f1'/></td><td>9%<br/>(n=3)</td></tr>"
        "<tr><td><footnote ID='f1'>Includes vomiting.</footnote></td></tr></tbody></table>"
        "<paragraph><content styleCode='bold'>Renal Impairment:</content> Reduce the dose."
        "</paragraph>"
    )
    doc = _doc(_section("34084-4", "6 ADVERSE REACTIONS", table))
    texts = [(b.text, b.label) for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts == [
        ("Table 1. Reactions", None),
        ("Reaction | Drug", None),
        ("Nausea | 9% (n=3)", None),
        ("Includes vomiting.", None),
        ("Renal Impairment: Reduce the dose.", "Renal Impairment"),
    ]


def test_untitled_sections_and_nested_lists() -> None:
    inner = _section(
        "42229-5",
        None,
        "<paragraph><content styleCode='underline'>Risk Summary</content></paragraph>"
        "<paragraph>Plain text.</paragraph>",
    )
    silent = _section("42229-5", None, "<paragraph>No heading here.</paragraph>")
    lists = (
        "<list listType='ordered'><item>One<list><item>One a</item></list></item>"
        "<item>Two</item></list>"
    )
    doc = _doc(_section("42228-7", "8.1 Pregnancy", lists, inner + silent))
    assert [(h.level, h.text, h.kind_hint) for h in _headings(doc)] == [
        (1, "Testol (testolol) tablets", None),
        (2, "8.1 Pregnancy", "warnings"),
        (3, "Risk Summary", None),
    ]
    block = next(b for b in doc.blocks if isinstance(b, ListBlock))
    assert block.ordered
    assert [(i.text, i.depth) for i in block.items] == [("One", 0), ("One a", 1), ("Two", 0)]
    # the untitled, unstyled section flows into the one before it
    assert doc.blocks[-1] == Paragraph("No heading here.")


def _p(text: str, style: str = "") -> str:
    return (
        f"<paragraph><content styleCode='{style}'>{text}</content></paragraph>"
        if style
        else (f"<paragraph>{text}</paragraph>")
    )


PROSE = _p("Cases have been reported in patients. Monitor them.")


def _runins(body: str, code: str = "42229-5", title: str | None = "5.1 Infections") -> list[str]:
    doc = _doc(_section(code, title, body))
    return [h.text for h in _headings(doc)[1:]]


def test_runin_subheadings_need_styled_short_lines_before_prose() -> None:
    body = _p("Intro text here.") + _p("Tuberculosis", "italics") + PROSE
    doc = _doc(_section("42229-5", "5.1 Infections", body))
    assert [(h.level, h.text, h.kind_hint) for h in _headings(doc)] == [
        (1, "Testol (testolol) tablets", None),
        (2, "5.1 Infections", None),
        (3, "Tuberculosis", None),
    ]
    assert doc.blocks[-1] == Paragraph("Cases have been reported in patients. Monitor them.")
    # nested styles, a list after the line, or a "Label: text" line count as prose
    assert _runins(_p("<content styleCode='italics'>Risk</content>", "bold") + PROSE) == [
        "5.1 Infections",
        "Risk",
    ]
    listed = _p("How should I take it?", "bold") + "<list><item>With water</item></list>"
    assert _runins(listed)[1:] == ["How should I take it?"]
    labelled = _p("What is in it?", "bold") + (
        "<paragraph><content styleCode='bold'>Active ingredient:</content> testolol</paragraph>"
    )
    assert _runins(labelled)[1:] == ["What is in it?"]


def test_runin_rejects_captions_leadins_and_emphasis() -> None:
    not_headings = [
        _p("Figure 1. Mean response", "bold") + "<renderMultiMedia referencedObject='x'/>",
        _p("Table 2 Adverse reactions", "bold") + PROSE,
        _p("Reported infections include:", "bold") + "<list><item>TB</item></list>",
        _p("Do not use the pen.", "bold") + PROSE,  # a sentence
        _p("See “What is Testol?”", "bold") + PROSE,  # a cross-reference
        _p("Visit www.testol.com", "bold") + PROSE,  # a call to action
        _p("tablets", "bold") + PROSE,  # a title-block fragment
        _p("For external use only", "bold") + _p("Do not spray into face"),  # no prose after
        _p("Tuberculosis", "bold") + "<table><tr><td>TB</td></tr></table>",  # a table title
        _p("Use <content styleCode='bold'>only</content> as directed here.") + PROSE,
    ]
    for body in not_headings:
        assert _runins(body) == ["5.1 Infections"], body
    # a bold lead-in with its text stays a labelled paragraph
    label = "<paragraph><content styleCode='bold'>Renal Impairment:</content> Reduce.</paragraph>"
    doc = _doc(_section("42229-5", "5.1 Infections", label + PROSE))
    assert [h.text for h in _headings(doc)[1:]] == ["5.1 Infections"]
    assert Paragraph("Renal Impairment: Reduce.", label="Renal Impairment") in doc.blocks


def test_runin_stacks_boxes_and_cartons() -> None:
    pair = _p("Other Reactions", "underline") + _p("Studies in Adults", "underline") + PROSE
    assert _runins(pair)[1:] == ["Other Reactions", "Studies in Adults"]
    block = (
        _p("INSTRUCTIONS FOR USE", "bold")
        + _p("TESTOL", "bold")
        + _p("(testolol)", "bold")
        + _p("SINGLE-USE PEN", "bold")
        + PROSE
    )
    assert _runins(block)[1:] == ["INSTRUCTIONS FOR USE"]
    multiline = "<paragraph><content styleCode='bold'>TESTOL<br/>(testolol)</content></paragraph>"
    question = multiline + _p("What is Testol?", "bold") + PROSE
    assert _runins(question)[1:] == ["What is Testol?"]
    # an untitled section named by its first styled line: the lines under it are its title
    # block, the sub-headings after them one level deeper
    guide = _p("MEDICATION GUIDE", "bold") + _p("TESTOL", "bold") + _p("(testolol)", "bold")
    doc = _doc(_section("42231-1", None, guide + PROSE + _p("What is Testol?", "bold") + PROSE))
    assert [(h.level, h.text) for h in _headings(doc)[1:]] == [
        (2, "MEDICATION GUIDE"),
        (3, "What is Testol?"),
    ]
    # a boxed warning is bold throughout: its bold lines mark nothing
    boxed = (
        _p("SERIOUS INFECTIONS", "bold")
        + _p("Patients are at risk of infection. Monitor them.", "bold")
        + _p("MALIGNANCY", "bold")
        + _p("Lymphoma has been reported. Tell patients about it.", "bold")
    )
    assert _runins(boxed, "34066-1", "WARNING: INFECTIONS") == ["WARNING: INFECTIONS"]
    carton = _p("Pfizer", "bold") + _p("Each tablet contains 10 mg. Keep it dry.")
    assert _runins(carton, "51945-4", "PRINCIPAL DISPLAY PANEL") == ["PRINCIPAL DISPLAY PANEL"]


def test_highlights_title_boilerplate_is_removed() -> None:
    title = (
        "These highlights do not include all the information needed to use TESTOL safely and "
        "effectively. See full prescribing information for TESTOL.<br/>TESTOL (testolol) "
        "tablets, for oral use<br/>Initial U.S. Approval: 1999"
    )
    doc = _doc(
        _section("34067-9", "1 INDICATIONS AND USAGE", "<paragraph>Uses.</paragraph>"), title
    )
    assert doc.title == "TESTOL (testolol) tablets, for oral use"
    assert doc.url == "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=abc-123"


def test_loinc_map() -> None:
    assert kind_for_loinc("34084-4") == "side_effects"
    assert kind_for_loinc("34073-7") == "interactions"
    assert kind_for_loinc("50570-1") == "contraindications"
    assert kind_for_loinc("42229-5") is None
    assert kind_for_loinc("99999-9") is None
    assert kind_for_loinc(None) is None


def test_broken_xml() -> None:
    with pytest.raises(PageError):
        read_spl("")
    doc = _doc(_section("34067-9", "1 INDICATIONS", "<paragraph>Treats <b>pain.</paragraph>"))
    assert doc.notes and doc.notes[0][0] == "xml-recovered"
    assert Paragraph("Treats pain.") in doc.blocks
