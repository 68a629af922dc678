"""Issue #18 item 3: a 预检 with PDFs runs as a job with a progress bar in pages, can be left
and come back to, and the same check sent twice is one job. Without a browser (the browser
journey is tests/test_web_journeys.py)."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from pg import WEB_ORIGIN, finished_check, make_service, sample, web_sign_in
from sqlalchemy import func, select

from service.ops import jobs as ops_jobs
from service.store import jobs as store_jobs
from service.store.models import ApiKey, Job
from validators.pdf.check import check_pdf

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "samples" / "pdfs" / "scanned-copyright.pdf"      # one scanned page, no text layer
FORM = ROOT / "samples" / "pdfs" / "registration-form.pdf"      # text pages
APPLIED = "achievement-registration/ar-2025-applied-shanxi"


def scanned_bundle(pages: int) -> bytes:
    """The sample scan's page ``pages`` times over: a bundle with nothing but scanned pages."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.append(str(SCAN))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def svc(backend_url, tmp_path):
    service = make_service(backend_url, tmp_path / "data")
    service.build_world()
    yield service
    service.close()


def _post(svc, token: str, pdfs: list[tuple[str, bytes]], follow: bool = True):
    return svc.client.post("/web/precheck", headers={"Origin": WEB_ORIGIN}, follow_redirects=follow,
                           data={"today": "2026-01-10", "csrf_token": token}, files=[
        ("record_file", ("record.json", json.dumps(sample(APPLIED), ensure_ascii=False).encode(), "application/json")),
        *[("pdfs", (name, data, "application/pdf")) for name, data in pdfs]])


def test_a_scanned_file_tells_each_page_as_ocr_reads_it(tmp_path):
    bundle = tmp_path / "bundle.pdf"
    bundle.write_bytes(scanned_bundle(3))
    told = []
    report = check_pdf(bundle, on_pages=lambda done, total: told.append((done, total)))
    assert report.ocr_pages == [1, 2, 3]
    # nothing read when it opens, then one page more each time, the last said again at the end
    assert told[0] == (0, 3) and told[-1] == (3, 3)
    assert sorted(set(told)) == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert told == sorted(told)


def test_a_check_job_counts_the_pages_of_all_its_files(svc):
    """Text pages count as read at once, scanned pages one by one; the total grows as each file
    is opened."""
    told = []
    with svc.app.state.db.read() as s:
        key = s.scalars(select(ApiKey).where(ApiKey.role == "portal")).first()
    text_pages = len(pypdf.PdfReader(str(FORM)).pages)
    inputs = [("registration-form.pdf", FORM.read_bytes()), ("bundle.pdf", scanned_bundle(2))]
    ctx = ops_jobs.JobContext(svc.app.state.settings, svc.app.state.db, svc.app.state.files, None)
    outcome = ops_jobs.check_pdf_task(ctx, {"record": None}, inputs, key,
                                      lambda done, total: told.append((done, total)))
    files = json.loads(outcome.data)["files"]
    assert [f["pages"] for f in files] == [text_pages, 2]
    n = text_pages
    assert told[0] == (n, n)                     # the form's text pages: read as soon as it opens
    assert (n, n + 2) in told and (n + 1, n + 2) in told
    assert told[-1] == (n + 2, n + 2)


def test_a_pre_check_with_a_scan_ends_on_its_result_and_is_listed(svc):
    token = web_sign_in(svc.client, svc.keys["alice"])
    first = _post(svc, token, [("扫描件.pdf", scanned_bundle(2))], follow=False)
    assert first.status_code == 303
    location = first.headers["location"]
    assert re.fullmatch(r"/web/precheck/checks/[0-9a-f]{32}", location)
    result = finished_check(svc.client, svc.client.get(location))
    assert result.status_code == 200
    assert "预检结果" in result.text and "PDF：扫描件.pdf" in result.text
    assert "共 2 页" in result.text and "已用 OCR 识别文字" in result.text
    # the bar's figures, as the page's script reads them: every page read
    progress = svc.client.get(location + "/progress").json()
    assert progress["finished"] and progress["done"] == progress["total"] == 2 and progress["unit"] == "页"
    # the same check again (a second click, the form sent twice): the same job, no new one
    again = _post(svc, token, [("扫描件.pdf", scanned_bundle(2))], follow=False)
    assert again.headers["location"] == location
    with svc.app.state.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Job)) == 1
    # left and come back to: the 材料预检 page lists it, with a link
    listing = svc.client.get("/web/precheck").text
    assert "最近的预检" in listing and location in listing and "扫描件.pdf" in listing


