"""The CIP/ISBN look-up lock-out (000 手册 二.3③, issue #12 item 7): invalid look-ups are
counted in a time window, atomically in the database, never reset by a valid one; the limit
holds under parallel requests to several server processes; a key reads only its own books;
the unlock time is given in Beijing time."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from pg import HttpService, Server, is_problem, make_service, sample

BOOK = "nssf-publication/np-2022-monograph"
CIP = "2021256731"   # the book's CIP核准号
BEIJING = ZoneInfo("Asia/Shanghai")


def world(backend_url, tmp_path, **settings):
    svc = make_service(backend_url, tmp_path, **settings).build_world()
    r = svc.call("POST", "/api/v1/submissions", "alice", json=sample(BOOK))
    assert r.status_code == 201, r.text
    return svc


def test_valid_look_ups_do_not_reset_the_count(backend_url, tmp_path):
    svc = world(backend_url, tmp_path, lookup_failures_before_lock=5)
    answers = []
    for i in range(5):
        assert svc.call("GET", f"/api/v1/lookup/cip/{CIP}", "alice").status_code == 200
        answers.append(svc.call("GET", f"/api/v1/lookup/cip/202199990{i}", "alice").status_code)
    assert answers == [404, 404, 404, 404, 423]
    # the key stays locked, even for its own book
    is_problem(svc.call("GET", f"/api/v1/lookup/cip/{CIP}", "alice"), 423)
    svc.app.state.db.dispose()


def test_30_parallel_misses_on_two_processes_stop_at_the_limit(backend_url, tmp_path):
    limit = 5
    database = backend_url if backend_url.startswith("postgresql") else ""
    env = {"PAPERWORK_LOOKUP_FAILURES_BEFORE_LOCK": limit, "PAPERWORK_RATE_LIMIT_PER_MINUTE": 10_000}
    first = Server(tmp_path / "data", database, **env).start()
    servers = [first]
    try:
        servers.append(Server(tmp_path / "data", database, **env).start())   # same database
        svc = HttpService(first.base).build_world()
        alice = svc.auth("alice")

        def miss(i: int) -> int:
            with httpx.Client(base_url=servers[i % 2].base, timeout=120) as c:
                return c.get(f"/api/v1/lookup/cip/20219999{i:02d}", headers=alice).status_code

        with ThreadPoolExecutor(max_workers=30) as pool:
            answers = list(pool.map(miss, range(30)))
        assert sorted(set(answers)) == [404, 423], answers
        assert answers.count(404) < limit, answers
        for server in servers:
            r = httpx.get(f"{server.base}/api/v1/lookup/cip/2021999999", headers=alice)
            assert r.status_code == 423, r.text
            assert not server.errors()
    finally:
        for server in servers:
            server.stop()


def test_look_ups_read_only_ones_own_books(backend_url, tmp_path):
    svc = world(backend_url, tmp_path)
    # the archive of the body the book was registered in, and the bodies above it
    for who in ("alice", "unit_staff", "archivist", "national_staff", "admin"):
        assert svc.call("GET", f"/api/v1/lookup/cip/{CIP}", who).status_code == 200, who
    # another submitter, an archivist of another province: no such book for them (000 手册
    # 二.3③: "请勿填写他人发表图书的 CIP核准号……此操作不会返回任何数据并将提示您输入的 CIP核准号有误")
    for who in ("bob", "sichuan"):
        body = is_problem(svc.call("GET", f"/api/v1/lookup/cip/{CIP}", who), 404)
        assert "book" not in body and "978-7-5201-6474-0" not in str(body), who
    # a portal key belongs to no submitter: it has no books of its own to look up
    refused = is_problem(svc.call("GET", f"/api/v1/lookup/cip/{CIP}", "portal"), 403)
    assert "填报人" in refused["detail"]
    svc.app.state.db.dispose()


def lock_alice(svc) -> dict:
    for i in range(3):
        svc.call("GET", f"/api/v1/lookup/cip/202199990{i}", "alice")
    return is_problem(svc.call("GET", "/api/v1/submissions", "alice"), 423)


def test_the_unlock_time_is_in_beijing_time(backend_url, tmp_path):
    svc = world(backend_url, tmp_path, lookup_failures_before_lock=3, lock_minutes=30)
    locked = lock_alice(svc)
    until = datetime.fromisoformat(locked["locked_until"]).astimezone(BEIJING)
    shown = until.strftime("%H:%M") + "（北京时间）"
    if until.date() != datetime.now(BEIJING).date():
        shown = f"{until.month}月{until.day}日 " + shown
    assert shown in locked["detail"], locked["detail"]
    svc.app.state.db.dispose()


def test_an_unlock_on_another_day_gives_the_date(backend_url, tmp_path):
    svc = world(backend_url, tmp_path, lookup_failures_before_lock=3, lock_minutes=36 * 60)
    locked = lock_alice(svc)
    until = datetime.fromisoformat(locked["locked_until"]).astimezone(BEIJING)
    assert f"{until.month}月{until.day}日 {until:%H:%M}（北京时间）" in locked["detail"], locked["detail"]
    svc.app.state.db.dispose()
