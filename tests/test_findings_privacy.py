"""Findings never show one user another user's identifiers, and cross-record rules do not
trust the ids a submitter writes into its own record (issue #12 item 11): the duplicate
registration (AR103) names the body that registered the other record, the pending change of
the same type (CR102) only its status."""
from __future__ import annotations

import copy
import json
from pathlib import Path

from pg import sample

AR_SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records" / "achievement-registration"
OTHER = json.loads((AR_SAMPLES / "invalid" / "AR103.against" / "other-1.json").read_text("utf-8"))
DUPLICATE = "achievement-registration/invalid/AR103"    # the same achievement as OTHER
EXTENSION = "nssf-change-request/cr-2024-extension"     # an open 延期 of 20BZX012


def finding(service, who, record, code) -> dict:
    r = service.call("POST", "/api/v1/validate", who, json=record)
    assert r.status_code == 200, r.text
    found = [f for f in r.json()["findings"] if f["code"] == code]
    assert found, f"{code} not raised: {[f['code'] for f in r.json()['findings']]}"
    return found[0]


def bobs_registered_record(service) -> tuple[int, str]:
    r = service.call("POST", "/api/v1/submissions", "bob", json=OTHER)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                     json={"issued_on": "2026-01-28"})
    assert r.status_code == 201, r.text
    return sid, r.json()["registration_no"]


def test_a_duplicate_names_the_registering_body_not_the_other_record(service):
    _, number = bobs_registered_record(service)
    ar103 = finding(service, "alice", sample(DUPLICATE), "AR103")
    assert "山西省科学技术厅" in ar103["message"], ar103["message"]
    shown = json.dumps(ar103, ensure_ascii=False)
    assert OTHER["id"] not in shown and number not in shown, shown


def test_a_duplicate_not_yet_registered_is_named_as_such(service):
    assert service.call("POST", "/api/v1/submissions", "bob", json=OTHER).status_code == 201
    ar103 = finding(service, "alice", sample(DUPLICATE), "AR103")
    assert "尚未登记" in ar103["message"], ar103["message"]
    assert OTHER["id"] not in json.dumps(ar103, ensure_ascii=False)


def test_copying_the_other_records_id_does_not_switch_the_duplicate_check_off(service):
    bobs_registered_record(service)
    record = sample(DUPLICATE)
    record["id"] = OTHER["id"]
    finding(service, "alice", record, "AR103")
    # nor when the record is stored as a submission of one's own
    r = service.call("POST", "/api/v1/submissions", "alice", json=record)
    assert r.status_code == 201, r.text
    assert "AR103" in {f["code"] for f in r.json()["latest"]["findings"]}


def test_a_new_version_of_ones_own_submission_is_no_duplicate(service):
    r = service.call("POST", "/api/v1/submissions", "alice", json=sample(DUPLICATE))
    sid = r.json()["id"]
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(DUPLICATE))
    assert r.status_code == 200, r.text
    assert "AR103" not in {f["code"] for f in r.json()["latest"]["findings"]}


def draft_extension() -> dict:
    draft = copy.deepcopy(sample(EXTENSION))
    draft.update(request_id="BG-20BZX012-02", status="草稿")
    del draft["submitted_on"], draft["approvals"]
    return draft


def test_a_pending_change_of_the_same_type_does_not_show_its_request_id(service):
    other = sample(EXTENSION)
    assert service.call("POST", "/api/v1/submissions", "bob", json=other).status_code == 201
    cr102 = finding(service, "alice", draft_extension(), "CR102")
    assert other["request_id"] not in json.dumps(cr102, ensure_ascii=False), cr102["message"]
    assert "省级审核通过" in cr102["message"]


def test_copying_the_other_requests_id_does_not_switch_the_pending_check_off(service):
    other = sample(EXTENSION)
    assert service.call("POST", "/api/v1/submissions", "bob", json=other).status_code == 201
    draft = draft_extension()
    draft["request_id"] = other["request_id"]
    finding(service, "alice", draft, "CR102")
