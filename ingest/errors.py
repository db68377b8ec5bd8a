"""Errors and diagnostic codes: one place, stable kebab-case codes.

A `PageError` means one page could not be structured; the batch runner reports it
with the file name and goes on with the other pages. Diagnostics are softer: the
record is written and says what the extractor noticed but could not resolve.
"""

from __future__ import annotations

# Diagnostic codes written into records. Stable: consumers filter on them.
DIAGNOSTIC_CODES: dict[str, str] = {
    "unresolved-citation": "a footnote marker points at no reference",
    "unused-reference": "a reference that no marker cites",
    "not-a-monograph": "the page carries little or no monograph content",
    "low-content": "the page has very little text",
    "language": "the page is not in English: English-only facts were not extracted",
    "decoding-repaired": "mojibake in the page text was repaired",
    "decoding-detected": "the page was not UTF-8; its encoding was detected",
    "no-title": "the page has no title; one was derived",
    "no-main-drug": "no drug name was found for the page",
    "duplicate-reference": "two references share a number; the first is kept",
    "xml-recovered": "the XML was malformed and was read in recovery mode",
}


class IngestError(Exception):
    """Base class of the errors this package raises on purpose."""


class PageError(IngestError):
    """One page cannot become a record. `code` is stable, `reason` says what is wrong."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class UnsupportedFormat(PageError):
    def __init__(self, reason: str) -> None:
        super().__init__("unsupported-format", reason)
