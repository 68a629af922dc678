"""Accounts (issue #13 item 6), on SQLite and PostgreSQL: a body's administrator issues the
logins of the bodies below it ("下一级用户的登录名和口令由上一级用户定义并发放", 002 二), never an
admin key and never outside its subtree; PI (submitter) and peer-review expert keys are separate
roles (001 一): neither acts as the other."""
from __future__ import annotations

import pytest
from pg import APPLIED, is_problem, sample


@pytest.fixture
def world(service):
    service.key("org_staff", "archivist", "山西省教育厅")          # level 3
    service.body("四川省教育厅", 3, "四川省科学技术厅")
    service.body("四川大学", 4, "四川省教育厅")
    return service


def new_key(svc, who, role, body=None, name="新用户"):
    return svc.call("POST", "/api/v1/keys", who,
                    json={"role": role, "name": name, "body_id": svc.bodies.get(body)})


def new_body(svc, who, name, level, parent):
    return svc.call("POST", "/api/v1/bodies", who,
                    json={"name": name, "level": level, "parent_id": svc.bodies.get(parent)})


def test_a_level3_archivist_issues_a_submitter_key_for_a_unit_below_it(world):
    r = new_key(world, "org_staff", "submitter", "太原理工大学", "太原理工大学 王磊")
    assert r.status_code == 201, r.text
    assert (r.json()["role"], r.json()["body_id"]) == ("submitter", world.bodies["太原理工大学"])
    world.keys["wang"] = r.json()["key"]
    sid = world.call("POST", "/api/v1/submissions", "wang", json=sample(APPLIED)).json()["id"]
    assert sid in [x["id"] for x in world.call("GET", "/api/v1/submissions", "org_staff").json()]
    entry = world.call("GET", "/api/v1/audit", "admin", params={"target": f"key:{r.json()['id']}"}).json()[0]
    assert entry["action"] == "key.create" and entry["actor"].startswith("org_staff")


def test_it_cannot_issue_a_key_for_another_provinces_unit(world):
    detail = is_problem(new_key(world, "org_staff", "submitter", "四川大学"), 403)["detail"]
    assert "四川大学" in detail and "002 二" in detail


def test_it_cannot_issue_an_admin_or_portal_key_nor_one_at_its_own_level_or_above(world):
    for role in ("admin", "portal"):
        assert "管理员" in is_problem(new_key(world, "org_staff", role, "太原理工大学"), 403)["detail"]
    for body in ("山西省教育厅", "山西省科学技术厅"):
        detail = is_problem(new_key(world, "org_staff", "archivist", body), 403)["detail"]
        assert body in detail and "下级" in detail
    assert "body_id" in is_problem(new_key(world, "org_staff", "submitter"), 422)["detail"]


def test_a_level2_archivist_creates_a_level3_body_and_issues_its_archivist_key(world):
    r = new_body(world, "archivist", "山西省工业和信息化厅", 3, "山西省科学技术厅")
    assert r.status_code == 201, r.text
    world.bodies["山西省工业和信息化厅"] = r.json()["id"]
    r = new_key(world, "archivist", "archivist", "山西省工业和信息化厅", "工信厅 科技处")
    assert r.status_code == 201, r.text
    assert new_body(world, "org_staff", "太原科技大学", 4, "山西省教育厅").status_code == 201


def test_no_body_is_created_outside_ones_subtree_or_at_ones_level(world):
    assert "四川省教育厅" in is_problem(new_body(world, "org_staff", "成都大学", 4, "四川省教育厅"), 403)["detail"]
    is_problem(new_body(world, "org_staff", "山西省某厅", 3, "山西省科学技术厅"), 403)
    is_problem(new_body(world, "archivist", "某省科学技术厅", 2, "科学技术部"), 403)
    is_problem(new_body(world, "alice", "某单位", 4, "山西省教育厅"), 403)


def test_a_submitter_or_portal_key_issues_no_keys(world):
    for who in ("alice", "portal"):
        is_problem(new_key(world, who, "submitter", "太原理工大学"), 403)


def test_an_expert_key_cannot_act_as_a_pi_and_a_pi_key_cannot_review(world):
    r = new_key(world, "admin", "expert", "太原理工大学", "同行评审专家 李华")
    assert r.status_code == 201 and r.json()["role_label"].startswith("同行评审专家"), r.text
    world.keys["expert"] = r.json()["key"]
    assert new_key(world, "org_staff", "expert", "太原理工大学").status_code == 201
    assert "填报人" in is_problem(world.call("POST", "/api/v1/submissions", "expert",
                                             json=sample(APPLIED)), 403)["detail"]
    is_problem(world.call("GET", "/api/v1/submissions", "expert"), 403)
    is_problem(world.call("GET", "/api/v1/lookup/cip/2021256731", "expert"), 403)
    assert world.call("POST", "/api/v1/validate", "expert", json=sample(APPLIED)).status_code == 200
    sid = world.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    for who in ("alice", "expert"):
        is_problem(world.call("POST", f"/api/v1/submissions/{sid}/decisions", who,
                              json={"decision": "recommend"}), 403)


def test_an_expert_signs_in_to_the_web_pages_without_an_error(service):
    """A role the pages have no home for would be a KeyError (500); an expert lands on 预检."""
    from pg import web_sign_in
    r = service.call("POST", "/api/v1/keys", "admin", json={"role": "expert", "name": "评审专家 王"})
    assert r.status_code == 201, r.text
    service.client.cookies.clear()
    web_sign_in(service.client, r.json()["key"])
    page = service.client.get("/web/precheck")
    assert page.status_code in (200, 403) and "出错" not in page.text[:2000], page.status_code
