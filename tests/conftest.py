"""Shared test fixtures. Area-specific fixtures live in their own test modules."""
import logging
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def rules_never_raise(caplog):
    """A rule that raises is reported as S902 and logged (validators/engine.py); in a test it is
    a failure, since it is always our bug."""
    yield
    raised = [r for r in caplog.get_records("call")
              if r.name == "validators.engine" and r.levelno >= logging.ERROR]
    assert not raised, "a rule raised:\n" + "\n".join(r.getMessage() + "\n" + (r.exc_text or "")
                                                      for r in raised)
