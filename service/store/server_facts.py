"""The facts the archive or this system sets on a record, and a submitter's version checked
against them (issue #12).

Each kind lists its server-owned fields beside the kind (``SERVER_OWNED`` in
validators/kinds/). Once the server has acted on a submission (a 成果登记号 issued, a decision
made), every one of those fields is the server's: it holds the server's value, or nothing while
the server has not set it (the paper date before the receipt). A new version that writes
another value is refused with each field named; one that leaves them out gets the server's
values, so later versions see the registration and the receipt as the rules do.

The server's values come from the store's own tables where they are kept there (number, date,
receipt, the last decision) and otherwise from the version the deciding key itself wrote.
"""
from __future__ import annotations

import copy
from datetime import date

from sqlalchemy.orm import Session

from service.store import receipts, registration, submissions, workflow
from service.store.errors import Unprocessable
from service.store.models import Submission
from validators.kinds import achievement_registration, change_request
from validators.schema import title_for

SERVER_OWNED = {"achievement-registration": achievement_registration.SERVER_OWNED,
                "nssf-change-request": change_request.SERVER_OWNED}
ABSENT = object()   # the server has not set this field, so no one has


def _at(record: dict, pointer: str):
    node = record
    for part in pointer.split("/")[1:]:
        if not isinstance(node, dict) or part not in node:
            return ABSENT
        node = node[part]
    return node


def _put(record: dict, pointer: str, value) -> None:
    *parents, last = pointer.split("/")[1:]
    node = record
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if value is ABSENT:
        node.pop(last, None)
    else:
        node[last] = value


def _written_by(s: Session, sub: Submission, key_id: int | None):
    """The last version the key wrote (an issuing or deciding key writes no other)."""
    mine = [v for v in submissions.versions(s, sub) if v.created_by == key_id]
    return mine[-1] if mine else None


def of(s: Session, sub: Submission) -> dict[str, object]:
    """pointer → the server's value (or ABSENT) of each server-owned field; empty while the
    server has not acted on the submission."""
    if sub.kind == "achievement-registration":
        row = registration.number_of(s, sub)
        if row is None:
            return {}
        issuing = _written_by(s, sub, row.issued_by)
        receipt = receipts.of(s, sub)
        return {"/registration/number": row.number,
                "/registration/issued_on": row.issued_on.isoformat(),
                "/registration/approving_body":
                    _at(issuing.record, "/registration/approving_body") if issuing else ABSENT,
                "/registration/paper_received_on":
                    receipt.received_on.isoformat() if receipt else ABSENT}
    if sub.kind == "nssf-change-request":
        steps = workflow.history(s, sub)
        if not steps:
            return {}
        last = steps[-1]
        deciding = _written_by(s, sub, last.actor_key_id)
        return {"/status": "不通过" if last.decision == "reject" else workflow.RECORD_STATUS[last.from_status],
                "/approvals": _at(deciding.record, "/approvals") if deciding else ABSENT}
    return {}


def differing(record: dict, facts: dict[str, object]) -> list[str]:
    """The server-owned fields ``record`` gives another value than the server's."""
    return [p for p, value in facts.items() if _at(record, p) not in (ABSENT, value)]


def merged(record: dict, facts: dict[str, object]) -> dict:
    out = copy.deepcopy(record)
    for pointer, value in facts.items():
        _put(out, pointer, value)
    return out


def _shown(value) -> str:
    return "（未填写）" if value is ABSENT else str(value)[:60]


def checked(s: Session, sub: Submission, record: dict) -> dict:
    """``record`` with the server's facts filled in; raises Unprocessable naming each field a
    submitter's version would change."""
    facts = of(s, sub)
    changed = differing(record, facts)
    if changed:
        errors = [{"pointer": p, "field": title_for(sub.kind, p.split("/")[1:]),
                   "server_value": None if facts[p] is ABSENT else facts[p],
                   "submitted": _at(record, p)} for p in changed]
        fields = "、".join(f"{e['field']}（{e['pointer']}）" for e in errors)
        values = "；".join(f"{e['field']}应为“{_shown(facts[e['pointer']])}”，收到“{_shown(e['submitted'])}”"
                          for e in errors)
        raise Unprocessable(f"{fields}由登记机构或管理部门填写，新版本不能修改：{values}。"
                            "请删去这些字段（系统会填入登记机构的值）或保留原值后重新提交",
                            slug="server-owned-fields", errors=errors)
    return merged(record, facts)


def for_new_record(kind: str, record: dict, saving: bool, today: date) -> dict:
    """A record filled in on the web form that no submission holds yet, with what this system
    writes in it: a change request's status (草稿 while checked, 已提交 when saved, and the day
    it is saved as its 提交日期 unless one is given). The form never posts server-owned fields,
    so without this a required one would be a finding the applicant cannot fix."""
    if kind != "nssf-change-request":
        return record
    out = copy.deepcopy(record)
    out["status"] = change_request.NEW_REQUEST_STATUS["saving" if saving else "checking"]
    if saving and not out.get("submitted_on"):
        out["submitted_on"] = today.isoformat()
    return out


def carried(kind: str, record: dict, latest: dict) -> dict:
    """``record`` with the server-owned fields as ``latest`` has them: a form never posts them
    (issue #18), and :func:`checked` then holds them to the server's values."""
    return merged(record, {p: _at(latest, p) for p in SERVER_OWNED.get(kind, ())})
