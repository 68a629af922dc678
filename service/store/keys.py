"""API keys: stored as SHA-256 sums with a role and, for staff, a body."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit, bodies
from service.store.errors import Conflict, Forbidden, NotFound, Unprocessable
from service.store.models import ROLES, ApiKey, Body

ROLE_LABELS = {"portal": "门户（校验、生成、评分、核对）", "submitter": "填报人（仅本人提交）",
               "archivist": "档案/审核人员（本机构及下级）", "admin": "管理员（密钥、机构）",
               "expert": "同行评审专家（与项目负责人账号分开，不能填报）"}
# what a body's archivist may issue for the bodies below it (002 二); admin and portal keys are
# the system administrator's
DELEGABLE = ("submitter", "expert", "archivist")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return "pw_" + secrets.token_urlsafe(32)


def create(s: Session, actor: ApiKey | None, role: str, name: str, body_id: int | None = None,
           key: str | None = None, via: str | None = None) -> tuple[str, ApiKey]:
    """Create a key; returns the plain key (shown once) and its row."""
    if role not in ROLES:
        raise Unprocessable(f"角色应为 {'、'.join(ROLES)} 之一，收到“{role}”")
    if role == "archivist" and body_id is None:
        raise Unprocessable("档案/审核人员（archivist）的密钥须属于一个登记机构")
    if body_id is not None and s.get(Body, body_id) is None:
        raise NotFound(f"登记机构 {body_id} 不存在")
    if actor is not None and actor.role != "admin":
        _check_delegated(s, actor, role, body_id)
    key = key or new_key()
    row = ApiKey(key_hash=hash_key(key), prefix=key[:10], name=name, role=role, body_id=body_id,
                 lookup_failures=0)
    s.add(row)
    s.flush()
    audit.log(s, actor, "key.create", f"key:{row.id}", role=role, name=name, body_id=body_id,
              **({"via": via} if via else {}))
    return key, row


def _check_delegated(s: Session, actor: ApiKey, role: str, body_id: int | None) -> None:
    """"下一级用户的登录名和口令由上一级用户定义并发放" (002 二): an archivist issues the keys of
    the bodies strictly below its own, and only the roles of :data:`DELEGABLE`."""
    if role not in DELEGABLE:
        raise Forbidden(f"管理部门人员只能为下级机构创建填报人（submitter）、同行评审专家（expert）或档案/审核人员"
                        f"（archivist）密钥；{role} 密钥（{ROLE_LABELS[role]}）须由系统管理员（admin）创建")
    if body_id is None:
        raise Unprocessable("请指定新密钥所属的下级机构（body_id）：管理部门人员发放的密钥须属于其下级机构（002 二）",
                            field="body_id")
    own = s.get(Body, actor.body_id)
    target = s.get(Body, body_id)
    if target.id == own.id:
        raise Forbidden(f"不能为本机构“{own.name}”发放密钥：管理部门人员只为下级机构发放（002 二：下一级用户的登录名"
                        "和口令由上一级用户定义并发放），本机构的账号请由其上级机构或系统管理员发放")
    if target.id not in bodies.subtree_ids(s, own.id):
        raise Forbidden(f"“{target.name}”不是“{own.name}”的下级机构：下一级用户的登录名和口令由上一级用户定义并"
                        "发放（002 二），请由该机构的上级机构或系统管理员发放")


def _by_hash(s: Session, key: str) -> ApiKey | None:
    """The key's row, revoked or not."""
    return s.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))


def find(s: Session, key: str) -> ApiKey | None:
    row = _by_hash(s, key)
    if row is None or row.revoked_at is not None:
        return None
    return row


MAKE_ADMIN = "paperwork keys create --role admin"


def _active_admin_ids(s: Session) -> list[int]:
    # FOR UPDATE: two admins revoking each other at once on PostgreSQL must not both pass the
    # count (SQLite's writes are serialised already)
    return list(s.scalars(select(ApiKey.id).where(ApiKey.role == "admin", ApiKey.revoked_at.is_(None))
                          .order_by(ApiKey.id).with_for_update()))


def revoke(s: Session, actor: ApiKey, key_id: int) -> ApiKey:
    row = s.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"密钥 {key_id} 不存在")
    if row.role == "admin" and row.revoked_at is None and _active_admin_ids(s) == [row.id]:
        raise Conflict(f"密钥 {key_id}（{row.name}）是最后一个有效的管理员密钥，吊销后将无人能管理密钥和机构："
                       f"请先创建另一个管理员密钥（管理页面，或在服务器上运行 {MAKE_ADMIN}），再吊销此密钥")
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
        # only a key never stored is created: a revoked one stays revoked (its hash is taken)
        if _by_hash(s, env_key) is None:
            create(s, None, "admin", "管理员（PAPERWORK_ADMIN_KEY）", key=env_key)
        return None
    if s.scalar(select(ApiKey).where(ApiKey.role == "admin", ApiKey.revoked_at.is_(None))):
        return None
    key, _ = create(s, None, "admin", "管理员（首次启动生成）")
    return key


def revoked_env_key_warning(s: Session, env_key: str | None) -> str | None:
    """What to tell the operator when PAPERWORK_ADMIN_KEY names a revoked key: revoked stays
    revoked (restarting must not bring back a key an admin took away), and the service starts."""
    if not env_key:
        return None
    row = _by_hash(s, env_key)
    if row is None or row.revoked_at is None:
        return None
    others = "仍有其他有效的管理员密钥" if s.scalar(
        select(ApiKey.id).where(ApiKey.role == "admin", ApiKey.revoked_at.is_(None))) else "现在没有有效的管理员密钥"
    return (f"PAPERWORK_ADMIN_KEY 中的管理员密钥（{row.prefix}…）已被吊销，不再有效；{others}。"
            f"如需新的管理员密钥，请在服务器上运行 {MAKE_ADMIN}，并从环境中删去 PAPERWORK_ADMIN_KEY")


def lock_end(row: ApiKey) -> datetime | None:
    """When the key's last lock ends or ended (None: never locked)."""
    # SQLite gives naive datetimes back; they were written in UTC
    until = row.locked_until
    return until.replace(tzinfo=UTC) if until is not None and until.tzinfo is None else until


def locked_until(row: ApiKey, now: datetime) -> datetime | None:
    until = lock_end(row)
    return until if until is not None and until > now else None


def unlock(s: Session, actor: ApiKey, key_id: int, now: datetime) -> ApiKey:
    """End a key's lock now (an admin has checked with its user). The lock's end moves to now
    rather than being cleared: the invalid look-ups before it stay paid for by it
    (service/store/lookup_failures.py counts only those after the last lock's end)."""
    row = s.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"密钥 {key_id} 不存在")
    if locked_until(row, now) is None:
        raise Conflict(f"密钥 {key_id}（{row.name}）没有被锁定，无需解锁")
    row.locked_until = now
    audit.log(s, actor, "key.unlock", f"key:{row.id}")
    return row
