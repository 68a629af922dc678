"""The NSSF completion (001 五) and budget-adjustment (001 六) procedures as state machines,
through the HTTP API, on SQLite and PostgreSQL (issue #13 item 6), in the shape of the
achievement registration's (tests/test_registration_procedure.py): every transition by its
actor, every refusal (role, body level, scope, state), 撤回修改 and resubmission, the national
step only when the budget change needs it, and the audit trail."""
from __future__ import annotations

import pytest
from pg import is_problem, sample
from test_registration_procedure import decide

COMPLETION = "nssf-completion/nc-2024-correspondence-appraisal"
BUDGET_AT_UNIT = "nssf-budget-adjustment/ba-2024-shift-between-lines"
BUDGET_NATIONAL = "nssf-budget-adjustment/ba-2025-outbound-added"


def register(svc, record: dict, who="alice") -> int:
    r = svc.call("POST", "/api/v1/submissions", who, json=record)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def submit(svc, name: str, who="alice") -> int:
    return register(svc, sample(name), who)


def ok(r) -> dict:
    assert r.status_code == 200, r.text
    return r.json()


def procedure(svc, sid, who="alice") -> dict:
    return ok(svc.call("GET", f"/api/v1/submissions/{sid}", who))["procedure"]


def steps_audited(svc, sid) -> list[tuple[str, str]]:
    entries = svc.call("GET", "/api/v1/audit", "admin", params={"target": f"submission:{sid}"}).json()
    return [(e["detail"]["decision"], e["detail"]["to"]) for e in reversed(entries)
            if e["action"] == "procedure.step"]


def ends_with(svc, sid, who, decision, state, label, audited):
    """``decision`` ends the procedure in ``state``; the audit trail is ``audited``."""
    r = ok(decide(svc, sid, who, decision))
    assert (r["status"], r["status_label"]) == (state, label)
    assert procedure(svc, sid)["next"] == []
    assert steps_audited(svc, sid) == audited


# ---- completion (001 五) -------------------------------------------------------------------

def test_a_completion_passes_every_level_and_is_completed(service):
    sid = submit(service, COMPLETION)
    start = procedure(service, sid)
    assert start["state"] == "submitted"
    assert {(n["decision"], n["who"]) for n in start["next"]} >= {
        ("approve", "责任单位"), ("withdraw", "项目负责人")}
    assert ok(decide(service, sid, "unit_staff", "approve", "同意结项"))["status"] == "province-review"
    assert ok(decide(service, sid, "province_staff", "approve"))["status"] == "national-review"
    done = ok(decide(service, sid, "national_staff", "approve"))
    assert (done["status"], done["status_label"]) == ("completed", "已结项")
    proc = procedure(service, sid)
    assert [(h["decision"], h["to"]) for h in proc["history"]] == [
        ("approve", "province-review"), ("approve", "national-review"), ("approve", "completed")]
    assert [h["body"] for h in proc["history"]] == ["太原理工大学", "山西省科学技术厅", "科学技术部"]
    assert proc["next"] == [] and proc["deadline"] is None and proc["findings"] == []
    assert steps_audited(service, sid) == [
        ("approve", "待省级社科管理部门审核"), ("approve", "待全国社科工作办审批"), ("approve", "已结项")]


@pytest.mark.parametrize("decision, state, label", [("reject", "rejected", "不通过"),
                                                     ("decline", "not-accepted", "不受理")])
@pytest.mark.parametrize("reviewer", ["unit_staff", "province_staff", "national_staff"])
def test_a_completion_not_passed_or_not_accepted_is_edited_and_resubmitted(service, decision, state,
                                                                           label, reviewer):
    sid = submit(service, COMPLETION)
    for earlier in ("unit_staff", "province_staff", "national_staff"):
        if earlier == reviewer:
            break
        ok(decide(service, sid, earlier, "approve"))
    no_opinion = is_problem(decide(service, sid, reviewer, decision), 422)
    assert "修改意见" in no_opinion["detail"]
    back = ok(decide(service, sid, reviewer, decision, "经费决算表与明细账不一致"))
    assert (back["status"], back["status_label"]) == (state, label)
    assert {n["decision"] for n in procedure(service, sid)["next"]} == {"resubmit"}
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(COMPLETION))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "submitted"     # 再次提交各级单位审核 (001 五.2)
    assert steps_audited(service, sid)[-2:] == [(decision, label), ("resubmit", "已提交")]


