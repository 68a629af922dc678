"""Facts of 国家社科基金项目结项申请 (nssf-completion; seed 001 五): the completion procedure,
read by service/store/nssf_workflow.py.

001 五.1: 项目负责人提交结项申请；"如果对结项信息填写有误，点击‘撤回修改’"。
001 五.2: "当不通过或不受理，项目负责人编辑修改结项信息，再次提交各级单位审核"。
The 各级单位 are those of the change request (001 四): 责任单位 → 省级社科管理部门 → 全国社科工作办.
A completion whose exemption proof is a 领导批示 is secret and goes on paper (001 五 温馨提示):
the record rules NC102/NC103 say so, and the procedure will not pass such a version.
"""
from __future__ import annotations

from validators.kinds.achievement_registration import Step

UNIT, PROVINCE, NATIONAL = "责任单位", "省级社科管理部门", "全国社科工作办"
PI = "项目负责人"
ACTORS = {4: UNIT, 3: UNIT, 2: PROVINCE, 1: NATIONAL}

_REVIEW_CLAUSE = "001 五.2"
_RESUBMIT = Step("resubmit", "编辑修改结项信息后再次提交（提交新版本）", PI, (), "submitted", "001 五.2")


def _refusals(who: str, levels: tuple[int, ...]) -> tuple[Step, ...]:
    return (Step("reject", "审核不通过（须附修改意见）", who, levels, "rejected", _REVIEW_CLAUSE),
            Step("decline", "不受理（须附修改意见）", who, levels, "not-accepted", _REVIEW_CLAUSE))


PROCEDURE: dict[str, tuple[Step, ...]] = {
    "submitted": (
        Step("approve", "审核通过，报省级社科管理部门", UNIT, (3, 4), "province-review", _REVIEW_CLAUSE),
        *_refusals(UNIT, (3, 4)),
        # our reading: 撤回修改 is open until the first level has decided
        Step("withdraw", "撤回修改", PI, (), "withdrawn", "001 五.1"),
    ),
    "province-review": (
        Step("approve", "审核通过，报全国社科工作办", PROVINCE, (2,), "national-review", _REVIEW_CLAUSE),
        *_refusals(PROVINCE, (2,)),
    ),
    "national-review": (
        Step("approve", "审批通过，准予结项", NATIONAL, (1,), "completed", _REVIEW_CLAUSE),
        *_refusals(NATIONAL, (1,)),
    ),
    "rejected": (_RESUBMIT,),
    "not-accepted": (_RESUBMIT,),
    "withdrawn": (Step("resubmit", "修改后再次提交（提交新版本）", PI, (), "submitted", "001 五.1"),),
    "completed": (),
}

# decisions sent to POST …/decisions; "resubmit" is PUT submissions/{id}
DECISIONS = {"approve": "通过", "reject": "不通过", "decline": "不受理", "withdraw": "撤回修改"}
STEP_LABELS = {**DECISIONS, "resubmit": "再次提交"}
# the PI "编辑修改结项信息": a refusal must say what to change
NEEDS_OPINION = frozenset({"reject", "decline"})
# 001 五 温馨提示: these findings mean the completion goes on paper, not through the platform
PAPER_ONLY_CODES = frozenset({"NC102", "NC103"})


def procedure(record: dict) -> dict[str, tuple[Step, ...]]:
    """The steps of a completion: the same for every record."""
    return PROCEDURE
