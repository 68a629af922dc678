"""From the outbox to the recipients (issue #17): each event is fanned out once into webhook
deliveries (the endpoints whose key may see it), e-mails and web notices (the people it
concerns, as their preferences say); each delivery is then claimed with a lease, tried, and
its attempt logged, until it succeeds or its day of retries runs out.

Every move is one conditional UPDATE, so any number of pumps and workers may run: an event is
fanned out by the one that marks it, a delivery is tried by the one that holds its lease, and
a worker killed mid-delivery leaves the lease to run out and the delivery to be tried again.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from service.store import bodies
from service.store.models import (
    ApiKey,
    Body,
    Delivery,
    DeliveryAttempt,
    Notice,
    NoticePreference,
    NotificationEvent,
    WebhookEndpoint,
)

EXCERPT_CHARS = 1000
#: the longest wait between two attempts
MAX_BACKOFF = timedelta(hours=3)


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    # SQLite gives the stored UTC time back without its zone
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def may_see(s: Session, key: ApiKey, event: NotificationEvent) -> bool:
    """A key hears of an event it could read: an admin of all; another key of its own
    submissions and jobs, and of the submissions of its body and the bodies below it."""
    if key.revoked_at is not None:
        return False
    if key.role == "admin" or event.key_id == key.id:
        return True
    return (event.body_id is not None and key.body_id is not None and key.role in ("portal", "archivist")
            and event.body_id in bodies.subtree_ids(s, key.body_id))


def _ancestors(s: Session, body_id: int | None) -> list[int]:
    chain = []
    while body_id is not None and body_id not in chain:
        chain.append(body_id)
        body_id = s.get(Body, body_id).parent_id
    return chain


def people(s: Session, event: NotificationEvent) -> list[ApiKey]:
    """Whom an event concerns: the key that owns the submission or job, and the archivists of the
    submission's body and the bodies above it."""
    found = [s.get(ApiKey, event.key_id)] if event.key_id else []
    chain = _ancestors(s, event.body_id)
    if chain:
        found += list(s.scalars(select(ApiKey).where(ApiKey.role == "archivist", ApiKey.body_id.in_(chain))))
    seen, result = set(), []
    for key in found:
        if key is not None and key.revoked_at is None and key.id not in seen:
            seen.add(key.id)
            result.append(key)
    return result


def preference(s: Session, key_id: int, event_type: str) -> NoticePreference:
    return s.get(NoticePreference, (key_id, event_type)) or NoticePreference(
        key_id=key_id, event_type=event_type, web=True, email=True)


def unread(s: Session, key_id: int) -> int:
    """How many of the person's web notices are unread (the count in the pages' header)."""
    return s.scalar(select(func.count()).select_from(Notice)
                    .where(Notice.key_id == key_id, Notice.read_at.is_(None))) or 0


def fan_out(s: Session, event: NotificationEvent) -> int:
    """Make the event's deliveries and notices; how many deliveries. Marks the event first, so
    two pumps never fan out the same event."""
    marked = s.execute(update(NotificationEvent).where(NotificationEvent.id == event.id,
                                                       NotificationEvent.dispatched_at.is_(None))
                       .values(dispatched_at=now()))
    if marked.rowcount != 1:
        return 0
    rows = []
    for endpoint in s.scalars(select(WebhookEndpoint).where(WebhookEndpoint.deleted_at.is_(None))):
        if event.type in endpoint.events and may_see(s, s.get(ApiKey, endpoint.key_id), event):
            rows.append(Delivery(event_id=event.id, channel="webhook", endpoint_id=endpoint.id))
    addresses = set()
    for key in people(s, event):
        wants = preference(s, key.id, event.type)
        if wants.web:
            s.add(Notice(key_id=key.id, event_id=event.id))
        if wants.email and key.contact_email and key.contact_email not in addresses:
            addresses.add(key.contact_email)
            rows.append(Delivery(event_id=event.id, channel="email", address=key.contact_email,
                                 recipient_key_id=key.id))
    body = s.get(Body, event.body_id) if event.body_id else None
    if body is not None and body.contact_email and body.contact_email not in addresses:
        rows.append(Delivery(event_id=event.id, channel="email", address=body.contact_email))
    for row in rows:
        row.status, row.attempts, row.created_at, row.next_attempt_at = "pending", 0, now(), now()
        s.add(row)
    s.flush()
    return len(rows)


