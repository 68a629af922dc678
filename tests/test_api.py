"""The HTTP API on SQLite and PostgreSQL: catalogue, validation with the store as context,
errors as problem+json, keys and roles, submissions and what a submitter may see."""
from __future__ import annotations

import json

from pg import APPLIED, SAMPLES, is_problem, make_service, sample
from sqlalchemy import func, select

from service.store.models import Blob


def test_catalogue_endpoints_list_kinds_schemas_and_rules(service):
    kinds = service.call("GET", "/api/v1/kinds").json()
    assert {"name": "achievement-registration", "title": "科技成果登记"}.items() <= kinds[1].items()
    schema = service.call("GET", "/api/v1/schemas/nssf-publication").json()
    assert schema["$id"].endswith("nssf-publication.schema.json")
    rules = service.call("GET", "/api/v1/rules", params={"kind": "achievement-registration"}).json()
    assert "AR103" in {r["code"] for r in rules}
    body = is_problem(service.call("GET", "/api/v1/schemas/no-such-kind"), 404)
    assert "未知的记录类型" in body["detail"]


def test_a_valid_record_passes_and_a_classified_one_gets_a_finding(service):
    ok = service.call("POST", "/api/v1/validate", "portal", json=sample(APPLIED),
                      params={"today": "2026-01-10", "round": "shanxi-2025"}).json()
    assert ok["valid"] is True and ok["summary"]["errors"] == 0
    bad = service.call("POST", "/api/v1/validate", "portal",
                       json=sample("achievement-registration/invalid/AR101")).json()
    assert bad["valid"] is False
    assert "AR101" in {f["code"] for f in bad["findings"]}   # 涉密成果不在登记范围内


def test_a_batch_answers_each_record_even_when_one_is_unusable(service):
    batch = [sample(APPLIED), {"kind": "no-such-kind"}, "not a record"]
    r = service.call("POST", "/api/v1/validate", "portal", json={"records": batch})
    body = r.json()
    assert r.status_code == 200 and body["count"] == 3 and body["valid"] == 1
    assert body["results"][1]["error"]["reason"] == "unknown-kind"
    assert body["results"][2]["error"]["message"].startswith("记录应为 JSON 对象")


def test_a_batch_over_the_limit_is_refused(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path, max_batch=2)
    r = svc.call("POST", "/api/v1/validate", "admin", json=[sample(APPLIED)] * 3)
    assert "一次最多校验 2 条记录" in is_problem(r, 413)["detail"]
    svc.app.state.db.dispose()


def test_the_duplicate_registration_rule_compares_with_stored_submissions(service):
    other = json.loads((SAMPLES / "achievement-registration/invalid/AR103.against/other-1.json")
                       .read_text("utf-8"))
    assert service.call("POST", "/api/v1/submissions", "bob", json=other).status_code == 201
    r = service.call("POST", "/api/v1/validate", "portal",
                     json=sample("achievement-registration/invalid/AR103")).json()
    assert "AR103" in {f["code"] for f in r["findings"]}   # 同一成果不得重复登记 (002 一.4)


