"""重要事项变更 (nssf-change-request, 001 四): boundary tests for the CR rules.

Expected values are worked out by hand from the manual's wording; the base records are the
valid samples in samples/records/nssf-change-request/.
"""
import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from validators.context import Context
from validators.engine import validate

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records" / "nssf-change-request"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text("utf-8"))


@pytest.fixture
def extension():
    """20BZX012, one 延期 item, planned end 2024-12-31 → 2025-12-31, 省级审核通过."""
    return sample("cr-2024-extension.json")


@pytest.fixture
def members():
    """21CSH034, 变更课题组成员 (周明亮 out, 吴雪梅 in), 责任单位审核通过, sheet printed."""
    return sample("cr-2023-member-change.json")


@pytest.fixture
def title_change():
    """19BJL056, 改变项目名称, full chain approved by 全国社科工作办, sheet printed."""
    return sample("cr-2022-title-change.json")


def findings(record, others=()):
    return validate(record, Context(others=tuple(others))).findings


def codes(record, others=()):
    return [f.code for f in findings(record, others)]


def only(record, code, others=()):
    return [f for f in findings(record, others) if f.code == code]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_valid_samples_have_no_errors(name):
    report = validate(sample(name), Context())
    assert report.valid, [f.message for f in report.findings]


# --- CR101: exactly one change per request (001 四.1) ---------------------------------------

def test_one_change_item_is_fine(extension):
    assert "CR101" not in codes(extension)


def test_two_change_items_is_a_rule_finding_not_a_schema_error(extension):
    extension["change_items"].append({"type": "改变成果形式", "new_outcome_form": "研究报告",
                                      "reason": "成果形式调整。"})
    found = findings(extension)
    [cr101] = [f for f in found if f.code == "CR101"]
    assert cr101.path == "/change_items"
    assert cr101.message == "一项变更申请只能变更一项内容，本申请填了 2 项：延期、改变成果形式"
    assert "改变成果形式" in cr101.hint  # the item to move to its own request
    assert not [f for f in found if f.code.startswith("S")]


# --- CR102: no second open request of the same type (001 四.3) ------------------------------

def _draft_extension(extension):
    draft = copy.deepcopy(extension)
    draft.update(request_id="BG-20BZX012-02", status="草稿")
    del draft["submitted_on"], draft["approvals"]
    return draft


@pytest.mark.parametrize("other_status, expected", [
    ("草稿", True),                  # saved but not submitted: still open
    ("已提交", True),
    ("责任单位审核通过", True),        # 延期 needs the national office, so still pending
    ("省级审核通过", True),
    ("已撤回", True),                # withdrawn to edit: still open
    ("全国社科工作办审批通过", False),  # "未被全国社科工作办审批通过之前" — approved ends it
    ("不通过", False),
])
def test_second_extension_against_other_status(extension, other_status, expected):
    other = copy.deepcopy(extension)
    other["status"] = other_status
    got = only(_draft_extension(extension), "CR102", [other])
    assert bool(got) is expected
    if expected:
        assert got[0].path == "/change_items/0/type"
        # issue #12: the other request may be somebody else's, so its request_id is not shown
        assert f"（{other_status}）" in got[0].message and "BG-20BZX012-01" not in got[0].message


def test_other_type_for_same_project_is_allowed(extension):
    # 001 四.3: "此时您还可以发起其他类别的变更申请，如改变项目名称"
    other = copy.deepcopy(extension)
    other["change_items"] = [{"type": "改变项目名称", "new_title": "新题目", "reason": "理由"}]
    assert not only(_draft_extension(extension), "CR102", [other])


def test_same_type_for_another_project_is_allowed(extension):
    other = copy.deepcopy(extension)
    other["project"]["approval_number"] = "20BZX013"
    assert not only(_draft_extension(extension), "CR102", [other])


def test_project_number_compared_in_normal_form(extension):
    other = copy.deepcopy(extension)
    other["project"]["approval_number"] = "20bzx012"
    assert only(_draft_extension(extension), "CR102", [other])


