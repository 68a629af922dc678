"""Notices in the web pages (issue #17), on SQLite and PostgreSQL: each signed-in person sees the
notices of their own submissions only, with the unread count in the header; marking read and
the preferences are CSRF-protected POSTs; admins see what was sent."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pg import APPLIED, WEB_ORIGIN, sample, web_sign_in

from service.ops import notify_pump

ORIGIN = {"Origin": WEB_ORIGIN}


def pump(svc) -> None:
    """One round of the notification pump (the server's thread is not running in-process)."""
    state = svc.app.state
    notify_pump.tick(state.db, state.settings, lambda delivery_id, channel: None)


def browser(svc, who) -> tuple[TestClient, str]:
    client = TestClient(svc.app)
    return client, web_sign_in(client, svc.keys[who])


def unread(html: str) -> int:
    found = re.search(r'id="notices-link">通知(?:<span class="unread-count"[^>]*>（(\d+)）</span>)?</a>', html)
    assert found, "the header has no 通知 link"
    return int(found.group(1) or 0)


@pytest.fixture
def world(service):
    sid = service.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    r = service.call("POST", f"/api/v1/submissions/{sid}/decisions", "province_staff",
                     json={"decision": "return", "comment": "<script>alert(1)</script>请补充"})
    assert r.status_code == 200, r.text
    pump(service)
    return service, sid


def test_each_person_sees_their_own_notices_and_the_unread_count(world):
    svc, sid = world
    alice, token = browser(svc, "alice")
    page = alice.get("/web/notices")
    assert page.status_code == 200 and unread(page.text) == 2
    assert "已收到提交：科技成果登记“" in page.text and "退回修改" in page.text
    # the opinion is shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;请补充" in page.text and "<script>alert(1)" not in page.text
    bob, _ = browser(svc, "bob")
    other = bob.get("/web/notices")
    assert unread(other.text) == 0 and f"提交编号 {sid}" not in other.text
    # the unit's archivist hears of its unit's submissions
    staff, _ = browser(svc, "unit_staff")
    assert unread(staff.get("/web/notices").text) == 2
    sichuan, _ = browser(svc, "sichuan")
    assert f"提交编号 {sid}" not in sichuan.get("/web/notices").text


def test_marking_read_needs_the_pages_token(world):
    svc, _ = world
    alice, token = browser(svc, "alice")
    refused = alice.post("/web/notices/read", data={"notice_id": "all"}, headers=ORIGIN)
    assert refused.status_code == 403 and unread(alice.get("/web/notices").text) == 2
    first = re.search(r'name="notice_id" value="(\d+)"', alice.get("/web/notices").text).group(1)
    assert alice.post("/web/notices/read", data={"notice_id": first, "csrf_token": token}, headers=ORIGIN).status_code == 200
    assert unread(alice.get("/web/notices").text) == 1
    alice.post("/web/notices/read", data={"notice_id": "all", "csrf_token": token}, headers=ORIGIN)
    page = alice.get("/web/notices").text
    assert unread(page) == 0 and "未读" not in page.split('id="notices"')[1].split("</table>")[0]


def test_a_person_may_turn_off_the_web_notices_of_one_event_type(world):
    svc, _ = world
    alice, token = browser(svc, "alice")
    form = {"csrf_token": token, **{f"{c}:{t}": "on" for t in notify_pump.events.CATALOGUE for c in ("web", "email")}}
    del form["web:submission.created"]
    assert alice.post("/web/notices/preferences", data=form, headers=ORIGIN).status_code == 200
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    pump(svc)
    page = alice.get("/web/notices").text
    assert f"提交编号 {sid}" not in page and 'name="web:submission.created" aria-label="新提交：网页通知" >' in page
    staff, _ = browser(svc, "unit_staff")
    assert f"提交编号 {sid}" in staff.get("/web/notices").text       # others still hear of it


def test_admins_see_what_was_sent(world):
    svc, _ = world
    svc.call("PUT", "/api/v1/notifications/contact", "alice", json={"email": "alice@tyut.example.cn"})
    svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED))
    pump(svc)
    admin, _ = browser(svc, "admin")
    sent = admin.get("/web/notices").text.split('id="sent"')[1]
    assert "alice@tyut.example.cn" in sent and "邮件" in sent
    alice, _ = browser(svc, "alice")
    assert 'id="sent"' not in alice.get("/web/notices").text


def test_the_notices_page_in_a_browser_on_a_desk_and_a_phone(tmp_path):
    """Chromium at 1280 and 390 px: nothing wider than the screen, every control tappable; the
    header's count goes down when a notice is marked read."""
    import os
    from pathlib import Path

    from pg import HttpService, Server
    from web_checks import check_page, chromium
    shots = Path(os.environ.get("PAPERWORK_WEB_SHOTS") or tmp_path)
    srv = Server(tmp_path / "data", PAPERWORK_NOTIFY_POLL_SECONDS="0.2").start()
    try:
        svc = HttpService(srv.base).build_world()
        sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
        svc.call("POST", f"/api/v1/submissions/{sid}/decisions", "province_staff",
                 json={"decision": "return", "comment": "用户报告未盖章，请补充盖章后的扫描件（003 方式二 3.(1)）"})
        with chromium() as b:
            page = b.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(f"{srv.base}/web/")
            page.fill("#key", svc.keys["alice"])
            page.click("#login")
            for _ in range(100):            # the pump fans the events out within a few ticks
                page.goto(f"{srv.base}/web/notices")
                if "（2）" in page.inner_text("#notices-link"):
                    break
                page.wait_for_timeout(200)
            assert page.inner_text("#notices-link") == "通知（2）"
            check_page(page, shots, "notices")
            page.locator("#notices button").first.click()
            assert page.inner_text("#notices-link") == "通知（1）"
    finally:
        srv.stop()
    assert not srv.errors(), srv.errors()
