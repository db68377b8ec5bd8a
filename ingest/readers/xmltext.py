"""Small text helpers the XML readers (SPL, FHIR ePI) share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from lxml import etree

_LOCAL_NAMES: dict[str, str] = {}


def local_name(tag: str) -> str:
    """`{urn:hl7-org:v3}paragraph` -> `paragraph`; memoized, the hot loops meet few tags."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < 4096:
            _LOCAL_NAMES[tag] = name
    return name


def text_of(el: etree._Element, sep: str = "") -> str:
    # lxml yields str for text parsed from a decoded document
    return sep.join(cast("Iterator[str]", el.itertext()))


def collapse(text: str) -> str:
    """Whitespace runs -> one space, ends stripped (faster than a regex)."""
    return " ".join(text.split())
