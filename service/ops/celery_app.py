"""The Celery app: one task, ``paperwork.run_job``, which runs a job kept in the store
(:func:`service.ops.jobs.run_job`). The broker only carries the job's id; its state, inputs
and result are in the store, so any API node answers for it.

A task is acknowledged after it ends (``task_acks_late``) and given back when its worker
process dies (``task_reject_on_worker_lost``), so a killed worker's job runs again elsewhere;
Redis gives an unacknowledged task back after ``visibility_timeout``, which is derived from
the longest task limit plus a margin (not Celery's default hour) or set by
``PAPERWORK_JOB_VISIBILITY_TIMEOUT_SECONDS``. A lost database connection is retried with
backoff; a task over its soft limit fails its job with 504.
"""
from __future__ import annotations

import multiprocessing

from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import worker_process_init
from sqlalchemy.exc import OperationalError

from service.ops import jobs, notify_pump
from service.settings import Settings
from service.store import job_watchdog

RUN_JOB = "paperwork.run_job"
#: one notification delivery (issue #17, service/ops/notify_pump.py)
DELIVER = "paperwork.deliver"
#: seconds a task held by a dead worker may wait beyond the longest task limit
VISIBILITY_MARGIN_SECONDS = 60
TRANSIENT = (OperationalError, ConnectionError)


@worker_process_init.connect
def _children_may_fork(**_) -> None:
    """A PDF check and a package import read hostile bytes in a forked child with memory and time
    limits (validators/child_process.py). Celery marks its prefork children daemonic, and a
    daemonic process may not start one; the child is ended with its task all the same."""
    multiprocessing.current_process().daemon = False


def visibility_timeout(settings: Settings) -> int:
    return (settings.job_visibility_timeout_seconds
            or jobs.longest_time_limit(settings) + jobs.GRACE_SECONDS + VISIBILITY_MARGIN_SECONDS)


def make(settings: Settings) -> Celery:
    app = Celery("paperwork", broker=settings.broker_url, set_as_current=False)
    longest = jobs.longest_time_limit(settings)
    app.conf.update(
        task_ignore_result=True,             # the store holds every job's state and result
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,        # a long job does not hold others back in one child
        task_soft_time_limit=longest,        # each task is sent with its own, shorter limits
        task_time_limit=longest + jobs.GRACE_SECONDS,
        worker_max_memory_per_child=settings.worker_max_memory_per_child_kb,
        broker_transport_options={"visibility_timeout": visibility_timeout(settings)},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    items = jobs.settings_items(settings)

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # the hard limit: the child was killed (in the worker's main process, Celery ≥ 5.6)
        if isinstance(exc, TimeLimitExceeded):
            jobs.fail(jobs.context_for(items).db, task_id, jobs.timed_out(exc.args[0] if exc.args else longest))

    @app.task(name=RUN_JOB, bind=True, acks_late=True, reject_on_worker_lost=True,
              autoretry_for=TRANSIENT, retry_backoff=2, retry_backoff_max=60, retry_jitter=True,
              max_retries=5, on_failure=on_failure)
    def run_job(self, job_id: str) -> str:
        soft = self.request.timelimit[1] or longest
        try:
            return jobs.run_job(job_id, items, reraise=(SoftTimeLimitExceeded, *TRANSIENT), time_limit=soft,
                                runner=job_watchdog.celery_runner())
        except SoftTimeLimitExceeded:
            jobs.fail(jobs.context_for(items).db, job_id, jobs.timed_out(soft))
            return "failed"
        except TRANSIENT:
            if self.request.retries >= self.max_retries:
                jobs.fail(jobs.context_for(items).db, job_id, {
                    "status": 503, "title": "服务暂时不可用",
                    "detail": "数据库多次无法连接，任务未完成；请稍后重新提交"})
                return "failed"
            raise

    @app.task(name=DELIVER, acks_late=True, reject_on_worker_lost=True)
    def deliver(delivery_id: int) -> str:
        # a lost task is harmless: the delivery's lease runs out and the pump hands it out again
        return notify_pump.deliver(delivery_id, items)

    return app