def test_the_request_itself_in_the_store_is_not_a_duplicate(extension):
    stored = copy.deepcopy(extension)  # same request_id: the same request, another version
    assert not only(extension, "CR102", [stored])


def test_a_closed_request_is_not_blamed_for_an_open_one(extension):
    extension["status"] = "全国社科工作办审批通过"
    other = _draft_extension(extension)
    assert not only(extension, "CR102", [other])


@pytest.mark.parametrize("other_status, expected", [
    ("已提交", True),
    ("责任单位审核通过", False),  # 变更课题组成员 takes effect at unit approval (001 四.5)
])
def test_member_change_is_closed_once_the_unit_approves(members, other_status, expected):
    other = copy.deepcopy(members)
    other.update(request_id="BG-21CSH034-01", status=other_status)
    members["status"] = "已提交"
    members["approvals"] = []
    assert bool(only(members, "CR102", [other])) is expected


# --- CR103: which approval makes the change effective (001 四.5) ----------------------------

@pytest.mark.parametrize("change_type, effective_at_unit", [
    ("延期", False), ("变更项目责任人", False), ("变更责任单位", False), ("改变成果形式", False),
    ("改变项目名称", False), ("变更课题组成员", True), ("研究内容有重大调整", False),
    ("自行终止项目", True), ("撤项", True),
])
def test_route_info_for_each_of_the_nine_types(extension, change_type, effective_at_unit):
    extension["change_items"] = [{"type": change_type, "reason": "理由"}]
    [info] = only(extension, "CR103")
    assert info.severity.value == "info"
    if effective_at_unit:
        assert info.message == f"“{change_type}”类变更经责任单位审批通过后自动生效，无需全国社科工作办审批"
    else:
        assert info.message == f"“{change_type}”类变更须经全国社科工作办最终审批通过后才生效"


# --- schema: each type has its own fields, every type a reason ------------------------------

@pytest.mark.parametrize("change_type, field, title", [
    ("延期", "new_end_date", "延期后完成时间"),
    ("变更项目责任人", "new_principal_investigator", "新项目负责人"),
    ("变更责任单位", "new_responsible_unit", "新责任单位"),
    ("改变成果形式", "new_outcome_form", "变更后成果形式"),
    ("改变项目名称", "new_title", "变更后项目名称"),
    ("研究内容有重大调整", "adjustment_description", "调整内容说明"),
])
def test_type_specific_field_is_required(extension, change_type, field, title):
    extension["change_items"] = [{"type": change_type, "reason": "理由"}]
    [missing] = [f for f in findings(extension) if f.code == "S001"]
    assert missing.path == f"/change_items/0/{field}"
    assert title in missing.message


def test_member_change_needs_someone_added_or_removed(members):
    item = members["change_items"][0]
    del item["members_added"]
    assert not only(members, "CR411")  # removing 周明亮 alone is a change
    del item["members_removed"]
    [e] = only(members, "CR411")
    assert e.path == "/change_items/0"
    assert not [f for f in findings(members) if f.code.startswith("S")]


@pytest.mark.parametrize("change_type", ["自行终止项目", "撤项"])
def test_every_type_needs_a_reason(extension, change_type):
    extension["change_items"] = [{"type": change_type}]
    assert [f.path for f in findings(extension) if f.code == "S001"] == ["/change_items/0/reason"]


def test_blank_reason_is_rejected_but_wu_is_accepted(extension):
    extension["change_items"][0]["reason"] = "  "
    assert [f.code for f in findings(extension) if f.path == "/change_items/0/reason"] == ["S008"]
    extension["change_items"][0]["reason"] = "无"
    assert not [f for f in findings(extension) if f.path == "/change_items/0/reason"]


def test_submitted_request_needs_its_submission_date(extension):
    del extension["submitted_on"]
    assert [f.path for f in findings(extension) if f.code == "S001"] == ["/submitted_on"]
    extension.update(status="草稿", approvals=[])
    assert not [f for f in findings(extension) if f.code == "S001"]


