"""Submissions and their versions: every change is a new version; findings are kept with each.

Who sees what (issue #6): a submitter only its own submissions, an archivist those of its body
and the bodies below it, an admin all, a portal none. A submission another key cannot see is
answered as "not found", so its existence does not leak either.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from service.store import audit, bodies, events
from service.store.errors import Forbidden, NotFound, Unprocessable
from service.store.models import ApiKey, Blob, Submission, SubmissionVersion, VersionAttachment, utcnow

STATUS_LABELS = {
    "submitted": "已提交",
    "registered": "已登记（已发放成果登记号）",
    "paper-received": "纸质材料已接收",
    "unit-review": "待责任单位审核",
    "province-review": "待省级社科管理部门审核",
    "national-review": "待全国社科工作办审批",
    "approved": "已生效",
    "rejected": "不通过",
    # the achievement-registration procedure (validators/kinds/achievement_registration.PROCEDURE)
    "recommended": "已推荐（待省科技厅审核）",
    "returned": "退回修改",
    "paper-returned": "纸质材料退回补充",
    "paper-accepted": "纸质材料审核通过（待上报国家）",
    "reported": "已上报国家科技成果网",
    # the completion and budget-adjustment procedures (service/store/nssf_workflow.py)
    "not-accepted": "不受理",
    "withdrawn": "已撤回修改",
    "completed": "已结项",
    "effective": "已生效（待报全国社科工作办备案）",
    "filed": "已生效，已报全国社科工作办备案",
    "verified": "已核实上报（待责任单位邮寄）",
    "mailed": "已邮寄中国版本图书馆",
}


@dataclass(frozen=True)
class Upload:
    file_name: str
    sha256: str
    size: int
    document_type: str | None = None
    # the bytes of a new upload, kept (Blobs.put) in the transaction that attaches them;
    # None for an attachment carried over from the previous version
    content: bytes | None = field(default=None, repr=False, compare=False)


def _first(record: dict, *paths: str) -> str | None:
    for path in paths:
        node = record
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str) and node.strip():
            return node.strip()[:500]
    return None


def describe(record: dict) -> dict:
    """The columns a desk searches by, read from the record."""
    return {
        "record_id": _first(record, "id"),
        "title": _first(record, "achievement.name", "book.title", "project.title", "title",
                        "journal.name", "basic.journal_name"),
        "project_number": _first(record, "project.approval_number", "plan_source.project_number",
                                 "approval_number", "project_number"),
    }


def initial_status(kind: str) -> str:
    return "unit-review" if kind == "nssf-change-request" else "submitted"


def visible(q: Select, key: ApiKey, s: Session) -> Select:
    if key.role == "admin":
        return q
    if key.role == "submitter":
        return q.where(Submission.owner_key_id == key.id)
    if key.role == "archivist":
        return q.where(Submission.body_id.in_(bodies.subtree_ids(s, key.body_id)))
    return q.where(False)


def get(s: Session, key: ApiKey, submission_id: int) -> Submission:
    sub = s.scalar(visible(select(Submission).where(Submission.id == submission_id), key, s))
    if sub is None:
        raise NotFound(f"提交 {submission_id} 不存在或无权查看")
    return sub


def listing(s: Session, key: ApiKey, *, kind: str | None = None, registration_no: str | None = None,
            project_number: str | None = None, record_id: str | None = None,
            limit: int = 100, offset: int = 0) -> list[Submission]:
    q = visible(select(Submission), key, s)
    if kind:
        q = q.where(Submission.kind == kind)
    if registration_no:
        q = q.where(Submission.registration_no == registration_no)
    if project_number:
        q = q.where(Submission.project_number == project_number)
    if record_id:
        q = q.where(Submission.record_id == record_id)
    return list(s.scalars(q.order_by(Submission.id.desc()).limit(limit).offset(offset)))


def _attach(s: Session, version: SubmissionVersion, uploads: list[Upload]) -> None:
    for u in uploads:
        if s.get(Blob, u.sha256) is None:
            s.add(Blob(sha256=u.sha256, size=u.size))
            s.flush()
        s.add(VersionAttachment(version_id=version.id, sha256=u.sha256, file_name=u.file_name,
                                document_type=u.document_type, size=u.size))


def create(s: Session, key: ApiKey, record: dict, findings: list[dict], valid: bool,
           uploads: list[Upload] = (), round_name: str | None = None) -> Submission:
    if key.role not in ("submitter", "admin"):
        raise Forbidden("只有填报人（submitter）或管理员可以创建提交")
    kind = record["kind"]
    sub = Submission(kind=kind, owner_key_id=key.id, body_id=key.body_id, round=round_name,
                     status=initial_status(kind), current_version=1, **describe(record))
    s.add(sub)
    s.flush()
    version = SubmissionVersion(submission_id=sub.id, version=1, record=record,
                                findings=findings, valid=valid, created_by=key.id, note="首次提交")
    s.add(version)
    s.flush()
    _attach(s, version, list(uploads))
    audit.log(s, key, "submission.create", f"submission:{sub.id}", kind=kind, version=1,
              valid=valid, attachments=[u.sha256 for u in uploads])
    events.emit(s, events.submission_created(sub, STATUS_LABELS.get(sub.status, sub.status), findings, valid))
    return sub


def add_version(s: Session, key: ApiKey, sub: Submission, record: dict, findings: list[dict],
                valid: bool, uploads: list[Upload] = (), note: str | None = None,
                keep_attachments: bool = True, announce: bool = True) -> SubmissionVersion:
    """Append a version. Attachments of the previous version carry over unless replaced.
    ``announce=False``: the version is part of a step that sends its own event (a number issued,
    a change decided)."""
    if record.get("kind") != sub.kind:
        raise Unprocessable(f"新版本的记录类型“{record.get('kind')}”与提交的类型“{sub.kind}”不一致")
    if key.role == "submitter" and sub.owner_key_id != key.id:
        raise NotFound(f"提交 {sub.id} 不存在或无权查看")
    previous = latest(s, sub)
    n = sub.current_version + 1
    version = SubmissionVersion(submission_id=sub.id, version=n, record=record, findings=findings,
                                valid=valid, created_by=key.id, note=note)
    s.add(version)
    s.flush()
    carried = [Upload(a.file_name, a.sha256, a.size, a.document_type)
               for a in previous.attachments] if keep_attachments else []
    names = {u.file_name for u in uploads}
    _attach(s, version, [u for u in carried if u.file_name not in names] + list(uploads))
    sub.current_version = n
    sub.updated_at = utcnow()
    for column, value in describe(record).items():
        setattr(sub, column, value)
    audit.log(s, key, "submission.version", f"submission:{sub.id}", version=n, valid=valid,
              note=note)
    if announce:
        announce_version(s, sub, version)
    return version


def announce_version(s: Session, sub: Submission, version: SubmissionVersion) -> None:
    """The submission.version_added event, once the version's step has set the state."""
    events.emit(s, events.submission_version_added(sub, STATUS_LABELS.get(sub.status, sub.status),
                                                   version.findings, version.valid, version.note))


