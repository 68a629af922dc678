"""Paper receipts: the archive records when the paper materials arrived (003 方式二 4.(1)).

"登记成功并取得成果登记号的项目单位，请在10个工作日内将以下资料邮寄或送至…": the deadline is the
10th working day after the number was issued (the day of issue is day 0), counted with the
Chinese holiday calendar (validators.workdays). A year the calendar does not cover gives no
deadline and says so, rather than guessing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit, dates, registration_workflow
from service.store.errors import Conflict, Forbidden, Unprocessable
from service.store.models import ApiKey, Receipt, RegistrationNumber, Submission
from validators.workdays import YearNotCovered, add_working_days, working_days_between

PAPER_WORKING_DAYS = 10


@dataclass(frozen=True)
class Deadline:
    issued_on: date
    due_on: date | None
    note: str


def deadline(issued_on: date, days: int = PAPER_WORKING_DAYS) -> Deadline:
    try:
        due = add_working_days(issued_on, days)
    except YearNotCovered as e:
        return Deadline(issued_on, None, str(e))
    return Deadline(issued_on, due,
                    f"取得成果登记号（{issued_on.isoformat()}）后 {days} 个工作日内，即 {due.isoformat()} 前"
                    "（发放当日不计，节假日与调休按国务院安排，003 方式二 4.(1)）")


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
    d = deadline(number.issued_on)
    late, taken = None, None
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
    return row


def of(s: Session, sub: Submission) -> Receipt | None:
    return s.scalar(select(Receipt).where(Receipt.submission_id == sub.id))
