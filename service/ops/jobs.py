"""The long operations as plain task functions, and :func:`run_job`, the one entry both
runners call (the embedded process pool of ``paperwork serve`` and the Celery worker,
service/ops/job_runners.py and service/ops/celery_app.py).

A task function takes the process's :class:`JobContext`, the job's params and input files,
the key's row, and a ``progress(done, total)`` callback; it returns an :class:`Outcome` or
raises what the synchronous route would answer (a Problem, UnusableInput, a StoreError): the
job fails with that problem document, in Chinese. Anything else is our bug: logged with its
traceback, reported as a plain Chinese sentence, never the traceback.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from functools import cache

from service.ops import packages, reports
from service.ops.forms import rendered_form
from service.ops.package_signing import PackageKeys, installation_key_of, parse_trusted
from service.ops.uploads import check_uploaded_pdf
from service.problems import TITLES, Problem
from service.settings import Settings, from_env
from service.store import jobs as store_jobs
from service.store.blobs import Blobs
from service.store.db import Database, open_database
from service.store.errors import StoreError
from service.store.files import FileStore
from service.store.models import ApiKey
from validators.loader import UnusableInput

log = logging.getLogger("paperwork.jobs")

KINDS = ("render", "check-pdf", "package", "report")
#: at most this many PDFs in one check-pdf job: its time limit, and so the broker's
#: visibility timeout, is this many times the limit of one file
MAX_PDF_FILES_PER_JOB = 20
JSON_MEDIA = "application/json"
#: seconds between a Celery task's soft limit (it stops and says so) and its hard one (killed)
GRACE_SECONDS = 15


class JobCancelled(Exception):
    """The job was cancelled while its task ran: stop, keep nothing."""


@dataclass(frozen=True)
class Outcome:
    data: bytes
    media_type: str
    file_name: str = ""


@dataclass(frozen=True)
class JobContext:
    """What a worker process opens once: the store, the attachments, the package keys."""
    settings: Settings
    db: Database
    files: Blobs
    package_keys: PackageKeys


def settings_items(settings: Settings) -> tuple:
    """The settings as a hashable, picklable value: what a worker process is handed."""
    return tuple(sorted(dataclasses.asdict(settings).items()))


@cache
def context_for(settings_items: tuple) -> JobContext:
    """The context of the settings ``settings_items`` (``tuple(sorted(asdict(settings).items()))``),
    made once per process: a process pool or a Celery child keeps its database connections."""
    settings = from_env({}, **dict(settings_items))
    db = open_database(settings.db_url, migrate=False)
    # attachments as every node reads them: bytes in PostgreSQL where it is the store
    return JobContext(settings, db, Blobs(db, FileStore(settings.files_path)),
                      PackageKeys(installation_key_of(db, settings.data_path),
                                  parse_trusted(settings.trusted_package_keys)))


def outlive_not(server_pid: int) -> None:
    """In each worker of the embedded pool: end when the serving process ``server_pid`` is gone.
    Killed or crashed, it cannot tell its workers; they are children of the fork server, which
    in turn lives as long as they do, so without this both would stay for good."""
    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(server_pid, 0)
            except (ProcessLookupError, PermissionError):   # gone, or its pid now another user's
                os._exit(0)
    threading.Thread(target=watch, name="outlive-not", daemon=True).start()


def ready() -> bool:
    """Nothing: a pool's first task, which starts a worker (its imports done) before a job needs it."""
    return True


def time_limit(settings: Settings, kind: str, n_files: int = 1) -> int:
    """Seconds a job may run: the limits the synchronous routes have."""
    if kind == "check-pdf":
        return n_files * (settings.pdf_timeout_seconds + 5)
    return settings.render_timeout_seconds


def longest_time_limit(settings: Settings) -> int:
    return max(time_limit(settings, k, MAX_PDF_FILES_PER_JOB) for k in KINDS)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


# --- the task functions ---------------------------------------------------------------------------

def render_task(ctx: JobContext, params: dict, inputs, key: ApiKey, progress) -> Outcome:
    records = json.loads(inputs[0][1])
    progress(0, 1)
    rendered = rendered_form(params["form"], records, params["format"], params["draft"])
    return Outcome(rendered.data, rendered.content_type, rendered.file_name)


def check_pdf_task(ctx: JobContext, params: dict, inputs, key: ApiKey, progress) -> Outcome:
    """Progress in pages: ``total`` is the pages of the files opened so far (0 until the first
    is), ``done`` those read — text pages at once, scanned pages as OCR reads each."""
    results, pages_before = [], 0
    for name, data in inputs:
        def on_pages(done: int, total: int, before=pages_before) -> None:
            progress(before + done, before + total)
        result = check_uploaded_pdf(data, name, params.get("record"),
                                    ctx.settings.pdf_timeout_seconds, on_pages)
        results.append(result)
        pages_before += result.get("pages") or 0
    progress(pages_before, pages_before)
    return Outcome(_json({"files": results}), JSON_MEDIA)


