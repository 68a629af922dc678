"""``/api/v1/jobs``: long operations run off the request (issue #16).

A long route (render, check-pdf, the archive package, a report) sent with
``Prefer: respond-async`` (RFC 7240) answers ``202 Accepted`` with ``Location`` (the job) and
``Preference-Applied: respond-async``; without the header it answers as before. A job is seen
by the key that made it and by admins; any other key gets the 404 of a job that does not exist.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from service.auth import require
from service.ops import jobs
from service.problems import Problem
from service.routing import content_disposition
from service.store import job_watchdog
from service.store import jobs as store_jobs
from service.store.keys import ApiKey

router = APIRouter(prefix="/api/v1", tags=["任务"])

STATUS_LABELS = {"queued": "排队中", "running": "执行中", "succeeded": "成功", "failed": "失败",
                 "cancelled": "已取消"}

JOB_EXAMPLE = {"id": "3f2c…", "kind": "render", "status": "running",
               "progress": {"done": 0, "total": 1, "unit": "份"}, "result_url": None, "error": None,
               "created_at": "2026-01-10T02:00:00+00:00", "finished_at": None}

#: the 202 a long route answers with ``Prefer: respond-async``
ACCEPTED = {202: {
    "description": "请求头 Prefer: respond-async 时：已作为任务排队；Location 为任务地址，"
                   "Preference-Applied: respond-async；正文为任务状态（见 GET /api/v1/jobs/{job_id}）",
    "headers": {"Location": {"schema": {"type": "string"}, "description": "/api/v1/jobs/{job_id}"},
                "Preference-Applied": {"schema": {"type": "string"}, "description": "respond-async"}},
    "content": {"application/json": {"example": JOB_EXAMPLE}}}}


def wants_async(request: Request) -> bool:
    """Whether a ``Prefer`` header asks for ``respond-async`` (tokens are case-insensitive,
    preferences comma-separated, each with optional ``;`` parameters)."""
    for header in request.headers.getlist("prefer"):
        for preference in header.split(","):
            if preference.split(";", 1)[0].split("=", 1)[0].strip().lower() == "respond-async":
                return True
    return False


def enqueue(state, key: ApiKey, kind: str, params: dict, *, inputs: list[tuple[str, bytes]] = (),
            total: int = 1, unit: str = "份") -> dict:
    """Keep the job in the store and hand it to the runner; its state (``as_dict``). A broker
    that cannot be reached fails the job and is a 503 (Problem). Blocking: call it in a thread."""
    with state.db.write() as s:
        store_jobs.sweep(s)
        job = store_jobs.as_dict(store_jobs.create(
            s, key, kind, params, total=total, unit=unit,
            ttl_seconds=state.settings.job_result_ttl_seconds, inputs=inputs,
            runner=state.job_runner.name,
            lost_after_seconds=state.job_runner.lost_after(kind, len(inputs) or 1)))
    try:
        state.job_runner.submit(job["id"], kind, len(inputs) or 1)
    except Exception:               # noqa: BLE001 — the broker is down: the job cannot run
        jobs.fail(state.db, job["id"], {"status": 503, "title": "服务暂时不可用",
                                        "detail": "任务队列暂时无法连接，任务未执行；请稍后重新提交"})
        raise Problem(503, "任务队列暂时无法连接，任务未执行；请稍后重试，或不带 Prefer: respond-async 同步请求",
                      slug="broker-unavailable", headers={"Retry-After": "10"}) from None
    return job


async def accepted(request: Request, key: ApiKey, kind: str, params: dict, *,
                   inputs: list[tuple[str, bytes]] = (), total: int = 1, unit: str = "份") -> JSONResponse:
    """Keep the job in the store, hand it to the runner, answer 202."""
    job = await run_in_threadpool(lambda: enqueue(request.app.state, key, kind, params, inputs=inputs,
                                                  total=total, unit=unit))
    location = f"/api/v1/jobs/{job['id']}"
    return JSONResponse(job, status_code=202, headers={
        "Location": location, "Preference-Applied": "respond-async", "Vary": "Prefer"})


def _problem(description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {}}}


NOT_FOUND = _problem("没有本密钥可见的这个任务：编号有误、任务属于其他密钥，或已过保留时间被删除")


@router.get("/jobs/{job_id}", summary="任务状态与进度",
            responses={200: {"description": "任务状态", "content": {"application/json": {"example": JOB_EXAMPLE}}},
                       404: NOT_FOUND})
def get_job(request: Request, job_id: str, key: ApiKey = require()):
    state = request.app.state
    with state.db.read() as s:
        job = store_jobs.visible(s, key, job_id)
    if job_watchdog.is_lost(job):   # its runner is gone: queued again here, or failed
        state.job_runner.reclaim(job)
        with state.db.read() as s:
            job = store_jobs.visible(s, key, job_id)
    return store_jobs.as_dict(job)


@router.get("/jobs/{job_id}/result", summary="任务结果：文件（文件名见 Content-Disposition）或 JSON",
            response_class=Response,
            responses={200: {"description": "与同步请求相同的文件或 JSON",
                             "content": {"application/pdf": {}, "application/zip": {}, "application/json": {}}},
                       404: NOT_FOUND,
                       409: _problem("任务尚未完成，或失败、已取消（没有结果）；失败原因见任务的 error")})
def get_job_result(request: Request, job_id: str, key: ApiKey = require()):
    with request.app.state.db.read() as s:
        job = store_jobs.visible(s, key, job_id)
        if job.status != "succeeded":
            unfinished = job.status in store_jobs.UNFINISHED
            raise Problem(409, f"任务{STATUS_LABELS[job.status]}，没有结果；" +
                          ("请稍后再取" if unfinished else "原因见 GET " + f"/api/v1/jobs/{job.id} 的 error"),
                          slug="job-not-succeeded", headers={"Retry-After": "2"} if unfinished else None)
        data = store_jobs.load_result(s, job.id)
        media_type, file_name = job.result_media_type, job.result_file_name
    headers = {"Content-Disposition": content_disposition(file_name)} if file_name else {}
    return Response(data, media_type=media_type, headers=headers)


@router.delete("/jobs/{job_id}", summary="取消任务（排队中或执行中）",
               responses={200: {"description": "已取消；正文为任务状态"}, 404: NOT_FOUND,
                          409: _problem("任务已完成（成功、失败或已取消），不能取消")})
def cancel_job(request: Request, job_id: str, key: ApiKey = require()):
    state = request.app.state
    with state.db.write() as s:
        job = store_jobs.visible(s, key, job_id)
        if not store_jobs.cancel(s, job):
            s.refresh(job)
            raise Problem(409, f"任务已完成（{STATUS_LABELS[job.status]}），不能取消", slug="job-finished")
    state.job_runner.cancel(job.id)
    with state.db.read() as s:
        return store_jobs.as_dict(store_jobs.get(s, job.id))
