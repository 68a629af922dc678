"""Server-rendered pages (Chinese UI, no JavaScript framework): 预检 for submitters, 档案台 for
archive staff, 管理 for admins. The pages call the same core functions as the API; signing in
with an API key starts a server-side session, and every POST is checked for its origin and
CSRF token (service/web_signin.py)."""
from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from generator.forms import FORMS
from service.ops.checking import Checker, parse_round, parse_today, read_record, summary
from service.ops.desk import find_by_scan, materials_checklist
from service.ops.forms import rendered_form
from service.ops.uploads import check_uploaded_pdf, read_upload
from service.problems import Problem
from service.routing import RowId, attachment_response, content_disposition
from service.schema_form import fields_for, record_from_form
from service.store import audit, bodies, keys, receipts, registration, submissions
from service.store.errors import StoreError
from service.store.keys import ApiKey
from service.store.submissions import STATUS_LABELS
from service.web_signin import (
    NotSignedIn,
    login_token,
    posted,
    set_login_cookie,
    set_session_cookie,
    sign_in,
    sign_out,
    signed_in,
)
from validators import rounds
from validators.kinds import KINDS
from validators.loader import UnusableInput
from validators.schema import schema_for, title_for

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates_web"))
router = APIRouter(prefix="/web", include_in_schema=False)


def _readable(detail) -> str:
    """An audit entry's detail as 「key：value」 pairs, Chinese left readable."""
    if not isinstance(detail, dict):
        return str(detail)
    parts = []
    for k, v in detail.items():
        if isinstance(v, list):
            v = "、".join(x.get("material", json.dumps(x, ensure_ascii=False)) if isinstance(x, dict)
                         else str(x) for x in v) or "无"
        parts.append(f"{k}：{v}")
    return "；".join(parts)


TEMPLATES.env.filters["readable"] = _readable
TEMPLATES.env.globals["action_labels"] = audit.ACTION_LABELS