def test_client_mistakes_are_problems_never_500(service):
    body = is_problem(service.call("POST", "/api/v1/validate", "portal", content=b'{"kind": '), 400)
    assert body["detail"].startswith("JSON 格式错误")
    is_problem(service.call("POST", "/api/v1/validate", "portal", content=b"\xff\xfe\x00garbage"), 400)
    is_problem(service.call("POST", "/api/v1/validate", "portal", json={"schema_version": 1}), 422)
    is_problem(service.call("POST", "/api/v1/validate", "portal", json=sample(APPLIED),
                            params={"today": "10/01/2026"}), 422)
    body = is_problem(service.call("POST", "/api/v1/validate", "portal", json=sample(APPLIED),
                                   params={"round": "atlantis-2025"}), 422)
    assert "未知的登记轮次" in body["detail"]
    is_problem(service.call("GET", "/api/v1/submissions/not-a-number", "alice"), 422)
    is_problem(service.call("GET", "/api/v1/nowhere"), 404)
    is_problem(service.call("PATCH", "/api/v1/kinds"), 405)
    body = is_problem(service.call("POST", "/api/v1/validate", "portal",
                                   content=b'{"kind": "nssf-publication", "x": NaN}'), 400)
    assert "NaN" in body["detail"]
    for path in ("/api/v1/validate", "/api/v1/render/registration_summary?format=xlsx"):
        for content in (b'{"kind": "nssf-publication", "book": {"title": "\\ud800\\u4e66"}}',
                        b'[{"kind": "nssf-publication", "book": {"title": "\\udc00"}}]'):
            body = is_problem(service.call("POST", path, "portal", content=content), 400)
            assert "无效的字符" in body["detail"] and "/book/title" in body["detail"], body
    # a kind that is a list or an object (unhashable: it was a 500 everywhere a kind is looked up)
    for path, who in (("/api/v1/validate", "portal"), ("/api/v1/submissions", "alice"),
                      ("/api/v1/score", "portal"), ("/api/v1/render/registration_form", "portal")):
        for content in (b'{"kind": ["x"]}', b'{"kind": {"a": 1}}'):
            body = is_problem(service.call("POST", path, who, content=content), 422)
            assert body["detail"].startswith("未知的记录类型"), (path, body)    # as any unknown kind
    # a draft whose fields have the wrong type cannot be laid out: refused with the findings
    wrong = sample(APPLIED) | {"achievement": "文本"}
    body = is_problem(service.call("POST", "/api/v1/render/registration_form", "portal",
                                   json=wrong, params={"draft": "true"}), 422)
    assert body["title"] == "记录结构有误，未生成草稿"
    assert "/achievement" in [f["path"] for f in body["findings"]]
    # a summary's list holding something that is not a record, or nothing at all
    for content, detail in ((b'[{"kind": "nssf-publication"}, true]', "第 2 条记录应为 JSON 对象"),
                            (b'{"records": [null]}', "第 1 条记录应为 JSON 对象"),
                            (b"[]", "没有记录")):
        body = is_problem(service.call("POST", "/api/v1/render/publication_mailing?format=pdf",
                                       "portal", content=content), 422)
        assert body["detail"].startswith(detail), body
    is_problem(service.call("POST", "/api/v1/submissions", "alice",
                            content=b'{"kind": "nssf-publication", "n": ' + b"9" * 5000 + b"}"), 400)
    deep = b"[" * 5000 + b"]" * 5000
    assert service.call("POST", "/api/v1/validate", "portal", content=deep).status_code in (400, 422)


def test_a_body_over_the_size_limit_is_refused_with_413(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path, max_request_bytes=1000)
    r = svc.call("POST", "/api/v1/validate", "admin", content=b" " * 5000)
    assert "请求内容超过上限" in is_problem(r, 413)["detail"]

    def chunks():   # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b" " * 500
    r = svc.call("POST", "/api/v1/validate", "admin", content=chunks())
    is_problem(r, 413)
    svc.app.state.db.dispose()


def test_keys_and_roles(service):
    body = is_problem(service.call("POST", "/api/v1/validate", json=sample(APPLIED)), 401)
    assert "Authorization: Bearer" in body["detail"]
    is_problem(service.call("POST", "/api/v1/validate", json=sample(APPLIED),
                            headers={"Authorization": "Bearer pw_wrong"}), 401)
    body = is_problem(service.call("GET", "/api/v1/submissions", "portal"), 403)
    assert "填报人" in body["detail"]
    is_problem(service.call("POST", "/api/v1/keys", "alice", json={"role": "admin", "name": "x"}), 403)
    keys = service.call("GET", "/api/v1/keys", "admin").json()
    assert all(k["prefix"] and "key" not in k for k in keys)
    alice_id = next(k["id"] for k in keys if k["name"] == "alice")
    service.call("DELETE", f"/api/v1/keys/{alice_id}", "admin")
    is_problem(service.call("GET", "/api/v1/submissions", "alice"), 401)


def test_a_body_must_sit_one_level_below_its_parent(service):
    r = service.call("POST", "/api/v1/bodies", "admin",
                     json={"name": "某市科技局", "level": 3, "parent_id": service.bodies["科学技术部"]})
    assert "上级应为 2 级" in is_problem(r, 422)["detail"]


