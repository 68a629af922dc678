"""The stateful API on SQLite and PostgreSQL: 成果登记号, paper receipts, the change-request
chain, reports, look-up locks, rate limits, archive packages; and the stateless render,
check-pdf and OpenAPI pages."""
from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from urllib.parse import quote

import pypdfium2
import pytest
import zxingcpp
from openpyxl import load_workbook
from pg import APPLIED, is_problem, make_service, sample

from validators.fingerprint import fingerprint, parse_payload


def submit(service, who, record, **params) -> int:
    r = service.call("POST", "/api/v1/submissions", who, json=record, params=params)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def issue(service, sid, on="2025-09-26", who="archivist"):
    return service.call("POST", f"/api/v1/submissions/{sid}/registration", who,
                        json={"issued_on": on})


def test_numbers_are_issued_per_body_and_round_and_written_into_the_record(service):
    a = submit(service, "alice", sample(APPLIED), round="shanxi-2025")
    b = submit(service, "alice", sample("achievement-registration/ar-2025-softscience"),
               round="shanxi-2025")
    r = issue(service, a, "2026-01-28")
    assert r.status_code == 201, r.text
    # 140 山西省科学技术厅 + 2025 (the round's year) + Y 应用技术 + serial 0001
    assert r.json()["registration_no"] == "1402025Y0001"
    assert issue(service, b, "2026-01-28").json()["registration_no"] == "1402025R0002"
    detail = service.call("GET", f"/api/v1/submissions/{a}", "alice").json()
    assert detail["status_label"] == "已登记（已发放成果登记号）"
    assert detail["latest"]["record"]["registration"]["number"] == "1402025Y0001"
    assert detail["current_version"] == 2
    assert "不得重复登记" in is_problem(issue(service, a), 409)["detail"]
    assert issue(service, a, who="alice").status_code == 403
    found = service.call("GET", "/api/v1/submissions", "archivist",
                         params={"registration_no": "1402025R0002"}).json()
    assert [x["id"] for x in found] == [b]


