"""Failed API-key authentications, counted per client address in fixed time windows.

The count is one statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``) on SQLite and
PostgreSQL alike: parallel failures from one address each get their own number, so no more
than the limit are ever answered 401 (a read-then-write count would let a burst through).
Each failure goes to the audit log with a prefix of the tried key's SHA-256, never its text.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.store import audit
from service.store.models import AuthFailure

INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def window_start(now: float, seconds: int) -> int:
    """The first second of the window ``now`` falls in.

    >>> window_start(1_000_123.5, 600)
    999600
    """
    return int(now // seconds * seconds)


def failures(s: Session, client: str, window: int) -> int:
    return s.scalar(select(AuthFailure.failures).where(
        AuthFailure.client == client, AuthFailure.window_start == window)) or 0


def record_failure(s: Session, client: str, window: int, seconds: int, *, key_hash: str,
                   path: str, limit: int) -> int:
    """Count one failure of ``client`` in ``window``; returns the window's count so far."""
    insert = INSERT[s.get_bind().dialect.name]
    upsert = insert(AuthFailure).values(client=client, window_start=window, failures=1)
    upsert = upsert.on_conflict_do_update(
        index_elements=[AuthFailure.client, AuthFailure.window_start],
        set_={"failures": AuthFailure.failures + 1}).returning(AuthFailure.failures)
    count = s.execute(upsert).scalar_one()
    # after the upsert, which holds this client's row: same-client cleanups run one at a time
    s.execute(delete(AuthFailure).where(AuthFailure.client == client,
                                           AuthFailure.window_start < window))
    # failures past the limit (a burst that raced the check) are answered 429 and not logged
    if count <= limit:
        audit.log(s, None, "auth.failure", f"client:{client}", client=client, path=path,
                  key_sha256_prefix=key_hash[:8], failures=count)
    if count == limit:
        audit.log(s, None, "auth.limited", f"client:{client}", client=client, limit=limit,
                  until=datetime.fromtimestamp(window + seconds, UTC).isoformat())
    return count
