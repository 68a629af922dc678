"""The NSSF completion (001 五), budget-adjustment (001 六) and publication (000 二（二）、（三）)
procedures, as the achievement
registration's (service/store/registration_workflow.py), whose engine this module reuses.

The steps — from which state, who acts (role and body level), to which state, on which clause —
are facts of each kind (validators/kinds/completion.PROCEDURE; validators/kinds/budget_adjustment
AT_UNIT / WITH_NATIONAL, chosen by the latest version's own facts: a changed total or added
outbound funds go to the 全国社科工作办; validators/kinds/nssf_publication.PROCEDURE). Every transition is a ``WorkflowStep`` row and an audit
entry ``procedure.step``. The PI's own steps (撤回修改; the new version after 不通过/不受理) are
taken by the submitter who owns the submission; every other step by an archivist of a body of
the step's level above the submission, or an admin.

Neither 001 五 nor 001 六 sets a time limit for the reviews, so those procedures have no deadline.
A publication the unit has verified waits for its monthly mailing (000 二（三）); still unmailed
after its day it is reported as a finding (NP306) against the ``today`` asked.
"""
from __future__ import annotations

from datetime import date
from types import ModuleType

from sqlalchemy.orm import Session

from service.store import dates, registration_workflow, submissions
from service.store.errors import Conflict, Forbidden, Unprocessable
from service.store.models import ApiKey, Submission, WorkflowStep
from validators.catalogue import finding
from validators.kinds import budget_adjustment, completion, nssf_publication
from validators.kinds.achievement_registration import Step

FACTS: dict[str, ModuleType] = {"nssf-completion": completion, "nssf-budget-adjustment": budget_adjustment,
                                "nssf-publication": nssf_publication}
TITLES = {"nssf-completion": "结项申请", "nssf-budget-adjustment": "预算调整",
          "nssf-publication": "成果出版物登记"}
ACTION = "procedure.step"


def handles(sub: Submission) -> bool:
    return sub.kind in FACTS


def _table(s: Session, sub: Submission) -> registration_workflow.Table:
    return FACTS[sub.kind].procedure(submissions.latest(s, sub).record)


def _allowed(s: Session, key: ApiKey, sub: Submission, decision: str) -> Step:
    facts, table = FACTS[sub.kind], _table(s, sub)
    step = registration_workflow.step_for(sub, decision, table, facts.STEP_LABELS)
    if step.levels:
        return registration_workflow.allowed(s, key, sub, decision, table, facts.STEP_LABELS)
    # the PI's step: submissions.get already showed a submitter only their own submissions
    if key.role not in ("submitter", "admin"):
        raise Forbidden(f"此步骤（{step.label}）由{step.who}本人办理（{step.clause}）")
    return step


def decide(s: Session, key: ApiKey, sub: Submission, decision: str, comment: str | None = None,
           *, on: date | None = None) -> WorkflowStep:
    """A decision sent to POST …/decisions for a completion or a budget adjustment."""
    facts = FACTS[sub.kind]
    if decision not in facts.DECISIONS:
        names = "、".join(f"{d}（{label}）" for d, label in facts.DECISIONS.items())
        raise Unprocessable(f"{TITLES[sub.kind]}的审核意见应为 {names} 之一，收到“{decision}”")
    step = _allowed(s, key, sub, decision)
    if decision in facts.NEEDS_OPINION and not (comment or "").strip():
        raise Unprocessable(f"{step.label}：请在 comment 中写明修改意见（需要修改或补充的内容），"
                            f"项目负责人据此编辑修改（{step.clause}）", field="comment")
    paper_only = facts.PAPER_ONLY_CODES & {f.get("code") for f in submissions.latest(s, sub).findings}
    if decision == "approve" and paper_only:
        raise Conflict(f"该结项申请的证明材料涉密（{'、'.join(sorted(paper_only))}），不在平台上审核通过；"
                       "请退回（reject），由项目负责人按照涉密程序上报纸质审批书审批（001 五 温馨提示）")
    if on is not None:
        dates.within(on, "审核日期", today=dates.china_today(),
                     after=[(registration_workflow.entered(s, sub), "进入当前状态的日期")])
    return registration_workflow.record(s, key, sub, step, comment, on=on, action=ACTION)


def resubmitted(s: Session, key: ApiKey, sub: Submission) -> None:
    """A new version of a refused or withdrawn completion, or of a returned publication
    registration, goes back to review (001 五.1–2; 000 二（二）1)."""
    table = _table(s, sub) if handles(sub) else {}
    if any(st.decision == "resubmit" for st in table.get(sub.status, ())):
        registration_workflow.record(s, key, sub, registration_workflow.step_for(sub, "resubmit", table),
                                     action=ACTION)


def procedure(s: Session, sub: Submission, today: date) -> dict:
    """Where the submission stands: its state, what may happen next and by whom, its steps."""
    running, findings = mailing_deadline(s, sub, today)
    return {"state": sub.status, "state_label": submissions.STATUS_LABELS.get(sub.status, sub.status),
            "today": today.isoformat(), "next": registration_workflow.next_steps(sub, _table(s, sub)),
            "history": registration_workflow.history(s, sub, FACTS[sub.kind].STEP_LABELS),
            "deadline": running, "findings": findings}


def mailing_deadline(s: Session, sub: Submission, today: date) -> tuple[dict | None, list[dict]]:
    """A verified publication's monthly mailing, and the finding when its day has passed."""
    if sub.kind != "nssf-publication" or sub.status not in nssf_publication.MAILING_STATES:
        return None, []
    start = registration_workflow.entered(s, sub)
    due = nssf_publication.mailing_due(submissions.latest(s, sub).record, start)
    clause = "000 二（三）"
    running = registration_workflow.deadline_entry(
        "责任单位邮寄", start, due, 0, "", clause,
        note=f"责任单位每月定期邮寄：自 {start.isoformat()} 核实上报起，最迟于 {due.isoformat()}（含）寄出（{clause}）")
    if today <= due:
        return running, []
    return running, [finding("NP306", start=start.isoformat(), due=due.isoformat(), today=today.isoformat(),
                             overdue=(today - due).days).to_dict()]


def mailed_on(s: Session, sub: Submission) -> date | None:
    """The day the unit recorded the mailing (the ``mail`` step), if it has."""
    return registration_workflow.entered(s, sub) if sub.status == "mailed" else None
