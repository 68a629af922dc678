"""The record's edit form (issue #18 item 4): filled in controls built from the schema
(service/schema_form.py), checked with each finding beside its field, and saved as a
submission with the PDFs uploaded on the way (kept as signed references, service/ops/uploads.py).
The same form edits a submission's next version (service/web_submission.py)."""
from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from generator.forms import FORMS
from service import web_checks
from service.ops import submitting
from service.ops.checking import Checker, parse_round, parse_today, read_record
from service.ops.forms import rendered_form
from service.ops.uploads import referenced_uploads, upload_reference
from service.problems import Problem
from service.routing import content_disposition
from service.schema_form import form_for, record_from_form, with_row_change
from service.store import server_facts
from service.store.errors import StoreError
from service.store.keys import ApiKey
from service.store.submissions import Upload
from service.web_pages import SAVERS, check_context, page, present_pdf, verdict_of
from service.web_signin import posted, signed_in
from validators.kinds import KINDS
from validators.loader import UnusableInput
from validators.schema import title_for

router = APIRouter(prefix="/web", include_in_schema=False)
FORM_LIMITS = {"max_files": 200, "max_fields": 5000}   # as many files as the API takes


def form_page(request: Request, kind: str, record: dict | None, context: dict, *, status: int = 200,
              findings=(), pdfs=(), uploads=(), checked: bool = False, focus: str | None = None,
              submission=None, note: str = "", error: str | None = None) -> HTMLResponse:
    """The form of ``record``: each finding on its control and in the list linking to it; the
    kept uploads as ticked boxes; ``submission`` set when it edits that submission's next version."""
    root = form_for(kind, record, findings, server_facts.SERVER_OWNED.get(kind, ()))
    listed = []
    for node in root.walk():
        for f in node.findings:
            parts = [int(p) if p.isdigit() else p for p in (f.get("path") or "").split("/")[1:]]
            listed.append({**f, "anchor": node.anchor, "field": title_for(kind, parts) if parts else "整条记录"})
    controls = [n.pointer for n in root.walk() if n.widget not in ("object", "rows", "server", "const")]
    first = next((p for p in controls if focus and f"f{p}/".startswith(focus + "/")), None)
    return page(request, "precheck_fill.html", status=status, kind=KINDS[kind], root=root,
                listed=listed, pdfs=pdfs, uploads=uploads, checked=checked, submission=submission,
                verdict=verdict_of([f for f in findings], pdfs) if checked else None, focus=first,
                note=note, error=error, forms=[f for f in FORMS.values() if kind in f.kinds],
                record_json=json.dumps(record or {}, ensure_ascii=False, indent=2), **context)


async def posted_uploads(request: Request, key: ApiKey, form, record: dict):
    """The uploads a form post keeps: the ticked earlier ones and, for a key that may save, the
    new files, stored (new files to be checked go to a job instead: service/web_checks.py).
    Returns ([(file name, reference)], [Upload])."""
    secret = request.app.state.upload_secret
    declared = submitting.declared_types(record)
    kept = referenced_uploads(secret, key.id, form.getlist("upload"), declared)
    new = [f for f in form.getlist("pdfs") if getattr(f, "filename", None)]
    if key.role in SAVERS:     # a portal or expert only checks: nothing of theirs is stored
        read = await submitting.stored_uploads(new, record, request.app.state.settings.max_upload_bytes)
        await run_in_threadpool(submitting.keep_now, request.app.state.db, request.app.state.files, read)
        kept += read
    shown = [(u.file_name, upload_reference(secret, key.id, u)) for u in kept]
    return shown, kept


async def findings_of(request: Request, record: dict, context: dict, exclude_id: int | None = None) -> list[dict]:
    checker = Checker(request.app.state.db, parse_today(context["today"]),
                      parse_round(context["round"] or None), exclude_id=exclude_id)
    report = await run_in_threadpool(checker.report, record)
    return [f.to_dict() for f in report.findings]


@router.api_route("/precheck/form", methods=["GET", "POST"], response_class=HTMLResponse)
async def precheck_fill(request: Request, kind: str = "achievement-registration"):
    """The empty form of ``kind``; POST with ``record_json`` (the result page's 在表单中修改)
    fills it in, keeping the round, the date and the uploaded PDFs."""
    record, context, uploads = None, check_context({}), []
    if request.method == "GET":
        signed_in(request, "submitter", "portal", "expert", "admin")
    else:
        key, form = await posted(request, "submitter", "portal", "expert", "admin")
        try:
            record = read_record(str(form.get("record_json", "")).encode("utf-8"),
                                 request.app.state.settings.max_record_bytes)
        except UnusableInput as e:
            return page(request, "error.html", status=400, message=e.message)
        kind, context = record["kind"], check_context(form)
        uploads, _ = await posted_uploads(request, key, form, record)
    if kind not in KINDS:
        return page(request, "error.html", status=404, message=f"未知的记录类型“{kind[:40]}”")
    return form_page(request, kind, record, context, uploads=uploads)


