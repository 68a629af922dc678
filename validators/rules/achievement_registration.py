"""Rules for 科技成果登记 (seeds 002 Shanxi 2025 notice, 003 Sichuan 2025 workflow)."""
from __future__ import annotations

import unicodedata

from validators.catalogue import ERROR, INFO, WARNING, Violation, rule
from validators.ids import registration_no, uscc
from validators.rules._common import attachment_types, get, identifier_violation, is_filled, \
    parse_date, same_name
from validators.workdays import YearNotCovered, add_working_days

KIND = "achievement-registration"
CLASSIFIED = frozenset({"秘密", "机密", "绝密"})
# 评价方式 that give no level, so 成果水平 is 未评价 (public filling instructions of the form)
METHODS_WITHOUT_LEVEL = frozenset({"专利授权", "行业准入", "评估"})
# 003 方式二 4.(1): no round given → the only clause that sets a post-number deadline applies
DEFAULT_PAPER_WORKING_DAYS = 10

REGISTRATION_FORM = ("《科技成果登记表》", frozenset({"科技成果登记表"}))
# 002 四.1 评价性材料 (1)–(4)
EVALUATION_MATERIALS = frozenset({
    "评价证书", "评价报告", "鉴定证书", "验收报告", "验收意见", "绩效评价意见", "行业准入证明", "新产品证书",
    "标准", "施工工法", "品种审定证书", "新药证书",
    "专利证书", "植物新品种权证书", "软件著作权登记证书", "集成电路布图设计登记证书",
})
# type → [(requirement, document types that satisfy it)], 002 四.1–3
REQUIRED_MATERIALS: dict[str, list[tuple[str, frozenset[str]]]] = {
    "应用技术": [
        REGISTRATION_FORM,
        ("研制报告", frozenset({"研制报告"})),
        ("评价性材料（评价证明、标准、品种或新药证书、知识产权证明之一）", EVALUATION_MATERIALS),
        ("用户报告", frozenset({"用户报告", "应用证明"})),
    ],
    "基础理论": [
        REGISTRATION_FORM,
        ("学术论文全文或学术专著（封面、目录、版权页）", frozenset({"学术论文", "学术专著"})),
        # 四.2 lists 验收报告、意见、通知 only; unlike 四.1 and 四.3 it does not add 绩效评价意见
        ("科技计划项目验收报告、意见或通知", frozenset({"验收报告", "验收意见"})),
        ("本单位学术部门的评价意见或同行评价意见", frozenset({"学术评价意见", "同行评价意见"})),
        ("学术影响证明", frozenset({"学术影响证明"})),
    ],
    "软科学": [
        REGISTRATION_FORM,
        ("研究报告", frozenset({"研究报告"})),
        ("相关证明（评审证书、验收报告或意见、绩效评价意见、决策部门采纳意见和批示）",
         frozenset({"软科学成果评审证书", "验收报告", "验收意见", "绩效评价意见", "采纳意见", "领导批示"})),
    ],
}


def missing_materials(record: dict) -> list[str]:
    """The requirements of the record's type that no attachment satisfies (002 四)."""
    kind = get(record, "achievement", "type")
    have = attachment_types(record)
    return [label for label, accepted in REQUIRED_MATERIALS.get(kind, [])
            if not have & accepted]


def _fold(s) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split()) if isinstance(s, str) else ""


def _same_unit(a, b) -> bool:
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    ca, cb = a.get("credit_code"), b.get("credit_code")
    if is_filled(ca) and is_filled(cb):
        return uscc.compact(ca) == uscc.compact(cb)
    return same_name(a.get("name"), b.get("name"))


# --- scope (1xx) -------------------------------------------------------------------------

@rule("AR101", name="classified-achievement", kind=KIND, severity=ERROR,
      message="密级为“{level}”的涉密成果不在科技成果登记范围内",
      message_en="classified achievements ({level}) are out of scope",
      source="002 一.3", hint="涉密成果请按保密规定另行处理，不进行在线登记。",
      why="涉密成果不在山西省科技成果登记范围内。")
