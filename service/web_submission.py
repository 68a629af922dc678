"""A submission's page (issue #18 item 7): its versions, attachments, 成果登记号 and paper
deadline, the 档案台's receipt and the review steps; and what its submitter does there — upload
attachments, edit the next version in the form (service/web_form.py), download the forms. Every
change goes through service/ops/submitting.py, as the API's does."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from generator.forms import FORMS
from service import web_checks
from service.ops import submitting
from service.ops.forms import rendered_form
from service.ops.uploads import referenced_uploads
from service.problems import Problem
from service.routing import RowId, attachment_response, content_disposition
from service.schema_form import record_from_form, with_row_change
from service.store import server_facts, submissions
from service.store.errors import StoreError
from service.web_form import FORM_LIMITS, findings_of, form_page, posted_uploads
from service.web_pages import SAVERS, check_context, group_findings, page, present_pdf
from service.web_signin import posted, signed_in

router = APIRouter(prefix="/web", include_in_schema=False)
VIEWERS = ("submitter", "archivist", "admin")


def forms_of(kind: str) -> list:
    return [f for f in FORMS.values() if kind in f.kinds]


@router.get("/submissions/{sid}", response_class=HTMLResponse)
def submission_page(request: Request, sid: RowId):
    key = signed_in(request, *VIEWERS)
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, sid)
        latest = submissions.latest(s, sub)
        info = submitting.submission_dict(s, sub, full=True)
        return page(request, "submission.html", sub=sub, info=info, latest=latest,
                    versions=submissions.versions(s, sub), forms=forms_of(sub.kind),
                    may_change=key.role in SAVERS,
                    upload_limit_mb=f"{request.app.state.settings.max_upload_bytes / 1048576:g}",
                    groups=group_findings(sub.kind, latest.findings))


def _latest_record(request: Request, key, sid: int) -> tuple[submissions.Submission, dict]:
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, sid)
        return sub, submissions.latest(s, sub).record


@router.get("/submissions/{sid}/edit", response_class=HTMLResponse)
def edit_version(request: Request, sid: RowId):
    key = signed_in(request, *SAVERS)
    sub, record = _latest_record(request, key, sid)
    return form_page(request, sub.kind, record, {**check_context({}), "round": sub.round or ""},
                     submission=sub)


@router.post("/submissions/{sid}/edit", response_class=HTMLResponse)
async def edit_version_posted(request: Request, sid: RowId):
    """The next version's form posted: a row added or removed, checked, or saved."""
    key, form = await posted(request, *SAVERS, **FORM_LIMITS)
    sub, latest = _latest_record(request, key, sid)
    context = {**check_context(form), "round": sub.round or ""}
    typed = record_from_form(sub.kind, form, server_facts.SERVER_OWNED.get(sub.kind, ()))
    record, focus = with_row_change(server_facts.carried(sub.kind, typed, latest), form)
    saving = form.get("_save") == "version"
    checking = focus is None and not saving
    note = str(form.get("_note", "")).strip()[:500]
    new = [f for f in form.getlist("pdfs") if getattr(f, "filename", None)]
    if checking and new:    # the PDFs are read as a job, with a progress bar (service/web_checks.py)
        earlier = [str(ref) for ref in form.getlist("upload")]
        referenced_uploads(request.app.state.upload_secret, key.id, earlier, {})
        return await web_checks.start(request, record, context, new, purpose="version",
                                      extra={"kept": earlier, "submission": sid, "note": note})
    uploads, kept = await posted_uploads(request, key, form, record)
    shown = {"uploads": uploads, "submission": sub, "note": note}
    if focus is not None:
        return form_page(request, sub.kind, record, context, focus=focus, **shown)
    if saving:
        try:
            state = request.app.state
            await submitting.new_version(state.db, state.files, key, sid, record, kept, note or None, date.today())
        except (Problem, StoreError) as e:
            return form_page(request, sub.kind, record, context, status=e.status, error=e.detail, **shown)
        return RedirectResponse(f"/web/submissions/{sid}", status_code=303)
    findings = await findings_of(request, record, context, exclude_id=sid)
    return form_page(request, sub.kind, record, context, findings=findings, checked=True, **shown)


@router.get("/submissions/checks/{job_id}", response_class=HTMLResponse)
async def edit_version_checked(request: Request, job_id: str):
    """The next version checked with new PDFs: the bar while they are read, then its form with
    every finding and every kept PDF."""
    key = signed_in(request, *SAVERS)
    job = web_checks.web_job(request, key, job_id, "version")
    if job.status != "succeeded":
        return web_checks.progress_page(request, job)
    web, record = job.params["web"], job.params["record"]
    sub, _ = _latest_record(request, key, web["submission"])
    context = {**check_context({"today": web["today"]}), "round": sub.round or ""}
    pdfs = [present_pdf(request, r, record, key) for r in web_checks.reports_of(request, job)]
    uploads = web_checks.kept_uploads(request, key, job, pdfs)
    findings = await findings_of(request, record, context, exclude_id=sub.id)
    return form_page(request, sub.kind, record, context, findings=findings, pdfs=pdfs, checked=True,
                     uploads=uploads, submission=sub, note=web["note"])


@router.post("/submissions/{sid}/attachments")
async def upload_attachments(request: Request, sid: RowId):
    """Attachments added as the next version, the record unchanged (earlier ones carried over)."""
    key, form = await posted(request, *SAVERS, max_files=FORM_LIMITS["max_files"])
    _, record = _latest_record(request, key, sid)
    settings = request.app.state.settings
    uploads = await submitting.stored_uploads(form.getlist("files"), record, settings.max_upload_bytes)
    if not uploads:
        return page(request, "error.html", status=422, message="请先选择要上传的附件文件，再点“上传附件”")
    note = "上传附件：" + "、".join(u.file_name for u in uploads)
    await submitting.new_version(request.app.state.db, request.app.state.files, key, sid, record, uploads,
                                 note[:500], date.today())
    return RedirectResponse(f"/web/submissions/{sid}", status_code=303)


@router.get("/submissions/{sid}/forms/{name}")
async def download_form(request: Request, sid: RowId, name: str, format: str = "pdf"):
    """The official form of the latest version, as the API renders it; 草稿 while it has errors."""
    key = signed_in(request, *VIEWERS)
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, sid)
        latest = submissions.latest(s, sub)
        record, valid = latest.record, latest.valid
    form = FORMS.get(name)
    if form is None or sub.kind not in form.kinds or format not in form.formats:
        raise Problem(404, f"此类提交没有“{name[:40]}”的 {format[:8].upper()} 表格", slug="unknown-form")
    rendered = await run_in_threadpool(rendered_form, name, [record], format, not valid)
    return Response(rendered.data, media_type=rendered.content_type,
                    headers={"Content-Disposition": content_disposition(rendered.file_name)})


@router.get("/submissions/{sid}/attachments/{sha256}")
def submission_attachment(request: Request, sid: RowId, sha256: str):
    """An uploaded attachment, for whoever may see the submission (the 档案台 opens it)."""
    key = signed_in(request, *VIEWERS)
    with request.app.state.db.read() as s:
        name = submissions.attachment_name(s, submissions.get(s, key, sid), sha256)
    return attachment_response(request.app.state.files.get(sha256), name)
