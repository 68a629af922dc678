"""``/readyz``: whether this process should get traffic — the database answers, its schema is
the one this code expects, and Redis answers when one is configured. ``/healthz`` says only
that the process is alive; a load balancer sends requests to the processes that are ready.

Also the Redis client the shared counters use, and the answer when Redis is down mid-request.
"""
from __future__ import annotations

import logging
import os

import redis
from fastapi import FastAPI, Request
from sqlalchemy import text

from service.problems import problem_response

log = logging.getLogger(__name__)


def redis_client(url: str) -> redis.Redis | None:
    """The client for ``PAPERWORK_BROKER_URL`` when it names Redis, else None (counts in the database)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    # short timeouts: a request waits seconds, not minutes, for a Redis that is gone
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def _check(name: str, run) -> str:
    try:
        return run()
    except Exception as e:          # any failure is the answer to "is it ready?"
        # the answer needs no key: the error's text (hosts, user names) goes to the log only
        log.warning("readyz: %s: %s", name, e)
        return f"unreachable ({type(e).__name__})"


def checks(app: FastAPI) -> dict[str, str]:
    db, shared = app.state.db, app.state.redis

    def database():
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return "ok"

    found = {"database": _check("database", database)}
    found["migrations"] = (_check("migrations", lambda: "ok" if db.schema_at_head() else "behind")
                           if found["database"] == "ok" else "unknown")
    if shared is not None:
        found["redis"] = _check("redis", lambda: "ok" if shared.ping() else "no answer")
    return found


WHAT = {"database": "数据库（PAPERWORK_DATABASE_URL）无法连接", "redis": "Redis（PAPERWORK_BROKER_URL）无法连接",
        "migrations": "数据库结构不是本版本所需的最新迁移：请用本版本启动一次 paperwork serve（启动时自动迁移）"}


def install(app: FastAPI) -> None:
    @app.get("/readyz", summary="就绪检查：数据库可连接、迁移已到最新、Redis 可连接（如已配置）",
             tags=["管理"],
             responses={200: {"description": "就绪：checks 各项均为 ok；process 为应答进程的编号"},
                        503: {"description": "未就绪：checks 中不为 ok 的项及原因",
                              "content": {"application/problem+json": {}}}})
    def readyz(request: Request):
        found = checks(app)
        failed = [name for name, state in found.items() if state != "ok"]
        if failed:
            return problem_response(request, 503, "；".join(WHAT[n] for n in failed), title="服务未就绪",
                                    slug="not-ready", checks=found)
        return {"ok": True, "process": os.getpid(), "checks": found}

    @app.exception_handler(redis.RedisError)
    async def _redis_down(request: Request, exc: redis.RedisError):
        log.error("redis: %s", exc)
        return problem_response(request, 503, WHAT["redis"] + "，请稍后重试；运维人员请检查 Redis 服务",
                                title="服务暂不可用", slug="redis-unavailable",
                                headers={"Retry-After": "5"})
