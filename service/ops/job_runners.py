"""Who runs a job: Celery workers when ``PAPERWORK_BROKER_URL`` names a broker, else a process
pool inside ``paperwork serve``. Both run :func:`service.ops.jobs.run_job` on the job's id;
the job's state is in the store either way, so the API answers the same.

The embedded pool forks its workers from a fork server (``forkserver``): the API process runs
threads, and a plain fork of it would copy their locks in whatever state they were in. A job
over its time limit is marked failed (504) as the synchronous route answers; its process
finishes its work, and the result is dropped (the job is no longer running).

Each runner names itself in the jobs it makes (``runner``) and says when a running one is
taken for lost (``lost_after``); ``recover`` runs the watchdog (service/store/job_watchdog.py)
when a serving process starts, ``reclaim`` when a client asks for an unfinished job.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from service.ops import jobs, notify_pump
from service.settings import Settings
from service.store import job_watchdog
from service.store import jobs as store_jobs
from service.store.db import Database
from service.store.models import Job

log = logging.getLogger("paperwork.jobs")
#: seconds a closing pool gives its busy workers before it ends them
CLOSE_GRACE_SECONDS = 5


class LocalRunner:
    def __init__(self, settings: Settings, db: Database):
        self.settings, self.db = settings, db
        self._items = jobs.settings_items(settings)
        self._pool_made: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future] = {}
        self._lock = threading.Lock()

    @property
    def _pool(self) -> ProcessPoolExecutor:
        """The process pool, made when first needed and again after :meth:`close` (an app whose
        lifespan runs more than once: a test client per request)."""
        with self._lock:
            if self._pool_made is None:
                context = get_context("forkserver")
                context.set_forkserver_preload(["service.ops.jobs", "service.ops.notify_pump"])
                self._pool_made = ProcessPoolExecutor(max_workers=max(1, self.settings.job_processes),
                                                      mp_context=context, initializer=jobs.outlive_not,
                                                      initargs=(os.getpid(),))
            return self._pool_made

    @property
    def name(self) -> str:
        return job_watchdog.local_runner()      # this process (each of serve --workers N)

    def lost_after(self, kind: str, n_files: int = 1) -> int:
        return jobs.time_limit(self.settings, kind, n_files) + job_watchdog.MARGIN_SECONDS

    def recover(self) -> None:
        """Requeue (once) or fail the jobs of pools on this machine whose process is gone; and
        start a worker now, so the first job does not wait for the fork server and its imports
        (several seconds)."""
        with self.db.write() as s:
            requeued = job_watchdog.reclaim(s, job_watchdog.unfinished_here(s), self.name)
        self._resubmit(requeued)
        self._pool.submit(jobs.ready)

    def reclaim(self, job: Job) -> None:
        with self.db.write() as s:
            requeued = job_watchdog.reclaim(s, [s.get(Job, job.id)], self.name)
        self._resubmit(requeued)

    def _resubmit(self, requeued: list[Job]) -> None:
        for job in requeued:
            log.warning("job %s: its runner %s is gone; queued again here", job.id, job.runner)
            with self.db.read() as s:
                n_files = store_jobs.input_count(s, job.id) if job.kind == "check-pdf" else 1
            self.submit(job.id, job.kind, max(1, n_files))

    def submit(self, job_id: str, kind: str, n_files: int = 1) -> None:
        future = self._pool.submit(jobs.run_job, job_id, self._items)
        with self._lock:
            self._futures[job_id] = future
        limit = jobs.time_limit(self.settings, kind, n_files)
        timer = threading.Timer(limit, self._time_out, (job_id, limit))
        timer.daemon = True
        timer.start()
        future.add_done_callback(lambda f: self._done(job_id, f, timer))

    def _time_out(self, job_id: str, limit: int) -> None:
        jobs.fail(self.db, job_id, jobs.timed_out(limit))

    def _done(self, job_id: str, future: Future, timer: threading.Timer) -> None:
        timer.cancel()
        with self._lock:
            self._futures.pop(job_id, None)
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:       # the worker process died (memory, a signal)
            log.error("job %s: its worker process failed: %r", job_id, error)
            jobs.fail(self.db, job_id, {"status": 500, "title": "服务器内部错误",
                                        "detail": "执行任务的进程意外退出（可能内存不足）；请稍后重新提交，或减少记录条数、文件数"})

    def deliver(self, delivery_id: int, channel: str) -> None:
        """A notification's delivery (issue #17): its lease, not this future, says if it ran."""
        self._pool.submit(notify_pump.deliver, delivery_id, self._items)

    def cancel(self, job_id: str) -> None:
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.cancel()         # a queued one never starts; a running one stops at its next step

    def close(self) -> None:
        """Stop the pool: queued jobs are not started, and a worker still busy after a few
        seconds is ended (its job is taken back by the watchdog when the service starts again).
        A worker left behind would hold its memory and its fork server for good."""
        with self._lock:
            pool, self._pool_made = self._pool_made, None
        if pool is None:
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        until = time.monotonic() + CLOSE_GRACE_SECONDS
        for worker in workers:
            worker.join(max(0.0, until - time.monotonic()))
            if worker.is_alive():
                worker.terminate()
                worker.join(2)


class CeleryRunner:
    def __init__(self, settings: Settings, db: Database):
        from service.ops import celery_app
        self.settings, self.db = settings, db
        self._celery_app = celery_app
        self.app = celery_app.make(settings)
        self.task = self.app.tasks[celery_app.RUN_JOB]

    name = "celery"           # until a worker's child starts it: celery:HOST:PID

    def lost_after(self, kind: str, n_files: int = 1) -> int:
        # by then the broker has given a dead worker's task to another worker, and that one's
        # hard limit has passed
        from service.ops import celery_app
        return (celery_app.visibility_timeout(self.settings) + jobs.time_limit(self.settings, kind, n_files)
                + jobs.GRACE_SECONDS + job_watchdog.MARGIN_SECONDS)

    def recover(self) -> None:
        with self.db.write() as s:
            job_watchdog.reclaim(s, job_watchdog.unfinished_here(s), None)

    def reclaim(self, job: Job) -> None:
        with self.db.write() as s:
            job_watchdog.reclaim(s, [s.get(Job, job.id)], None)

    def submit(self, job_id: str, kind: str, n_files: int = 1) -> None:
        limit = jobs.time_limit(self.settings, kind, n_files)
        self.task.apply_async(args=[job_id], task_id=job_id, soft_time_limit=limit,
                              time_limit=limit + jobs.GRACE_SECONDS)

    def deliver(self, delivery_id: int, channel: str) -> None:
        self.app.tasks[self._celery_app.DELIVER].apply_async(args=[delivery_id], soft_time_limit=self.settings.notify_lease_seconds)

    def cancel(self, job_id: str) -> None:
        # the task stops at its next progress step (the store says cancelled); one not started
        # yet is skipped by the workers
        self.app.control.revoke(job_id)

    def close(self) -> None:
        self.app.close()


def runner_for(settings: Settings, db: Database):
    return CeleryRunner(settings, db) if settings.broker_url else LocalRunner(settings, db)
