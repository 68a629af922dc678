"""Failed authentications per client address, counted in the database so that every worker
process and every restart sees the same count (the web sign-in uses it; the API's keys can).

One row per address holds the window that began at its first failure and the failures in it.
A failure is counted with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement, which
both SQLite and PostgreSQL run atomically: concurrent failures are never lost, and exactly one
of them sees the count reach the limit.
"""
from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.store.models import AuthFailureWindow

WINDOW = timedelta(minutes=1)
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _aware(t: datetime) -> datetime:
    # SQLite gives naive datetimes back; they were written in UTC
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def seconds_to_wait(s: Session, address: str, now: datetime, limit: int) -> int | None:
    """Seconds until ``address`` may try again, when it has had ``limit`` failures in its
    current window; None when it may try now."""
    row = s.get(AuthFailureWindow, address)
    if row is None or row.failures < limit:
        return None
    left = (_aware(row.window_start) + WINDOW - now).total_seconds()
    return math.ceil(left) if left > 0 else None


def count_failure(s: Session, address: str, now: datetime) -> int:
    """Count one failed authentication of ``address``; returns its failures in the current
    window (a window that has run out starts again at ``now``)."""
    table = AuthFailureWindow.__table__
    ran_out = table.c.window_start <= now - WINDOW
    insert = _INSERT[s.get_bind().dialect.name](table).values(address=address, window_start=now, failures=1)
    upsert = insert.on_conflict_do_update(index_elements=[table.c.address], set_={
        "window_start": case((ran_out, insert.excluded.window_start), else_=table.c.window_start),
        "failures": case((ran_out, 1), else_=table.c.failures + 1),
    }).returning(table.c.failures)
    return s.execute(upsert).scalar_one()
