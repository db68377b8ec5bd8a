"""What the repository commits is what the code produces: schema and records."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO_ROOT

from ingest.batch import discover, run_batch
from ingest.schema import schema_json


def test_schema_file_is_up_to_date() -> None:
    committed = (REPO_ROOT / "schemas" / "monograph.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "schemas/ is stale: run `ingest schema`"


def test_structured_is_byte_identical_to_a_fresh_run_of_raw(tmp_path: Path) -> None:
    report = run_batch(discover([REPO_ROOT / "raw"]), tmp_path)
    assert report.ok, [(r.page.name, r.error) for r in report.failed]
    fresh = {p.name: p.read_bytes() for p in tmp_path.glob("*.json")}
    committed = {p.name: p.read_bytes() for p in (REPO_ROOT / "structured").glob("*.json")}
    assert sorted(fresh) == sorted(committed), "run `make run` and commit structured/"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"records differ from structured/: {changed} (run `make run`)"
