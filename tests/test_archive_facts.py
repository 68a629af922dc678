"""Issue #12, items 3 and 4, on SQLite and PostgreSQL: the facts the archive or the system sets
(成果登记号, 批准登记日期/单位, the paper receipt, decisions and approval states) belong to the
server, and the 档案台's checklist tells an uploaded attachment from one only named in the record."""
from __future__ import annotations

import copy
import hashlib
import json

from pg import APPLIED, WEB_ORIGIN, finished_check, is_problem, sample, web_sign_in


def submit(service, who, record, files=()) -> int:
    r = (service.call("POST", "/api/v1/submissions", who,
                      data={"record": json.dumps(record, ensure_ascii=False)}, files=list(files))
         if files else service.call("POST", "/api/v1/submissions", who, json=record))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def registered(service) -> tuple[int, dict]:
    """A submission of alice's with its number issued on Fri 2025-09-26; its latest record."""
    sid = submit(service, "alice", sample(APPLIED))
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": "2025-09-26"})
    assert r.status_code == 201, r.text
    return sid, service.call("GET", f"/api/v1/submissions/{sid}", "alice").json()["latest"]["record"]


def put(service, sid, record, who="alice", **params):
    return service.call("PUT", f"/api/v1/submissions/{sid}", who, params=params, json=record)


def sign_in(service, who) -> str:
    """Sign in on the web pages as ``who``; the session's CSRF token, for its forms."""
    service.client.cookies.clear()
    return web_sign_in(service.client, service.keys[who])


def test_a_new_version_with_another_number_and_approving_body_is_refused_naming_them(service):
    sid, latest = registered(service)
    forged = copy.deepcopy(latest)
    forged["registration"]["number"] = "1402025Y9999"
    forged["registration"]["approving_body"] = "科学技术部"
    body = is_problem(put(service, sid, forged), 422)
    assert "成果登记号" in body["detail"] and "批准登记单位" in body["detail"]
    assert {e["pointer"] for e in body["errors"]} == {"/registration/number",
                                                       "/registration/approving_body"}
    assert service.call("GET", f"/api/v1/submissions/{sid}", "alice").json()["current_version"] == 2


def test_a_new_version_that_omits_the_registration_keeps_the_servers_values(service):
    sid, latest = registered(service)
    edited = copy.deepcopy(latest)
    del edited["registration"]
    edited["achievement"]["name"] = "煤矸石基充填材料制备技术"
    r = put(service, sid, edited)
    assert r.status_code == 200, r.text
    assert r.json()["latest"]["record"]["registration"] == latest["registration"]
    assert r.json()["registration_no"] == latest["registration"]["number"]


def test_after_a_receipt_a_later_version_is_not_told_the_paper_is_missing(service):
    sid, latest = registered(service)
    r = service.call("POST", f"/api/v1/submissions/{sid}/receipt", "archivist",
                     json={"received_on": "2025-10-16"})
    assert r.status_code == 201, r.text
    edited = copy.deepcopy(latest)
    edited["achievement"]["name"] = "煤矸石基充填材料制备技术"
    r = put(service, sid, edited, today="2025-11-03")
    assert r.status_code == 200, r.text
    latest = r.json()["latest"]
    assert [f["message"] for f in latest["findings"] if f["code"] == "AR303"] == []
    assert latest["record"]["registration"]["paper_received_on"] == "2025-10-16"


