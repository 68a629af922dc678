"""The catalogue of notification events (issue #17, docs/notifications.md) and the outbox.

Each event has one function building it: its stable JSON payload (``type``, ``timestamp``,
``data``: the ids, the kind, the new state, the findings where they matter) and its Chinese
title and text, naming the submission, what happened, what to do next and by when. The step
that causes an event calls :func:`emit` inside its own transaction (a transactional outbox):
the event row commits with the step or not at all, and the notification pump
(service/ops/notify_pump.py) delivers it afterwards, out of the request.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.store.models import Job, NotificationEvent, Receipt, RegistrationNumber, Submission
from validators.kinds import KINDS

#: type → what a person reads in the preferences page
CATALOGUE = {
    "submission.created": "新提交",
    "submission.version_added": "提交了新版本",
    "registration.issued": "发放成果登记号",
    "review.passed": "审核通过",
    "review.returned": "退回修改",
    "paper.received": "纸质材料已接收",
    "paper.overdue": "纸质材料逾期未交",
    "change.decided": "变更申请已审核",
    "change.effective": "变更已生效",
    "job.succeeded": "任务已完成",
    "job.failed": "任务失败",
}
#: the decisions of a review that send a submission back to its submitter
RETURNING = frozenset({"return", "reject", "decline"})
#: the decisions that pass a review on (issue, receive and resubmit have events of their own)
PASSING = frozenset({"recommend", "accept", "report", "approve", "verify", "file"})


@dataclass(frozen=True)
class Event:
    type: str
    data: dict
    title: str
    text: str
    submission_id: int | None = None
    body_id: int | None = None
    key_id: int | None = None
    once: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


def emit(s: Session, event: Event) -> NotificationEvent | None:
    """Write the event into the outbox, in the caller's transaction. An event that must happen
    once (``once``) and already has is not written again (None)."""
    row = NotificationEvent(id="msg_" + uuid.uuid4().hex, type=event.type, occurred_at=event.at,
                            title=event.title[:200], text=event.text, submission_id=event.submission_id,
                            body_id=event.body_id, key_id=event.key_id, once=event.once, payload={})
    row.payload = {"type": event.type, "timestamp": event.at.isoformat(), "data": event.data}
    if event.once is None:
        s.add(row)
        s.flush()
        return row
    try:
        with s.begin_nested():
            s.add(row)
        return row
    except IntegrityError:
        return None


def _kind(kind: str) -> str:
    return KINDS[kind].title if kind in KINDS else kind


def _name(sub: Submission) -> str:
    """How a person recognises the submission: its kind, title and number."""
    title = f"“{sub.title}”" if sub.title else ""
    return f"{_kind(sub.kind)}{title}（提交编号 {sub.id}）"


def _submission(sub: Submission, status_label: str, **more) -> dict:
    return {"submission": {"id": sub.id, "kind": sub.kind, "title": sub.title, "version": sub.current_version,
                           "status": sub.status, "status_label": status_label,
                           "registration_no": sub.registration_no, "body_id": sub.body_id},
            **more}


def _about(sub: Submission, type_: str, data: dict, title: str, text: str, once: str | None = None) -> Event:
    return Event(type_, data, title, text, submission_id=sub.id, body_id=sub.body_id,
                 key_id=sub.owner_key_id, once=once)


def _errors(findings: list[dict]) -> list[dict]:
    return [{"code": f.get("code"), "severity": f.get("severity"), "message": f.get("message"),
             "path": f.get("path")} for f in findings if f.get("severity") == "error"]


def _step(label: str, said: str) -> str:
    return "" if label == said else f"（{label}）"


def _when(deadline: dict | None) -> str:
    return f"期限：{deadline['note']}。" if deadline and deadline.get("note") else ""


def submission_created(sub: Submission, status_label: str, findings: list[dict], valid: bool,
                       deadline: dict | None = None) -> Event:
    check = "校验通过" if valid else f"校验发现 {len(_errors(findings))} 个错误，请修改后提交新版本"
    return _about(sub, "submission.created",
                  _submission(sub, status_label, valid=valid, findings=_errors(findings), deadline=deadline),
                  f"已收到提交：{_name(sub)}",
                  f"{_name(sub)}已提交，当前状态：{status_label}；{check}。下一步：等待审核。{_when(deadline)}")


def submission_version_added(sub: Submission, status_label: str, findings: list[dict], valid: bool,
                             note: str | None) -> Event:
    check = "校验通过" if valid else f"校验发现 {len(_errors(findings))} 个错误"
    return _about(sub, "submission.version_added",
                  _submission(sub, status_label, valid=valid, findings=_errors(findings), note=note),
                  f"提交了第 {sub.current_version} 版：{_name(sub)}",
                  f"{_name(sub)}提交了第 {sub.current_version} 版（{note or '无说明'}），当前状态："
                  f"{status_label}；{check}。")


def registration_issued(sub: Submission, status_label: str, number: RegistrationNumber,
                        paper_due: date | None, paper_note: str) -> Event:
    when = (f"请最迟于 {paper_due.isoformat()}（含）将纸质材料邮寄或送至登记机构（{paper_note}）。"
            if paper_due else f"纸质材料期限：{paper_note}。")
    return _about(sub, "registration.issued",
                  _submission(sub, status_label, registration_no=number.number,
                              issued_on=number.issued_on.isoformat(),
                              paper_due_on=paper_due.isoformat() if paper_due else None),
                  f"已发放成果登记号 {number.number}：{_name(sub)}",
                  f"{_name(sub)}已于 {number.issued_on.isoformat()} 取得成果登记号 {number.number}。下一步：{when}")


def review_passed(sub: Submission, status_label: str, step_label: str, body: str | None,
                  comment: str | None, deadline: dict | None) -> Event:
    by = f"由{body}" if body else ""
    opinion = f"意见：{comment}。" if comment else ""
    return _about(sub, "review.passed",
                  _submission(sub, status_label, step=step_label, by=body, comment=comment, deadline=deadline),
                  f"审核通过{_step(step_label, '审核通过')}：{_name(sub)}",
                  f"{_name(sub)}已{by}审核通过（{step_label}），当前状态：{status_label}。{opinion}{_when(deadline)}")


def review_returned(sub: Submission, status_label: str, step_label: str, body: str | None,
                    comment: str | None, findings: list[dict]) -> Event:
    by = f"{body}" if body else "审核人员"
    return _about(sub, "review.returned",
                  _submission(sub, status_label, step=step_label, by=body, comment=comment,
                              findings=_errors(findings)),
                  f"退回修改{_step(step_label, '退回修改')}：{_name(sub)}",
                  f"{_name(sub)}被{by}退回（{step_label}），当前状态：{status_label}。修改意见：{comment or '（无）'}。"
                  "下一步：请根据修改意见修改后重新提交（提交新版本）。")


def paper_received(sub: Submission, status_label: str, receipt: Receipt, deadline: dict | None) -> Event:
    late = "，晚于期限" if receipt.late else ""
    return _about(sub, "paper.received",
                  _submission(sub, status_label, received_on=receipt.received_on.isoformat(),
                              due_on=receipt.due_on.isoformat() if receipt.due_on else None,
                              late=receipt.late, deadline=deadline),
                  f"纸质材料已接收：{_name(sub)}",
                  f"{_name(sub)}的纸质材料已于 {receipt.received_on.isoformat()} 接收{late}。下一步：等待纸质材料审查。"
                  f"{_when(deadline)}")


def paper_overdue(sub: Submission, status_label: str, due_on: date, today: date) -> Event:
    return _about(sub, "paper.overdue",
                  _submission(sub, status_label, due_on=due_on.isoformat(), today=today.isoformat()),
                  f"纸质材料逾期未交：{_name(sub)}",
                  f"{_name(sub)}（成果登记号 {sub.registration_no}）的纸质材料应最迟于 {due_on.isoformat()}（含）送达，"
                  f"截至 {today.isoformat()} 尚未登记接收。下一步：请尽快邮寄或送至登记机构，并联系登记机构说明情况。",
                  once=f"paper.overdue:{sub.id}")


def change_decided(sub: Submission, status_label: str, who: str, decision: str, comment: str | None) -> Event:
    opinion = f"意见：{comment}。" if comment else ""
    rejected = decision == "不通过"
    then = ("下一步：如仍需变更，请按意见修改后重新提交变更申请。" if rejected else
            "下一步：等待上一级审核。" if sub.status != "approved" else "变更已生效。")
    return _about(sub, "change.decided",
                  _submission(sub, status_label, step=who, decision=decision, comment=comment),
                  f"变更申请{decision}（{who}）：{_name(sub)}",
                  f"{_name(sub)}经{who}审核：{decision}，当前状态：{status_label}。{opinion}{then}")


def change_effective(sub: Submission, status_label: str, change_type: str | None) -> Event:
    return _about(sub, "change.effective",
                  _submission(sub, status_label, change_type=change_type),
                  f"变更已生效：{_name(sub)}",
                  f"{_name(sub)}（{change_type or '变更'}）已审批通过并生效。")


JOB_KINDS = {"render": "生成表格", "check-pdf": "核对 PDF", "package": "生成归档包", "report": "生成报表"}


def job_finished(job: Job) -> Event:
    what = JOB_KINDS.get(job.kind, job.kind)
    data = {"job": {"id": job.id, "kind": job.kind, "status": job.status, "error": job.error,
                    "result_url": f"/api/v1/jobs/{job.id}/result" if job.status == "succeeded" else None}}
    if job.status == "succeeded":
        return Event("job.succeeded", data, f"任务已完成：{what}",
                     f"任务 {job.id}（{what}）已完成。下一步：在结果保留期内下载结果（GET /api/v1/jobs/{job.id}/result）。",
                     key_id=job.key_id)
    detail = (job.error or {}).get("detail") or ""
    return Event("job.failed", data, f"任务失败：{what}",
                 f"任务 {job.id}（{what}）未完成：{detail}", key_id=job.key_id)
