"""monograph-ingest: scraped drug monograph pages -> structured, validated JSON.

from ingest import structure
record = structure(raw_bytes_or_text, source="pages/baclofen.html")
record.side_effects[0].term
"""

from __future__ import annotations

from ingest.errors import IngestError, PageError
from ingest.pipeline import structure
from ingest.record import SCHEMA_VERSION, Monograph
from ingest.writer import to_json

__all__ = ["SCHEMA_VERSION", "IngestError", "Monograph", "PageError", "structure", "to_json"]
__version__ = "0.1.0"
