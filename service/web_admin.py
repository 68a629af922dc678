"""管理 (admin): bodies and API keys.

A new key is shown once, on the page the POST redirects to (POST-redirect-GET: a reload does
not make a second key). Only the key's hash is stored; the plain key waits for that one GET in
the store, sealed with a key only the session's cookie opens (service/store/key_displays.py),
so the GET may land on any node or process."""
from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service.routing import RowId
from service.store import audit, bodies, key_displays, keys
from service.store.errors import NotFound, StoreError
from service.web_pages import page
from service.web_signin import SESSION_COOKIE, posted, signed_in

router = APIRouter(prefix="/web", include_in_schema=False)


def form_id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def _admin_page(request: Request, status: int = 200, **extra) -> HTMLResponse:
    now = datetime.now(UTC)
    with request.app.state.db.read() as s:
        all_keys = keys.all_keys(s)
        return page(request, "admin.html", status=status, keys=all_keys,
                    locks={k.id: keys.locked_until(k, now) for k in all_keys},
                    bodies=bodies.all_bodies(s), levels=bodies.BODY_LEVELS, roles=keys.ROLE_LABELS,
                    audit_entries=audit.entries(s, limit=30), **extra)


@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request):
    signed_in(request, "admin")
    with request.app.state.db.write() as s:
        shown = key_displays.take(s, _session_token(request))
    extra = {"new_key": shown[1], "new_key_name": shown[0]} if shown else {}
    return _admin_page(request, **extra)


@router.post("/admin/keys", response_class=HTMLResponse)
async def admin_new_key(request: Request):
    key, form = await posted(request, "admin")
    body_id = form_id(form.get("body_id"))
    try:
        with request.app.state.db.write() as s:
            plain, row = keys.create(s, key, str(form.get("role", "")),
                                     str(form.get("name", "")).strip()[:200] or "未命名", body_id)
            key_displays.put(s, _session_token(request), row.name, plain)
    except StoreError as e:
        return _admin_page(request, status=e.status, error=e.detail)
    return RedirectResponse("/web/admin#new-key", status_code=303)


@router.get("/admin/keys/{key_id}/revoke", response_class=HTMLResponse)
def admin_revoke_confirm(request: Request, key_id: RowId):
    """Revoking cannot be undone: the 吊销 button leads here, and only this page's POST revokes."""
    signed_in(request, "admin")
    with request.app.state.db.read() as s:
        row = next((k for k in keys.all_keys(s) if k.id == key_id), None)
        if row is None:
            raise NotFound(f"密钥 {key_id} 不存在")
        names = {b.id: b.name for b in bodies.all_bodies(s)}
        return page(request, "admin_revoke.html", row=row, roles=keys.ROLE_LABELS,
                    body_name=names.get(row.body_id, "—"))


@router.post("/admin/keys/{key_id}/revoke")
async def admin_revoke(request: Request, key_id: RowId):
    key, _ = await posted(request, "admin")
    try:
        with request.app.state.db.write() as s:
            keys.revoke(s, key, key_id)
    except StoreError as e:
        return _admin_page(request, status=e.status, error=e.detail)
    return RedirectResponse("/web/admin", status_code=303)


@router.post("/admin/keys/{key_id}/unlock")
async def admin_unlock(request: Request, key_id: RowId):
    key, _ = await posted(request, "admin")
    try:
        with request.app.state.db.write() as s:
            keys.unlock(s, key, key_id, datetime.now(UTC))
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
