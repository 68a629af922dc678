"""API keys (``Authorization: Bearer KEY``) and roles.

portal: validate, render, score, check; submitter: its own submissions only; archivist: the
submissions of its body and the bodies below it, receipts, numbers, decisions; admin: keys and
bodies, and everything else. The API reads the key only from the ``Authorization`` header,
never from a cookie: the web pages sign in to a server-side session instead
(service/web_signin.py), whose cookie is not a key and is not accepted here.
"""
from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.ops import lookup
from service.problems import Problem
from service.store import keys
from service.store.keys import ApiKey

ANY = ("portal", "submitter", "archivist", "admin")
bearer = HTTPBearer(auto_error=False, description="API 密钥：Authorization: Bearer KEY")


def key_from(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None and credentials.credentials else None


def authenticate(request: Request, plain: str | None) -> ApiKey:
    if not plain:
        raise Problem(401, "请在请求头中提供 API 密钥：Authorization: Bearer KEY",
                      headers={"WWW-Authenticate": "Bearer"}, slug="no-key")
    state = request.app.state
    with state.db.read() as s:
        row = keys.find(s, plain)
    if row is None:
        raise Problem(401, "API 密钥无效或已被吊销", headers={"WWW-Authenticate": "Bearer"},
                      slug="bad-key")
    return admit(request, row)


def admit(request: Request, row: ApiKey) -> ApiKey:
    """Let a known key in, unless it is locked (423) or over its rate (429)."""
    state = request.app.state
    now = datetime.now(UTC)
    until = keys.locked_until(row, now)
    if until is not None:
        raise lookup.locked(until, now)
    wait = state.rate_limiter.hit(row.id)
    if wait is not None:
        raise Problem(429, f"请求过于频繁：每个密钥每分钟最多 {state.rate_limiter.per_minute} 次，"
                           f"请 {int(wait)} 秒后再试", headers={"Retry-After": str(int(wait))},
                      slug="rate-limited")
    return row


def require(*roles: str):
    """A dependency that answers 401/403/423/429, or returns the caller's key row."""
    roles = roles or ANY

    def dependency(request: Request,
                   credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> ApiKey:
        row = authenticate(request, key_from(credentials))
        if row.role not in roles:
            names = "、".join(keys.ROLE_LABELS[r] for r in roles)
            raise Problem(403, f"此操作需要以下角色之一：{names}；当前密钥的角色是 "
                               f"{keys.ROLE_LABELS[row.role]}", slug="wrong-role")
        request.state.key = row
        return row

    return Depends(dependency)
