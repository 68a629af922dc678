"""Server-rendered pages (Chinese UI, no JavaScript framework): 预检 for submitters, 档案台 for
archive staff, 管理 for admins. The pages call the same core functions as the API; signing in
with an API key starts a server-side session, and every POST is checked for its origin and
CSRF token (service/web_signin.py)."""
from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from generator.forms import FORMS
from service import web_admin, web_desk
from service.ops.checking import Checker, parse_round, parse_today, read_record
from service.ops.forms import rendered_form
from service.problems import Problem
from service.routing import RowId, attachment_response, content_disposition
from service.schema_form import fields_for, record_from_form
from service.store import sessions, submissions
from service.store.errors import StoreError
from service.web_pages import ROLE_HOME, check_pdfs, group_findings, page
from service.web_signin import (
    SESSION_COOKIE,
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

router = APIRouter(prefix="/web", include_in_schema=False)


# --- sign in ----------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    try:
        key = signed_in(request)
    except NotSignedIn:
        return login_page(request)
    return RedirectResponse(ROLE_HOME[key.role], status_code=303)


def login_page(request: Request, status: int = 200, headers: dict | None = None,
               template: str = "login.html", **context) -> HTMLResponse:
    token = login_token(request)
    response = page(request, template, status=status, **context)
    response.headers.update(headers or {})
    set_login_cookie(request, response, token)
    return response


def landing(request: Request) -> HTMLResponse:
    """``/``: what the service is for, for each role, and the sign-in. It asks nothing of a
    session (a locked key's 首页 must not lead back to its 423); one that is open gets a link on."""
    plain = request.cookies.get(SESSION_COOKIE)
    session_home = None
    if plain:
        with request.app.state.db.read() as s:
            found = sessions.find(s, plain, request.app.state.now())
            session_home = ROLE_HOME[found.key.role] if found is not None else None
    return login_page(request, template="landing.html", session_home=session_home)


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
    return page(request, "precheck.html", **_context({}), mine=mine)


def _context(form) -> dict:
    return {"kinds": KINDS, "rounds": rounds.available(), "round": str(form.get("round") or ""),
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
    pdfs = await check_pdfs(request, pdf_uploads, record)
    forms_for_kind = [f for f in FORMS.values() if report.kind in f.kinds]
    verdict = verdict_of(findings, pdfs)
    return page(request, "precheck_result.html", kind=KINDS[report.kind], verdict=verdict,
                groups=group_findings(report.kind, findings),
                record_json=json.dumps(record, ensure_ascii=False, indent=2), pdfs=pdfs,
                forms=forms_for_kind, **context)


def verdict_of(record_findings: list[dict], pdfs: list[dict]) -> dict:
    """The counts the verdict states: every finding, the record's and each attachment's."""
    def count(findings, severity):
        return sum(1 for f in findings if f.get("severity") == severity)
    pdf_findings = [f for pdf in pdfs for f in pdf.get("findings", [])]
    everything = record_findings + pdf_findings
    return {"errors": count(everything, "error"), "warnings": count(everything, "warning"),
            "infos": count(everything, "info"), "record_errors": count(record_findings, "error"),
            "pdf_errors": count(pdf_findings, "error"), "pdfs": len(pdfs)}


def _json_excerpt(text: str, line: int | None) -> list[tuple[int, str, bool]] | None:
    """The lines around a JSON error's line, that one marked, as the page shows them."""
    if not line:
        return None
    lines = text.splitlines() or [""]
    first = max(1, line - 2)
    return [(n, lines[n - 1][:200], n == line) for n in range(first, min(len(lines), line + 2) + 1)]


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
    pasted = str(form.get("record_text", ""))[:settings.max_record_bytes]
    try:
        record = read_record(raw, settings.max_record_bytes)
    except UnusableInput as e:
        # the pasted text comes back as it was, its bad line marked
        from_file = raw != pasted.encode("utf-8")
        shown = raw.decode("utf-8", "replace") if from_file else pasted
        return page(request, "precheck.html", status=400, error=e.message, record_text=pasted,
                    error_where="记录文件" if from_file else "下面“或直接粘贴记录 JSON”框",
                    error_line=getattr(e, "line", None), excerpt=_json_excerpt(shown, getattr(e, "line", None)),
                    **context)
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


# every page's routes, by page (tests/test_web_security.py checks each POST among them)
ROUTERS = (router, web_desk.router, web_admin.router)


def install(app: FastAPI) -> None:
    for pages in ROUTERS:
        app.include_router(pages)
    app.add_api_route("/", landing, methods=["GET"], include_in_schema=False,
                      response_class=HTMLResponse)

    @app.exception_handler(NotSignedIn)
    async def _login(request: Request, exc: NotSignedIn):
        return RedirectResponse("/web/", status_code=303)

    # on the web pages a refusal is a page, not a problem+json document
    for exc_class in (Problem, StoreError):
        app.add_exception_handler(exc_class, _as_page(app.exception_handlers.get(exc_class)))


def _as_page(api_handler):
    async def handler(request: Request, exc):
        if request.url.path.startswith("/web/"):
            return page(request, "error.html", status=exc.status, message=exc.detail,
                        locked=exc.status == 423)
        return await api_handler(request, exc)
    return handler
