"""Reliability against a real server process: 200 parallel submissions and number requests
give 200 distinct 成果登记号 and 200 intact submissions; a server killed in the middle of
uploads loses nothing it acknowledged."""
from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from pg import APPLIED, HttpService, Server, sample


def numbered(i: int) -> dict:
    record = sample(APPLIED)
    record["id"] = f"AR-2025-SX-{i:04d}"
    record["achievement"]["name"] = f"煤矸石综合利用技术（第{i}项）"
    return record


def test_200_parallel_submissions_and_number_requests_give_200_distinct_numbers(backend_url, tmp_path):
    server = Server(tmp_path / "data", backend_url if backend_url.startswith("postgresql") else "",
                    PAPERWORK_RATE_LIMIT_PER_MINUTE=10_000).start()
    try:
        svc = HttpService(server.base).build_world()
        alice, archivist = svc.auth("alice"), svc.auth("archivist")

        def one(i: int):
            with httpx.Client(base_url=server.base, timeout=120) as c:
                r = c.post("/api/v1/submissions", json=numbered(i), headers=alice,
                           params={"round": "shanxi-2025"})
                assert r.status_code == 201, r.text
                sid = r.json()["id"]
                r = c.post(f"/api/v1/submissions/{sid}/registration", headers=archivist,
                           json={"issued_on": "2026-01-28"})
                assert r.status_code == 201, r.text
                return sid, r.json()["registration_no"]

        with ThreadPoolExecutor(max_workers=32) as pool:
            results = list(pool.map(one, range(1, 201)))
        numbers = [n for _, n in results]
        # serials 0001…0200 of body 140 in the 2025 round, each exactly once
        assert sorted(numbers) == [f"1402025Y{n:04d}" for n in range(1, 201)]
        listed = svc.call("GET", "/api/v1/submissions", "archivist", params={"limit": 1000}).json()
        assert len(listed) == 200
        by_id = {s["id"]: s for s in listed}
        for sid, number in results:
            s = by_id[sid]
            assert (s["registration_no"], s["current_version"], s["status"]) == (number, 2, "registered")
        detail = svc.call("GET", f"/api/v1/submissions/{results[77][0]}", "alice").json()
        assert detail["latest"]["record"]["registration"]["number"] == results[77][1]
        assert detail["versions"][0]["version"] == 1
    finally:
        server.stop()


def test_killing_the_server_mid_upload_loses_nothing_that_was_acknowledged(backend_url, tmp_path):
    data = tmp_path / "data"
    url = backend_url if backend_url.startswith("postgresql") else ""
    server = Server(data, url).start()
    svc = HttpService(server.base).build_world()
    acknowledged: list[tuple[int, str, bytes]] = []
    stop = threading.Event()

    def uploader(worker: int):
        i = 0
        with httpx.Client(base_url=server.base, timeout=30) as c:
            while not stop.is_set():
                i += 1
                pdf = f"%PDF-1.4 验收报告 worker {worker} upload {i} ".encode() + bytes(64 * 1024)
                try:
                    r = c.post("/api/v1/submissions", headers=svc.auth("alice"),
                               data={"record": json.dumps(numbered(worker * 1000 + i), ensure_ascii=False)},
                               files=[("files", ("验收报告.pdf", pdf, "application/pdf"))])
                except httpx.HTTPError:
                    return   # the server died under us: this one was never acknowledged
                if r.status_code == 201:
                    acknowledged.append((r.json()["id"], hashlib.sha256(pdf).hexdigest(), pdf))

    threads = [threading.Thread(target=uploader, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    while len(acknowledged) < 12:
        threading.Event().wait(0.05)
    server.kill()
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) >= 12

    again = Server(data, url, ).start()
    try:
        svc2 = HttpService(again.base)
        svc2.keys = svc.keys
        for sid, sha, pdf in acknowledged:
            r = svc2.call("GET", f"/api/v1/submissions/{sid}", "alice")
            assert r.status_code == 200, r.text
            assert r.json()["latest"]["attachments"][0]["sha256"] == sha
            got = svc2.call("GET", f"/api/v1/submissions/{sid}/attachments/{sha}", "alice")
            assert got.status_code == 200 and got.content == pdf
        # the store still takes writes after the crash
        assert svc2.call("POST", "/api/v1/submissions", "alice", json=numbered(9999)).status_code == 201
    finally:
        again.stop()
