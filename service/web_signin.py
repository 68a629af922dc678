"""Signing in to the web pages: a server-side session, the checks every web POST passes, and
the limit on failed sign-ins per client address.

The browser holds only a random session id (cookie ``paperwork_session``: HttpOnly,
SameSite=Strict, path /web); the table holds its SHA-256 (service/store/sessions.py). The API
key is never put in a cookie, and the API does not read this one (service/auth.py).

Every POST under /web/ goes through :func:`posted` (or :func:`sign_in`, :func:`sign_out`). SameSite does not
stop a page on another port of the same host, which is the same site, so the request's Origin
(or, lacking one, its Referer) must be this server's own origin, and its form must carry the
session's CSRF token. Before any session exists the login form carries a token that is also
in a cookie; a page on another port could set that cookie too, so against a forged login it is
the origin check that holds.
"""
from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request, Response
from starlette.datastructures import FormData

from service.auth import admit, authenticate
from service.problems import Problem
from service.store import keys, sessions
from service.store.keys import ApiKey

SESSION_COOKIE = "paperwork_session"
LOGIN_COOKIE = "paperwork_login_csrf"
# before sessions the cookie held the API key itself; it is removed wherever it is still sent
KEY_COOKIE = "paperwork_key"
CSRF_FIELD = "csrf_token"


class NotSignedIn(Exception):
    pass


def check_origin(request: Request) -> None:
    sent = request.headers.get("origin") or request.headers.get("referer") or ""
    parts = urlsplit(sent)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    own = f"{request.url.scheme}://{request.url.netloc}"
    if not origin:
        raise Problem(403, "请求没有可用的来源信息（Origin 或 Referer 请求头），无法确认表单是从本站页面提交的，"
                           "已拒绝。请在本站页面上重新提交；如浏览器设置或插件屏蔽了这两个请求头，请为本站放行",
                      slug="no-origin")
    if origin != own:
        raise Problem(403, f"请求来源 {origin[:100]} 不是本站（{own}），已拒绝：表单只能从本站页面提交。"
                           f"请打开 {own}/web/ 重新操作；如果您并没有提交这个表单，可能是其他网页试图冒用您的登录状态",
                      slug="cross-origin")


def check_token(form: FormData, expected: str | None) -> None:
    sent = form.get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Problem(403, "表单缺少安全令牌，或令牌已失效（页面是在重新登录或退出之前打开的）：请刷新页面后重新提交",
                      slug="csrf-token")


def signed_in(request: Request, *roles: str) -> ApiKey:
    """The key of the request's live session (else :class:`NotSignedIn`), in one of ``roles``."""
    plain = request.cookies.get(SESSION_COOKIE)
    if not plain:
        raise NotSignedIn()
    state = request.app.state
    with state.db.read() as s:
        session = sessions.find(s, plain, state.now())
    if session is None:
        raise NotSignedIn()
    # before admit(): a locked key's 423 page still offers 退出, with this session's token
    request.state.session_open = True
    request.state.csrf_token = session.csrf_token
    key = admit(request, session.key)
    request.state.key = key
    if roles and key.role not in roles:
        raise Problem(403, f"此页面需要以下角色之一：{'、'.join(keys.ROLE_LABELS[r] for r in roles)}",
                      slug="wrong-role")
    return key


async def posted(request: Request, *roles: str, **form_limits) -> tuple[ApiKey, FormData]:
    """A state-changing request from a signed-in page: from this origin, with the session's
    CSRF token. Returns the key and the form (parsed with ``form_limits``)."""
    check_origin(request)
    key = signed_in(request, *roles)
    form = await request.form(**form_limits)
    check_token(form, request.state.csrf_token)
    return key, form


def login_token(request: Request) -> str:
    """A fresh token for the login form; :func:`set_login_cookie` puts it in the cookie too."""
    request.state.csrf_token = secrets.token_urlsafe(32)
    return request.state.csrf_token


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/web",
                        secure=_secure(request), max_age=3600)
    response.delete_cookie(KEY_COOKIE)


async def sign_in(request: Request) -> tuple[ApiKey, str]:
    """Check the login form and start a session; returns the key and the session's plain id.
    Raises Problem: 403 (origin, token), 401 (a wrong key: counted against the address), 429
    (the address has used up its failures for now, service/auth.py), 423 (the key is locked)."""
    check_origin(request)
    form = await request.form()
    check_token(form, request.cookies.get(LOGIN_COOKIE))
    state = request.app.state
    # a wrong key is counted against the client's address by authenticate(), the same counter
    # (and the same 429) as a wrong API key: one limit on guessing, whichever door is tried
    typed = str(form.get("key", "")).strip()
    if not typed:
        raise Problem(401, "请输入 API 密钥（以 pw_ 开头，由管理员发放）", slug="no-key")
    key = authenticate(request, typed)
    with state.db.write() as s:
        # a new id at every sign-in: an id planted in the browser beforehand signs no one in
        if request.cookies.get(SESSION_COOKIE):
            sessions.end(s, request.cookies[SESSION_COOKIE])
        plain, _ = sessions.start(s, key, state.now())
    return key, plain


def set_session_cookie(request: Request, response: Response, plain: str) -> None:
    response.set_cookie(SESSION_COOKIE, plain, httponly=True, samesite="strict", path="/web",
                        secure=_secure(request), max_age=int(sessions.LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path="/web")
    response.delete_cookie(KEY_COOKIE)


async def sign_out(request: Request, response: Response) -> None:
    """End the request's session (a checked POST) and clear its cookie. A locked key may sign
    out too: only the origin and the session's token are checked, not admit()'s lock."""
    check_origin(request)
    plain = request.cookies.get(SESSION_COOKIE)
    state = request.app.state
    with state.db.read() as s:
        session = sessions.find(s, plain, state.now()) if plain else None
        token = session.csrf_token if session is not None else None
    if token is None:
        raise NotSignedIn()
    check_token(await request.form(), token)
    with state.db.write() as s:
        sessions.end(s, plain)
    response.delete_cookie(SESSION_COOKIE, path="/web")
