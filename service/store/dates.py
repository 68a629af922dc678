"""The dates the archive enters (成果登记号 issued, paper received, a decision made) are facts
the server keeps: each must be a real day between the record's own dates and today.

"Today" is China's (Asia/Shanghai): an archivist in Chengdu entering a receipt at 07:00 is on
the day her calendar shows, whatever the server's zone.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from service.store.errors import Unprocessable

CHINA = ZoneInfo("Asia/Shanghai")


def china_today(now: datetime | None = None) -> date:
    """Today's date in China.

    >>> from datetime import UTC
    >>> china_today(datetime(2026, 12, 1, 17, 30, tzinfo=UTC))
    datetime.date(2026, 12, 2)
    """
    return (now or datetime.now(CHINA)).astimezone(CHINA).date()


def own_date(record: dict, *keys: str) -> date | None:
    """``record[k1][k2]…`` as a date, or None when absent or not YYYY-MM-DD."""
    node = record
    for k in keys:
        node = node.get(k) if isinstance(node, dict) else None
    try:
        return date.fromisoformat(node) if isinstance(node, str) else None
    except ValueError:
        return None


def within(value: date, what: str, *, after: list[tuple[date | None, str]], today: date) -> date:
    """``value`` itself, or Unprocessable (422) when it is later than ``today`` or earlier than
    any of the ``after`` dates (each with the words that name it)."""
    if value > today:
        raise Unprocessable(f"{what} {value.isoformat()} 晚于今天（{today.isoformat()}，北京时间），"
                            f"请填写实际发生的日期", field=what)
    for earliest, name in after:
        if earliest is not None and value < earliest:
            raise Unprocessable(f"{what} {value.isoformat()} 早于{name}（{earliest.isoformat()}），"
                                "请核对日期", field=what)
    return value
