"""Shared test fixtures. Area-specific fixtures live in their own test modules."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
