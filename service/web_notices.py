"""通知 (issue #17): each signed-in person's notices, marked read with a CSRF-protected POST, their
preferences per event type (web, e-mail), the one-click unsubscribe page of the mails (a signed
token, no sign-in), and for admins what was sent."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service.ops.notify_mail import read_unsubscribe_token
from service.ops.notify_pump import unsubscribe_secret
from service.store import deliveries, events, webhooks
from service.store.errors import NotFound
from service.web_pages import page
from service.web_signin import LOGIN_COOKIE, check_origin, check_token, login_token, posted, set_login_cookie, signed_in

router = APIRouter(prefix="/web", include_in_schema=False)
SHOWN = 200


@router.get("/notices", response_class=HTMLResponse)
def notices(request: Request):
    key = signed_in(request)
    with request.app.state.db.read() as s:
        prefs = {t: deliveries.preference(s, key.id, t) for t in events.CATALOGUE}
        sent = webhooks.sent(s, 50) if key.role == "admin" else []
        return page(request, "notices.html", notices=webhooks.notices(s, key.id, SHOWN), prefs=prefs,
                    catalogue=events.CATALOGUE, sent=sent, aware=deliveries.aware,
                    email=key.contact_email)


@router.post("/notices/read")
async def mark_read(request: Request):
    key, form = await posted(request)
    notice_id = str(form.get("notice_id") or "")
    with request.app.state.db.write() as s:
        webhooks.mark_read(s, key.id, None if notice_id == "all" else
                           int(notice_id) if notice_id.isdigit() and len(notice_id) <= 9 else -1)
    return RedirectResponse("/web/notices", status_code=303)


@router.post("/notices/preferences")
async def preferences(request: Request):
    key, form = await posted(request)
    with request.app.state.db.write() as s:
        for event_type in events.CATALOGUE:
            webhooks.set_preference(s, key.id, event_type, web=form.get(f"web:{event_type}") == "on",
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
    form_token = login_token(request)       # no session: the form's token is checked against a cookie
    response = page(request, "unsubscribe.html", label=events.CATALOGUE[event_type], token=token, done=False)
    set_login_cookie(request, response, form_token)
    return response


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
async def unsubscribe(request: Request, token: str):
    # the signed token says whose mail; the page's form token that the POST came from its page
    check_origin(request)
    check_token(await request.form(), request.cookies.get(LOGIN_COOKIE))
    key_id, event_type = _unsubscribing(request, token)
    with request.app.state.db.write() as s:
        webhooks.set_preference(s, key_id, event_type, email=False)
    return page(request, "unsubscribe.html", label=events.CATALOGUE[event_type], token=token, done=True)
