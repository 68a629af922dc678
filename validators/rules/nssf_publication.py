"""Rules for 国家社科基金项目成果出版物登记报送 (seed 000: 社科工作办通字[2020]21号 and its manual)."""
from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

from validators.catalogue import ERROR, INFO, WARNING, Violation, rule
from validators.ids import cip, isbn, nssf_project, uscc
from validators.rules._common import get, identifier_violation, is_filled, parse_date

KIND = "nssf-publication"
PARCEL_LABEL = "社科基金成果样书"
SCOPE_START = date(2012, 1, 1)          # 000 一：2012 年（含）以后结项的全部入库
THREE_COPIES_FROM = date(2020, 1, 1)    # 000 二（一）：2020 年（含）以后结项报送 3 套
BATCH_PUBLISHED_BY = date(2020, 8, 31)  # 000 二（三）：2020-08-31 之前出版的 …
BATCH_DEADLINE = date(2020, 9, 30)      # … 须在 2020-09-30 之前完成集中登记和邮寄


def copies_required(record: dict) -> int | None:
    """套数 a published outcome must be mailed in (000 二（一）).

    Completed 2012–2019: 2; completed 2020 or later: 3; completed before 2012: 1–2 voluntarily,
    so 1 is the minimum; a large document-compilation series (大型文献编撰类丛书): 1 is enough.

    >>> copies_required({"project": {"completion_date": "2019-12-31"}, "book": {}})
    2
    >>> copies_required({"project": {"completion_date": "2020-01-01"}, "book": {}})
    3
    >>> copies_required({"project": {"completion_date": "2021-05-01"},
    ...                  "book": {"large_compilation_series": True}})
    1
    """
    completed = parse_date(get(record, "project", "completion_date"))
    if completed is None:
        return None
    if get(record, "book", "large_compilation_series") is True:
        return 1
    if completed < SCOPE_START:
        return 1
    return 3 if completed >= THREE_COPIES_FROM else 2


def publication_day(record: dict) -> tuple[date | None, bool]:
    """The publication date, and whether only year and month were given.

    Copyright pages print the year and month only; we then take the LAST day of the month,
    the reading most favourable to the submitter, and say so in the message.
    """
    value = get(record, "book", "publication_date")
    if not isinstance(value, str):
        return None, False
    full = parse_date(value)
    if full:
        return full, False
    try:
        year, month = (int(x) for x in value.split("-"))
        return date(year, month, calendar.monthrange(year, month)[1]), True
    except (ValueError, TypeError):
        return None, False


def registration_deadline(record: dict) -> date | None:
    """000 二（三）: published on or before 2020-08-31 → by 2020-09-30; later → within one
    month of publication (same day of the next month, python-dateutil's month arithmetic)."""
    published, _ = publication_day(record)
    if published is None:
        return None
    if published <= BATCH_PUBLISHED_BY:
        return BATCH_DEADLINE
    return published + relativedelta(months=1)


def _voluntary(record) -> bool:
    """000 一: completed before 2012 → registration is voluntary, so it cannot be overdue."""
    completed = parse_date(get(record, "project", "completion_date"))
    return completed is not None and completed < SCOPE_START


def _published_text(record) -> str:
    published, month_only = publication_day(record)
    if published is None:
        return ""
    return f"{published:%Y-%m}（按当月最后一日计）" if month_only else published.isoformat()


@rule("NP101", name="outcome-flagged-not-for-nssf", kind=KIND, severity=ERROR,
      message="该成果已被提示“不得以国家社会科学基金名义出版”，不予入库",
      message_en="the office flagged this outcome 'not to be published in the name of the NSSF'; it is not accepted",
      source="000 一", hint="此类成果不能登记入库；如提示有误，请联系全国社科工作办核实。",
      why="项目结项后，凡我办提示“不得以国家社会科学基金名义出版”的成果不予入库。")