def package_task(ctx: JobContext, params: dict, inputs, key: ApiKey, progress) -> Outcome:
    progress(0, 1)
    data, name = packages.build(params["info"], ctx.files, ctx.package_keys)
    return Outcome(data, "application/zip", name)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_task(ctx: JobContext, params: dict, inputs, key: ApiKey, progress) -> Outcome:
    progress(0, 1)
    with ctx.db.read() as s:       # the key read in this session: visibility walks its body
        data = reports.run(s, s.get(ApiKey, key.id), params["report"], params["args"])
    if params["format"] == "json":
        return Outcome(_json(data), JSON_MEDIA)
    body, name = reports.workbook(params["report"], params["args"], data)
    return Outcome(body, XLSX, name)


TASKS = {"render": render_task, "check-pdf": check_pdf_task, "package": package_task,
         "report": report_task}


# --- running one job ------------------------------------------------------------------------------

def problem_of(exc: BaseException) -> dict:
    """The problem document a failed job shows: what the synchronous route would have said."""
    if isinstance(exc, Problem):
        return {"status": exc.status, "title": exc.title, "detail": exc.detail,
                "type": f"https://paperwork.invalid/problems/{exc.slug}", **exc.extra}
    if isinstance(exc, StoreError):
        return {"status": exc.status, "title": exc.title, "detail": exc.detail, **exc.extra}
    if isinstance(exc, UnusableInput):
        return {"status": 413 if exc.reason == "too-large" else 422, "title": "记录无法读取",
                "detail": exc.message, "reason": exc.reason}
    return {"status": 500, "title": TITLES[500],
            "detail": "任务执行时服务器出错，已记录日志；请稍后重新提交，或联系管理员"}


def timed_out(limit: float) -> dict:
    return {"status": 504, "title": "处理超时",
            "detail": f"任务超过 {limit:g} 秒，已停止；请减少记录条数或文件数后重新提交"}


def fail(db: Database, job_id: str, problem: dict) -> None:
    with db.write() as s:
        store_jobs.fail(s, job_id, problem)


def run_job(job_id: str, settings_items: tuple, reraise: tuple = (), time_limit: float | None = None,
            runner: str | None = None) -> str:
    """Run the job ``job_id`` to its end in this process; its final status ("skipped" when it
    was already finished or cancelled). Exceptions in ``reraise`` go to the caller (Celery
    retries and time limits). A task that fails after ``time_limit`` seconds failed of its
    limit: the signal that stops it may surface as any error (a rule's crash, S902), or be
    caught and the task go on, so one that ends after its limit failed of it too.
    ``runner`` names who now holds the job (a Celery child), for the watchdog."""
    ctx = context_for(settings_items)
    began = time.monotonic()
    with ctx.db.write() as s:
        if not store_jobs.start(s, job_id, runner):
            return "skipped"
        job = store_jobs.get(s, job_id)
        kind, params, key = job.kind, job.params, s.get(ApiKey, job.key_id)
        inputs = store_jobs.load_inputs(s, job_id)

    def progress(done: int, total: int) -> None:
        with ctx.db.write() as s:
            if not store_jobs.progress(s, job_id, done, total):
                raise JobCancelled(job_id)

    try:
        outcome = TASKS[kind](ctx, params, inputs, key, progress)
    except JobCancelled:
        return "cancelled"
    except reraise:
        raise
    except Exception as e:          # noqa: BLE001 — a refusal, a time limit, or our bug
        if time_limit is not None and time.monotonic() - began >= time_limit:
            problem = timed_out(time_limit)
        else:
            if not isinstance(e, (Problem, StoreError, UnusableInput)):
                log.exception("job %s (%s) crashed", job_id, kind)   # our bug: logged here only
            problem = problem_of(e)
        fail(ctx.db, job_id, problem)
        return "failed"
    if time_limit is not None and time.monotonic() - began >= time_limit:
        # the limit's signal landed where it was caught (a rule's crash is an S902 finding)
        # and the task went on: what it made may lack what the signal cut short
        fail(ctx.db, job_id, timed_out(time_limit))
        return "failed"
    with ctx.db.write() as s:
        finished = store_jobs.succeed(s, job_id, outcome.data, outcome.media_type, outcome.file_name)
    return "succeeded" if finished else "cancelled"
