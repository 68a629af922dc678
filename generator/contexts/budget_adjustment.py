"""国家社会科学基金项目预算调整申请表 (SPEC kind 5, ``001 六``).

The paper counterpart of the platform's “预算调整” page: 基本信息 (经费总额 = 直接费用 +
间接费用, 间接费用 never adjusted: "基本信息中涉及到间接经费的不可以调整"), the 直接费用预算表
with every line 调整前 / 调整后 / 增减, the 外拨预算 of each partner unit, the 调整理由, the
approval route ("除调整经费总额和增列外拨经费外，其余经费调整由责任单位审核通过后生效，并按程序报
全国社科工作办备案") and the opinion boxes with room for signature, seal and date.

Every 合计 and every 增减 is computed here with :class:`~decimal.Decimal` (the template only
places them): the 合计 rows are the sums of the printed lines, 经费总额 is 直接费用 + 间接费用,
and 增减 = 调整后 − 调整前. Where the record's own totals disagree with those sums (a draft,
since BA404/BA405/BA406 refuse it otherwise) the form lists the difference under the table.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.contexts import ContinuedOnAttachments, get, h, nssf_project_header
from generator.paper import (
    BLANK_DATE,
    Attachments,
    Continuation,
    box_text,
    cn_date,
    decimal,
    difference,
    exact_sum,
    money,
    signed_money,
)
from validators.kinds.budget_adjustment import added_outbound, total_changed

#: How many characters of each printed field fit its box on the form (for a table: how many
#: rows; for a row's field: "RowClass.field"). A text longer than its box is cut at a clause and
#: continues on an 附页; a name, unit name or number is never cut: its box grows a line, and
#: one longer than its capacity goes whole to an 附页 (generator.paper.Attachments).
FIELD_CAPACITY = {
    "form_title": 24, "status": 12, "submitted_on": 12,
    # 一、基本信息: a 3/8-width box holds two lines of 20, a 7/8-width one 60
    "approval_number": 20, "title": 120, "pi_name": 24, "pi_title": 12, "pi_unit": 60,
    "pi_contact": 40, "responsible_unit": 60, "responsible_unit_credit_code": 24, "province": 12,
    "summary": 3, "SummaryRow.item": 8, "SummaryRow.before": 16, "SummaryRow.after": 16,
    "SummaryRow.change": 16, "SummaryRow.note": 30,
    "lines": 12, "LineRow.no": 4, "LineRow.item": 20, "LineRow.before": 12, "LineRow.after": 12,
    "LineRow.change": 12, "LineRow.note": 60,
    "lines_total_before": 12, "lines_total_after": 12, "lines_total_change": 12,
    "check": 240,                  # 核对, in 9 pt across the width
    "outbound": 24,                # rows of the 外拨预算 table (lines and 小计 of every unit)
    "OutboundRow.unit": 60, "OutboundRow.item": 16, "OutboundRow.before": 12,
    "OutboundRow.after": 12, "OutboundRow.change": 12, "OutboundRow.note": 60,
    "outbound_note": 120,
    "reason": 400,                 # 调整理由: about 9 lines of its box
    "route": 160,                  # 审批路径, in 9 pt across the width
}
CAP = FIELD_CAPACITY
CONTACT_CAPACITY = 24          # 外拨单位联系人, inside the unit's first 说明 cell

INDIRECT_NOTE = "间接费用不可调整"


@dataclass(frozen=True)
class SummaryRow:
    item: str = h("经费项目：直接费用 / 间接费用 / 经费总额")
    before: str = h("调整前（万元，两位小数）")
    after: str = h("调整后（万元，两位小数）")
    change: str = h("增减（万元，带正负号）= 调整后 − 调整前，由程序计算")
    note: str = h("说明")


@dataclass(frozen=True)
class LineRow:
    no: str = h("序号")
    item: str = h("预算科目")
    before: str = h("调整前（万元）")
    after: str = h("调整后（万元）")
    change: str = h("增减（万元，带正负号），由程序计算")
    note: str = h("调整说明")


@dataclass(frozen=True)
class OutboundRow:
    unit: str = h("外拨单位：该单位第一行写单位名称和统一社会信用代码，其余行为空")
    item: str = h("预算科目；小计行为“小计”")
    before: str = h("调整前（万元）")
    after: str = h("调整后（万元）")
    change: str = h("增减（万元，带正负号），由程序计算")
    note: str = h("调整说明；单位第一行另注联系人")


@dataclass(frozen=True)
class BudgetAdjustmentContext(ContinuedOnAttachments):
    form_title: str = h("表名：国家社会科学基金项目预算调整申请表")
    approval_number: str = h("项目批准号")
    title: str = h("项目名称")
    pi_name: str = h("项目负责人")
    pi_title: str = h("项目负责人专业职务（职称）")
    pi_unit: str = h("项目负责人工作单位")
    pi_contact: str = h("项目负责人联系电话、电子邮箱")
    responsible_unit: str = h("责任单位")
    responsible_unit_credit_code: str = h("责任单位统一社会信用代码")
    province: str = h("所在省（区、市）")
    status: str = h("申请状态")
    submitted_on: str = h("提交日期，如 2024年5月20日；草稿为空白日期")
    summary: tuple = h("基本信息：直接费用、间接费用、经费总额三行（SummaryRow），经费总额由程序计算")
    lines: tuple = h("直接费用预算表各科目（LineRow）")
    lines_total_before: str = h("直接费用预算表合计（调整前）：各科目之和，由程序计算")
    lines_total_after: str = h("直接费用预算表合计（调整后）：各科目之和，由程序计算")
    lines_total_change: str = h("直接费用预算表合计的增减，由程序计算")
    outbound: tuple = h("外拨预算（OutboundRow）：各外拨单位的科目行和小计行")
    outbound_note: str = h("外拨单位数与外拨合计，或“无外拨经费”，或附页说明")
    check: str = h("核对：合计、直接费用、经费总额与申请书所填数字不符之处；一致时写明一致")
    reason: str = h("调整理由；超出部分见附页")
    route: str = h("审批路径（001 六 请注意）：须报全国社科工作办审批，或由责任单位审核通过后生效并备案")
    continuations: tuple[Continuation, ...] = h("附页：表内填写不下的内容")

    @property
    def template(self) -> str:
        return "form"


def _line_sums(lines) -> tuple[Decimal | None, Decimal | None]:
    return (exact_sum(decimal(x.get("before")) for x in lines),
            exact_sum(decimal(x.get("after")) for x in lines))


def _differs(label: str, declared, computed: Decimal | None) -> str:
    value = decimal(declared)
    if value is None or computed is None or value == computed:
        return ""
    return f"{label}填为 {money(value)} 万元，按各项计算应为 {money(computed)} 万元"


def _route(record) -> str:
    """The approval route of 001 六, read as rule BA101 reads it (shared code, one reading)."""
    reasons = []
    if total_changed(record):
        reasons.append("调整经费总额")
    added = added_outbound(record)
    if added:
        reasons.append("增列外拨经费（" + "、".join(name for _, name in added) + "）")
    if reasons:
        return f"本次预算调整涉及{'并'.join(reasons)}，须报全国社科工作办审批，审批通过后生效。"
    return ("本次预算调整既不调整经费总额，也不增列外拨经费，由责任单位审核通过后生效，"
            "并按程序报全国社科工作办备案。")


def _funding(info: dict) -> dict:
    """基本信息's (调整前, 调整后) of 直接费用 and 间接费用 as the record states them, and of
    经费总额 as their sum."""
    direct = decimal(info.get("direct_before")), decimal(info.get("direct_after"))
    indirect = decimal(info.get("indirect_before")), decimal(info.get("indirect_after"))
    grand = (exact_sum([direct[0], indirect[0]]), exact_sum([direct[1], indirect[1]]))
    return {"直接费用": direct, "间接费用": indirect, "经费总额": grand}


# --- one builder per table of the form: each returns its fields of the context ---------------

def _basic_info(record: dict, a: Attachments) -> dict:
    """The project, its 项目负责人 and 责任单位, and the state of the application."""
    return dict(
        form_title="国家社会科学基金项目预算调整申请表",
        **nssf_project_header(get(record, "project", default={}), a, CAP),
        status=a.name("申请状态", record.get("status"), CAP["status"], at="/status"),
        submitted_on=cn_date(record.get("submitted_on")) or BLANK_DATE,
    )


def _summary(record: dict, a: Attachments) -> dict:
    """基本信息: 直接费用, 间接费用 and 经费总额, 调整前 / 调整后 / 增减."""
    funding = _funding(get(record, "basic_info", default={}))
    before, after = funding["间接费用"]
    notes = {"直接费用": "见直接费用预算表",
             "间接费用": INDIRECT_NOTE if before == after else f"{INDIRECT_NOTE}（本申请填写有误）",
             "经费总额": "直接费用 + 间接费用"}
    return dict(summary=tuple(
        SummaryRow(label, money(b), money(f), signed_money(difference(f, b)), notes[label])
        for label, (b, f) in funding.items()))


def _direct_budget(record: dict, a: Attachments) -> dict:
    """直接费用预算表: every line 调整前 / 调整后 / 增减, and the computed 合计."""
    lines = get(record, "direct_budget", "lines", default=[])
    rows = []
    for i, x in enumerate(lines, 1):
        before, after = decimal(x.get("before")), decimal(x.get("after"))
        note = a.text(f"预算科目 {i} 调整说明", x.get("note"), CAP["LineRow.note"],
                      at=f"/direct_budget/lines/{i - 1}/note") \
            if box_text(x.get("note")).strip() else ""
        rows.append(LineRow(str(i), a.name(f"预算科目 {i}", x.get("item"), CAP["LineRow.item"],
                                                   at=f"/direct_budget/lines/{i - 1}/item"),
                            money(before), money(after),
                            signed_money(difference(after, before)), note))
    kept, more = a.rows("直接费用预算表", rows, CAP["lines"],
                        lambda r: f"{r.no}. {r.item}：{r.before} → {r.after}（{r.change}）{r.note}",
                        at="/direct_budget/lines")
    sum_before, sum_after = _line_sums(lines)
    return dict(lines=tuple(kept) + ((LineRow("", more, "", "", "", ""),) if more else ()),
                lines_total_before=money(sum_before),
                lines_total_after=money(sum_after),
                lines_total_change=signed_money(difference(sum_after, sum_before)))


def _outbound_unit_rows(k: int, o: dict, a: Attachments) -> list[OutboundRow]:
    """One row per line of the ``k``-th partner unit, then the unit's 小计 (computed)."""
    at = f"/outbound_budgets/{k - 1}"
    unit = "\n".join(v for v in (
        a.name(f"外拨单位 {k}", get(o, "unit", "name"), CAP["OutboundRow.unit"], at=f"{at}/unit/name"),
        a.name(f"外拨单位 {k} 统一社会信用代码", get(o, "unit", "credit_code"), CONTACT_CAPACITY,
               blank="", at=f"{at}/unit/credit_code")) if v)
    unit_lines = get(o, "lines", default=[])
    contact = a.name(f"外拨单位 {k} 联系人", o.get("contact"), CONTACT_CAPACITY, blank="",
                     at=f"{at}/contact")
    about = f"联系人：{contact}" if contact else ""
    rows = []
    for j, x in enumerate(unit_lines):
        before, after = decimal(x.get("before")), decimal(x.get("after"))
        note = a.text(f"外拨单位 {k} 科目 {j + 1} 调整说明", x.get("note"), CAP["OutboundRow.note"],
                      at=f"{at}/lines/{j}/note") \
            if box_text(x.get("note")).strip() else ""
        rows.append(OutboundRow(unit if j == 0 else "",
                                a.name(f"外拨单位 {k} 科目 {j + 1}", x.get("item"),
                                       CAP["OutboundRow.item"], at=f"{at}/lines/{j}/item"),
                                money(before), money(after),
                                signed_money(difference(after, before)),
                                "；".join(v for v in (about if j == 0 else "", note) if v)))
    b, f = _line_sums(unit_lines)
    rows.append(OutboundRow("", "小计", money(b), money(f), signed_money(difference(f, b)), ""))
    return rows


