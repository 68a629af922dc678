"""The notification pump (issue #17): it fans the outbox's events out into deliveries, finds the
paper that is overdue, and hands each due delivery to the job runner (the process pool of
``paperwork serve``, or a Celery task with ``PAPERWORK_BROKER_URL``); :func:`deliver` then runs
in that worker process, never in a request.

Where it runs: a thread in every ``paperwork serve``, with or without Celery. Celery beat would
need exactly one beat process beside the workers, one more thing to keep alive and single; the
pump needs no such care, since every move it makes is a conditional UPDATE (an event is fanned
out by the one pump that marks it, a delivery handed out by the one that takes its lease), so
two API nodes each running one are safe, and a delivery whose worker died is handed out again
when its lease (``PAPERWORK_NOTIFY_LEASE_SECONDS``) has run out.
"""
from __future__ import annotations

import hashlib
import logging
import smtplib
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from service.ops import desk, jobs, notify_mail, notify_webhook
from service.settings import Settings
from service.store import deliveries, events, submissions
from service.store.blobs import Blobs
from service.store.dates import china_today
from service.store.db import Database
from service.store.models import Delivery, NotificationEvent, Submission, WebhookEndpoint, utcnow

log = logging.getLogger("paperwork.notify")

#: events fanned out and deliveries handed out in one tick (the rest wait for the next)
BATCH = 200
#: how often the paper deadlines are swept for paper.overdue
OVERDUE_SWEEP_SECONDS = 600


def unsubscribe_secret(package_keys) -> bytes:
    """The installation's secret for unsubscribe links, derived from its signing key."""
    return hashlib.sha256(b"paperwork-unsubscribe:" + package_keys.own.private_bytes_raw()).digest()


def sweep_overdue(db: Database, today) -> int:
    """Emit paper.overdue once for each registration whose paper is past its day and not
    received; how many were emitted now."""
    emitted = 0
    with db.write() as s:
        registered = list(s.scalars(select(Submission.id).where(
            Submission.kind == "achievement-registration", Submission.status == "registered")))
        for sub_id in registered:
            sub = s.get(Submission, sub_id)
            due = desk.paper_due(s, sub, today)
            if due.overdue and due.received_on is None:
                label = submissions.STATUS_LABELS.get(sub.status, sub.status)
                emitted += events.emit(s, events.paper_overdue(sub, label, due.due_on, today)) is not None
    return emitted


def tick(db: Database, settings: Settings, hand_out: Callable[[int, str], None]) -> int:
    """One round: fan out, then hand out the due deliveries; how many were handed out."""
    with db.write() as s:
        for event in deliveries.undispatched(s, BATCH):
            deliveries.fan_out(s, event)
    with db.write() as s:
        taken = deliveries.claim(s, settings.notify_lease_seconds, BATCH)
        channels = {d.id: d.channel for d in (s.get(Delivery, i) for i in taken)}
    for delivery_id in taken:
        hand_out(delivery_id, channels[delivery_id])
    return len(taken)


def _mail_for(ctx: jobs.JobContext, s, delivery: Delivery, event: NotificationEvent) -> notify_mail.Mail:
    link = None
    if delivery.recipient_key_id is not None:
        token = notify_mail.unsubscribe_token(unsubscribe_secret(ctx.package_keys), delivery.recipient_key_id, event.type)
        link = f"{ctx.settings.public_url.rstrip('/')}/web/unsubscribe/{token}"
    return notify_mail.Mail(delivery.address, event.title, event.text, events.CATALOGUE.get(event.type, event.type),
                            deliveries.aware(event.occurred_at), event.id, link)


def _attempt(ctx: jobs.JobContext, delivery: Delivery, event: NotificationEvent, s) -> notify_webhook.Answer:
    settings = ctx.settings
    if delivery.channel == "webhook":
        endpoint = s.get(WebhookEndpoint, delivery.endpoint_id)
        if endpoint.deleted_at is not None:
            return notify_webhook.Answer(False, None, 0, "未发送：回调地址已删除")
        return notify_webhook.send(endpoint.url, endpoint.secret, event.id, event.payload,
                                   allow_hosts=settings.webhook_allow_hosts, timeout=settings.webhook_timeout_seconds)
    began = time.monotonic()
    if not settings.smtp_url:
        return notify_webhook.Answer(False, None, 0, "未发送：未配置 PAPERWORK_SMTP_URL")
    msg = notify_mail.message(_mail_for(ctx, s, delivery, event), settings.smtp_from)
    try:
        said = notify_mail.send(settings.smtp_url, settings.smtp_from, msg, settings.webhook_timeout_seconds)
        ok = True
    except (OSError, smtplib.SMTPException) as e:
        said, ok = f"发送失败：{type(e).__name__}: {e}", False
    return notify_webhook.Answer(ok, None, int((time.monotonic() - began) * 1000), said)


def deliver(delivery_id: int, settings_items: tuple) -> str:
    """Try one delivery (in a worker process) and log the attempt; its status after."""
    ctx = jobs.context_for(settings_items)
    with ctx.db.read() as s:
        delivery = s.get(Delivery, delivery_id)
        if delivery is None or delivery.status != "pending":
            return "skipped"
        event = s.get(NotificationEvent, delivery.event_id)
        answer = _attempt(ctx, delivery, event, s)
    with ctx.db.write() as s:
        delivery = s.get(Delivery, delivery_id)
        deliveries.record_attempt(s, delivery, ok=answer.ok, status_code=answer.status_code,
                                  latency_ms=answer.latency_ms, excerpt=answer.excerpt,
                                  base_seconds=ctx.settings.notify_backoff_base_seconds,
                                  retry_seconds=ctx.settings.notify_retry_seconds)
    return "succeeded" if answer.ok else "retrying"


class Pump:
    """The pump thread of one ``paperwork serve``: a tick every ``PAPERWORK_NOTIFY_POLL_SECONDS``."""

    def __init__(self, settings: Settings, db: Database, runner, blobs: Blobs):
        self.settings, self.db, self.runner, self.blobs = settings, db, runner, blobs
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-pump", daemon=True)
        self._last_sweep = 0.0

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if time.monotonic() - self._last_sweep >= OVERDUE_SWEEP_SECONDS:
                    self._last_sweep = time.monotonic()
                    sweep_overdue(self.db, china_today())
                    # the serving process's one periodic thread also drops the PDFs uploaded
                    # at a 预检 and never saved (nothing refers to them)
                    self.blobs.delete_unreferenced(
                        utcnow() - timedelta(days=self.settings.unsaved_upload_keep_days))
                tick(self.db, self.settings, self.runner.deliver)
            except Exception:       # noqa: BLE001 — a lost database: the next tick tries again
                log.exception("notification pump: tick failed")
            self._stop.wait(self.settings.notify_poll_seconds)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
