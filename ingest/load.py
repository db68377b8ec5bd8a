"""Raw bytes -> decoded text, with every repair noted.

UTF-8 (with or without BOM) is tried first because nearly every page is UTF-8;
other encodings are detected with bs4's UnicodeDammit (it reads <meta charset>
and XML declarations, then guesses). Mojibake such as "PNAâ€™s" is repaired with
ftfy, and only when a cheap scan finds the byte pairs mojibake is made of and ftfy's own
detector agrees, so clean pages pay almost nothing (ftfy's detector alone costs
more than parsing the page).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field

import ftfy
from bs4 import UnicodeDammit
from ftfy.badness import is_bad

from ingest.errors import PageError

# UTF-8 read as cp1252/latin-1: "Ã©", "Â ", "â€™", "â€œ"... Clean text almost never has these.
_MOJIBAKE_HINT = re.compile("[ÂÃ][\u00a0-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a\u2122\u0153\u017e]")


@dataclass(slots=True)
class DecodedPage:
    text: str
    sha256: str
    encoding: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (diagnostic code, message)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes | str) -> DecodedPage:
    """Decode raw page bytes (or take text as is) and repair mojibake."""
    if isinstance(raw, str):
        data = raw.encode("utf-8", "surrogatepass")
        text, encoding = raw, "utf-8"
    else:
        data = raw
        text, encoding = _decode_bytes(raw)
    if not text.strip():
        raise PageError("empty-page", "the page has no text")
    notes: list[tuple[str, str]] = []
    if "\x00" in text:
        raise PageError("binary-input", "the file holds NUL bytes: not a text or HTML page")
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        notes.append(("decoding-detected", f"decoded as {encoding} (not UTF-8)"))
    # the substring checks are C-speed and the hint regex needs one of them
    hinted = ("Ã" in text or "Â" in text or "â€" in text) and _MOJIBAKE_HINT.search(text)
    if hinted and is_bad(text):
        fixed = ftfy.fix_encoding(text)  # encoding only: curly quotes and widths stay
        if fixed != text:
            notes.append(("decoding-repaired", "repaired mojibake in the page text"))
            text = fixed
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedPage(text, hashlib.sha256(data).hexdigest(), encoding, notes)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        return data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"
    return dammit.unicode_markup, dammit.original_encoding or "unknown"
