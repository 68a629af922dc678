"""Invalid CIP/ISBN look-ups, counted per key in a time window ("如多次恶意尝试系统将自动锁定
账号", 000 手册 二.3③).

Each invalid look-up is a row; the key locks when ``limit`` of them fall within the window.
A valid look-up writes nothing, so it cannot wipe the count. The count is taken in the same
transaction as the insert, with the key's row locked (``SELECT … FOR UPDATE`` on PostgreSQL;
on SQLite ``Database.write()`` is ``BEGIN IMMEDIATE``), so parallel look-ups through any number
of server processes are counted one after the other and none is lost.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.store import audit, keys
from service.store.models import ApiKey, LookupFailure


def record_failure(s: Session, key_id: int, *, limit: int, window_minutes: int,
                   lock_minutes: int, now: datetime) -> tuple[datetime | None, int]:
    """Count one invalid look-up by ``key_id``; call inside ``Database.write()``.

    Returns the end of the key's lock when the key is locked (by this look-up or by one that
    ran in parallel), else None; and how many invalid look-ups are left before the lock.
    """
    key = s.scalar(select(ApiKey).where(ApiKey.id == key_id).with_for_update())
    until = keys.locked_until(key, now)
    if until is not None:
        return until, 0
    window_start = now - timedelta(minutes=window_minutes)
    s.execute(delete(LookupFailure).where(LookupFailure.key_id == key_id,
                                          LookupFailure.at <= window_start))
    s.add(LookupFailure(key_id=key_id, at=now))
    s.flush()
    counted = [LookupFailure.key_id == key_id, LookupFailure.at > window_start]
    previous_lock_end = keys.lock_end(key)
    if previous_lock_end is not None:
        # the look-ups that caused an earlier lock were paid for by that lock
        counted.append(LookupFailure.at >= previous_lock_end)
    failures = s.scalar(select(func.count()).select_from(LookupFailure).where(*counted))
    if failures < limit:
        return None, limit - failures
    key.locked_until = now + timedelta(minutes=lock_minutes)
    audit.log(s, key, "key.locked", f"key:{key.id}", until=key.locked_until.isoformat(),
              reason=f"{window_minutes} 分钟内 {failures} 次无效的 CIP/ISBN 查询")
    return key.locked_until, 0