def outcome_flagged_not_for_nssf(record, ctx):
    if get(record, "project", "flagged_not_for_nssf_publication") is True:
        yield Violation("/project/flagged_not_for_nssf_publication")


@rule("NP102", name="completed-before-2012", kind=KIND, severity=INFO,
      message="项目于 {completed} 结项（2012 年以前），成果依自愿原则登记入库，可报送 1–2 套",
      message_en="completed on {completed}, before 2012: registration is voluntary (1–2 copies)",
      source="000 一、二（一）", hint="可自愿登记；如登记，报送 1–2 套。",
      why="2012 年以前结项的项目成果依照自愿原则登记入库；自愿报送 1-2 套。")
def completed_before_2012(record, ctx):
    completed = parse_date(get(record, "project", "completion_date"))
    if completed and completed < SCOPE_START:
        yield Violation("/project/completion_date", completed=completed.isoformat())


@rule("NP201", name="copies-below-required", kind=KIND, severity=ERROR,
      message="报送套数为 {given} 套，少于应报送的 {required} 套（{basis}）",
      message_en="{given} copies submitted, {required} required ({basis_en})",
      source="000 二（一）", hint="请报送 {required} 套成果出版物。",
      why="2012年至2019年结项的报送2套，2020年（含）以后结项的报送3套；大型文献编撰类丛书可只报送1套。")
def copies_below_required(record, ctx):
    given = get(record, "registration", "copies_submitted")
    required = copies_required(record)
    if isinstance(given, int) and not isinstance(given, bool) and required and given < required:
        yield Violation("/registration/copies_submitted", given=given, required=required,
                        **_copies_basis(record))


def _copies_basis(record) -> dict:
    """Why that many copies, in both languages (message values ``basis``/``basis_en``)."""
    completed = parse_date(get(record, "project", "completion_date"))
    if get(record, "book", "large_compilation_series") is True:
        zh, en = "大型文献编撰类丛书", "large compilation series"
    elif completed < SCOPE_START:
        zh, en = "2012 年以前结项，自愿报送 1–2 套", "completed before 2012, 1–2 voluntary"
    elif completed >= THREE_COPIES_FROM:
        zh, en = "2020 年（含）以后结项", "completed in 2020 or later"
    else:
        zh, en = "2012—2019 年结项", "completed 2012–2019"
    return {"basis": zh, "basis_en": en}


@rule("NP202", name="copies-not-stated", kind=KIND, severity=INFO,
      message="应报送 {required} 套（{basis}），记录中尚未填写报送套数",
      message_en="{required} copies are required ({basis_en}); the number submitted is not filled in",
      source="000 二（一）", hint="请填写报送套数，并按 {required} 套交至责任单位。")
def copies_not_stated(record, ctx):
    required = copies_required(record)
    if required and get(record, "registration", "copies_submitted") is None:
        yield Violation("/registration", required=required, **_copies_basis(record))


@rule("NP203", name="parcel-label-wrong", kind=KIND, severity=ERROR,
      message="外包装标注为“{label}”，未标明“社科基金成果样书”字样",
      message_en="parcel labelled '{label}', without the words '社科基金成果样书'",
      source="000 二（二）3", hint="请在外包装显著位置标明“社科基金成果样书”字样。",
      why="各责任单位邮寄成果出版物时务必在外包装显著位置标明“社科基金成果样书”字样。")
def parcel_label_wrong(record, ctx):
    # "标明“社科基金成果样书”字样": the words must be on the parcel; a sender added beside them is fine
    label = get(record, "mailing", "parcel_label")
    if isinstance(label, str) and PARCEL_LABEL not in "".join(label.split()):
        yield Violation("/mailing/parcel_label", label=label)


@rule("NP301", name="registered-after-deadline", kind=KIND, severity=ERROR,
      message="出版日期 {published}，应于 {deadline} 前登记，实际登记日期 {registered}，已逾期",
      message_en="published {published}: registration was due by {deadline}, registered {registered}",
      source="000 二（三）", hint="逾期登记请尽快补登并向责任单位说明情况。",
      why="2020年8月31日之前出版的，须在2020年9月30日之前完成集中登记和邮寄；之后出版的，须在正式出版后1个月内在线登记。")
