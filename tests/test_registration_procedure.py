"""The achievement-registration procedure as a state machine, through the HTTP API, on SQLite
and PostgreSQL (issue #13 item 6): 完成人提交 → 组织管理部门审查、推荐 (002 三.2–3) → 省科技厅审核、
发放成果登记号 (002 三.4, 003 方式二 3) → 纸质材料接收与审核 (003 方式二 4) → 上报国家 (002 三.4).
Every transition by its actor, every refusal, the 30-day 形式审查 and the 10-working-day paper
review deadlines, 退回 with 修改意见 and resubmission, and the audit trail."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pg import APPLIED, is_problem, sample

from validators.workdays import add_working_days

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
def world(service):
    """build_world plus a 组织管理部门 (level 3) archivist."""
    service.key("org_staff", "archivist", "山西省教育厅")
    return service


def submit(svc, who="alice") -> int:
    r = svc.call("POST", "/api/v1/submissions", who, json=sample(APPLIED))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def decide(svc, sid, who, decision, comment=None):
    return svc.call("POST", f"/api/v1/submissions/{sid}/decisions", who,
                    json={"decision": decision, "comment": comment})


def issue(svc, sid, who="archivist"):
    return svc.call("POST", f"/api/v1/submissions/{sid}/registration", who,
                    json={"issued_on": TODAY.isoformat()})


def receive(svc, sid, who="archivist"):
    return svc.call("POST", f"/api/v1/submissions/{sid}/receipt", who,
                    json={"received_on": TODAY.isoformat()})


def procedure(svc, sid, today: date | None = None, who="alice") -> dict:
    params = {"today": today.isoformat()} if today else {}
    r = svc.call("GET", f"/api/v1/submissions/{sid}", who, params=params)
    assert r.status_code == 200, r.text
    return r.json()["procedure"]


def codes(proc: dict) -> set[str]:
    return {f["code"] for f in proc["findings"]}


def test_a_registration_runs_from_submission_to_the_national_report(world):
    sid = submit(world)
    start = procedure(world, sid)
    assert start["state"] == "submitted"
    assert {(n["decision"], n["who"]) for n in start["next"]} >= {("recommend", "组织管理部门")}
    r = decide(world, sid, "org_staff", "recommend", "材料真实、完整、规范，同意推荐")
    assert r.status_code == 200, r.text
    assert r.json()["status_label"] == "已推荐（待省科技厅审核）"
    assert issue(world, sid).status_code == 201
    assert receive(world, sid).status_code == 201
    r = decide(world, sid, "archivist", "accept", "纸质材料齐全")
    assert r.json()["status"] == "paper-accepted", r.text
    r = decide(world, sid, "archivist", "report")
    assert (r.json()["status"], r.json()["status_label"]) == ("reported", "已上报国家科技成果网")
    done = procedure(world, sid)
    assert [(s["decision"], s["to"]) for s in done["history"]] == [
        ("recommend", "recommended"), ("issue", "registered"), ("receive", "paper-received"),
        ("accept", "paper-accepted"), ("report", "reported")]
    assert [s["body"] for s in done["history"]] == ["山西省教育厅"] + ["山西省科学技术厅"] * 4
    assert done["next"] == [] and done["findings"] == []


def test_the_audit_trail_names_every_step_its_actor_and_opinion(world):
    sid = submit(world)
    decide(world, sid, "org_staff", "return", "请补充用户报告")
    world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED))
    decide(world, sid, "org_staff", "recommend")
    entries = world.call("GET", "/api/v1/audit", "admin", params={"target": f"submission:{sid}"}).json()
    steps = [e for e in reversed(entries) if e["action"] == "registration.step"]
    assert [(e["detail"]["decision"], e["detail"]["to"]) for e in steps] == [
        ("return", "退回修改"), ("resubmit", "已提交"), ("recommend", "已推荐（待省科技厅审核）")]
    assert steps[0]["detail"]["comment"] == "请补充用户报告"
    assert steps[0]["actor"].startswith("org_staff") and steps[1]["actor"].startswith("alice")


def test_a_returned_registration_carries_its_opinions_and_a_new_version_sends_it_back(world):
    sid = submit(world)
    no_opinion = is_problem(decide(world, sid, "org_staff", "return"), 422)
    assert "修改意见" in no_opinion["detail"]
    r = decide(world, sid, "org_staff", "return", "用户报告未盖章")
    assert r.json()["status_label"] == "退回修改"
    returned = procedure(world, sid)
    assert returned["history"][-1]["comment"] == "用户报告未盖章"
    assert [n["decision"] for n in returned["next"]] == ["resubmit"]
    assert "不能" in is_problem(issue(world, sid), 409)["detail"]
    assert is_problem(decide(world, sid, "org_staff", "recommend"), 409)
    r = world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED),
                   params={"note": "按修改意见补充"})
    assert r.status_code == 200 and r.json()["status"] == "submitted", r.text
    # the province may return what the 组织管理部门 recommended (002 三.4)
    decide(world, sid, "org_staff", "recommend")
    r = decide(world, sid, "archivist", "return", "成果类型与材料不符")
    assert r.json()["status"] == "returned"
    world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED))
    assert [s["decision"] for s in procedure(world, sid)["history"]] == [
        "return", "resubmit", "recommend", "return", "resubmit"]


def test_each_step_refuses_the_wrong_role_and_the_wrong_body_level(world):
    sid = submit(world)
    assert "角色" in is_problem(decide(world, sid, "alice", "recommend"), 403)["detail"]
    for who in ("unit_staff", "archivist", "national_staff"):      # levels 4, 2, 1
        assert "组织管理部门" in is_problem(decide(world, sid, who, "recommend"), 403)["detail"]
    is_problem(decide(world, sid, "sichuan", "recommend"), 404)   # another province sees nothing
    assert "省科技厅" in is_problem(issue(world, sid, "org_staff"), 403)["detail"]
    decide(world, sid, "org_staff", "recommend")
    assert "省科技厅" in is_problem(decide(world, sid, "org_staff", "return", "x"), 403)["detail"]
    issue(world, sid)
    assert is_problem(receive(world, sid, "unit_staff"), 403)
    receive(world, sid)
    assert "省科技厅" in is_problem(decide(world, sid, "org_staff", "accept"), 403)["detail"]
    decide(world, sid, "archivist", "accept")
    assert is_problem(decide(world, sid, "unit_staff", "report"), 403)


def test_each_step_refuses_a_decision_its_state_does_not_take(world):
    sid = submit(world)
    for decision in ("accept", "report"):
        detail = is_problem(decide(world, sid, "archivist", decision), 409)["detail"]
        assert "已提交" in detail and "recommend" in detail
    assert "approve" in is_problem(decide(world, sid, "org_staff", "approve"), 422)["detail"]
    assert "尚未取得成果登记号" in is_problem(receive(world, sid), 422)["detail"]
    decide(world, sid, "org_staff", "recommend")
    is_problem(decide(world, sid, "org_staff", "recommend"), 409)
    issue(world, sid)
    is_problem(decide(world, sid, "archivist", "report"), 409)     # paper first
    receive(world, sid)
    decide(world, sid, "archivist", "accept")
    decide(world, sid, "archivist", "report")
    is_problem(decide(world, sid, "archivist", "report"), 409)


def test_the_province_may_review_directly_as_in_sichuan(world):
    """003 方式二: the archive reviews what the PI uploads, with no 组织管理部门 step."""
    sid = submit(world)
    assert decide(world, sid, "archivist", "return", "请按修改意见修改").json()["status"] == "returned"
    world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED))
    assert issue(world, sid).status_code == 201


def test_the_formal_review_has_thirty_days_from_submission(world):
    sid = submit(world)
    due = TODAY + timedelta(days=30)
    on_time = procedure(world, sid, today=due)
    assert on_time["deadline"]["due_on"] == due.isoformat()
    assert "003 方式二 3" in on_time["deadline"]["clause"] and "AR308" not in codes(on_time)
    late = procedure(world, sid, today=due + timedelta(days=1))
    finding = next(f for f in late["findings"] if f["code"] == "AR308")
    assert due.isoformat() in finding["message"] and finding["clause"] == "003 方式二 3"
    decide(world, sid, "org_staff", "recommend")     # still in review at the province
    assert "AR308" in codes(procedure(world, sid, today=due + timedelta(days=1)))
    decide(world, sid, "archivist", "return", "请补充评价材料")
    assert "AR308" not in codes(procedure(world, sid, today=due + timedelta(days=1)))
    world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED))
    resubmitted = procedure(world, sid, today=due + timedelta(days=1))
    assert "AR308" in codes(resubmitted)      # counted again from the resubmission, today
    issue(world, sid)
    assert "AR308" not in codes(procedure(world, sid, today=due + timedelta(days=1)))


def test_paper_materials_are_reviewed_within_ten_working_days(world):
    sid = submit(world)
    issue(world, sid)
    receive(world, sid)
    due = add_working_days(TODAY, 10)
    on_time = procedure(world, sid, today=due)
    assert on_time["deadline"]["due_on"] == due.isoformat() and "AR309" not in codes(on_time)
    late = procedure(world, sid, today=due + timedelta(days=1))
    assert next(f for f in late["findings"] if f["code"] == "AR309")["clause"] == "003 方式二 4.(2)"
    r = decide(world, sid, "archivist", "return", "验收材料未胶装成册")
    assert r.json()["status_label"] == "纸质材料退回补充"
    assert "AR309" not in codes(procedure(world, sid, today=due + timedelta(days=1)))
    r = world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED))
    assert r.json()["status"] == "paper-received", r.text
    assert decide(world, sid, "archivist", "accept").json()["status"] == "paper-accepted"


def test_a_bad_today_is_a_problem_not_a_crash(world):
    sid = submit(world)
    r = world.call("GET", f"/api/v1/submissions/{sid}", "alice", params={"today": "明天"})
    assert "YYYY-MM-DD" in is_problem(r, 422)["detail"]
