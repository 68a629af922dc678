"""Webhook endpoints and one delivery to one (issue #17): the Standard Webhooks headers
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature: v1,<base64 HMAC-SHA256 of
id.timestamp.body>``), signed by the ``standardwebhooks`` package, and the SSRF checks.

SSRF: the URL's host is resolved at registration and again at every delivery (a name that
resolved to a public address yesterday may resolve to 127.0.0.1 today), every address must be
public (not loopback, link-local, private, multicast, unspecified, reserved, nor an IPv4-mapped
one of those) unless ``PAPERWORK_WEBHOOK_ALLOW_HOSTS`` allows the host or the address; the
connection is then made to the address that was checked (urllib3 with the host name kept for
the Host header and TLS), no redirect is followed, and the answer is read up to 1 kB within
``PAPERWORK_WEBHOOK_TIMEOUT_SECONDS``.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import urllib3
from standardwebhooks.webhooks import Webhook

from service.problems import Problem

SECRET_PREFIX = "whsec_"
EXCERPT_BYTES = 1024
USER_AGENT = "paperwork-webhooks/1"


class Refused(Exception):
    """The URL may not be called; the message says why, in Chinese."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


@dataclass(frozen=True)
class Answer:
    ok: bool
    status_code: int | None
    latency_ms: int
    excerpt: str


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def checked_secret(secret: str | None) -> str:
    """A secret given by the portal: ``whsec_`` and 24 to 64 bytes in base64; else one made here."""
    if secret is None:
        return new_secret()
    raw = secret.removeprefix(SECRET_PREFIX)
    try:
        n = len(base64.b64decode(raw, validate=True))
    except (binascii.Error, ValueError):
        n = -1
    if not secret.startswith(SECRET_PREFIX) or not 24 <= n <= 64:
        raise Problem(422, "secret 应为 whsec_ 加 24 至 64 字节的 base64（Standard Webhooks）；"
                           "不填则由服务生成并只显示一次", field="secret")
    return secret


def _allowed(allow_hosts: str, host: str, address: ipaddress._BaseAddress) -> bool:
    for entry in (e.strip() for e in allow_hosts.split(",")):
        if not entry:
            continue
        if entry.lower() == host.lower():
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _public(address: ipaddress._BaseAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (address.is_loopback or address.is_link_local or address.is_private or address.is_multicast
                or address.is_unspecified or address.is_reserved) and address.is_global


def check_url(url: str, allow_hosts: str) -> Target:
    """Resolve and check ``url``; the address to connect to, or Refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("地址应为 http:// 或 https:// 开头的完整网址")
    if parts.username or parts.password:
        raise Refused("地址中不能含用户名或口令；请用签名密钥（secret）验证来源")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:
        raise Refused("地址的端口无效") from e
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise Refused(f"无法解析主机名“{parts.hostname}”") from e
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        if not _public(address) and not _allowed(allow_hosts, parts.hostname, address):
            raise Refused(f"主机“{parts.hostname}”解析到非公网地址 {address}（本机、内网、链路本地或组播），"
                          "不能作为回调地址；如确需使用，请管理员在 PAPERWORK_WEBHOOK_ALLOW_HOSTS 中允许该主机或网段")
    path = parts.path or "/"
    return Target(parts.scheme, parts.hostname, port, path + (f"?{parts.query}" if parts.query else ""),
                  str(addresses[0]))


def registration_problem(url: str, allow_hosts: str) -> None:
    """Refuse an endpoint URL at registration with a 422 that says why."""
    if len(url) > 2000:
        raise Problem(422, "回调地址不能超过 2000 个字符", field="url")
    try:
        check_url(url, allow_hosts)
    except Refused as e:
        raise Problem(422, f"回调地址不可用：{e}", field="url") from e


def body_of(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def headers_for(secret: str, webhook_id: str, body: str, at: datetime | None = None) -> dict[str, str]:
    at = at or datetime.now(UTC)
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": Webhook(secret).sign(webhook_id, at, body),
            "content-type": "application/json; charset=utf-8", "user-agent": USER_AGENT}


def _excerpt(data: bytes) -> str:
    # text only: what the receiver answered, never rendered as markup (the API returns it as JSON)
    return data[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def send(url: str, secret: str, webhook_id: str, payload: dict, *, allow_hosts: str, timeout: float) -> Answer:
    """One attempt: check, sign, POST to the checked address; what came back."""
    began = time.monotonic()

    def answer(ok: bool, code: int | None, excerpt: str) -> Answer:
        return Answer(ok, code, int((time.monotonic() - began) * 1000), excerpt)

    try:
        target = check_url(url, allow_hosts)
    except Refused as e:
        return answer(False, None, f"未发送：{e}")
    body = body_of(payload)
    headers = headers_for(secret, webhook_id, body)
    default_port = 443 if target.scheme == "https" else 80
    headers["host"] = target.host if target.port == default_port else f"{target.host}:{target.port}"
    limits = urllib3.Timeout(connect=min(5.0, timeout), read=timeout)
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(target.address, target.port, timeout=limits, retries=False,
                                           server_hostname=target.host, assert_hostname=target.host,
                                           cert_reqs="CERT_REQUIRED")
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, timeout=limits, retries=False)
    try:
        response = pool.urlopen("POST", target.path, body=body.encode("utf-8"), headers=headers,
                                redirect=False, preload_content=False)
        try:
            data = response.read(EXCERPT_BYTES)
        finally:
            response.release_conn()
    except (urllib3.exceptions.HTTPError, OSError) as e:
        return answer(False, None, f"连接失败：{type(e).__name__}")
    finally:
        pool.close()
    return answer(200 <= response.status < 300, response.status, _excerpt(data))
