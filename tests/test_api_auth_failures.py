"""Failed authentications are limited per client address (issue #12, item 12, the API part):
after the limit every key from that address is answered 429 with Retry-After, so guessing
learns nothing more; each failure is in the audit log without the tried key; other addresses
are not affected. Counted atomically in the database, so parallel guesses do not get past the
limit. On SQLite and PostgreSQL."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from fastapi.testclient import TestClient
from pg import ADMIN_KEY, HttpService, Server, is_problem, make_service

LIMIT, WINDOW = 20, 600        # the defaults of PAPERWORK_AUTH_FAILURES_PER_ADDRESS and …_WINDOW_SECONDS


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_thirty_wrong_keys_from_one_address_meet_429(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path / "data")
    guesser = TestClient(svc.app, client=("203.0.113.7", 40000), raise_server_exceptions=False)
    answers = [guesser.get("/api/v1/keys", headers=bearer(f"pw_guess-{i:04d}")) for i in range(30)]
    assert [r.status_code for r in answers] == [401] * LIMIT + [429] * (30 - LIMIT)
    limited = is_problem(answers[-1], 429)
    assert "无效密钥过多" in limited["detail"] and "秒后再试" in limited["detail"]
    assert 0 < int(answers[-1].headers["retry-after"]) <= WINDOW
    # the right key from the same address is refused too: a guess must not tell right from wrong
    is_problem(guesser.get("/api/v1/keys", headers=bearer(ADMIN_KEY)), 429)
    # another address is not affected
    other = TestClient(svc.app, client=("198.51.100.9", 40001))
    entries = other.get("/api/v1/audit", headers=bearer(ADMIN_KEY), params={"limit": 5000})
    assert entries.status_code == 200, entries.text
    failures = [e for e in entries.json() if e["action"] == "auth.failure"]
    assert len(failures) == LIMIT
    assert {e["detail"]["client"] for e in failures} == {"203.0.113.7"}
    assert all(len(e["detail"]["key_sha256_prefix"]) == 8 for e in failures)
    assert "pw_guess" not in entries.text                       # never the tried key's text
    assert [e["detail"]["client"] for e in entries.json() if e["action"] == "auth.limited"] == ["203.0.113.7"]
    svc.app.state.db.dispose()


def test_a_missing_key_is_not_a_guess(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path / "data")
    for _ in range(LIMIT + 5):
        is_problem(svc.client.get("/api/v1/keys"), 401)
    assert svc.call("GET", "/api/v1/keys", "admin").status_code == 200
    svc.app.state.db.dispose()


def test_parallel_wrong_keys_do_not_get_past_the_limit(backend_url, tmp_path):
    server = Server(tmp_path / "data", backend_url if backend_url.startswith("postgresql") else "",
                    PAPERWORK_AUTH_FAILURES_PER_ADDRESS=10).start()
    try:
        def guess(i: int) -> int:
            return httpx.get(f"{server.base}/api/v1/keys", headers=bearer(f"pw_guess-{i}"),
                             timeout=60).status_code

        with ThreadPoolExecutor(max_workers=30) as pool:
            codes = list(pool.map(guess, range(30)))
        assert sorted(codes) == [401] * 10 + [429] * 20, codes
        svc = HttpService(server.base)
        # the server's own address is 127.0.0.1 too: its admin is refused now, as any key is
        is_problem(svc.call("GET", "/api/v1/keys", "admin"), 429)
        assert not server.errors()
    finally:
        server.stop()
