from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO_ROOT
from typer.testing import CliRunner

from ingest.cli import app

SEED = REPO_ROOT / "raw" / "baclofen-pna.txt"
runner = CliRunner()


def _pages(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "baclofen.txt")
    (pages / "empty.html").write_bytes(b"   \n")
    (pages / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    (pages / "README.md").write_text("# not a page\n")
    return pages


def test_run_writes_good_pages_and_names_each_failure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(_pages(tmp_path)), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert "empty.html: empty-page" in result.output
    assert "binary.txt: binary-input" in result.output
    assert "README" not in result.output  # documentation beside pages is skipped
    assert sorted(p.name for p in out.iterdir()) == ["baclofen.json"]
    record = json.loads((out / "baclofen.json").read_text(encoding="utf-8"))
    assert record["source"]["path"] == "baclofen.txt"
    assert record["title"] == "API: Baclofen"


def test_run_all_good_exits_zero_and_output_is_canonical(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEED), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    text = (out / "baclofen.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "schema_version": "1.0",\n  "id"')
    assert "“" in text  # UTF-8, not \u escapes


def test_failed_page_keeps_its_previous_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(SEED), "--out", str(out), "-q"])
    before = (out / "baclofen.json").read_bytes()
    broken = tmp_path / "baclofen-pna.txt"
    broken.write_bytes(b"")
    result = runner.invoke(app, ["run", str(broken), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert (out / "baclofen.json").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert runner.invoke(app, ["run", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["run"]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["run", str(empty)]).exit_code == 2


def test_show_prints_the_record() -> None:
    result = runner.invoke(app, ["show", str(SEED)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["drug"]["normalized"] == "baclofen"


def test_validate_names_the_bad_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(SEED), "--out", str(out), "-q"])
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    record = json.loads((out / "baclofen.json").read_text(encoding="utf-8"))
    record["side_effects"][0]["frequency"] = "sometimes"
    (out / "broken.json").write_text(json.dumps(record), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 1
    assert "broken.json" in result.output and "side_effects.0.frequency" in result.output


def test_diff_shows_changed_facts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(SEED), "--out", str(out), "-q"])
    old = out / "baclofen.json"
    record = json.loads(old.read_text(encoding="utf-8"))
    record["side_effects"] = record["side_effects"][1:]
    record["interactions"][0]["severity"] = "minor"
    new = tmp_path / "new.json"
    new.write_text(json.dumps(record), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    assert "- side_effects: Drowsiness and fatigue" in result.stdout
    assert "~ interactions: acetaminophen: severity 'major' -> 'minor'" in result.stdout
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.stdout == ""


def test_schema_check_detects_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n")
    assert runner.invoke(app, ["schema", "--check", "--out", str(stale)]).exit_code == 1
    assert runner.invoke(app, ["schema", "--out", str(stale)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "--out", str(stale)]).exit_code == 0


def test_prune_deletes_records_of_pages_gone_but_keeps_failed_ones(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "a.txt")
    (pages / "b.txt").write_text("Aspirin\n\nSide Effects\n\n- Nausea\n- Rash\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(pages), "--out", str(out), "-q"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["aspirin.json", "baclofen.json"]
    (pages / "b.txt").unlink()
    (pages / "a.txt").write_bytes(b"")  # now fails: its last good record must stay
    (out / "notes.json").write_text("{}")  # not a record: never deleted
    result = runner.invoke(app, ["run", str(pages), "--out", str(out), "-q", "--prune"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["baclofen.json", "notes.json"]
    assert "deleted stale record" in result.output and "aspirin.json" in result.output


def test_worker_processes_give_the_same_records(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "a.txt")
    shutil.copy(REPO_ROOT / "raw" / "openfda-spl" / "cough.xml", pages / "cough.xml")
    (pages / "bad.html").write_bytes(b"")
    serial, pooled = tmp_path / "serial", tmp_path / "pooled"
    assert runner.invoke(app, ["run", str(pages), "-o", str(serial), "-q"]).exit_code == 1
    result = runner.invoke(app, ["run", str(pages), "-o", str(pooled), "-q", "--jobs", "2"])
    assert result.exit_code == 1 and "bad.html: empty-page" in result.output
    names = sorted(p.name for p in serial.iterdir())
    assert names == sorted(p.name for p in pooled.iterdir()) and len(names) == 2
    for name in names:
        assert (serial / name).read_bytes() == (pooled / name).read_bytes()