def undispatched(s: Session, limit: int) -> list[NotificationEvent]:
    return list(s.scalars(select(NotificationEvent).where(NotificationEvent.dispatched_at.is_(None))
                          .order_by(NotificationEvent.occurred_at).limit(limit)))


def claim(s: Session, lease_seconds: int, limit: int) -> list[int]:
    """Take up to ``limit`` due deliveries for ``lease_seconds``; their ids."""
    t = now()
    free = or_(Delivery.lease_until.is_(None), Delivery.lease_until < t)
    due = list(s.scalars(select(Delivery.id).where(Delivery.status == "pending", Delivery.next_attempt_at <= t, free)
                         .order_by(Delivery.next_attempt_at).limit(limit)))
    taken = []
    for delivery_id in due:
        result = s.execute(update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending", free)
                           .values(lease_until=t + timedelta(seconds=lease_seconds), attempts=Delivery.attempts + 1))
        if result.rowcount == 1:
            taken.append(delivery_id)
    return taken


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """Exponential: base, 2·base, 4·base … at most three hours."""
    return min(timedelta(seconds=base_seconds * 2 ** max(0, attempts - 1)), MAX_BACKOFF)


def record_attempt(s: Session, delivery: Delivery, *, ok: bool, status_code: int | None, latency_ms: int,
                   excerpt: str, base_seconds: float, retry_seconds: int) -> None:
    """Log one attempt; the delivery is done, or due again after its backoff, or failed when its
    retry window (a day from its creation) is over."""
    s.add(DeliveryAttempt(delivery_id=delivery.id, at=now(), status_code=status_code, latency_ms=latency_ms,
                          ok=ok, excerpt=excerpt[:EXCERPT_CHARS]))
    t = now()
    if ok:
        values = {"status": "succeeded", "finished_at": t, "lease_until": None}
    else:
        retry_at = t + backoff(delivery.attempts, base_seconds)
        if retry_at > aware(delivery.created_at) + timedelta(seconds=retry_seconds):
            values = {"status": "failed", "finished_at": t, "lease_until": None}
        else:
            values = {"next_attempt_at": retry_at, "lease_until": None}
    s.execute(update(Delivery).where(Delivery.id == delivery.id).values(**values))


def replay(s: Session, delivery: Delivery) -> None:
    """Send the delivery again now, under the same webhook-id."""
    s.execute(update(Delivery).where(Delivery.id == delivery.id).values(
        status="pending", next_attempt_at=now(), finished_at=None, lease_until=None, created_at=now()))


def attempts(s: Session, delivery_id: int) -> list[DeliveryAttempt]:
    return list(s.scalars(select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id)
                          .order_by(DeliveryAttempt.id)))


def as_dict(s: Session, d: Delivery) -> dict:
    event = s.get(NotificationEvent, d.event_id)

    def iso(v):
        return aware(v).isoformat() if v else None
    return {"id": d.id, "webhook_id": d.event_id, "event": event.type, "channel": d.channel,
            "endpoint_id": d.endpoint_id, "status": d.status, "attempts_made": d.attempts,
            "created_at": iso(d.created_at), "next_attempt_at": iso(d.next_attempt_at) if d.status == "pending" else None,
            "finished_at": iso(d.finished_at),
            "attempts": [{"at": iso(a.at), "status_code": a.status_code, "latency_ms": a.latency_ms, "ok": a.ok,
                          "response_excerpt": a.excerpt} for a in attempts(s, d.id)]}
