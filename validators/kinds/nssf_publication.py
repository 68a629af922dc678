"""Facts of 国家社科基金项目成果出版物登记报送 (nssf-publication; seed 000: 社科工作办通字[2020]21号),
read by its rules, by the 报送清单 form and by the procedure (service/store/nssf_workflow.py)."""
from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

from validators.kinds.achievement_registration import Step
from validators.record import get, parse_date

PARCEL_LABEL = "社科基金成果样书"          # 000 二（二）3：外包装显著位置须标明的字样
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


def monthly_mailing_deadline(record: dict) -> date | None:
    """000 二（三） "由责任单位每月定期邮寄": our reading of "monthly" is that a publication handed
    to the unit in one month goes out in the next month's mailing at the latest, so by the last
    day of the month after the hand-over. None for the 2020 batch (its own date, NP304) and when
    the record does not give the hand-over date."""
    handed = parse_date(get(record, "registration", "handed_to_unit_on"))
    published, _ = publication_day(record)
    if handed is None or (published is not None and published <= BATCH_PUBLISHED_BY):
        return None
    return _end_of_next_month(handed)


def _end_of_next_month(day: date) -> date:
    following = day + relativedelta(months=1)
    return following.replace(day=calendar.monthrange(following.year, following.month)[1])


def is_voluntary(record) -> bool:
    """000 一: completed before 2012 → registration is voluntary, so it cannot be overdue."""
    completed = parse_date(get(record, "project", "completion_date"))
    return completed is not None and completed < SCOPE_START


def copies_basis(record) -> dict:
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


# ---- the registration and mailing procedure (000 二（二）、（三）) ----------------------------------
# 000 二（二）1: 项目负责人在线登记出版物情况，并将出版物按规定数量交至责任单位科研管理部门.
# 000 二（二）2: 责任单位科研管理部门及时…核实后上报，并汇总和邮寄成果出版物.
# 000 二（三）: 出版后 1 个月内在线登记（NP301, a record rule），由责任单位每月定期邮寄.
# A registration the unit finds wrong goes back to the PI with what to correct (our reading of
# 核实), and comes back with a new version.

UNIT, PI = "责任单位", "项目负责人"
ACTORS = {4: UNIT, 3: UNIT}
_UNIT_LEVELS = (3, 4)

PROCEDURE: dict[str, tuple[Step, ...]] = {
    "submitted": (
        Step("verify", "核实出版物填写情况后上报", UNIT, _UNIT_LEVELS, "verified", "000 二（二）2"),
        Step("return", "退回更正（须附修改意见）", UNIT, _UNIT_LEVELS, "returned", "000 二（二）2"),
    ),
    "returned": (
        Step("resubmit", "按修改意见更正登记信息后再次提交（提交新版本）", PI, (), "submitted", "000 二（二）1"),
    ),
    "verified": (
        Step("mail", "汇总邮寄中国版本图书馆（外包装标明“社科基金成果样书”）", UNIT, _UNIT_LEVELS, "mailed",
             "000 二（二）2、3，二（三）"),
    ),
    "mailed": (),
}

DECISIONS = {"verify": "核实上报", "return": "退回更正", "mail": "已邮寄"}
STEP_LABELS = {**DECISIONS, "resubmit": "再次提交"}
NEEDS_OPINION = frozenset({"return"})
PAPER_ONLY_CODES: frozenset[str] = frozenset()
MAILING_STATES = frozenset({"verified"})


def procedure(record: dict) -> dict[str, tuple[Step, ...]]:
    """The steps of a publication's registration and mailing: the same for every record."""
    return PROCEDURE


def mailing_due(record: dict, verified_on: date) -> date:
    """When the unit's mailing of this book is due: the 2020 batch's date; else monthly, from the
    hand-over date the record gives, or else from the day the unit verified the registration."""
    published, _ = publication_day(record)
    if published is not None and published <= BATCH_PUBLISHED_BY:
        return BATCH_DEADLINE
    return monthly_mailing_deadline(record) or _end_of_next_month(verified_on)
