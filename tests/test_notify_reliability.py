"""Webhook deliveries are at-least-once (issue #17), against a real ``paperwork serve`` and a real
receiver on 127.0.0.1: a receiver that is down for a while still gets every event (the portal
dedupes by webhook-id), a server killed with its workers mid-delivery delivers again after the
lease runs out, and a burst of 1,000 events loses none. The backoff base is short (a setting)
so that "a while" fits a test."""
from __future__ import annotations

import time

import pytest
from notify_receivers import KillableServer, Receiver
from pg import APPLIED, HttpService, sample

from service.store import events
from service.store.db import open_database
from service.store.models import ApiKey, Delivery

FAST = {"PAPERWORK_WEBHOOK_ALLOW_HOSTS": "127.0.0.1", "PAPERWORK_NOTIFY_POLL_SECONDS": "0.2",
        "PAPERWORK_NOTIFY_BACKOFF_BASE_SECONDS": "0.5", "PAPERWORK_NOTIFY_LEASE_SECONDS": 3,
        "PAPERWORK_WEBHOOK_TIMEOUT_SECONDS": "2", "PAPERWORK_JOB_PROCESSES": 2}


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def servers():
    """Every server a test starts, stopped at its end; none may have logged a traceback."""
    started: list[KillableServer] = []
    yield started
    for srv in started:
        srv.stop()
    assert not [srv.errors() for srv in started if srv.errors()]


def start(servers, data_dir, **env) -> tuple[KillableServer, HttpService]:
    srv = KillableServer(data_dir, **{**FAST, **env}).start()
    servers.append(srv)
    return srv, HttpService(srv.base)


def world(servers, tmp_path, receiver, events_wanted):
    srv, svc = start(servers, tmp_path / "data")
    svc.build_world()
    svc.key("portal_sx", "portal", "山西省科学技术厅")
    r = svc.call("POST", "/api/v1/webhooks", "portal_sx", json={"url": receiver.url, "events": events_wanted})
    assert r.status_code == 201, r.text
    return srv, svc


def statuses(svc) -> list[str]:
    return [d["status"] for d in svc.call("GET", "/api/v1/notifications/deliveries", "admin",
                                          params={"channel": "webhook", "limit": 500}).json()]


def test_a_receiver_down_for_a_while_still_gets_every_event_once_per_id(tmp_path, receiver, servers):
    srv, svc = world(servers, tmp_path, receiver, ["submission.created"])
    receiver.answer = 503
    sids = [svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED)).json()["id"] for _ in range(5)]
    # down: at least two attempts of each, backing off (the first waits for the pool to start)
    deadline = time.monotonic() + 120
    while len(receiver.got) < 10 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(receiver.got) >= 10 and len(set(receiver.ids())) == 5
    assert statuses(svc) == ["pending"] * 5
    receiver.answer = 204
    receiver.wait_for(5, timeout=60)
    deadline = time.monotonic() + 30
    while any(s != "succeeded" for s in statuses(svc)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert statuses(svc) == ["succeeded"] * 5
    # after dedupe by webhook-id: each submission's event, once
    by_id = {h["webhook-id"]: b for h, b in receiver.events()}
    assert sorted(b["data"]["submission"]["id"] for b in by_id.values()) == sorted(sids)


def test_a_server_killed_mid_delivery_delivers_again(tmp_path, receiver, servers):
    srv, svc = world(servers, tmp_path, receiver, ["submission.created"])
    keys = dict(svc.keys)
    receiver.hang.set()
    svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED))
    receiver.wait_for(1, timeout=120)    # the request is in flight, held by the receiver
    srv.kill_all()
    receiver.hang.clear()
    receiver.release.set()
    srv, svc = start(servers, tmp_path / "data")
    svc.keys = keys
    deadline = time.monotonic() + 120
    while statuses(svc) != ["succeeded"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert statuses(svc) == ["succeeded"]
    ids = receiver.ids()
    assert len(ids) == 2 and ids[0] == ids[1]   # tried again under the same webhook-id


def test_a_burst_of_a_thousand_events_loses_none(tmp_path, receiver, servers):
    srv, svc = world(servers, tmp_path, receiver, ["job.succeeded"])
    db = open_database(f"sqlite:///{(tmp_path / 'data' / 'paperwork.db').resolve()}", migrate=False)
    with db.write() as s:
        portal = s.query(ApiKey).filter_by(name="portal_sx").one()
        for i in range(1000):
            events.emit(s, events.Event("job.succeeded", {"job": {"id": f"burst-{i}"}}, "任务已完成",
                                        f"任务 burst-{i} 已完成", key_id=portal.id))
    receiver.wait_for(1000, timeout=300)
    got = {b["data"]["job"]["id"] for _, b in receiver.events()}
    assert got == {f"burst-{i}" for i in range(1000)}
    with db.read() as s:
        assert s.query(Delivery).count() == 1000
    db.dispose()


def test_each_delivery_checks_the_address_again(tmp_path, receiver, servers):
    """An endpoint allowed when it was registered is not called once its address is no longer
    allowed (as when a name is made to resolve to an inside address: DNS rebinding)."""
    srv, svc = world(servers, tmp_path, receiver, ["submission.created"])
    keys = dict(svc.keys)
    srv.stop()
    srv, svc = start(servers, tmp_path / "data", PAPERWORK_WEBHOOK_ALLOW_HOSTS="")
    svc.keys = keys
    svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = svc.call("GET", "/api/v1/notifications/deliveries", "admin", params={"channel": "webhook"}).json()
        if found and found[0]["attempts"]:
            break
        time.sleep(0.2)
    first = found[0]["attempts"][0]
    assert not first["ok"] and first["status_code"] is None
    assert "未发送" in first["response_excerpt"] and "非公网地址 127.0.0.1" in first["response_excerpt"]
    assert receiver.got == []
