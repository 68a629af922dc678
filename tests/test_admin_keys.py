"""Admin keys (issue #12, item 9): the last active admin key cannot be revoked, by the API or
the web page; the service starts whatever the key table holds; and ``paperwork keys create``
makes a key from the command line. On SQLite and PostgreSQL."""
from __future__ import annotations

from fastapi.testclient import TestClient
from pg import ADMIN_KEY, WEB_ORIGIN, is_problem, make_service, web_sign_in
from typer.testing import CliRunner

from service.app import create_app
from service.cli import app as cli
from service.settings import from_env


def admin_ids(svc, who="admin") -> list[int]:
    return [k["id"] for k in svc.call("GET", "/api/v1/keys", who).json()
            if k["role"] == "admin" and not k["revoked"]]


def test_the_last_active_admin_key_cannot_be_revoked(service):
    [only] = admin_ids(service)
    refused = is_problem(service.call("DELETE", f"/api/v1/keys/{only}", "admin"), 409)
    assert "最后一个" in refused["detail"] and "paperwork keys create --role admin" in refused["detail"]
    assert service.call("GET", "/api/v1/keys", "admin").status_code == 200
    # with a second admin the first may go; then the second is the last one
    service.key("admin2", "admin")
    assert service.call("DELETE", f"/api/v1/keys/{only}", "admin2").status_code == 200
    [second] = admin_ids(service, "admin2")
    is_problem(service.call("DELETE", f"/api/v1/keys/{second}", "admin2"), 409)


def test_the_web_page_refuses_to_revoke_the_last_admin_key(service):
    [only] = admin_ids(service)
    token = web_sign_in(service.client, ADMIN_KEY)
    page = service.client.post(f"/web/admin/keys/{only}/revoke", follow_redirects=False,
                               data={"csrf_token": token}, headers={"Origin": WEB_ORIGIN})
    service.client.cookies.clear()
    assert page.status_code == 409, page.text
    assert "最后一个" in page.text and "paperwork keys create --role admin" in page.text
    assert admin_ids(service) == [only]


def test_the_service_starts_on_a_key_table_without_an_active_admin(backend_url, tmp_path):
    svc = make_service(backend_url, tmp_path / "data")
    from service.store.models import ApiKey
    with svc.app.state.db.write() as s:       # as a database restored from elsewhere might be
        for row in s.query(ApiKey):
            row.revoked_at = row.created_at
    svc.app.state.db.dispose()
    printed = []
    settings = from_env({}, data_dir=str(tmp_path / "data"), database_url=backend_url,
                        admin_key=ADMIN_KEY)
    app = create_app(settings, announce=printed.append)
    client = TestClient(app)
    assert client.get("/healthz").status_code == 200
    assert any("已被吊销" in m and "paperwork keys create --role admin" in m for m in printed), printed
    is_problem(client.get("/api/v1/keys", headers={"Authorization": f"Bearer {ADMIN_KEY}"}), 401)
    app.state.db.dispose()


def test_keys_create_on_the_command_line_prints_a_working_key(backend_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWORK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAPERWORK_DATABASE_URL", backend_url)
    monkeypatch.delenv("PAPERWORK_ADMIN_KEY", raising=False)
    result = CliRunner().invoke(cli, ["keys", "create", "--role", "admin", "--label", "值班管理员"])
    assert result.exit_code == 0, result.output
    plain = result.output.split()[-1]
    assert plain.startswith("pw_") and "仅显示一次" in result.output
    app = create_app(from_env(), announce=lambda m: None)
    listed = TestClient(app).get("/api/v1/keys", headers={"Authorization": f"Bearer {plain}"})
    assert listed.status_code == 200, listed.text
    assert [k["name"] for k in listed.json() if k["role"] == "admin"] == ["值班管理员"]
    app.state.db.dispose()
    wrong = CliRunner().invoke(cli, ["keys", "create", "--role", "archivist"])
    assert wrong.exit_code == 2 and "登记机构" in wrong.output
