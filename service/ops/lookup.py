"""Registered books found by CIP核准号 or ISBN, the way the NSSF platform fills the form from
the CIP number (000 手册 二.3.2).

Malformed or unknown numbers count towards locking the key ("如多次恶意尝试系统将自动锁定账号",
000 手册 二.3.3).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from service.problems import Problem
from service.store import keys, submissions
from validators.ids import cip, isbn
from validators.ids.errors import InvalidIdentifier

BOOK_FIELDS = ("cip_number", "isbn", "title", "first_author", "other_authors", "publisher",
               "publication_date", "word_count_thousand", "edition")
NUMBER_LABELS = {"cip_number": "CIP核准号", "isbn": "ISBN"}


def isbn13(value: str) -> str:
    return isbn.to_isbn13(isbn.validate(value))


NORMALISE: dict[str, Callable[[str], str]] = {"cip_number": cip.validate, "isbn": isbn13}


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
    """``{"book": ...}`` for the book whose ``field`` (cip_number or isbn) is ``raw``; 404 when
    there is none, 423 when this miss locks the key."""
    label = NUMBER_LABELS[field]
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
            problem = f"没有找到{label}为“{number}”的图书，请核对{label}是否为本项目成果的编号"
    with db.write() as s:
        locked, left = keys.count_lookup(s, key.id, book is not None,
                                         limit=settings.lookup_failures_before_lock,
                                         lock_minutes=settings.lock_minutes,
                                         now=datetime.now(UTC))
    if locked is not None:
        raise Problem(423, f"{problem}。多次无效查询，密钥已被锁定 {settings.lock_minutes} 分钟"
                           "（000 手册：如多次恶意尝试系统将自动锁定账号）",
                      headers={"Retry-After": str(settings.lock_minutes * 60)}, slug="locked",
                      locked_until=locked.isoformat())
    if book is None:
        raise Problem(404, f"{problem}；再有 {left} 次无效查询，密钥将被锁定 {settings.lock_minutes} 分钟",
                      slug="lookup-not-found", attempts_left=left)
    return {"book": book}
