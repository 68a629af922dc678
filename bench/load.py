"""Load on loopback (issue #16): requests/s and p50/p99 latency of ``POST /api/v1/validate`` and
``POST /api/v1/render/registration_form?format=pdf`` with 1 and 2 API processes
(``paperwork serve --workers 1|2``) at concurrency 1, 8 and 32; then jobs/s of async renders
(``Prefer: respond-async``) with 1 and 2 ``paperwork worker`` processes (Celery on Redis).
Each line is printed against the one-process (one-worker) figure as a ratio, in one run.

Everything runs on this machine: a throwaway PostgreSQL and ``redis-server`` on free loopback
ports (the store and the broker; rate counts in Redis), the servers, the workers and the
client (httpx, async). The client shares the CPUs with the servers, so the figures are a floor.

Run: ``.venv/bin/python bench/load.py`` (a few minutes) or ``--quick`` (a smoke run). Bounded:
each cell stops after its request count or its seconds, whichever comes first.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from nodes import RedisServer, Worker  # noqa: E402
from pg import ADMIN_KEY, APPLIED, Cluster, Server, sample  # noqa: E402

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
ROUTES = {"validate": "/api/v1/validate", "render": "/api/v1/render/registration_form?format=pdf"}
FULL = {"concurrency": (1, 8, 32), "requests": {"validate": 600, "render": 120},
        "seconds": 15, "jobs": 40, "job_seconds": 120}
QUICK = {"concurrency": (1, 8), "requests": {"validate": 40, "render": 10},
         "seconds": 4, "jobs": 6, "job_seconds": 60}


async def cell(base: str, route: str, body: bytes, concurrency: int, count: int, seconds: float):
    """Up to ``count`` requests or ``seconds``, ``concurrency`` at a time: (n, req/s, p50, p99)."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    sent = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers={**AUTH, "Content-Type": "application/json"},
                                 timeout=180, limits=limits) as client:
        async def one_client() -> None:
            nonlocal sent
            while sent < count and time.monotonic() < deadline:
                sent += 1
                began = time.perf_counter()
                r = await client.post(route, content=body)
                if r.status_code != 200:
                    raise SystemExit(f"{route}: {r.status_code} {r.text[:300]}")
                latencies.append(time.perf_counter() - began)
        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies), len(latencies) / elapsed, statistics.median(latencies), p99


def jobs_per_second(base: str, body: bytes, n: int, seconds: float) -> tuple[int, float]:
    """Send ``n`` async renders, wait until all succeeded: (n, jobs/s from the first send)."""
    with httpx.Client(base_url=base, headers={**AUTH, "Content-Type": "application/json"}, timeout=60) as c:
        began = time.perf_counter()
        locations = []
        for _ in range(n):
            r = c.post(ROUTES["render"], content=body, headers={"Prefer": "respond-async"})
            assert r.status_code == 202, r.text
            locations.append(r.headers["Location"])
        pending = set(locations)
        deadline = time.monotonic() + seconds
        while pending and time.monotonic() < deadline:
            for location in list(pending):
                status = c.get(location).json()["status"]
                if status == "succeeded":
                    pending.discard(location)
                elif status != "running" and status != "queued":
                    raise SystemExit(f"job {location}: {status}")
            time.sleep(0.2)
        elapsed = time.perf_counter() - began
    return n - len(pending), (n - len(pending)) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: few requests, seconds per cell")
    plan = QUICK if parser.parse_args().quick else FULL
    body = json.dumps(sample(APPLIED), ensure_ascii=False).encode("utf-8")
    cluster, redis_server = Cluster(), RedisServer()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    settings = {"PAPERWORK_BROKER_URL": redis_server.url, "PAPERWORK_RATE_LIMIT_PER_MINUTE": str(10**9)}
    try:
        database = cluster.new_database()
        print(f"load before: {Path('/proc/loadavg').read_text().strip()}", flush=True)
        baseline: dict = {}
        # both started up front and measured in turn, cell by cell: a machine that others share
        # slows the baseline and ours alike
        servers = {n: Server(work / f"api-{n}", database, serve_args=("--workers", str(n)), **settings).start()
                   for n in (1, 2)}
        try:
            for name, route in ROUTES.items():
                for server in servers.values():
                    asyncio.run(cell(server.base, route, body, 4, 12, 60))          # warm every process
                for concurrency in plan["concurrency"]:
                    for processes, server in servers.items():
                        n, rate, p50, p99 = asyncio.run(cell(server.base, route, body, concurrency,
                                                             plan["requests"][name], plan["seconds"]))
                        one = baseline.setdefault((name, concurrency), rate)
                        print(f"{name:8} {processes} API proc  c={concurrency:<3} n={n:<4} "
                                     f"{rate:7.1f} req/s  p50 {p50 * 1000:7.0f} ms  p99 {p99 * 1000:7.0f} ms  "
                                     f"×{rate / one:.2f}", flush=True)
        finally:
            for server in servers.values():
                server.stop()
        server = Server(work / "api-jobs", database, **settings).start()
        workers: list[Worker] = []
        try:
            for count in (1, 2):
                workers.append(Worker({**settings, "PAPERWORK_DATABASE_URL": database,
                                       "PAPERWORK_DATA_DIR": str(work / f"worker-{count}")}).wait_ready())
                jobs_per_second(server.base, body, 2 * count, plan["job_seconds"])      # warm each child
                done, rate = jobs_per_second(server.base, body, plan["jobs"], plan["job_seconds"])
                one = baseline.setdefault("jobs", rate)
                print(f"jobs     {count} worker    c=1   n={done:<4} {rate:7.2f} jobs/s  "
                             f"(async render, 1 child each)  ×{rate / one:.2f}", flush=True)
        finally:
            server.stop()
            for worker in workers:
                worker.stop()
    finally:
        redis_server.stop()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"load after: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    main()
