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
    checkbox,
    cn_date,
    money,
    registration_number_boxes,
    year_month_boxes,
)

APPLIED = "应用技术"
THEORY_TYPES = ("基础理论", "软科学")
EVALUATION_METHODS = ("鉴定", "结题验收", "行业准入", "评估", "机构评价", "专利授权", "其他")

#: How many characters of each printed field fit its box on the form (for a table: how many
#: rows; for a row's field: "RowClass.field"). A text longer than its box is cut at a clause and
#: continues on an 附页; a name, unit name or number is never cut: its box grows a line, and
#: one longer than its capacity goes whole to an 附页 (generator.paper.Attachments).
FIELD_CAPACITY = {
    "form_title": 20, "variant_title": 12, "record_id": 40, "statistics_notice": 120,
    "reprint_note": 60,
    # the cover
    "name": 120, "first_unit": 60, "first_unit_credit_code": 24, "research_start_boxes": 6,
    "research_end_boxes": 6, "recommending_unit": 60, "approving_body": 60,
    "registration_no_boxes": 12, "registration_no": 24, "issued_on": 12, "issued_on_boxes": 8,
    # the basic table: a half-width box holds two lines of 30, a full-width one 60
    "type_choice": 30, "produced_on": 12, "classification": 8, "keywords": 60,
    "discipline": 30, "level": 12, "attribute": 12, "stage": 12, "evaluation_choice": 60,
    "evaluation_body": 60, "evaluation_date": 12, "evaluation_document": 40, "plan_name": 60,
    "project_number": 30, "funding_choice": 20, "patents_applied": 8, "patents_granted": 8,
    "software_copyrights": 8, "application_status": 60, "economic_benefit": 20,
    "summary": 800,                # 成果简介: about 22 lines of the box on page 2
    "other_units": 5, "other_units_note": 30,
    "UnitRow.no": 4, "UnitRow.name": 60, "UnitRow.credit_code": 24,
    # the 成果完成人 table, in 9 pt: 序号 and 性别 are 10 mm wide, 姓名 17 mm
    "completers": 15, "completers_note": 30,
    "CompleterRow.no": 4, "CompleterRow.name": 24, "CompleterRow.gender": 2,
    "CompleterRow.birth_month": 10, "CompleterRow.title": 20, "CompleterRow.education": 10,
    "CompleterRow.unit": 60, "CompleterRow.contribution": 60,
    "contact_name": 24, "contact_phone": 20, "contact_email": 40, "registering_body": 60,
    "submitted_on": 12,
    "materials": 15, "MaterialRow.no": 4, "MaterialRow.document_type": 16,
    "MaterialRow.file_name": 60, "MaterialRow.pages": 6, "MaterialRow.stamped": 4,
}
CAP = FIELD_CAPACITY


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


def _completer(a: Attachments, i: int, p: dict) -> CompleterRow:
    at = f"/completers/{i - 1}/{{}}".format
    return CompleterRow(
        str(i), a.name(f"完成人 {i} 姓名", p.get("name"), CAP["CompleterRow.name"], at=at("name")),
        a.name(f"完成人 {i} 性别", p.get("gender"), CAP["CompleterRow.gender"], blank="",
               at=at("gender")),
        cn_date(p.get("birth_month")),
        a.name(f"完成人 {i} 技术职称", p.get("title"), CAP["CompleterRow.title"], blank="",
               at=at("title")),
        a.name(f"完成人 {i} 文化程度", p.get("education"), CAP["CompleterRow.education"],
               blank="", at=at("education")),
        a.name(f"完成人 {i} 工作单位", p.get("unit"), CAP["CompleterRow.unit"], at=at("unit")),
        a.text(f"完成人 {i} 对成果创造性贡献", p.get("contribution"),
               CAP["CompleterRow.contribution"], at=at("contribution")))


def _material(a: Attachments, i: int, m: dict) -> MaterialRow:
    return MaterialRow(str(i), a.name(f"附件 {i} 材料类型", m.get("document_type"),
                                      CAP["MaterialRow.document_type"],
                                      at=f"/attachments/{i - 1}/document_type"),
                       a.name(f"附件 {i} 文件名", m.get("file_name"), CAP["MaterialRow.file_name"],
                              at=f"/attachments/{i - 1}/file_name"),
                       _count(m.get("pages")), "已盖章" if m.get("stamped") else "")


def _materials(a: Attachments, record: dict) -> tuple[MaterialRow, ...]:
    """附件材料: the rows the table holds, then one row saying where the others continue."""
    rows = [_material(a, i, m) for i, m in enumerate(get(record, "attachments", default=[]), 1)]
    kept, more = a.rows("附件材料", rows, CAP["materials"],
                        lambda r: f"{r.no}. {r.document_type}：{r.file_name}，{r.pages} 页，{r.stamped}",
                        at="/attachments")
    return tuple(kept) + ((MaterialRow("", "", more, "", ""),) if more else ())


