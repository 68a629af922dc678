"""Facts of 国家社科基金项目预算调整 (nssf-budget-adjustment; seed 001 六): what makes an
adjustment one the 全国社科工作办 must approve. Read by its rules and by the 预算调整申请表."""
from __future__ import annotations

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