def test_the_pi_withdraws_a_completion_to_correct_it_and_submits_again(service):
    sid = submit(service, COMPLETION)
    is_problem(decide(service, sid, "bob", "withdraw"), 404)          # not bob's submission
    is_problem(decide(service, sid, "unit_staff", "withdraw"), 403)   # the PI's step, not the unit's
    r = ok(decide(service, sid, "alice", "withdraw"))
    assert (r["status"], r["status_label"]) == ("withdrawn", "已撤回修改")
    refused = is_problem(decide(service, sid, "unit_staff", "approve"), 409)
    assert "再次提交" in refused["detail"]
    assert service.call("PUT", f"/api/v1/submissions/{sid}", "alice",
                        json=sample(COMPLETION)).json()["status"] == "submitted"
    ok(decide(service, sid, "unit_staff", "approve"))
    # once the unit has passed it, the PI can no longer withdraw it
    assert "撤回" in is_problem(decide(service, sid, "alice", "withdraw"), 409)["detail"]


def test_each_completion_step_refuses_the_wrong_role_level_and_scope(service):
    sid = submit(service, COMPLETION)
    is_problem(decide(service, sid, "alice", "approve"), 403)
    assert "责任单位" in is_problem(decide(service, sid, "province_staff", "approve"), 403)["detail"]
    is_problem(decide(service, sid, "national_staff", "approve"), 403)
    is_problem(decide(service, sid, "sichuan", "approve"), 404)   # another province's: not visible
    ok(decide(service, sid, "unit_staff", "approve"))
    is_problem(decide(service, sid, "unit_staff", "approve"), 403)
    is_problem(decide(service, sid, "national_staff", "approve"), 403)
    ok(decide(service, sid, "province_staff", "approve"))
    is_problem(decide(service, sid, "province_staff", "approve"), 403)
    ok(decide(service, sid, "national_staff", "approve"))
    assert "流程已结束" in is_problem(decide(service, sid, "national_staff", "approve"), 409)["detail"]


def test_a_completion_refuses_a_decision_of_another_procedure(service):
    sid = submit(service, COMPLETION)
    for decision in ("recommend", "file"):
        body = is_problem(decide(service, sid, "unit_staff", decision), 422)
        assert "approve" in body["detail"]


# ---- budget adjustment (001 六) ------------------------------------------------------------

def test_a_budget_shift_takes_effect_at_the_unit_and_is_filed_with_the_national_office(service):
    sid = submit(service, BUDGET_AT_UNIT)
    assert {n["decision"] for n in procedure(service, sid)["next"]} == {"approve", "reject"}
    r = ok(decide(service, sid, "unit_staff", "approve", "同意调整"))
    assert (r["status"], r["status_label"]) == ("effective", "已生效（待报全国社科工作办备案）")
    is_problem(decide(service, sid, "national_staff", "approve"), 409)   # no national approval
    is_problem(decide(service, sid, "province_staff", "file"), 403)      # the unit files it
    ends_with(service, sid, "unit_staff", "file", "filed", "已生效，已报全国社科工作办备案",
              [("approve", "已生效（待报全国社科工作办备案）"), ("file", "已生效，已报全国社科工作办备案")])


def test_a_budget_adding_outbound_funds_needs_the_national_office(service):
    sid = submit(service, BUDGET_NATIONAL)
    r = ok(decide(service, sid, "unit_staff", "approve"))
    assert (r["status"], r["status_label"]) == ("national-review", "待全国社科工作办审批")
    is_problem(decide(service, sid, "unit_staff", "file"), 409)
    is_problem(decide(service, sid, "province_staff", "approve"), 403)
    r = ok(decide(service, sid, "national_staff", "approve"))
    assert (r["status"], r["status_label"]) == ("approved", "已生效")
    assert [h["body"] for h in procedure(service, sid)["history"]] == ["太原理工大学", "科学技术部"]


def test_a_changed_total_needs_the_national_office(service):
    record = sample(BUDGET_AT_UNIT)
    record["basic_info"]["total_after"] = record["basic_info"]["total_before"] + 1
    r = service.call("POST", "/api/v1/submissions", "alice", json=record)
    sid = r.json()["id"]
    assert ok(decide(service, sid, "unit_staff", "approve"))["status"] == "national-review"


@pytest.mark.parametrize("name, reviewers", [(BUDGET_AT_UNIT, ["unit_staff"]),
                                             (BUDGET_NATIONAL, ["unit_staff", "national_staff"])])
def test_a_budget_adjustment_not_passed_is_closed(service, name, reviewers):
    sid = submit(service, name)
    for who in reviewers[:-1]:
        ok(decide(service, sid, who, "approve"))
    is_problem(decide(service, sid, reviewers[-1], "reject"), 422)     # 不通过 says why
    r = ok(decide(service, sid, reviewers[-1], "reject", "间接经费不可调整"))
    assert r["status"] == "rejected"
    assert procedure(service, sid)["next"] == []
    is_problem(decide(service, sid, reviewers[-1], "approve"), 409)


def test_each_budget_step_refuses_the_wrong_role_and_level(service):
    sid = submit(service, BUDGET_NATIONAL)
    is_problem(decide(service, sid, "alice", "approve"), 403)
    is_problem(decide(service, sid, "alice", "withdraw"), 422)
    is_problem(decide(service, sid, "national_staff", "approve"), 403)
    is_problem(decide(service, sid, "portal", "approve"), 403)


