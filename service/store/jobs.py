"""Job state in the store (issue #16): one ``jobs`` row per long operation and its bytes in
``job_files``, so any API node answers for a job whichever process runs it.

A job moves queued → running → succeeded | failed, or to cancelled from queued or running.
Every move is one conditional UPDATE (``WHERE status IN …``), so a cancelled job stays
cancelled even when its task finishes later, and a task redelivered after its worker died
does not run a finished job again.

The bytes go through :func:`store_result` / :func:`load_result` (and the inputs through
:func:`store_inputs` / :func:`load_inputs`): today rows of ``job_files`` in the same database,
which every node reads; the one place to change to keep them elsewhere.
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.store import events
from service.store.errors import NotFound
from service.store.models import ApiKey, Job, JobFile

FINISHED = ("succeeded", "failed", "cancelled")
UNFINISHED = ("queued", "running")
#: an unfinished job is kept this long before it is taken for lost (every task limit is shorter)
UNFINISHED_KEEP = timedelta(days=1)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives the stored UTC time back without its zone
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def create(s: Session, key: ApiKey, kind: str, params: dict, *, total: int, unit: str,
           ttl_seconds: int, inputs: list[tuple[str, bytes]] = (), runner: str | None = None,
           lost_after_seconds: int | None = None) -> Job:
    job = Job(id=uuid.uuid4().hex, kind=kind, key_id=key.id, status="queued", params=params,
              done=0, total=total, unit=unit, created_at=_now(), keep_seconds=ttl_seconds,
              expires_at=_now() + UNFINISHED_KEEP + timedelta(seconds=ttl_seconds),
              attempts=0, runner=runner, lost_after_seconds=lost_after_seconds)
    s.add(job)
    s.flush()
    store_inputs(s, job.id, inputs)
    return job


def visible(s: Session, key: ApiKey, job_id: str) -> Job:
    """The job, if it is ``key``'s (or ``key`` is an admin's) and not expired; else NotFound,
    the same answer for a job that does not exist, so ids of others' jobs do not leak."""
    job = s.get(Job, job_id[:32])
    if (job is None or (job.key_id != key.id and key.role != "admin")
            or _aware(job.expires_at) <= _now()):
        raise NotFound("没有这个任务：任务编号有误，或任务已过期被删除（结果保留时间见 "
                       "PAPERWORK_JOB_RESULT_TTL_SECONDS）；请重新提交")
    return job


def as_dict(job: Job) -> dict:
    def iso(value):
        return _aware(value).isoformat() if value is not None else None
    return {"id": job.id, "kind": job.kind, "status": job.status,
            "progress": {"done": job.done, "total": job.total, "unit": job.unit},
            "result_url": f"/api/v1/jobs/{job.id}/result" if job.status == "succeeded" else None,
            "error": job.error, "created_at": iso(job.created_at), "started_at": iso(job.started_at),
            "finished_at": iso(job.finished_at), "expires_at": iso(job.expires_at)}


def _move(s: Session, job_id: str, from_: tuple[str, ...], **values) -> bool:
    result = s.execute(update(Job).where(Job.id == job_id, Job.status.in_(from_)).values(**values))
    return result.rowcount == 1


def _finish(s: Session, job_id: str, from_: tuple[str, ...], status: str, **values) -> bool:
    """Move to a final status; the job is then kept ``keep_seconds`` from now."""
    now = _now()
    if not _move(s, job_id, from_, status=status, finished_at=now, **values):
        return False
    job = s.get(Job, job_id)
    s.refresh(job)
    job.expires_at = now + timedelta(seconds=job.keep_seconds)
    s.flush()
    if status in ("succeeded", "failed"):
        events.emit(s, events.job_finished(job))
    return True


def start(s: Session, job_id: str, runner: str | None = None) -> bool:
    """Queued (or running, when a dead worker's task comes back) → running, one attempt more
    (``runner``, when given, says who holds it now); False when the job is finished, cancelled
    or gone, and the task must not run."""
    held_by = {"runner": runner} if runner else {}
    return _move(s, job_id, UNFINISHED, status="running", started_at=_now(), done=0,
                 attempts=Job.attempts + 1, **held_by)


def progress(s: Session, job_id: str, done: int, total: int) -> bool:
    """Record how far the task is; False when the job was cancelled meanwhile."""
    return _move(s, job_id, ("running",), done=done, total=total)


def succeed(s: Session, job_id: str, data: bytes, media_type: str, file_name: str) -> bool:
    if not _finish(s, job_id, ("running",), "succeeded", result_media_type=media_type,
                   result_file_name=file_name, done=Job.total):
        return False
    store_result(s, job_id, data)
    return True


def fail(s: Session, job_id: str, problem: dict) -> bool:
    return _finish(s, job_id, UNFINISHED, "failed", error=problem)


def cancel(s: Session, job: Job) -> bool:
    """Cancel a queued or running job; False when it had already finished."""
    if not _finish(s, job.id, UNFINISHED, "cancelled"):
        return False
    s.execute(delete(JobFile).where(JobFile.job_id == job.id))
    return True


def sweep(s: Session) -> int:
    """Delete the jobs whose time is up, with their bytes; how many."""
    expired = list(s.scalars(select(Job.id).where(Job.expires_at <= _now())))
    if expired:
        s.execute(delete(JobFile).where(JobFile.job_id.in_(expired)))
        s.execute(delete(Job).where(Job.id.in_(expired)))
    return len(expired)


def recent(s: Session, key: ApiKey, kind: str, limit: int = 10) -> list[Job]:
    """``key``'s own jobs of ``kind`` that are not expired, newest first."""
    return list(s.scalars(select(Job).where(Job.key_id == key.id, Job.kind == kind,
                                            Job.expires_at > _now())
                          .order_by(Job.created_at.desc()).limit(limit)))


def get(s: Session, job_id: str) -> Job | None:
    return s.get(Job, job_id)


# --- the bytes ----------------------------------------------------------------------------------

def store_inputs(s: Session, job_id: str, inputs) -> None:
    for i, (name, data) in enumerate(inputs):
        s.add(JobFile(job_id=job_id, role="input", position=i, name=name[:300], data=data))
    s.flush()


def input_count(s: Session, job_id: str) -> int:
    """How many input files the job has (a check-pdf job's time limit counts them)."""
    return len(list(s.scalars(select(JobFile.position).where(JobFile.job_id == job_id,
                                                             JobFile.role == "input"))))


def load_inputs(s: Session, job_id: str) -> list[tuple[str, bytes]]:
    rows = s.scalars(select(JobFile).where(JobFile.job_id == job_id, JobFile.role == "input")
                     .order_by(JobFile.position))
    return [(r.name, r.data) for r in rows]


def store_result(s: Session, job_id: str, data: bytes) -> None:
    """Keep a finished job's result; the job's inputs are no longer needed."""
    s.execute(delete(JobFile).where(JobFile.job_id == job_id))
    s.add(JobFile(job_id=job_id, role="result", position=0, name="result", data=data))
    s.flush()


def load_result(s: Session, job_id: str) -> bytes:
    data = s.scalar(select(JobFile.data).where(JobFile.job_id == job_id, JobFile.role == "result"))
    if data is None:
        raise NotFound("任务结果已被删除（已过保留时间）；请重新提交")
    return data
