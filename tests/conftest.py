"""Shared test fixtures: the repository's paths, and the databases and the service the store
and API tests run on (their helpers are plain code in pg.py). Fixtures of one area only live
in that area's test module."""
import logging
from pathlib import Path

import pytest

# pg.py's helpers (is_problem, Service.body) assert on answers: rewritten, a failure shows the values
pytest.register_assert_rewrite("pg")

from pg import Cluster, make_service  # noqa: E402  (after the rewrite hook, or it has no effect)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def postgres():
    """One PostgreSQL server for the session; each test gets its own database on it."""
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the test cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'paperwork.db'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def service(backend_url, tmp_path):
    """The app on a fresh database, with the bodies and keys of :meth:`pg.Service.build_world`."""
    svc = make_service(backend_url, tmp_path / "data")
    yield svc.build_world()
    svc.close()


@pytest.fixture(autouse=True)
def rules_never_raise(caplog):
    """A rule that raises is reported as S902 and logged (validators/engine.py); in a test it is
    a failure, since it is always our bug."""
    yield
    raised = [r for r in caplog.get_records("call")
              if r.name == "validators.engine" and r.levelno >= logging.ERROR]
    assert not raised, "a rule raised:\n" + "\n".join(r.getMessage() + "\n" + (r.exc_text or "")
                                                      for r in raised)
