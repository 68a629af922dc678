"""The fill-in form generated from each kind's JSON Schema gives back the record it shows."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.schema_form import form_for, record_from_form, with_row_change

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples" / "records").glob("*/*.json"))


def _drop_empty(value):
    """An empty text or list box is not sent: the form leaves it out (compare without them)."""
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in ("", [], {})
                and _drop_empty(v) not in ({}, [])}
    return value


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_sample_survives_the_generated_form(path):
    record = json.loads(path.read_text("utf-8"))
    assert _drop_empty(record_from_form(record["kind"], _posted(form_for(record["kind"], record)))) \
        == _drop_empty(record)


def _posted(root) -> dict:
    """What the browser posts for the form: each control's value, and each row's marker."""
    sent = {}
    for n in root.walk():
        if n.widget == "rows":
            sent.update({f"{row.pointer}/_row": "1" for row in n.children})
        elif n.widget == "const":
            sent[n.pointer] = str(n.options[0])
        elif n.widget not in ("object", "server"):
            sent[n.pointer] = "" if n.value is None else str(n.value)
    return sent


def test_the_form_uses_the_labels_of_the_official_form():
    record = json.loads(SAMPLES[0].read_text("utf-8"))
    fields = {n.pointer: n for n in form_for("achievement-registration", record).walk()}
    assert (fields["/achievement"].title, fields["/achievement/name"].title) == ("成果信息", "成果名称")
    assert fields["/achievement/classification"].options == ("公开", "内部", "秘密", "机密", "绝密")
    assert fields["/achievement/keywords"].widget == "lines"
    # completers are rows of fields, not JSON: 002 附件 登记表 "成果完成人" 姓名、性别、出生年月…
    assert fields["/completers"].widget == "rows"
    assert [r.title for r in fields["/completers"].children] == ["完成人 1", "完成人 2", "完成人 3"]
    assert fields["/completers/1/name"].value == "李雪梅"
    assert fields["/completers/1/gender"].options == ("男", "女")
    assert fields["/completers/1/birth_month"].widget == "month"
    assert fields["/evaluation/date"].widget == "date"


def test_server_owned_fields_are_shown_and_never_read_back():
    record = {"kind": "achievement-registration", "registration": {"number": "1402025Y0001"}}
    owned = ("/registration/number",)
    fields = {n.pointer: n for n in form_for("achievement-registration", record, server_owned=owned).walk()}
    assert (fields["/registration/number"].widget, fields["/registration/number"].value) == ("server", "1402025Y0001")
    # a crafted post does not set it either
    posted = record_from_form("achievement-registration", {"/registration/number": "999",
                                                           "/registration/issued_on": "2025-09-26"}, owned)
    assert posted["registration"] == {"issued_on": "2025-09-26"}


def test_a_finding_sits_on_its_control_or_the_nearest_around_it():
    findings = [{"path": "/completers/0/name", "code": "S001"}, {"path": "/completers/5/name", "code": "X"},
                {"path": "", "code": "Y"}]
    fields = {n.pointer: n for n in form_for("achievement-registration", {"completers": [{}]}, findings).walk()}
    assert [f["code"] for f in fields["/completers/0/name"].findings] == ["S001"]
    assert [f["code"] for f in fields["/completers"].findings] == ["X"]
    assert [f["code"] for f in fields[""].findings] == ["Y"]


def test_rows_are_added_and_removed_keeping_every_value():
    form = {"/completers/0/name": "甲", "/completers/1/name": "乙", "/completers/2/name": "丙",
            "/achievement/name": "成果", "_remove": "/completers/1"}
    record, anchor = with_row_change(record_from_form("achievement-registration", form), form)
    assert [c.get("name") for c in record["completers"]] == ["甲", "丙"] and anchor == "f/completers"
    assert record["achievement"]["name"] == "成果"
    record, anchor = with_row_change(record, {"_add": "/completers"})
    assert record["completers"][-1] == {} and anchor == "f/completers/2"
    record, anchor = with_row_change(record, {"_add": "/other_completing_units"})
    assert record["other_completing_units"] == [{}]


def test_what_cannot_be_read_is_left_for_the_schema_to_report():
    record = record_from_form("achievement-registration", {
        "/intellectual_property/patents_applied": "三项", "/kind": "achievement-registration",
        "/schema_version": "1"})
    assert record["intellectual_property"]["patents_applied"] == "三项"   # → S002 应为整数
    assert record["kind"] == "achievement-registration" and record["schema_version"] == 1


def test_the_pre_check_page_checks_the_pdfs_with_the_record(tmp_path):
    """A submitter uploads the record and its printed form: the PDF is recognised as the
    registration form and its QR code matches the record (no browser needed for this)."""
    from pg import WEB_ORIGIN, make_service, sample, web_sign_in
    svc = make_service(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path / "data")
    svc.build_world()
    record = sample("achievement-registration/ar-2025-applied-shanxi")
    printed = svc.call("POST", "/api/v1/render/registration_form", "admin", json=record,
                       params={"format": "pdf"}).content
    token = web_sign_in(svc.client, svc.keys["alice"])
    r = svc.client.post("/web/precheck", data={"today": "2026-01-10", "csrf_token": token},
                        headers={"Origin": WEB_ORIGIN}, files=[
        ("record_file", ("record.json", json.dumps(record, ensure_ascii=False).encode(), "application/json")),
        ("pdfs", ("科技成果登记表.pdf", printed, "application/pdf"))])
    assert r.status_code == 200
    assert "PDF：科技成果登记表.pdf" in r.text
    assert "科技成果登记表（第 1–" in r.text    # recognised, with its pages
    svc.app.state.db.dispose()


def test_a_submitters_pages_are_not_shown_to_another_submitter(tmp_path):
    from pg import make_service, sample, web_sign_in
    svc = make_service(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path / "data")
    svc.build_world()
    sid = svc.call("POST", "/api/v1/submissions", "alice",
                   json=sample("achievement-registration/ar-2025-applied-shanxi")).json()["id"]
    web_sign_in(svc.client, svc.keys["alice"])
    assert "煤矸石" in svc.client.get(f"/web/submissions/{sid}").text
    svc.client.cookies.clear()
    web_sign_in(svc.client, svc.keys["bob"])
    page = svc.client.get(f"/web/submissions/{sid}")
    assert page.status_code == 404 and "不存在或无权查看" in page.text and "煤矸石" not in page.text
    assert svc.client.get(f"/web/desk/{sid}").status_code == 403
    svc.client.cookies.clear()
    assert svc.client.get(f"/web/submissions/{sid}", follow_redirects=False).status_code == 303
    svc.app.state.db.dispose()