def test_paper_receipt_deadline_lateness_and_the_late_report(service):
    on_time = submit(service, "alice", sample(APPLIED))
    # the soft-science sample was evaluated on 2025-11-03; a number issued on 2025-09-26 needs
    # an achievement finished and evaluated by then (the issue date may not precede them)
    soft = sample("achievement-registration/ar-2025-softscience")
    soft["evaluation"]["date"] = soft["achievement"]["produced_on"] = "2025-09-01"
    late = submit(service, "alice", soft)
    missing = submit(service, "bob", sample(APPLIED) | {"id": "AR-2025-SX-0077"})
    for sid in (on_time, late, missing):
        assert issue(service, sid, "2025-09-26").status_code == 201
    # issued Fri 2025-09-26: the 10th working day is 2025-10-16 (09-28 and 10-11 are 调休
    # working Sundays/Saturdays; 10-01…10-08 is the National Day holiday)
    r = service.call("POST", f"/api/v1/submissions/{on_time}/receipt", "archivist",
                     json={"received_on": "2025-10-16",
                           "materials": [{"material": "科技成果登记表", "present": True}]})
    assert r.status_code == 201, r.text
    assert (r.json()["due_on"], r.json()["late"], r.json()["late_label"]) == ("2025-10-16", False, "按期")
    r = service.call("POST", f"/api/v1/submissions/{late}/receipt", "archivist",
                     json={"received_on": "2025-10-20"})
    # 10-17 is the 11th working day, 10-20 (Mon) the 12th
    assert (r.json()["late"], r.json()["working_days_taken"]) == (True, 12)
    is_problem(service.call("POST", f"/api/v1/submissions/{late}/receipt", "archivist",
                            json={"received_on": "2025-10-21"}), 409)
    assert service.call("POST", f"/api/v1/submissions/{late}/receipt", "alice",
                        json={"received_on": "2025-10-21"}).status_code == 403
    report = service.call("GET", "/api/v1/reports/late-paper", "archivist",
                          params={"today": "2025-11-03"}).json()
    states = {row["registration_no"]: row["state"] for row in report["rows"]}
    assert set(states.values()) == {"逾期送达", "逾期未送达"} and len(states) == 2
    xlsx = service.call("GET", "/api/v1/reports/late-paper", "archivist",
                        params={"today": "2025-11-03", "format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in ws[2]][:2] == ["成果登记号", "成果名称"]
    assert ws.max_row == 4   # title, header, two late rows


def extension_request() -> dict:
    record = sample("nssf-change-request/cr-2024-extension")
    record["status"], record["approvals"] = "已提交", []
    return record


def test_a_change_request_goes_unit_province_national_and_ends_approved(service):
    sid = submit(service, "alice", extension_request())
    steps = [("unit_staff", "待省级社科管理部门审核"), ("province_staff", "待全国社科工作办审批"),
             ("national_staff", "已生效")]
    wrong = is_problem(service.call("POST", f"/api/v1/submissions/{sid}/decisions", "national_staff",
                                    json={"decision": "approve"}), 403)
    assert "此步骤由责任单位审核" in wrong["detail"]
    for who, label in steps:
        r = service.call("POST", f"/api/v1/submissions/{sid}/decisions", who,
                         json={"decision": "approve", "comment": "同意", "on": "2024-10-28"})
        assert r.status_code == 200, r.text
        assert r.json()["status_label"] == label
    latest = r.json()["latest"]
    assert latest["record"]["status"] == "全国社科工作办审批通过"
    assert [a["level"] for a in latest["record"]["approvals"]] == ["责任单位", "省级社科管理部门",
                                                                   "全国社科工作办"]
    assert "CR410" not in {f["code"] for f in latest["findings"]}   # status agrees with approvals


def test_a_member_change_takes_effect_when_the_unit_approves(service):
    record = sample("nssf-change-request/cr-2023-member-change")
    record["status"], record["approvals"] = "已提交", []
    sid = submit(service, "alice", record)
    r = service.call("POST", f"/api/v1/submissions/{sid}/decisions", "unit_staff",
                     json={"decision": "approve"})
    assert r.json()["status_label"] == "已生效"   # 001 四.5: 变更课题组成员 takes effect at the unit


def test_a_second_open_change_of_the_same_type_is_flagged_from_the_store(service):
    submit(service, "alice", extension_request())
    second = extension_request() | {"request_id": "CR-SECOND"}
    r = service.call("POST", "/api/v1/validate", "portal", json=second).json()
    codes = {f["code"] for f in r["findings"]}
    assert any(f["code"].startswith("CR") and "未办结" in f["message"] for f in r["findings"]), codes


def test_publication_statistics_by_province_and_unit(service):
    submit(service, "alice", sample("nssf-publication/np-2022-monograph"))
    submit(service, "alice", sample("nssf-publication/np-2024-new-cip"))
    submit(service, "bob", sample("nssf-publication/np-2023-compilation-series"))
    month = service.call("GET", "/api/v1/reports/publications", "admin",
                         params={"month": "2022-04"}).json()
    # np-2022-monograph: registered 2022-04-12, mailed 2022-04-28, 3 copies
    assert month["by_province"] == [{"month": "2022-04", "province": "山西省", "registered": 1,
                                     "mailed": 1, "copies_mailed": 3}]
    everything = service.call("GET", "/api/v1/reports/publications", "admin").json()
    assert {(r["province"], r["unit"]) for r in everything["by_unit"]} == {
        ("山西省", "山西大学"), ("山西省", "山西师范大学"), ("四川省", "四川大学")}
    # 四川's archivist is outside 山西: it sees none of these submissions
    assert service.call("GET", "/api/v1/reports/publications", "sichuan").json()["by_unit"] == []
    xlsx = service.call("GET", "/api/v1/reports/publications", "admin", params={"format": "xlsx"})
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["按省", "按单位"]
    assert quote("成果出版物统计月报") in xlsx.headers["content-disposition"]


def test_registrations_per_body_and_round(service):
    a = submit(service, "alice", sample(APPLIED), round="shanxi-2025")
    submit(service, "alice", sample("achievement-registration/ar-2025-softscience"), round="shanxi-2025")
    issue(service, a)
    rows = service.call("GET", "/api/v1/reports/registrations", "archivist").json()["rows"]
    assert rows == [{"registering_body": "山西省教育厅", "round": "shanxi-2025", "total": 2,
                     "numbers_issued": 1, "paper_received": 0,
                     "by_status": {"已提交": 1, "已登记（已发放成果登记号）": 1},
                     "statuses": "已提交 1；已登记（已发放成果登记号） 1"}]


def test_repeated_invalid_cip_lookups_lock_the_key(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path, lookup_failures_before_lock=3, lock_minutes=30)
    svc.build_world()
    # issue #12: a key looks up its own books (a portal key none), so the owner looks up here
    submit(svc, "alice", sample("nssf-publication/np-2022-monograph"))
    found = svc.call("GET", "/api/v1/lookup/cip/2021256731", "alice").json()
    assert found["book"]["isbn"] == "978-7-5201-6474-0"
    assert svc.call("GET", "/api/v1/lookup/isbn/9787520164740", "alice").status_code == 200
    first = is_problem(svc.call("GET", "/api/v1/lookup/cip/2021999999", "alice"), 404)
    assert first["attempts_left"] == 2
    is_problem(svc.call("GET", "/api/v1/lookup/cip/12345", "alice"), 404)
    locked = is_problem(svc.call("GET", "/api/v1/lookup/isbn/9787520164741", "alice"), 423)
    assert "锁定" in locked["detail"]
    after = svc.call("POST", "/api/v1/validate", "alice", json=sample(APPLIED))
    assert is_problem(after, 423) and int(after.headers["retry-after"]) > 0
    assert svc.call("GET", "/api/v1/lookup/cip/2021256731", "unit_staff").status_code == 200
    svc.app.state.db.dispose()


def test_each_key_is_rate_limited(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path, rate_limit_per_minute=5)
    svc.keys["portal"] = svc.keys["admin"]
    for _ in range(5):
        assert svc.call("GET", "/api/v1/keys", "admin").status_code == 200
    r = svc.call("GET", "/api/v1/keys", "admin")
    assert "每分钟最多 5 次" in is_problem(r, 429)["detail"] and r.headers["retry-after"]
    svc.app.state.db.dispose()


def test_an_archive_package_verifies_and_a_changed_file_is_caught(service):
    r = service.call("POST", "/api/v1/submissions", "alice",
                     data={"record": json.dumps(sample(APPLIED), ensure_ascii=False)},
                     files=[("files", ("用户报告.pdf", b"%PDF-1.4 user report", "application/pdf"))])
    sid = r.json()["id"]
    package = service.call("GET", f"/api/v1/submissions/{sid}/package", "alice")
    assert package.headers["content-type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(package.content))
    assert {"record.json", "manifest.json", "attachments/用户报告.pdf"} <= set(z.namelist())
    # the registration form as printed: final (no 草稿), its QR code the record's fingerprint
    form = z.read("forms/科技成果登记表-AR-2025-SX-0031.pdf")
    page = pypdfium2.PdfDocument(form)[0]
    assert "草稿" not in page.get_textpage().get_text_range()
    code = zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    assert parse_payload(code[0].text)["sha256"] == fingerprint(sample(APPLIED))
    ok = service.call("POST", "/api/v1/packages/verify", "alice", content=package.content).json()
    assert ok["ok"] is True
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            out.writestr(name, b"%PDF-1.4 forged" if name.startswith("attachments/") else data)
    bad = service.call("POST", "/api/v1/packages/verify", "alice", content=tampered.getvalue()).json()
    assert bad["ok"] is False
    assert [f["problem"] for f in bad["files"] if not f["ok"]] == ["SHA-256 不一致，文件已被改动"]
    # import: a verified package becomes a new submission with the same record and files
    is_problem(service.call("POST", "/api/v1/packages/import", "bob", content=tampered.getvalue()), 422)
    imported = service.call("POST", "/api/v1/packages/import", "bob", content=package.content)
    assert imported.status_code == 201, imported.text
    assert imported.json()["latest"]["record"] == sample(APPLIED)
    assert [a["file_name"] for a in imported.json()["latest"]["attachments"]] == ["用户报告.pdf"]


# --- stateless endpoints: one backend is enough ---------------------------------------------

@pytest.fixture(scope="module")
def stateless(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stateless")
    svc = make_service(f"sqlite:///{tmp / 'db.sqlite'}", tmp / "data")
    yield svc
    svc.app.state.db.dispose()


def test_render_streams_the_form_with_its_chinese_file_name(stateless):
    r = stateless.call("POST", "/api/v1/render/registration_form", "admin", json=sample(APPLIED),
                       params={"format": "pdf"})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert f"filename*=UTF-8''{quote('科技成果登记表')}" in r.headers["content-disposition"]
    refused = stateless.call("POST", "/api/v1/render/registration_form", "admin",
                             json=sample("achievement-registration/invalid/AR101"))
    body = is_problem(refused, 422)
    assert "AR101" in {f["code"] for f in body["findings"]}
    is_problem(stateless.call("POST", "/api/v1/render/no_such_form", "admin", json=sample(APPLIED)), 404)
    is_problem(stateless.call("POST", "/api/v1/render/registration_form", "admin",
                              json=sample(APPLIED), params={"format": "odt"}), 422)


def test_a_summary_of_too_many_records_is_refused_before_rendering(stateless):
    records = [sample(APPLIED) | {"id": f"AR-{i:05d}"} for i in range(2001)]
    body = is_problem(stateless.call("POST", "/api/v1/render/registration_summary", "admin",
                                     json=records, params={"format": "pdf"}), 413)
    assert "2000" in body["detail"] and "2001" in body["detail"] and "XLSX" in body["detail"]


def test_a_journal_sheet_is_scored_s_equals_k_times_a_b_c_plus_d(stateless):
    r = stateless.call("POST", "/api/v1/score", "admin",
                       json=sample("journal-assessment/academic-bayu-renwen"))
    assert r.status_code == 200, r.text[:500]
    t = r.json()["totals"]
    # S = K×(A+B+C)+D, from the scorer's own four parts
    assert round(t["K"] * (t["A"] + t["B"] + t["C"]) + t["D"], 2) == t["S"]
    assert r.json()["grade"] in ("一级", "二级", "三级", "四级")
    body = is_problem(stateless.call("POST", "/api/v1/score", "admin", json=sample(APPLIED)), 422)
    assert "journal-assessment" in body["detail"]


def test_check_pdf_answers_or_says_it_is_not_yet_provided(stateless):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    r = stateless.call("POST", "/api/v1/check-pdf", "admin",
                       files=[("files", ("版权页.pdf", pdf, "application/pdf"))])
    if importlib.util.find_spec("validators.pdf.check") is None:
        assert is_problem(r, 503)["title"] == "尚未提供"
    else:
        assert r.status_code == 200, r.text[:500]
        assert r.json()["files"][0]["file_name"] == "版权页.pdf"


def test_openapi_carries_the_sample_records_as_chinese_examples(stateless):
    spec = stateless.call("GET", "/openapi.json").json()
    examples = spec["paths"]["/api/v1/validate"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert "achievement-registration/ar-2025-applied-shanxi" in examples
    assert examples["achievement-registration/ar-2025-applied-shanxi"]["summary"].startswith("科技成果登记：")
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_an_admin_key_is_generated_and_printed_only_on_first_start(tmp_path):
    from service.app import create_app
    from service.settings import from_env
    settings = from_env({}, data_dir=str(tmp_path))
    printed = []
    app = create_app(settings, announce=printed.append)
    assert len(printed) == 1 and "管理员 API 密钥" in printed[0]
    key = printed[0].rsplit("：", 1)[1]
    from fastapi.testclient import TestClient
    assert TestClient(app).get("/api/v1/keys", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    app.state.db.dispose()
    again = []
    create_app(settings, announce=again.append).state.db.dispose()
    assert again == []
