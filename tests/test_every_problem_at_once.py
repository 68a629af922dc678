"""A blank or incomplete record lists every missing field at once, in the API as in the web
page (issue #13 item 8): submitters want every problem in one go (SPEC "Who uses the service")."""
import pytest
from jsonschema import Draft202012Validator
from pg import WEB_ORIGIN, sample, web_sign_in

from validators.engine import validate
from validators.kinds import KINDS
from validators.schema import error_to_findings, schema_for


def missing_fields(findings) -> set[str]:
    return {f["path"] if isinstance(f, dict) else f.path for f in findings
            if (f["code"] if isinstance(f, dict) else f.code) == "S001"}


def required_top_level(kind: str) -> set[str]:
    return {"/" + name for name in schema_for(kind)["required"] if name != "kind"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_record_with_only_its_kind_lists_every_required_field(kind):
    assert missing_fields(validate({"kind": kind}).findings) == required_top_level(kind)


def three_missing() -> dict:
    record = sample("achievement-registration/ar-2025-applied-shanxi")
    del record["achievement"]["name"], record["achievement"]["type"]
    del record["contact"]["name"]
    del record["evaluation"]["method"]
    return record


THREE = {"/achievement/name", "/achievement/type", "/contact/name", "/evaluation/method"}


def test_fields_missing_in_several_sections_are_all_listed():
    assert THREE <= missing_fields(validate(three_missing()).findings)


def test_the_api_lists_every_missing_field(service):
    blank = service.call("POST", "/api/v1/validate", "portal",
                         json={"kind": "achievement-registration"}).json()
    assert missing_fields(blank["findings"]) == required_top_level("achievement-registration")
    some = service.call("POST", "/api/v1/validate", "portal", json=three_missing()).json()
    assert THREE <= missing_fields(some["findings"])


def test_the_pre_check_page_lists_every_missing_field(service):
    token = web_sign_in(service.client, service.keys["alice"])
    page = service.client.post("/web/precheck", headers={"Origin": WEB_ORIGIN}, data={
        "today": "2026-01-10", "csrf_token": token,
        "record_text": '{"kind": "achievement-registration"}'})
    assert page.status_code == 200
    for title in ("格式版本", "成果信息", "第一完成单位", "成果完成人", "评价情况", "组织管理部门", "联系人"):
        assert f"缺少必填项「{title}」" in page.text, title


def test_a_dependent_field_is_listed_with_the_others():
    schema = {"type": "object", "dependentRequired": {"a": ["b", "c"]}}
    errors = list(Draft202012Validator(schema).iter_errors({"a": 1}))
    paths = {f.path for e in errors for f in error_to_findings("achievement-registration", e)}
    assert paths == {"/b", "/c"}
