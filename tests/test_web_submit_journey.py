"""Issue #18 items 4 and 7, in the real browser (Debian chromium via Playwright) against a real
``paperwork serve``: a submitter goes from an empty form to a registered, printed, received
submission without typing JSON, and an archivist receives it at the desk. Every page is checked
at 1280 and 390 px (tests/web_checks.py); with PAPERWORK_WEB_SHOTS=DIR the screenshots stay."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from pg import HttpService, Server, sample
from playwright.sync_api import expect
from web_checks import check_page, chromium, sign_in

SHOTS = Path(os.environ.get("PAPERWORK_WEB_SHOTS") or tempfile.mkdtemp(prefix="paperwork-web-"))
SHOTS.mkdir(parents=True, exist_ok=True)
CORPUS = Path("/work/shared/corpus/pdf")
APPLIED = "achievement-registration/ar-2025-applied-shanxi"
FORM = "/web/precheck/form?kind=achievement-registration"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A real ``paperwork serve`` with the bodies and keys of tests/pg.py, and chromium."""
    running = Server(tmp_path_factory.mktemp("web-submit")).start()
    try:
        with chromium() as browser:
            yield running.base, HttpService(running.base).build_world(), browser
    finally:
        running.stop()


def control(page, pointer: str):
    return page.locator(f"[name='{pointer}']")


