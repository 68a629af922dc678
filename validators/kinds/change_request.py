"""Facts of 国家社科基金项目重要事项变更 (nssf-change-request; seed 001 四): the approval chain,
which types take effect where, and the field each type fills in. Read by its rules and by the
重要事项变更审批表."""
from __future__ import annotations

# 001 四.5: these three take effect once the 责任单位 approves; every other type needs the
# 全国社科工作办's final approval.
UNIT_EFFECT_TYPES = ("变更课题组成员", "自行终止项目", "撤项")
CHAIN = ("责任单位", "省级社科管理部门", "全国社科工作办")

# What the 管理单位 set by their decisions, never the applicant (issue #12): the request's state
# and the approval entries of each step.
SERVER_OWNED = ("/status", "/approvals")
# The status this system writes in a request filled in on the web form, where the applicant
# cannot (it is server-owned): 草稿 while it is being checked, 已提交 once it is saved as a
# submission, which then waits for the 责任单位's review (001 四).
NEW_REQUEST_STATUS = {"checking": "草稿", "saving": "已提交"}


# The field each type fills in, so a field of another type can be pointed out (CR403).
TYPE_FIELDS = {
    "延期": ("new_end_date",),
    "变更项目责任人": ("new_principal_investigator",),
    "变更责任单位": ("new_responsible_unit",),
    "改变成果形式": ("new_outcome_form",),
    "改变项目名称": ("new_title",),
    "变更课题组成员": ("members_added", "members_removed"),
    "研究内容有重大调整": ("adjustment_description",),
    "自行终止项目": (),
    "撤项": (),
}


FIELD_TITLES = {
    "new_end_date": "延期后完成时间", "new_principal_investigator": "新项目负责人",
    "new_responsible_unit": "新责任单位", "new_outcome_form": "变更后成果形式",
    "new_title": "变更后项目名称", "members_added": "增加的成员", "members_removed": "退出的成员",
    "adjustment_description": "调整内容说明",
}


# 001 四.3 says a second 延期 may not be started "在这项延期未被全国社科工作办审批通过之前".
# Reading: a request is open (未办结) until it is finally approved or rejected; a draft and a
# request withdrawn for editing (已撤回) are still open, because the platform keeps them and the
# applicant edits them rather than starting a new one.
CLOSED_STATUSES = ("全国社科工作办审批通过", "不通过")


def final_level(change_type: str) -> str:
    return "责任单位" if change_type in UNIT_EFFECT_TYPES else "全国社科工作办"


def is_open(record: dict) -> bool:
    status = record.get("status")
    if status in CLOSED_STATUSES:
        return False
    types = [item.get("type") for item in record.get("change_items", [])]
    # a unit-effect change is done once the unit has approved it (001 四.5)
    return not (status == "责任单位审核通过" and types and all(t in UNIT_EFFECT_TYPES for t in types))
