"""The per-key request limit (429), held across every server process of an installation.

Requests are counted per key and clock minute (a fixed window): in Redis when
``PAPERWORK_BROKER_URL`` is a ``redis://`` address (``INCR`` of one key per minute, expiring
after two), in the database otherwise (service/store/rate_counts.py). A fixed window lets a key
spend one minute's allowance at the end of a minute and the next one's at the start; the limit
is against floods, and this keeps each request to one atomic statement.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import redis

from service.store import rate_counts
from service.store.auth_failures import window_start
from service.store.db import Database

Counter = Callable[[int, int], int]      # (key id, window start) -> requests so far


def database_counter(db: Database) -> Counter:
    def count(key_id: int, window: int) -> int:
        with db.write_statements() as conn:
            return rate_counts.hit(conn, key_id, window)
    return count


def redis_counter(client: redis.Redis) -> Counter:
    def count(key_id: int, window: int) -> int:
        name = f"paperwork:rate:{key_id}:{window}"
        with client.pipeline(transaction=True) as p:      # MULTI … EXEC
            p.incr(name)
            p.expire(name, 120)
            hits, _ = p.execute()
        return hits
    return count


class RateLimiter:
    def __init__(self, per_minute: int, count: Counter):
        self.per_minute, self._count = per_minute, count

    def hit(self, key_id: int, now: float | None = None) -> float | None:
        """Count a request; return seconds to wait when over the limit, else None."""
        now = time.time() if now is None else now
        window = window_start(now, 60)
        if self._count(key_id, window) <= self.per_minute:
            return None
        return max(1.0, window + 60 - now)