def classified_achievement(record, ctx):
    level = get(record, "achievement", "classification")
    if level in CLASSIFIED:
        yield Violation("/achievement/classification", level=level)


@rule("AR102", name="produced-outside-round", kind=KIND, severity=ERROR,
      message="成果产生日期 {produced} 不在{round}的登记范围（{start} 至 {end}）内",
      message_en="produced on {produced}, outside the round {start}..{end}",
      source="002 一.1、五", hint="请在成果产生年度对应的登记轮次中登记，或核对成果产生日期。",
      why="2025年1月1日至2025年12月31日期间…产生的科技成果，应当进行省级科技成果登记。")
def produced_outside_round(record, ctx):
    produced = parse_date(get(record, "achievement", "produced_on"))
    r = ctx.round
    if produced and r and not r.produced_from <= produced <= r.produced_to:
        yield Violation("/achievement/produced_on", produced=produced.isoformat(), round=r.title,
                        start=r.produced_from.isoformat(), end=r.produced_to.isoformat())


@rule("AR103", name="duplicate-registration", kind=KIND, severity=ERROR,
      message="同一成果已登记：“{name}”（{other}）",
      message_en="the same achievement is already registered: {name} ({other})",
      source="002 一.4", hint="同一成果不得重复登记；如需修改，请修改原登记记录。",
      why="同一成果不得重复登记。")
def duplicate_registration(record, ctx):
    name = get(record, "achievement", "name")
    first = record.get("first_completing_unit")
    for other in ctx.others:
        if not isinstance(other, dict) or other.get("kind") != KIND:
            continue
        if record.get("id") and other.get("id") == record.get("id"):
            continue  # an earlier version of this same record
        same = _fold(get(other, "achievement", "name")) == _fold(name) and _same_unit(
            other.get("first_completing_unit"), first)
        number = get(record, "registration", "number")
        if same or (is_filled(number) and number == get(other, "registration", "number")):
            yield Violation("/achievement/name", name=name,
                            other=other.get("id") or get(other, "registration", "number") or "已有记录")


@rule("AR104", name="registrant-not-first-unit", kind=KIND, severity=ERROR,
      message="登记单位“{registrant}”不是第一完成单位“{first}”",
      message_en="registered by {registrant}, not by the first completing unit {first}",
      source="002 一.4", hint="两个或两个以上单位共同完成的成果，由第一完成单位负责登记。",
      why="两个或两个以上单位共同完成的科技成果，由科技成果第一完成单位负责登记。")
def registrant_not_first_unit(record, ctx):
    registrant, first = record.get("registrant_unit"), record.get("first_completing_unit")
    if isinstance(registrant, dict) and isinstance(first, dict) and not _same_unit(registrant, first):
        yield Violation("/registrant_unit", registrant=registrant.get("name"),
                        first=first.get("name"))


@rule("AR105", name="voluntary-non-fiscal", kind=KIND, severity=INFO,
      message="非财政投入产生的科技成果自愿进行省级科技成果登记",
      message_en="achievements without public funding are registered voluntarily",
      source="002 一.2", hint="无需修改。")
def voluntary_non_fiscal(record, ctx):
    if get(record, "plan_source", "funding") == "非财政投入":
        yield Violation("/plan_source/funding")


# --- materials (2xx) ---------------------------------------------------------------------

@rule("AR201", name="registration-form-missing", kind=KIND, severity=ERROR,
      message="缺少《科技成果登记表》（加盖单位公章）",
      message_en="the registration form (stamped) is missing",
      source="002 四；003 方式一 3.(2)", hint="请从登记系统打印《科技成果登记表》，第一完成单位盖章后扫描上传。",
      why="《科技成果登记表》一份（加盖单位公章）。")
def registration_form_missing(record, ctx):
    if "科技成果登记表" not in attachment_types(record):
        yield Violation("/attachments")


