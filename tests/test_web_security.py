"""The web pages' sign-in (issue #12): a server-side session instead of the key in a cookie, a
CSRF token and an Origin/Referer check on every POST under /web/, and a limit on failed
sign-ins per client address. Run on SQLite and PostgreSQL (the ``service`` fixture)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pg import ADMIN_KEY, csrf_token
from pg import WEB_ORIGIN as HERE
from pg import web_sign_in as sign_in

ELSEWHERE = "http://127.0.0.1:9999"   # a page on another port of the same host


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def key_names(svc) -> list[str]:
    return [k["name"] for k in svc.call("GET", "/api/v1/keys", "admin").json()]


def still_signed_in(client: TestClient) -> bool:
    return client.get("/web/precheck", follow_redirects=False).status_code == 200


def test_a_post_from_another_origin_creates_no_key(service):
    token = sign_in(service.client, ADMIN_KEY)
    r = service.client.post("/web/admin/keys", headers={"Origin": ELSEWHERE},
                            data={"role": "admin", "name": "冒用", "csrf_token": token})
    assert r.status_code == 403 and chinese(r.text) and "来源" in r.text, r.text[:500]
    assert "冒用" not in key_names(service)
    r = service.client.post("/web/admin/keys", headers={"Referer": ELSEWHERE + "/attack.html"},
                            data={"role": "admin", "name": "冒用", "csrf_token": token})
    assert r.status_code == 403 and "冒用" not in key_names(service)


def web_posts() -> list[str]:
    from service.web import ROUTERS
    return sorted(re.sub(r"\{[^}]+\}", "1", r.path) for router in ROUTERS for r in router.routes
                  if "POST" in r.methods)


def test_every_web_post_without_the_csrf_token_is_refused(service):
    sign_in(service.client, ADMIN_KEY)
    before = key_names(service)
    paths = web_posts()
    assert "/web/admin/keys" in paths and "/web/login" in paths and "/web/logout" in paths
    for path in paths:
        r = service.client.post(path, headers={"Origin": HERE},
                                data={"role": "admin", "name": "无令牌", "key": ADMIN_KEY})
        assert r.status_code == 403 and "安全令牌" in r.text, (path, r.status_code, r.text[:300])
        r = service.client.post(path, headers={"Origin": HERE}, data={"csrf_token": "wrong"})
        assert r.status_code == 403, path
    assert key_names(service) == before
    assert still_signed_in(service.client)                  # the refused logout did not sign out
    assert not any(k["revoked"] for k in service.call("GET", "/api/v1/keys", "admin").json())


def test_a_post_with_neither_origin_nor_referer_is_refused(service):
    token = sign_in(service.client, ADMIN_KEY)
    r = service.client.post("/web/admin/keys", data={"role": "admin", "name": "无来源", "csrf_token": token})
    assert r.status_code == 403 and "来源" in r.text
    assert "无来源" not in key_names(service)


def test_a_login_from_another_origin_is_refused(service):
    token = csrf_token(service.client.get("/web/").text)
    r = service.client.post("/web/login", headers={"Origin": ELSEWHERE},
                            data={"key": service.keys["bob"], "csrf_token": token})
    assert r.status_code == 403 and chinese(r.text) and "来源" in r.text
    assert not still_signed_in(service.client)


def test_the_cookie_is_not_the_api_key_and_the_api_does_not_read_it(service):
    key = service.keys["alice"]
    sign_in(service.client, key)
    values = [c.value for c in service.client.cookies.jar]
    assert values and not any(key in v for v in values)
    # the API takes only Authorization: Bearer, never the web cookie
    assert service.client.get("/api/v1/submissions").status_code == 401


def test_a_session_ends_at_logout(service):
    token = sign_in(service.client, service.keys["alice"])
    stolen = dict(service.client.cookies)
    r = service.client.post("/web/logout", headers={"Origin": HERE}, data={"csrf_token": token},
                            follow_redirects=False)
    assert r.status_code == 303
    replay = TestClient(service.app, cookies=stolen)
    assert not still_signed_in(replay)


def test_signed_in_pages_are_not_kept_by_the_browser(service):
    """On an office's shared computer, 退出 then 后退 must not show the last user's records."""
    sign_in(service.client, service.keys["alice"])
    for path in ("/web/precheck", "/web/precheck/form?kind=achievement-registration", "/web/notices"):
        assert service.client.get(path).headers.get("cache-control") == "no-store", path
    service.client.cookies.clear()
    sign_in(service.client, service.keys["archivist"])
    assert service.client.get("/web/desk").headers.get("cache-control") == "no-store"


def test_a_session_ends_after_12_hours(service):
    sign_in(service.client, service.keys["alice"])
    real_now = service.app.state.now
    service.app.state.now = lambda: real_now() + timedelta(hours=11, minutes=59)
    assert still_signed_in(service.client)
    service.app.state.now = lambda: real_now() + timedelta(hours=12, minutes=1)
    assert not still_signed_in(service.client)


def test_a_session_ends_when_its_key_is_revoked(service):
    sign_in(service.client, service.keys["bob"])
    assert still_signed_in(service.client)
    bob = next(k["id"] for k in service.call("GET", "/api/v1/keys", "admin").json() if k["name"] == "bob")
    assert service.call("DELETE", f"/api/v1/keys/{bob}", "admin").status_code == 200
    assert not still_signed_in(service.client)


def test_failed_logins_are_limited_per_address_and_audited(service):
    guesser = TestClient(service.app, client=("10.0.0.1", 40000))
    answers = []
    limit = service.app.state.settings.auth_failures_per_address
    for n in range(limit + 1):
        token = csrf_token(guesser.get("/web/").text)
        answers.append(guesser.post("/web/login", headers={"Origin": HERE},
                                    data={"key": f"pw_guess-{n}", "csrf_token": token}))
    assert answers[0].status_code == 401
    refused = answers[-1]
    assert refused.status_code == 429 and chinese(refused.text), refused.text[:300]
    assert int(refused.headers["Retry-After"]) > 0
    # the right key does not help the guesser while the limit lasts
    token = csrf_token(guesser.get("/web/").text)
    r = guesser.post("/web/login", headers={"Origin": HERE},
                     data={"key": service.keys["alice"], "csrf_token": token})
    assert r.status_code == 429
    # another address signs in
    neighbour = TestClient(service.app, client=("10.0.0.2", 40000))
    assert sign_in(neighbour, service.keys["alice"])
    entries = service.call("GET", "/api/v1/audit", "admin", params={"target": "client:10.0.0.1"}).json()
    actions = [e["action"] for e in entries]
    # one counter for guessing, whether the key is tried on the login form or on the API
    assert actions.count("auth.failure") == limit and "auth.limited" in actions
    assert not any("pw_guess" in str(e) for e in entries)    # a tried key is never written down


TEMPLATES_WEB = Path(__file__).resolve().parent.parent / "service" / "templates_web"


@pytest.mark.parametrize("page", sorted(p.name for p in TEMPLATES_WEB.glob("*.html")
                                        if 'method="post"' in p.read_text("utf-8")))
def test_every_post_form_carries_the_csrf_field(root, page):
    html = (root / "service" / "templates_web" / page).read_text("utf-8")
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    assert forms and all('name="csrf_token"' in f for f in forms), page


def test_now_is_the_apps_clock(service):
    assert abs(service.app.state.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_each_sign_in_gets_a_new_session_id(service):
    """A session id planted in a browser before its user signs in is not the one they get,
    and it ends there."""
    sign_in(service.client, service.keys["alice"])
    planted = service.client.cookies["paperwork_session"]
    victim = TestClient(service.app)
    token = csrf_token(victim.get("/web/").text)
    victim.cookies.set("paperwork_session", planted)
    r = victim.post("/web/login", data={"key": service.keys["bob"], "csrf_token": token},
                    headers={"Origin": HERE}, follow_redirects=False)
    assert r.status_code == 303
    assert [c.value for c in victim.cookies.jar if c.name == "paperwork_session" and c.value != planted]
    assert not still_signed_in(service.client)
