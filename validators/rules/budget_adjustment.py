"""国家社科基金项目预算调整 (nssf-budget-adjustment): rules BA1xx route and scope, BA4xx
identifiers and sums.

Source: ``001 六`` (the NSSF platform manual, 申请预算调整). Amounts are 万元 with at most two
decimals (the schema's ``money``); sums are exact, in hundredths. Readings of ambiguous clauses
are written next to the code and repeated in the finding's message or hint.
"""
from __future__ import annotations

from validators.catalogue import ERROR, INFO, WARNING, Violation, rule
from validators.rules._common import get
from validators.rules._nssf import approval_number_rule, credit_code_rule, line_sum, money, yuan

KIND = "nssf-budget-adjustment"
SIDES = (("before", "调整前", "before"), ("after", "调整后", "after"))


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


@rule("BA101", name="adjustment-approval-route", kind=KIND, severity=INFO,
      message="本次预算调整{what}，{route}",
      message_en="this adjustment {what_en}; {route_en}",
      source="001 六（请注意）",
      hint="除调整经费总额和增列外拨经费外，其余经费调整由责任单位审核通过后生效，并按程序报全国社科工作办备案。外拨合计由 0 变为大于 0 的合作单位视为增列外拨经费。",
      why="请注意：除调整经费总额和增列外拨经费外，其余经费调整由责任单位审核通过后生效，并按程序报全国社科工作办备案（001 六）。")
def adjustment_approval_route(record, ctx):
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


@rule("BA102", name="nothing-adjusted", kind=KIND, severity=WARNING,
      message="各科目调整前后金额完全相同，本申请没有调整任何预算",
      message_en="every line is the same before and after; nothing is adjusted",
      source="001 六",
      hint="请在直接经费预算表中填写调整后的金额，或撤回本申请。",
      why="预算调整申请用于改变预算科目金额；前后相同的申请没有可审核的内容。")
def nothing_adjusted(record, ctx):
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


invalid_approval_number = approval_number_rule("BA401", KIND, "001 六", "预算调整")
invalid_credit_code = credit_code_rule("BA402", KIND, units, "外拨经费须拨付到代码对应的单位。")


@rule("BA403", name="indirect-cost-adjusted", kind=KIND, severity=ERROR,
      message="间接经费由 {before} 万元调整为 {after} 万元；间接经费不可以调整",
      message_en="indirect costs changed from {before} to {after}; they may not be adjusted",
      source="001 六（基本信息中涉及到间接经费的不可以调整）",
      hint="请把调整后的间接经费改回 {before} 万元，只调整直接经费各科目。",
      why="按照页面提示逐个完善预算信息，包括基本信息和直接经费预算表（基本信息中涉及到间接经费的不可以调整）（001 六）。")
def indirect_cost_adjusted(record, ctx):
    info = record.get("basic_info", {})
    before, after = money(info, "indirect_before"), money(info, "indirect_after")
    if before is not None and after is not None and before != after:
        yield Violation("/basic_info/indirect_after", before=yuan(before), after=yuan(after))


@rule("BA404", name="direct-lines-total-mismatch", kind=KIND, severity=ERROR,
      message="直接经费预算表{side}各科目之和为 {sum} 万元，与{side}合计 {total} 万元不符（相差 {diff} 万元）",
      message_en="direct budget {side_en}: the lines add up to {sum}, not the total {total}",
      source="001 六（提交时会对所填写的预算信息进行校验）",
      hint="请核对各科目{side}金额，使其之和等于{side}合计。",
      why="提交时会对所填写的预算信息进行校验，请按照提示修改并提交成功（001 六）；合计应等于各科目之和。")
def direct_lines_total_mismatch(record, ctx):
    table = record.get("direct_budget", {})
    for side, zh, en in SIDES:
        s, total = line_sum(table.get("lines"), side), money(table, f"total_{side}")
        if s is not None and total is not None and s != total:
            yield Violation(f"/direct_budget/total_{side}", side=zh, side_en=en, sum=yuan(s),
                            total=yuan(total), diff=yuan(abs(s - total)))


@rule("BA405", name="totals-inconsistent", kind=KIND, severity=ERROR,
      message="经费合计不一致：{what}",
      message_en="totals disagree: {what_en}",
      source="001 六（提交时会对所填写的预算信息进行校验）",
      hint="经费总额 = 直接经费 + 间接经费；基本信息中的直接经费应等于直接经费预算表的合计。",
      why="基本信息与直接经费预算表描述同一笔经费，平台提交时会校验两者一致（001 六）。")
def totals_inconsistent(record, ctx):
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


@rule("BA406", name="outbound-lines-total-mismatch", kind=KIND, severity=ERROR,
      message="外拨单位「{unit}」{side}各科目之和为 {sum} 万元，与外拨合计 {total} 万元不符（相差 {diff} 万元）",
      message_en="outbound budget of {unit} {side_en}: the lines add up to {sum}, not {total}",
      source="001 六（外拨预算信息）",
      hint="请核对「{unit}」的外拨预算科目，使其之和等于该单位的外拨合计。",
      why="有外拨经费的，需补充外拨预算信息，提交时平台会对所填写的预算信息进行校验（001 六）。")
def outbound_lines_total_mismatch(record, ctx):
    for i, o in enumerate(record.get("outbound_budgets", [])):
        for side, zh, en in SIDES:
            s, total = line_sum(o.get("lines"), side), money(o, f"total_{side}")
            if s is not None and total is not None and s != total:
                yield Violation(f"/outbound_budgets/{i}/total_{side}", unit=get(o, "unit", "name", default=""),
                                side=zh, side_en=en, sum=yuan(s), total=yuan(total),
                                diff=yuan(abs(s - total)))