ROLE_HOME = {"submitter": "/web/precheck", "portal": "/web/precheck", "expert": "/web/precheck",
             "archivist": "/web/desk",
             "admin": "/web/admin"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    key = getattr(request.state, "key", None)
    return TEMPLATES.TemplateResponse(request, template, {
        "key": key, "csrf_token": getattr(request.state, "csrf_token", ""), "role_home": ROLE_HOME, "severity_labels": SEVERITY_LABELS,
        "status_labels": STATUS_LABELS, **context}, status_code=status)


# --- findings, grouped by the section of the form ------------------------------------------

def _parts(path: str) -> list:
    out = []
    for p in path.split("/")[1:]:
        p = p.replace("~1", "/").replace("~0", "~")
        out.append(int(p) if p.isdigit() else p)
    return out


def group_findings(kind: str, findings: list[dict], file_name: str | None = None) -> OrderedDict:
    """{section title: [finding + field label]}, sections in the schema's order."""
    props = list(schema_for(kind).get("properties", {})) if kind in KINDS else []
    groups: dict[str, list] = {}
    order: dict[str, int] = {}
    for f in findings:
        parts = _parts(f.get("path", ""))
        if file_name is not None:
            section = f"PDF 附件：{file_name}"
            rank = 10_000
        elif parts:
            section = title_for(kind, parts[:1])
            rank = props.index(parts[0]) if parts[0] in props else 9_999
        else:
            section, rank = "整条记录", -1
        field = title_for(kind, parts) if parts and file_name is None else ""
        groups.setdefault(section, []).append({**f, "field": field})
        order[section] = rank
    return OrderedDict(sorted(groups.items(), key=lambda kv: order[kv[0]]))


# --- sign in ----------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    try:
        key = signed_in(request)
    except NotSignedIn:
        return login_page(request)
    return RedirectResponse(ROLE_HOME[key.role], status_code=303)


def login_page(request: Request, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
    token = login_token(request)
    response = page(request, "login.html", status=status, **context)
    response.headers.update(headers or {})
    set_login_cookie(request, response, token)
    return response


@router.post("/login")
async def login(request: Request):
    try:
        key, session_id = await sign_in(request)
    except Problem as p:
        if p.status == 403:     # not from our login page: no new form to offer
            raise
        return login_page(request, status=p.status, headers=p.headers, error=p.detail)
    response = RedirectResponse(ROLE_HOME[key.role], status_code=303)
    set_session_cookie(request, response, session_id)
    return response


@router.post("/logout")
async def logout(request: Request):
    response = RedirectResponse("/web/", status_code=303)
    await sign_out(request, response)
    return response


# --- 预检 (submitter) --------------------------------------------------------------------------

@router.get("/precheck", response_class=HTMLResponse)
def precheck_form(request: Request):
    key = signed_in(request, "submitter", "portal", "expert", "admin")
    with request.app.state.db.read() as s:
        mine = submissions.listing(s, key, limit=20) if key.role != "portal" else []
    return page(request, "precheck.html", kinds=KINDS, rounds=rounds.available(),
                today=date.today().isoformat(), mine=mine)


async def _check_pdfs(request: Request, uploads, record: dict | None) -> list[dict]:
    settings = request.app.state.settings
    out = []
    for upload in uploads:
        if not getattr(upload, "filename", None):
            continue
        data = await read_upload(upload, settings.max_upload_bytes)
        result = await run_in_threadpool(check_uploaded_pdf, data, upload.filename,
                                         record, settings.pdf_timeout_seconds)
        kind = (record or {}).get("kind", "")
        result["groups"] = group_findings(kind, result.get("findings", []), upload.filename)
        out.append(result)
    return out


def _context(form) -> dict:
    return {"kinds": KINDS, "rounds": rounds.available(), "round": form.get("round") or "",
            "today": str(form.get("today") or date.today().isoformat())}


async def _result(request: Request, record: dict, context: dict, pdf_uploads=()) -> HTMLResponse:
    """Validate ``record`` (with the store as context) and any PDFs, and show every finding."""
    try:
        checker = Checker(request.app.state.db, parse_today(context["today"]),
                          parse_round(context["round"] or None))
        report = await run_in_threadpool(checker.report, record)
    except UnusableInput as e:
        return page(request, "precheck.html", status=400, error=e.message, **context)
    except Problem as p:
        return page(request, "precheck.html", status=p.status, error=p.detail, **context)
    findings = [f.to_dict() for f in report.findings]
    pdfs = await _check_pdfs(request, pdf_uploads, record)
    forms_for_kind = [f for f in FORMS.values() if report.kind in f.kinds]
    return page(request, "precheck_result.html", kind=KINDS[report.kind], valid=report.valid,
                summary=summary(report.findings), groups=group_findings(report.kind, findings),
                record_json=json.dumps(record, ensure_ascii=False, indent=2), pdfs=pdfs,
                forms=forms_for_kind, **context)


@router.post("/precheck", response_class=HTMLResponse)
async def precheck(request: Request):
    _, form = await posted(request, "submitter", "portal", "expert", "admin", max_files=50)
    settings = request.app.state.settings
    upload = form.get("record_file")
    raw = b""
    if upload is not None and getattr(upload, "filename", None):
        raw = await upload.read(settings.max_record_bytes + 1)
    if not raw.strip():
        raw = str(form.get("record_text", "")).encode("utf-8")
    context = _context(form)
    try:
        record = read_record(raw, settings.max_record_bytes)
    except UnusableInput as e:
        return page(request, "precheck.html", status=400, error=e.message, **context)
    return await _result(request, record, context, form.getlist("pdfs"))


def _prefill(fields, record: dict | None) -> list:
    """Each field with the value found at its pointer in ``record`` (as the input shows it)."""
    from dataclasses import replace
    out = []
    for f in fields:
        node = record
        for part in f.pointer.split("/")[1:]:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, list):
            node = ("\n".join(str(x) for x in node) if f.widget == "lines"
                    else json.dumps(node, ensure_ascii=False, indent=1))
        elif isinstance(node, bool):
            node = "true" if node else "false"
        out.append(replace(f, value=node))
    return out


@router.api_route("/precheck/form", methods=["GET", "POST"], response_class=HTMLResponse)
async def precheck_fill(request: Request, kind: str = "achievement-registration"):
    """The form generated from the kind's schema; POST with ``record_json`` pre-fills it."""
    record = None
    if request.method == "GET":
        signed_in(request, "submitter", "portal", "expert", "admin")
    else:
        _, form = await posted(request, "submitter", "portal", "expert", "admin")
        try:
            record = read_record(str(form.get("record_json", "")).encode("utf-8"),
                                 request.app.state.settings.max_record_bytes)
            kind = record["kind"]
        except UnusableInput as e:
            return page(request, "error.html", status=400, message=e.message)
    if kind not in KINDS:
        return page(request, "error.html", status=404, message=f"未知的记录类型“{kind[:40]}”")
    fields = _prefill(fields_for(kind), record)
    sections: dict[str, list] = {}
    for f in fields:
        sections.setdefault(f.section, []).append(f)
    return page(request, "precheck_fill.html", kind=KINDS[kind], sections=sections,
                **_context({}))


@router.post("/precheck/form/check", response_class=HTMLResponse)
async def precheck_fill_check(request: Request):
    _, form = await posted(request, "submitter", "portal", "expert", "admin", max_fields=2000)
    kind = str(form.get("/kind", ""))
    if kind not in KINDS:
        return page(request, "error.html", status=422, message=f"未知的记录类型“{kind[:40]}”")
    return await _result(request, record_from_form(kind, form), _context(form))


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
    key, form = await posted(request, "submitter", "admin")
    db = request.app.state.db
    try:
        record = read_record(str(form.get("record_json", "")).encode("utf-8"),
                             request.app.state.settings.max_record_bytes)
        round_name = str(form.get("round") or "") or None
        checker = Checker(db, date.today(), parse_round(round_name))
        findings, valid = await run_in_threadpool(checker.findings, record)
        with db.write() as s:
            sub = submissions.create(s, key, record, findings, valid, round_name=round_name)
            sid = sub.id
    except (UnusableInput, Problem, StoreError) as e:
        return page(request, "error.html", status=getattr(e, "status", 400),
                    message=getattr(e, "detail", None) or e.message)
    return RedirectResponse(f"/web/submissions/{sid}", status_code=303)


@router.get("/submissions/{sid}", response_class=HTMLResponse)
def submission_page(request: Request, sid: RowId):
    key = signed_in(request, "submitter", "archivist", "admin")
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, sid)
        latest = submissions.latest(s, sub)
        return page(request, "submission.html", sub=sub, latest=latest,
                    versions=submissions.versions(s, sub),
                    groups=group_findings(sub.kind, latest.findings))