def test_a_submitter_never_sees_another_submitters_data(service):
    files = [("files", ("验收报告.pdf", b"%PDF-1.4 alice's report", "application/pdf"))]
    r = service.call("POST", "/api/v1/submissions", "alice",
                     data={"record": json.dumps(sample(APPLIED), ensure_ascii=False)}, files=files)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    sha = r.json()["latest"]["attachments"][0]["sha256"]
    assert service.call("GET", f"/api/v1/submissions/{sid}", "alice").status_code == 200
    assert service.call("GET", "/api/v1/submissions", "bob").json() == []
    for method, url in (("GET", f"/api/v1/submissions/{sid}"),
                        ("GET", f"/api/v1/submissions/{sid}/versions"),
                        ("GET", f"/api/v1/submissions/{sid}/versions/1"),
                        ("GET", f"/api/v1/submissions/{sid}/attachments/{sha}"),
                        ("GET", f"/api/v1/submissions/{sid}/package"),
                        ("DELETE", f"/api/v1/submissions/{sid}")):
        body = is_problem(service.call(method, url, "bob"), 404)
        assert "不存在或无权查看" in body["detail"]
        assert "煤矸石" not in json.dumps(body, ensure_ascii=False)
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "bob", json=sample(APPLIED))
    is_problem(r, 404)
    # an archivist of another province does not see it either; the province's archivist does
    assert service.call("GET", "/api/v1/submissions", "sichuan").json() == []
    assert [x["id"] for x in service.call("GET", "/api/v1/submissions", "archivist").json()] == [sid]
    # bob's CIP look-up finds only bob's own books
    assert service.call("GET", "/api/v1/reports/registrations", "bob").status_code == 403


def test_every_change_is_a_new_version_and_attachments_are_stored_once(service):
    pdf = b"%PDF-1.4 the same acceptance report"
    r = service.call("POST", "/api/v1/submissions", "alice",
                     data={"record": json.dumps(sample(APPLIED), ensure_ascii=False)},
                     files=[("files", ("验收报告.pdf", pdf, "application/pdf"))])
    sid = r.json()["id"]
    changed = sample(APPLIED)
    changed["achievement"]["name"] = "煤矸石基充填材料制备技术"
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "alice", params={"note": "修改成果名称"},
                     data={"record": json.dumps(changed, ensure_ascii=False)},
                     files=[("files", ("验收报告-副本.pdf", pdf, "application/pdf"))])
    assert r.status_code == 200, r.text
    detail = r.json()
    assert detail["current_version"] == 2 and detail["title"] == "煤矸石基充填材料制备技术"
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    v1 = service.call("GET", f"/api/v1/submissions/{sid}/versions/1", "alice").json()
    assert v1["record"]["achievement"]["name"] == "煤矸石基高性能充填材料制备关键技术及应用"
    names = [a["file_name"] for a in detail["latest"]["attachments"]]
    assert names == ["验收报告.pdf", "验收报告-副本.pdf"]   # carried over + new
    # same bytes, kept once: one row of blobs, and on SQLite one file (PostgreSQL keeps the
    # bytes in that row, so every server process reads them)
    with service.app.state.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Blob)) == 1
    files = [p for p in (service.app.state.settings.files_path).rglob("*") if p.is_file()]
    assert len(files) == (1 if service.app.state.db.is_sqlite else 0)
    sha = detail["latest"]["attachments"][0]["sha256"]
    got = service.call("GET", f"/api/v1/submissions/{sid}/attachments/{sha}", "alice")
    assert got.content == pdf
    # RFC 6266: the Chinese name travels as filename* (UTF-8, percent-encoded 验收报告…)
    assert "filename*=UTF-8''%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A" in got.headers["content-disposition"]
    body = is_problem(service.call("DELETE", f"/api/v1/submissions/{sid}", "alice"), 405)
    assert "不能删除" in body["detail"]


def test_a_submission_of_another_kind_cannot_become_a_new_version(service):
    sid = service.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "alice",
                     json=sample("nssf-publication/np-2022-monograph"))
    assert "不一致" in is_problem(r, 422)["detail"]


def test_every_setting_is_documented_in_docs_api_md():
    from service.settings import SETTINGS
    text = (SAMPLES.parent.parent / "docs" / "api.md").read_text("utf-8")
    assert [s.env for s in SETTINGS if f"`{s.env}`" not in text] == []
