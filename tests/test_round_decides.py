"""The round decides the paper deadline everywhere (issue #13 item 5): `validate --round`, the
desk, the receipt, the API's registration and the late report read the same round facts.

Shanxi 2025 (002) sets no working-day period after the 成果登记号; Sichuan 2025 sets 10
working days (003 方式二 4.(1)). Numbers issued Fri 2025-09-26 (day 0): the 10th working day is
2025-10-16, so paper received 2025-10-17 (the 11th) is late in Sichuan only."""
from __future__ import annotations

from fastapi.testclient import TestClient
from pg import APPLIED, is_problem, sample, web_sign_in

SICHUAN = "achievement-registration/ar-2025-basic-sichuan"
ISSUED, ELEVENTH = "2025-09-26", "2025-10-17"


def submitted(service, name: str, round_name: str) -> int:
    record = sample(name)
    record.pop("registration", None)       # the registering body's section, not the submitter's
    r = service.call("POST", "/api/v1/submissions", "alice", json=record,
                     params={"round": round_name})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def issued(service, sid: int) -> dict:
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": ISSUED})
    assert r.status_code == 201, r.text
    return service.call("GET", f"/api/v1/submissions/{sid}", "archivist").json()


def received(service, sid: int) -> dict:
    r = service.call("POST", f"/api/v1/submissions/{sid}/receipt", "archivist",
                     json={"received_on": ELEVENTH})
    assert r.status_code == 201, r.text
    return r.json()


def validated_codes(service, record: dict, round_name: str) -> set[str]:
    record = record | {"registration": record["registration"] | {"paper_received_on": ELEVENTH}}
    r = service.call("POST", "/api/v1/validate", "portal", json=record,
                     params={"round": round_name, "today": "2025-11-03"})
    assert r.status_code == 200, r.text
    return {f["code"] for f in r.json()["findings"]}


def desk_page(service, sid: int) -> str:
    browser = TestClient(service.app)      # a browser of its own: one sign-in a session
    web_sign_in(browser, service.keys["archivist"])
    r = browser.get(f"/web/desk/{sid}")
    assert r.status_code == 200, r.text[:300]
    return r.text


def test_a_shanxi_submission_is_not_late_eleven_working_days_after_the_number(service):
    sid = submitted(service, APPLIED, "shanxi-2025")
    before = desk_page(service, sid)
    assert "10 个工作日" not in before and "2025年度山西省科技成果在线登记" in before
    detail = issued(service, sid)
    assert detail["registration"]["paper_due_on"] is None
    assert "002 五" in detail["registration"]["paper_deadline_note"]
    receipt = received(service, sid)
    assert receipt["due_on"] is None and receipt["late"] is False, receipt
    assert "没有规定" in receipt["note"] and "002 五" in receipt["note"]
    page = desk_page(service, sid)
    assert "2025年度山西省科技成果在线登记" in page and "002 五" in page
    assert "本轮次没有规定送达期限" in page and "banner error" not in page
    report = service.call("GET", "/api/v1/reports/late-paper", "archivist",
                          params={"today": "2025-11-03"}).json()
    assert report["rows"] == []


def test_a_sichuan_submission_is_late_on_the_eleventh_working_day(service):
    sid = submitted(service, SICHUAN, "sichuan-2025")
    assert "10 个工作日" in desk_page(service, sid)
    detail = issued(service, sid)
    assert detail["registration"]["paper_due_on"] == "2025-10-16"
    receipt = received(service, sid)
    assert (receipt["due_on"], receipt["late"], receipt["working_days_taken"]) == ("2025-10-16", True, 11)
    page = desk_page(service, sid)
    assert "2025年四川省科技成果登记" in page and "003 方式二 4.(1)" in page


def test_validate_with_the_round_and_the_desk_give_the_same_verdict(service):
    for name, round_name, late in ((APPLIED, "shanxi-2025", False), (SICHUAN, "sichuan-2025", True)):
        sid = submitted(service, name, round_name)
        record = issued(service, sid)["latest"]["record"]
        assert ("AR303" in validated_codes(service, record, round_name)) is late, round_name
        assert received(service, sid)["late"] is late, round_name


def test_an_unknown_round_is_refused_with_the_rounds_to_choose_from(service):
    r = service.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED),
                     params={"round": "hubei-2025"})
    assert "shanxi-2025" in is_problem(r, 422)["detail"]


def test_the_api_says_a_round_without_a_period_has_none_rather_than_on_time(service):
    sid = service.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED),
                       params={"round": "shanxi-2025"}).json()["id"]
    assert service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                        json={"issued_on": "2025-09-26"}).status_code == 201
    r = service.call("POST", f"/api/v1/submissions/{sid}/receipt", "archivist",
                     json={"received_on": "2025-10-17"})
    assert r.status_code == 201, r.text
    assert (r.json()["due_on"], r.json()["late"], r.json()["late_label"]) == (None, False, "本轮次没有规定送达期限")
