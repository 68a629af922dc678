"""A working day on the web pages, in the real browser (Debian chromium via Playwright) against
a real ``paperwork serve``: a submitter pre-checks a draft, an archivist works through the desk,
an admin issues keys, a locked-out user finds the way out, and a visitor reads the start page
and the API docs with no network. Each page is checked at 1280 and 390 px (tests/web_checks.py);
with PAPERWORK_WEB_SHOTS=DIR the screenshots are kept in DIR."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg import ADMIN_KEY, HttpService, Server, sample
from playwright.sync_api import expect
from web_checks import check_page, chromium, contrast, sign_in

SHOTS = Path(os.environ.get("PAPERWORK_WEB_SHOTS") or tempfile.mkdtemp(prefix="paperwork-web-"))
SHOTS.mkdir(parents=True, exist_ok=True)
CORPUS = Path("/work/shared/corpus/pdf")
APPLIED = "achievement-registration/ar-2025-applied-shanxi"
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("web-journeys")
    running = Server(data).start()
    yield running.base, HttpService(running.base).build_world(), data
    running.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def db_execute(data: Path, sql: str, *args) -> None:
    """Arrange what only time would do (a lock that has run out) in the server's SQLite store."""
    with sqlite3.connect(data / "paperwork.db") as c:
        c.execute(sql, args)


# --- a submitter pre-checks a draft ----------------------------------------------------------

def test_a_submitter_pre_checks_a_draft(server, browser, tmp_path):
    base, svc, _ = server
    page = sign_in(browser, base, svc.keys["bob"])
    expect(page).to_have_title(re.compile("^材料预检"))
    # bob has submitted nothing yet: the page says what to do first
    expect(page.locator("#mine-empty")).to_contain_text("保存为提交")
    expect(page.locator("#kind")).not_to_contain_text("achievement-registration")
    check_page(page, SHOTS, "precheck")

    # pasted JSON with a missing comma on line 3: the text stays, and line 3 is marked
    pasted = '{\n  "kind": "achievement-registration"\n  "schema_version": 1\n}'
    page.fill("#record_text", pasted)
    page.click("#check")
    expect(page.locator("#error")).to_contain_text("第 3 行")
    assert page.input_value("#record_text") == pasted
    expect(page.locator("#json-error-line")).to_contain_text('"schema_version": 1')
    check_page(page, SHOTS, "precheck-bad-json")

    # a right record with a PDF that is not the form: the verdict counts the PDF's errors too
    (tmp_path / "record.json").write_text(json.dumps(sample(APPLIED), ensure_ascii=False), "utf-8")
    page.goto(f"{base}/web/precheck")
    page.set_input_files("#record_file", str(tmp_path / "record.json"))
    page.set_input_files("#pdfs", [str(CORPUS / "rotated-90-table.pdf"), str(CORPUS / "not-pdf-html.pdf")])
    page.click("#check")
    # the PDFs are checked as a job: the page that follows it shows the result when it is done
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("5 个错误", timeout=180_000)   # 4 × PDF201 in the table, 1 × PDF104 in the HTML
    expect(verdict).not_to_contain_text("没有错误")
    assert re.search(r"/web/precheck/checks/[0-9a-f]{32}$", page.url)
    expect(verdict).to_contain_text("PDF 附件")
    expect(page).to_have_title(re.compile("^预检结果"))
    # the file that is no PDF: a Chinese sentence beside its name, no Python dict, no English
    unreadable = page.locator("[data-file='not-pdf-html.pdf'] .file-error")
    expect(unreadable).to_contain_text("文件不是 PDF")
    body = page.locator("main").inner_text()
    assert "message_en" not in body and "'reason'" not in body and "not a PDF" not in body
    assert "unknown" not in body                    # a page not recognised is 未识别的材料
    # 依据 names the document by title; the tooltip gives the clause and the full title
    basis = page.locator("td.basis[title]").first
    expect(basis).to_contain_text("《科技成果在线登记工作通知（山西，2025）》")
    assert "002 四" in basis.get_attribute("title") and "晋教科信函" in basis.get_attribute("title")
    check_page(page, SHOTS, "precheck-findings")

    # printed, the page is the findings: no menu, no buttons
    page.emulate_media(media="print")
    expect(page.locator("header nav")).to_be_hidden()
    expect(page.locator("#edit-in-form")).to_be_hidden()
    expect(page.locator("table").first).to_be_visible()
    page.emulate_media(media="screen")
    page.context.close()


