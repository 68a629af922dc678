"""Requests per API key and clock minute, counted in the database so that every server process
on it counts against one limit (when no Redis is configured; see service/rate_limits.py).

The count is one statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``) on SQLite and
PostgreSQL alike: parallel requests through any number of processes each get their own number.
"""
from __future__ import annotations

from sqlalchemy import Connection, delete

from service.store.auth_failures import INSERT
from service.store.models import RateCount


def hit(conn: Connection, key_id: int, window: int) -> int:
    """Count one request of ``key_id`` in the minute starting at ``window``; returns the
    minute's count so far (this request included)."""
    upsert = INSERT[conn.dialect.name](RateCount).values(key_id=key_id, window_start=window,
                                                                 hits=1)
    count = conn.execute(upsert.on_conflict_do_update(
        index_elements=[RateCount.key_id, RateCount.window_start],
        set_={"hits": RateCount.hits + 1}).returning(RateCount.hits)).scalar_one()
    if count == 1:
        # the key's first request of a minute clears its earlier minutes
        conn.execute(delete(RateCount).where(RateCount.key_id == key_id,
                                          RateCount.window_start < window))
    return count
