"""Helpers for the store and API tests: a throwaway PostgreSQL cluster, the service on a fresh
database (in-process or as a real server process), sample records and problem+json answers.

The fixtures built from these (``postgres``, ``backend_url``, ``service``) are in conftest.py:
the store and API tests run once on SQLite and once on a real PostgreSQL server on 127.0.0.1.
The server comes from Debian's ``postgresql`` package; when it is missing the tests fail with a
message saying so (the project installs it, see scripts/setup-system.sh).
"""
from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("PAPERWORK_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self):
        if not (PG_BIN / "initdb").exists():
            pytest.fail(f"PostgreSQL 服务器程序不在 {PG_BIN}：请安装 Debian 软件包 postgresql "
                        "（make setup 会安装），store/API 测试需要真实的 PostgreSQL", pytrace=False)
        self.dir = Path(tempfile.mkdtemp(prefix="paperwork-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run = lambda *cmd: subprocess.run([*as_postgres, *cmd], check=True,
                                                capture_output=True, text=True)
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.dir / "log"),
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                        "-c max_connections=300 -c fsync=off", "start")

    def new_database(self) -> str:
        import psycopg
        name = f"paperwork_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


# --- the service on a fresh database ----------------------------------------------------------

ADMIN_KEY = "pw_test-admin-key"
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records"
APPLIED = "achievement-registration/ar-2025-applied-shanxi"
PROBLEM = "application/problem+json"


def sample(name: str) -> dict:
    """A sample record by path under samples/records/, e.g. 'achievement-registration/ar-2025-applied-shanxi'."""
    import json
    return json.loads((SAMPLES / f"{name}.json").read_text("utf-8"))