@rule("AR202", name="required-material-missing", kind=KIND, severity=ERROR,
      message="{type}成果缺少附件材料：{material}",
      message_en="{type} achievement: required material missing: {material}",
      source="002 四.1–3", hint="请补充上传：{material}。",
      why="应用技术成果提供研制报告、评价性材料和用户报告；基础理论成果提供论文或专著、验收报告和评价意见、学术影响证明；软科学成果提供研究报告和相关证明。")
def required_material_missing(record, ctx):
    kind = get(record, "achievement", "type")
    clause = {"应用技术": "1", "基础理论": "2", "软科学": "3"}.get(kind)
    for label in missing_materials(record):
        if label != REGISTRATION_FORM[0]:
            yield Violation("/attachments", type=kind, material=label, source=f"002 四.{clause}")


@rule("AR203", name="registration-form-not-stamped", kind=KIND, severity=ERROR,
      message="《科技成果登记表》（{file}）未加盖单位公章",
      message_en="the registration form ({file}) is not stamped",
      source="002 四；003 方式二 4.(1)①", hint="请打印登记表，加盖第一完成单位公章（鲜章）后重新扫描上传。")
def registration_form_not_stamped(record, ctx):
    for i, a in enumerate(record.get("attachments") or []):
        if isinstance(a, dict) and a.get("document_type") == "科技成果登记表" and a.get("stamped") is False:
            yield Violation(f"/attachments/{i}/stamped", file=a.get("file_name"))


# --- deadlines (3xx) ---------------------------------------------------------------------

@rule("AR301", name="online-registration-late", kind=KIND, severity=ERROR,
      message="{round}在线登记截止日期为 {deadline}，{when}",
      message_en="online registration of {round} closed on {deadline}: {when_en}",
      source="002 五", hint="已过截止日期，请联系组织管理部门确认能否补登。",
      why="请成果完成人（单位）于2026年1月21日前在线登记…")
def online_registration_late(record, ctx):
    r = ctx.round
    if not r or not r.online_deadline:
        return
    submitted = parse_date(record.get("submitted_on"))
    if submitted and submitted > r.online_deadline:
        yield Violation("/submitted_on", round=r.title, deadline=r.online_deadline.isoformat(),
                        when=f"实际提交日期 {submitted.isoformat()}", when_en=f"submitted {submitted}")
    elif not submitted and ctx.today and ctx.today > r.online_deadline:
        yield Violation("/submitted_on", round=r.title, deadline=r.online_deadline.isoformat(),
                        when=f"至 {ctx.today.isoformat()} 尚未提交", when_en=f"not submitted by {ctx.today}")


@rule("AR302", name="online-registration-due", kind=KIND, severity=INFO,
      message="请于 {deadline} 前完成在线登记；组织管理部门于 {review} 前审核，{delivery}报送汇总表及纸质材料",
      message_en="register online by {deadline}; review by {review}; paper delivery {delivery}",
      source="002 五", hint="按期在线提交，并打印盖章的《科技成果登记表》交组织管理部门。")
def online_registration_due(record, ctx):
    r = ctx.round
    if r and r.online_deadline and not record.get("submitted_on") and ctx.today \
            and ctx.today <= r.online_deadline:
        delivery = (f"{r.delivery_from.isoformat()} 至 {r.delivery_to.isoformat()} "
                    if r.delivery_from and r.delivery_to else "按通知")
        yield Violation("/submitted_on", deadline=r.online_deadline.isoformat(),
                        review=r.review_deadline.isoformat() if r.review_deadline else "按通知",
                        delivery=delivery)


def paper_deadline(record, ctx):
    """(working days, deadline) for the paper materials, or None when no clause applies.

    Raises YearNotCovered when the holiday calendar lacks a year the count crosses."""
    issued = parse_date(get(record, "registration", "issued_on"))
    if issued is None:
        return None
    days = ctx.round.paper_working_days if ctx.round else DEFAULT_PAPER_WORKING_DAYS
    if not days:
        return None
    return days, add_working_days(issued, days)


