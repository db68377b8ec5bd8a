"""Accuracy measurement against the team's gold annotations (`ingest eval fields`)."""

from __future__ import annotations

from ingest.evaluation.fields import (
    FieldReport,
    PageResult,
    check_regression,
    evaluate,
    format_report,
    main,
)
from ingest.evaluation.matching import Score

__all__ = [
    "FieldReport",
    "PageResult",
    "Score",
    "check_regression",
    "evaluate",
    "format_report",
    "main",
]
