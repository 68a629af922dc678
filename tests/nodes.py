"""Several service processes on one store, as several machines run them: N ``paperwork serve``
processes started at the same moment on one database (each with its own data directory, as
separate machines have), and a throwaway ``redis-server`` on a free loopback port.

The fixtures built from these are in the test modules that need them (test_shared_state.py);
the cluster test of issue #16 reuses :func:`start_nodes` and :class:`RedisServer`.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from pg import Server, free_port


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
