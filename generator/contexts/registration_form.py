"""科技成果登记表 (national form of 2002, 制表机关 科学技术部, 批准文号 国统函[2002]163号).

Two variants (SPEC kind 2): 应用技术类 for 应用技术 achievements, 基础理论、软科学类 for the
others. The cover carries 成果名称, 第一完成单位（盖章）, 研究起始/终止日期 as □□□□年□□月,
推荐单位, 批准登记单位, the twelve boxes of 批准登记号, 批准登记日期 and the statistics notice.
Once the approving body issues the 成果登记号 the form is printed again with the number in its
boxes (003 二.3: "填入取得的成果登记号后打印并加盖第一完成单位鲜章").
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.contexts import ContinuedOnAttachments, get, h
from generator.paper import (
    BLANK_DATE,
    Attachments,
    Continuation,
    box_text,
    checkbox,
    cn_date,
    money,
    registration_number_boxes,
    required,
    year_month_boxes,
)

APPLIED = "应用技术"
THEORY_TYPES = ("基础理论", "软科学")
EVALUATION_METHODS = ("鉴定", "结题验收", "行业准入", "评估", "机构评价", "专利授权", "其他")

# How much of a value fits its box on the printed form; the rest continues on an 附页.
SUMMARY_CAPACITY = 800        # 成果简介: about 22 lines of the box on page 2
CELL_CAPACITY = 120           # any other free-text box
ROW_CAPACITY = 60             # a free-text cell inside a table row
COMPLETERS_ON_FORM = 15       # rows of the 成果完成人 table
OTHER_UNITS_ON_FORM = 5       # rows of the 其他完成单位 table


# The cover's notice of the statistics law (统计法 of 1996, 第三条, in force when the form was
# approved by 国家统计局 in 2002). Our seeds do not print it; the wording is that article's.
STATISTICS_NOTICE = ("根据《中华人民共和国统计法》第三条规定：国家机关、社会团体、企业事业组织和个体工商户"
                     "等统计调查对象，必须依照本法和国家规定，如实提供统计资料，不得虚报、瞒报、拒报、"
                     "迟报，不得伪造、篡改。")


def date_boxes(value: str | None) -> tuple[str, ...]:
    """The eight boxes of □□□□年□□月□□日: '2025-09-26' → ('2', '0', '2', '5', '0', '9', '2', '6').

    >>> date_boxes(None) == ("",) * 8
    True
    """
    if not value:
        return ("",) * 8
    year, month, day = (int(p) for p in str(value).split("-"))
    return tuple(f"{year:04d}{month:02d}{day:02d}")


@dataclass(frozen=True)
class UnitRow:
    no: str = h("序号")
    name: str = h("单位名称")
    credit_code: str = h("统一社会信用代码")


@dataclass(frozen=True)
class CompleterRow:
    no: str = h("序号")
    name: str = h("姓名")
    gender: str = h("性别")
    birth_month: str = h("出生年月，如 1975年4月")
    title: str = h("技术职称")
    education: str = h("文化程度")
    unit: str = h("工作单位")
    contribution: str = h("对成果创造性贡献")


@dataclass(frozen=True)
class MaterialRow:
    no: str = h("序号")
    document_type: str = h("材料类型")
    file_name: str = h("文件名")
    pages: str = h("页数")
    stamped: str = h("是否盖章：已盖章 / 空")


@dataclass(frozen=True)
class RegistrationFormContext(ContinuedOnAttachments):
    form_title: str = h("表名：科技成果登记表")
    variant_title: str = h("表的类别：应用技术类 或 基础理论、软科学类")
    record_id: str = h("记录编号")
    name: str = h("成果名称")
    first_unit: str = h("第一完成单位（盖章）")
    first_unit_credit_code: str = h("第一完成单位统一社会信用代码")
    research_start_boxes: tuple = h("研究起始日期：□□□□年□□月 的 6 个方格（年 4 位、月 2 位）")
    research_end_boxes: tuple = h("研究终止日期：□□□□年□□月 的 6 个方格")
    recommending_unit: str = h("推荐单位")
    approving_body: str = h("批准登记单位；未批准登记时为空")
    registration_no_boxes: tuple = h("批准登记号的 12 个方格；未批准登记时为空格")
    registration_no: str = h("成果登记号；未批准登记时为“尚未批准登记”")
    issued_on: str = h("批准登记日期，如 2025年9月26日；未批准登记时为空白日期")
    issued_on_boxes: tuple = h("批准登记日期的 □□□□年□□月□□日 八格（年四位、月两位、日两位），未批准登记时皆空")
    reprint_note: str = h("取得成果登记号后重新打印时的说明，否则为空")
    statistics_notice: str = h("封面上的统计法说明")
    type_choice: str = h("成果类型勾选，如 ■应用技术")
    produced_on: str = h("成果产生日期")
    classification: str = h("密级")
    keywords: str = h("关键词（至多 3 个，以分号分隔）")
    discipline: str = h("学科分类")
    level: str = h("成果水平")
    attribute: str = h("成果属性（应用技术类）")
    stage: str = h("成果所处阶段（应用技术类）")
    evaluation_choice: str = h("评价方式勾选")
    evaluation_body: str = h("评价单位")
    evaluation_date: str = h("评价日期")
    evaluation_document: str = h("评价文号")
    plan_name: str = h("计划名称")
    project_number: str = h("项目编号")
    funding_choice: str = h("投入来源勾选：财政投入 / 非财政投入")
    patents_applied: str = h("专利申请数")
    patents_granted: str = h("专利授权数")
    software_copyrights: str = h("软件著作权数")
    application_status: str = h("应用状态")
    economic_benefit: str = h("经济效益（万元，两位小数）")
    summary: str = h("成果简介；超出表格容量的部分见附页")
    other_units: tuple = h("其他完成单位（UnitRow），表内至多 5 行")
    other_units_note: str = h("其他完成单位的合计或附页说明")
    completers: tuple = h("成果完成人（CompleterRow），表内至多 15 行")
    completers_note: str = h("完成人合计或附页说明")
    contact_name: str = h("联系人")
    contact_phone: str = h("联系电话")
    contact_email: str = h("电子邮箱")
    registering_body: str = h("组织管理部门")
    submitted_on: str = h("在线提交日期")
    materials: tuple = h("附件材料清单（MaterialRow）")
    continuations: tuple[Continuation, ...] = h("附页：表内填写不下的内容")

    @property
    def template(self) -> str:
        return "applied" if self.variant_title == "应用技术类" else "theory"


def _count(value) -> str:
    return "" if value is None else str(value)


def build_context(record: dict) -> RegistrationFormContext:
    a = Attachments()
    ach = get(record, "achievement", default={})
    kind = ach.get("type")
    applied = kind == APPLIED
    number = get(record, "registration", "number")
    number = number.strip() if isinstance(number, str) and number.strip() else None
    units = get(record, "other_completing_units", default=[])
    completers = get(record, "completers", default=[])

    unit_rows = [UnitRow(str(i), a.text(f"其他完成单位 {i} 名称", u.get("name"), ROW_CAPACITY),
                         box_text(u.get("credit_code")))
                 for i, u in enumerate(units, 1)]
    unit_rows, units_more = a.rows("其他完成单位", unit_rows, OTHER_UNITS_ON_FORM,
                                   lambda r: f"{r.no}. {r.name}　统一社会信用代码：{r.credit_code}")

    def person(i, p):
        return CompleterRow(
            str(i), required(p.get("name")), box_text(p.get("gender")),
            cn_date(p.get("birth_month")), box_text(p.get("title")),
            box_text(p.get("education")),
            a.text(f"完成人 {i} 工作单位", p.get("unit"), ROW_CAPACITY),
            a.text(f"完成人 {i} 对成果创造性贡献", p.get("contribution"), ROW_CAPACITY))

    people = [person(i, p) for i, p in enumerate(completers, 1)]
    people, people_more = a.rows(
        "成果完成人", people, COMPLETERS_ON_FORM,
        lambda r: (f"{r.no}. {r.name}，{r.gender}，{r.birth_month}，{r.title}，{r.education}，"
                   f"{r.unit}；贡献：{r.contribution}"))

    materials = tuple(
        MaterialRow(str(i), required(m.get("document_type")),
                    a.text(f"附件 {i} 文件名", m.get("file_name"), ROW_CAPACITY),
                    _count(m.get("pages")), "已盖章" if m.get("stamped") else "")
        for i, m in enumerate(get(record, "attachments", default=[]), 1))

    ip = get(record, "intellectual_property", default={})
    return RegistrationFormContext(
        form_title="科技成果登记表",
        variant_title="应用技术类" if applied else "基础理论、软科学类",
        record_id=required(record.get("id")),
        name=a.text("成果名称", ach.get("name"), CELL_CAPACITY),
        first_unit=a.text("第一完成单位", get(record, "first_completing_unit", "name"),
                          CELL_CAPACITY),
        first_unit_credit_code=box_text(get(record, "first_completing_unit", "credit_code")),
        research_start_boxes=year_month_boxes(ach.get("research_start")),
        research_end_boxes=year_month_boxes(ach.get("research_end")),
        recommending_unit=a.text("推荐单位", record.get("recommending_unit"), CELL_CAPACITY),
        approving_body=box_text(get(record, "registration", "approving_body")) if number else "",
        registration_no_boxes=registration_number_boxes(number),
        registration_no=number or "尚未批准登记",
        issued_on=cn_date(get(record, "registration", "issued_on")) if number else BLANK_DATE,
        issued_on_boxes=date_boxes(get(record, "registration", "issued_on") if number else None),
        reprint_note=(f"本表于取得成果登记号 {number} 后重新打印，与在线登记内容一致。"
                      if number else ""),
        statistics_notice=STATISTICS_NOTICE,
        type_choice=checkbox((APPLIED,) if applied else THEORY_TYPES, kind),
        produced_on=cn_date(ach.get("produced_on")),
        classification=required(ach.get("classification")),
        keywords="；".join(ach.get("keywords") or []) or "无",
        discipline=a.text("学科分类", ach.get("discipline"), CELL_CAPACITY),
        level=required(ach.get("level")),
        attribute=required(ach.get("attribute")) if applied else "",
        stage=required(ach.get("stage")) if applied else "",
        evaluation_choice=checkbox(EVALUATION_METHODS, get(record, "evaluation", "method")),
        evaluation_body=a.text("评价单位", get(record, "evaluation", "body"), CELL_CAPACITY),
        evaluation_date=cn_date(get(record, "evaluation", "date")) or "无",
        evaluation_document=a.text("评价文号", get(record, "evaluation", "document_number"),
                                   CELL_CAPACITY),
        plan_name=a.text("计划名称", get(record, "plan_source", "plan_name"), CELL_CAPACITY),
        project_number=required(get(record, "plan_source", "project_number")),
        funding_choice=checkbox(("财政投入", "非财政投入"), get(record, "plan_source", "funding")),
        patents_applied=_count(ip.get("patents_applied", 0 if applied else None)),
        patents_granted=_count(ip.get("patents_granted", 0 if applied else None)),
        software_copyrights=_count(ip.get("software_copyrights", 0 if applied else None)),
        application_status=a.text("应用状态", get(record, "application", "status"),
                                  CELL_CAPACITY),
        economic_benefit=money(get(record, "application", "economic_benefit_wan")) or "无",
        summary=a.text("成果简介", ach.get("summary"), SUMMARY_CAPACITY),
        other_units=tuple(unit_rows),
        other_units_note=(units_more or f"共 {len(units)} 家") if units else "无",
        completers=tuple(people),
        completers_note=people_more or f"共 {len(completers)} 人",
        contact_name=required(get(record, "contact", "name")),
        contact_phone=required(get(record, "contact", "phone")),
        contact_email=required(get(record, "contact", "email")),
        registering_body=a.text("组织管理部门", get(record, "registering_body", "name"),
                                CELL_CAPACITY),
        submitted_on=cn_date(record.get("submitted_on")) or BLANK_DATE,
        materials=materials,
        continuations=tuple(a.items),
    )