def _job_row(data: Path, key_name: str, files: list[str], purpose: str = "precheck") -> str:
    """A 预检 job as service/web_checks.py makes it, queued, arranged in the server's store (a
    real OCR run is over before one could watch its bar move)."""
    job_id = os.urandom(16).hex()
    now = datetime.now(UTC)
    params = {"record": sample(APPLIED), "web": {"purpose": purpose, "round": "", "today": "2026-01-10", "fingerprint": job_id,
                                                 "files": [{"name": n, "sha256": "0" * 64, "size": 1} for n in files]}}
    with sqlite3.connect(data / "paperwork.db") as c:
        key_id = c.execute("SELECT id FROM api_keys WHERE name = ?", (key_name,)).fetchone()[0]
        c.execute("INSERT INTO jobs (id, kind, key_id, status, params, done, total, unit, created_at, "
                  "keep_seconds, expires_at, attempts) VALUES (?, 'check-pdf', ?, 'queued', ?, 0, 0, '页', ?, 3600, ?, 0)",
                  (job_id, key_id, json.dumps(params, ensure_ascii=False), now.isoformat(" "),
                   (now + timedelta(days=1)).isoformat(" ")))
    return job_id


def test_a_long_check_shows_its_pages_being_read(server, browser):
    base, svc, data = server
    job_id = _job_row(data, "bob", ["验收报告（扫描件）.pdf", "任务书.pdf"])
    page = sign_in(browser, base, svc.keys["bob"])
    page.goto(f"{base}/web/precheck/checks/{job_id}")
    expect(page).to_have_title(re.compile("^预检进行中"))
    expect(page.locator("#progress-words")).to_contain_text("排队中")
    check_page(page, SHOTS, "precheck-progress-queued")
    # the job reads its pages: the bar follows without the page being reloaded
    db_execute(data, "UPDATE jobs SET status = 'running', done = 7, total = 21 WHERE id = ?", job_id)
    bar = page.locator("#check-progress")
    expect(bar).to_have_attribute("value", "7", timeout=15_000)
    expect(bar).to_have_attribute("max", "21")
    expect(page.locator("#progress-words")).to_contain_text("已读 7/21 页")
    expect(page.locator("#cancel-check")).to_be_enabled()
    check_page(page, SHOTS, "precheck-progress")
    # left and come back to: the 材料预检 page lists it with its pages
    page.goto(f"{base}/web/precheck")
    row = page.locator("#recent-checks tr", has_text="验收报告（扫描件）.pdf")
    expect(row).to_contain_text("7/21 页")
    row.locator("a").click()
    expect(page.locator("#check-progress")).to_have_attribute("value", "7")
    # once it has finished (here: cancelled elsewhere), the page shows that by itself
    db_execute(data, "UPDATE jobs SET status = 'cancelled' WHERE id = ?", job_id)
    expect(page.locator("#cancelled")).to_contain_text("已取消", timeout=15_000)
    page.context.close()
    # the 档案台's scan of a bundle: the same bar, in the desk's words
    desk_job = _job_row(data, "archivist", ["纸质材料扫描.pdf"], purpose="desk")
    db_execute(data, "UPDATE jobs SET status = 'running', done = 3, total = 12 WHERE id = ?", desk_job)
    page = sign_in(browser, base, svc.keys["archivist"])
    page.goto(f"{base}/web/desk/scans/{desk_job}")
    expect(page).to_have_title(re.compile("^扫描件识别中"))
    expect(page.locator("#check-progress")).to_have_attribute("value", "3")
    expect(page.locator("#progress-words")).to_contain_text("已读 3/12 页")
    check_page(page, SHOTS, "desk-scan-progress")
    page.context.close()


