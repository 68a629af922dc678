"""国家社科基金项目重要事项变更 (nssf-change-request): rules CR1xx scope and route, CR4xx
identifiers and consistency.

Source: ``001 四`` (the NSSF platform manual, 申请项目变更). Readings of ambiguous clauses are
written next to the code and repeated in the finding's message or hint.
"""
from __future__ import annotations

from validators.catalogue import Violation, rule
from validators.ids import nssf_project, uscc
from validators.kinds.change_request import CHAIN, FIELD_TITLES, TYPE_FIELDS, UNIT_EFFECT_TYPES, is_open
from validators.record import get, parse_date, same_name
from validators.rules._nssf import (
    approval_number_violations,
    credit_code_violations,
    unusual_approval_number_violations,
)

KIND = "nssf-change-request"


def _same_number(a, b) -> bool:
    return isinstance(a, str) and isinstance(b, str) and nssf_project.compact(a) == nssf_project.compact(b)


@rule("CR101")
def more_than_one_change_item(record, context):
    items = record.get("change_items", [])
    if len(items) > 1:
        types = [i.get("type", "?") for i in items]
        yield Violation("/change_items", count=len(items), types=types, rest=types[1:])


@rule("CR102")
def duplicate_pending_change_type(record, context):
    if not is_open(record):
        return
    # The caller leaves the request's own versions out of context.others. ``request_id`` is
    # the submitter's to write, so it is neither compared nor shown: the other request may be
    # somebody else's. Only an identical record is taken for the request itself.
    number = record.get("project", {}).get("approval_number")
    for i, item in enumerate(record.get("change_items", [])):
        for other in context.others:
            if other is record or other == record or other.get("kind") != KIND:
                continue
            if not _same_number(other.get("project", {}).get("approval_number"), number):
                continue
            if not is_open(other):
                continue
            if item.get("type") in [o.get("type") for o in other.get("change_items", [])]:
                yield Violation(f"/change_items/{i}/type", approval_number=number,
                                type=item.get("type"), other_status=other.get("status"))
                break


@rule("CR103")
def change_approval_route(record, context):
    for i, item in enumerate(record.get("change_items", [])):
        change_type = item.get("type")
        if change_type not in TYPE_FIELDS:
            continue
        if change_type in UNIT_EFFECT_TYPES:
            yield Violation(f"/change_items/{i}/type", type=change_type,
                            route="经责任单位审批通过后自动生效，无需全国社科工作办审批",
                            route_en="takes effect once the responsible unit approves it",
                            chain="责任单位")
        else:
            yield Violation(f"/change_items/{i}/type", type=change_type,
                            route="须经全国社科工作办最终审批通过后才生效",
                            route_en="takes effect only after the national office's final approval",
                            chain=" → ".join(CHAIN))


@rule("CR104")
def project_not_in_research(record, context):
    status = record.get("project", {}).get("status")
    if status is not None and status != "在研":
        yield Violation("/project/status", status=status)


def unit_paths(record):
    yield "/project/responsible_unit", record.get("project", {}).get("responsible_unit")
    for i, item in enumerate(record.get("change_items", [])):
        yield f"/change_items/{i}/new_responsible_unit", item.get("new_responsible_unit")


@rule("CR401")
def invalid_approval_number(record, context):
    yield from approval_number_violations(record)


@rule("CR412")
def unusual_approval_number(record, context):
    yield from unusual_approval_number_violations(record)


@rule("CR402")
def invalid_credit_code(record, context):
    yield from credit_code_violations(unit_paths(record))


@rule("CR403")
def field_of_another_change_type(record, context):
    for i, item in enumerate(record.get("change_items", [])):
        own = TYPE_FIELDS.get(item.get("type"))
        if own is None:
            continue
        for name in FIELD_TITLES:
            if name in item and name not in own:
                yield Violation(f"/change_items/{i}/{name}", type=item["type"],
                                field=FIELD_TITLES[name], name=name)


def _name(p):
    return p.get("name") if isinstance(p, dict) else None


def _unchanged(item: dict, project: dict):
    """(field, current value) where the requested new value equals the current one."""
    t = item.get("type")
    if t == "改变项目名称" and same_name(item.get("new_title"), project.get("title")):
        yield "new_title", project.get("title")
    if t == "改变成果形式" and same_name(item.get("new_outcome_form"), project.get("outcome_form")):
        yield "new_outcome_form", project.get("outcome_form")
    if t == "变更项目责任人":
        old = _name(project.get("principal_investigator"))
        if same_name(_name(item.get("new_principal_investigator")), old):
            yield "new_principal_investigator", old
    if t == "变更责任单位":
        new, old = item.get("new_responsible_unit") or {}, project.get("responsible_unit") or {}
        same_code = bool(new.get("credit_code")) and uscc.compact(new.get("credit_code", "")) == \
            uscc.compact(old.get("credit_code", ""))
        if same_name(new.get("name"), old.get("name")) or same_code:
            yield "new_responsible_unit", old.get("name")


@rule("CR404")
def new_value_unchanged(record, context):
    project = record.get("project", {})
    for i, item in enumerate(record.get("change_items", [])):
        for name, old in _unchanged(item, project):
            yield Violation(f"/change_items/{i}/{name}", field=FIELD_TITLES[name], name=name,
                            old=old)


