"""Every step of the procedures writes its event into the outbox in its own transaction (issue
#17): the catalogue's types, payloads and Chinese texts, on SQLite and PostgreSQL. The texts are
checked against the seeds by hand: 003 方式二 3 (形式审查 30 日), 4.(1) (纸质材料 10 个工作日),
001 四.5 (撤项 takes effect at the unit)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pg import APPLIED, sample
from sqlalchemy import select

from service.store.models import NotificationEvent
from validators.workdays import add_working_days

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
def world(service):
    service.key("org_staff", "archivist", "山西省教育厅")
    return service


def outbox(svc) -> list[NotificationEvent]:
    with svc.app.state.db.read() as s:
        return list(s.scalars(select(NotificationEvent).order_by(NotificationEvent.occurred_at)))


def test_the_registration_procedure_announces_each_step(world):
    r = world.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED))
    sid = r.json()["id"]
    world.call("POST", f"/api/v1/submissions/{sid}/decisions", "org_staff",
               json={"decision": "return", "comment": "请补充用户报告<b>盖章</b>"})
    world.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED), params={"note": "已补充"})
    world.call("POST", f"/api/v1/submissions/{sid}/decisions", "org_staff", json={"decision": "recommend"})
    assert world.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                      json={"issued_on": TODAY.isoformat()}).status_code == 201
    assert world.call("POST", f"/api/v1/submissions/{sid}/receipt", "archivist",
                      json={"received_on": TODAY.isoformat()}).status_code == 201
    events = [e for e in outbox(world) if e.submission_id == sid]
    assert [e.type for e in events] == ["submission.created", "review.returned", "submission.version_added",
                                        "review.passed", "registration.issued", "paper.received"]
    created, returned, added, passed, issued, received = events
    assert created.payload["type"] == "submission.created"
    sub = created.payload["data"]["submission"]
    assert (sub["id"], sub["kind"], sub["status"], sub["version"]) == (sid, "achievement-registration", "submitted", 1)
    assert "科技成果登记" in created.title and f"提交编号 {sid}" in created.title
    # the 修改意见 travels as it was written, in the payload and the text
    assert returned.payload["data"]["comment"] == "请补充用户报告<b>盖章</b>"
    assert "修改意见：请补充用户报告<b>盖章</b>" in returned.text and "重新提交" in returned.text
    assert returned.payload["data"]["by"] == "山西省教育厅"
    assert added.payload["data"]["submission"]["version"] == 2 and added.payload["data"]["note"] == "已补充"
    # the new version sent it back to review (003 方式二 3.(1)): the event says so
    assert added.payload["data"]["submission"]["status"] == "submitted" and "当前状态：已提交" in added.text
    # recommended: the province's 形式审查 runs 30 days from the resubmission (003 方式二 3)
    assert passed.payload["data"]["step"] == "审查通过并推荐"
    assert passed.payload["data"]["deadline"]["what"] == "形式审查"
    number = issued.payload["data"]["registration_no"]
    assert number.startswith("140") and len(number) == 12 and number in issued.title
    # no round named: the 10th working day after the number (003 方式二 4.(1); 2026-12-02 → 12-16 by hand)
    due = add_working_days(TODAY, 10)
    assert issued.payload["data"]["paper_due_on"] == due.isoformat()
    assert f"请最迟于 {due.isoformat()}（含）将纸质材料邮寄或送至登记机构" in issued.text
    # the paper review: 10 working days from the receipt (003 方式二 4.(2))
    assert received.payload["data"]["deadline"]["due_on"] == due.isoformat()
    assert due.isoformat() in received.text
    # every event concerns alice's submission at 太原理工大学
    assert {e.key_id for e in events} == {created.key_id} and {e.body_id for e in events} == {created.body_id}


def test_a_change_request_announces_its_decision_and_that_it_took_effect(world):
    record = sample("nssf-change-request/cr-2023-member-change")
    r = world.call("POST", "/api/v1/submissions", "alice", json=record)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    r = world.call("POST", f"/api/v1/submissions/{sid}/decisions", "unit_staff", json={"decision": "approve"})
    assert r.status_code == 200, r.text
    types = [e.type for e in outbox(world) if e.submission_id == sid]
    # 变更课题组成员 takes effect when the unit approves it (001 四.5): decided, then effective; the version the
    # decision adds to the record is no separate event
    assert types == ["submission.created", "change.decided", "change.effective"]
    decided = [e for e in outbox(world) if e.type == "change.decided"][0]
    assert decided.payload["data"]["decision"] == "通过" and "责任单位" in decided.text


def test_a_failed_job_is_announced_to_its_key(world):
    from service.ops import jobs
    from service.store import jobs as store_jobs
    with world.app.state.db.write() as s:
        from service.store.models import ApiKey
        portal = s.scalars(select(ApiKey).where(ApiKey.name == "portal")).one()
        job = store_jobs.create(s, portal, "render", {}, total=1, unit="份", ttl_seconds=60)
        job_id, portal_id = job.id, portal.id
        store_jobs.start(s, job_id)
    jobs.fail(world.app.state.db, job_id, jobs.timed_out(120))
    [event] = [e for e in outbox(world) if e.type.startswith("job.")]
    assert event.type == "job.failed" and event.key_id == portal_id
    assert event.payload["data"]["job"]["error"]["status"] == 504 and "120 秒" in event.text