@router.get("/submissions/{sid}/attachments/{sha256}")
def submission_attachment(request: Request, sid: RowId, sha256: str):
    """An uploaded attachment, for whoever may see the submission (the 档案台 opens it)."""
    key = signed_in(request, "submitter", "archivist", "admin")
    with request.app.state.db.read() as s:
        name = submissions.attachment_name(s, submissions.get(s, key, sid), sha256)
    return attachment_response(request.app.state.files.get(sha256), name)


# --- 档案台 (archivist) ------------------------------------------------------------------------

@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request, q: str = ""):
    key = signed_in(request, "archivist", "admin")
    results = []
    q = q.strip()
    with request.app.state.db.read() as s:
        if q:
            for field in ("registration_no", "project_number", "record_id"):
                results = submissions.listing(s, key, **{field: q})
                if results:
                    break
        recent = submissions.listing(s, key, limit=20)
        return page(request, "desk.html", q=q, results=results, recent=recent)


@router.post("/desk/scan", response_class=HTMLResponse)
async def desk_scan(request: Request):
    key, form = await posted(request, "archivist", "admin", max_files=5)
    upload = form.get("scan")
    if upload is None or not getattr(upload, "filename", None):
        return page(request, "desk.html", status=400, q="", results=[], recent=[],
                    error="请选择扫描件（PDF）")
    reports = await _check_pdfs(request, [upload], None)
    report = reports[0]
    if report.get("error"):
        return page(request, "desk.html", status=503, q="", results=[], recent=[], error=report["error"])
    with request.app.state.db.read() as s:
        sub, match = find_by_scan(s, key, report)
        sid = sub.id if sub else None
    if sid is None:
        return page(request, "desk.html", status=404, q="", results=[], recent=[],
                    error="扫描件中没有找到可识别的本系统表格二维码，或其对应的提交不在本机构范围内；请按成果登记号查找",
                    scan=report)
    return _desk_detail(request, key, sid, scan=report, match=match)


def _desk_detail(request: Request, key: ApiKey, sid: int, **extra) -> HTMLResponse:
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, sid)
        latest = submissions.latest(s, sub)
        reg = None
        row = registration.number_of(s, sub)
        if row is not None:
            reg = {"number": row.number, "issued_on": row.issued_on,
                   "deadline": receipts.deadline(row.issued_on, sub.round)}
        receipt = receipts.of(s, sub)
        checklist = materials_checklist(latest.record, extra.get("scan"), latest.attachments)
        history = audit.entries(s, f"submission:{sub.id}")
        return page(request, "desk_detail.html", sub=sub, latest=latest, reg=reg, receipt=receipt,
                    checklist=checklist, history=history, today=date.today().isoformat(),
                    paper_basis=receipts.paper_basis(sub.round),
                    letter_note=registration.LETTER_NOTE, **extra)


