"""Paper receipts: the archive records when the paper materials arrived.

The submission's round decides the period (validators.rounds.paper_rule), as it does for
``validate --round``: Sichuan 2025 "登记成功并取得成果登记号的项目单位，请在10个工作日内将以下资料
邮寄或送至…" (003 方式二 4.(1)) gives the 10th working day after the number was issued (the day
of issue is day 0), counted with the Chinese holiday calendar (validators.workdays); Shanxi 2025
(002 五) sets no period after the number, so nothing is late. A year the calendar does not cover
gives no deadline and says so, rather than guessing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit, dates, events, registration_workflow, submissions
from service.store.errors import Conflict, Forbidden, Unprocessable
from service.store.models import ApiKey, Receipt, RegistrationNumber, Submission
from validators import rounds
from validators.workdays import YearNotCovered, add_working_days, working_days_between


@dataclass(frozen=True)
class Deadline:
    issued_on: date
    due_on: date | None
    note: str
    applies: bool = True    # False: the round sets no period, so paper is never late


def paper_rule(round_name: str | None) -> rounds.PaperRule:
    """The rule of a submission's round (raises UnknownRound for a round no longer shipped)."""
    return rounds.paper_rule(rounds.load(round_name) if round_name else None)


def paper_basis(round_name: str | None) -> str:
    """Which rule sets the paper period, told at the desk before a number is issued."""
    try:
        return paper_rule(round_name).basis
    except rounds.UnknownRound as e:
        return f"{e}，无法确定纸质材料期限"


def deadline(issued_on: date, round_name: str | None = None) -> Deadline:
    try:
        rule = paper_rule(round_name)
    except rounds.UnknownRound as e:
        return Deadline(issued_on, None, f"{e}，无法确定纸质材料期限")
    if rule.working_days is None:
        return Deadline(issued_on, None, rule.basis, applies=False)
    try:
        due = add_working_days(issued_on, rule.working_days)
    except YearNotCovered as e:
        return Deadline(issued_on, None, f"{e}（{rule.basis}）")
    return Deadline(issued_on, due,
                    f"{rule.basis}：取得成果登记号（{issued_on.isoformat()}）后第 {rule.working_days} "
                    f"个工作日为 {due.isoformat()}（发放当日不计，节假日与调休按国务院安排）")


def record(s: Session, key: ApiKey, sub: Submission, received_on: date,
           materials: list[dict] | None = None, note: str | None = None) -> Receipt:
    if key.role not in ("archivist", "admin"):
        raise Forbidden("只有档案人员（archivist）或管理员可以登记纸质材料接收")
    if not sub.registration_no:
        raise Unprocessable("该成果尚未取得成果登记号，纸质材料的期限从发放登记号起算（003）")
    if s.scalar(select(Receipt).where(Receipt.submission_id == sub.id)) is not None:
        raise Conflict("该成果的纸质材料接收已登记")
    step = registration_workflow.allowed(s, key, sub, "receive")
    number = s.get(RegistrationNumber, sub.registration_no)
    dates.within(received_on, "纸质材料接收日期", today=dates.china_today(),
                 after=[(number.issued_on, "成果登记号发放日期")])
    d = deadline(number.issued_on, sub.round)
    late, taken = (None if d.applies else False), None
    try:
        taken = working_days_between(number.issued_on, received_on)
    except YearNotCovered:
        pass
    if d.due_on is not None:
        late = received_on > d.due_on
    row = Receipt(submission_id=sub.id, registration_no=sub.registration_no,
                  issued_on=number.issued_on, due_on=d.due_on, received_on=received_on,
                  late=late, working_days_taken=taken, note="；".join(x for x in (d.note, note) if x),
                  materials=materials or [], received_by=key.id)
    s.add(row)
    registration_workflow.record(s, key, sub, step, audited=False)
    audit.log(s, key, "receipt.record", f"submission:{sub.id}", received_on=received_on.isoformat(),
              due_on=d.due_on.isoformat() if d.due_on else None, late=late,
              materials=materials or [])
    s.flush()
    running = registration_workflow.deadline(s, sub, dates.china_today())[0]
    events.emit(s, events.paper_received(sub, submissions.STATUS_LABELS.get(sub.status, sub.status), row, running))
    return row


def of(s: Session, sub: Submission) -> Receipt | None:
    return s.scalar(select(Receipt).where(Receipt.submission_id == sub.id))
