"""Signed webhooks to portals (issue #17) against a real ``paperwork serve`` and a real HTTP
receiver on 127.0.0.1 (allowed by PAPERWORK_WEBHOOK_ALLOW_HOSTS): registration, the Standard
Webhooks signature, who hears of what, the SSRF refusals, the attempt log and the replay."""
from __future__ import annotations

import time

import pytest
from notify_receivers import Receiver
from pg import APPLIED, HttpService, Server, is_problem, sample
from standardwebhooks.webhooks import Webhook

FAST = {"PAPERWORK_WEBHOOK_ALLOW_HOSTS": "127.0.0.1", "PAPERWORK_NOTIFY_POLL_SECONDS": "0.2",
        "PAPERWORK_NOTIFY_BACKOFF_BASE_SECONDS": "0.3", "PAPERWORK_JOB_PROCESSES": 2}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("hooks") / "data", **FAST).start()
    svc = HttpService(srv.base).build_world()
    svc.key("portal_sx", "portal", "山西省科学技术厅")
    svc.key("portal_sc", "portal", "四川省科学技术厅")
    receiver = Receiver()
    yield srv, svc, receiver
    receiver.close()
    srv.stop()
    assert not srv.errors(), srv.errors()


def register(svc, who, url, events, **more) -> dict:
    r = svc.call("POST", "/api/v1/webhooks", who, json={"url": url, "events": events, **more})
    assert r.status_code == 201, r.text
    return r.json()


def test_a_portal_receives_signed_events_of_its_bodys_submissions_only(world):
    _, svc, receiver = world
    sx = register(svc, "portal_sx", receiver.url + "/sx", ["submission.created"])
    sc = register(svc, "portal_sc", receiver.url + "/sc", ["submission.created"])
    assert sx["secret"].startswith("whsec_") and sx["secret"] != sc["secret"]
    # the secret is shown once
    assert "secret" not in svc.call("GET", f"/api/v1/webhooks/{sx['id']}", "portal_sx").json()
    before = len(receiver.got)
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    receiver.wait_for(len(set(receiver.ids())) + 1)
    time.sleep(1.5)             # time for a wrong delivery to the Sichuan portal to show up
    new = receiver.got[before:]
    assert len(new) == 1, [h for h, _ in new]
    headers, body = new[0]
    # the Standard Webhooks reference implementation accepts the signature
    payload = Webhook(sx["secret"]).verify(body, headers)
    assert payload["type"] == "submission.created" and payload["data"]["submission"]["id"] == sid
    assert headers["webhook-id"].startswith("msg_") and headers["webhook-signature"].startswith("v1,")
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    with pytest.raises(Exception, match="signature"):
        Webhook(sc["secret"]).verify(body, headers)


def test_endpoints_belong_to_their_key(world):
    _, svc, receiver = world
    e = register(svc, "portal_sx", receiver.url + "/mine", ["job.failed"])
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/deliveries")):
        kw = {"json": {"events": ["job.succeeded"]}} if method == "PATCH" else {}
        is_problem(svc.call(method, f"/api/v1/webhooks/{e['id']}{suffix}", "portal_sc", **kw), 404)
    assert e["id"] not in [x["id"] for x in svc.call("GET", "/api/v1/webhooks", "portal_sc").json()]
    assert e["id"] in [x["id"] for x in svc.call("GET", "/api/v1/webhooks", "admin").json()]
    is_problem(svc.call("POST", "/api/v1/webhooks", "alice", json={"url": receiver.url, "events": ["job.failed"]}), 403)
    r = svc.call("PATCH", f"/api/v1/webhooks/{e['id']}", "portal_sx", json={"events": ["job.succeeded"]})
    assert r.status_code == 200 and r.json()["events"] == ["job.succeeded"]
    assert svc.call("DELETE", f"/api/v1/webhooks/{e['id']}", "portal_sx").status_code == 204
    is_problem(svc.call("GET", f"/api/v1/webhooks/{e['id']}", "portal_sx"), 404)


@pytest.mark.parametrize("url", [
    "http://10.1.2.3/hook", "http://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook", "http://[::ffff:127.0.0.2]/hook", "http://0.0.0.0/hook", "http://224.0.0.1/hook",
    "http://127.0.0.2/hook", "ftp://example.com/hook", "http://user:pw@127.0.0.1/hook",
    "http://no-such-host.invalid/hook"])
def test_an_endpoint_that_is_not_public_and_not_allowed_is_refused(world, url):
    _, svc, _ = world
    body = is_problem(svc.call("POST", "/api/v1/webhooks", "portal_sx", json={"url": url, "events": ["job.failed"]}), 422)
    assert "回调地址" in body["detail"]


def test_unknown_events_and_bad_secrets_are_refused(world):
    _, svc, receiver = world
    body = is_problem(svc.call("POST", "/api/v1/webhooks", "portal_sx",
                               json={"url": receiver.url, "events": ["submission.deleted"]}), 422)
    assert "submission.deleted" in body["detail"] and "submission.created" in body["detail"]
    body = is_problem(svc.call("POST", "/api/v1/webhooks", "portal_sx",
                               json={"url": receiver.url, "events": ["job.failed"], "secret": "hunter2"}), 422)
    assert "whsec_" in body["detail"]


def test_every_attempt_is_logged_and_a_delivery_can_be_replayed(world):
    _, svc, receiver = world
    e = register(svc, "portal_sx", receiver.url + "/log", ["submission.version_added"])
    sid = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"]
    receiver.answer, receiver.body = 500, ("<script>alert(1)</script>" + "错" * 2000).encode()
    assert svc.call("PUT", f"/api/v1/submissions/{sid}", "alice", json=sample(APPLIED)).status_code == 200
    deadline = time.monotonic() + 30
    while True:
        found = svc.call("GET", f"/api/v1/webhooks/{e['id']}/deliveries", "portal_sx").json()
        if (found and len(found[0]["attempts"]) >= 2) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    [d] = found
    first = d["attempts"][0]
    assert (first["status_code"], first["ok"]) == (500, False) and d["status"] == "pending"
    # the excerpt is the first kilobyte, as text
    assert first["response_excerpt"].startswith("<script>alert(1)</script>错")
    assert len(first["response_excerpt"].encode()) <= 1024 + 3
    receiver.answer, receiver.body = 204, b""
    while d["status"] != "succeeded" and time.monotonic() < deadline + 30:
        time.sleep(0.2)
        [d] = svc.call("GET", f"/api/v1/webhooks/{e['id']}/deliveries", "portal_sx").json()
    assert d["status"] == "succeeded" and d["attempts"][-1]["status_code"] == 204
    seen = receiver.ids().count(d["webhook_id"])
    r = svc.call("POST", f"/api/v1/webhooks/{e['id']}/deliveries/{d['id']}/replay", "portal_sx")
    assert r.status_code == 202 and r.json()["status"] == "pending"
    deadline = time.monotonic() + 30
    while receiver.ids().count(d["webhook_id"]) == seen and time.monotonic() < deadline:
        time.sleep(0.1)
    assert receiver.ids().count(d["webhook_id"]) == seen + 1      # the same webhook-id: the portal dedupes
    # admins see every delivery; another portal none of this endpoint's
    assert d["id"] in [x["id"] for x in svc.call("GET", "/api/v1/notifications/deliveries", "admin").json()]
    is_problem(svc.call("POST", f"/api/v1/webhooks/{e['id']}/deliveries/{d['id']}/replay", "portal_sc"), 404)
    is_problem(svc.call("GET", "/api/v1/notifications/deliveries", "portal_sx"), 403)
