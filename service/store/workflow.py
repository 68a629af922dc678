"""The change-request workflow: 责任单位 → 省级社科管理部门 → 全国社科工作办 (001 四).

"变更课题组成员、自行终止项目、撤项这三类变更，责任单位审批通过后将自动生效，其余类别的变更则需要
经过全国社科工作办最终审批" (001 四.5): those three take effect at the unit; every other type
goes through the province to the national office. A return at any step sends the request back
as 不通过 (closed: the platform then expects a new request, and the CR rules treat 不通过 as
done). Each decision adds a version of the record whose ``status`` and ``approvals`` say the
same as the workflow, so the approval sheet and rule CR410 see what happened.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit, bodies, dates, events, submissions
from service.store.errors import Conflict, Forbidden, Unprocessable
from service.store.models import ApiKey, Body, Submission, WorkflowStep

EFFECTIVE_AT_UNIT = frozenset({"变更课题组成员", "自行终止项目", "撤项"})

# status -> (who acts, body levels that may act, next status on approval)
STEPS = {
    "unit-review": ("责任单位", (3, 4), "province-review"),
    "province-review": ("省级社科管理部门", (2,), "national-review"),
    "national-review": ("全国社科工作办", (1,), "approved"),
}
DECISIONS = {"approve": "通过", "reject": "不通过"}
# the record's own status after each step (schemas/nssf-change-request.schema.json)
RECORD_STATUS = {"unit-review": "责任单位审核通过", "province-review": "省级审核通过",
                 "national-review": "全国社科工作办审批通过"}


def change_type(record: dict) -> str | None:
    items = record.get("change_items")
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0].get("type")
    return None


def next_status(status: str, decision: str, ctype: str | None) -> str:
    """Where a request goes from ``status`` after ``decision``.

    >>> next_status("unit-review", "approve", "撤项")
    'approved'
    >>> next_status("unit-review", "approve", "延期")
    'province-review'
    >>> next_status("national-review", "approve", "延期")
    'approved'
    >>> next_status("province-review", "reject", "延期")
    'rejected'
    """
    if status not in STEPS:
        raise Conflict(f"当前状态“{submissions.STATUS_LABELS.get(status, status)}”不能再审核")
    if decision not in DECISIONS:
        raise Unprocessable(f"审核意见应为 approve（通过）或 reject（不通过），收到“{decision}”")
    if decision == "reject":
        return "rejected"
    if status == "unit-review" and ctype in EFFECTIVE_AT_UNIT:
        return "approved"
    return STEPS[status][2]


def decide(s: Session, key: ApiKey, sub: Submission, decision: str, comment: str | None = None,
           *, on: date | None = None,
           check: Callable[[dict], tuple[list, bool]] | None = None) -> WorkflowStep:
    """Record a decision; ``check`` re-validates the updated record (findings, valid)."""
    if sub.kind != "nssf-change-request":
        raise Unprocessable("只有重要事项变更申请有审核流程")
    if key.role not in ("archivist", "admin"):
        raise Forbidden("只有管理部门人员（archivist）或管理员可以审核变更申请")
    status = sub.status
    if status not in STEPS:
        raise Conflict(f"当前状态“{submissions.STATUS_LABELS.get(status, status)}”不能再审核")
    who, levels, _ = STEPS[status]
    body = s.get(Body, key.body_id) if key.body_id else None
    if key.role == "archivist":
        if body is None or body.level not in levels:
            raise Forbidden(f"此步骤由{who}审核；本密钥所属机构"
                            f"{'“' + body.name + '”为 ' + str(body.level) + ' 级' if body else '未设置'}")
        if sub.body_id is None or sub.body_id not in bodies.subtree_ids(s, body.id):
            raise Forbidden(f"该变更申请不属于“{body.name}”管辖")
    latest = submissions.latest(s, sub)
    on = dates.within(on or dates.china_today(), "审核日期", today=dates.china_today(), after=[
        (dates.own_date(latest.record, "submitted_on"), "变更申请的提交日期"),
        (max((d for d in (dates.own_date(a, "date") for a in latest.record.get("approvals") or []
                          if isinstance(a, dict)) if d), default=None), "上一级的审核日期")])
    to = next_status(status, decision, change_type(latest.record))
    step = WorkflowStep(submission_id=sub.id, from_status=status, to_status=to, decision=decision,
                        actor_key_id=key.id, actor_body_id=body.id if body else None,
                        comment=comment)
    s.add(step)
    updated = copy.deepcopy(latest.record)
    updated["status"] = "不通过" if decision == "reject" else RECORD_STATUS[status]
    approval = {"level": who, "decision": DECISIONS[decision],
                "date": on.isoformat(), "signer": key.name}
    if comment:
        approval["opinion"] = comment
    updated.setdefault("approvals", []).append(approval)
    findings, valid = check(updated) if check else (latest.findings, latest.valid)
    submissions.add_version(s, key, sub, updated, findings, valid,
                            note=f"{who}{DECISIONS[decision]}", announce=False)
    sub.status = to
    audit.log(s, key, "change.decide", f"submission:{sub.id}", step=who,
              decision=DECISIONS[decision], to=submissions.STATUS_LABELS[to], comment=comment)
    label = submissions.STATUS_LABELS[to]
    events.emit(s, events.change_decided(sub, label, who, DECISIONS[decision], comment))
    if to == "approved":
        events.emit(s, events.change_effective(sub, label, change_type(latest.record)))
    return step


def history(s: Session, sub: Submission) -> list[WorkflowStep]:
    return list(s.scalars(select(WorkflowStep).where(WorkflowStep.submission_id == sub.id)
                          .order_by(WorkflowStep.id)))
