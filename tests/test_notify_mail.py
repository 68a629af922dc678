"""Notices by e-mail (issue #17) from a real ``paperwork serve`` to a real SMTP server on loopback
(aiosmtpd): who gets which mail, the Chinese subject and body in a text and an HTML part, the
opinion as text (never markup), the deadline in China time, and the one-click unsubscribe."""
from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from notify_receivers import Mailbox
from pg import APPLIED, HttpService, Server, csrf_token, sample

from validators.workdays import add_working_days

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
OPINION = "<b>请补充</b>用户报告 & 盖章"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    box = Mailbox()
    srv = Server(tmp_path_factory.mktemp("mail") / "data", PAPERWORK_SMTP_URL=box.url,
                 PAPERWORK_SMTP_FROM="noreply@paperwork.example.cn", PAPERWORK_NOTIFY_POLL_SECONDS="0.2")
    srv.extra["PAPERWORK_PUBLIC_URL"] = srv.base
    srv.start()
    svc = HttpService(srv.base).build_world()
    svc.key("org_staff", "archivist", "山西省教育厅")
    assert svc.call("PUT", "/api/v1/notifications/contact", "alice", json={"email": "alice@tyut.example.cn"}).status_code == 200
    r = svc.call("PUT", f"/api/v1/bodies/{svc.bodies['太原理工大学']}/contact", "admin",
                 json={"email": "keji@tyut.example.cn"})
    assert r.status_code == 200, r.text
    yield srv, svc, box
    srv.stop()
    box.close()
    assert not srv.errors(), srv.errors()


def mails_to(box: Mailbox, address: str, subject_part: str, n: int = 1, timeout: float = 120) -> list:
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in box.messages if m["To"] == address and subject_part in m["Subject"]]
        if len(found) >= n or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def parts(msg) -> tuple[str, str]:
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def test_a_returned_registration_is_mailed_to_its_submitter_and_unit(world):
    _, svc, box = world
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    r = svc.call("POST", f"/api/v1/submissions/{sid}/decisions", "org_staff", json={"decision": "return", "comment": OPINION})
    assert r.status_code == 200, r.text
    [mail] = mails_to(box, "alice@tyut.example.cn", "退回修改：科技成果登记")
    assert f"提交编号 {sid}" in mail["Subject"] and mail["From"] == "noreply@paperwork.example.cn"
    plain, html = parts(mail)
    assert f"修改意见：{OPINION}" in plain and "请根据修改意见修改后重新提交" in plain and "北京时间" in plain
    # the opinion is text in the HTML part: escaped, never markup
    assert "&lt;b&gt;请补充&lt;/b&gt;用户报告 &amp; 盖章" in html and "<b>请补充" not in html
    assert mails_to(box, "keji@tyut.example.cn", f"提交编号 {sid}")       # the unit's address too


def test_the_number_mail_says_by_when_the_paper_is_due(world):
    _, svc, box = world
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    svc.call("POST", f"/api/v1/submissions/{sid}/decisions", "org_staff", json={"decision": "recommend"})
    r = svc.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist", json={"issued_on": TODAY.isoformat()})
    assert r.status_code == 201, r.text
    [mail] = mails_to(box, "alice@tyut.example.cn", "已发放成果登记号")
    plain, _ = parts(mail)
    # the 10th working day after the number (003 方式二 4.(1)), holidays counted
    assert f"请最迟于 {add_working_days(TODAY, 10).isoformat()}（含）将纸质材料邮寄或送至登记机构" in plain


def test_one_click_unsubscribes_from_one_event_type(world):
    srv, svc, box = world
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    [mail] = mails_to(box, "alice@tyut.example.cn", f"（提交编号 {sid}）")      # the only event of it: 已收到提交
    plain, html = parts(mail)
    link = re.search(r"退订“新提交”邮件：(\S+)", plain).group(1)
    assert mail["List-Unsubscribe"] == f"<{link}>" and link.startswith(srv.base + "/web/unsubscribe/")
    browser = httpx.Client()            # not signed in
    page = browser.get(link)
    assert page.status_code == 200 and "<form" in page.text and 'method="post"' in page.text
    # a GET (a mail scanner following links) changes nothing; the page's one POST does
    form = {"csrf_token": csrf_token(page.text)}
    assert browser.post(link, headers={"Origin": srv.base}).status_code == 403          # no form token
    done = browser.post(link, data=form, headers={"Origin": srv.base})
    assert done.status_code == 200 and "已退订" in done.text
    assert browser.post(link[:-4] + "0000", data=form, headers={"Origin": srv.base}).status_code == 404
    before = len(mails_to(box, "alice@tyut.example.cn", "已收到提交"))
    sid2 = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    assert mails_to(box, "keji@tyut.example.cn", f"提交编号 {sid2}")      # the unit still hears of it
    time.sleep(1)
    assert len(mails_to(box, "alice@tyut.example.cn", "已收到提交", timeout=0)) == before
    assert sid != sid2
