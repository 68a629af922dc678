"""通知 (issue #17): each signed-in person's notices, marked read with a CSRF-protected POST, their
preferences per event type (web, e-mail), the one-click unsubscribe page of the mails (a signed
token, no sign-in), and for admins what was sent."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select, update

from service.ops.notify_mail import read_unsubscribe_token
from service.ops.notify_pump import unsubscribe_secret
from service.store import deliveries, events
from service.store.errors import NotFound
from service.store.models import Delivery, Notice, NoticePreference, NotificationEvent, utcnow
from service.web_pages import page
from service.web_signin import posted, signed_in

router = APIRouter(prefix="/web", include_in_schema=False)
SHOWN = 200


def _set_preference(s, key_id: int, event_type: str, *, web: bool | None = None, email: bool | None = None) -> None:
    row = s.get(NoticePreference, (key_id, event_type))
    if row is None:
        row = NoticePreference(key_id=key_id, event_type=event_type, web=True, email=True)
        s.add(row)
    row.web = row.web if web is None else web
    row.email = row.email if email is None else email


@router.get("/notices", response_class=HTMLResponse)
def notices(request: Request):
    key = signed_in(request)
    with request.app.state.db.read() as s:
        rows = list(s.execute(select(Notice, NotificationEvent).join(NotificationEvent, Notice.event_id == NotificationEvent.id)
                              .where(Notice.key_id == key.id).order_by(NotificationEvent.occurred_at.desc()).limit(SHOWN)))
        prefs = {t: deliveries.preference(s, key.id, t) for t in events.CATALOGUE}
        sent = []
        if key.role == "admin":
            sent = [(d, s.get(NotificationEvent, d.event_id)) for d in
                    s.scalars(select(Delivery).order_by(Delivery.id.desc()).limit(50))]
        return page(request, "notices.html", notices=[(n, e) for n, e in rows], prefs=prefs,
                    catalogue=events.CATALOGUE, sent=sent, aware=deliveries.aware,
                    email=key.contact_email)


@router.post("/notices/read")
async def mark_read(request: Request):
    key, form = await posted(request)
    notice_id = str(form.get("notice_id") or "")
    with request.app.state.db.write() as s:
        q = update(Notice).where(Notice.key_id == key.id, Notice.read_at.is_(None))
        if notice_id != "all":
            q = q.where(Notice.id == (int(notice_id) if notice_id.isdigit() and len(notice_id) <= 9 else -1))
        s.execute(q.values(read_at=utcnow()))
    return RedirectResponse("/web/notices", status_code=303)


@router.post("/notices/preferences")
async def preferences(request: Request):
    key, form = await posted(request)
    with request.app.state.db.write() as s:
        for event_type in events.CATALOGUE:
            _set_preference(s, key.id, event_type, web=form.get(f"web:{event_type}") == "on",
                            email=form.get(f"email:{event_type}") == "on")
    return RedirectResponse("/web/notices", status_code=303)


def _unsubscribing(request: Request, token: str) -> tuple[int, str]:
    found = read_unsubscribe_token(unsubscribe_secret(request.app.state.package_keys), token[:200])
    if found is None or found[1] not in events.CATALOGUE:
        raise NotFound("退订链接无效：请使用邮件中的完整链接，或登录后在“通知”页面设置")
    return found


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(request: Request, token: str):
    _, event_type = _unsubscribing(request, token)
    return page(request, "unsubscribe.html", label=events.CATALOGUE[event_type], token=token, done=False)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(request: Request, token: str):
    # the token is the authority (a link a mail client may POST to, RFC 8058): no session, no form token
    key_id, event_type = _unsubscribing(request, token)
    with request.app.state.db.write() as s:
        _set_preference(s, key_id, event_type, email=False)
    return page(request, "unsubscribe.html", label=events.CATALOGUE[event_type], token=token, done=True)