def test_a_change_requests_decisions_cannot_be_rewritten_by_the_submitter(service):
    record = sample("nssf-change-request/cr-2024-extension")
    record["status"], record["approvals"] = "已提交", []
    r = service.call("POST", "/api/v1/submissions", "alice", json=record)
    sid = r.json()["id"]
    r = service.call("POST", f"/api/v1/submissions/{sid}/decisions", "unit_staff",
                     json={"decision": "approve", "on": "2024-10-28"})
    assert r.status_code == 200, r.text
    decided = r.json()["latest"]["record"]
    forged = copy.deepcopy(decided) | {"status": "全国社科工作办审批通过"}
    forged["approvals"] = decided["approvals"] + [
        {"level": "全国社科工作办", "decision": "通过", "date": "2024-10-29"}]
    body = is_problem(service.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=forged), 422)
    assert {e["pointer"] for e in body["errors"]} == {"/status", "/approvals"}
    assert "申请状态" in body["detail"] and "审核审批意见" in body["detail"]
    omitted = {k: v for k, v in decided.items() if k not in ("status", "approvals")}
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=omitted)
    assert r.status_code == 200, r.text
    kept = r.json()["latest"]["record"]
    assert (kept["status"], kept["approvals"]) == (decided["status"], decided["approvals"])


def test_a_desk_scan_of_a_form_printed_from_a_forged_version_does_not_say_it_matches(service):
    sid, latest = registered(service)
    forged = copy.deepcopy(latest)
    forged["registration"]["number"] = "1402025Y9999"
    forged["registration"]["approving_body"] = "科学技术部"
    put(service, sid, forged)     # refused now; stored as a new version before issue #12
    printed = service.call("POST", "/api/v1/render/registration_form", "alice", json=forged,
                           params={"format": "pdf"})
    assert printed.status_code == 200, printed.text[:300]
    token = sign_in(service, "archivist")
    page = finished_check(service.client, service.client.post(
        "/web/desk/scan", data={"csrf_token": token}, headers={"Origin": WEB_ORIGIN},
        files={"scan": ("scan.pdf", printed.content, "application/pdf")}))
    assert "二维码" in page.text, page.text[:500]
    assert "与当前登记记录一致" not in page.text
    assert "1402025Y9999" in page.text and "不一致" in page.text


def test_the_desk_checklist_tells_uploaded_declared_and_missing_apart(service):
    record = sample(APPLIED)
    # 研制报告 neither named nor uploaded; 用户报告 uploaded; the others only named in the record
    record["attachments"] = [a for a in record["attachments"] if a["document_type"] != "研制报告"]
    pdf = b"%PDF-1.4 user report of Shanxi Coking Coal"
    sha = hashlib.sha256(pdf).hexdigest()
    sid = submit(service, "alice", record,
                 files=[("files", ("用户报告-山西焦煤.pdf", pdf, "application/pdf"))])
    sign_in(service, "archivist")
    page = service.client.get(f"/web/desk/{sid}")
    assert page.status_code == 200, page.text[:500]
    rows = {row.split("</td>")[0].split(">")[-1]: row for row in page.text.split("<tr")[1:]}
    assert "已上传" in rows["用户报告"] and sha in rows["用户报告"]
    assert f"/web/submissions/{sid}/attachments/{sha}" in rows["用户报告"]
    assert "已声明未上传" in rows["《科技成果登记表》"] and "已上传" not in rows["《科技成果登记表》"]
    assert "缺少" in rows["研制报告"]


def test_the_desk_opens_an_uploaded_attachment_scoped_like_the_submission(service):
    pdf = b"%PDF-1.4 user report of Shanxi Coking Coal"
    sha = hashlib.sha256(pdf).hexdigest()
    sid = submit(service, "alice", sample(APPLIED),
                 files=[("files", ("用户报告-山西焦煤.pdf", pdf, "application/pdf"))])
    url = f"/web/submissions/{sid}/attachments/{sha}"
    for who in ("archivist", "alice"):
        sign_in(service, who)
        got = service.client.get(url)
        assert got.status_code == 200, (who, got.status_code)
        assert got.content == pdf
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"].startswith("attachment;")
    for who in ("bob", "sichuan"):
        sign_in(service, who)
        assert service.client.get(url).status_code in (403, 404), who
    sign_in(service, "archivist")
    assert service.client.get(f"/web/submissions/{sid}/attachments/{'0' * 64}").status_code == 404
