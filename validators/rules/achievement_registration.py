"""Rules for 科技成果登记 (seeds 002 Shanxi 2025 notice, 003 Sichuan 2025 workflow)."""
from __future__ import annotations

import unicodedata
from datetime import timedelta

from validators import rounds
from validators.catalogue import Violation, rule
from validators.ids import registration_no, uscc
from validators.kinds.achievement_registration import (
    OFFLINE_CHANNEL,
    REGISTRATION_FORM,
    has_file,
    missing_materials,
    missing_originals,
)
from validators.record import attachment_types, get, is_filled, parse_date, same_name
from validators.rules._common import identifier_violation
from validators.workdays import YearNotCovered, add_working_days

KIND = "achievement-registration"
CLASSIFIED = frozenset({"秘密", "机密", "绝密"})
# 评价方式 that give no level, so 成果水平 is 未评价 (public filling instructions of the form)
METHODS_WITHOUT_LEVEL = frozenset({"专利授权", "行业准入", "评估"})


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

@rule("AR101")
def classified_achievement(record, context):
    level = get(record, "achievement", "classification")
    if level in CLASSIFIED:
        yield Violation("/achievement/classification", level=level)


@rule("AR102")
def produced_outside_round(record, context):
    produced = parse_date(get(record, "achievement", "produced_on"))
    r = context.round
    if produced and r and not r.produced_from <= produced <= r.produced_to:
        yield Violation("/achievement/produced_on", produced=produced.isoformat(), round=r.title,
                        start=r.produced_from.isoformat(), end=r.produced_to.isoformat())


def _registered_by(other: dict) -> str:
    """Who holds the other record, told without another submitter's identifiers: the body that
    registered it (批准登记单位), or that it is not registered yet."""
    if not is_filled(get(other, "registration", "number")):
        return "另有一条相同成果的提交，尚未登记（未发放成果登记号）"
    body = get(other, "registration", "approving_body")
    return f"批准登记单位：{body}" if is_filled(body) else "已批准登记"


@rule("AR103")
def duplicate_registration(record, context):
    # The caller leaves the record's own versions out of context.others (the service by
    # submission, the command line by file). The record's ``id`` is the submitter's to write,
    # so it tells nothing about whose the other record is, and is not compared.
    name = get(record, "achievement", "name")
    first = record.get("first_completing_unit")
    number = get(record, "registration", "number")
    for other in context.others:
        if not isinstance(other, dict) or other.get("kind") != KIND:
            continue
        same = _fold(get(other, "achievement", "name")) == _fold(name) and _same_unit(
            other.get("first_completing_unit"), first)
        if same or (is_filled(number) and number == get(other, "registration", "number")):
            yield Violation("/achievement/name", name=name, other=_registered_by(other))


@rule("AR104")
def registrant_not_first_unit(record, context):
    registrant, first = record.get("registrant_unit"), record.get("first_completing_unit")
    if isinstance(registrant, dict) and isinstance(first, dict) and not _same_unit(registrant, first):
        yield Violation("/registrant_unit", registrant=registrant.get("name"),
                        first=first.get("name"))


@rule("AR105")
def voluntary_non_fiscal(record, context):
    if get(record, "plan_source", "funding") == "非财政投入":
        yield Violation("/plan_source/funding")


# --- materials (2xx) ---------------------------------------------------------------------

@rule("AR201")
def registration_form_missing(record, context):
    if "科技成果登记表" not in attachment_types(record):
        yield Violation("/attachments")


@rule("AR202")
def required_material_missing(record, context):
    kind = get(record, "achievement", "type")
    clause = {"应用技术": "1", "基础理论": "2", "软科学": "3"}.get(kind)
    for label in missing_materials(record):
        if label != REGISTRATION_FORM[0]:
            yield Violation("/attachments", type=kind, material=label, source=f"002 四.{clause}")


@rule("AR203")
def registration_form_not_stamped(record, context):
    for i, a in enumerate(record.get("attachments") or []):
        if isinstance(a, dict) and a.get("document_type") == "科技成果登记表" and a.get("stamped") is False:
            yield Violation(f"/attachments/{i}/stamped", file=a.get("file_name"))


@rule("AR204")
def export_package_missing(record, context):
    package = context.round.export_package if context.round else None
    if package and not has_file(record, package):
        yield Violation("/attachments", round=context.round.title, file=package)


@rule("AR205")
def original_missing(record, context):
    if context.round and context.round.offline_originals and record.get("channel") == OFFLINE_CHANNEL:
        for label in missing_originals(record):
            yield Violation("/attachments", material=label)


# --- deadlines (3xx) ---------------------------------------------------------------------

@rule("AR301")
def online_registration_late(record, context):
    r = context.round
    if not r or not r.online_deadline:
        return
    submitted = parse_date(record.get("submitted_on"))
    if submitted and submitted > r.online_deadline:
        yield Violation("/submitted_on", round=r.title, deadline=r.online_deadline.isoformat(),
                        when=f"实际提交日期 {submitted.isoformat()}", when_en=f"submitted {submitted}")
    elif not submitted and context.today and context.today > r.online_deadline:
        yield Violation("/submitted_on", round=r.title, deadline=r.online_deadline.isoformat(),
                        when=f"至 {context.today.isoformat()} 尚未提交", when_en=f"not submitted by {context.today}")


@rule("AR302")
def online_registration_due(record, context):
    r = context.round
    if r and r.online_deadline and not record.get("submitted_on") and context.today \
            and context.today <= r.online_deadline:
        delivery = (f"{r.delivery_from.isoformat()} 至 {r.delivery_to.isoformat()} "
                    if r.delivery_from and r.delivery_to else "按通知")
        yield Violation("/submitted_on", deadline=r.online_deadline.isoformat(),
                        review=r.review_deadline.isoformat() if r.review_deadline else "按通知",
                        delivery=delivery)


