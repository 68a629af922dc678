"""Server-rendered pages (Chinese UI, no JavaScript framework): 预检 for submitters, 档案台 for
archive staff, 管理 for admins. The pages call the same core functions as the API; signing in
with an API key starts a server-side session, and every POST is checked for its origin and
CSRF token (service/web_signin.py)."""
from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service import web_admin, web_checks, web_desk, web_form, web_notices, web_submission
from service.ops.checking import parse_round, parse_today, read_record
from service.ops.uploads import reference_secret
from service.problems import Problem
from service.store import sessions, submissions
from service.store.errors import StoreError
from service.web_pages import ROLE_HOME, check_context, page
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
    return page(request, "precheck.html", **check_context({}), mine=mine,
                checks=web_checks.recent_checks(request.app.state, key))


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
    context = check_context(form)
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
    pdf_uploads = [u for u in form.getlist("pdfs") if getattr(u, "filename", None)]
    if not pdf_uploads:
        return await web_checks.result_page(request, record, context, [])
    try:     # a bad date or round is said now, not after the PDFs are read
        parse_today(context["today"]), parse_round(context["round"] or None)
    except UnusableInput as e:
        return page(request, "precheck.html", status=400, error=e.message, **context)
    except Problem as p:
        return page(request, "precheck.html", status=p.status, error=p.detail, **context)
    return await web_checks.start(request, record, context, pdf_uploads)


# every page's routes, by page (tests/test_web_security.py checks each POST among them)
ROUTERS = (router, web_checks.router, web_form.router, web_submission.router, web_desk.router, web_admin.router,
           web_notices.router)


def install(app: FastAPI) -> None:
    for pages in ROUTERS:
        app.include_router(pages)
    # service/web_form.py: the PDFs of a 预检 kept for 保存为提交, by signed reference
    app.state.upload_secret = reference_secret(app.state.package_keys.own)
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
