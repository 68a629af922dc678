"""Several ``paperwork serve`` processes on one store (issue #16, shared state): they start at
once on an empty database; the per-key rate limit holds across them (counted in the database,
or in Redis when PAPERWORK_BROKER_URL names one); an attachment uploaded through one node
downloads, and its package exports, through another; ``--workers N`` and ``/readyz``.

Each node has its own data directory, as separate machines have: only the database (and Redis)
is shared."""
from __future__ import annotations

import io
import json
import re
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from nodes import RedisServer, start_nodes, stop_nodes
from pg import ADMIN_KEY, APPLIED, HttpService, Server, is_problem, sample

ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
GENERATED = re.compile(r"管理员 API 密钥（仅在首次启动时显示一次，请妥善保存）：(\S+)")


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture
def nodes(request, tmp_path):
    """``nodes(n, database_url, **env)``: n servers started at once; stopped after the test,
    and none may have logged a traceback."""
    started = []

    def start(n: int, database_url: str, **env):
        servers = start_nodes(n, tmp_path, database_url,
                              shared_data_dir=not database_url, **env)
        started.extend(servers)
        return servers

    yield start
    stop_nodes(started)
    for server in started:
        assert not server.errors(), server.errors()


def database_of(backend_url: str) -> str:
    """A SQLite test runs on the data directory's own paperwork.db (shared by the nodes)."""
    return backend_url if backend_url.startswith("postgresql") else ""


def test_four_servers_start_at_once_on_an_empty_database(backend_url, nodes):
    servers = nodes(4, database_of(backend_url), PAPERWORK_ADMIN_KEY="")
    printed = [m for s in servers for m in GENERATED.findall(s.log.read_text("utf-8"))]
    assert len(printed) == 1, printed          # one admin key, printed by one process
    for server in servers:
        r = httpx.get(f"{server.base}/api/v1/keys", headers={"Authorization": f"Bearer {printed[0]}"})
        assert r.status_code == 200 and len(r.json()) == 1, r.text


