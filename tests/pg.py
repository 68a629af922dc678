"""A throwaway PostgreSQL cluster for the store and API tests, and the backend fixture.

Import the fixtures into a test module (``from pg import backend_url, postgres``): the store
and API tests run once on SQLite and once on a real PostgreSQL server on 127.0.0.1. The
server comes from Debian's ``postgresql`` package; when it is missing the tests fail with a
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


@pytest.fixture(scope="session")
def postgres():
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the test cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'paperwork.db'}"
    return request.getfixturevalue("postgres").new_database()
