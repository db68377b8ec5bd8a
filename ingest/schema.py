"""The JSON Schema other systems read: generated from the record models."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.record import Monograph

SCHEMA_PATH = Path("schemas") / "monograph.schema.json"


def schema_json() -> str:
    schema = Monograph.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