def wait_for_a_fresh_minute(margin: float = 15) -> None:
    """The limit counts per clock minute: start a burst with ``margin`` seconds to spare."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.2)


def burst(servers, n: int) -> list[httpx.Response]:
    def one(i: int) -> httpx.Response:
        return httpx.get(f"{servers[i % len(servers)].base}/api/v1/keys", headers=ADMIN, timeout=60)

    wait_for_a_fresh_minute()
    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(one, range(n)))


def assert_twenty_of_thirty(answers: list[httpx.Response]) -> None:
    assert sorted(r.status_code for r in answers) == [200] * 20 + [429] * 10
    for r in answers:
        if r.status_code == 429:
            assert "每分钟最多 20 次" in is_problem(r, 429)["detail"]
            assert 1 <= int(r.headers["retry-after"]) <= 60


def test_the_rate_limit_holds_across_two_servers(postgres, nodes):
    servers = nodes(2, postgres.new_database(), PAPERWORK_RATE_LIMIT_PER_MINUTE=20)
    assert_twenty_of_thirty(burst(servers, 30))


def test_the_rate_limit_holds_across_two_servers_on_redis(postgres, nodes, redis_server):
    servers = nodes(2, postgres.new_database(), PAPERWORK_RATE_LIMIT_PER_MINUTE=20,
                    PAPERWORK_BROKER_URL=redis_server.url)
    assert_twenty_of_thirty(burst(servers, 30))
    import redis
    assert redis.Redis.from_url(redis_server.url).keys("paperwork:rate:*")   # counted there


def test_the_rate_limit_holds_across_two_servers_on_sqlite(tmp_path, nodes):
    servers = nodes(2, "", PAPERWORK_RATE_LIMIT_PER_MINUTE=20)
    assert_twenty_of_thirty(burst(servers, 30))


def test_an_attachment_uploaded_through_one_node_downloads_through_another(postgres, nodes):
    a, b = nodes(2, postgres.new_database())
    svc = HttpService(a.base).build_world()
    report = b"%PDF-1.4 user report uploaded through node A"
    r = svc.call("POST", "/api/v1/submissions", "alice",
                 data={"record": json.dumps(sample(APPLIED), ensure_ascii=False)},
                 files=[("files", ("用户报告.pdf", report, "application/pdf"))])
    assert r.status_code == 201, r.text
    sid, sha = r.json()["id"], r.json()["latest"]["attachments"][0]["sha256"]
    alice = svc.auth("alice")
    got = httpx.get(f"{b.base}/api/v1/submissions/{sid}/attachments/{sha}", headers=alice)
    assert got.status_code == 200, got.text
    assert got.content == report
    package = httpx.get(f"{b.base}/api/v1/submissions/{sid}/package", headers=alice, timeout=120)
    assert package.status_code == 200, package.text
    assert zipfile.ZipFile(io.BytesIO(package.content)).read("attachments/用户报告.pdf") == report


def test_serve_with_two_workers_prints_the_admin_key_once(tmp_path):
    server = Server(tmp_path / "data", serve_args=("--workers", "2"), PAPERWORK_ADMIN_KEY="")
    try:
        server.start()
        printed = GENERATED.findall(server.log.read_text("utf-8"))
        assert len(printed) == 1, server.log.read_text("utf-8")
        answered_by = set()
        for _ in range(200):       # the kernel hands each new connection to one of them
            r = httpx.get(f"{server.base}/api/v1/keys", headers={"Authorization": f"Bearer {printed[0]}"})
            assert r.status_code == 200, r.text
            answered_by.add(httpx.get(f"{server.base}/readyz").json()["process"])
            if len(answered_by) == 2:
                break
        assert len(answered_by) == 2, answered_by     # both workers answer
    finally:
        server.stop()
    assert not server.errors()


def test_readyz_reports_the_database_the_schema_and_redis(postgres, nodes, redis_server):
    url = postgres.new_database()
    (server,) = nodes(1, url, PAPERWORK_BROKER_URL=redis_server.url)
    r = httpx.get(f"{server.base}/readyz")
    assert r.status_code == 200, r.text
    assert r.json()["checks"] == {"database": "ok", "migrations": "ok", "redis": "ok"}
    redis_server.stop()
    r = httpx.get(f"{server.base}/readyz")
    body = is_problem(r, 503)
    assert "Redis" in body["detail"] and body["checks"]["redis"].startswith("unreachable")
    # a request counted in Redis waits for it, briefly: 503, not 500
    r = httpx.get(f"{server.base}/api/v1/keys", headers=ADMIN, timeout=60)
    assert "Redis" in is_problem(r, 503)["detail"] and r.headers["retry-after"] == "5"


def test_readyz_refuses_a_schema_behind_the_code(postgres, nodes):
    import psycopg
    url = postgres.new_database()
    (server,) = nodes(1, url)
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    body = is_problem(httpx.get(f"{server.base}/readyz"), 503)
    assert "迁移" in body["detail"]
    assert httpx.get(f"{server.base}/healthz").status_code == 200   # alive, not ready


def test_blobs_keep_bytes_with_their_transaction_and_drop_the_unreferenced(backend_url, tmp_path):
    from datetime import timedelta

    from service.store.blobs import Blobs
    from service.store.db import open_database
    from service.store.files import CorruptFile, FileStore
    from service.store.models import utcnow
    db = open_database(backend_url)
    blobs = Blobs(db, FileStore(tmp_path / "files"))
    report = "用户报告".encode() * 1000
    with pytest.raises(RuntimeError), db.write() as s:
        lost = blobs.put(s, b"rolled back with its submission")
        raise RuntimeError
    with db.write() as s:
        sha = blobs.put(s, report)
    assert blobs.get(sha) == report
    # on PostgreSQL the bytes are in the database, not on this machine's disk
    assert (tmp_path / "files" / sha[:2] / sha).exists() == backend_url.startswith("sqlite")
    if backend_url.startswith("postgresql"):
        with pytest.raises(CorruptFile):
            blobs.get(lost)
    assert blobs.delete_unreferenced(utcnow() + timedelta(seconds=1)) == [sha]
    with pytest.raises(CorruptFile, match="已损坏或丢失"):
        blobs.get(sha)
    db.dispose()


def test_wrong_keys_through_two_servers_are_counted_together(postgres, nodes):
    servers = nodes(2, postgres.new_database(), PAPERWORK_AUTH_FAILURES_PER_ADDRESS=10)

    def guess(i: int) -> int:
        return httpx.get(f"{servers[i % 2].base}/api/v1/keys",
                         headers={"Authorization": f"Bearer pw_guess-{i}"}, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(guess, range(30)))
    assert sorted(codes) == [401] * 10 + [429] * 20, codes
