"""Rules for 国家社科基金项目成果出版物登记报送 (seed 000: 社科工作办通字[2020]21号 and its manual)."""
from __future__ import annotations

from validators.catalogue import Violation, rule
from validators.ids import cip, isbn, nssf_project, uscc
from validators.kinds.nssf_publication import (
    BATCH_DEADLINE,
    BATCH_PUBLISHED_BY,
    PARCEL_LABEL,
    SCOPE_START,
    copies_basis,
    copies_required,
    is_voluntary,
    monthly_mailing_deadline,
    publication_day,
    registration_deadline,
)
from validators.record import get, is_filled, parse_date
from validators.rules._common import identifier_violation
from validators.rules._nssf import unusual_approval_number_violations

KIND = "nssf-publication"


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
                        **copies_basis(record))


@rule("NP202")
def copies_not_stated(record, context):
    required = copies_required(record)
    if required and get(record, "registration", "copies_submitted") is None:
        yield Violation("/registration", required=required, **copies_basis(record))


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


@rule("NP305")
def monthly_mailing_late(record, context):
    deadline = monthly_mailing_deadline(record)
    if deadline is None:
        return
    mailed = parse_date(get(record, "mailing", "mailed_on"))
    handed = get(record, "registration", "handed_to_unit_on")
    if mailed and mailed > deadline:
        yield Violation("/mailing/mailed_on", handed=handed, deadline=deadline.isoformat(),
                        when=f"实际邮寄日期 {mailed.isoformat()}", when_en=f"mailed {mailed}")
    elif not mailed and context.today and context.today > deadline:
        yield Violation("/mailing/mailed_on", handed=handed, deadline=deadline.isoformat(),
                        when=f"至 {context.today.isoformat()} 尚未邮寄", when_en=f"not mailed by {context.today}")


@rule("NP302")
def registration_overdue(record, context):
    deadline = None if is_voluntary(record) else registration_deadline(record)
    if context.today and deadline and not get(record, "registration", "registered_on") \
            and context.today > deadline:
        yield Violation("/registration/registered_on", published=_published_text(record),
                        deadline=deadline.isoformat(), today=context.today.isoformat())


@rule("NP303")
def registration_due(record, context):
    deadline = None if is_voluntary(record) else registration_deadline(record)
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


@rule("NP410")
def approval_number_unusual(record, context):
    yield from unusual_approval_number_violations(record)