def is_problem(r, status: int) -> dict:
    """The body of a problem+json answer with this status, a Chinese title and a detail."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"]
    # Chinese title and detail: at least one CJK character each
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["title"] + body["detail"])
    return body


class Service:
    """The app, a client, and the keys of a small world of bodies and people."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.keys: dict[str, str] = {"admin": ADMIN_KEY}
        self.bodies: dict[str, int] = {}

    def auth(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def close(self) -> None:
        """Stop the job pool's processes and the database's connections."""
        self.app.state.job_runner.close()
        self.app.state.db.dispose()

    def call(self, method: str, url: str, who: str | None = None, **kw):
        headers = kw.pop("headers", {})
        if who:
            headers.update(self.auth(who))
        return self.client.request(method, url, headers=headers, **kw)

    def body(self, name, level, parent=None, code=None) -> int:
        r = self.call("POST", "/api/v1/bodies", "admin", json={
            "name": name, "level": level, "parent_id": self.bodies.get(parent), "code": code})
        assert r.status_code == 201, r.text
        self.bodies[name] = r.json()["id"]
        return self.bodies[name]

    def key(self, who, role, body=None) -> str:
        r = self.call("POST", "/api/v1/keys", "admin", json={
            "role": role, "name": who, "body_id": self.bodies.get(body)})
        assert r.status_code == 201, r.text
        self.keys[who] = r.json()["key"]
        return self.keys[who]

    def build_world(self) -> Service:
        """科技部 → 山西省科学技术厅 (140) → 山西省教育厅 → 太原理工大学, and 四川省科学技术厅 (510)."""
        self.body("科学技术部", 1)
        self.body("山西省科学技术厅", 2, "科学技术部", "140")
        self.body("山西省教育厅", 3, "山西省科学技术厅")
        self.body("太原理工大学", 4, "山西省教育厅")
        self.body("四川省科学技术厅", 2, "科学技术部", "510")
        self.key("portal", "portal")
        self.key("alice", "submitter", "太原理工大学")
        self.key("bob", "submitter", "太原理工大学")
        self.key("archivist", "archivist", "山西省科学技术厅")
        self.key("unit_staff", "archivist", "太原理工大学")
        self.key("province_staff", "archivist", "山西省科学技术厅")
        self.key("national_staff", "archivist", "科学技术部")
        self.key("sichuan", "archivist", "四川省科学技术厅")
        return self


def make_service(backend_url: str, data_dir: Path, **settings):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.settings import from_env
    app = create_app(from_env({}, data_dir=str(data_dir), database_url=backend_url,
                              admin_key=ADMIN_KEY, **settings), announce=lambda m: None)
    return Service(app, TestClient(app, raise_server_exceptions=False))


# --- the web pages' sign-in -----------------------------------------------------------------

WEB_ORIGIN = "http://testserver"    # TestClient's origin, sent as a browser sends it


def csrf_token(html: str) -> str:
    """The CSRF token in a page's forms ("" when there is none)."""
    import re
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    return found.group(1) if found else ""


def web_sign_in(client, key: str) -> str:
    """Sign in through the login form as a browser would; returns the session's CSRF token."""
    token = csrf_token(client.get("/web/").text)
    r = client.post("/web/login", data={"key": key, "csrf_token": token}, headers={"Origin": WEB_ORIGIN})
    assert r.status_code == 200, r.text[:500]
    return csrf_token(r.text)


def finished_check(client, response, timeout: float = 240):
    """A 预检 with PDFs runs as a job (service/web_checks.py): its page, asked again as its
    script would, until the job has finished."""
    import time
    deadline = time.monotonic() + timeout
    while "data-job-unfinished" in response.text:
        assert time.monotonic() < deadline, "the check did not finish"
        time.sleep(0.3)
        response = client.get(str(response.url))
    return response


# --- a real server process --------------------------------------------------------------------

class Server:
    """``paperwork serve`` in a child process on 127.0.0.1 and a free port."""

    def __init__(self, data_dir: Path, database_url: str = "", *, serve_args: tuple = (),
                 own_process_group: bool = False, **env):
        import subprocess
        import sys
        self.data_dir, self.database_url, self.extra = data_dir, database_url, env
        # its own process group: kill_group() ends it with its job pool, as a crash would
        self.own_process_group = own_process_group
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._cmd = [str(Path(sys.executable).parent / "paperwork"), "serve", "--host", "127.0.0.1",
                     "--port", str(self.port), *serve_args]
        self._popen = subprocess.Popen
        self.proc = None

    def start(self) -> Server:
        return self.launch().wait_ready()

    def launch(self) -> Server:
        """Start the process without waiting for it (several at once: tests/nodes.py)."""
        import subprocess
        env = {**os.environ, "PAPERWORK_DATA_DIR": str(self.data_dir),
               "PAPERWORK_ADMIN_KEY": ADMIN_KEY, "PAPERWORK_DATABASE_URL": self.database_url,
               **{k: str(v) for k, v in self.extra.items()}}
        root = Path(__file__).resolve().parent.parent
        # the log goes to a file: an unread pipe fills up and blocks the server
        self.log = Path(tempfile.mkstemp(prefix="paperwork-serve-", suffix=".log")[1])
        with self.log.open("ab") as out:
            self.proc = self._popen(self._cmd, env=env, cwd=root, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=self.own_process_group)
        return self

    def wait_ready(self) -> Server:
        import time

        import httpx
        for _ in range(300):
            if self.proc.poll() is not None:
                break
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.proc.kill()
        pytest.fail("paperwork serve did not start:\n" + self.log.read_text("utf-8", "replace"))

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing — what a crash or a power cut does."""
        self.proc.kill()
        self.proc.wait(timeout=20)

    def kill_group(self) -> None:
        """SIGKILL to the server and every process it started (its job pool): a machine that dies."""
        import signal
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)

    def stop(self) -> None:
        import subprocess
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def errors(self) -> str:
        """Tracebacks in the server's log (empty when none)."""
        text = self.log.read_text("utf-8", "replace")
        return text[text.find("Traceback"):] if "Traceback" in text else ""


class HttpService(Service):
    """The same helpers as :class:`Service`, over real HTTP."""

    def __init__(self, base: str):
        import httpx
        super().__init__(None, httpx.Client(base_url=base, timeout=120))