def paper_deadline(record, context):
    """(working days, deadline) for the paper materials, or None when no clause applies.

    Raises YearNotCovered when the holiday calendar lacks a year the count crosses."""
    issued = parse_date(get(record, "registration", "issued_on"))
    if issued is None:
        return None
    days = rounds.paper_rule(context.round).working_days
    if not days:
        return None
    return days, add_working_days(issued, days)


@rule("AR303")
def paper_materials_late(record, context):
    try:
        found = paper_deadline(record, context)
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
    elif not received and context.today and context.today > deadline:
        yield Violation("/registration/paper_received_on", issued=issued, days=days,
                        deadline=deadline.isoformat(), when=f"至 {context.today.isoformat()} 尚未收到",
                        when_en=f"not received by {context.today}")


@rule("AR304")
def paper_materials_due(record, context):
    try:
        found = paper_deadline(record, context)
    except YearNotCovered:
        return
    if found and not get(record, "registration", "paper_received_on") and context.today \
            and context.today <= found[1]:
        yield Violation("/registration/paper_received_on",
                        issued=get(record, "registration", "issued_on"), days=found[0],
                        deadline=found[1].isoformat())


@rule("AR305")
def holiday_calendar_not_covered(record, context):
    try:
        paper_deadline(record, context)
    except YearNotCovered as e:
        yield Violation("/registration/issued_on", reason=str(e), year=e.year)


def _review_late(start, days: int | None, deadline_of, done, today):
    """(deadline, when, when_en) when the archive's review came, or is still due, after its
    period; None otherwise."""
    if not start or not days:
        return None
    deadline = deadline_of(start, days)
    if done and done > deadline:
        return deadline, f"实际于 {done.isoformat()} 完成", f"done {done}"
    if not done and today and today > deadline:
        return deadline, f"至 {today.isoformat()} 尚未完成", f"not done by {today}"
    return None


@rule("AR306")
def formal_review_overdue(record, context):
    # a number issued means the formal review was passed, on a day the record may not give
    if is_filled(get(record, "registration", "number")) and not get(record, "review", "formal_reviewed_on"):
        return
    submitted = parse_date(record.get("submitted_on"))
    days = context.round.formal_review_days if context.round else None
    late = _review_late(submitted, days, lambda d, n: d + timedelta(days=n),
                        parse_date(get(record, "review", "formal_reviewed_on")), context.today)
    if late:
        yield Violation("/review/formal_reviewed_on", submitted=submitted.isoformat(), days=days,
                        deadline=late[0].isoformat(), when=late[1], when_en=late[2])


@rule("AR307")
def paper_review_overdue(record, context):
    received = parse_date(get(record, "registration", "paper_received_on"))
    days = context.round.paper_review_working_days if context.round else None
    try:
        late = _review_late(received, days, add_working_days,
                            parse_date(get(record, "review", "paper_reviewed_on")), context.today)
    except YearNotCovered:
        return      # AR305 tells a year the calendar lacks for the paper deadline itself
    if late:
        yield Violation("/review/paper_reviewed_on", received=received.isoformat(), days=days,
                        deadline=late[0].isoformat(), when=late[1], when_en=late[2])


# --- identifiers and consistency (4xx) ---------------------------------------------------

@rule("AR401")
def credit_code_invalid(record, context):
    units = [("/first_completing_unit", record.get("first_completing_unit")),
             ("/registrant_unit", record.get("registrant_unit"))]
    units += [(f"/other_completing_units/{i}", u)
              for i, u in enumerate(record.get("other_completing_units") or [])]
    for path, unit in units:
        if isinstance(unit, dict):
            yield from identifier_violation(uscc, unit.get("credit_code"), path + "/credit_code",
                                            unit=unit.get("name") or "完成单位")


@rule("AR402")
def registration_number_invalid(record, context):
    yield from identifier_violation(registration_no, get(record, "registration", "number"),
                                    "/registration/number")


@rule("AR403")
def registration_number_type_mismatch(record, context):
    number = get(record, "registration", "number")
    kind = get(record, "achievement", "type")
    if is_filled(number) and registration_no.is_valid(number) and kind:
        letter = registration_no.type_letter(number)
        if (letter == registration_no.APPLIED_TECHNOLOGY_LETTER) != (kind == "应用技术"):
            yield Violation("/registration/number", letter=letter, type=kind)


@rule("AR404")
def too_many_keywords(record, context):
    keywords = get(record, "achievement", "keywords")
    if isinstance(keywords, list) and len(keywords) > 3:
        yield Violation("/achievement/keywords", count=len(keywords))


@rule("AR405")
def research_period_reversed(record, context):
    start, end = get(record, "achievement", "research_start"), get(record, "achievement", "research_end")
    if isinstance(start, str) and isinstance(end, str) and len(start) == len(end) == 7 and start > end:
        yield Violation("/achievement/research_start", start=start, end=end)


@rule("AR406")
def level_without_evaluation(record, context):
    method, level = get(record, "evaluation", "method"), get(record, "achievement", "level")
    if method in METHODS_WITHOUT_LEVEL and level and level != "未评价":
        yield Violation("/achievement/level", method=method, level=level)


@rule("AR407")
def produced_before_evaluation(record, context):
    produced = parse_date(get(record, "achievement", "produced_on"))
    evaluated = parse_date(get(record, "evaluation", "date"))
    if produced and evaluated and produced < evaluated:
        yield Violation("/achievement/produced_on", produced=produced.isoformat(),
                        evaluated=evaluated.isoformat())
