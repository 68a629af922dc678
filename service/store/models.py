"""The store's tables (SQLAlchemy 2).

Submissions keep every version: a change is a new ``submission_versions`` row, never an
update (an ORM guard below refuses updates and deletes). Attachment bytes are content-addressed
by SHA-256 (:mod:`service.store.blobs`): in ``blobs.content`` on PostgreSQL, on disk beside the
SQLite file (:mod:`service.store.files`).
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


# Four-level hierarchy of registration bodies (002 二): 1 科技部, 2 省科技厅, 3 组织管理部门,
# 4 成果完成单位. For the NSSF workflow (001 四) level 1 is 全国社科工作办, level 2 the
# 省级社科管理部门 and levels 3–4 the 责任单位.
BODY_LEVELS = {1: "一级登记机构（科技部 / 全国社科工作办）", 2: "二级登记机构（省级主管部门）",
               3: "三级登记机构（组织管理部门）", 4: "四级普通用户（成果完成单位）"}


class Body(Base):
    __tablename__ = "bodies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    # 3-character region/department code that opens its 成果登记号 (e.g. "140" for 山西)
    code: Mapped[str | None] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the body's contact address: mail about its submissions (issue #17)
    contact_email: Mapped[str | None] = mapped_column(String(320))

    parent: Mapped[Body | None] = relationship(remote_side=[id])


# expert: a peer-review expert (同行评议专家), kept apart from the PI (submitter) by 001 一
ROLES = ("portal", "submitter", "archivist", "admin", "expert")


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the key: keys are 32 random bytes, so a fast hash is enough (no dictionary to
    # guess from); only the hash and a display prefix are stored
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lookup_failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # where the person's notices are mailed (issue #17)
    contact_email: Mapped[str | None] = mapped_column(String(320))

    body: Mapped[Body | None] = relationship()


class Submission(Base):
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    owner_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    record_id: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(500))
    project_number: Mapped[str | None] = mapped_column(String(100), index=True)
    round: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(30))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    registration_no: Mapped[str | None] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    body: Mapped[Body | None] = relationship()


class SubmissionVersion(Base):
    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict] = mapped_column(JSON)
    findings: Mapped[list] = mapped_column(JSON)
    valid: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attachments: Mapped[list[VersionAttachment]] = relationship(
        order_by="VersionAttachment.id", lazy="selectin")


@event.listens_for(SubmissionVersion, "before_update")
@event.listens_for(SubmissionVersion, "before_delete")
def _versions_are_history(mapper, connection, target):
    raise RuntimeError("submission versions are history: add a new version instead")


class Blob(Base):
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the bytes, when the store is PostgreSQL (every node reads them); NULL on the SQLite
    # default, whose bytes are on local disk. Deferred: listing blobs never loads them.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)


class VersionAttachment(Base):
    __tablename__ = "version_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("submission_versions.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    file_name: Mapped[str] = mapped_column(String(300))
    document_type: Mapped[str | None] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)


class RegistrationCounter(Base):
    """The last serial a body issued in a year; its row is the lock for issuing (003)."""
    __tablename__ = "registration_counters"
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class RegistrationNumber(Base):
    __tablename__ = "registration_numbers"
    __table_args__ = (UniqueConstraint("body_id", "year", "serial"),)
    number: Mapped[str] = mapped_column(String(12), primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), unique=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))


class WorkflowStep(Base):
    __tablename__ = "workflow_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    decision: Mapped[str] = mapped_column(String(20))
    actor_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    actor_body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Receipt(Base):
    """Paper materials received by the archive after the number was issued (003 方式二 4)."""
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), unique=True)
    registration_no: Mapped[str] = mapped_column(String(12))
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool | None] = mapped_column(Boolean)
    working_days_taken: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    materials: Mapped[list] = mapped_column(JSON, default=list)
    received_by: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class WebSession(Base):
    """A signed-in browser (service/web_signin.py): the cookie holds a random id, this table only
    its SHA-256, so a copy of the database signs no one in."""
    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    # sent back in every form of the session's pages; a page of another origin cannot read it
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    key: Mapped[ApiKey] = relationship(lazy="joined")


class LookupFailure(Base):
    """One invalid CIP/ISBN look-up by a key (000 手册 二.3③): the lock is decided from how
    many fall in a time window, so a valid look-up between them cannot wipe the count."""
    __tablename__ = "lookup_failures"
    __table_args__ = (Index("ix_lookup_failures_key_at", "key_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuthFailure(Base):
    """Failed API-key authentications of one client address in one fixed time window; the
    count is raised by a single INSERT … ON CONFLICT DO UPDATE, so parallel guesses each get
    their own number (service/store/auth_failures.py)."""
    __tablename__ = "auth_failures"
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    # the window's first second (Unix time), a multiple of the window's length
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)


JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")


class Job(Base):
    """A long operation run off the request (issue #16): what it is, whose it is, how far it
    got and where its result is. Any API node answers from this row, whichever worker runs it.
    The id is random (uuid4 hex), so one key cannot guess another's jobs."""
    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    # what the task function needs besides its input files (form, format, submission, report…)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str] = mapped_column(String(20), default="份")
    # the problem document (RFC 9457 fields, Chinese) of a failed job
    error: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    result_media_type: Mapped[str | None] = mapped_column(String(120), nullable=True)
    result_file_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # how long the job and its result are kept once finished (PAPERWORK_JOB_RESULT_TTL_SECONDS
    # of the node that made it); expires_at is then finished_at plus this
    keep_seconds: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # how many times a runner started it (a killed worker's job runs again: 2), who holds it
    # ("local:HOST:PID" for the embedded pool of a paperwork serve, "celery:HOST:PID" once a
    # Celery child starts it), and how long after its start it is taken for lost
    # (service/store/job_watchdog.py)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    runner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lost_after_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)


class JobFile(Base):
    """The bytes a job reads (uploaded PDFs, the records) and the one it makes (its result),
    in the database so that every API node and worker reads them (service/store/jobs.py:
    store_result/load_result); deleted with the job."""
    __tablename__ = "job_files"
    __table_args__ = (UniqueConstraint("job_id", "role", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))          # input | result
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary)

