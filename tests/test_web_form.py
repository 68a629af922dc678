"""The fill-in form generated from each kind's JSON Schema gives back the record it shows."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.schema_form import fields_for, record_from_form
from service.web import _prefill

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
    shown = {f.pointer: "" if f.value is None else str(f.value)
             for f in _prefill(fields_for(record["kind"]), record)}
    assert _drop_empty(record_from_form(record["kind"], shown)) == _drop_empty(record)


def test_the_form_uses_the_labels_of_the_official_form():
    fields = {f.pointer: f for f in fields_for("achievement-registration")}
    assert fields["/achievement/name"].label == "成果信息 › 成果名称"
    assert fields["/achievement/classification"].options == ("公开", "内部", "秘密", "机密", "绝密")
    assert fields["/achievement/keywords"].widget == "lines"
    assert fields["/completers"].widget == "json"
    assert fields["/evaluation/date"].widget == "date"


def test_what_cannot_be_read_is_left_for_the_schema_to_report():
    record = record_from_form("achievement-registration", {
        "/intellectual_property/patents_applied": "三项", "/completers": "[not json"})
    assert record["intellectual_property"]["patents_applied"] == "三项"   # → S002 应为整数
    assert record["completers"] == "[not json"
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
