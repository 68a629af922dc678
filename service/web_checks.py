"""A 预检 with PDFs runs as a job (issue #18, item 3): a scanned bundle is read page by page by
OCR, which takes a while, so the page shows a progress bar (pages read of pages), can be left
and come back to (the 材料预检 page lists the recent checks), and the same check sent twice —
a second click, a reload of the POST — goes to the job already made instead of starting another.

The job is an ordinary ``check-pdf`` job (service/ops/jobs.py), run by the embedded pool or the
Celery workers; its ``params["web"]`` keeps what the result page needs besides the PDFs' reports:
the round, the date, the files, and the check's fingerprint. The record's own findings are
worked out again when the result is shown (milliseconds; the PDFs are the slow part).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from generator.forms import FORMS
from service.api_jobs import STATUS_LABELS, enqueue
from service.ops.checking import Checker, parse_round, parse_today
from service.ops.jobs import MAX_PDF_FILES_PER_JOB
from service.ops.submitting import declared_types, keep_now
from service.ops.uploads import read_upload, referenced_uploads, upload_reference
from service.problems import Problem
from service.store import job_watchdog
from service.store import jobs as store_jobs
from service.store.errors import NotFound
from service.store.submissions import Upload
from service.web_pages import SAVERS, check_context, group_findings, page, present_pdf, verdict_of
from service.web_signin import posted, signed_in
from validators.kinds import KINDS
from validators.loader import UnusableInput

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Purpose:
    """Which page made the check: where its job's pages are, who may see them, what they say."""
    name: str
    prefix: str                 # the job's page is prefix/{job_id}
    roles: tuple[str, ...]
    running_title: str
    back_url: str
    back_label: str


PURPOSES = {p.name: p for p in (
    Purpose("precheck", "/web/precheck/checks", ("submitter", "portal", "expert", "admin"),
            "预检进行中", "/web/precheck", "材料预检"),
    # the record's form with new PDFs (service/web_form.py)
    Purpose("form", "/web/precheck/form/checks", ("submitter", "portal", "expert", "admin"),
            "预检进行中", "/web/precheck", "材料预检"),
    # the next version's form with new PDFs (service/web_submission.py)
    Purpose("version", "/web/submissions/checks", ("submitter", "admin"), "预检进行中",
            "/web/precheck", "材料预检"),
    # 档案台: a scanned bundle whose QR code says which submission it is
    Purpose("desk", "/web/desk/scans", ("archivist", "admin"), "扫描件识别中", "/web/desk", "档案台"),
)}
ROLES = PURPOSES["precheck"].roles
#: a check done within this many seconds shows its result at once, with no progress page
WAIT_SECONDS = 2.0
#: the progress page asks again this often (seconds): the script, or the page itself without it
POLL_SECONDS = 2


