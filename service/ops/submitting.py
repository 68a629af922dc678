"""A submission from its first version on, as the API (service/api_submissions.py) and the web
pages (service/web_submit.py) both do it: attachments stored and named, a submission created,
a new version checked against the server's facts and stored, and the submission described
(versions, 成果登记号 and paper deadline, receipt, review steps, procedure)."""
from __future__ import annotations

import hashlib
from datetime import date

from fastapi.concurrency import run_in_threadpool

from service.ops.checking import Checker, parse_round
from service.ops.uploads import read_upload
from service.store import (
    bodies,
    dates,
    nssf_workflow,
    receipts,
    registration,
    registration_workflow,
    server_facts,
    submissions,
    workflow,
)
from service.store.blobs import Blobs
from service.store.errors import Conflict, Unprocessable
from service.store.submissions import STATUS_LABELS, Upload
from validators.kinds import achievement_registration, budget_adjustment, completion, nssf_publication

STEP_LABELS = {**workflow.DECISIONS, **achievement_registration.STEP_LABELS, **completion.STEP_LABELS,
               **budget_adjustment.STEP_LABELS, **nssf_publication.STEP_LABELS}


def declared_types(record: dict) -> dict:
    """file name → the document type the record declares for it."""
    return {a.get("file_name"): a.get("document_type")
            for a in record.get("attachments", []) if isinstance(a, dict)}


async def stored_uploads(uploads, record: dict, limit: int) -> list[Upload]:
    """Each uploaded file read within ``limit`` bytes (413 beyond it) and named as uploaded,
    with the type the record declares for it; :func:`keep_uploads` stores the bytes."""
    declared = declared_types(record)
    out = []
    for f in uploads:
        if not hasattr(f, "read") or (not f.filename and not f.size):
            continue    # a browser sends an empty part for a file input left empty
        content = await read_upload(f, limit)
        sha = hashlib.sha256(content).hexdigest()
        out.append(Upload(f.filename or sha[:12], sha, len(content), declared.get(f.filename), content))
    return out


def keep_uploads(s, blobs: Blobs, uploads: list[Upload]) -> None:
    """The uploads' bytes, in the transaction that attaches them (every node then reads them).
    An upload carried by reference from a 预检 whose bytes were since deleted (kept unsaved
    longer than PAPERWORK_UNSAVED_UPLOAD_KEEP_DAYS) is refused: it would be an attachment with
    no file."""
    for u in uploads:
        if u.content is not None:
            blobs.put(s, u.content)
        elif not blobs.has(s, u.sha256):
            raise Unprocessable(f"“{u.file_name}”是预检时上传的附件，长时间未保存，已被删除："
                                "请重新上传这个文件后再保存", slug="upload-gone")


def keep_now(db, blobs: Blobs, uploads: list[Upload]) -> None:
    """The uploads' bytes kept before any row refers to them: files a page carries by
    reference until they are saved (service/web_form.py)."""
    with db.write() as s:
        keep_uploads(s, blobs, uploads)


async def create(db, blobs: Blobs, key, record: dict, uploads: list[Upload], round_name: str | None,
                 today: date) -> dict:
    """A new submission of ``record`` checked as of ``today`` in ``round_name``."""
    checker = Checker(db, today, parse_round(round_name))
    findings, valid = await run_in_threadpool(checker.findings, record)

    def store():
        with db.write() as s:
            keep_uploads(s, blobs, uploads)
            sub = submissions.create(s, key, record, findings, valid, uploads, round_name=round_name)
            return submission_dict(s, sub, full=True)

    return await run_in_threadpool(store)


