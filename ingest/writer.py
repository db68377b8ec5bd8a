"""Records -> canonical JSON bytes, written atomically.

Canonical = keys in model order, two-space indent, UTF-8 without escapes, one
trailing newline: the same record always gives the same bytes, so `git diff` on
`structured/` shows exactly what changed. A file is written to a temporary name
beside its target and renamed into place, so a crash never leaves half a record.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ingest.record import Monograph


def to_json(record: Monograph) -> str:
    return record.model_dump_json(indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_record(record: Monograph, out_dir: Path) -> Path:
    """Write `<out_dir>/<id>.json`; returns the path written."""
    path = out_dir / f"{record.id}.json"
    write_atomic(path, to_json(record))
    return path
