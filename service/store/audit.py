"""The audit log: who did what, when, to which submission, key or body."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.models import ApiKey, AuditEntry

ACTION_LABELS = {
    "body.create": "新建登记机构", "key.create": "创建密钥", "key.revoke": "吊销密钥",
    "key.locked": "密钥被锁定", "key.unlock": "解锁密钥", "submission.create": "创建提交", "submission.version": "提交新版本",
    "registration.issue": "发放成果登记号", "change.decide": "审核变更申请",
    "receipt.record": "登记纸质材料接收", "registration.step": "科技成果登记流程",
    "procedure.step": "结项、预算调整、出版物登记流程",
    "auth.failure": "无效密钥（认证失败）",
    "auth.limited": "地址因多次无效密钥被限制",
}


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
