"""The achievement-registration procedure (002 三; 003 方式二) as a state machine, as the change
request's is (service/store/workflow.py).

The steps — from which state, who acts (role and body level), to which state, on which clause —
are a fact of the kind (validators/kinds/achievement_registration.PROCEDURE); this module applies
them. Every transition is a ``WorkflowStep`` row. Decisions and resubmissions are audited as
``registration.step``; issuing the number and recording the receipt keep their own audit actions
(``registration.issue``, ``receipt.record``) and add only the row.

Deadlines: the 形式审查 within 30 days of the (latest) submission (003 方式二 3), the paper review
within 10 working days of the receipt or of the supplemented resubmission (003 方式二 4.(2)).
One still open after its day is reported as a finding (AR308, AR309) against the ``today`` asked.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit, bodies, dates, events, submissions, workflow
from service.store.errors import Conflict, Forbidden, Unprocessable
from service.store.models import ApiKey, Body, Receipt, Submission, WorkflowStep
from validators.catalogue import finding
from validators.kinds import achievement_registration as facts
from validators.workdays import YearNotCovered, add_working_days

KIND = "achievement-registration"
ROUTES = {"issue": "POST /api/v1/submissions/{id}/registration",
          "receive": "POST /api/v1/submissions/{id}/receipt",
          "resubmit": "PUT /api/v1/submissions/{id}"}
DECISION_ROUTE = "POST /api/v1/submissions/{id}/decisions"
Table = dict[str, tuple[facts.Step, ...]]


def _label(status: str) -> str:
    return submissions.STATUS_LABELS.get(status, status)


def step_for(sub: Submission, decision: str, table: Table = facts.PROCEDURE,
             labels: dict[str, str] = facts.STEP_LABELS) -> facts.Step:
    """The step ``decision`` takes from the submission's state in ``table`` (this procedure's, or
    a sibling's: service/store/nssf_workflow.py), or Conflict naming the ones it may."""
    steps = table.get(sub.status, ())
    for step in steps:
        if step.decision == decision:
            return step
    allowed = "、".join(f"{st.decision}（{st.label}，由{st.who}）" for st in steps) or "无（流程已结束）"
    raise Conflict(f"当前状态“{_label(sub.status)}”不能{labels.get(decision, decision)}；"
                   f"此时可以：{allowed}")


def _levels(step: facts.Step) -> str:
    return "、".join(str(n) for n in step.levels)


def allowed(s: Session, key: ApiKey, sub: Submission, decision: str, table: Table = facts.PROCEDURE,
            labels: dict[str, str] = facts.STEP_LABELS) -> facts.Step:
    """The step, when ``key`` may take it now: the state admits it (else 409) and the key is an
    archivist of a body of the step's level above the submission (else 403), or an admin."""
    step = step_for(sub, decision, table, labels)
    if key.role == "admin":
        return step
    if key.role != "archivist":
        raise Forbidden(f"此步骤（{step.label}）由{step.who}的管理人员（archivist）办理（{step.clause}）；"
                        f"本密钥的角色（{key.role}）不能办理")
    body = s.get(Body, key.body_id) if key.body_id else None
    if body is None or body.level not in step.levels:
        own = f"“{body.name}”为 {body.level} 级" if body else "未设置"
        raise Forbidden(f"此步骤（{step.label}）由{step.who}（{_levels(step)} 级登记机构）办理"
                        f"（{step.clause}）；本密钥所属机构{own}")
    if sub.body_id is None or sub.body_id not in bodies.subtree_ids(s, body.id):
        raise Forbidden(f"该成果不属于“{body.name}”或其下级机构，不能由其办理")
    return step


def record(s: Session, key: ApiKey, sub: Submission, step: facts.Step, comment: str | None = None,
           *, audited: bool = True, on: date | None = None,
           action: str = "registration.step") -> WorkflowStep:
    """Move the submission along ``step`` (already allowed) and keep the step, audited as ``action``."""
    row = WorkflowStep(submission_id=sub.id, from_status=sub.status, to_status=step.to,
                       decision=step.decision, actor_key_id=key.id, actor_body_id=key.body_id,
                       comment=comment)
    s.add(row)
    if audited:
        audit.log(s, key, action, f"submission:{sub.id}", decision=step.decision,
                  step=step.label, clause=step.clause, **{"from": _label(sub.status)},
                  to=_label(step.to), comment=comment, on=on.isoformat() if on else None)
    sub.status = step.to
    s.flush()
    _announce(s, key, sub, step, comment)
    return row


def _announce(s: Session, key: ApiKey, sub: Submission, step: facts.Step, comment: str | None) -> None:
    """The event of a review decision (issuing and receiving send their own)."""
    if step.decision not in events.PASSING | events.RETURNING:
        return
    body = s.get(Body, key.body_id).name if key.body_id else None
    if step.decision in events.RETURNING:
        findings = submissions.latest(s, sub).findings
        events.emit(s, events.review_returned(sub, _label(sub.status), step.label, body, comment, findings))
        return
    running = (deadline(s, sub, dates.china_today())[0] if sub.kind == KIND else None)
    events.emit(s, events.review_passed(sub, _label(sub.status), step.label, body, comment, running))


