"""Accuracy measurement against the team's gold annotations.

`ingest.evaluation.fields`: per-field precision / recall / F1 of the records against
tests/data/field-gold (`ingest eval fields`, `python -m ingest.evaluation.fields`).
Nothing is imported here, so `python -m ingest.evaluation.fields` runs the module cleanly.
"""
