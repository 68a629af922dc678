"""Issue #14 item 6: the pre-check (``paperwork validate``, ``POST /api/v1/validate``, the web
预检) says which values will continue on an 附页 (S905, a notice), computed from the same
capacity tables as the form, so that the pre-check and the rendered form agree."""
from __future__ import annotations

import copy
import json
import re

import pytest
from capacity_records import FORMS_WITH_CAPACITY, filled_record, sample_paths
from pg import WEB_ORIGIN, web_sign_in
from test_docx_in_libreoffice import stress_record
from typer.testing import CliRunner

from generator.forms import FORMS
from generator.render import render
from service.cli import app

REASON = "课题组赴地方档案馆补充查阅民国时期哲学期刊资料，因馆藏数字化改造闭馆八个月。" * 8   # 304 字


def long_reason_record() -> dict:
    path = next(p for p in sample_paths("change_approval") if p.stem == "cr-2024-extension")
    record = json.loads(path.read_text("utf-8"))
    record["change_items"][0]["reason"] = REASON
    return record


def s905(findings) -> list[dict]:
    return [f for f in findings if f["code"] == "S905"]


def check_the_reason_notice(found: list[dict]):
    [f] = found
    assert f["severity"] == "info"
    # the sheet's 变更理由 box holds 200 characters: the cut falls after the 。 at 190, and
    # 304 − 190 = 114 characters continue (counted by hand on REASON: 38 characters a sentence)
    assert "「变更理由」" in f["message"] and "114 字" in f["message"], f["message"]
    assert "重要事项变更审批表" in f["message"] and "附页 1" in f["message"]
    assert "缩短" in f["hint"]


def test_paperwork_validate_says_what_continues_on_an_attachment(tmp_path):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(long_reason_record(), ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "--today", "2026-01-10",
                                      "--format", "json"])
    body = json.loads(result.output)
    check_the_reason_notice(s905(body["findings"]))
    assert body["valid"] is True      # a notice: the form is printed with its 附页


def test_post_validate_says_what_continues_on_an_attachment(service):
    body = service.call("POST", "/api/v1/validate", "portal", json=long_reason_record(),
                        params={"today": "2026-01-10"}).json()
    check_the_reason_notice(s905(body["findings"]))


def test_the_web_precheck_says_what_continues_on_an_attachment(service):
    token = web_sign_in(service.client, service.keys["alice"])
    page = service.client.post(
        "/web/precheck", data={"today": "2026-01-10", "csrf_token": token},
        headers={"Origin": WEB_ORIGIN},
        files=[("record_file", ("record.json", json.dumps(long_reason_record(),
                                                          ensure_ascii=False).encode(),
                                "application/json"))])
    assert page.status_code == 200
    assert re.search(r"「变更理由」[^<]*114 字", page.text), page.text[:2000]


def cases():
    for name in FORMS_WITH_CAPACITY:
        for path in sample_paths(name):
            yield name, path.stem, json.loads(path.read_text("utf-8"))
        yield name, "stress", stress_record(name)
        yield name, "ten-times", filled_record(name, 10)


CASES = list(cases())


@pytest.mark.parametrize("name,stem,record", CASES, ids=[f"{n}-{s}" for n, s, _ in CASES])
def test_the_precheck_and_the_rendered_form_agree(name, stem, record, tmp_path):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "--today", "2026-01-10",
                                      "--format", "json"])
    notices = s905(json.loads(result.output)["findings"])
    # the DOCX is built from the same context as the PDF and is quicker to make
    rendered = render(name, copy.deepcopy(record), "docx", draft=True)
    title = FORMS[name].title
    assert sorted(f["evidence"] for f in notices) == sorted(f"{title}：{o}" for o in rendered.overflow)
