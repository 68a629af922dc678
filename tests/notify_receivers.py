"""Real receivers on 127.0.0.1 for the notification tests: a portal's webhook endpoint (an HTTP
server in a thread that keeps what it got and answers as told) and a mail server (aiosmtpd),
and a ``paperwork serve`` that can be killed with its worker processes."""
from __future__ import annotations

import json
import os
import signal
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from pg import Server, free_port


class Receiver:
    """A webhook endpoint. ``answer`` is the status it gives (503 while "down"); ``hang`` makes
    it hold each request open until released."""

    def __init__(self):
        self.got: list[tuple[dict, bytes]] = []
        self.answer, self.body = 204, b""
        self.hang = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                data = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.got.append(({k.lower(): v for k, v in self.headers.items()}, data))
                if receiver.hang.is_set():
                    receiver.release.wait(60)
                self.send_response(receiver.answer)
                self.send_header("content-length", str(len(receiver.body)))
                self.end_headers()
                self.wfile.write(receiver.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self) -> list[tuple[dict, dict]]:
        with self.lock:
            return [(h, json.loads(b)) for h, b in self.got]

    def ids(self) -> list[str]:
        with self.lock:
            return [h["webhook-id"] for h, _ in self.got]

    def wait_for(self, n_ids: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(set(self.ids())) < n_ids:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(set(self.ids()))} of {n_ids} events arrived in {timeout} s")
            time.sleep(0.1)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """An SMTP server (aiosmtpd) on loopback that keeps every message it accepts."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.url = f"smtp://127.0.0.1:{self.controller.port}"

    def wait_for(self, n: int, timeout: float = 60) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} of {n} mails arrived in {timeout} s")
            time.sleep(0.1)
        return self.messages

    def close(self) -> None:
        self.controller.stop()


class KillableServer(Server):
    """``paperwork serve`` in its own process group: :meth:`kill_all` kills it with its pool's
    worker processes, as a machine that loses power does."""

    def __init__(self, *args, **kw):
        super().__init__(*args, own_process_group=True, **kw)

    def kill_all(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)
