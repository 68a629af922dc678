"""API keys (``Authorization: Bearer KEY``) and roles.

portal: validate, render, score, check; submitter (项目负责人/完成人): its own submissions only;
expert (同行评议专家): the stateless tools only, never a PI's submissions (001 一: the two are
separate accounts); archivist: the submissions of its body and the bodies below it, receipts,
numbers, decisions, and the keys and bodies below its own (002 二); admin: everything. The API reads the key only from the ``Authorization`` header,
never from a cookie: the web pages sign in to a server-side session instead
(service/web_signin.py), whose cookie is not a key and is not accepted here.
"""
from __future__ import annotations

import math
import time
from datetime import UTC, datetime

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.ops import lookup
from service.problems import Problem
from service.store import auth_failures, keys
from service.store.keys import ApiKey

ANY = ("portal", "submitter", "archivist", "admin", "expert")
bearer = HTTPBearer(auto_error=False, description="API 密钥：Authorization: Bearer KEY")


def key_from(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None and credentials.credentials else None


def authenticate(request: Request, plain: str | None) -> ApiKey:
    if not plain:
        raise Problem(401, "请在请求头中提供 API 密钥：Authorization: Bearer KEY",
                      headers={"WWW-Authenticate": "Bearer"}, slug="no-key")
    state = request.app.state
    client = request.client.host if request.client else "unknown"
    limit, seconds = state.settings.auth_failures_per_address, state.settings.auth_failure_window_seconds
    now = time.time()
    window = auth_failures.window_start(now, seconds)
    with state.db.read() as s:
        # an address over the limit is refused before its key is looked at: from then on a
        # right guess is answered as a wrong one is
        if auth_failures.failures(s, client, window) >= limit:
            raise _too_many_failures(client, limit, seconds, window + seconds - now)
        row = keys.find(s, plain)
    if row is None:
        with state.db.write() as s:
            count = auth_failures.record_failure(
                s, client, window, seconds, key_hash=keys.hash_key(plain), path=request.url.path,
                limit=limit)
        if count > limit:
            raise _too_many_failures(client, limit, seconds, window + seconds - now)
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


def _too_many_failures(client: str, limit: int, seconds: int, wait: float) -> Problem:
    wait = max(1, math.ceil(wait))
    span = f"{seconds // 60} 分钟" if seconds % 60 == 0 else f"{seconds} 秒"
    return Problem(429, f"来自本地址（{client}）的无效密钥过多：每 {span}最多 {limit} 次，"
                        f"请 {wait} 秒后再试；请核对 Authorization: Bearer 后的密钥是否完整、未被吊销",
                   headers={"Retry-After": str(wait)}, slug="too-many-auth-failures")


def require(*roles: str):
    """A dependency that answers 401/403/423/429, or returns the caller's key row. 429 is the
    per-key request limit, or too many invalid keys from the caller's address."""
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
