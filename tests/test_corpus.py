"""Every real page of the shared corpus: a schema-valid record or a clear per-page
error, never a traceback; the same bytes twice give the same record."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from ingest import Monograph, PageError, structure, to_json
from ingest.batch import discover

PAGES = discover([CORPUS]) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def records(corpus_dir: Path) -> dict[str, Monograph | PageError]:
    out: dict[str, Monograph | PageError] = {}
    for page in discover([corpus_dir]):
        try:
            out[page.name] = structure(page.path.read_bytes(), source=page.name)
        except PageError as error:
            out[page.name] = error
    return out


def test_the_corpus_has_pages_of_every_source(records: dict[str, object]) -> None:
    sources = {name.split("/")[0] for name in records}
    assert len(sources) == 9
    assert len(records) >= 40


def test_every_page_gives_a_valid_record_or_a_clear_error(
    records: dict[str, Monograph | PageError],
) -> None:
    for name, result in records.items():
        if isinstance(result, PageError):
            assert result.code and result.reason, name
            continue
        again = Monograph.model_validate_json(to_json(result))
        assert again == result, name
        assert result.sections and result.title.strip(), name


def test_only_multi_page_files_fail(records: dict[str, Monograph | PageError]) -> None:
    failed = {name: r.code for name, r in records.items() if isinstance(r, PageError)}
    assert failed == {"medlineplus-text-scrape-json/example.json": "multi-page-file"}


def test_output_is_deterministic(corpus_dir: Path) -> None:
    for page in discover([corpus_dir])[::4]:
        raw = page.path.read_bytes()
        try:
            first = to_json(structure(raw, source=page.name))
        except PageError:
            continue
        assert to_json(structure(raw, source=page.name)) == first, page.name


def test_supplier_pages_say_they_are_not_monographs(
    records: dict[str, Monograph | PageError],
) -> None:
    for name, result in records.items():
        if name.startswith("chromatoscientific-supplier-html/"):
            assert isinstance(result, Monograph)
            codes = {d.code for d in result.diagnostics}
            assert "not-a-monograph" in codes, name
            assert not result.side_effects and not result.interactions, name


def test_non_english_pages_get_a_language_diagnostic(
    records: dict[str, Monograph | PageError],
) -> None:
    for name, result in records.items():
        if name.startswith(
            (
                "aemps-epi-fhir-xml/",
                "trafilatura-eval-health-html/gelbe",
                "trafilatura-eval-health-html/omeda",
            )
        ):
            assert isinstance(result, Monograph)
            assert result.language in ("es", "de"), name
            assert "language" in {d.code for d in result.diagnostics}, name
            assert not result.side_effects and not result.indications, name
