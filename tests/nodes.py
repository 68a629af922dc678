"""Several service processes on one store, as several machines run them: N ``paperwork serve``
processes started at the same moment on one database (each with its own data directory, as
separate machines have), and a throwaway ``redis-server`` on a free loopback port.

The fixtures built from these are in the test modules that need them (test_shared_state.py);
the Celery and cluster tests reuse :func:`start_nodes`, :class:`RedisServer` and :class:`Worker`.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pg import Server, free_port

ROOT = Path(__file__).resolve().parent.parent


def start_nodes(n: int, root: Path, database_url: str, *, shared_data_dir: bool = False,
                **env) -> list[Server]:
    """``n`` servers launched at once (none waits for another's migration), then waited for.
    Every one is stopped again if any fails to come up."""
    servers = [Server(root if shared_data_dir else root / f"node-{i}", database_url, **env)
               for i in range(n)]
    for server in servers:
        server.launch()
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        stop_nodes(servers)
        raise
    return servers


def stop_nodes(servers: list[Server]) -> None:
    for server in servers:
        server.stop()


class RedisServer:
    """``redis-server`` on 127.0.0.1 and a free port, nothing saved to disk."""

    def __init__(self):
        import redis
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = Path(tempfile.mkdtemp(prefix="paperwork-redis-"))
        self.log = self.dir / "log"
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                 "--appendonly", "no", "--dir", str(self.dir)], stdout=out, stderr=subprocess.STDOUT)
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("redis-server did not start:\n" + self.log.read_text("utf-8", "replace"))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)


class Worker(Server):
    """``paperwork worker`` in a child process of its own process group, its log in a file
    (stopped as a server is)."""

    def __init__(self, env: dict, concurrency: int = 1):
        self.log = Path(tempfile.mkstemp(prefix="paperwork-worker-", suffix=".log")[1])
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(Path(sys.executable).parent / "paperwork"), "worker", "--concurrency", str(concurrency)],
                env={**os.environ, **env}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def wait_ready(self, timeout: float = 120) -> Worker:
        deadline = time.monotonic() + timeout
        while " ready." not in self.log.read_text("utf-8", "replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("paperwork worker did not start:\n" + self.log.read_text("utf-8", "replace"))
            time.sleep(0.2)
        return self

    def pids(self) -> set[int]:
        """The worker and its prefork children (its process group)."""
        group = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[2]) == self.proc.pid:   # field 5: pgrp
                    group.add(int(entry.name))
        return group

    def kill_all(self) -> None:
        """SIGKILL to the worker and its prefork children: a machine that dies."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)

    def stop(self) -> str:
        super().stop()
        return self.log.read_text("utf-8", "replace")
