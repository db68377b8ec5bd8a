from __future__ import annotations

from pathlib import Path

import pytest

from ingest import structure
from ingest.record import Monograph, Section
from ingest.site_profiles import ProfileError, load_profile, profile_for_page, resolve_profile

CHROMATO = "chromatoscientific-supplier-html/baclofen.html"
BANNER = "research and development use only"


def _walk(sections: list[Section]) -> list[Section]:
    return [x for s in sections for x in (s, *_walk(s.children))]


def _all_text(record: Monograph) -> str:
    return " ".join(s.text + " ".join(s.items) for s in _walk(record.sections))


def test_builtin_profile_cleans_a_real_supplier_page(corpus_dir: Path) -> None:
    raw = (corpus_dir / CHROMATO).read_bytes()
    plain = structure(raw, source="baclofen.html")
    profiled = structure(raw, source="baclofen.html", profile=resolve_profile("chromatoscientific"))
    assert BANNER in _all_text(plain)  # the default keeps the banner as prose
    assert BANNER not in _all_text(profiled)
    kinds = {s.heading: s.kind for s in _walk(profiled.sections)}
    assert kinds["Baclofen Impurities"] == "commerce"
    assert {s.heading: s.kind for s in _walk(plain.sections)}["Baclofen Impurities"] == "other"


PAGE = """<html><head><link rel="canonical" href="https://www.example-pharmacy.test/drugs/x">
<title>Aspirin</title></head><body>
<div class="promo"><p>Buy two, get one free on every order today only.</p></div>
<div class="monograph"><h1>Aspirin</h1><h2>Shopping notes</h2><p>Take with food.</p>
<h2>Unwanted effects</h2><ul><li>Nausea</li></ul></div>
<div class="footer-ish"><p>Copyright text that is long enough to look like prose here.</p></div>
</body></html>"""


def _write_profile(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "example.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_profile_sets_root_drops_and_kinds(tmp_path: Path) -> None:
    path = _write_profile(
        tmp_path,
        'name = "example"\nhosts = ["example-pharmacy.test"]\n'
        'content_root = "div.monograph"\ndrop = [".promo"]\n'
        '[kinds]\n"^shopping notes$" = "commerce"\n',
    )
    record = structure(PAGE, source="x.html", profile=load_profile(path))
    text = _all_text(record)
    assert "Buy two" not in text and "Copyright" not in text
    kinds = {s.heading: s.kind for s in _walk(record.sections)}
    assert kinds == {
        "Aspirin": "overview",
        "Shopping notes": "commerce",
        "Unwanted effects": "side_effects",
    }


def test_profile_is_found_by_host_only_for_matching_pages() -> None:
    assert profile_for_page(PAGE) is None  # no built-in profile for this host
    chromato_like = PAGE.replace("www.example-pharmacy.test", "chromatoscientific.com")
    found = profile_for_page(chromato_like)
    assert found is not None and found.name == "chromatoscientific"


def test_bad_profiles_name_the_file_and_the_problem(tmp_path: Path) -> None:
    path = _write_profile(tmp_path, '[kinds]\n"x" = "sideeffects"\n')
    with pytest.raises(ProfileError, match=r"example\.toml: unknown kind 'sideeffects'"):
        load_profile(path)
    path = _write_profile(tmp_path, "name = \n")
    with pytest.raises(ProfileError, match=r"example\.toml: cannot read profile"):
        load_profile(path)
    with pytest.raises(ProfileError, match="no profile named 'nope'"):
        resolve_profile("nope")