def registered_after_deadline(record, ctx):
    registered = parse_date(get(record, "registration", "registered_on"))
    deadline = registration_deadline(record)
    if registered and deadline and registered > deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat(), registered=registered.isoformat())


@rule("NP304", name="mailed-after-batch-deadline", kind=KIND, severity=ERROR,
      message="出版日期 {published}（2020 年 8 月 31 日之前），应于 2020-09-30 前完成邮寄，实际邮寄日期 {mailed}",
      message_en="published {published}, on or before 2020-08-31: mailing was due by 2020-09-30, mailed {mailed}",
      source="000 二（三）", hint="逾期邮寄请向责任单位说明情况并尽快寄出。",
      why="对 2020 年 8 月 31 日之前出版的成果，须在 2020 年 9 月 30 日之前完成集中登记和邮寄工作。")
def mailed_after_batch_deadline(record, ctx):
    # later publications are mailed by the unit monthly (000 二（三）), with no fixed date to check
    mailed = parse_date(get(record, "mailing", "mailed_on"))
    published, _ = publication_day(record)
    if mailed and published and published <= BATCH_PUBLISHED_BY and mailed > BATCH_DEADLINE:
        yield Violation("/mailing/mailed_on", published=_published_text(record),
                        mailed=mailed.isoformat())


@rule("NP302", name="registration-overdue", kind=KIND, severity=ERROR,
      message="出版日期 {published}，应于 {deadline} 前在线登记，至 {today} 尚未登记",
      message_en="published {published}: registration was due by {deadline}; not registered as of {today}",
      source="000 二（三）", hint="请立即在管理平台在线登记并将出版物交至责任单位。")
def registration_overdue(record, ctx):
    deadline = None if _voluntary(record) else registration_deadline(record)
    if ctx.today and deadline and not get(record, "registration", "registered_on") \
            and ctx.today > deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat(), today=ctx.today.isoformat())


@rule("NP303", name="registration-due", kind=KIND, severity=INFO,
      message="出版日期 {published}，请于 {deadline} 前在线登记并报送责任单位",
      message_en="published {published}: register online by {deadline}",
      source="000 二（三）", hint="在管理平台登记后，将出版物按规定套数交至责任单位。")
def registration_due(record, ctx):
    deadline = None if _voluntary(record) else registration_deadline(record)
    if ctx.today and deadline and not get(record, "registration", "registered_on") \
            and ctx.today <= deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat())


@rule("NP401", name="cip-number-invalid", kind=KIND, severity=ERROR,
      message="CIP核准号“{value}”无效：{reason}",
      message_en="invalid CIP number '{value}': {reason}",
      source="000 附件 三.3④", hint="请照版权页填写 CIP 数据核字号，如 2017133041 或 2024PR2624（不含“第”“号”）。",
      why="请确认您填写的 CIP核准号是否为 10位纯数字且正确。")
def cip_number_invalid(record, ctx):
    yield from identifier_violation(cip, get(record, "book", "cip_number"), "/book/cip_number")


@rule("NP402", name="cip-number-variant", kind=KIND, severity=INFO,
      message="CIP核准号 {value} 为“{variant}”，按 {normal} 登记",
      message_en="CIP number {value} is in the {variant_en} form, normalised to {normal}",
      source="000 附件 三.3④", hint="无需修改；两种版权页格式均可登记。")
def cip_number_variant(record, ctx):
    value = get(record, "book", "cip_number")
    if is_filled(value) and cip.is_valid(value):
        variant = cip.detect_variant(value)
        yield Violation("/book/cip_number", value=value, normal=cip.compact(value),
                        variant=cip.VARIANTS[variant], variant_en=variant)


