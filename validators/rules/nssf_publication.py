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


@rule("NP101")
def outcome_flagged_not_for_nssf(record, context):
    if get(record, "project", "flagged_not_for_nssf_publication") is True:
        yield Violation("/project/flagged_not_for_nssf_publication")


@rule("NP102")
def completed_before_2012(record, context):
    completed = parse_date(get(record, "project", "completion_date"))
    if completed and completed < SCOPE_START:
        yield Violation("/project/completion_date", completed=completed.isoformat())


@rule("NP201")
def copies_below_required(record, context):
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


@rule("NP202")
def copies_not_stated(record, context):
    required = copies_required(record)
    if required and get(record, "registration", "copies_submitted") is None:
        yield Violation("/registration", required=required, **_copies_basis(record))


@rule("NP203")
def parcel_label_wrong(record, context):
    # "标明“社科基金成果样书”字样": the words must be on the parcel; a sender added beside them is fine
    label = get(record, "mailing", "parcel_label")
    if isinstance(label, str) and PARCEL_LABEL not in "".join(label.split()):
        yield Violation("/mailing/parcel_label", label=label)


@rule("NP301")
def registered_after_deadline(record, context):
    registered = parse_date(get(record, "registration", "registered_on"))
    deadline = registration_deadline(record)
    if registered and deadline and registered > deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat(), registered=registered.isoformat())


@rule("NP304")
def mailed_after_batch_deadline(record, context):
    # later publications are mailed by the unit monthly (000 二（三）), with no fixed date to check
    mailed = parse_date(get(record, "mailing", "mailed_on"))
    published, _ = publication_day(record)
    if mailed and published and published <= BATCH_PUBLISHED_BY and mailed > BATCH_DEADLINE:
        yield Violation("/mailing/mailed_on", published=_published_text(record),
                        mailed=mailed.isoformat())


@rule("NP302")
def registration_overdue(record, context):
    deadline = None if _voluntary(record) else registration_deadline(record)
    if context.today and deadline and not get(record, "registration", "registered_on") \
            and context.today > deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat(), today=context.today.isoformat())


@rule("NP303")
def registration_due(record, context):
    deadline = None if _voluntary(record) else registration_deadline(record)
    if context.today and deadline and not get(record, "registration", "registered_on") \
            and context.today <= deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat())


@rule("NP401")
def cip_number_invalid(record, context):
    yield from identifier_violation(cip, get(record, "book", "cip_number"), "/book/cip_number")


@rule("NP402")
def cip_number_variant(record, context):
    value = get(record, "book", "cip_number")
    if is_filled(value) and cip.is_valid(value):
        variant = cip.detect_variant(value)
        yield Violation("/book/cip_number", value=value, normal=cip.compact(value),
                        variant=cip.VARIANTS[variant], variant_en=variant)


@rule("NP403")
def cip_year_after_publication(record, context):
    value = get(record, "book", "cip_number")
    published, _ = publication_day(record)
    if is_filled(value) and cip.is_valid(value) and published:
        cip_year = int(cip.compact(value)[:4])
        if cip_year > published.year:
            yield Violation("/book/cip_number", cip_year=cip_year, published_year=published.year)


@rule("NP404")
def isbn_invalid(record, context):
    yield from identifier_violation(isbn, get(record, "book", "isbn"), "/book/isbn")


@rule("NP405")
def isbn10_converted(record, context):
    value = get(record, "book", "isbn")
    if is_filled(value) and isbn.is_valid(value) and isbn.is_isbn10(value):
        yield Violation("/book/isbn", value=value, isbn13=isbn.format(value))


@rule("NP406")
def isbn_not_chinese(record, context):
    value = get(record, "book", "isbn")
    if is_filled(value) and isbn.is_valid(value) and not isbn.is_chinese(value):
        yield Violation("/book/isbn", value=value)


@rule("NP407")
def approval_number_invalid(record, context):
    yield from identifier_violation(nssf_project, get(record, "project", "approval_number"),
                                    "/project/approval_number")


@rule("NP408")
def completed_before_approval(record, context):
    number = get(record, "project", "approval_number")
    completed = parse_date(get(record, "project", "completion_date"))
    if completed and is_filled(number) and nssf_project.is_valid(number):
        approved = nssf_project.approval_year(number)
        if completed.year < approved:
            yield Violation("/project/completion_date", completed=completed.isoformat(),
                            approved=approved)


@rule("NP409")
def credit_code_invalid(record, context):
    yield from identifier_violation(uscc, get(record, "project", "responsible_unit", "credit_code"),
                                    "/project/responsible_unit/credit_code")
