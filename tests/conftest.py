"""Shared test fixtures: where the read-only corpus lives, and the seed page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# The team's shared folder sits beside the checkout; MONOGRAPH_SHARED overrides it.
SHARED = Path(os.environ.get("MONOGRAPH_SHARED", REPO_ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (REPO_ROOT / "raw" / "baclofen-pna.txt").read_text(encoding="utf-8")