@router.post("/precheck/form/check", response_class=HTMLResponse)
async def precheck_fill_check(request: Request):
    """The form posted: a row added or removed (shown again), checked (findings beside their
    fields, the new PDFs checked), or saved as a submission with every kept PDF."""
    key, form = await posted(request, "submitter", "portal", "expert", "admin", **FORM_LIMITS)
    kind = str(form.get("/kind", ""))
    if kind not in KINDS:
        return page(request, "error.html", status=422, message=f"未知的记录类型“{kind[:40]}”")
    context = check_context(form)
    typed = record_from_form(kind, form, server_facts.SERVER_OWNED.get(kind, ()))
    record, focus = with_row_change(typed, form)
    saving = form.get("_save") == "submission" and key.role in SAVERS
    try:
        record = server_facts.for_new_record(kind, record, saving, parse_today(context["today"]))
    except Problem as e:
        return form_page(request, kind, record, context, status=e.status, error=e.detail)
    checking = focus is None and not saving
    new = [f for f in form.getlist("pdfs") if getattr(f, "filename", None)]
    if checking and new:    # the PDFs are read as a job, with a progress bar (service/web_checks.py)
        earlier = [str(ref) for ref in form.getlist("upload")]
        # a ticked upload that is not this key's is refused now, not once the PDFs are read
        referenced_uploads(request.app.state.upload_secret, key.id, earlier, {})
        return await web_checks.start(request, record, context, new, purpose="form",
                                      extra={"kept": earlier})
    uploads, kept = await posted_uploads(request, key, form, record)
    if focus is not None:
        return form_page(request, kind, record, context, uploads=uploads, focus=focus)
    if saving:
        try:
            saved = await submitting.create(request.app.state.db, request.app.state.files, key, record, kept,
                                            context["round"] or None, parse_today(context["today"]))
        except (Problem, StoreError) as e:
            return form_page(request, kind, record, context, status=e.status, uploads=uploads, error=e.detail)
        return RedirectResponse(f"/web/submissions/{saved['id']}", status_code=303)
    findings = await findings_of(request, record, context)
    return form_page(request, kind, record, context, findings=findings, uploads=uploads,
                     checked=True)


@router.get("/precheck/form/checks/{job_id}", response_class=HTMLResponse)
async def precheck_fill_checked(request: Request, job_id: str):
    """The form checked with new PDFs: the job's bar while they are read, then the form with
    every finding beside its field, the PDFs' reports, and all its PDFs kept."""
    key = signed_in(request, *web_checks.PURPOSES["form"].roles)
    job = web_checks.web_job(request, key, job_id, "form")
    if job.status != "succeeded":
        return web_checks.progress_page(request, job)
    web, record = job.params["web"], job.params["record"]
    context = check_context({"round": web["round"], "today": web["today"]})
    keep_for = key if key.role in SAVERS else None
    pdfs = [present_pdf(request, r, record, keep_for) for r in web_checks.reports_of(request, job)]
    try:
        uploads = web_checks.kept_uploads(request, key, job, pdfs)
    except Problem as p:
        return page(request, "error.html", status=p.status, message=p.detail)
    findings = await findings_of(request, record, context)
    return form_page(request, record["kind"], record, context, findings=findings, pdfs=pdfs,
                     uploads=uploads, checked=True)


@router.post("/precheck/draft")
async def precheck_draft(request: Request):
    _, form = await posted(request, "submitter", "portal", "expert", "admin")
    try:
        record = read_record(str(form.get("record_json", "")).encode("utf-8"),
                             request.app.state.settings.max_record_bytes)
        rendered = await run_in_threadpool(rendered_form, str(form.get("form", "")), [record],
                                           str(form.get("format", "pdf")), True)
    except (UnusableInput, Problem) as e:
        return page(request, "error.html", status=getattr(e, "status", 400),
                    message=getattr(e, "detail", None) or e.message)
    return Response(rendered.data, media_type=rendered.content_type,
                    headers={"Content-Disposition": content_disposition(rendered.file_name)})


@router.post("/precheck/submit")
async def precheck_submit(request: Request):
    """The result page's 保存为提交: the record, and the PDFs checked with it."""
    key, form = await posted(request, *SAVERS)
    try:
        record = read_record(str(form.get("record_json", "")).encode("utf-8"),
                             request.app.state.settings.max_record_bytes)
        uploads: list[Upload] = referenced_uploads(request.app.state.upload_secret, key.id,
                                                   form.getlist("upload"), submitting.declared_types(record))
        saved = await submitting.create(request.app.state.db, request.app.state.files, key, record, uploads,
                                        str(form.get("round") or "") or None, date.today())
    except (UnusableInput, Problem, StoreError) as e:
        return page(request, "error.html", status=getattr(e, "status", 400),
                    message=getattr(e, "detail", None) or e.message)
    return RedirectResponse(f"/web/submissions/{saved['id']}", status_code=303)