def test_a_completion_on_secret_grounds_is_not_passed_on_the_platform(service):
    sid = submit(service, "nssf-completion/invalid/NC103")
    refused = is_problem(decide(service, sid, "unit_staff", "approve"), 409)
    assert "纸质审批书" in refused["detail"] and "NC103" in refused["detail"]
    assert ok(decide(service, sid, "unit_staff", "reject", "按涉密程序上报纸质审批书"))["status"] == "rejected"


# ---- NSSF publication (000 二（二）、（三）, 三) -------------------------------------------------

def publication(month="2024-06", unit="山西师范大学") -> dict:
    record = sample("nssf-publication/np-2024-new-cip")
    record["registration"]["registered_on"] = f"{month}-20"
    record["registration"]["handed_to_unit_on"] = f"{month}-20"
    record["project"]["responsible_unit"]["name"] = unit
    record.pop("mailing", None)
    return record


def test_a_publication_is_registered_verified_and_mailed(service):
    sid = register(service, publication())
    start = procedure(service, sid)
    assert start["state"] == "submitted"
    assert {(n["decision"], n["who"]) for n in start["next"]} == {("verify", "责任单位"), ("return", "责任单位")}
    is_problem(decide(service, sid, "province_staff", "verify"), 403)
    is_problem(decide(service, sid, "alice", "verify"), 403)
    is_problem(decide(service, sid, "unit_staff", "mail"), 409)
    r = ok(decide(service, sid, "unit_staff", "verify", "核实无误，上报"))
    assert (r["status"], r["status_label"]) == ("verified", "已核实上报（待责任单位邮寄）")
    is_problem(decide(service, sid, "national_staff", "mail"), 403)
    ends_with(service, sid, "unit_staff", "mail", "mailed", "已邮寄中国版本图书馆",
              [("verify", "已核实上报（待责任单位邮寄）"), ("mail", "已邮寄中国版本图书馆")])


def test_a_returned_publication_registration_is_corrected_and_registered_again(service):
    sid = register(service, publication())
    is_problem(decide(service, sid, "unit_staff", "return"), 422)
    assert ok(decide(service, sid, "unit_staff", "return", "CIP 核准号有误"))["status"] == "returned"
    r = service.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=publication())
    assert r.json()["status"] == "submitted", r.text


def test_the_monthly_mailing_has_a_deadline_and_a_finding_when_it_passes(service):
    sid = register(service, publication("2024-06"))
    ok(decide(service, sid, "unit_staff", "verify"))
    running = ok(service.call("GET", f"/api/v1/submissions/{sid}", "alice",
                              params={"today": "2024-07-31"}))["procedure"]
    assert running["deadline"]["due_on"] == "2024-07-31" and running["findings"] == []
    late = ok(service.call("GET", f"/api/v1/submissions/{sid}", "alice",
                           params={"today": "2024-08-01"}))["procedure"]
    assert [f["code"] for f in late["findings"]] == ["NP306"]
    assert "责任单位" in late["findings"][0]["message"]


def test_the_unmailed_report_lists_the_units_that_have_not_mailed_this_months_books(service):
    mailed = register(service, publication("2024-06", "山西大学"))
    ok(decide(service, mailed, "unit_staff", "verify"))
    ok(decide(service, mailed, "unit_staff", "mail"))
    waiting = register(service, publication("2024-06", "山西师范大学"))
    register(service, publication("2024-05", "太原理工大学"))         # another month
    r = service.call("GET", "/api/v1/reports/unmailed", "province_staff", params={"month": "2024-06"})
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    assert [(row["unit"], row["unmailed"]) for row in rows] == [("山西师范大学", 1)]
    assert rows[0]["submissions"] == [waiting]
    assert service.call("GET", "/api/v1/reports/unmailed", "sichuan",
                        params={"month": "2024-06"}).json()["rows"] == []    # not its units
    xlsx = service.call("GET", "/api/v1/reports/unmailed", "admin",
                        params={"month": "2024-06", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    is_problem(service.call("GET", "/api/v1/reports/unmailed", "admin", params={"month": "2024-13"}), 422)
    is_problem(service.call("GET", "/api/v1/reports/unmailed", "alice", params={"month": "2024-06"}), 403)


def test_the_monthly_statistics_count_the_units_mailing_step(service):
    sid = register(service, publication("2024-06", "山西大学"))
    ok(decide(service, sid, "unit_staff", "verify"))
    ok(decide(service, sid, "unit_staff", "mail"))
    from datetime import datetime
    from zoneinfo import ZoneInfo
    this_month = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    rows = service.call("GET", "/api/v1/reports/publications", "admin").json()["by_unit"]
    assert {(row["month"], row["unit"], row["registered"], row["mailed"]) for row in rows} == {
        ("2024-06", "山西大学", 1, 0), (this_month, "山西大学", 0, 1)}