@rule("CR405")
def extension_not_after_end_date(record, context):
    old = parse_date(get(record, "project", "planned_end_date"))
    for i, item in enumerate(record.get("change_items", [])):
        new = parse_date(item.get("new_end_date"))
        if item.get("type") == "延期" and new and old and new <= old:
            yield Violation(f"/change_items/{i}/new_end_date", new=new.isoformat(),
                            old=old.isoformat())


@rule("CR406")
def member_change_mismatch(record, context):
    project = record.get("project", {})
    if "members" not in project:
        return  # without the current list there is nothing to compare with
    current = [_name(p) for p in project["members"]] + [_name(project.get("principal_investigator"))]

    def is_member(p):
        return any(same_name(_name(p), c) for c in current)

    for i, item in enumerate(record.get("change_items", [])):
        if item.get("type") != "变更课题组成员":
            continue
        for j, p in enumerate(item.get("members_removed", [])):
            if not is_member(p):
                yield Violation(f"/change_items/{i}/members_removed/{j}", who=_name(p),
                                problem="不在现有课题组成员名单中，无法退出",
                                who_en=_name(p), problem_en="is not a current member")
        for j, p in enumerate(item.get("members_added", [])):
            if is_member(p):
                yield Violation(f"/change_items/{i}/members_added/{j}", who=_name(p),
                                problem="已是课题组成员或项目负责人，无需增加",
                                who_en=_name(p), problem_en="is already a member")


def _change_types(record):
    return [item.get("type") for item in record.get("change_items", [])]


def _needs_national(record) -> bool:
    return any(t not in UNIT_EFFECT_TYPES for t in _change_types(record))


@rule("CR407")
def approvals_out_of_chain_order(record, context):
    expected, last_date, stopped = 0, record.get("submitted_on"), False
    for i, a in enumerate(record.get("approvals", [])):
        level, path = a.get("level"), f"/approvals/{i}"
        if level not in CHAIN:
            continue
        if stopped:
            yield Violation(path + "/level", n=i + 1, level=level,
                            problem="记录在“不通过”之后；申请不通过后不再向上一级报送",
                            problem_en="comes after a rejection")
        elif CHAIN.index(level) != expected:
            before = CHAIN[expected - 1] if expected else "提交"
            yield Violation(path + "/level", n=i + 1, level=level,
                            problem=f"不符合审核顺序：{before}之后应为“{CHAIN[expected] if expected < len(CHAIN) else '（无）'}”",
                            problem_en=f"out of order; expected {CHAIN[expected] if expected < len(CHAIN) else 'nothing'}")
        if a.get("date") and last_date and a["date"] < last_date:
            yield Violation(path + "/date", n=i + 1, level=level,
                            problem=f"日期 {a['date']} 早于前一环节的日期 {last_date}",
                            problem_en=f"date {a['date']} is before the previous step {last_date}")
        last_date = a.get("date") or last_date
        expected = CHAIN.index(level) + 1
        stopped = stopped or a.get("decision") == "不通过"


@rule("CR408")
def needless_higher_approval(record, context):
    types = _change_types(record)
    if not types or _needs_national(record):
        return
    for i, a in enumerate(record.get("approvals", [])):
        if a.get("level") in CHAIN[1:]:
            yield Violation(f"/approvals/{i}/level", type=types[0], level=a["level"])


def _finally_approved(record) -> bool:
    level = "全国社科工作办" if _needs_national(record) else "责任单位"
    return any(a.get("level") == level and a.get("decision") == "通过"
               for a in record.get("approvals", []))


@rule("CR409")
def approval_sheet_before_final_approval(record, context):
    if record.get("approval_sheet_printed") and _change_types(record) and not _finally_approved(record):
        level = "全国社科工作办" if _needs_national(record) else "责任单位"
        yield Violation("/approval_sheet_printed", level=level)


# What the last approval must look like for each request status.
STATUS_NEEDS = {
    "责任单位审核通过": ("责任单位", "通过"),
    "省级审核通过": ("省级社科管理部门", "通过"),
    "全国社科工作办审批通过": ("全国社科工作办", "通过"),
    "不通过": (None, "不通过"),
}


@rule("CR410")
def status_disagrees_with_approvals(record, context):
    status, approvals = record.get("status"), record.get("approvals", [])
    last = approvals[-1] if approvals else None
    if status in ("草稿", "已提交") and approvals:
        yield Violation("/status", status=status, problem=f"已有 {len(approvals)} 条",
                        problem_en=f"there are {len(approvals)} approvals")
    elif status in STATUS_NEEDS:
        level, decision = STATUS_NEEDS[status]
        if last is None:
            yield Violation("/status", status=status, problem="为空", problem_en="there are none")
        elif last.get("decision") != decision or (level and last.get("level") != level):
            yield Violation("/status", status=status,
                            problem=f"的最后一条是“{last.get('level')}：{last.get('decision')}”",
                            problem_en="the last one does not match")


@rule("CR411")
def member_change_names_nobody(record, context):
    for i, item in enumerate(record.get("change_items", [])):
        if item.get("type") == "变更课题组成员" and not item.get("members_added") \
                and not item.get("members_removed"):
            yield Violation(f"/change_items/{i}")
