"""Issue #18 item 7 without a browser: 保存为提交 keeps the PDFs uploaded at the 预检, a
submission's pages refuse another submitter, and an upload on the submission page is held to
the API's limits."""
from __future__ import annotations

import json
import re

import pytest
from pg import WEB_ORIGIN, csrf_token, finished_check, make_service, sample, web_sign_in

APPLIED = "achievement-registration/ar-2025-applied-shanxi"


@pytest.fixture
def svc(backend_url, tmp_path):
    """The app on SQLite and on PostgreSQL, with a 200 kB upload limit."""
    service = make_service(backend_url, tmp_path / "data", max_upload_bytes=200_000)
    service.build_world()
    yield service
    service.close()


def _pdf(svc) -> bytes:
    return svc.call("POST", "/api/v1/render/registration_form", "admin", json=sample(APPLIED),
                    params={"format": "pdf"}).content


def _save_form(html: str) -> dict:
    """The fields of the result page's 保存为提交 form, as the browser would post them."""
    form = re.search(r'<form method="post" action="/web/precheck/submit">(.*?)</form>', html, re.S).group(1)
    fields = {m[0]: m[1] for m in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
    fields["record_json"] = re.search(r'<textarea name="record_json" hidden>(.*?)</textarea>', form, re.S).group(1)
    import html as h
    return {k: h.unescape(v) for k, v in fields.items()}


def test_saving_a_pre_check_as_a_submission_keeps_its_pdfs(svc):
    token = web_sign_in(svc.client, svc.keys["alice"])
    record, printed = sample(APPLIED), _pdf(svc)
    r = finished_check(svc.client, svc.client.post(
        "/web/precheck", data={"today": "2026-01-10", "csrf_token": token}, headers={"Origin": WEB_ORIGIN}, files=[
            ("record_file", ("record.json", json.dumps(record, ensure_ascii=False).encode(), "application/json")),
            ("pdfs", ("科技成果登记表.pdf", printed, "application/pdf"))]))
    assert r.status_code == 200
    saved = svc.client.post("/web/precheck/submit", data=_save_form(r.text), headers={"Origin": WEB_ORIGIN})
    assert saved.status_code == 200, saved.text[:300]
    sid = int(re.search(r"提交 #(\d+)", saved.text).group(1))
    latest = svc.call("GET", f"/api/v1/submissions/{sid}", "alice").json()["latest"]
    assert [a["file_name"] for a in latest["attachments"]] == ["科技成果登记表.pdf"]
    # the bytes uploaded at the 预检 are the ones the submission page hands back
    kept = svc.client.get(f"/web/submissions/{sid}/attachments/{latest['attachments'][0]['sha256']}")
    assert kept.status_code == 200 and kept.content == printed


def test_an_upload_reference_cannot_be_forged_or_borrowed(svc):
    """The kept PDFs travel as signed references: bob cannot attach alice's file by its SHA-256."""
    token = web_sign_in(svc.client, svc.keys["alice"])
    r = finished_check(svc.client, svc.client.post(
        "/web/precheck", data={"today": "2026-01-10", "csrf_token": token}, headers={"Origin": WEB_ORIGIN}, files=[
            ("record_file", ("record.json", json.dumps(sample(APPLIED), ensure_ascii=False).encode(), "application/json")),
            ("pdfs", ("科技成果登记表.pdf", _pdf(svc), "application/pdf"))]))
    form = _save_form(r.text)
    svc.client.cookies.clear()
    form["csrf_token"] = web_sign_in(svc.client, svc.keys["bob"])
    refused = svc.client.post("/web/precheck/submit", data=form, headers={"Origin": WEB_ORIGIN})
    assert refused.status_code == 422 and "重新上传" in refused.text
    assert svc.call("GET", "/api/v1/submissions", "bob").json() == []


def test_another_submitters_submission_pages_are_not_found(svc):
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    token = web_sign_in(svc.client, svc.keys["bob"])
    for path in (f"/web/submissions/{sid}/edit", f"/web/submissions/{sid}/forms/registration_form?format=pdf"):
        page = svc.client.get(path)
        assert page.status_code == 404 and "煤矸石" not in page.text, path
    for path in (f"/web/submissions/{sid}/attachments", f"/web/submissions/{sid}/edit"):
        r = svc.client.post(path, data={"csrf_token": token, "_save": "version"}, headers={"Origin": WEB_ORIGIN},
                            files=[("files", ("x.pdf", b"%PDF-1.4\n", "application/pdf"))])
        assert r.status_code == 404, path
    assert len(svc.call("GET", f"/api/v1/submissions/{sid}/versions", "alice").json()) == 1


def test_an_upload_on_the_submission_page_keeps_the_apis_limit(svc):
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    token = web_sign_in(svc.client, svc.keys["alice"])
    page = svc.client.get(f"/web/submissions/{sid}")
    assert csrf_token(page.text) == token and 'id="attachment-files"' in page.text
    big = b"%PDF-1.4\n" + b"0" * 300_000
    r = svc.client.post(f"/web/submissions/{sid}/attachments", data={"csrf_token": token},
                        headers={"Origin": WEB_ORIGIN}, files=[("files", ("大文件.pdf", big, "application/pdf"))])
    assert r.status_code == 413 and "大文件.pdf" in r.text and "MB" in r.text
    no_token = svc.client.post(f"/web/submissions/{sid}/attachments", headers={"Origin": WEB_ORIGIN},
                               files=[("files", ("a.pdf", b"%PDF-1.4\n", "application/pdf"))])
    assert no_token.status_code == 403
    assert len(svc.call("GET", f"/api/v1/submissions/{sid}/versions", "alice").json()) == 1


def test_a_change_request_filled_in_on_the_form_gets_its_status_from_the_system(svc):
    """申请状态 is the system's (the form shows it read-only), so an empty form must not ask the
    applicant for it: 草稿 while checked, 已提交 on the day it is saved as a submission."""
    token = web_sign_in(svc.client, svc.keys["alice"])
    fields = {"csrf_token": token, "today": "2026-01-10", "/kind": "nssf-change-request", "/schema_version": "1"}
    checked = svc.client.post("/web/precheck/form/check", headers={"Origin": WEB_ORIGIN}, data=fields)
    assert checked.status_code == 200, checked.text[:300]
    assert "缺少必填项「项目基本信息」" in checked.text        # the applicant's own fields are asked for
    assert "缺少必填项「申请状态」" not in checked.text and "缺少必填项「提交日期」" not in checked.text
    saved = svc.client.post("/web/precheck/form/check", headers={"Origin": WEB_ORIGIN},
                            data={**fields, "_save": "submission"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:300]
    sid = int(saved.headers["location"].rsplit("/", 1)[1])
    record = svc.call("GET", f"/api/v1/submissions/{sid}", "alice").json()["latest"]["record"]
    assert record["status"] == "已提交" and record["submitted_on"] == "2026-01-10"


def test_a_pre_check_upload_dropped_while_unsaved_is_asked_for_again(svc):
    """The serving process drops PDFs uploaded at a 预检 and never saved (after
    PAPERWORK_UNSAVED_UPLOAD_KEEP_DAYS); saving the old page then asks for the file again
    instead of making a submission whose attachment has no file."""
    from datetime import timedelta

    from service.store.models import utcnow
    token = web_sign_in(svc.client, svc.keys["alice"])
    r = finished_check(svc.client, svc.client.post(
        "/web/precheck", data={"today": "2026-01-10", "csrf_token": token}, headers={"Origin": WEB_ORIGIN}, files=[
            ("record_file", ("record.json", json.dumps(sample(APPLIED), ensure_ascii=False).encode(), "application/json")),
            ("pdfs", ("科技成果登记表.pdf", _pdf(svc), "application/pdf"))]))
    # a week on, nothing refers to it: the sweep (what the pump runs) takes it away
    assert len(svc.app.state.files.delete_unreferenced(utcnow() + timedelta(seconds=1))) == 1
    refused = svc.client.post("/web/precheck/submit", data=_save_form(r.text), headers={"Origin": WEB_ORIGIN})
    assert refused.status_code == 422
    assert "“科技成果登记表.pdf”是预检时上传的附件，长时间未保存，已被删除：请重新上传这个文件后再保存" in refused.text
    assert svc.call("GET", "/api/v1/submissions", "alice").json() == []