@router.get("/desk/{sid}", response_class=HTMLResponse)
def desk_detail(request: Request, sid: RowId):
    key = signed_in(request, "archivist", "admin")
    return _desk_detail(request, key, sid)


@router.post("/desk/{sid}/receipt")
async def desk_receipt(request: Request, sid: RowId):
    key, form = await posted(request, "archivist", "admin")
    try:
        received = date.fromisoformat(str(form.get("received_on", "")))
    except ValueError:
        return page(request, "error.html", status=422, message="接收日期应为 YYYY-MM-DD")
    materials = [{"material": str(m)[:200], "present": True} for m in form.getlist("materials")
                 if isinstance(m, str)][:100]
    note = str(form.get("note", "")).strip() or None
    try:
        with request.app.state.db.write() as s:
            receipts.record(s, key, submissions.get(s, key, sid), received, materials, note)
    except StoreError as e:
        return page(request, "error.html", status=e.status, message=e.detail)
    return RedirectResponse(f"/web/desk/{sid}", status_code=303)


@router.post("/desk/{sid}/registration")
async def desk_issue(request: Request, sid: RowId):
    key, form = await posted(request, "archivist", "admin")
    try:
        issued = date.fromisoformat(str(form.get("issued_on") or date.today().isoformat()))
    except ValueError:
        return page(request, "error.html", status=422, message="发放日期应为 YYYY-MM-DD")
    db = request.app.state.db
    checker = Checker(db, issued, exclude_id=sid)
    try:
        with db.write() as s:
            body = bodies.get(s, key.body_id)
            if body is None:
                raise Problem(422, "本密钥没有所属登记机构，不能发放成果登记号")
            registration.issue(s, key, submissions.get(s, key, sid), body, issued,
                               check=checker.findings)
    except (StoreError, Problem) as e:
        return page(request, "error.html", status=e.status, message=e.detail)
    return RedirectResponse(f"/web/desk/{sid}", status_code=303)


def form_id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


# --- 管理 (admin) ------------------------------------------------------------------------------

def _admin_page(request: Request, status: int = 200, **extra) -> HTMLResponse:
    with request.app.state.db.read() as s:
        return page(request, "admin.html", status=status, keys=keys.all_keys(s),
                    bodies=bodies.all_bodies(s), levels=bodies.BODY_LEVELS, roles=keys.ROLE_LABELS,
                    audit_entries=audit.entries(s, limit=30), **extra)


@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request):
    signed_in(request, "admin")
    return _admin_page(request)


@router.post("/admin/keys", response_class=HTMLResponse)
async def admin_new_key(request: Request):
    key, form = await posted(request, "admin")
    body_id = form_id(form.get("body_id"))
    try:
        with request.app.state.db.write() as s:
            plain, row = keys.create(s, key, str(form.get("role", "")),
                                     str(form.get("name", "")).strip()[:200] or "未命名", body_id)
    except StoreError as e:
        return _admin_page(request, status=e.status, error=e.detail)
    return _admin_page(request, new_key=plain, new_key_name=row.name)


@router.post("/admin/keys/{key_id}/revoke")
async def admin_revoke(request: Request, key_id: RowId):
    key, _ = await posted(request, "admin")
    try:
        with request.app.state.db.write() as s:
            keys.revoke(s, key, key_id)
    except StoreError as e:
        return _admin_page(request, status=e.status, error=e.detail)
    return RedirectResponse("/web/admin", status_code=303)


@router.post("/admin/bodies", response_class=HTMLResponse)
async def admin_new_body(request: Request):
    key, form = await posted(request, "admin")
    parent = form_id(form.get("parent_id"))
    level = form_id(form.get("level")) or 0
    try:
        with request.app.state.db.write() as s:
            bodies.create(s, key, str(form.get("name", "")).strip()[:200], level, parent,
                          str(form.get("code") or "").strip() or None)
    except StoreError as e:
        return _admin_page(request, status=e.status, error=e.detail)
    return RedirectResponse("/web/admin", status_code=303)


def install(app: FastAPI) -> None:
    app.include_router(router)

    @app.exception_handler(NotSignedIn)
    async def _login(request: Request, exc: NotSignedIn):
        return RedirectResponse("/web/", status_code=303)

    # on the web pages a refusal is a page, not a problem+json document
    for exc_class in (Problem, StoreError):
        app.add_exception_handler(exc_class, _as_page(app.exception_handlers.get(exc_class)))


def _as_page(api_handler):
    async def handler(request: Request, exc):
        if request.url.path.startswith("/web/"):
            return page(request, "error.html", status=exc.status, message=exc.detail)
        return await api_handler(request, exc)
    return handler
