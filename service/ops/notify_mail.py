"""Notices by e-mail (issue #17): a text/plain and a text/html part (stdlib EmailMessage), in
Chinese, sent by SMTP from the worker (``PAPERWORK_SMTP_URL`` smtp://host:port or
smtps://host:port, with user:password when the server wants a login; STARTTLS when the server
offers it). The HTML part comes from a Jinja template with autoescape: a title or an opinion
written in a record is text in the mail, never markup.

Every mail to a person carries an unsubscribe link: a signed token (HMAC of the key and the
event type with the installation's secret) that opens a page where one click (a POST) stops
that event's mail; no sign-in is needed.
"""
from __future__ import annotations

import hashlib
import hmac
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import unquote, urlsplit

from jinja2 import Environment

from service.store.dates import CHINA

HTML = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body style="font-family: sans-serif">
<h2>{{ title }}</h2>
<p>{{ text }}</p>
<p style="color:#555">时间：{{ when }}（北京时间）</p>
{% if unsubscribe %}<p style="font-size:small;color:#777">不想再收到“{{ type_label }}”的邮件？
<a href="{{ unsubscribe }}">退订</a></p>{% endif %}
</body></html>""")


@dataclass(frozen=True)
class Mail:
    to: str
    title: str
    text: str
    type_label: str
    occurred_at: datetime
    webhook_id: str
    unsubscribe: str | None = None


def unsubscribe_token(secret: bytes, key_id: int, event_type: str) -> str:
    message = f"{key_id}:{event_type}".encode()
    return f"{key_id}.{event_type}.{hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]}"


def read_unsubscribe_token(secret: bytes, token: str) -> tuple[int, str] | None:
    """The key and event type of a genuine token; None for a forged or damaged one."""
    parts = token.split(".")
    if len(parts) != 4 or not parts[0].isdigit():
        return None
    key_id, event_type = int(parts[0]), f"{parts[1]}.{parts[2]}"
    return (key_id, event_type) if hmac.compare_digest(unsubscribe_token(secret, key_id, event_type), token) else None


def message(mail: Mail, sender: str) -> EmailMessage:
    when = mail.occurred_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    msg = EmailMessage()
    msg["Subject"] = f"【科研管理材料】{mail.title}"
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Date"] = format_datetime(mail.occurred_at)
    msg["Message-ID"] = make_msgid(idstring=mail.webhook_id)
    msg["X-Paperwork-Event"] = mail.webhook_id
    plain = f"{mail.title}\n\n{mail.text}\n\n时间：{when}（北京时间）\n"
    if mail.unsubscribe:
        msg["List-Unsubscribe"] = f"<{mail.unsubscribe}>"
        plain += f"\n退订“{mail.type_label}”邮件：{mail.unsubscribe}\n"
    msg.set_content(plain)
    msg.add_alternative(HTML.render(title=mail.title, text=mail.text, when=when, type_label=mail.type_label,
                                    unsubscribe=mail.unsubscribe), subtype="html")
    return msg


def send(smtp_url: str, sender: str, msg: EmailMessage, timeout: float) -> str:
    """Send one message; the server's answer, or raises OSError / smtplib.SMTPException."""
    parts = urlsplit(smtp_url)
    host, port = parts.hostname or "127.0.0.1", parts.port
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(host, port or 465, timeout=timeout, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port or 25, timeout=timeout)
    with client:
        client.ehlo()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        refused = client.send_message(msg, from_addr=sender)
    return f"已发送（{', '.join(refused) or '全部收件人已接受'}）" if not refused else f"部分收件人被拒绝：{refused}"