def fingerprint(purpose: str, key_id: int, record: dict | None, round_name: str, today: str,
                files: list[dict]) -> str:
    """What makes two checks the same work: the page, the key, the record, the round, the date,
    the files."""
    same = [purpose, key_id, record, round_name, today, [[f["name"], f["sha256"]] for f in files]]
    return hashlib.sha256(json.dumps(same, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _same_check(state, key, print_: str):
    """The job of this very check, made before and not failed or cancelled, if there is one."""
    with state.db.read() as s:
        for job in store_jobs.recent(s, key, "check-pdf", limit=50):
            web = (job.params or {}).get("web") or {}
            if web.get("fingerprint") == print_ and job.status not in ("failed", "cancelled"):
                return job.id
    return None


async def start(request: Request, record: dict | None, context: dict, uploads,
                purpose: str = "precheck", extra: dict | None = None) -> RedirectResponse:
    """Make (or find) the job of a check of ``record`` with the PDFs ``uploads``, and go to its
    page. ``extra`` is kept with it for the page that shows the result (and makes it another
    check when it differs)."""
    state, key = request.app.state, request.state.key
    uploads = [u for u in uploads if getattr(u, "filename", None)]
    if len(uploads) > MAX_PDF_FILES_PER_JOB:
        raise Problem(413, f"一次预检最多上传 {MAX_PDF_FILES_PER_JOB} 个 PDF，收到 {len(uploads)} 个；"
                      "请分几次预检", slug="too-many-files")
    inputs = [(u.filename, await read_upload(u, state.settings.max_upload_bytes)) for u in uploads]
    files = [{"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
             for name, data in inputs]
    print_ = fingerprint(purpose, key.id, [record, extra], context["round"], context["today"], files)
    job_id = await run_in_threadpool(_same_check, state, key, print_)
    if job_id is None:
        if purpose != "desk" and key.role in SAVERS:
            # kept now: the page of the result carries them by reference, to be saved
            kept = [Upload(f["name"], f["sha256"], f["size"], content=data)
                    for f, (_, data) in zip(files, inputs)]
            await run_in_threadpool(keep_now, state.db, state.files, kept)
        params = {"record": record, "web": {"purpose": purpose, "round": context["round"],
                                            "today": context["today"], "files": files,
                                            "fingerprint": print_, **(extra or {})}}
        job = await run_in_threadpool(lambda: enqueue(state, key, "check-pdf", params,
                                                      inputs=inputs, total=0, unit="页"))
        job_id = job["id"]
        await _wait(state, job_id, WAIT_SECONDS)
    return RedirectResponse(f"{PURPOSES[purpose].prefix}/{job_id}", status_code=303)


async def _wait(state, job_id: str, seconds: float) -> None:
    def finished() -> bool:
        with state.db.read() as s:
            job = store_jobs.get(s, job_id)
            return job is None or job.status in store_jobs.FINISHED
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if await run_in_threadpool(finished):
            return
        await asyncio.sleep(0.2)


def purpose_of(job) -> str | None:
    web = (job.params or {}).get("web") if job.kind == "check-pdf" else None
    return None if web is None else web.get("purpose", "precheck")


def web_job(request: Request, key, job_id: str, purpose: str = "precheck"):
    """The key's check ``job_id`` made by the page ``purpose`` (a job made through the API, or
    by the other page, is not found here: 404); one whose runner is gone is taken back first,
    as GET /api/v1/jobs does."""
    state = request.app.state
    with state.db.read() as s:
        job = store_jobs.visible(s, key, job_id)
    if purpose_of(job) != purpose:
        raise NotFound("没有这个检查：编号有误，或已过保留时间被删除；请重新上传")
    if job_watchdog.is_lost(job):
        state.job_runner.reclaim(job)
        with state.db.read() as s:
            job = store_jobs.visible(s, key, job_id)
    return job


def progress_of(job) -> dict:
    """What the bar and its words say."""
    web = job.params["web"]
    n_files = len(web["files"])
    if job.status == "queued":
        words = "排队中，马上开始……"
    elif job.status == "running" and not job.total:
        words = f"正在打开文件（共 {n_files} 个）……"
    elif job.status == "running":
        words = f"已读 {job.done}/{job.total} 页（扫描页逐页 OCR 识别文字）"
    else:
        words = STATUS_LABELS[job.status]
    return {"status": job.status, "status_label": STATUS_LABELS[job.status], "done": job.done,
            "total": job.total, "unit": job.unit, "words": words,
            "finished": job.status in store_jobs.FINISHED}


def progress_page(request: Request, job) -> HTMLResponse:
    """The page of a check that has not succeeded: its bar while it runs, else why it ended."""
    web = job.params["web"]
    return page(request, "precheck_progress.html", job=job, web=web, progress=progress_of(job),
                poll_seconds=POLL_SECONDS, purpose=PURPOSES[purpose_of(job)],
                round=web["round"], today=web["today"])


def kept_uploads(request: Request, key, job, pdfs: list[dict]) -> list[tuple[str, str]]:
    """A form's PDFs once its check is done: the ones ticked when it was sent and the readable
    new ones, as (file name, signed reference) for its 已上传 list."""
    secret = request.app.state.upload_secret
    references = job.params["web"]["kept"] + [p["reference"] for p in pdfs if p.get("reference")]
    kept = referenced_uploads(secret, key.id, references, declared_types(job.params["record"]))
    return [(u.file_name, upload_reference(secret, key.id, u)) for u in kept]


def reports_of(request: Request, job) -> list[dict]:
    """The PDFs' reports of a check that has succeeded, as the job left them."""
    with request.app.state.db.read() as s:
        return json.loads(store_jobs.load_result(s, job.id))["files"]


@router.get("/web/precheck/checks/{job_id}", response_class=HTMLResponse)
async def check_page(request: Request, job_id: str):
    key = signed_in(request, *ROLES)
    job = web_job(request, key, job_id)
    if job.status != "succeeded":
        return progress_page(request, job)
    web = job.params["web"]
    context = {"round": web["round"], "today": web["today"]}
    reports = reports_of(request, job)
    record = job.params["record"]
    keep_for = key if key.role in SAVERS else None
    pdfs = [present_pdf(request, r, record, keep_for) for r in reports]
    return await result_page(request, record, check_context(context), pdfs)


async def result_page(request: Request, record: dict, context: dict, pdfs: list[dict]) -> HTMLResponse:
    """Every finding of ``record`` (validated now, with the store as context) and of its PDFs'
    reports (:func:`service.web_pages.present_pdf`), under one verdict."""
    try:
        checker = Checker(request.app.state.db, parse_today(context["today"]),
                          parse_round(context["round"] or None))
        report = await run_in_threadpool(checker.report, record)
    except UnusableInput as e:
        return page(request, "precheck.html", status=400, error=e.message, **context)
    except Problem as p:
        return page(request, "precheck.html", status=p.status, error=p.detail, **context)
    findings = [f.to_dict() for f in report.findings]
    return page(request, "precheck_result.html", kind=KINDS[report.kind],
                verdict=verdict_of(findings, pdfs), groups=group_findings(report.kind, findings),
                record_json=json.dumps(record, ensure_ascii=False, indent=2), pdfs=pdfs,
                forms=[f for f in FORMS.values() if report.kind in f.kinds], **context)


def _progress_route(purpose: Purpose):
    def check_progress(request: Request, job_id: str):
        """The bar's figures for the page's script (the page works without it, asking again itself)."""
        key = signed_in(request, *purpose.roles)
        return JSONResponse(progress_of(web_job(request, key, job_id, purpose.name)),
                            headers={"Cache-Control": "no-store"})
    return check_progress


def _cancel_route(purpose: Purpose):
    async def cancel_check(request: Request, job_id: str):
        key, _ = await posted(request, *purpose.roles)
        state = request.app.state
        job = web_job(request, key, job_id, purpose.name)
        with state.db.write() as s:
            cancelled = store_jobs.cancel(s, s.get(type(job), job.id))
        if cancelled:
            state.job_runner.cancel(job.id)
        return RedirectResponse(f"{purpose.prefix}/{job.id}", status_code=303)
    return cancel_check


for _purpose in PURPOSES.values():
    router.add_api_route(_purpose.prefix + "/{job_id}/progress", _progress_route(_purpose), methods=["GET"])
    router.add_api_route(_purpose.prefix + "/{job_id}/cancel", _cancel_route(_purpose), methods=["POST"])


def recent_checks(state, key, limit: int = 10) -> list[dict]:
    """The key's recent 预检 jobs, for the 材料预检 page: leave one running, come back to it here."""
    with state.db.read() as s:
        jobs = [j for j in store_jobs.recent(s, key, "check-pdf", limit=limit * 3)
                if purpose_of(j) == "precheck"][:limit]
    return [{"id": j.id, "created_at": j.created_at, "files": [f["name"] for f in j.params["web"]["files"]],
             "progress": progress_of(j)} for j in jobs]
