"""The embedded job pool's processes end with ``paperwork serve`` (a stop, or a crash): a worker
left behind keeps its memory (hundreds of MB once OCR has run) and its fork server for good."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from pg import HttpService, Server, sample


def holding(data: Path) -> set[int]:
    """The processes with a file of ``data`` open (a job worker keeps the SQLite store open)."""
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if str(data) in os.readlink(fd):
                    pids.add(int(proc.name))
                    break
        except OSError:         # gone meanwhile, or not ours to read
            continue
    return pids


def _run_a_job(svc: HttpService) -> None:
    r = svc.call("POST", "/api/v1/render/change_approval", "admin", params={"format": "pdf", "draft": "true"},
                 json=sample("nssf-change-request/cr-2024-extension"), headers={"Prefer": "respond-async"})
    assert r.status_code == 202, r.text
    deadline = time.monotonic() + 120
    while svc.call("GET", r.headers["location"], "admin").json()["status"] != "succeeded":
        assert time.monotonic() < deadline
        time.sleep(0.2)


def _gone(data: Path, timeout: float = 20) -> set[int]:
    deadline = time.monotonic() + timeout
    while (left := holding(data)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_no_job_worker_outlives_the_server(tmp_path, how):
    data = tmp_path / "data"
    server = Server(data).start()
    try:
        _run_a_job(HttpService(server.base))
        workers = holding(data) - {server.proc.pid}
        assert workers, "the job ran in a worker of the pool"
    finally:
        if how == "killed":
            os.kill(server.proc.pid, signal.SIGKILL)
            server.proc.wait(10)
        server.stop()
    assert not _gone(data), f"job workers left after the server was {how}"
