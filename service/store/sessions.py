"""Web sign-in sessions: the browser keeps a random id, the table only its SHA-256.

A session lasts 12 hours from sign-in, ends at logout (its row is deleted), and is no longer
found once its key is revoked (checked at every use, so revoking a key signs its browsers out).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.store.keys import hash_key
from service.store.models import ApiKey, WebSession

LIFETIME = timedelta(hours=12)


def start(s: Session, key: ApiKey, now: datetime) -> tuple[str, WebSession]:
    """A new session for ``key``; returns the plain id (for the cookie, never stored) and its row.
    Sessions already past their end are cleared out on the way."""
    s.execute(delete(WebSession).where(WebSession.expires_at <= now))
    plain = secrets.token_urlsafe(32)
    row = WebSession(id_hash=hash_key(plain), key_id=key.id, csrf_token=secrets.token_urlsafe(32),
                     created_at=now, expires_at=now + LIFETIME)
    s.add(row)
    s.flush()
    return plain, row


def find(s: Session, plain: str, now: datetime) -> WebSession | None:
    """The live session with this id and its key, or None when it ended, expired or its key
    was revoked."""
    return s.scalar(select(WebSession).join(ApiKey, WebSession.key_id == ApiKey.id)
                    .where(WebSession.id_hash == hash_key(plain), WebSession.expires_at > now,
                           ApiKey.revoked_at.is_(None)))


def end(s: Session, plain: str) -> None:
    s.execute(delete(WebSession).where(WebSession.id_hash == hash_key(plain)))