class RateCount(Base):
    """Requests of one API key in one clock minute, across every server process on the
    database; raised by one INSERT … ON CONFLICT DO UPDATE … RETURNING (service/store/rate_counts.py)."""
    __tablename__ = "rate_counts"
    key_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)

# --- notifications (issue #17) ------------------------------------------------------------------

class NotificationEvent(Base):
    """The outbox: one row per event, written in the transaction of the step that caused it, so an
    event exists exactly when its step committed. ``dispatched_at`` is set when the event has been
    fanned out into deliveries, mails and notices (service/ops/notify_pump.py)."""
    __tablename__ = "notification_events"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)        # msg_<uuid hex>: webhook-id
    type: Mapped[str] = mapped_column(String(40), index=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    payload: Mapped[dict] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # whom it concerns: the submission (and its body), the key that owns it (or the job)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), index=True)
    # an event that must happen once only (paper.overdue of one submission) names itself here
    once: Mapped[str | None] = mapped_column(String(120), unique=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


DELIVERY_STATUSES = ("pending", "succeeded", "failed")


class Delivery(Base):
    """One event to one recipient: a webhook endpoint (``endpoint_id``) or an e-mail address
    (``address``). Claimed by a worker with a lease (``lease_until``): a worker killed
    mid-delivery leaves the lease to run out, and the delivery is tried again."""
    __tablename__ = "notification_deliveries"
    __table_args__ = (UniqueConstraint("event_id", "endpoint_id", "address"),
                      Index("ix_notification_deliveries_due", "status", "next_attempt_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("notification_events.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))          # webhook | email
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(320))
    recipient_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryAttempt(Base):
    __tablename__ = "notification_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("notification_deliveries.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean)
    # the first kilobyte of the answer, as text; or what went wrong (Chinese)
    excerpt: Mapped[str] = mapped_column(String(1100), default="")


class Notice(Base):
    """An event shown to one signed-in person in the web pages."""
    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("key_id", "event_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("notification_events.id"))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NoticePreference(Base):
    """Which notices a person gets of one event type; no row = both."""
    __tablename__ = "notice_preferences"
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    web: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)


class KeyDisplay(Base):
    """A new API key waiting for its one display on the page the web admin's POST redirects to,
    on whichever node that GET lands. Sealed (Fernet) with a key derived from the session's
    plain token, which the database never holds; read once, then deleted; kept 10 minutes at
    most (service/store/key_displays.py)."""
    __tablename__ = "key_displays"
    session_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InstallationSecret(Base):
    """A secret of the whole installation, made once under the start-up lock: the package
    signing key when the store is PostgreSQL, so every node signs with the same key."""
    __tablename__ = "installation_secrets"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
