"""成果登记项目汇总表 (002 三、五: 组织管理部门 reviews the registrations online and delivers the
stamped 《成果登记项目汇总表》 (附件 3) with the paper materials to the provincial office).

One row per ``achievement-registration`` record, in the order given. The seed names the table
but does not print its columns (附件 3 is only downloadable); the columns below are the facts
of SPEC kind 2 that a reviewing office compares against the paper materials: 成果名称,
第一完成单位, 成果类型, 评价方式, 成果产生日期, 完成人, 经济效益, 组织管理部门, and the
成果登记号 with its date once issued ("未登记" until then).
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.contexts import get, h
from generator.contexts._summary import (
    COUNT,
    DATE,
    MONEY,
    TEXT,
    Column,
    SummaryContext,
    SummarySheet,
    by_body,
    decimal_money,
    parse_day,
)
from generator.paper import BLANK_DATE, Attachments, box_text, cn_date, money
from validators.documents import in_words

TITLE = "成果登记项目汇总表"
NOT_REGISTERED = "未登记"

COLUMNS = (
    Column("no", "序号", 10, COUNT),
    Column("name", "成果名称", 40, TEXT),
    Column("first_unit", "第一完成单位", 28, TEXT, capacity=60),
    Column("type", "成果类型", 16, TEXT, capacity=20),
    Column("evaluation", "评价方式", 16, TEXT, capacity=20),
    Column("produced_on", "成果产生日期", 27, DATE),
    Column("completers", "完成人", 26, TEXT, capacity=60),
    Column("benefit", "经济效益（万元）", 18, MONEY),
    Column("registering_body", "组织管理部门", 24, TEXT, capacity=50),
    Column("registration_no", "成果登记号", 25, TEXT, capacity=30),
    Column("issued_on", "登记日期", 27, DATE),
)

LABELS = {c.key: c.header for c in COLUMNS}
CAPACITY = {c.key: c.capacity for c in COLUMNS}


@dataclass(frozen=True)
class RegistrationRow:
    no: str = h("序号")
    name: str = h("成果名称")
    first_unit: str = h("第一完成单位")
    type: str = h("成果类型：应用技术 / 基础理论 / 软科学")
    evaluation: str = h("评价方式")
    produced_on: str = h("成果产生日期，如 2025年6月28日")
    completers: str = h("完成人姓名，以顿号分隔")
    benefit: str = h("经济效益（万元，两位小数）；未填写为空")
    registering_body: str = h("组织管理部门")
    registration_no: str = h("成果登记号；尚未核发为 未登记")
    issued_on: str = h("登记日期；未登记为空")


@dataclass(frozen=True)
class RegistrationSheet(SummarySheet):
    benefit_total: str = h("经济效益合计（万元，两位小数）")


@dataclass(frozen=True)
class RegistrationSummaryContext(SummaryContext):

    @property
    def template(self) -> str:
        return "summary"


def _registration_number(record) -> str | None:
    number = get(record, "registration", "number")
    return number.strip() if isinstance(number, str) and number.strip() else None


def _body(record) -> str:
    return get(record, "registering_body", "name") or ""


def build_context(records: list[dict], *, filled_on: str | None = None,
                  **_options) -> RegistrationSummaryContext:
    a = Attachments()
    groups = by_body(records, _body)
    years = set()
    filled = cn_date(filled_on) if filled_on else BLANK_DATE
    sheets = []
    for body, group in groups:
        # several sheets: a 附页 says whose 第 i 项 it continues
        where = f"{body} " if len(groups) > 1 else ""
        rows, sheet_rows, total = [], [], 0
        for i, record in enumerate(group, 1):
            ach = get(record, "achievement", default={})
            number = _registration_number(record)
            produced = parse_day(ach.get("produced_on"))
            if produced:
                years.add(produced.year)
            issued = parse_day(get(record, "registration", "issued_on")) if number else None
            benefit = decimal_money(get(record, "application", "economic_benefit_wan"))
            total += benefit or 0
            names = "、".join(box_text(p.get("name")) for p in get(record, "completers", default=[])
                             if isinstance(p, dict))
            values = dict(
                name=box_text(ach.get("name")),
                first_unit=box_text(get(record, "first_completing_unit", "name")),
                type=box_text(ach.get("type")),
                evaluation=box_text(get(record, "evaluation", "method")),
                completers=names,
                registering_body=box_text(get(record, "registering_body", "name")),
                registration_no=number or NOT_REGISTERED,
            )
            cells = {k: a.text(f"{where}第 {i} 项{LABELS[k]}", v, CAPACITY[k])
                     for k, v in values.items()}
            produced_text = box_text(ach.get("produced_on"))
            rows.append(RegistrationRow(
                no=str(i), produced_on=cn_date(ach.get("produced_on")) if produced else produced_text,
                benefit=money(benefit),
                issued_on=cn_date(issued.isoformat()) if issued else "", **cells))
            sheet_rows.append((i, cells["name"], cells["first_unit"], cells["type"],
                               cells["evaluation"], produced or produced_text,
                               cells["completers"], benefit, cells["registering_body"],
                               cells["registration_no"], issued))
        n = len(group)
        registered = sum(1 for r in group if _registration_number(r))
        total_text = f"共 {n} 项（已登记 {registered} 项，未登记 {n - registered} 项）"
        sheets.append(RegistrationSheet(
            body=body,
            meta=f"组织管理部门（盖章）：{body or '　' * 8}　　　填报日期：{filled}",
            rows=tuple(rows),
            sheet_rows=tuple(sheet_rows),
            sheet_totals=("合计", total_text, None, None, None, None, None,
                          decimal_money(total), None, None, None),
            total_text=total_text,
            label_lines=(),
            signatures=("填表人：　　　　　　　　联系电话：　　　　　　　　　　审核人（签字）：　　　　　　　　"
                        "组织管理部门（盖章）　　　　　　　　年　　月　　日"),
            benefit_total=money(total),
        ))
    return RegistrationSummaryContext(
        form_title=TITLE,
        subtitle=f"（{years.pop()}年度）" if len(years) == 1 else "",
        columns=COLUMNS,
        sheets=tuple(sheets),
        notes=("说明：成果登记号为批准登记单位核发的 12 位登记号，尚未核发的填“未登记”；"
               "经济效益以万元计。汇总表加盖组织管理部门公章后，与成果登记纸质材料一并报送"
               f"（{in_words('002 三、五')}）。各组织管理部门分别填报、盖章，一个部门一张表。",),
        label_title="",
        continuations=tuple(a.items),
    )