def build_context(record: dict) -> RegistrationFormContext:
    a = Attachments()
    ach = get(record, "achievement", default={})
    kind = ach.get("type")
    applied = kind == APPLIED
    number = get(record, "registration", "number")
    number = number.strip() if isinstance(number, str) and number.strip() else None
    units = get(record, "other_completing_units", default=[])
    completers = get(record, "completers", default=[])

    unit_rows = [UnitRow(str(i), a.name(f"其他完成单位 {i} 名称", u.get("name"), CAP["UnitRow.name"],
                                              at=f"/other_completing_units/{i - 1}/name"),
                         a.name(f"其他完成单位 {i} 统一社会信用代码", u.get("credit_code"),
                                CAP["UnitRow.credit_code"], blank="",
                                at=f"/other_completing_units/{i - 1}/credit_code"))
                 for i, u in enumerate(units, 1)]
    unit_rows, units_more = a.rows("其他完成单位", unit_rows, CAP["other_units"],
                                   lambda r: f"{r.no}. {r.name}　统一社会信用代码：{r.credit_code}",
                                   at="/other_completing_units")
    people, people_more = a.rows(
        "成果完成人", [_completer(a, i, p) for i, p in enumerate(completers, 1)],
        CAP["completers"],
        lambda r: (f"{r.no}. {r.name}，{r.gender}，{r.birth_month}，{r.title}，{r.education}，"
                   f"{r.unit}；贡献：{r.contribution}"), at="/completers")

    ip = get(record, "intellectual_property", default={})
    evaluation = get(record, "evaluation", default={})
    plan = get(record, "plan_source", default={})
    contact = get(record, "contact", default={})
    return RegistrationFormContext(
        form_title="科技成果登记表",
        variant_title="应用技术类" if applied else "基础理论、软科学类",
        record_id=a.name("记录编号", record.get("id"), CAP["record_id"], at="/id"),
        name=a.text("成果名称", ach.get("name"), CAP["name"], at="/achievement/name"),
        first_unit=a.name("第一完成单位", get(record, "first_completing_unit", "name"),
                          CAP["first_unit"], at="/first_completing_unit/name"),
        first_unit_credit_code=a.name(
            "第一完成单位统一社会信用代码", get(record, "first_completing_unit", "credit_code"),
            CAP["first_unit_credit_code"], blank="", at="/first_completing_unit/credit_code"),
        research_start_boxes=year_month_boxes(ach.get("research_start")),
        research_end_boxes=year_month_boxes(ach.get("research_end")),
        recommending_unit=a.name("推荐单位", record.get("recommending_unit"),
                                 CAP["recommending_unit"], at="/recommending_unit"),
        approving_body=a.name("批准登记单位", get(record, "registration", "approving_body"),
                              CAP["approving_body"], blank="",
                              at="/registration/approving_body") if number else "",
        registration_no_boxes=registration_number_boxes(number),
        registration_no=a.name("成果登记号", number, CAP["registration_no"],
                                                at="/registration/number") if number
        else "尚未批准登记",
        issued_on=cn_date(get(record, "registration", "issued_on")) if number else BLANK_DATE,
        issued_on_boxes=date_boxes(get(record, "registration", "issued_on") if number else None),
        reprint_note=(f"本表于取得成果登记号 {number} 后重新打印，与在线登记内容一致。"
                      if number else ""),
        statistics_notice=STATISTICS_NOTICE,
        type_choice=checkbox((APPLIED,) if applied else THEORY_TYPES, kind),
        produced_on=cn_date(ach.get("produced_on")),
        classification=a.name("密级", ach.get("classification"), CAP["classification"],
                              at="/achievement/classification"),
        keywords=a.text("关键词", "；".join(ach.get("keywords") or []), CAP["keywords"],
                        at="/achievement/keywords"),
        discipline=a.name("学科分类", ach.get("discipline"), CAP["discipline"],
                          at="/achievement/discipline"),
        level=a.name("成果水平", ach.get("level"), CAP["level"], at="/achievement/level"),
        attribute=a.name("成果属性", ach.get("attribute"), CAP["attribute"],
                         at="/achievement/attribute") if applied else "",
        stage=a.name("成果所处阶段", ach.get("stage"), CAP["stage"], at="/achievement/stage") if applied else "",
        evaluation_choice=checkbox(EVALUATION_METHODS, evaluation.get("method")),
        evaluation_body=a.name("评价单位", evaluation.get("body"), CAP["evaluation_body"],
                               at="/evaluation/body"),
        evaluation_date=cn_date(evaluation.get("date")),
        evaluation_document=a.name("评价文号", evaluation.get("document_number"),
                                   CAP["evaluation_document"],
                                   at="/evaluation/document_number"),
        plan_name=a.text("计划名称", plan.get("plan_name"), CAP["plan_name"],
                         at="/plan_source/plan_name"),
        project_number=a.name("项目编号", plan.get("project_number"), CAP["project_number"],
                              at="/plan_source/project_number"),
        funding_choice=checkbox(("财政投入", "非财政投入"), plan.get("funding")),
        patents_applied=_count(ip.get("patents_applied", 0 if applied else None)),
        patents_granted=_count(ip.get("patents_granted", 0 if applied else None)),
        software_copyrights=_count(ip.get("software_copyrights", 0 if applied else None)),
        application_status=a.text("应用状态", get(record, "application", "status"),
                                  CAP["application_status"], at="/application/status"),
        economic_benefit=a.name("经济效益", money(get(record, "application",
                                                    "economic_benefit_wan")),
                                CAP["economic_benefit"],
                                at="/application/economic_benefit_wan"),
        summary=a.text("成果简介", ach.get("summary"), CAP["summary"], at="/achievement/summary"),
        other_units=tuple(unit_rows),
        other_units_note=(units_more or f"共 {len(units)} 家") if units else "",
        completers=tuple(people),
        completers_note=people_more or f"共 {len(completers)} 人",
        contact_name=a.name("联系人", contact.get("name"), CAP["contact_name"], at="/contact/name"),
        contact_phone=a.name("联系电话", contact.get("phone"), CAP["contact_phone"],
                             at="/contact/phone"),
        contact_email=a.name("电子邮箱", contact.get("email"), CAP["contact_email"],
                             at="/contact/email"),
        registering_body=a.name("组织管理部门", get(record, "registering_body", "name"),
                                CAP["registering_body"], at="/registering_body/name"),
        submitted_on=cn_date(record.get("submitted_on")) or BLANK_DATE,
        materials=_materials(a, record),
        continuations=tuple(a.items),
    )
