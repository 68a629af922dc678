"""Jobs whose runner is gone (issue #16): a ``paperwork serve`` killed with jobs in its
embedded pool leaves them ``queued`` or ``running`` with nobody to finish them (Celery gives a
dead worker's task back through the broker; the pool has no broker).

A job is taken for lost when

* its runner is the pool of a process on this machine that no longer exists
  (``local:HOST:PID`` and no process PID on HOST), or
* it has been ``running`` longer than its ``lost_after_seconds`` (its time limit plus a margin,
  and for Celery the broker's visibility timeout as well: by then the broker has given it back).

A lost job that has been started fewer than :data:`MAX_ATTEMPTS` times is queued again in the
pool of the process that found it, when that process has one; otherwise it fails with a
Chinese problem document. The check runs when a serving process starts (its lifespan) and when
a client asks for an unfinished job (GET /api/v1/jobs/{id}), so any node notices.
"""
from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.store import jobs as store_jobs
from service.store.models import Job

#: a job is started at most this many times (once, and once again after its runner died)
MAX_ATTEMPTS = 2
#: seconds beyond a job's time limit before a running one is taken for lost
MARGIN_SECONDS = 60
LOST = {"status": 500, "title": "服务器内部错误",
        "detail": "执行任务的进程已退出（服务被重启、终止或崩溃），任务未能完成，已重试过一次；"
                  "请重新提交，或减少记录条数、文件数后再试"}


def local_runner() -> str:
    """The name of this process's embedded pool, as a job's ``runner`` holds it."""
    return f"local:{socket.gethostname()}:{os.getpid()}"


def celery_runner() -> str:
    return f"celery:{socket.gethostname()}:{os.getpid()}"


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:          # another user's process: it exists
        return True
    return True


def _owner_gone(runner: str | None) -> bool:
    kind, _, rest = (runner or "").partition(":")
    host, _, pid = rest.rpartition(":")
    return (kind == "local" and host == socket.gethostname() and pid.isdigit()
            and not _process_exists(int(pid)))


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def is_lost(job: Job, now: datetime | None = None) -> bool:
    if job.status not in store_jobs.UNFINISHED:
        return False
    if _owner_gone(job.runner):
        return True
    now = now or datetime.now(UTC)
    return (job.status == "running" and job.lost_after_seconds is not None
            and job.started_at is not None
            and _aware(job.started_at) + timedelta(seconds=job.lost_after_seconds) < now)


def reclaim(s: Session, jobs: list[Job], requeue_to: str | None) -> list[Job]:
    """Requeue (to the pool ``requeue_to``) or fail each lost job of ``jobs``; the requeued
    ones, for the caller to submit to its pool after the transaction commits."""
    requeued = []
    for job in jobs:
        if not is_lost(job):
            continue
        if requeue_to and job.attempts < MAX_ATTEMPTS:
            # conditional on what we saw: another node reclaiming it at once gets rowcount 0
            moved = s.execute(update(Job).where(Job.id == job.id, Job.status == job.status,
                                                Job.attempts == job.attempts,
                                                Job.runner == job.runner)
                              .values(status="queued", runner=requeue_to, done=0))
            if moved.rowcount == 1:
                requeued.append(job)
        else:
            store_jobs.fail(s, job.id, LOST)
    return requeued


def unfinished_here(s: Session, limit: int = 1000) -> list[Job]:
    """The unfinished jobs held by pools on this machine or running (a start-up check)."""
    host = socket.gethostname()
    return list(s.scalars(select(Job).where(Job.status.in_(store_jobs.UNFINISHED),
                                            Job.runner.like(f"local:{host}:%") | (Job.status == "running"))
                          .order_by(Job.created_at).limit(limit)))
