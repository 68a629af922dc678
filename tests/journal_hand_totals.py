"""The 表8 totals of the sample journals, worked out by hand (shared by the journal tests).

They sit beside the samples as ``expected/<sample>.expected.json`` (one per journal; a folder of
their own, so the tests that read every ``samples/records/*/*.json`` as a record do not take them
for one).
"""
from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records" / "journal-assessment"
FIGURES = ("K", "A", "B", "C", "D", "S", "grade")


def hand_totals() -> list[tuple]:
    """(sample path, column, K, A, B, C, D, S, grade) for both columns of every sample journal."""
    rows = []
    for expected in sorted((SAMPLES / "expected").glob("*.expected.json")):
        sample = SAMPLES / expected.name.replace(".expected.json", ".json")
        totals = json.loads(expected.read_text("utf-8"))
        rows += [(sample, column, *(totals[column][f] for f in FIGURES)) for column in ("self", "review")]
    return rows