def decide(s: Session, key: ApiKey, sub: Submission, decision: str, comment: str | None = None,
           *, on: date | None = None) -> WorkflowStep:
    """A review decision sent to POST …/decisions (recommend, return, accept, report)."""
    if decision not in facts.DECISIONS:
        names = "、".join(f"{d}（{label}）" for d, label in facts.DECISIONS.items())
        raise Unprocessable(f"科技成果登记的审核意见应为 {names} 之一，收到“{decision}”"
                            "（approve / reject 用于重要事项变更申请）")
    step = allowed(s, key, sub, decision)
    if decision in facts.NEEDS_OPINION and not (comment or "").strip():
        raise Unprocessable(f"{step.label}须附修改意见（comment），写明需要修改或补充的内容，"
                            f"完成人据此修改后重新提交（{step.clause}）", field="comment")
    if on is not None:
        dates.within(on, "审核日期", today=dates.china_today(),
                     after=[(entered(s, sub), f"进入“{_label(sub.status)}”的日期")])
    return record(s, key, sub, step, comment, on=on)


def resubmitted(s: Session, key: ApiKey, sub: Submission) -> None:
    """A new version of a returned registration sends it back to review (003 方式二 3.(1), 4.(2)①)."""
    if sub.kind == KIND and sub.status in ("returned", "paper-returned"):
        record(s, key, sub, step_for(sub, "resubmit"))


def history(s: Session, sub: Submission, labels: dict[str, str] = facts.STEP_LABELS) -> list[dict]:
    names = {b.id: b.name for b in bodies.all_bodies(s)}
    return [{"decision": w.decision, "label": labels.get(w.decision, w.decision),
             "from": w.from_status, "to": w.to_status, "to_label": _label(w.to_status),
             "body": names.get(w.actor_body_id), "comment": w.comment, "at": w.at.isoformat()}
            for w in workflow.history(s, sub)]


def _china_date(at: datetime) -> date:
    # SQLite gives naive datetimes back; they were written in UTC
    return dates.china_today(at if at.tzinfo else at.replace(tzinfo=UTC))


def entered(s: Session, sub: Submission) -> date:
    """The day the submission entered its current state: the step into it, else its creation."""
    steps = [w for w in workflow.history(s, sub) if w.to_status == sub.status]
    last = steps[-1] if steps else None
    # a receipt entered before this procedure existed has no step: its own date still counts
    if sub.status == "paper-received" and (last is None or last.decision == "receive"):
        receipt = s.scalar(select(Receipt).where(Receipt.submission_id == sub.id))
        if receipt is not None:
            return receipt.received_on
    return _china_date(last.at if last else sub.created_at)


def _review_started(s: Session, sub: Submission) -> date:
    """The 形式审查 runs from the latest (re)submission, through the recommendation."""
    resubmits = [w for w in workflow.history(s, sub) if w.to_status == "submitted"]
    return _china_date(resubmits[-1].at if resubmits else sub.created_at)


def _who_closes(sub: Submission) -> str:
    levels = {n for st in facts.PROCEDURE[sub.status] for n in st.levels}
    return "或".join(facts.ACTORS[n] for n in sorted(levels, reverse=True))


def deadline_entry(what: str, start: date, due: date | None, days: int, unit: str, clause: str,
             note: str | None = None) -> dict:
    return {"what": what, "from": start.isoformat(), "due_on": due.isoformat() if due else None,
            "clause": clause, "note": note or f"{what}自 {start.isoformat()} 起 {days} {unit}内完成，"
                                               f"即最迟 {due.isoformat()}（含）（{clause}）"}


def deadline(s: Session, sub: Submission, today: date) -> tuple[dict | None, list[dict]]:
    """The running deadline of the current state, and the finding when it has passed."""
    who, state = _who_closes(sub), _label(sub.status)
    if sub.status in facts.FORMAL_REVIEW_STATES:
        start, days = _review_started(s, sub), facts.FORMAL_REVIEW_DAYS
        due = start + timedelta(days=days)
        running = deadline_entry("形式审查", start, due, days, "日", "003 方式二 3")
        if today <= due:
            return running, []
        return running, [finding("AR308", start=start.isoformat(), days=days, due=due.isoformat(),
                                 today=today.isoformat(), state=state, who=who,
                                 overdue=(today - due).days).to_dict()]
    if sub.status in facts.PAPER_REVIEW_STATES:
        start, days = entered(s, sub), facts.PAPER_REVIEW_WORKING_DAYS
        try:
            due = add_working_days(start, days)
        except YearNotCovered as e:
            return deadline_entry("纸质材料审查", start, None, days, "个工作日", "003 方式二 4.(2)", str(e)), []
        running = deadline_entry("纸质材料审查", start, due, days, "个工作日", "003 方式二 4.(2)")
        if today <= due:
            return running, []
        return running, [finding("AR309", start=start.isoformat(), days=days, due=due.isoformat(),
                                 today=today.isoformat(), state=state, who=who).to_dict()]
    return None, []


def procedure(s: Session, sub: Submission, today: date) -> dict:
    """Where the registration stands: its state, what may happen next and by whom, its steps so
    far, the running deadline and the finding when it has passed."""
    running, findings = deadline(s, sub, today)
    return {
        "state": sub.status, "state_label": _label(sub.status), "today": today.isoformat(),
        "next": next_steps(sub), "history": history(s, sub), "deadline": running, "findings": findings,
    }


def next_steps(sub: Submission, table: Table = facts.PROCEDURE) -> list[dict]:
    """What may happen next, by whom, on which clause and through which route."""
    return [{"decision": st.decision, "label": st.label, "who": st.who, "levels": list(st.levels),
             "clause": st.clause, "to": st.to,
             "route": ROUTES.get(st.decision, DECISION_ROUTE).format(id=sub.id)}
            for st in table.get(sub.status, ())]
