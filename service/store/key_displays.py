"""A new API key waiting for its one display (the web admin's POST-redirect-GET), in the store
so that the GET may land on any node or any process of ``paperwork serve --workers N``.

The row is found by the SHA-256 of the session's plain token and sealed (Fernet: AES-128-CBC
and HMAC-SHA256) with a key derived from that token by another hash, so what the database
holds opens only with the browser's cookie, which the database never holds (it keeps the
session's hash only). Taken once (read and deleted in one transaction); kept ten minutes at
most, and a newer key of the same session replaces it.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete
from sqlalchemy.orm import Session

from service.store.models import KeyDisplay

KEEP = timedelta(minutes=10)


def _row_id(session_token: str) -> str:
    return hashlib.sha256(session_token.encode()).hexdigest()


def _sealer(session_token: str) -> Fernet:
    derived = hashlib.sha256(b"paperwork key display\0" + session_token.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def put(s: Session, session_token: str, name: str, plain_key: str) -> None:
    now = datetime.now(UTC)
    s.execute(delete(KeyDisplay).where(KeyDisplay.expires_at <= now))
    s.merge(KeyDisplay(session_hash=_row_id(session_token), name=name[:200],
                       sealed=_sealer(session_token).encrypt(plain_key.encode()), expires_at=now + KEEP))
    s.flush()


def take(s: Session, session_token: str) -> tuple[str, str] | None:
    """(name, plain key) of the key this session made, once; None when there is none (shown
    already, expired, or another session's)."""
    row = s.get(KeyDisplay, _row_id(session_token), with_for_update=True)
    if row is None:
        return None
    s.delete(row)
    s.flush()
    expires_at = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires_at <= datetime.now(UTC):
        return None
    try:
        return row.name, _sealer(session_token).decrypt(row.sealed).decode()
    except InvalidToken:
        return None