# --- CR104, CR401, CR402: project and identifiers -------------------------------------------

@pytest.mark.parametrize("status, flagged", [("在研", False), ("已结项", True), ("终止", True), ("撤项", True)])
def test_project_state(extension, status, flagged):
    extension["project"]["status"] = status
    assert bool(only(extension, "CR104")) is flagged


@pytest.mark.parametrize("number, flagged", [
    ("20BZX012", False), ("18ZDA001", False), ("20bzx012", False), ("2020BZX012", True), ("BZX012", True),
])
def test_approval_number(extension, number, flagged):
    extension["project"]["approval_number"] = number
    assert bool(only(extension, "CR401")) is flagged


def test_credit_code_of_the_new_unit_is_checked(extension):
    extension["change_items"] = [{"type": "变更责任单位", "reason": "负责人调动",
                                  "new_responsible_unit": {"name": "四川大学", "credit_code": "12510000450717632Y"}}]
    [bad] = only(extension, "CR402")
    assert bad.path == "/change_items/0/new_responsible_unit/credit_code"
    assert "四川大学" in bad.message and "校验位" in bad.message


# --- CR403: a field of another type --------------------------------------------------------

def test_field_of_another_type_is_pointed_out(extension):
    extension["change_items"][0]["new_title"] = "另一个题目"
    [w] = only(extension, "CR403")
    assert w.path == "/change_items/0/new_title"
    assert w.message == "变更类型为“延期”，却填写了属于其他变更类型的「变更后项目名称」"


# --- CR404: new value equals the old one ---------------------------------------------------

def test_same_title_is_no_change(title_change):
    title_change["change_items"][0]["new_title"] = title_change["project"]["title"]
    [e] = only(title_change, "CR404")
    assert e.path == "/change_items/0/new_title"


def test_title_differing_only_by_full_width_space_is_no_change(title_change):
    old = title_change["project"]["title"]
    title_change["change_items"][0]["new_title"] = old[:4] + "\u3000" + old[4:]
    assert only(title_change, "CR404")


def test_new_pi_with_the_same_name_is_no_change(extension):
    extension["change_items"] = [{"type": "变更项目责任人", "reason": "理由",
                                  "new_principal_investigator": {"name": "王建平"}}]
    assert only(extension, "CR404")
    extension["change_items"][0]["new_principal_investigator"] = {"name": "李晓红"}
    assert not only(extension, "CR404")


def test_new_unit_with_the_same_credit_code_is_no_change(extension):
    extension["change_items"] = [{"type": "变更责任单位", "reason": "理由",
                                  "new_responsible_unit": {"name": "山西大学（本部）",
                                                           "credit_code": "12140000405200183Q"}}]
    assert only(extension, "CR404")


# --- CR405: extension date after the current end (2024-12-31) ------------------------------

@pytest.mark.parametrize("new_end, flagged", [
    ("2024-12-30", True),   # earlier
    ("2024-12-31", True),   # the same day extends nothing
    ("2025-01-01", False),  # one day later is an extension
])
def test_extension_boundary(extension, new_end, flagged):
    extension["change_items"][0]["new_end_date"] = new_end
    got = only(extension, "CR405")
    assert bool(got) is flagged
    if flagged:
        assert got[0].message == f"延期后完成时间 {new_end} 不晚于现计划完成时间 2024-12-31"


# --- CR406: members added / removed ---------------------------------------------------------

def test_removing_a_non_member_and_adding_a_member(members):
    item = members["change_items"][0]
    item["members_removed"] = [{"name": "刘海洋"}]
    item["members_added"] = [{"name": "杨帆"}]  # already on the list
    got = {f.path: f.message for f in only(members, "CR406")}
    assert got == {
        "/change_items/0/members_removed/0": "课题组成员变更有误：刘海洋不在现有课题组成员名单中，无法退出",
        "/change_items/0/members_added/0": "课题组成员变更有误：杨帆已是课题组成员或项目负责人，无需增加",
    }


