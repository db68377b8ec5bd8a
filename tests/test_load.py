from __future__ import annotations

import hashlib

import pytest

from ingest.errors import PageError
from ingest.load import decode


def test_utf8_with_and_without_bom() -> None:
    assert decode("café “x”".encode()).text == "café “x”"
    assert decode(b"\xef\xbb\xbfcaf\xc3\xa9").text == "café"
    assert decode("café".encode()).notes == []


def test_mojibake_is_repaired_and_noted() -> None:
    page = decode("For more, see PNAâ€™s Baclofen page.".encode())
    assert page.text == "For more, see PNA’s Baclofen page."
    assert [code for code, _ in page.notes] == ["decoding-repaired"]


def test_legacy_encoding_is_detected_and_noted() -> None:
    raw = '<html><head><meta charset="windows-1252"></head><body>café “x”</body></html>'
    page = decode(raw.encode("cp1252"))
    assert "café “x”" in page.text
    assert page.notes and page.notes[0][0] == "decoding-detected"


def test_crlf_becomes_lf_and_sha_is_of_the_raw_bytes() -> None:
    raw = b"a\r\nb\rc"
    page = decode(raw)
    assert page.text == "a\nb\nc"
    assert page.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("raw", "code"), [(b"", "empty-page"), (b"  \n\t", "empty-page"), (b"ab\x00cd", "binary-input")]
)
def test_unusable_bytes_raise_a_specific_page_error(raw: bytes, code: str) -> None:
    with pytest.raises(PageError) as error:
        decode(raw)
    assert error.value.code == code
