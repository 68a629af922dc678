"""What the shared per-key rate limit costs per request (issue #16): one ``hit`` of the
in-process limiter main had (a deque per key: not shared between processes) against the shared
counters — the database (SQLite file, PostgreSQL on loopback) and Redis on loopback — in one run.

Run: ``.venv/bin/python bench/rate_limit.py`` (needs Debian postgresql and redis-server; starts
throwaway servers on free loopback ports and stops them). Bounded: ROUNDS × N hits per backend.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from nodes import RedisServer  # noqa: E402
from pg import Cluster  # noqa: E402

from service.rate_limits import RateLimiter, database_counter, redis_counter  # noqa: E402
from service.readiness import redis_client  # noqa: E402
from service.store.db import open_database  # noqa: E402

ROUNDS, N = 5, 200      # the backends take turns, so a busy machine slows each alike


class InProcessLimiter:
    """main's RateLimiter (service/request_limits.py before issue #16), the baseline."""

    def __init__(self, per_minute: int):
        self.per_minute, self._hits, self._lock = per_minute, {}, threading.Lock()

    def hit(self, key_id: int, now: float | None = None) -> float | None:
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._hits.setdefault(key_id, deque())
            while q and q[0] <= now - 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return max(1.0, 60 - (now - q[0]))
            q.append(now)
            return None


def per_hit(limiter) -> float:
    start = time.perf_counter()
    for _ in range(N):
        limiter.hit(1)
    return (time.perf_counter() - start) / N


def main() -> None:
    cluster, redis_server = Cluster(), RedisServer()
    sqlite = open_database(f"sqlite:///{tempfile.mkdtemp(prefix='bench-rate-')}/paperwork.db")
    postgres = open_database(cluster.new_database())
    try:
        limiters = {
            "in-process deque (main)": InProcessLimiter(10 ** 9),
            "SQLite rate_counts": RateLimiter(10 ** 9, database_counter(sqlite)),
            "PostgreSQL rate_counts": RateLimiter(10 ** 9, database_counter(postgres)),
            "Redis INCR": RateLimiter(10 ** 9, redis_counter(redis_client(redis_server.url))),
        }
        times = {name: [] for name in limiters}
        for _ in range(ROUNDS):
            for name, limiter in limiters.items():
                times[name].append(per_hit(limiter))
        medians = {name: statistics.median(t) for name, t in times.items()}
        base = medians["in-process deque (main)"]
        print(f"{ROUNDS}×{N} hits of one key, sequential, median of rounds; "
              f"load {Path('/proc/loadavg').read_text().split()[:3]}")
        for name, seconds in medians.items():
            print(f"{name:26} {seconds * 1e6:9.1f} µs/request   ×{seconds / base:9.1f} of main")
    finally:
        sqlite.dispose()
        postgres.dispose()
        redis_server.stop()
        cluster.stop()


if __name__ == "__main__":
    main()