async def new_version(db, blobs: Blobs, key, submission_id: int, submitted: dict, uploads: list[Upload],
                      note: str | None, today: date) -> dict:
    """The next version: the server's facts (登记号, receipt, decisions) go in before the record
    is checked, a submitter's change to one is refused (422), and a change of those facts
    while it was checked is a 409."""
    with db.read() as s:
        sub = submissions.get(s, key, submission_id)
        round_name = sub.round
        record = server_facts.checked(s, sub, submitted)
    checker = Checker(db, today, parse_round(round_name), exclude_id=submission_id)
    findings, valid = await run_in_threadpool(checker.findings, record)

    def store():
        with db.write() as s:
            sub = submissions.get(s, key, submission_id)
            if server_facts.checked(s, sub, submitted) != record:
                raise Conflict("提交期间登记机构更新了成果登记号、纸质材料接收或审核结果；"
                               "请取回最新版本（GET 本提交）后重新提交", slug="server-facts-changed")
            keep_uploads(s, blobs, uploads)
            version = submissions.add_version(s, key, sub, record, findings, valid, uploads, note=note,
                                              announce=False)
            # a returned registration goes back to review with its new version (003 方式二 3.(1))
            registration_workflow.resubmitted(s, key, sub)
            # so does a refused or withdrawn completion (001 五.1–2)
            nssf_workflow.resubmitted(s, key, sub)
            submissions.announce_version(s, sub, version)     # with the state it is in now
            return submission_dict(s, sub, full=True)

    return await run_in_threadpool(store)


def version_dict(v, full: bool = True) -> dict:
    d = {"version": v.version, "valid": v.valid, "note": v.note,
         "created_at": v.created_at.isoformat(),
         "errors": sum(1 for f in v.findings if f.get("severity") == "error"),
         "attachments": [{"file_name": a.file_name, "sha256": a.sha256, "size": a.size,
                          "document_type": a.document_type} for a in v.attachments]}
    if full:
        d["record"] = v.record
        d["findings"] = v.findings
    return d


def submission_dict(s, sub: submissions.Submission, full: bool = False, today: date | None = None) -> dict:
    d = {"id": sub.id, "kind": sub.kind, "record_id": sub.record_id, "title": sub.title,
         "project_number": sub.project_number, "round": sub.round, "status": sub.status,
         "status_label": STATUS_LABELS.get(sub.status, sub.status),
         "registration_no": sub.registration_no, "current_version": sub.current_version,
         "created_at": sub.created_at.isoformat(), "updated_at": sub.updated_at.isoformat(),
         "url": f"/api/v1/submissions/{sub.id}"}
    if full:
        d["latest"] = version_dict(submissions.latest(s, sub))
        d["versions"] = [version_dict(v, full=False) for v in submissions.versions(s, sub)]
        d["registration"] = registration_dict(s, sub)
        d["receipt"] = receipt_dict(receipts.of(s, sub))
        d["workflow"] = [{"from": STATUS_LABELS.get(w.from_status), "to": STATUS_LABELS.get(w.to_status),
                          "decision": STEP_LABELS.get(w.decision), "comment": w.comment,
                          "at": w.at.isoformat()} for w in workflow.history(s, sub)]
        if sub.kind == registration_workflow.KIND:
            d["procedure"] = registration_workflow.procedure(s, sub, today or dates.china_today())
        elif nssf_workflow.handles(sub):
            d["procedure"] = nssf_workflow.procedure(s, sub, today or dates.china_today())
    return d


def registration_dict(s, sub: submissions.Submission) -> dict | None:
    row = registration.number_of(s, sub)
    if row is None:
        return None
    d = receipts.deadline(row.issued_on, sub.round)
    return {"number": row.number, "issued_on": row.issued_on.isoformat(),
            "body": bodies.get(s, row.body_id).name, "year": row.year, "serial": row.serial,
            "paper_due_on": d.due_on.isoformat() if d.due_on else None, "paper_deadline_note": d.note,
            "note": registration.LETTER_NOTE}


def late_label(r: receipts.Receipt) -> str:
    """逾期 / 按期, or why neither can be said: the round sets no period, or it cannot be counted."""
    if r.late is None:
        return "无法判断"
    if r.due_on is None:
        return "本轮次没有规定送达期限"
    return "逾期" if r.late else "按期"


def receipt_dict(r: receipts.Receipt | None) -> dict | None:
    if r is None:
        return None
    return {"registration_no": r.registration_no, "issued_on": r.issued_on.isoformat(),
            "due_on": r.due_on.isoformat() if r.due_on else None,
            "received_on": r.received_on.isoformat(), "late": r.late,
            "late_label": late_label(r),
            "working_days_taken": r.working_days_taken, "note": r.note, "materials": r.materials}
