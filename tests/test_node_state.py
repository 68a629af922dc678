"""What two API nodes on one PostgreSQL must share besides the jobs (issue #16): a new API key
made on the web admin page shows on the page its redirect lands on, whichever node serves that
GET; and the nodes sign archive packages with one installation key, so a package exported
through one verifies as this installation's through the other. Each node has its own data
directory, as separate machines have."""
from __future__ import annotations

import re

import httpx
import pytest
from nodes import start_nodes, stop_nodes
from pg import ADMIN_KEY, APPLIED, HttpService, csrf_token, sample


@pytest.fixture
def two_nodes(postgres, tmp_path):
    servers = start_nodes(2, tmp_path, postgres.new_database())
    yield servers
    stop_nodes(servers)
    for server in servers:
        assert not server.errors(), server.errors()


def signed_in_admin(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    token = csrf_token(client.get("/web/").text)
    r = client.post("/web/login", data={"key": ADMIN_KEY, "csrf_token": token}, headers={"Origin": base})
    assert r.status_code == 303, r.text[:300]
    return client


def test_a_new_key_made_through_one_node_shows_once_through_the_other(two_nodes):
    a, b = two_nodes
    on_a = signed_in_admin(a.base)
    token = csrf_token(on_a.get("/web/admin").text)
    r = on_a.post("/web/admin/keys", data={"role": "portal", "name": "省平台", "csrf_token": token},
                  headers={"Origin": a.base})
    assert r.status_code == 303 and r.headers["location"].startswith("/web/admin")
    # the redirect lands on the other node (another machine, or another process of --workers N)
    on_b = httpx.Client(base_url=b.base, cookies=on_a.cookies, timeout=60)
    page = on_b.get("/web/admin").text
    shown = re.findall(r'<span class="key">([^<]+)</span>', page)
    assert len(shown) == 1 and "已为“省平台”创建密钥" in page, page[:2000]
    assert httpx.get(f"{a.base}/api/v1/forms", headers={"Authorization": f"Bearer {shown[0]}"}).status_code == 200
    # once: neither node shows it again
    for client in (on_b, on_a):
        assert shown[0] not in client.get("/web/admin").text


def test_both_nodes_sign_packages_with_the_installations_one_key(two_nodes):
    a, b = two_nodes
    keys = [httpx.get(f"{n.base}/api/v1/packages/public-key").json() for n in (a, b)]
    assert keys[0] == keys[1]
    svc = HttpService(a.base).build_world()
    r = svc.call("POST", "/api/v1/submissions", "alice", json=sample(APPLIED))
    assert r.status_code == 201, r.text
    package = svc.call("GET", f"/api/v1/submissions/{r.json()['id']}/package", "alice")
    assert package.status_code == 200, package.text
    v = httpx.post(f"{b.base}/api/v1/packages/verify", content=package.content,
                   headers=svc.auth("alice"), timeout=60)
    assert v.status_code == 200 and v.json()["signature"]["status"] == "own", v.text