def test_another_users_check_is_not_found(svc):
    token = web_sign_in(svc.client, svc.keys["alice"])
    location = _post(svc, token, [("扫描件.pdf", scanned_bundle(1))], follow=False).headers["location"]
    finished_check(svc.client, svc.client.get(location))
    svc.client.cookies.clear()
    web_sign_in(svc.client, svc.keys["bob"])
    for path in (location, location + "/progress"):
        r = svc.client.get(path)
        assert r.status_code == 404 and "扫描件" not in r.text, path
    assert "扫描件.pdf" not in svc.client.get("/web/precheck").text


def _queued_check(svc, who: str, files: list[str]) -> str:
    """A check's job as the 预检 makes it, left queued (no runner is handed it)."""
    with svc.app.state.db.write() as s:
        key = s.scalars(select(ApiKey).where(ApiKey.name == who)).one()
        job = store_jobs.create(s, key, "check-pdf", {"record": sample(APPLIED), "web": {
            "round": "", "today": "2026-01-10", "fingerprint": "x",
            "files": [{"name": n, "sha256": "0" * 64, "size": 1} for n in files]}},
            total=0, unit="页", ttl_seconds=3600)
        return job.id


def test_the_progress_page_shows_pages_read_and_works_without_script(svc):
    web_sign_in(svc.client, svc.keys["alice"])
    job_id = _queued_check(svc, "alice", ["验收报告.pdf", "任务书.pdf"])
    waiting = svc.client.get(f"/web/precheck/checks/{job_id}").text
    assert "排队中" in waiting and "验收报告.pdf、任务书.pdf" in waiting
    # with script off, the page asks again by itself
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', waiting)
    with svc.app.state.db.write() as s:
        store_jobs.start(s, job_id)
        store_jobs.progress(s, job_id, 7, 21)
    running = svc.client.get(f"/web/precheck/checks/{job_id}").text
    assert 'max="21" value="7"' in running and "已读 7/21 页" in running
    assert svc.client.get(f"/web/precheck/checks/{job_id}/progress").json()["words"].startswith("已读 7/21 页")
    assert "（7/21 页）" in svc.client.get("/web/precheck").text


def test_a_check_can_be_cancelled_from_its_page(svc):
    token = web_sign_in(svc.client, svc.keys["alice"])
    job_id = _queued_check(svc, "alice", ["大扫描件.pdf"])
    # without the session's token, nothing is cancelled
    refused = svc.client.post(f"/web/precheck/checks/{job_id}/cancel", headers={"Origin": WEB_ORIGIN},
                              data={"csrf_token": "forged"})
    assert refused.status_code == 403
    page = svc.client.post(f"/web/precheck/checks/{job_id}/cancel", headers={"Origin": WEB_ORIGIN},
                           data={"csrf_token": token})
    assert page.status_code == 200 and "已取消" in page.text and "data-job-unfinished" not in page.text


