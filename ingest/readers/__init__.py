"""Readers: decoded page text -> `Document` (blocks). One module per input format.

`READERS` maps a sniffed format name to its reader; a new input format is one new
module and one line here. Readers are imported lazily so that a batch of HTML pages
never pays for the SPL reader's start-up, and the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ingest.blocks import Document
from ingest.errors import UnsupportedFormat

Reader = Callable[[str], Document]

# format name -> (module, function)
READERS: dict[str, tuple[str, str]] = {
    "html": ("ingest.readers.html", "read_html"),
    "text": ("ingest.readers.text", "read_text"),
    "markdown": ("ingest.readers.markdown", "read_markdown"),
    "spl": ("ingest.readers.spl", "read_spl"),
    "fhir": ("ingest.readers.fhir", "read_fhir"),
    "json": ("ingest.readers.json_scrape", "read_json"),
}


def get_reader(fmt: str) -> Reader:
    try:
        module_name, function = READERS[fmt]
    except KeyError:
        raise UnsupportedFormat(
            f"no reader for format {fmt!r} (known: {', '.join(sorted(READERS))})"
        ) from None
    reader: Reader = getattr(import_module(module_name), function)
    return reader
