"""The FHIR ePI reader on the AEMPS SmPC + leaflet bundles and on small synthetic ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.blocks import Document, Heading, ListBlock, ListItem, Paragraph
from ingest.errors import PageError
from ingest.readers.fhir import read_fhir

AEMPS = ["34565.xml", "34565-styled.xml", "54347.xml", "68290.xml", "68290-styled.xml"]


def _read(path: Path) -> Document:
    return read_fhir(path.read_text(encoding="utf-8"))


def _headings(doc: Document) -> dict[str, Heading]:
    return {b.text: b for b in doc.blocks if isinstance(b, Heading)}


def _paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("name", AEMPS)
def test_aemps_epi_reads_as_spanish_sections(corpus_dir: Path, name: str) -> None:
    doc = _read(corpus_dir / "aemps-epi-fhir-xml" / name)
    assert doc.format == "html"
    assert doc.language == "es"
    first = doc.blocks[0]
    assert isinstance(first, Heading) and first.level == 1 and first.text == doc.title
    headings = _headings(doc)
    assert len(headings) >= 10
    assert headings["4.8. Reacciones adversas"].kind_hint == "side_effects"
    assert headings["4.3. Contraindicaciones"].kind_hint == "contraindications"
    interactions = "4.5. Interacción con otros medicamentos y otras formas de interacción"
    assert headings[interactions].kind_hint == "interactions"
    assert headings["4. Posibles efectos adversos"].kind_hint == "side_effects"
    # the Composition's root section is level 2, its numbered sections 3, sub-sections 4
    assert headings["Ficha técnica o resumen de las características del producto"].level == 2
    assert headings["4. Datos clínicos"].level == 3
    assert headings["4.8. Reacciones adversas"].level == 4
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert lists and all(item.text for block in lists for item in block.items)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert block.text == " ".join(block.text.split()) and block.markers == []


def test_mercaptopurine_title_lists_and_placeholders(corpus_dir: Path) -> None:
    doc = _read(corpus_dir / "aemps-epi-fhir-xml" / "34565-styled.xml")
    assert doc.title == "Mercaptopurina Aspen 50 mg comprimidos"
    headings = _headings(doc)
    # "<tomar><usar>" QRD template alternatives are dropped from the title
    assert "2. Qué necesita saber antes de empezar a tomar Mercaptopurina Aspen" in headings
    assert not any("<" in h for h in headings)
    assert headings["No tome Mercaptopurina Aspen:"].kind_hint == "contraindications"
    blocks = doc.blocks
    start = blocks.index(headings["No tome Mercaptopurina Aspen:"])
    following = next(b for b in blocks[start:] if isinstance(b, ListBlock))
    assert following.items[0].text.startswith("si es alérgico al principio activo")


def test_styled_superscripts_stay_inline(corpus_dir: Path) -> None:
    styled = _paragraphs(_read(corpus_dir / "aemps-epi-fhir-xml" / "34565-styled.xml"))
    # <span style="vertical-align:super">2</span>de: the unit keeps its exponent and its gap
    assert any("50–75 mg/m2 de superficie corporal" in t for t in styled)
    assert any("(20 mg/m2 por vía oral)" in t for t in styled)
    plain = _paragraphs(_read(corpus_dir / "aemps-epi-fhir-xml" / "34565.xml"))
    assert any("mg/m2" in t for t in plain)


def test_adverse_reaction_table_rows(corpus_dir: Path) -> None:
    texts = _paragraphs(_read(corpus_dir / "aemps-epi-fhir-xml" / "34565-styled.xml"))
    row = "Infecciones e infestaciones | Poco frecuentes | Infecciones asociadas a neutropenia"
    assert row in texts
    # several short paragraphs in one data cell are values of that cell
    assert "Frecuencia no conocida | Fotosensibilidad; Eritema nodoso" in texts


def _bundle(sections: str, language: str = "en") -> str:
    return (
        '<Bundle xmlns="http://hl7.org/fhir"><entry><resource><Composition>'
        f'<language value="{language}"/><type><coding><code value="100000155532"/></coding></type>'
        '<title value="SmPC"/>'
        f"{sections}</Composition></resource></entry></Bundle>"
    )


def _fhir_section(title: str, code: str, xhtml: str, children: str = "") -> str:
    return (
        f'<section><title value="{title}"/><code><coding><code value="{code}"/></coding></code>'
        f'<text><div xmlns="http://www.w3.org/1999/xhtml">{xhtml}</div></text>{children}</section>'
    )


def test_synthetic_bundle_blocks() -> None:
    body = (
        "<p><strong>Embarazo:</strong> evitar.</p>"
        "<ul><li>uno<ul><li>uno a</li></ul></li><li>dos</li></ul>"
        "<table><tr><td><p>Náuseas</p></td><td>10 mg/m<sup>2</sup></td></tr></table>"
        "<p> </p><p>1 x 10<span style='vertical-align:super'>9</span>/L</p>"
        "<p>- si tiene fiebre,</p><p>-Conserve el envase.</p><p>-10 °C es el límite.</p>"
    )
    child = _fhir_section("4.8. Reacciones adversas", "XXXXXXXXXXXX", body)
    doc = read_fhir(
        _bundle(_fhir_section("1. Nombre", "200000029792", "<p>Testol 5 mg</p>", child))
    )
    assert doc.title == "Testol 5 mg" and doc.language == "en"
    heads = [(b.level, b.text, b.kind_hint) for b in doc.blocks if isinstance(b, Heading)]
    # the placeholder code falls back to the SmPC number "4.8"
    assert heads == [
        (1, "Testol 5 mg", None),
        (2, "1. Nombre", "overview"),
        (3, "4.8. Reacciones adversas", "side_effects"),
    ]
    paras = [(b.text, b.label) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras == [
        ("Testol 5 mg", None),
        ("Embarazo: evitar.", "Embarazo"),
        ("Náuseas | 10 mg/m2", None),
        ("1 x 10^9/L", None),
        ("-10 °C es el límite.", None),
    ]
    nested, typed = (b for b in doc.blocks if isinstance(b, ListBlock))
    assert [(i.text, i.depth) for i in nested.items] == [("uno", 0), ("uno a", 1), ("dos", 0)]
    # paragraphs typed as dash items (Word exports) form one list
    assert [i.text for i in typed.items] == ["si tiene fiebre,", "Conserve el envase."]


def test_json_and_xml_encodings_read_alike() -> None:
    inner = "<p>Náuseas y <b>vómitos</b>.</p><ul><li>uno</li></ul>"
    div = f'<div xmlns="http://www.w3.org/1999/xhtml">{inner}</div>'
    section = {
        "title": "4.8. Reacciones adversas",
        "code": {"coding": [{"code": "200000029816"}]},
        "text": {"status": "generated", "div": div},
        "section": [
            {"title": "4.8.2. Notificación", "code": {"coding": [{"code": "200000029818"}]}}
        ],
    }
    composition = {
        "resourceType": "Composition",
        "language": "es",
        "title": "Ficha técnica",
        "type": {"coding": [{"code": "100000155532"}]},
        "section": [section],
    }
    bundle = {"resourceType": "Bundle", "entry": [{"resource": composition}]}
    from_json = read_fhir(json.dumps(bundle))
    child = _fhir_section("4.8.2. Notificación", "200000029818", "")
    xml = _bundle(_fhir_section("4.8. Reacciones adversas", "200000029816", inner, child), "es")
    from_xml = read_fhir(xml.replace('<title value="SmPC"/>', '<title value="Ficha técnica"/>'))
    assert from_json.language == "es"
    assert from_json.blocks == [
        Heading(1, "Ficha técnica"),
        Heading(2, "4.8. Reacciones adversas", "side_effects"),
        Paragraph("Náuseas y vómitos."),
        ListBlock([ListItem("uno")]),
        Heading(3, "4.8.2. Notificación", "other"),
    ]
    assert from_xml.blocks == from_json.blocks


@pytest.mark.parametrize("text", ["", "{", "<Bundle xmlns='http://hl7.org/fhir'>"])
def test_broken_input_is_a_page_error(text: str) -> None:
    with pytest.raises(PageError):
        read_fhir(text)
