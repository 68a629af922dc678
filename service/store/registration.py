"""Issuing 成果登记号 (批准登记号): unique, 12 characters, serial per body and year.

Number = the body's 3-character code + 4-digit year + type letter + 4-digit serial (SPEC kind 2).
Only ``Y`` (应用技术) is attested in the filling instructions; ``J`` for 基础理论 and ``R`` for
软科学 are our reading and are reported as such with every issued number.

The year is the registration round's year (002 一.1 "2025 年度科技成果登记") when the submission
names a round, otherwise the year of issue.

Issuing is a step of the registration procedure (service/store/registration_workflow.py): the
province's, from 已提交 or 已推荐.

Issuing is serialised per body and year: the counter row is locked with ``SELECT … FOR UPDATE``
on PostgreSQL, and the whole transaction is ``BEGIN IMMEDIATE`` on SQLite (Database.write).
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.store import audit, bodies, dates, events, receipts, registration_workflow, submissions
from service.store.errors import Conflict, Forbidden, Unprocessable
from service.store.models import ApiKey, Body, RegistrationCounter, RegistrationNumber, Submission
from validators import rounds
from validators.ids import registration_no

TYPE_LETTERS = {"应用技术": registration_no.APPLIED_TECHNOLOGY_LETTER, "基础理论": "J", "软科学": "R"}
LETTER_NOTE = "类型字母：应用技术为 Y（填表说明）；基础理论 J、软科学 R 为本系统的约定"


def registration_year(sub: Submission, issued_on: date) -> int:
    if sub.round:
        try:
            return rounds.load(sub.round).produced_from.year
        except rounds.UnknownRound:
            pass
    return issued_on.year


def _next_serial(s: Session, body_id: int, year: int) -> int:
    insert = pg_insert if s.bind.dialect.name == "postgresql" else sqlite_insert
    s.execute(insert(RegistrationCounter).values(body_id=body_id, year=year, last_serial=0)
              .on_conflict_do_nothing())
    counter = s.scalar(select(RegistrationCounter)
                       .where(RegistrationCounter.body_id == body_id,
                              RegistrationCounter.year == year)
                       .with_for_update())
    counter.last_serial += 1
    return counter.last_serial


def issue(s: Session, key: ApiKey, sub: Submission, body: Body, issued_on: date,
          approving_body: str | None = None,
          check: Callable[[dict], tuple[list, bool]] | None = None) -> RegistrationNumber:
    """Issue the number and add a version of the record carrying it (``check`` re-validates it).

    Call inside ``Database.write()`` so the counter is locked until commit.
    """
    if key.role not in ("archivist", "admin"):
        raise Forbidden("只有登记机构的档案/审核人员或管理员可以发放成果登记号")
    if key.role == "archivist" and body.id not in bodies.subtree_ids(s, key.body_id):
        raise Forbidden(f"本密钥属于其他机构，不能以“{body.name}”的名义发放成果登记号")
    if sub.kind != "achievement-registration":
        raise Unprocessable(f"只有科技成果登记可以发放成果登记号，本提交为 {sub.kind}")
    if sub.registration_no:
        raise Conflict(f"该成果已有成果登记号 {sub.registration_no}，同一成果不得重复登记（002 一.4）")
    step = registration_workflow.allowed(s, key, sub, "issue")
    if not body.code:
        raise Unprocessable(f"登记机构“{body.name}”没有 3 位机构代码，无法编制成果登记号")
    if sub.body_id is not None and sub.body_id not in bodies.subtree_ids(s, body.id):
        raise Forbidden(f"该提交不属于“{body.name}”或其下级机构")
    record = submissions.latest(s, sub).record
    dates.within(issued_on, "成果登记号发放日期", today=dates.china_today(), after=[
        (dates.own_date(record, "evaluation", "date"), "成果的评价日期"),
        (dates.own_date(record, "achievement", "produced_on"), "成果的完成日期")])
    kind_name = (record.get("achievement") or {}).get("type")
    letter = TYPE_LETTERS.get(kind_name)
    if letter is None:
        raise Unprocessable(f"成果类型“{kind_name}”不是 应用技术、基础理论、软科学 之一，无法确定登记号类型字母")
    year = registration_year(sub, issued_on)
    serial = _next_serial(s, body.id, year)
    if serial > 9999:
        raise Conflict(f"“{body.name}”{year} 年的登记号流水号已用完（最多 9999 个）")
    number = registration_no.validate(f"{body.code}{year:04d}{letter}{serial:04d}")
    row = RegistrationNumber(number=number, submission_id=sub.id, body_id=body.id, year=year,
                             serial=serial, issued_on=issued_on, issued_by=key.id)
    s.add(row)
    sub.registration_no = number
    registration_workflow.record(s, key, sub, step, audited=False)
    updated = copy.deepcopy(record)
    # the whole section is the registering body's (issue #12): nothing a submitter wrote into it
    # before the number was issued (a 批准登记单位, a paper date) is kept
    updated["registration"] = {"number": number, "issued_on": issued_on.isoformat(),
                               "approving_body": approving_body or body.name}
    latest = submissions.latest(s, sub)
    findings, valid = check(updated) if check else (latest.findings, latest.valid)
    submissions.add_version(s, key, sub, updated, findings, valid, note=f"发放成果登记号 {number}",
                            announce=False)
    s.flush()
    audit.log(s, key, "registration.issue", f"submission:{sub.id}", number=number,
              body=body.name, year=year, serial=serial, note=LETTER_NOTE)
    paper = receipts.deadline(issued_on, sub.round)
    events.emit(s, events.registration_issued(sub, submissions.STATUS_LABELS.get(sub.status, sub.status),
                                              row, paper.due_on, paper.note))
    return row


def number_of(s: Session, sub: Submission) -> RegistrationNumber | None:
    """The 成果登记号 issued to ``sub``, or None before one is issued."""
    return s.get(RegistrationNumber, sub.registration_no) if sub.registration_no else None
