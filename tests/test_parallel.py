"""generator/parallel.py: a large summary is validated and fingerprinted on two cores, with the
same findings in the same order and the same canonical JSON as one process gives, and never by
forking a process that runs threads."""
from __future__ import annotations

import copy
import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from generator import parallel
from validators.context import Context
from validators.engine import validate
from validators.fingerprint import canonical_json

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records" / "nssf-publication"


@pytest.fixture(scope="module")
def many() -> list[dict]:
    """2,400 publications: the valid samples and the invalid ones (each with its own errors)."""
    samples = [json.loads(p.read_text("utf-8"))
               for p in sorted(RECORDS.glob("*.json")) + sorted(RECORDS.glob("invalid/*.json"))]
    samples = [s for s in samples if s.get("kind") == "nssf-publication"]
    out = []
    for i in range(2400):
        record = copy.deepcopy(samples[i % len(samples)])
        record["id"] = f"{record.get('id', 'NP')}-{i:04d}"
        out.append(record)
    return out


def sequential(records, ctx):
    return [f for r in records for f in validate(r, ctx).findings]


@pytest.fixture
def no_other_threads(monkeypatch):
    """Earlier tests in this session may leave idle threads (a test client's event loop);
    validate_many would rightly refuse to fork then. Here they are idle: let it."""
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def test_two_processes_give_the_same_findings_in_the_same_order(many, no_other_threads):
    if (os.cpu_count() or 1) < 2:
        pytest.fail("this machine has one core: the parallel path cannot be tested here")
    assert parallel.processes_for(len(many)) == 2
    ctx = Context(today=date(2026, 1, 10))
    expected = sequential(many, ctx)
    assert len({f.code for f in expected}) > 5          # many kinds of finding, errors among them
    assert parallel.validate_and_fingerprint(many, ctx) == (expected, canonical_json(many))


def test_a_process_with_other_threads_validates_alone(many):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.processes_for(len(many)) == 1
    finally:
        stop.set()
        other.join()
    assert parallel.processes_for(parallel.PARALLEL_FROM - 1) == 1


def _die(start):
    os._exit(3)                                 # a worker killed mid-way (out of memory, say)


def test_a_worker_that_dies_loses_nothing(many, monkeypatch, no_other_threads):
    monkeypatch.setattr(parallel, "_second_half", _die)
    assert parallel.validate_and_fingerprint(many) == (sequential(many, None), canonical_json(many))


def test_an_unusable_value_in_the_workers_half_is_named_by_its_place_in_the_whole_list(
        many, no_other_threads):
    from validators.loader import UnusableInput
    records = copy.deepcopy(many)
    records[2000]["book"]["title"] = "\ud800书"          # half of a UTF-16 pair
    with pytest.raises(UnusableInput) as refused:
        parallel.validate_and_fingerprint(records)
    assert refused.value.message.startswith("/2000/book/title 含有无效的字符 U+D800")