@rule("AR303", name="paper-materials-late", kind=KIND, severity=ERROR,
      message="成果登记号于 {issued} 取得，纸质材料应在 {days} 个工作日内（{deadline} 前）送达，{when}",
      message_en="registration number issued {issued}: paper materials were due by {deadline} ({days} working days); {when_en}",
      source="003 方式二 4.(1)", hint="请尽快将重新打印（含成果登记号）并加盖鲜章的登记表和胶装成册的验收材料送达档案馆。",
      why="登记成功并取得成果登记号的项目单位，请在10个工作日内将以下资料邮寄或送至四川省科学技术研究成果档案馆。")
def paper_materials_late(record, ctx):
    try:
        found = paper_deadline(record, ctx)
    except YearNotCovered:
        return
    if not found:
        return
    days, deadline = found
    issued = get(record, "registration", "issued_on")
    received = parse_date(get(record, "registration", "paper_received_on"))
    if received and received > deadline:
        yield Violation("/registration/paper_received_on", issued=issued, days=days,
                        deadline=deadline.isoformat(), when=f"实际于 {received.isoformat()} 收到",
                        when_en=f"received {received}")
    elif not received and ctx.today and ctx.today > deadline:
        yield Violation("/registration/paper_received_on", issued=issued, days=days,
                        deadline=deadline.isoformat(), when=f"至 {ctx.today.isoformat()} 尚未收到",
                        when_en=f"not received by {ctx.today}")


@rule("AR304", name="paper-materials-due", kind=KIND, severity=INFO,
      message="成果登记号于 {issued} 取得，纸质材料须于 {deadline} 前（{days} 个工作日内）送达",
      message_en="paper materials due by {deadline} ({days} working days after {issued})",
      source="003 方式二 4.(1)", hint="登记表重新打印（含成果登记号）并加盖第一完成单位鲜章，单独装订；验收材料按顺序胶装成册并盖鲜章。")
def paper_materials_due(record, ctx):
    try:
        found = paper_deadline(record, ctx)
    except YearNotCovered:
        return
    if found and not get(record, "registration", "paper_received_on") and ctx.today \
            and ctx.today <= found[1]:
        yield Violation("/registration/paper_received_on",
                        issued=get(record, "registration", "issued_on"), days=found[0],
                        deadline=found[1].isoformat())


@rule("AR305", name="holiday-calendar-not-covered", kind=KIND, severity=WARNING,
      message="无法计算纸质材料期限：{reason}",
      message_en="cannot compute the paper deadline: the holiday calendar does not cover {year}",
      source="003 方式二 4.(1)", hint="请按国务院办公厅当年节假日安排人工核算 10 个工作日期限，或升级节假日数据（chinesecalendar）。")
def holiday_calendar_not_covered(record, ctx):
    try:
        paper_deadline(record, ctx)
    except YearNotCovered as e:
        yield Violation("/registration/issued_on", reason=str(e), year=e.year)


# --- identifiers and consistency (4xx) ---------------------------------------------------

@rule("AR401", name="credit-code-invalid", kind=KIND, severity=ERROR,
      message="{unit}的统一社会信用代码“{value}”无效：{reason}",
      message_en="invalid unified social credit code '{value}' of {unit}: {reason}",
      source="GB 32100-2015；科技成果登记表 完成单位情况", hint="请照单位法人证书填写 18 位统一社会信用代码。")
def credit_code_invalid(record, ctx):
    units = [("/first_completing_unit", record.get("first_completing_unit")),
             ("/registrant_unit", record.get("registrant_unit"))]
    units += [(f"/other_completing_units/{i}", u)
              for i, u in enumerate(record.get("other_completing_units") or [])]
    for path, unit in units:
        if isinstance(unit, dict):
            yield from identifier_violation(uscc, unit.get("credit_code"), path + "/credit_code",
                                            unit=unit.get("name") or "完成单位")


