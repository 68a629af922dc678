"""Facts of 国家社科基金项目预算调整 (nssf-budget-adjustment; seed 001 六): what makes an
adjustment one the 全国社科工作办 must approve. Read by its rules, by the 预算调整申请表 and by the
procedure (service/store/nssf_workflow.py)."""
from __future__ import annotations

from validators.kinds.achievement_registration import Step
from validators.money import money
from validators.record import get


def total_changed(record) -> bool:
    info = record.get("basic_info", {})
    before, after = money(info, "total_before"), money(info, "total_after")
    return before is not None and after is not None and before != after


def added_outbound(record) -> list[tuple[int, str]]:
    """(index, unit name) of outbound budgets that are new: nothing before, something after.

    Reading of "增列外拨经费" (001 六): a partner unit whose outbound total goes from 0 to more
    than 0 is added by this adjustment.
    """
    return [(i, get(o, "unit", "name", default="")) for i, o in enumerate(record.get("outbound_budgets", []))
            if money(o, "total_before") == 0 and (money(o, "total_after") or 0) > 0]


def needs_national_approval(record) -> bool:
    """001 六 "除调整经费总额和增列外拨经费外，其余经费调整由责任单位审核通过后生效"."""
    return total_changed(record) or bool(added_outbound(record))


# ---- the budget-adjustment procedure (001 六) ---------------------------------------------
# 001 六: "除调整经费总额和增列外拨经费外，其余经费调整由责任单位审核通过后生效，并按程序报全国社科
# 工作办备案". Our reading: the two exceptions are approved by the 全国社科工作办 after the unit, and
# a 不通过 closes the adjustment (the platform then expects a new one), as for the change request.

UNIT, NATIONAL = "责任单位", "全国社科工作办"
ACTORS = {4: UNIT, 3: UNIT, 1: NATIONAL}
_CLAUSE = "001 六"
_UNIT_REJECT = Step("reject", "审核不通过（须附意见）", UNIT, (3, 4), "rejected", _CLAUSE)

AT_UNIT: dict[str, tuple[Step, ...]] = {
    "submitted": (
        Step("approve", "审核通过，调整生效", UNIT, (3, 4), "effective", _CLAUSE),
        _UNIT_REJECT,
    ),
    "effective": (
        Step("file", "按程序报全国社科工作办备案", UNIT, (3, 4), "filed", _CLAUSE),
    ),
    "filed": (),
    "rejected": (),
}

WITH_NATIONAL: dict[str, tuple[Step, ...]] = {
    "submitted": (
        Step("approve", "审核通过，报全国社科工作办审批（调整经费总额或增列外拨经费）", UNIT, (3, 4),
             "national-review", _CLAUSE),
        _UNIT_REJECT,
    ),
    "national-review": (
        Step("approve", "审批通过，调整生效", NATIONAL, (1,), "approved", _CLAUSE),
        Step("reject", "审批不通过（须附意见）", NATIONAL, (1,), "rejected", _CLAUSE),
    ),
    "approved": (),
    "rejected": (),
}

DECISIONS = {"approve": "通过", "reject": "不通过", "file": "报全国社科工作办备案"}
STEP_LABELS = dict(DECISIONS)
NEEDS_OPINION = frozenset({"reject"})
PAPER_ONLY_CODES: frozenset[str] = frozenset()


def procedure(record) -> dict[str, tuple[Step, ...]]:
    """The steps of this adjustment: through the 全国社科工作办 when its facts need it."""
    return WITH_NATIONAL if needs_national_approval(record) else AT_UNIT
