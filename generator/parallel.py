"""Validate and fingerprint the records of a large summary table on two cores.

Rendering a summary validates every record, every rule, as any render does, and writes the
records' canonical JSON for the QR fingerprint: 1.5–2.5 s of pure Python for 10,000 records,
most of the render. When the process may fork safely, a forked worker does the second half of
the records while this process does the first. The findings come back in the records' order
and the two halves of the JSON array are joined: the same list and the same bytes one process
makes (tests/test_parallel.py).

Safely means: at least two cores, enough records to pay for the fork (``PARALLEL_FROM``), and
no other thread in this process. A fork copies every lock in whatever state another thread
left it, so the threaded HTTP service validates in one process, as before; the command line
and the benchmarks use both cores. The records and the context reach the worker through the
fork itself (nothing is pickled on the way in); the findings come back pickled.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_all_start_methods, get_context

from validators.context import Context
from validators.engine import validate
from validators.findings import Finding
from validators.fingerprint import canonical_json

log = logging.getLogger("paperwork.parallel")

#: Below this many records a fork costs more than it saves (forking this process and
#: sending the findings back take ~0.1 s; validating 2,000 records ~0.2–0.3 s).
PARALLEL_FROM = 2000

_WORK: tuple[list[dict], Context | None] = ([], None)   # what the forked worker reads


def processes_for(n_records: int) -> int:
    """How many processes validate ``n_records`` here: 2 or 1."""
    if n_records < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return 1
    if threading.active_count() > 1 or "fork" not in get_all_start_methods():
        return 1
    return 2


def validate_all(records: list[dict], context: Context | None = None) -> list[Finding]:
    """Every finding of every record, in the records' order, in this process."""
    return [f for record in records for f in validate(record, context).findings]


def _half(records: list[dict], context: Context | None) -> tuple[list[Finding], bytes]:
    return validate_all(records, context), canonical_json(records)


def _second_half(start: int) -> tuple[list[Finding], bytes]:      # runs in the forked worker
    records, context = _WORK
    return _half(records[start:], context)


def validate_and_fingerprint(records: list[dict], context: Context | None = None
                             ) -> tuple[list[Finding], bytes]:
    """Every finding of every record, in the records' order, and ``canonical_json(records)``."""
    global _WORK
    if processes_for(len(records)) == 1:
        return _half(records, context)
    half = len(records) // 2
    _WORK = (records, context)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
            later = pool.submit(_second_half, half)
            findings, first = _half(records[:half], context)
            try:
                more, second = later.result()
            except BrokenProcessPool:                 # the worker died: do its half here
                log.warning("validation worker died; doing its %d records here",
                            len(records) - half)
                more, second = _half(records[half:], context)
            except Exception:                         # noqa: BLE001
                # its half holds a value no JSON can carry: do the whole list here, so that
                # the error names the record by its place in the whole list
                return _half(records, context)
    finally:
        _WORK = ([], None)
    # "[a,b]" + "[c,d]" → "[a,b,c,d]": json.dumps writes a list as its items joined by ","
    return findings + more, first[:-1] + b"," + second[1:]