# --- CR407–CR410: the approval chain 责任单位 → 省级社科管理部门 → 全国社科工作办 -------------

def test_full_chain_in_order_is_clean(title_change):
    assert not [c for c in codes(title_change) if c in ("CR407", "CR408", "CR409", "CR410")]


def test_skipping_the_province(title_change):
    unit, _, national = title_change["approvals"]
    title_change["approvals"] = [unit, national]
    [e] = only(title_change, "CR407")
    assert e.path == "/approvals/1/level"
    assert e.message == "审核记录第 2 项（全国社科工作办）不符合审核顺序：责任单位之后应为“省级社科管理部门”"


def test_province_before_unit(title_change):
    unit, province, national = title_change["approvals"]
    title_change["approvals"] = [province, unit, national]
    assert [f.path for f in only(title_change, "CR407")][0] == "/approvals/0/level"


def test_approval_dated_before_submission(title_change):
    title_change["approvals"][0]["date"] = "2022-03-09"  # submitted 2022-03-10
    [e] = only(title_change, "CR407")
    assert e.path == "/approvals/0/date"
    assert "2022-03-09 早于前一环节的日期 2022-03-10" in e.message


def test_approval_on_the_submission_day_is_fine(title_change):
    title_change["approvals"][0]["date"] = "2022-03-10"
    assert not only(title_change, "CR407")


def test_nothing_goes_up_after_a_rejection(title_change):
    title_change["approvals"][1]["decision"] = "不通过"
    title_change["status"] = "不通过"
    title_change["approval_sheet_printed"] = False
    title_change["approvals"] = title_change["approvals"][:2] + [dict(title_change["approvals"][2], decision="不通过")]
    [e] = only(title_change, "CR407")
    assert e.path == "/approvals/2/level"


def test_national_step_for_a_unit_effect_type(members):
    members["approvals"].append({"level": "全国社科工作办", "decision": "通过", "date": "2023-10-10"})
    got = only(members, "CR408")
    assert [f.message for f in got] == ["“变更课题组成员”类变更经责任单位审批通过即生效，不需要全国社科工作办审批"]
    assert got[0].severity.value == "warning"


def test_sheet_printed_before_national_approval(extension):
    extension["approval_sheet_printed"] = True  # only unit and province have approved
    [e] = only(extension, "CR409")
    assert e.message == "已打印《重要事项变更审批表》，但尚无全国社科工作办的最终审批通过记录"


def test_sheet_printed_after_unit_approval_of_member_change(members):
    assert members["approval_sheet_printed"] is True
    assert not only(members, "CR409")


@pytest.mark.parametrize("status, flagged", [
    ("省级审核通过", False),              # last approval: province 通过
    ("全国社科工作办审批通过", True),       # no national approval yet
    ("责任单位审核通过", True),
    ("已提交", True),                     # two approvals already recorded
])
def test_status_against_last_approval(extension, status, flagged):
    extension["status"] = status
    assert bool(only(extension, "CR410")) is flagged


# --- the command line supplies the other records with --against ------------------------------

def test_cli_against_folder_finds_the_open_extension(tmp_path):
    draft = _draft_extension(sample("cr-2024-extension.json"))
    (tmp_path / "draft.json").write_text(json.dumps(draft, ensure_ascii=False), "utf-8")
    store = tmp_path / "store"
    store.mkdir()
    (store / "first.json").write_text((SAMPLES / "cr-2024-extension.json").read_text("utf-8"), "utf-8")
    runner = CliRunner()
    alone = runner.invoke(app, ["validate", str(tmp_path / "draft.json"), "--format", "json"])
    assert alone.exit_code == 0, alone.output  # without the store nothing is known of the first
    result = runner.invoke(app, ["validate", str(tmp_path / "draft.json"), "--format", "json",
                                 "--against", str(store)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [f["code"] for f in data["findings"] if f["severity"] == "error"] == ["CR102"]
