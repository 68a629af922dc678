"""Secrets of the whole installation, made once: the first process to need one makes it under
the start-up lock (service/store/db.py), every other process on the database reads the same."""
from __future__ import annotations

from collections.abc import Callable

from service.store.db import Database
from service.store.models import InstallationSecret, utcnow


def shared(db: Database, name: str, make: Callable[[], bytes]) -> bytes:
    with db.write() as s:
        db.hold_startup_lock(s.connection())
        row = s.get(InstallationSecret, name)
        if row is None:
            row = InstallationSecret(name=name, value=make(), created_at=utcnow())
            s.add(row)
        return row.value