def latest(s: Session, sub: Submission) -> SubmissionVersion:
    return version_of(s, sub, sub.current_version)


def version_of(s: Session, sub: Submission, n: int) -> SubmissionVersion:
    v = s.scalar(select(SubmissionVersion).where(SubmissionVersion.submission_id == sub.id,
                                                 SubmissionVersion.version == n))
    if v is None:
        raise NotFound(f"提交 {sub.id} 没有第 {n} 版")
    return v


def attachment_name(s: Session, sub: Submission, sha256: str) -> str:
    """The file name an attachment of any of ``sub``'s versions was uploaded under."""
    names = {a.sha256: a.file_name for v in versions(s, sub) for a in v.attachments}
    if sha256 not in names:
        raise NotFound(f"该提交没有 SHA-256 为 {sha256[:16]}… 的附件")
    return names[sha256]


def versions(s: Session, sub: Submission) -> list[SubmissionVersion]:
    return list(s.scalars(select(SubmissionVersion).where(SubmissionVersion.submission_id == sub.id)
                          .order_by(SubmissionVersion.version)))


def others_for(s: Session, kind: str, exclude_id: int | None = None) -> tuple[dict, ...]:
    """The records the cross-record rules compare against.

    Duplicate registration and first-completing-unit rules need every registered record of
    the kind; the pending-same-type-change rule (001 四.3) reads each request's own status to
    tell open ones from closed ones, so every change request is passed.
    """
    q = (select(SubmissionVersion.record).join(
        Submission, (Submission.id == SubmissionVersion.submission_id)
        & (Submission.current_version == SubmissionVersion.version))
        .where(Submission.kind == kind))
    if exclude_id is not None:
        q = q.where(Submission.id != exclude_id)
    return tuple(s.scalars(q))


def count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(Submission))


def registered_books(s: Session, key: ApiKey) -> Iterator[dict]:
    """The ``book`` of the latest version of each NSSF publication a CIP/ISBN look-up searches:
    the ones the key may see (:func:`visible`: a submitter its own, an archivist those of its
    body and the bodies below it, a portal none)."""
    q = visible(select(Submission).where(Submission.kind == "nssf-publication"), key, s)
    for sub in s.scalars(q):
        yield latest(s, sub).record.get("book") or {}
