"""Format sniffing: content first, the file name only as a tie-breaker."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers.sniff import sniff_format


def _expected(path: Path) -> str:
    folder, ext = path.parent.name, path.suffix.lower()
    if ext == ".xml":
        return "fhir" if folder.startswith("aemps") else "spl"
    return {".html": "html", ".md": "markdown", ".json": "json", ".txt": "text"}[ext]


def test_every_corpus_file(corpus_dir: Path) -> None:
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file())
    assert len(files) >= 40
    wrong = {}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        # Content decides: the result must not change when the name is withheld.
        got = {sniff_format(text, path.name), sniff_format(text)}
        if got != {_expected(path)}:
            wrong[str(path.relative_to(corpus_dir))] = got
    assert wrong == {}


def test_seed_is_text(seed_text: str) -> None:
    assert sniff_format(seed_text, "baclofen-pna.txt") == "text"
    assert sniff_format(seed_text) == "text"
    # A wrong extension does not override plain content.
    assert sniff_format(seed_text, "page.html") == "text"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('<?xml version="1.0"?>\n<!-- c -->\n<document xmlns="urn:hl7-org:v3"><id/>', "spl"),
        ('<Bundle xmlns="http://hl7.org/fhir"><id value="x"/></Bundle>', "fhir"),
        ('<?xml version="1.0"?><Composition xmlns="http://hl7.org/fhir"/>', "fhir"),
        ("<!doctype html><title>x</title>", "html"),
        ("\ufeff  <HTML><body>x</body></HTML>", "html"),
        ("<p>Baclofen</p><ul><li>a</li></ul>", "html"),
        ("Intro\n" + "<p>para</p>\n" * 10, "html"),
        ('{"name": "Baclofen"}', "json"),
        ('[{"title": "x"}]', "json"),
        ("[1, 2, 3]", "json"),
        ('{"resourceType": "Bundle", "entry": []}', "fhir"),
        ("# Baclofen\n\nText.", "markdown"),
        ("Baclofen\n========\n\nText.", "markdown"),
        ("See [MS Trust](https://www.mstrust.org.uk) for more.", "markdown"),
        ("Side effects:\n\n- a\n- b\n- c\n", "markdown"),
        ("[1] Smith J. Baclofen. 2019.\n[2] Doe A.", "text"),
        ("API: Baclofen\n\nText with 5 < 6 and #hashtag.\n\n  • item\n", "text"),
        ("", "text"),
    ],
)
def test_content_decides(content: str, expected: str) -> None:
    assert sniff_format(content) == expected


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        ("Plain words only.", "notes.md", "markdown"),
        ("Plain words only.", "notes.MARKDOWN", "markdown"),
        ("Plain words only.", "notes.txt", "text"),
        ("Plain words only.", None, "text"),
        ("One **bold** word.", "page.md", "markdown"),
        ("One **bold** word.", "page.txt", "text"),
        ("# Heading\n\nText.", "page.txt", "markdown"),
        ('<document xmlns="urn:hl7-org:v3">', "label.md", "spl"),
    ],
)
def test_extension_only_breaks_ties(content: str, filename: str | None, expected: str) -> None:
    assert sniff_format(content, filename) == expected


def test_looks_only_at_the_head() -> None:
    page = "Plain text line.\n" * 2000 + "# Late heading\n"
    assert sniff_format(page) == "text"