def _outbound_budgets(record: dict, a: Attachments) -> dict:
    """外拨预算: the rows of every partner unit, and the units' count and 外拨合计."""
    budgets = get(record, "outbound_budgets", default=[])
    units = [_outbound_unit_rows(k, o, a) for k, o in enumerate(budgets, 1)]
    # whole units stay on the form, as many as its rows hold; "其余 N 项" counts units, not the
    # table rows of the units that moved (it said 其余 36 项 where 12 units remained)
    on_form, used = 0, 0
    while on_form < len(units) and used + len(units[on_form]) <= CAP["outbound"]:
        used += len(units[on_form])
        on_form += 1
    units, more = a.rows(
        "外拨预算", units, on_form,
        lambda unit: "\n".join(f"{r.unit or '　'} {r.item}：{r.before} → {r.after}（{r.change}）{r.note}"
                               for r in unit), at="/outbound_budgets")
    rows = [r for unit in units for r in unit]
    if not budgets:
        return dict(outbound=tuple(rows), outbound_note="无外拨经费")
    sums = [_line_sums(get(o, "lines", default=[])) for o in budgets]
    out_b, out_f = exact_sum(b for b, _ in sums), exact_sum(f for _, f in sums)
    note = (f"共 {len(budgets)} 家外拨单位，外拨合计调整前 {money(out_b)} 万元，"
            f"调整后 {money(out_f)} 万元，增减 {signed_money(difference(out_f, out_b))} 万元")
    return dict(outbound=tuple(rows), outbound_note=a.text(
        "外拨预算说明", "；".join(v for v in (more, note) if v), CAP["outbound_note"],
        at="/outbound_budgets"))


