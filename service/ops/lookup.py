"""Registered books found by CIP核准号 or ISBN, the way the NSSF platform fills the form from
the CIP number (000 手册 二.3.2).

A key reads only its own books: the platform fills the submitter's own form from the CIP
number, and "请勿填写他人发表图书的 CIP核准号来检索图书出版信息，且此操作不会返回任何数据并将提示您
输入的 CIP核准号有误" (000 手册 二.3③). So another's book is answered as not found, and a portal
key, which belongs to no submitter, is refused.

Malformed or unknown numbers count towards locking the key ("如多次恶意尝试系统将自动锁定账号",
000 手册 二.3③), in a time window (:mod:`service.store.lookup_failures`).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from service.problems import Problem
from service.store import keys, lookup_failures, submissions
from validators.ids import cip, isbn
from validators.ids.errors import InvalidIdentifier

BOOK_FIELDS = ("cip_number", "isbn", "title", "first_author", "other_authors", "publisher",
               "publication_date", "word_count_thousand", "edition")
NUMBER_LABELS = {"cip_number": "CIP核准号", "isbn": "ISBN"}
# which books a role's look-up searches (submissions.registered_books), as the 404 says it
SEARCHED = {"submitter": "本人填报的图书", "archivist": "本机构及下级机构登记的图书", "admin": "已登记的图书"}


def isbn13(value: str) -> str:
    return isbn.to_isbn13(isbn.validate(value))


NORMALISE: dict[str, Callable[[str], str]] = {"cip_number": cip.validate, "isbn": isbn13}
# the platform and its users keep China time, whatever zone the server runs in
BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_time(t: datetime, now: datetime) -> str:
    """``08:15（北京时间）``, with the date when it is not today in Beijing.

    >>> now = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)          # 12月2日 06:00 in Beijing
    >>> beijing_time(datetime(2026, 12, 1, 22, 30, tzinfo=UTC), now)
    '06:30（北京时间）'
    >>> beijing_time(datetime(2026, 12, 2, 16, 15, tzinfo=UTC), now)
    '12月3日 00:15（北京时间）'
    """
    local = t.astimezone(BEIJING)
    day = "" if local.date() == now.astimezone(BEIJING).date() else f"{local.month}月{local.day}日 "
    return f"{day}{local:%H:%M}（北京时间）"


def locked(until: datetime, now: datetime, why: str = "该密钥因多次无效的 CIP/ISBN 查询已被锁定",
           fix: str = "；解锁后请只查询本人成果的 CIP核准号/ISBN") -> Problem:
    """The 423 for a key locked until ``until``.

    The minutes left are rounded to the nearest (at least 1), so a 30-minute lock read out a
    moment after it began says 30, not 31:

    >>> t = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    >>> from datetime import timedelta
    >>> "还有 30 分钟" in locked(t + timedelta(minutes=30, seconds=20), t).detail
    True
    """
    wait = math.ceil((until - now).total_seconds())
    minutes = max(1, round(wait / 60))
    return Problem(423, f"{why}，{beijing_time(until, now)}自动解锁（还有 {minutes} 分钟）"
                        f"（000 手册：如多次恶意尝试系统将自动锁定账号）{fix}",
                   headers={"Retry-After": str(wait)}, slug="locked", locked_until=until.isoformat())


def _find(s, key: keys.ApiKey, field: str, number: str) -> dict | None:
    normalise = NORMALISE[field]
    for found in submissions.registered_books(s, key):
        try:
            if found.get(field) and normalise(found[field]) == number:
                return {k: found[k] for k in BOOK_FIELDS if k in found}
        except InvalidIdentifier:
            continue
    return None


def look_up_book(db, settings, key: keys.ApiKey, field: str, raw: str) -> dict:
    """``{"book": ...}`` for the caller's book whose ``field`` (cip_number or isbn) is ``raw``;
    403 for a portal key, 404 when there is none, 423 when this miss locks the key."""
    label = NUMBER_LABELS[field]
    if key.role in ("portal", "expert"):
        who = "门户" if key.role == "portal" else "同行评审专家"
        raise Problem(403, f"{who}密钥不能按{label}查询图书：查询只为填报本人成果的出版信息（000 手册 二.3），"
                           "请使用该成果填报人（submitter）的密钥查询", slug="lookup-not-own")
    try:
        number = NORMALISE[field](raw)
        problem = None
    except InvalidIdentifier as e:
        number, problem = None, f"{label}“{raw[:40]}”无效：{e.message}"
    book = None
    if number is not None:
        with db.read() as s:
            book = _find(s, key, field, number)
        if book is None:
            problem = (f"在{SEARCHED[key.role]}中没有找到{label}为“{number}”的一本，"
                       f"请核对{label}是否为本人成果的编号")
    if book is not None:
        return {"book": book}
    now = datetime.now(UTC)
    with db.write() as s:
        until, left = lookup_failures.record_failure(
            s, key.id, limit=settings.lookup_failures_before_lock,
            window_minutes=settings.lookup_failure_window_minutes,
            lock_minutes=settings.lock_minutes, now=now)
    if until is not None:
        raise locked(until, now, f"{problem}。{settings.lookup_failure_window_minutes} 分钟内无效查询已达 "
                                 f"{settings.lookup_failures_before_lock} 次，密钥已被锁定", fix="")
    raise Problem(404, f"{problem}；{settings.lookup_failure_window_minutes} 分钟内再有 {left} 次无效查询，"
                       f"密钥将被锁定 {settings.lock_minutes} 分钟", slug="lookup-not-found", attempts_left=left)
