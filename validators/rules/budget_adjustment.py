"""国家社科基金项目预算调整 (nssf-budget-adjustment): rules BA1xx route and scope, BA4xx
identifiers and sums.

Source: ``001 六`` (the NSSF platform manual, 申请预算调整). Amounts are 万元 with at most two
decimals (the schema's ``money``); sums are exact, in hundredths. Readings of ambiguous clauses
are written next to the code and repeated in the finding's message or hint.
"""
from __future__ import annotations

from validators.catalogue import Violation, rule
from validators.kinds.budget_adjustment import added_outbound, total_changed
from validators.money import line_sum, money, yuan
from validators.record import get
from validators.rules._nssf import (
    approval_number_violations,
    credit_code_violations,
    unusual_approval_number_violations,
)

KIND = "nssf-budget-adjustment"
SIDES = (("before", "调整前", "before"), ("after", "调整后", "after"))


@rule("BA101")
def adjustment_approval_route(record, context):
    reasons, reasons_en = [], []
    if total_changed(record):
        info = record["basic_info"]
        reasons.append(f"改变了经费总额（{yuan(money(info, 'total_before'))} → {yuan(money(info, 'total_after'))} 万元）")
        reasons_en.append("changes the total")
    added = added_outbound(record)
    if added:
        reasons.append("增列了外拨经费（" + "、".join(name for _, name in added) + "）")
        reasons_en.append("adds outbound funds")
    if reasons:
        yield Violation("/basic_info", what="；".join(reasons), what_en=" and ".join(reasons_en),
                        route="须报全国社科工作办审批，审批通过后生效",
                        route_en="it needs the national office's approval")
    else:
        yield Violation("/basic_info", what="既不调整经费总额，也不增列外拨经费",
                        what_en="changes neither the total nor adds outbound funds",
                        route="由责任单位审核通过后生效，并按程序报全国社科工作办备案",
                        route_en="it takes effect at unit approval and is filed with the national office")


@rule("BA102")
def nothing_adjusted(record, context):
    lines = list(get(record, "direct_budget", "lines", default=[]))
    for o in record.get("outbound_budgets", []):
        lines.extend(o.get("lines", []))
    if lines and all(money(line, "before") == money(line, "after") for line in lines) \
            and not total_changed(record):
        yield Violation("/direct_budget/lines")


def units(record):
    yield "/project/responsible_unit", get(record, "project", "responsible_unit")
    for i, o in enumerate(record.get("outbound_budgets", [])):
        yield f"/outbound_budgets/{i}/unit", o.get("unit")


@rule("BA401")
def invalid_approval_number(record, context):
    yield from approval_number_violations(record)


@rule("BA407")
def unusual_approval_number(record, context):
    yield from unusual_approval_number_violations(record)


@rule("BA402")
def invalid_credit_code(record, context):
    yield from credit_code_violations(units(record))


@rule("BA403")
def indirect_cost_adjusted(record, context):
    info = record.get("basic_info", {})
    before, after = money(info, "indirect_before"), money(info, "indirect_after")
    if before is not None and after is not None and before != after:
        yield Violation("/basic_info/indirect_after", before=yuan(before), after=yuan(after))


@rule("BA404")
def direct_lines_total_mismatch(record, context):
    table = record.get("direct_budget", {})
    for side, zh, en in SIDES:
        s, total = line_sum(table.get("lines"), side), money(table, f"total_{side}")
        if s is not None and total is not None and s != total:
            yield Violation(f"/direct_budget/total_{side}", side=zh, side_en=en, sum=yuan(s),
                            total=yuan(total), diff=yuan(abs(s - total)))


@rule("BA405")
def totals_inconsistent(record, context):
    info, table = record.get("basic_info", {}), record.get("direct_budget", {})
    for side, zh, en in SIDES:
        total, direct, indirect = (money(info, f"{k}_{side}") for k in ("total", "direct", "indirect"))
        if None not in (total, direct, indirect) and total != direct + indirect:
            yield Violation(f"/basic_info/total_{side}",
                            what=f"经费总额（{zh}）{yuan(total)} 万元不等于直接经费 {yuan(direct)} + 间接经费 {yuan(indirect)} = {yuan(direct + indirect)} 万元",
                            what_en=f"total {en} {yuan(total)} is not direct + indirect = {yuan(direct + indirect)}")
        table_total = money(table, f"total_{side}")
        if direct is not None and table_total is not None and direct != table_total:
            yield Violation(f"/basic_info/direct_{side}",
                            what=f"基本信息中直接经费（{zh}）{yuan(direct)} 万元与直接经费预算表合计 {yuan(table_total)} 万元不符",
                            what_en=f"direct costs {en} {yuan(direct)} differ from the budget table total {yuan(table_total)}")


@rule("BA406")
def outbound_lines_total_mismatch(record, context):
    for i, o in enumerate(record.get("outbound_budgets", [])):
        for side, zh, en in SIDES:
            s, total = line_sum(o.get("lines"), side), money(o, f"total_{side}")
            if s is not None and total is not None and s != total:
                yield Violation(f"/outbound_budgets/{i}/total_{side}", unit=get(o, "unit", "name", default=""),
                                side=zh, side_en=en, sum=yuan(s), total=yuan(total),
                                diff=yuan(abs(s - total)))