@rule("NP403", name="cip-year-after-publication", kind=KIND, severity=WARNING,
      message="CIP核准号年份 {cip_year} 晚于出版年份 {published_year}",
      message_en="CIP year {cip_year} is later than the publication year {published_year}",
      source="000 附件 三.4", hint="请对照版权页核对 CIP 核准号和出版日期。")
def cip_year_after_publication(record, ctx):
    value = get(record, "book", "cip_number")
    published, _ = publication_day(record)
    if is_filled(value) and cip.is_valid(value) and published:
        cip_year = int(cip.compact(value)[:4])
        if cip_year > published.year:
            yield Violation("/book/cip_number", cip_year=cip_year, published_year=published.year)


@rule("NP404", name="isbn-invalid", kind=KIND, severity=ERROR,
      message="ISBN“{value}”无效：{reason}", message_en="invalid ISBN '{value}': {reason}",
      source="000 附件 三.3②", hint="请照版权页或封底条码填写 13 位 ISBN，如 978-7-5201-6474-0。")
def isbn_invalid(record, ctx):
    yield from identifier_violation(isbn, get(record, "book", "isbn"), "/book/isbn")


@rule("NP405", name="isbn10-converted", kind=KIND, severity=INFO,
      message="ISBN {value} 为旧式 10 位，按 ISBN-13 {isbn13} 登记",
      message_en="ISBN-10 {value} converted to ISBN-13 {isbn13}",
      source="000 附件 三.3②", hint="建议直接填写 13 位 ISBN {isbn13}。")
def isbn10_converted(record, ctx):
    value = get(record, "book", "isbn")
    if is_filled(value) and isbn.is_valid(value) and isbn.is_isbn10(value):
        yield Violation("/book/isbn", value=value, isbn13=isbn.format(value))


@rule("NP406", name="isbn-not-chinese", kind=KIND, severity=WARNING,
      message="ISBN {value} 不是中国出版物的 978-7 开头号码",
      message_en="ISBN {value} is not in the Chinese registration group 978-7",
      source="000 一", hint="国内出版的图书 ISBN 以 978-7 开头，请核对；境外出版的成果请确认是否属于报送范围。")
def isbn_not_chinese(record, ctx):
    value = get(record, "book", "isbn")
    if is_filled(value) and isbn.is_valid(value) and not isbn.is_chinese(value):
        yield Violation("/book/isbn", value=value)


@rule("NP407", name="approval-number-invalid", kind=KIND, severity=ERROR,
      message="项目批准号“{value}”无效：{reason}", message_en="invalid project number '{value}': {reason}",
      source="000 附件 二.1", hint="请照立项通知书填写批准号，如 20BZX012、18ZDA001。")
def approval_number_invalid(record, ctx):
    yield from identifier_violation(nssf_project, get(record, "project", "approval_number"),
                                    "/project/approval_number")


@rule("NP408", name="completed-before-approval", kind=KIND, severity=ERROR,
      message="结项日期 {completed} 早于批准号所示的立项年份 {approved}",
      message_en="completion date {completed} is before the approval year {approved}",
      source="000 附件 二.1", hint="请核对批准号和结项日期。")
def completed_before_approval(record, ctx):
    number = get(record, "project", "approval_number")
    completed = parse_date(get(record, "project", "completion_date"))
    if completed and is_filled(number) and nssf_project.is_valid(number):
        approved = nssf_project.approval_year(number)
        if completed.year < approved:
            yield Violation("/project/completion_date", completed=completed.isoformat(),
                            approved=approved)


@rule("NP409", name="credit-code-invalid", kind=KIND, severity=ERROR,
      message="责任单位统一社会信用代码“{value}”无效：{reason}",
      message_en="invalid unified social credit code '{value}': {reason}",
      source="GB 32100-2015", hint="请照单位营业执照或事业单位法人证书填写 18 位统一社会信用代码。")
def credit_code_invalid(record, ctx):
    yield from identifier_violation(uscc, get(record, "project", "responsible_unit", "credit_code"),
                                    "/project/responsible_unit/credit_code")