def leaves(value, pointer: str = ""):
    """(JSON Pointer, value) of each plain value in a record; lists of plain values whole."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{pointer}/{k}")
    elif isinstance(value, list) and any(isinstance(x, dict) for x in value):
        for i, v in enumerate(value):
            yield from leaves(v, f"{pointer}/{i}")
    else:
        yield pointer, value


def fill(page, pointer: str, value) -> None:
    box = control(page, pointer)
    tag = box.evaluate("e => e.tagName + (e.type ? ':' + e.type : '')")
    if tag.startswith("SELECT"):
        box.select_option(value="true" if value is True else "false" if value is False else str(value))
    elif isinstance(value, list):
        box.fill("\n".join(str(x) for x in value))
    else:
        box.fill(str(value))


def rows(page, pointer: str):
    return page.locator(f"[data-list='{pointer}'] > .list-row")


def add_row(page, pointer: str) -> None:
    page.click(f"button[name='_add'][value='{pointer}']")


def test_a_submitter_goes_from_an_empty_form_to_a_received_submission(world, tmp_path):
    base, svc, browser = world
    record = sample(APPLIED)
    record.pop("registration", None)
    printed = svc.call("POST", "/api/v1/render/registration_form", "admin", json=record,
                       params={"format": "pdf", "draft": "true"})
    assert printed.status_code == 200, printed.text[:300]
    (tmp_path / "科技成果登记表.pdf").write_bytes(printed.content)

    page = sign_in(browser, base, svc.keys["alice"])
    page.goto(base + FORM)
    expect(page).to_have_title(re.compile("^在线填写"))
    # no JSON to type: completers are rows of fields, the date a date picker, enums a list
    assert page.locator("textarea[name='/completers']").count() == 0
    assert control(page, "/evaluation/date").get_attribute("type") == "date"
    assert control(page, "/achievement/classification").evaluate("e => e.tagName") == "SELECT"
    # the fields the registering body sets are shown, never offered for editing
    expect(page.locator("[data-server-owned='/registration/number']")).to_contain_text("由登记机构或管理部门填写")
    assert control(page, "/registration/number").count() == 0
    check_page(page, SHOTS, "form-empty")

    # one row more than needed, then that row deleted: the values of the others stay
    control(page, "/completers/0/name").fill("张国栋")
    while rows(page, "/completers").count() < len(record["completers"]) + 1:
        add_row(page, "/completers")
    expect(rows(page, "/completers")).to_have_count(len(record["completers"]) + 1)
    expect(control(page, "/completers/0/name")).to_have_value("张国栋")
    last = len(record["completers"])
    page.click(f"button[name='_remove'][value='/completers/{last}']")
    expect(rows(page, "/completers")).to_have_count(len(record["completers"]))
    expect(control(page, "/completers/0/name")).to_have_value("张国栋")
    for pointer in ("/other_completing_units", "/attachments"):
        while rows(page, pointer).count() < len(record[pointer[1:]]):
            add_row(page, pointer)

    # everything from the sample, by the controls; the second completer's name left out
    for pointer, value in leaves(record):
        if pointer in ("/kind", "/schema_version", "/completers/1/name"):
            continue
        fill(page, pointer, value)
    page.select_option("#round", "sichuan-2025")
    page.fill("#today", "2026-01-20")
    page.set_input_files("#pdfs", [str(tmp_path / "科技成果登记表.pdf"), str(CORPUS / "rotated-90-table.pdf")])
    page.click("#check")

    # the PDFs are read as a job; its page shows the form again once they are
    beside = page.locator("[data-finding-for='/completers/1/name']")
    expect(beside).to_be_visible(timeout=180_000)
    assert re.search(r"/web/precheck/form/checks/[0-9a-f]{32}$", page.url)
    # the finding stands beside its field, and the list's link jumps there
    expect(beside).to_contain_text("姓名")
    link = page.locator("#finding-list a[href='#f/completers/1/name']")
    expect(link).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 500})
    page.evaluate("window.scrollTo(0, 0)")
    link.click()
    assert page.evaluate("location.hash") == "#f/completers/1/name"
    expect(control(page, "/completers/1/name")).to_be_in_viewport()
    page.set_viewport_size({"width": 1280, "height": 900})
    # the round, the date and every value kept
    expect(page.locator("#round")).to_have_value("sichuan-2025")
    expect(page.locator("#today")).to_have_value("2026-01-20")
    expect(control(page, "/completers/2/name")).to_have_value("王海涛")
    expect(page.locator("#kept-uploads")).to_contain_text("科技成果登记表.pdf")
    check_page(page, SHOTS, "form-findings")
    page.locator("#finding-list").screenshot(path=str(SHOTS / "form-finding-list.png"))
    page.locator("[data-list='/completers']").screenshot(path=str(SHOTS / "form-completers.png"))

    control(page, "/completers/1/name").fill("李雪梅")
    page.click("#check")
    expect(page.locator("[data-finding-for='/completers/1/name']")).to_have_count(0)
    expect(page.locator("#verdict")).to_be_visible()
    page.click("#save-submission")

    # the submission keeps the PDFs uploaded at the 预检
    expect(page).to_have_title(re.compile("^提交 #"))
    sid = int(re.search(r"/web/submissions/(\d+)", page.url).group(1))
    attachments = page.locator("#attachments")
    expect(attachments).to_contain_text("科技成果登记表.pdf")
    expect(attachments).to_contain_text("rotated-90-table.pdf")
    expect(page.locator("#round-title")).to_contain_text("四川")
    check_page(page, SHOTS, "submission-first")

    # a new version through the same form: a completer's title corrected, a PDF added
    page.click("#edit-version")
    expect(control(page, "/completers/0/name")).to_have_value("张国栋")
    expect(control(page, "/registration/number")).to_have_count(0)
    control(page, "/completers/2/title").fill("正高级工程师")
    page.fill("#version-note", "更正完成人职称")
    page.set_input_files("#pdfs", [str(CORPUS / "multilang-ar-ru-zh-th-ja.pdf")])
    check_page(page, SHOTS, "form-version")
    page.click("#save-version")
    expect(page.locator("#versions")).to_contain_text("第 2 版")
    expect(page.locator("#versions")).to_contain_text("更正完成人职称")
    expect(page.locator("#attachments")).to_contain_text("multilang-ar-ru-zh-th-ja.pdf")
    expect(page.locator("#attachments")).to_contain_text("科技成果登记表.pdf")
    assert svc.call("GET", f"/api/v1/submissions/{sid}", "alice").json()["latest"]["record"][
        "completers"][2]["title"] == "正高级工程师"

    # an attachment uploaded on the submission page: one more version, the record unchanged
    page.set_input_files("#attachment-files", [str(CORPUS / "type3-matplotlib.pdf")])
    page.click("#upload")
    expect(page.locator("#versions")).to_contain_text("第 3 版")
    expect(page.locator("#attachments")).to_contain_text("type3-matplotlib.pdf")

    # the printed form: a PDF with the record's title in its text
    with page.expect_download() as got:
        page.click("a.download-form[data-form='registration_form'][data-format='pdf']")
    pdf = tmp_path / "form.pdf"
    got.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert record["achievement"]["name"][:8] in text.replace("\n", "")

    # another submitter's id is not found
    bob = sign_in(browser, base, svc.keys["bob"])
    for path in (f"/web/submissions/{sid}", f"/web/submissions/{sid}/edit"):
        r = bob.goto(base + path)
        assert r.status == 404, path
        expect(bob.locator("main")).not_to_contain_text("煤矸石")
    bob.context.close()

    # the archivist issues the number (dated 2025-09-26, so confirmed) and receives the paper
    desk = sign_in(browser, base, svc.keys["archivist"])
    desk.goto(f"{base}/web/desk/{sid}")
    desk.fill("#issued_on", "2025-09-26")
    desk.click("#issue")
    desk.check("#confirm-issue")
    desk.click("#issue")
    expect(desk.locator("#registration-no")).to_have_text(re.compile(r"^[0-9A-Z]{12}$"))
    desk.fill("#received_on", "2025-10-15")
    desk.fill("#note", "纸质材料齐全，已盖章")
    desk.click("#record-receipt")
    expect(desk.locator("#receipt-result")).to_be_visible()
    desk.context.close()

    # the submitter sees the number, the deadline and the receipt
    page.goto(f"{base}/web/submissions/{sid}")
    expect(page.locator("#registration-no")).to_have_text(re.compile(r"^[0-9A-Z]{12}$"))
    # 10 working days from 2025-09-26 (National Day 2025: 10-01…10-08 off, 09-28 and 10-11
    # worked) end on 2025-10-16, which still counts
    expect(page.locator("#deadline")).to_contain_text("最迟 2025-10-16（含）")
    expect(page.locator("#receipt")).to_contain_text("按期")
    expect(page.locator("#receipt")).to_contain_text("纸质材料齐全，已盖章")
    expect(page.locator("#receipt")).to_contain_text("接收")
    check_page(page, SHOTS, "submission-received")
    # the next version's form shows the number read-only
    page.click("#edit-version")
    expect(page.locator("[data-server-owned='/registration/number']")).to_contain_text(
        svc.call("GET", f"/api/v1/submissions/{sid}", "alice").json()["registration_no"])
    page.context.close()


def test_a_row_is_added_with_javascript_off(world):
    base, svc, browser = world
    page = sign_in(browser, base, svc.keys["alice"], java_script_enabled=False)
    page.goto(base + FORM)
    before = rows(page, "/completers").count()
    control(page, "/achievement/name").fill("无脚本也能填写")
    add_row(page, "/completers")
    expect(rows(page, "/completers")).to_have_count(before + 1)
    expect(control(page, "/achievement/name")).to_have_value("无脚本也能填写")
    control(page, f"/completers/{before}/name").fill("赵六")
    add_row(page, "/completers")
    expect(control(page, f"/completers/{before}/name")).to_have_value("赵六")
    page.click(f"button[name='_remove'][value='/completers/{before + 1}']")
    expect(rows(page, "/completers")).to_have_count(before + 1)
    check_page(page, SHOTS, "form-no-js")
    # Enter in a field checks the form; it does not press the first 增加一行
    control(page, "/achievement/name").press("Enter")
    expect(page.locator("#verdict")).to_be_visible()
    expect(rows(page, "/completers")).to_have_count(before + 1)
    page.context.close()