def test_one_click_starts_one_check(server, browser, tmp_path):
    base, svc, _ = server
    page = sign_in(browser, base, svc.keys["alice"])
    (tmp_path / "record.json").write_text(json.dumps(sample(APPLIED), ensure_ascii=False), "utf-8")
    page.set_input_files("#record_file", str(tmp_path / "record.json"))
    page.set_input_files("#pdfs", [str(CORPUS / "rotated-90-table.pdf")])
    # what the button is once the form is sent, kept across to the next page
    page.evaluate("""() => document.getElementById('precheck-form').addEventListener('submit', () => {
        const b = document.getElementById('check');
        sessionStorage.setItem('button', JSON.stringify([b.disabled, b.textContent]));
    })""")
    page.click("#check")
    expect(page.locator("#verdict")).to_be_visible(timeout=180_000)
    # back to the form (the browser keeps it as it was): the button works again
    page.go_back()
    expect(page.locator("#check")).to_be_enabled()
    page.context.close()


def test_the_focus_ring_shows_on_the_red_header(server, browser):
    base, svc, _ = server
    page = sign_in(browser, base, svc.keys["alice"])
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('header') !== null"):
            break
    focused = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor,
                getComputedStyle(document.querySelector('header')).backgroundColor]; }""")
    style, width, colour, header = focused
    assert style not in ("none", "auto") and float(width.rstrip("px")) >= 2, focused
    assert contrast(colour, header) >= 3, focused       # WCAG 1.4.11: 3:1 against what is beside it
    page.context.close()


# --- an archivist's day at the desk ------------------------------------------------------------

def _submission(svc, round_name: str | None = None, title: str | None = None) -> int:
    record = sample(APPLIED)
    if title:
        record["achievement"]["name"] = title
    r = svc.call("POST", "/api/v1/submissions", "alice", json=record,
                 params={"round": round_name} if round_name else None)
    assert r.status_code == 201, r.text[:300]
    return r.json()["id"]


def test_an_archivists_day_at_the_desk(server, browser, tmp_path):
    base, svc, _ = server
    # a number issued 2025-09-26: the 10th working day after it is 2025-10-16 (National Day
    # 2025: 10-01…10-08 off, 09-28 and 10-11 worked), so by now its paper is late
    late = _submission(svc, "sichuan-2025", "井下充填材料（逾期）")
    r = svc.call("POST", f"/api/v1/submissions/{late}/registration", "archivist", json={"issued_on": "2025-09-26"})
    assert r.status_code in (200, 201), r.text[:300]
    waiting = _submission(svc, "sichuan-2025", "尚未发号的成果")

    page = sign_in(browser, base, svc.keys["archivist"])
    expect(page).to_have_title(re.compile("^档案台"))
    rows = page.locator("#submissions tr")
    late_row = rows.filter(has_text="井下充填材料（逾期）")
    expect(late_row).to_contain_text("最迟 2025-10-16（含）")
    expect(late_row.locator(".overdue")).to_contain_text("逾期")
    expect(late_row).to_contain_text("2025年四川省科技成果登记")
    expect(late_row).to_contain_text("科技成果登记")
    expect(page.locator("#submissions")).not_to_contain_text("achievement-registration")
    expect(page.locator("#submissions")).not_to_contain_text("sichuan-2025")
    check_page(page, SHOTS, "desk")
    # only what is late, then sorted by the deadline: both are links, so they work without script
    page.click("#filter-overdue")
    expect(page.locator("#submissions")).to_contain_text("井下充填材料（逾期）")
    expect(page.locator("#submissions")).not_to_contain_text("尚未发号的成果")
    page.goto(f"{base}/web/desk")
    page.click("#sort-deadline")
    first = page.locator("#submissions tr").nth(1)
    expect(first).to_contain_text("井下充填材料（逾期）")

    # a file that is no PDF at the scanner: a Chinese message beside the file, and a 4xx
    page.goto(f"{base}/web/desk")
    page.set_input_files("#scan", str(CORPUS / "not-pdf-html.pdf"))
    page.click("#scan-button")
    # the scan is read as a job: its page shows the answer once it is done
    expect(page.locator("#scan-error")).to_contain_text("文件不是 PDF", timeout=120_000)
    assert re.search(r"/web/desk/scans/[0-9a-f]{32}$", page.url)
    status = page.evaluate("fetch(location.href).then(r => r.status)")
    assert 400 <= status < 500, status
    assert "message_en" not in page.locator("main").inner_text()

    # the late one: its deadline, then a receipt with the archivist's note
    page.goto(f"{base}/web/desk/{late}")
    expect(page).to_have_title(re.compile("井下充填材料"))
    expect(page.locator("#deadline")).to_contain_text("最迟 2025-10-16（含）")
    page.fill("#received_on", "2025-10-17")
    page.fill("#note", "快递延误，已电话说明")
    page.click("#record-receipt")
    banner = page.locator("#receipt-result")
    expect(banner).to_contain_text("逾期 1 个工作日")        # 10-17 is the Friday after the 16th
    expect(banner).to_contain_text("快递延误，已电话说明")
    # the 操作记录 in words: China time, no raw SHA-256, no "valid：True", no English kind
    history = page.locator("#history")
    expect(history).to_contain_text("北京时间")
    text = history.inner_text()
    assert not SHA256.search(text), text
    assert "True" not in text and "False" not in text and "achievement-registration" not in text
    assert "（archivist）" not in text and "（submitter）" not in text
    assert "002 四" not in page.locator("main").inner_text()     # documents by title, not number
    check_page(page, SHOTS, "desk-detail")

    # issuing a number to a record with errors, or back-dated, is warned about first
    broken = sample(APPLIED)
    broken["achievement"]["keywords"] = ["一", "二", "三", "四"]
    bad = svc.call("POST", "/api/v1/submissions", "alice", json=broken).json()["id"]
    page.goto(f"{base}/web/desk/{bad}")
    expect(page.locator("#issue-warning")).to_contain_text("错误")
    page.fill("#issued_on", "2025-09-01")
    page.click("#issue")
    expect(page.locator("#issue-confirm")).to_contain_text("早于今天")
    expect(page.locator("#registration-no")).to_have_text("尚未发放")
    page.check("#confirm-issue")
    page.click("#issue")
    expect(page.locator("#registration-no")).not_to_have_text("尚未发放")
    assert waiting
    page.context.close()


def test_an_archivist_with_nothing_to_do_is_told_what_comes(server, browser):
    base, svc, _ = server
    page = sign_in(browser, base, svc.keys["sichuan"])
    expect(page.locator("#desk-empty")).to_contain_text("提交")
    page.context.close()


# --- an admin issues keys ----------------------------------------------------------------------

def test_an_admin_issues_and_revokes_keys(server, browser):
    base, svc, data = server
    page = sign_in(browser, base, ADMIN_KEY)
    expect(page).to_have_title(re.compile("^管理"))
    page.fill("#key-name", "四川 李老师")
    page.select_option("#key-role", "archivist")
    page.select_option("#key-body", label="四川省科学技术厅")
    page.click("#add-key")
    expect(page).to_have_url(re.compile(r"/web/admin"))
    new_key = page.locator("#new-key .key").inner_text()
    assert new_key.startswith("pw_")
    # a reload neither makes a second key nor shows this one again
    page.reload()
    expect(page.locator("#new-key")).to_have_count(0)
    expect(page.locator("#keys tr", has_text="四川 李老师")).to_have_count(1)
    check_page(page, SHOTS, "admin")

    # revoking asks first
    row = page.locator("#keys tr", has_text="四川 李老师")
    row.locator("button", has_text="吊销").click()
    expect(page.locator("#confirm-revoke")).to_contain_text("四川 李老师")
    page.click("#confirm-revoke button[type=submit]")
    expect(page.locator("#keys tr", has_text="四川 李老师")).to_contain_text("已吊销")

    # a lock that has run out is no lock; a live one can be lifted
    db_execute(data, "UPDATE api_keys SET locked_until = ? WHERE name = ?", "2020-01-01 00:00:00", "bob")
    until = (datetime.now(UTC) + timedelta(minutes=30)).replace(tzinfo=None).isoformat(sep=" ")
    db_execute(data, "UPDATE api_keys SET locked_until = ? WHERE name = ?", until, "alice")
    page.reload()
    expect(page.locator("#keys tr", has_text="bob")).not_to_contain_text("锁定")
    alice = page.locator("#keys tr", has_text="alice")
    expect(alice).to_contain_text("北京时间")
    alice.locator("button", has_text="解锁").click()
    expect(page.locator("#keys tr", has_text="alice")).to_contain_text("有效")
    assert svc.call("GET", "/api/v1/submissions", "alice").status_code == 200     # no 423 any more
    expect(page.locator("#audit")).to_contain_text("北京时间")
    page.context.close()


def test_an_admin_works_with_javascript_off(server, browser):
    base, svc, _ = server
    page = sign_in(browser, base, ADMIN_KEY, java_script_enabled=False)
    page.fill("#key-name", "无脚本 张老师")
    page.click("#add-key")
    expect(page.locator("#new-key .key")).to_contain_text("pw_")
    page.locator("#keys tr", has_text="无脚本 张老师").locator("button", has_text="吊销").click()
    page.click("#confirm-revoke button[type=submit]")
    expect(page.locator("#keys tr", has_text="无脚本 张老师")).to_contain_text("已吊销")
    page.goto(f"{base}/web/precheck")
    page.fill("#record_text", "{\n  oops\n}")
    page.click("#check")
    expect(page.locator("#json-error-line")).to_contain_text("oops")
    page.context.close()


# --- a locked-out user -------------------------------------------------------------------------

def test_a_locked_out_user_can_sign_out(server, browser):
    base, svc, data = server
    svc.key("carol", "submitter", "太原理工大学")
    page = sign_in(browser, base, svc.keys["carol"])
    for _ in range(5):      # 5 invalid look-ups in the hour lock the key for 30 minutes (settings)
        svc.call("GET", "/api/v1/lookup/isbn/9787000000000", "carol")
    page.reload()
    assert "423" in page.title() or page.locator("#locked").count() == 1
    expect(page.locator("main")).to_contain_text("30 分钟")
    expect(page.locator("main")).not_to_contain_text("31 分钟")
    page.click("main a:has-text('首页')")
    expect(page.locator("main")).not_to_contain_text("锁定")
    page.go_back()
    page.click("#sign-out")
    expect(page.locator("#key")).to_be_visible()
    page.context.close()


# --- the start page and the API docs, offline ----------------------------------------------------

def test_the_start_page_says_what_the_service_is_for(server, browser):
    base, _, _ = server
    page = browser.new_page()
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/")
    expect(page).to_have_title(re.compile("科研管理材料"))
    main = page.locator("main")
    for role in ("填报人", "档案", "管理员", "门户"):
        expect(main).to_contain_text(role)
    expect(page.locator("#key")).to_be_visible()
    check_page(page, SHOTS, "start")
    page.close()


@pytest.mark.parametrize("path, shown", [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_the_api_docs_work_with_no_network(server, browser, path, shown):
    base, _, _ = server
    context = browser.new_context()
    asked = []

    def only_this_host(route):
        asked.append(route.request.url)
        host = route.request.url.split("/")[2].split(":")[0] if "//" in route.request.url else ""
        return route.continue_() if host == "127.0.0.1" else route.abort()

    context.route("**/*", only_this_host)
    page = context.new_page()
    page.goto(f"{base}{path}")
    expect(page.locator(shown).first).to_contain_text("paperwork", timeout=30_000)
    away = [u for u in asked if not u.startswith(base) and not u.startswith("data:")]
    assert not away, away
    page.screenshot(path=str(SHOTS / f"docs{path.replace('/', '-')}.png"))
    context.close()
