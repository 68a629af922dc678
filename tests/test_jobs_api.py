"""Long operations as jobs (issue #16) against a real ``paperwork serve`` with no broker: the
embedded process pool runs them, their state is in the store. ``Prefer: respond-async``
(RFC 7240) gives 202 and a job to poll; without it the routes answer as before."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from pg import APPLIED, HttpService, Server, is_problem, sample

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pdf"
ASYNC = {"Prefer": "respond-async"}
INVALID = Path(__file__).resolve().parent.parent / "samples" / "records" / "achievement-registration" / "invalid"


def wait_for(svc: HttpService, location: str, who: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = svc.call("GET", location, who)
        assert r.status_code == 200, r.text
        job = r.json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {location} still {job['status']} after {timeout} s")


def submit(svc: HttpService, who: str, method: str, url: str, **kw) -> str:
    r = svc.call(method, url, who, headers={**kw.pop("headers", {}), **ASYNC}, **kw)
    assert r.status_code == 202, (r.status_code, r.text[:300])
    assert r.headers["Preference-Applied"] == "respond-async"
    location = r.headers["Location"]
    assert location.startswith("/api/v1/jobs/") and r.json()["status"] in ("queued", "running")
    return location


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("jobs") / "data", PAPERWORK_JOB_PROCESSES=1,
                 PAPERWORK_JOB_RESULT_TTL_SECONDS=600).start()
    svc = HttpService(srv.base).build_world()
    yield srv, svc
    srv.stop()
    assert not srv.errors(), srv.errors()


def test_async_render_gives_the_same_file_as_the_synchronous_route(server):
    _, svc = server
    record = sample(APPLIED)
    sync = svc.call("POST", "/api/v1/render/registration_form", "portal", json=record)
    assert sync.status_code == 200 and sync.content.startswith(b"%PDF")
    location = submit(svc, "portal", "POST", "/api/v1/render/registration_form", json=record)
    job = wait_for(svc, location, "portal")
    assert job["status"] == "succeeded", job
    assert job["kind"] == "render" and job["error"] is None and job["finished_at"]
    assert job["progress"]["done"] == job["progress"]["total"] == 1
    assert job["result_url"] == location + "/result"
    r = svc.call("GET", job["result_url"], "portal")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["Content-Disposition"] == sync.headers["Content-Disposition"]
    assert "%E7%A7%91%E6%8A%80%E6%88%90%E6%9E%9C%E7%99%BB%E8%AE%B0%E8%A1%A8" in r.headers["Content-Disposition"]


def test_a_job_is_seen_by_its_key_and_admins_only(server):
    _, svc = server
    location = submit(svc, "alice", "POST", "/api/v1/render/registration_form", json=sample(APPLIED))
    wait_for(svc, location, "alice")
    for other in ("bob", "portal", "archivist"):
        for suffix in ("", "/result"):
            body = is_problem(svc.call("GET", location + suffix, other), 404)
            assert location.rsplit("/", 1)[1] not in body["detail"]
        is_problem(svc.call("DELETE", location, other), 404)
    assert svc.call("GET", location, "admin").json()["status"] == "succeeded"
    assert svc.call("GET", location + "/result", "admin").content.startswith(b"%PDF")
    is_problem(svc.call("GET", "/api/v1/jobs/" + "0" * 32, "alice"), 404)


def test_check_pdf_job_reports_progress_in_pages(server):
    _, svc = server
    pdfs = sorted(CORPUS.glob("*.pdf"))[:2]
    files = [("files", (p.name, p.read_bytes(), "application/pdf")) for p in pdfs]
    sync = svc.call("POST", "/api/v1/check-pdf", "portal", files=files)
    assert sync.status_code == 200, sync.text
    location = submit(svc, "portal", "POST", "/api/v1/check-pdf", files=files)
    job = wait_for(svc, location, "portal")
    assert job["status"] == "succeeded", job
    # the two files have one page each (acroform-libreoffice.pdf, annotations-text-highlight-ink.pdf)
    assert job["progress"] == {"done": 2, "total": 2, "unit": "页"}
    result = svc.call("GET", job["result_url"], "portal")
    assert result.headers["content-type"].startswith("application/json")
    assert [f["file"] for f in result.json()["files"]] == [p.name for p in pdfs]
    assert [f["sha256"] for f in result.json()["files"]] == [f["sha256"] for f in sync.json()["files"]]


def test_a_refused_render_is_a_failed_job_with_a_chinese_problem_and_no_traceback(server):
    _, svc = server
    bad = sorted(INVALID.glob("*.json"))[0].read_text("utf-8")
    sync = svc.call("POST", "/api/v1/render/registration_form", "portal", content=bad,
                    headers={"Content-Type": "application/json"})
    is_problem(sync, 422)
    location = submit(svc, "portal", "POST", "/api/v1/render/registration_form", content=bad,
                      headers={"Content-Type": "application/json"})
    job = wait_for(svc, location, "portal")
    assert job["status"] == "failed" and job["result_url"] is None
    assert job["error"]["status"] == 422 and job["error"]["detail"] == sync.json()["detail"]
    assert "不能生成正式表格" in job["error"]["detail"] and job["error"]["findings"]
    assert "Traceback" not in str(job)
    is_problem(svc.call("GET", location + "/result", "portal"), 409)


def test_cancel_a_queued_job_and_refuse_to_cancel_a_finished_one(server):
    _, svc = server
    many = [sample(APPLIED) for _ in range(100)]
    first = submit(svc, "alice", "POST", "/api/v1/render/registration_summary", json=many)
    second = submit(svc, "alice", "POST", "/api/v1/render/registration_summary", json=many)
    r = svc.call("DELETE", second, "alice")
    assert r.status_code == 200 and r.json()["status"] == "cancelled", r.text
    assert wait_for(svc, first, "alice")["status"] == "succeeded"
    assert svc.call("GET", second, "alice").json()["status"] == "cancelled"
    body = is_problem(svc.call("DELETE", first, "alice"), 409)
    assert "已完成" in body["detail"]
    is_problem(svc.call("GET", second + "/result", "alice"), 409)


def test_package_and_report_xlsx_as_jobs(server):
    _, svc = server
    r = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED), params={"round": "shanxi-2025"})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    sync = svc.call("GET", f"/api/v1/submissions/{sid}/package", "alice")
    location = submit(svc, "alice", "GET", f"/api/v1/submissions/{sid}/package")
    job = wait_for(svc, location, "alice")
    assert job["status"] == "succeeded" and job["kind"] == "package", job
    result = svc.call("GET", job["result_url"], "alice")
    assert result.content.startswith(b"PK") and result.headers["content-type"] == "application/zip"
    assert result.headers["Content-Disposition"] == sync.headers["Content-Disposition"]
    is_problem(svc.call("GET", f"/api/v1/submissions/{sid}/package", "bob", headers=dict(ASYNC)), 404)

    sync = svc.call("GET", "/api/v1/reports/registrations", "archivist", params={"format": "xlsx"})
    location = submit(svc, "archivist", "GET", "/api/v1/reports/registrations", params={"format": "xlsx"})
    job = wait_for(svc, location, "archivist")
    assert job["status"] == "succeeded" and job["kind"] == "report", job
    result = svc.call("GET", job["result_url"], "archivist")
    assert result.content.startswith(b"PK")
    assert result.headers["Content-Disposition"] == sync.headers["Content-Disposition"]


def test_results_expire_after_their_time(tmp_path):
    srv = Server(tmp_path / "data", PAPERWORK_JOB_PROCESSES=1, PAPERWORK_JOB_RESULT_TTL_SECONDS=1).start()
    try:
        svc = HttpService(srv.base).build_world()
        location = submit(svc, "portal", "POST", "/api/v1/render/registration_form", json=sample(APPLIED))
        job = wait_for(svc, location, "portal")
        assert job["status"] == "succeeded"
        time.sleep(2.5)
        body = is_problem(svc.call("GET", location + "/result", "portal"), 404)
        assert "过期" in body["detail"]
        is_problem(svc.call("GET", location, "portal"), 404)
    finally:
        srv.stop()
    assert not srv.errors(), srv.errors()


def test_openapi_documents_the_202_and_every_status_of_the_jobs_routes(tmp_path):
    from pg import make_service
    svc = make_service(f"sqlite:///{tmp_path / 'p.db'}", tmp_path / "data")
    paths = svc.client.get("/openapi.json").json()["paths"]
    for method, path in (("post", "/api/v1/render/{form}"), ("post", "/api/v1/check-pdf"),
                         ("get", "/api/v1/submissions/{submission_id}/package"),
                         ("get", "/api/v1/reports/registrations"), ("get", "/api/v1/reports/late-paper")):
        accepted = paths[path][method]["responses"]["202"]
        assert "Prefer: respond-async" in accepted["description"]
        assert {"Location", "Preference-Applied"} <= set(accepted["headers"])
    assert {"200", "401", "404", "409", "429"} <= set(paths["/api/v1/jobs/{job_id}/result"]["get"]["responses"])
    assert {"200", "401", "404", "409"} <= set(paths["/api/v1/jobs/{job_id}"]["delete"]["responses"])
    assert {"200", "401", "404"} <= set(paths["/api/v1/jobs/{job_id}"]["get"]["responses"])
    svc.app.state.db.dispose()


def test_a_job_over_its_time_limit_fails_with_504_in_chinese(tmp_path):
    srv = Server(tmp_path / "data", PAPERWORK_JOB_PROCESSES=1, PAPERWORK_RENDER_TIMEOUT_SECONDS=1).start()
    try:
        svc = HttpService(srv.base).build_world()
        location = submit(svc, "portal", "POST", "/api/v1/render/registration_summary",
                          json=[sample(APPLIED) for _ in range(1500)])
        job = wait_for(svc, location, "portal")
        assert job["status"] == "failed" and job["error"]["status"] == 504, job
        assert "超过 1 秒" in job["error"]["detail"] and "减少记录条数" in job["error"]["detail"]
    finally:
        srv.stop()
    assert not srv.errors(), srv.errors()
