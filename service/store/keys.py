"""API keys: stored as SHA-256 sums with a role and, for staff, a body."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit
from service.store.errors import NotFound, Unprocessable
from service.store.models import ROLES, ApiKey, Body

ROLE_LABELS = {"portal": "门户（校验、生成、评分、核对）", "submitter": "填报人（仅本人提交）",
               "archivist": "档案/审核人员（本机构及下级）", "admin": "管理员（密钥、机构）"}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return "pw_" + secrets.token_urlsafe(32)


def create(s: Session, actor: ApiKey | None, role: str, name: str, body_id: int | None = None,
           key: str | None = None) -> tuple[str, ApiKey]:
    """Create a key; returns the plain key (shown once) and its row."""
    if role not in ROLES:
        raise Unprocessable(f"角色应为 {'、'.join(ROLES)} 之一，收到“{role}”")
    if role == "archivist" and body_id is None:
        raise Unprocessable("档案/审核人员（archivist）的密钥须属于一个登记机构")
    if body_id is not None and s.get(Body, body_id) is None:
        raise NotFound(f"登记机构 {body_id} 不存在")
    key = key or new_key()
    row = ApiKey(key_hash=hash_key(key), prefix=key[:10], name=name, role=role, body_id=body_id,
                 lookup_failures=0)
    s.add(row)
    s.flush()
    audit.log(s, actor, "key.create", f"key:{row.id}", role=role, name=name, body_id=body_id)
    return key, row


def find(s: Session, key: str) -> ApiKey | None:
    row = s.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    if row is None or row.revoked_at is not None:
        return None
    return row


def revoke(s: Session, actor: ApiKey, key_id: int) -> ApiKey:
    row = s.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"密钥 {key_id} 不存在")
    row.revoked_at = datetime.now(UTC)
    audit.log(s, actor, "key.revoke", f"key:{row.id}")
    return row


def all_keys(s: Session) -> list[ApiKey]:
    return list(s.scalars(select(ApiKey).order_by(ApiKey.id)))


def ensure_admin(s: Session, env_key: str | None) -> str | None:
    """Make sure an admin key exists. With ``env_key`` (PAPERWORK_ADMIN_KEY) that key is the
    admin key; otherwise a new one is generated on first start and returned so it can be printed
    once. Returns the plain key when one was created, else None."""
    if env_key:
        if find(s, env_key) is None:
            create(s, None, "admin", "管理员（PAPERWORK_ADMIN_KEY）", key=env_key)
        return None
    if s.scalar(select(ApiKey).where(ApiKey.role == "admin", ApiKey.revoked_at.is_(None))):
        return None
    key, _ = create(s, None, "admin", "管理员（首次启动生成）")
    return key


def lock_end(row: ApiKey) -> datetime | None:
    """When the key's last lock ends or ended (None: never locked)."""
    # SQLite gives naive datetimes back; they were written in UTC
    until = row.locked_until
    return until.replace(tzinfo=UTC) if until is not None and until.tzinfo is None else until


def locked_until(row: ApiKey, now: datetime) -> datetime | None:
    until = lock_end(row)
    return until if until is not None and until > now else None
