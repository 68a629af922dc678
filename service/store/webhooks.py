"""Webhook endpoints, people's notices and preferences in the store (issue #17); the checks of
a URL (SSRF) and the signing are the operations' (service/ops/notify_webhook.py)."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.store import bodies
from service.store.errors import NotFound
from service.store.models import (
    ApiKey,
    Body,
    Delivery,
    Notice,
    NoticePreference,
    NotificationEvent,
    WebhookEndpoint,
    utcnow,
)


def create(s: Session, key: ApiKey, url: str, events: list[str], secret: str, description: str | None) -> WebhookEndpoint:
    e = WebhookEndpoint(key_id=key.id, url=url, events=events, secret=secret, description=description,
                        created_at=utcnow())
    s.add(e)
    s.flush()
    return e


def listing(s: Session, key: ApiKey) -> list[WebhookEndpoint]:
    q = select(WebhookEndpoint).where(WebhookEndpoint.deleted_at.is_(None)).order_by(WebhookEndpoint.id)
    if key.role != "admin":
        q = q.where(WebhookEndpoint.key_id == key.id)
    return list(s.scalars(q))


def own(s: Session, key: ApiKey, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint, if ``key`` registered it (or is an admin's); else the 404 of one that does not exist."""
    e = s.get(WebhookEndpoint, endpoint_id)
    if e is None or e.deleted_at is not None or (e.key_id != key.id and key.role != "admin"):
        raise NotFound(f"回调地址 {endpoint_id} 不存在或不属于本密钥")
    return e


def delete(s: Session, key: ApiKey, endpoint_id: int) -> None:
    own(s, key, endpoint_id).deleted_at = utcnow()


def deliveries_of(s: Session, endpoint_id: int, limit: int, offset: int) -> list[Delivery]:
    return list(s.scalars(select(Delivery).where(Delivery.endpoint_id == endpoint_id)
                          .order_by(Delivery.id.desc()).limit(limit).offset(offset)))


def delivery_of(s: Session, endpoint_id: int, delivery_id: int) -> Delivery:
    d = s.get(Delivery, delivery_id)
    if d is None or d.endpoint_id != endpoint_id:
        raise NotFound(f"回调地址 {endpoint_id} 没有投递 {delivery_id}")
    return d


def all_deliveries(s: Session, channel: str | None, limit: int, offset: int) -> list[Delivery]:
    q = select(Delivery).order_by(Delivery.id.desc()).limit(limit).offset(offset)
    if channel:
        q = q.where(Delivery.channel == channel)
    return list(s.scalars(q))


def set_key_contact(s: Session, key: ApiKey, email: str | None) -> None:
    s.get(ApiKey, key.id).contact_email = email


def set_body_contact(s: Session, key: ApiKey, body_id: int, email: str | None) -> None:
    row = s.get(Body, body_id)
    if row is None or (key.role != "admin" and body_id not in bodies.subtree_ids(s, key.body_id)):
        raise NotFound(f"登记机构 {body_id} 不存在或不在本密钥管辖范围")
    row.contact_email = email


# --- the web pages' notices ---------------------------------------------------------------------

def notices(s: Session, key_id: int, limit: int) -> list[tuple[Notice, NotificationEvent]]:
    return [tuple(row) for row in s.execute(
        select(Notice, NotificationEvent).join(NotificationEvent, Notice.event_id == NotificationEvent.id)
        .where(Notice.key_id == key_id).order_by(NotificationEvent.occurred_at.desc()).limit(limit))]


def sent(s: Session, limit: int) -> list[tuple[Delivery, NotificationEvent]]:
    return [(d, s.get(NotificationEvent, d.event_id)) for d in all_deliveries(s, None, limit, 0)]


def mark_read(s: Session, key_id: int, notice_id: int | None) -> None:
    """One of the person's notices read (None: all of them)."""
    q = update(Notice).where(Notice.key_id == key_id, Notice.read_at.is_(None))
    if notice_id is not None:
        q = q.where(Notice.id == notice_id)
    s.execute(q.values(read_at=utcnow()))


def set_preference(s: Session, key_id: int, event_type: str, *, web: bool | None = None,
                   email: bool | None = None) -> None:
    row = s.get(NoticePreference, (key_id, event_type))
    if row is None:
        row = NoticePreference(key_id=key_id, event_type=event_type, web=True, email=True)
        s.add(row)
    row.web = row.web if web is None else web
    row.email = row.email if email is None else email