def test_the_desk_reads_a_scan_as_a_job_and_only_archive_staff_see_it(svc):
    """档案台: the scan's page follows the job, then shows what the QR code found (here: no
    code of ours in a scanned copyright page), and a submitter is not shown the archivist's job."""
    token = web_sign_in(svc.client, svc.keys["archivist"])
    posted = svc.client.post("/web/desk/scan", headers={"Origin": WEB_ORIGIN}, follow_redirects=False,
                             data={"csrf_token": token},
                             files=[("scan", ("纸质材料扫描.pdf", scanned_bundle(2), "application/pdf"))])
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert re.fullmatch(r"/web/desk/scans/[0-9a-f]{32}", location)
    answer = finished_check(svc.client, svc.client.get(location))
    assert answer.status_code == 404 and "“纸质材料扫描.pdf”中没有找到可识别的本系统表格二维码" in answer.text
    assert svc.client.get(location + "/progress").json()["done"] == 2
    # the 预检's address does not show a desk job; a submitter is not shown it at all
    elsewhere = svc.client.get(location.replace("/web/desk/scans/", "/web/precheck/checks/"))
    assert elsewhere.status_code in (403, 404) and "纸质材料扫描" not in elsewhere.text
    svc.client.cookies.clear()
    web_sign_in(svc.client, svc.keys["alice"])
    for path in (location, location + "/progress"):
        refused = svc.client.get(path)
        assert refused.status_code in (403, 404) and "纸质材料扫描" not in refused.text, path



def test_the_form_with_a_new_pdf_is_checked_as_a_job_and_keeps_every_pdf(svc):
    token = web_sign_in(svc.client, svc.keys["alice"])
    fields = {"csrf_token": token, "today": "2026-01-10", "/kind": "achievement-registration", "/schema_version": "1"}
    first = svc.client.post("/web/precheck/form/check", headers={"Origin": WEB_ORIGIN}, data=fields,
                            files=[("pdfs", ("验收报告.pdf", scanned_bundle(1), "application/pdf"))],
                            follow_redirects=False)
    assert first.status_code == 303
    assert re.fullmatch(r"/web/precheck/form/checks/[0-9a-f]{32}", first.headers["location"])
    form = finished_check(svc.client, svc.client.get(first.headers["location"]))
    assert form.status_code == 200 and 'id="finding-list"' in form.text
    assert "PDF：验收报告.pdf" in form.text and "共 1 页" in form.text
    kept = re.findall(r'name="upload" value="([^"]+)"', form.text)
    assert len(kept) == 1 and "验收报告.pdf" in form.text.split('id="kept-uploads"', 1)[1]
    # checked again with that one ticked and another new one: both are kept
    second = finished_check(svc.client, svc.client.post(
        "/web/precheck/form/check", headers={"Origin": WEB_ORIGIN}, data={**fields, "upload": kept},
        files=[("pdfs", ("任务书.pdf", FORM.read_bytes(), "application/pdf"))]))
    listed = second.text.split('id="kept-uploads"', 1)[1]
    assert "验收报告.pdf" in listed and "任务书.pdf" in listed
    # a ticked upload that is not this key's is refused before anything is read
    forged = svc.client.post("/web/precheck/form/check", headers={"Origin": WEB_ORIGIN},
                             data={**fields, "upload": ["x.y"]},
                             files=[("pdfs", ("任务书.pdf", FORM.read_bytes(), "application/pdf"))])
    assert forged.status_code == 422 and "重新上传" in forged.text


def test_a_next_version_checked_with_a_new_pdf_comes_back_to_its_form(svc):
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    token = web_sign_in(svc.client, svc.keys["alice"])
    posted = svc.client.post(f"/web/submissions/{sid}/edit", headers={"Origin": WEB_ORIGIN}, follow_redirects=False,
                             data={"csrf_token": token, "today": "2026-01-10", "/kind": "achievement-registration",
                                   "/schema_version": "1", "_note": "补充验收报告"},
                             files=[("pdfs", ("验收报告.pdf", scanned_bundle(1), "application/pdf"))])
    assert posted.status_code == 303
    assert re.fullmatch(r"/web/submissions/checks/[0-9a-f]{32}", posted.headers["location"])
    form = finished_check(svc.client, svc.client.get(posted.headers["location"]))
    assert form.status_code == 200 and f'action="/web/submissions/{sid}/edit"' in form.text
    assert "补充验收报告" in form.text and "PDF：验收报告.pdf" in form.text
    assert "验收报告.pdf" in form.text.split('id="kept-uploads"', 1)[1]
    # bob is not shown alice's check
    svc.client.cookies.clear()
    web_sign_in(svc.client, svc.keys["bob"])
    assert svc.client.get(posted.headers["location"]).status_code == 404
