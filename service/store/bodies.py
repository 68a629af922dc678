"""Registration bodies: the four-level hierarchy of 002 二.

"下一级用户的登录名和口令由上一级用户定义并发放": a body's parent is exactly one level above it,
and a level-1 body has no parent; an archivist creates bodies only below its own (the admin any).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store import audit
from service.store.errors import Conflict, Forbidden, NotFound, Unprocessable
from service.store.models import BODY_LEVELS, ApiKey, Body


def create(s: Session, actor: ApiKey | None, name: str, level: int, parent_id: int | None,
           code: str | None = None) -> Body:
    if level not in BODY_LEVELS:
        raise Unprocessable(f"登记机构级别应为 1–4（002 二：四级登记机构），收到 {level}")
    parent = None
    if level == 1 and actor is not None and actor.role != "admin":
        raise Forbidden("一级登记机构只能由系统管理员（admin）新建")
    if level == 1:
        if parent_id is not None:
            raise Unprocessable("一级登记机构没有上级机构")
    else:
        if parent_id is None:
            raise Unprocessable(f"{level} 级登记机构须指定上一级（{level - 1} 级）机构（002 二）")
        parent = s.get(Body, parent_id)
        if parent is None:
            raise NotFound(f"上级机构 {parent_id} 不存在")
        if actor is not None and actor.role != "admin" and parent.id not in subtree_ids(s, actor.body_id):
            own = s.get(Body, actor.body_id)
            raise Forbidden(f"“{parent.name}”不是“{own.name}”或其下级机构：管理部门人员只能在本机构之下新建"
                            "下级机构（002 二），其他机构请由其上级机构或系统管理员新建")
        if parent.level != level - 1:
            raise Unprocessable(f"上级机构“{parent.name}”是 {parent.level} 级，"
                                f"{level} 级机构的上级应为 {level - 1} 级（002 二）")
    if code is not None and (len(code) != 3 or not code.isalnum()):
        raise Unprocessable(f"机构代码应为 3 位字母或数字（成果登记号前 3 位），收到“{code}”")
    if s.scalar(select(Body).where(Body.name == name)) is not None:
        raise Conflict(f"已有名为“{name}”的登记机构")
    body = Body(name=name, level=level, parent_id=parent.id if parent else None,
                code=code.upper() if code else None)
    s.add(body)
    s.flush()
    audit.log(s, actor, "body.create", f"body:{body.id}", name=name, level=level,
              parent_id=body.parent_id, code=body.code)
    return body


def subtree_ids(s: Session, body_id: int | None) -> set[int]:
    """The body and every body below it."""
    if body_id is None:
        return set()
    children: dict[int | None, list[int]] = {}
    for b_id, parent in s.execute(select(Body.id, Body.parent_id)):
        children.setdefault(parent, []).append(b_id)
    found, todo = set(), [body_id]
    while todo:
        b = todo.pop()
        if b in found:
            continue
        found.add(b)
        todo.extend(children.get(b, []))
    return found


def ancestors(s: Session, body: Body | None) -> list[Body]:
    """The body and the bodies above it, nearest first."""
    chain = []
    while body is not None and len(chain) < 8:
        chain.append(body)
        body = s.get(Body, body.parent_id) if body.parent_id else None
    return chain


def all_bodies(s: Session) -> list[Body]:
    return list(s.scalars(select(Body).order_by(Body.level, Body.name)))


def get(s: Session, body_id: int | None) -> Body | None:
    """The body ``body_id``, or None when there is none (no id, or no such row)."""
    return s.get(Body, body_id) if body_id else None
