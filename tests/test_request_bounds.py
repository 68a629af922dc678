"""Dates the archive enters are real days between the record's own dates and today, typed as
text; a body that never finishes is cut off; every answer is in the OpenAPI document (issue #12,
item 10)."""
from __future__ import annotations

import socket

import pytest
from pg import ADMIN_KEY, APPLIED, Server, sample

CHANGE = "nssf-change-request/cr-2024-extension"


def submit(service, who, record) -> int:
    r = service.call("POST", "/api/v1/submissions", who, json=record)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def refused(r, *words):
    assert r.status_code == 422, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")
    detail = r.json()["detail"] + str(r.json().get("errors", ""))
    for w in words:
        assert w in detail, (w, detail)


@pytest.mark.parametrize("value", [0, 1735689600, True, "20250926", "2025-9-26"])
def test_an_issue_date_that_is_not_text_yyyy_mm_dd_is_a_422_in_chinese(service, value):
    sid = submit(service, "alice", sample(APPLIED))
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": value})
    refused(r, "应为日期（YYYY-MM-DD）")


def test_an_issue_date_before_the_achievement_was_evaluated_is_refused(service):
    sid = submit(service, "alice", sample(APPLIED))        # evaluated 2025-06-20
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": "1999-05-01"})
    refused(r, "1999-05-01", "成果的评价日期", "2025-06-20")
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": "2999-01-01"})
    refused(r, "2999-01-01", "晚于今天")


def test_a_receipt_in_the_future_or_before_the_number_is_refused(service):
    sid = submit(service, "alice", sample(APPLIED))
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": "2025-09-26"})
    assert r.status_code == 201, r.text
    for day, words in (("2999-01-01", ("晚于今天", "北京时间")), ("2025-09-25", ("早于成果登记号发放日期",))):
        refused(service.call("POST", f"/api/v1/submissions/{sid}/receipt", "archivist",
                             json={"received_on": day}), day, *words)
    r = service.call("POST", f"/api/v1/submissions/{sid}/receipt", "archivist",
                     json={"received_on": "2025-10-16"})
    assert r.status_code == 201, r.text


def test_a_decision_dated_in_the_future_or_before_the_request_is_refused(service):
    record = sample(CHANGE)
    sid = submit(service, "alice", record)
    for day in ("2999-01-01", "2000-01-01"):
        r = service.call("POST", f"/api/v1/submissions/{sid}/decisions", "unit_staff",
                         json={"decision": "approve", "on": day})
        refused(r, day)
    r = service.call("POST", f"/api/v1/submissions/{sid}/decisions", "unit_staff",
                     json={"decision": "approve", "on": 0})
    refused(r, "应为日期（YYYY-MM-DD）")


def test_a_body_that_never_finishes_is_cut_off_with_a_408(tmp_path):
    server = Server(tmp_path / "data", PAPERWORK_BODY_TIMEOUT_SECONDS="2").start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=20) as conn:
            conn.sendall(b"POST /api/v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Authorization: Bearer " + ADMIN_KEY.encode() + b"\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"kind\":")
            answer = b""
            while chunk := conn.recv(65536):    # until the server closes the connection
                answer += chunk
            answer = answer.decode("utf-8", "replace")
        assert answer.startswith("HTTP/1.1 408"), answer[:200]
        assert "application/problem+json" in answer and "秒内传完" in answer
        assert not server.errors()
    finally:
        server.stop()