def _check(record: dict, a: Attachments) -> dict:
    """核对: every total the record states otherwise than the sums, and an 间接费用 adjusted."""
    info = get(record, "basic_info", default={})
    table = get(record, "direct_budget", default={})
    funding = _funding(info)
    indirect, grand = funding["间接费用"], funding["经费总额"]
    sum_before, sum_after = _line_sums(get(table, "lines", default=[]))
    check = [
        "" if indirect[0] == indirect[1] else
        f"间接费用由 {money(indirect[0])} 万元调整为 {money(indirect[1])} 万元，间接费用不可调整",
        _differs("直接费用预算表合计（调整前）", table.get("total_before"), sum_before),
        _differs("直接费用预算表合计（调整后）", table.get("total_after"), sum_after),
        _differs("基本信息直接费用（调整前）", info.get("direct_before"), sum_before),
        _differs("基本信息直接费用（调整后）", info.get("direct_after"), sum_after),
        _differs("经费总额（调整前）", info.get("total_before"), grand[0]),
        _differs("经费总额（调整后）", info.get("total_after"), grand[1]),
    ]
    for k, o in enumerate(get(record, "outbound_budgets", default=[]), 1):
        b, f = _line_sums(get(o, "lines", default=[]))
        name = get(o, "unit", "name", default=f"第 {k} 家")
        check += [_differs(f"外拨单位「{name}」外拨合计（调整前）", o.get("total_before"), b),
                  _differs(f"外拨单位「{name}」外拨合计（调整后）", o.get("total_after"), f)]
    check = [c for c in check if c]
    return dict(check=a.text("核对", "核对：" + "；".join(check), CAP["check"],
                                at="/direct_budget") if check else
                "核对：各科目之和与合计一致，经费总额 = 直接费用 + 间接费用，间接费用未调整。")


def _reason_and_route(record: dict, a: Attachments) -> dict:
    """调整理由 and the approval route."""
    return dict(reason=a.text("调整理由", record.get("reason"), CAP["reason"], at="/reason"),
                route=a.text("审批路径", _route(record), CAP["route"],
                              at="/outbound_budgets"))


# The 附页 are numbered in the order their cells are filled: the two budget tables have always
# come first, then the cells of the project's information, then the 调整理由.
BUILDERS = (_direct_budget, _outbound_budgets, _basic_info, _summary, _check, _reason_and_route)


def build_context(record: dict) -> BudgetAdjustmentContext:
    a = Attachments()
    fields = {}
    for build in BUILDERS:
        fields.update(build(record, a))
    return BudgetAdjustmentContext(**fields, continuations=tuple(a.items))
