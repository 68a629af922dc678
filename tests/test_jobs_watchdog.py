"""Jobs whose runner is gone (issue #16): a ``paperwork serve`` killed with a job in its
embedded pool; the next process to start (or any node asked for the job) queues it again once,
or fails it with a Chinese problem document — never leaves it running for a day."""
from __future__ import annotations

import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest
from pg import APPLIED, HttpService, Server, sample
from test_jobs_api import submit, wait_for


def wait_until_running(svc: HttpService, location: str, who: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while (job := svc.call("GET", location, who).json())["status"] != "running":
        assert job["status"] == "queued" and time.monotonic() < deadline, (job["status"], job["error"])
        time.sleep(0.1)


def test_a_job_of_a_killed_server_runs_again_when_a_server_starts(tmp_path):
    data = tmp_path / "data"
    first = Server(data, own_process_group=True, PAPERWORK_JOB_PROCESSES=1).start()
    svc = HttpService(first.base).build_world()
    location = submit(svc, "alice", "POST", "/api/v1/render/registration_summary",
                      json=[sample(APPLIED) for _ in range(400)])
    wait_until_running(svc, location, "alice")
    first.kill_group()                 # the server and its pool: nobody holds the job now
    second = Server(data, PAPERWORK_JOB_PROCESSES=1).start()
    try:
        after = HttpService(second.base)
        after.keys = svc.keys
        job = wait_for(after, location, "alice", timeout=120)
        assert job["status"] == "succeeded", job
        assert after.call("GET", job["result_url"], "alice").content.startswith(b"%PDF")
    finally:
        second.stop()
    assert not second.errors(), second.errors()
    assert "queued again here" in second.log.read_text("utf-8")


# --- the rule itself, on SQLite and PostgreSQL --------------------------------------------------

@pytest.fixture
def db(backend_url):
    from service.store.db import open_database
    database = open_database(backend_url)
    yield database
    database.dispose()


def a_dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def job_held_by(db, runner: str, *, attempts: int, status: str = "running", started_ago: float = 0) -> str:
    from service.store import jobs, keys
    from service.store.models import Job
    with db.write() as s:
        key = keys.create(s, None, "submitter", "alice")[1]
        job = jobs.create(s, key, "render", {}, total=1, unit="份", ttl_seconds=600, runner=runner,
                          lost_after_seconds=120)
        job.status, job.attempts = status, attempts
        job.started_at = datetime.now(UTC) - timedelta(seconds=started_ago) if status == "running" else None
        s.flush()
        return s.get(Job, job.id).id


def reclaim(db, job_id: str, requeue_to: str | None):
    from service.store import job_watchdog
    from service.store.models import Job
    with db.write() as s:
        moved = [j.id for j in job_watchdog.reclaim(s, [s.get(Job, job_id)], requeue_to)]
    with db.read() as s:
        return moved, s.get(Job, job_id)


def test_a_job_of_a_dead_pool_is_queued_again_once_then_failed_in_chinese(db):
    import socket
    dead = f"local:{socket.gethostname()}:{a_dead_pid()}"
    job_id = job_held_by(db, dead, attempts=1)
    moved, job = reclaim(db, job_id, "local:here:1")
    assert moved == [job_id] and (job.status, job.runner) == ("queued", "local:here:1")

    twice = job_held_by(db, dead, attempts=2)
    moved, job = reclaim(db, twice, "local:here:1")
    assert moved == [] and job.status == "failed" and job.error["status"] == 500
    assert "执行任务的进程已退出" in job.error["detail"] and "请重新提交" in job.error["detail"]


def test_a_job_of_a_live_pool_or_another_machine_is_left_alone(db):
    import os
    for runner in (f"local:{__import__('socket').gethostname()}:{os.getpid()}", "local:other-host:1"):
        job_id = job_held_by(db, runner, attempts=1, started_ago=5)
        moved, job = reclaim(db, job_id, "local:here:1")
        assert moved == [] and job.status == "running" and job.runner == runner


def test_a_job_running_past_its_limit_and_margin_fails_where_no_pool_can_take_it(db):
    job_id = job_held_by(db, "celery:worker-3:77", attempts=1, started_ago=121)
    moved, job = reclaim(db, job_id, None)
    assert moved == [] and job.status == "failed" and "请重新提交" in job.error["detail"]
    fresh = job_held_by(db, "celery:worker-3:78", attempts=1, started_ago=100)
    assert reclaim(db, fresh, None)[1].status == "running"
