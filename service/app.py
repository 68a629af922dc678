"""``create_app(settings) -> FastAPI``: the HTTP API under ``/api/v1`` and the web pages.

On start the store is migrated to the newest schema and an admin key is made sure of: the one
in ``PAPERWORK_ADMIN_KEY``, or a generated one printed once on first start (a revoked
``PAPERWORK_ADMIN_KEY`` stays revoked; the service starts and says how to make a new admin key);
so is the key that signs archive packages (made in the data directory on first start).
"""
from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from service import api, api_admin, api_jobs, api_submissions, api_webhooks, openapi_problems, problems, readiness, web
from service.ops.job_runners import runner_for
from service.ops.notify_pump import Pump
from service.ops.package_signing import PackageKeys, installation_key_of, parse_trusted
from service.ops.package_zip import ZipBounds
from service.rate_limits import RateLimiter, database_counter, redis_counter
from service.request_limits import BodyDeadline, BodySizeLimit
from service.settings import Settings, from_env
from service.store import jobs, keys
from service.store.blobs import Blobs
from service.store.db import open_database
from service.store.files import FileStore

DESCRIPTION = """\
paperwork 服务：科研管理材料（科技成果登记、国家社科基金成果出版、重要事项变更、结项、预算调整、
期刊考核）的校验、官方表格生成、PDF 核对，以及提交、成果登记号、变更审核和纸质材料接收。

* 认证：`Authorization: Bearer KEY`；角色 portal / submitter / archivist / admin。
* 错误：RFC 9457 `application/problem+json`，`title`/`detail` 为中文，记录问题附 `findings`。
* 校验结果（findings）总是 200；只有无法读取的请求才是 4xx。
"""


DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'")


def create_app(settings: Settings | None = None, *, announce=print) -> FastAPI:
    settings = settings or from_env()
    db = open_database(settings.db_url)
    files = Blobs(db, FileStore(settings.files_path))
    shared = readiness.redis_client(settings.broker_url)
    with db.write() as s:
        # processes starting at once on an empty database make one admin key, printed once
        db.hold_startup_lock(s.connection())
        generated = keys.ensure_admin(s, settings.admin_key or None)
        warning = keys.revoked_env_key_warning(s, settings.admin_key or None)
        jobs.sweep(s)
    if warning:
        announce(warning)
    if generated:
        announce(f"管理员 API 密钥（仅在首次启动时显示一次，请妥善保存）：{generated}")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # in the process that serves (each of --workers N): jobs of a pool that died come back
        app.state.job_runner.recover()
        # notifications (issue #17): fan out the outbox, hand deliveries to the job runner
        pump = Pump(settings, db, app.state.job_runner, app.state.files)
        pump.start()
        yield
        pump.stop()
        app.state.job_runner.close()

    # /docs and /redoc load their scripts from the installed fastapi-offline wheel, not a CDN: a
    # 政务外网 machine has no internet, and the docs must still open there
    app = FastAPIOffline(lifespan=lifespan, title="paperwork 科研管理材料服务", version="1", description=DESCRIPTION,
                  openapi_tags=[{"name": n} for n in ("目录", "校验", "表格", "PDF", "查询", "提交",
                                                      "报表", "任务", "通知", "管理")])
    app.state.settings = settings
    app.state.db = db
    app.state.files = files
    app.state.package_keys = PackageKeys(installation_key_of(db, settings.data_path),
                                         parse_trusted(settings.trusted_package_keys))
    app.state.package_bounds = ZipBounds.from_settings(settings)
    app.state.redis = shared
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute,
                                         redis_counter(shared) if shared else database_counter(db))
    # the web sessions' clock (their 12 hours, the failed sign-ins' minute); tests move it
    app.state.now = lambda: datetime.now(UTC)
    app.state.generated_admin_key = generated
    # long operations sent with Prefer: respond-async: Celery workers, or a pool of this process
    app.state.job_runner = runner_for(settings, db)
    problems.install(app)
    app.include_router(api.router)
    app.include_router(api_submissions.router)
    app.include_router(api_admin.router)
    app.include_router(api_jobs.router)
    app.include_router(api_webhooks.router)
    web.install(app)
    openapi_problems.install(app)

    app.add_middleware(DocsStayOnThisHost)

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"ok": True}

    readiness.install(app)

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(BodyDeadline, seconds=settings.body_timeout_seconds)
    return app


def from_environment() -> FastAPI:
    """The app from ``PAPERWORK_*`` alone: what each ``paperwork serve --workers N`` process
    builds (uvicorn imports it by name in every worker it starts)."""
    return create_app(announce=announce_stderr)


def announce_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class DocsStayOnThisHost:
    """ASGI middleware: ReDoc's side menu shows a logo from its vendor's CDN, so /docs and /redoc
    carry a CSP that lets them load nothing from another host (offline it would fail anyway;
    online it would leak the visit). Plain ASGI, not ``@app.middleware("http")``: Starlette's
    BaseHTTPMiddleware turns an HTTPException raised while the body is read (413, 408) into a
    500."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in ("/docs", "/redoc"):
            return await self.app(scope, receive, send)

        async def with_csp(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (b"content-security-policy", DOCS_CSP.encode())]
            await send(message)

        await self.app(scope, receive, with_csp)
