"""Sentence splitting and inline enumerations used by the field extractors."""

from __future__ import annotations

import pytest

from ingest.fields.phrases import split_phrases
from ingest.fields.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Take it daily. Do not stop.", ["Take it daily.", "Do not stop."]),
        (
            "Avoid NSAIDs, e.g. Ibuprofen and naproxen. Ask first.",
            ["Avoid NSAIDs, e.g. Ibuprofen and naproxen.", "Ask first."],
        ),
        ("Ask Dr. Smith today. Then rest.", ["Ask Dr. Smith today.", "Then rest."]),
        (
            "Sold throughout the U.S. by pharmacies. Call now.",
            ["Sold throughout the U.S. by pharmacies.", "Call now."],
        ),
        (
            "The dose is 2.5 mg daily. Take with food.",
            ["The dose is 2.5 mg daily.", "Take with food."],
        ),
        (
            "Do not take more than prescribed by your doctor.If you are giving it to a child, ask.",
            [
                "Do not take more than prescribed by your doctor.",
                "If you are giving it to a child, ask.",
            ],
        ),
        ("Swallow it whole.Take it with water.", ["Swallow it whole.", "Take it with water."]),
        ("Is it safe? Yes! It is.", ["Is it safe?", "Yes!", "It is."]),
        ("See www.Example.com for more.", ["See www.Example.com for more."]),
        ("Common side effects include:", ["Common side effects include:"]),
        ("First line\nSecond line", ["First line", "Second line"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_split_sentences_offsets_respect_a_window() -> None:
    text = "Label: One sentence. Two sentences.\n\nNext paragraph."
    spans = split_sentences(text, 7, 35)
    assert [text[a:b] for a, b in spans] == ["One sentence.", "Two sentences."]
    assert spans[0][0] == 7


def phrases(text: str) -> list[str]:
    return [text[a:b] for a, b in split_phrases(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nausea, headache, and dizziness.", ["nausea", "headache", "dizziness"]),
        ("nausea, headache and dizziness", ["nausea", "headache", "dizziness"]),
        ("nausea and vomiting", ["nausea and vomiting"]),
        (
            "infections (e.g. sinusitis, flu), rash, and headache",
            ["infections (e.g. sinusitis, flu)", "rash", "headache"],
        ),
        ("rash; itching; hives", ["rash", "itching", "hives"]),
        (
            "swelling of the face, fingers, and/or feet; severe stomach pain; and/or skin rash",
            ["swelling of the face, fingers, and/or feet", "severe stomach pain", "skin rash"],
        ),
        ("fever, chills, etc.", ["fever", "chills"]),
    ],
)
def test_split_phrases(text: str, expected: list[str]) -> None:
    assert phrases(text) == expected
