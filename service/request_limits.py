"""Request size limit (413) and the time a body may take to arrive (408); the per-key rate
limit (429) is service/rate_limits.py."""
from __future__ import annotations

import asyncio
import json

from starlette.exceptions import HTTPException

from service.problems import PROBLEM, TITLES, TYPE_BASE


def _too_large(limit: int) -> str:
    return f"请求内容超过上限 {limit / 1048576:g} MB"


class BodySizeLimit:
    """ASGI middleware: refuse a body over ``max_bytes``, by its Content-Length when it gives
    one, and by counting the bytes as they arrive when it does not (chunked uploads)."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers", ())).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared > self.max_bytes or declared < 0:
                return await self._refuse(scope, send, 413 if declared >= 0 else 400)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope, send, status):
        detail = _too_large(self.max_bytes) if status == 413 else "Content-Length 请求头不是有效的数字"
        body = json.dumps({"type": TYPE_BASE + str(status), "title": TITLES[status],
                           "status": status, "detail": detail, "instance": scope.get("path", "")},
                          ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", PROBLEM.encode()),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class BodyDeadline:
    """ASGI middleware: a request body must arrive whole within ``seconds``, or the request is
    answered 408. A client that sends its headers and then a trickle (or nothing) would
    otherwise hold a worker and its memory for as long as it likes."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        complete = False

        async def timed():
            nonlocal complete
            if complete:          # after the body, receive() only waits for a disconnect
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise HTTPException(408, f"请求内容未在 {self.seconds:g} 秒内传完，已中止；"
                                         "请检查网络后重新提交") from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                complete = True
            return message

        await self.app(scope, timed, send)