@rule("AR402", name="registration-number-invalid", kind=KIND, severity=ERROR,
      message="成果登记号“{value}”无效：{reason}",
      message_en="invalid registration number '{value}': {reason}",
      source="科技成果登记表 批准登记号（12 位）", hint="成果登记号由登记机构发放，请照登记通知填写 12 位号码。")
def registration_number_invalid(record, ctx):
    yield from identifier_violation(registration_no, get(record, "registration", "number"),
                                    "/registration/number")


@rule("AR403", name="registration-number-type-mismatch", kind=KIND, severity=WARNING,
      message="成果登记号类型字母为“{letter}”，而成果类型为{type}（Y 表示应用技术）",
      message_en="registration number type letter {letter} does not match type {type} (Y = applied technology)",
      source="科技成果登记表 批准登记号", hint="请核对成果类型与登记号。")
def registration_number_type_mismatch(record, ctx):
    number = get(record, "registration", "number")
    kind = get(record, "achievement", "type")
    if is_filled(number) and registration_no.is_valid(number) and kind:
        letter = registration_no.type_letter(number)
        if (letter == registration_no.APPLIED_TECHNOLOGY_LETTER) != (kind == "应用技术"):
            yield Violation("/registration/number", letter=letter, type=kind)


@rule("AR404", name="too-many-keywords", kind=KIND, severity=ERROR,
      message="关键词有 {count} 个，最多填写 3 个",
      message_en="{count} keywords, at most 3 allowed",
      source="科技成果登记表 填表说明（关键词不超过 3 个）", hint="请保留最能概括成果的 3 个关键词。")
def too_many_keywords(record, ctx):
    keywords = get(record, "achievement", "keywords")
    if isinstance(keywords, list) and len(keywords) > 3:
        yield Violation("/achievement/keywords", count=len(keywords))


@rule("AR405", name="research-period-reversed", kind=KIND, severity=ERROR,
      message="研究起始日期 {start} 晚于研究终止日期 {end}",
      message_en="research start {start} is after research end {end}",
      source="科技成果登记表 填表说明（研究起始/终止日期）", hint="起始日期按任务书或合同书填写，终止日期为研究工作结束的年月。")
def research_period_reversed(record, ctx):
    start, end = get(record, "achievement", "research_start"), get(record, "achievement", "research_end")
    if isinstance(start, str) and isinstance(end, str) and len(start) == len(end) == 7 and start > end:
        yield Violation("/achievement/research_start", start=start, end=end)


@rule("AR406", name="level-without-evaluation", kind=KIND, severity=ERROR,
      message="评价方式为“{method}”，不给出成果水平，成果水平应填“未评价”，而不是“{level}”",
      message_en="evaluation method {method} gives no level; 成果水平 must be 未评价, not {level}",
      source="科技成果登记表 填表说明（成果水平）", hint="请将成果水平改为“未评价”。")
def level_without_evaluation(record, ctx):
    method, level = get(record, "evaluation", "method"), get(record, "achievement", "level")
    if method in METHODS_WITHOUT_LEVEL and level and level != "未评价":
        yield Violation("/achievement/level", method=method, level=level)


@rule("AR407", name="produced-before-evaluation", kind=KIND, severity=WARNING,
      message="成果产生日期 {produced} 早于评价日期 {evaluated}",
      message_en="produced on {produced}, before the evaluation date {evaluated}",
      source="002 一.1", hint="成果产生日期一般为通过评价（鉴定、验收、授权）的日期，请核对。")
def produced_before_evaluation(record, ctx):
    produced = parse_date(get(record, "achievement", "produced_on"))
    evaluated = parse_date(get(record, "evaluation", "date"))
    if produced and evaluated and produced < evaluated:
        yield Violation("/achievement/produced_on", produced=produced.isoformat(),
                        evaluated=evaluated.isoformat())
