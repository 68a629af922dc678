"""The audit log: who did what, when, to which submission, key or body."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.models import ApiKey, AuditEntry


def log(s: Session, key: ApiKey | None, action: str, target: str, **detail) -> AuditEntry:
    entry = AuditEntry(key_id=key.id if key else None,
                       actor=f"{key.name}（{key.role}）" if key else "系统",
                       action=action, target=target, detail=detail)
    s.add(entry)
    return entry


def entries(s: Session, target: str | None = None, limit: int = 200) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if target is not None:
        q = q.where(AuditEntry.target == target)
    return list(s.scalars(q))
