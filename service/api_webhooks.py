"""``/api/v1/webhooks``: a portal's signed callbacks, and where people's notices are mailed
(issue #17, docs/notifications.md).

An endpoint belongs to the key that registered it (a portal or an admin); another key gets the
404 of an endpoint that does not exist. Its secret is shown once, when it is made. Admins see
every delivery, webhook and e-mail, at ``/api/v1/notifications/deliveries``.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service.auth import require
from service.ops import notify_webhook
from service.problems import Problem
from service.routing import RowId
from service.store import deliveries, events, webhooks
from service.store.keys import ApiKey

router = APIRouter(prefix="/api/v1", tags=["通知"])

EVENTS_HELP = "要接收的事件类型（见 GET /api/v1/notifications/events）：" + "、".join(events.CATALOGUE)


class NewEndpoint(BaseModel):
    url: str = Field(..., min_length=8, max_length=2000, examples=["https://portal.example.cn/hooks/paperwork"])
    events: list[str] = Field(..., min_length=1, max_length=len(events.CATALOGUE), description=EVENTS_HELP)
    secret: str | None = Field(None, max_length=200,
                               description="whsec_ 加 base64；不填则由服务生成，只在此时显示一次")
    description: str | None = Field(None, max_length=200)


class EndpointChange(BaseModel):
    url: str | None = Field(None, min_length=8, max_length=2000)
    events: list[str] | None = Field(None, min_length=1, max_length=len(events.CATALOGUE), description=EVENTS_HELP)
    description: str | None = Field(None, max_length=200)


class Contact(BaseModel):
    email: str | None = Field(..., max_length=320, pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$",
                              examples=["zhang@example.edu.cn"], description="收件地址；null 表示不再发邮件")


def _events(names: list[str]) -> list[str]:
    unknown = [n for n in names if n not in events.CATALOGUE]
    if unknown:
        raise Problem(422, f"没有这些事件类型：{'、'.join(unknown)}；可选：{'、'.join(events.CATALOGUE)}", field="events")
    return list(dict.fromkeys(names))


def endpoint_dict(e) -> dict:
    return {"id": e.id, "url": e.url, "events": e.events, "description": e.description,
            "created_at": deliveries.aware(e.created_at).isoformat(),
            "deliveries_url": f"/api/v1/webhooks/{e.id}/deliveries"}


NOT_FOUND = {404: {"description": "回调地址不存在，或不属于本密钥"}}
BAD_URL = {422: {"description": "事件类型不存在；回调地址不是 http(s)，或解析到本机、内网等非公网地址（SSRF）；secret 格式不对"}}


@router.get("/notifications/events", summary="通知事件目录：类型与名称（载荷见 docs/notifications.md）")
def catalogue(key: ApiKey = require()):
    return [{"type": t, "label": label} for t, label in events.CATALOGUE.items()]


@router.post("/webhooks", status_code=201, responses=BAD_URL,
             summary="登记回调地址（门户）：签名密钥 secret 只在此时显示一次")
def create_endpoint(request: Request, body: NewEndpoint, key: ApiKey = require("portal", "admin")):
    settings = request.app.state.settings
    names = _events(body.events)
    notify_webhook.registration_problem(body.url, settings.webhook_allow_hosts)
    secret = notify_webhook.checked_secret(body.secret)
    with request.app.state.db.write() as s:
        e = webhooks.create(s, key, body.url, names, secret, body.description)
        return {**endpoint_dict(e), "secret": secret}


@router.get("/webhooks", summary="本密钥登记的回调地址（管理员：全部）")
def list_endpoints(request: Request, key: ApiKey = require("portal", "admin")):
    with request.app.state.db.read() as s:
        return [endpoint_dict(e) for e in webhooks.listing(s, key)]


@router.get("/webhooks/{endpoint_id}", summary="一个回调地址", responses=NOT_FOUND)
def get_endpoint(request: Request, endpoint_id: RowId, key: ApiKey = require("portal", "admin")):
    with request.app.state.db.read() as s:
        return endpoint_dict(webhooks.own(s, key, endpoint_id))


@router.patch("/webhooks/{endpoint_id}", summary="修改回调地址或事件类型", responses={**NOT_FOUND, **BAD_URL})
def change_endpoint(request: Request, endpoint_id: RowId, body: EndpointChange,
                    key: ApiKey = require("portal", "admin")):
    if body.url is not None:
        notify_webhook.registration_problem(body.url, request.app.state.settings.webhook_allow_hosts)
    names = _events(body.events) if body.events is not None else None
    with request.app.state.db.write() as s:
        e = webhooks.own(s, key, endpoint_id)
        e.url = body.url if body.url is not None else e.url
        e.events = names if names is not None else e.events
        e.description = body.description if body.description is not None else e.description
        return endpoint_dict(e)


@router.delete("/webhooks/{endpoint_id}", status_code=204, summary="删除回调地址（未发出的投递不再发送）",
               responses=NOT_FOUND)
def delete_endpoint(request: Request, endpoint_id: RowId, key: ApiKey = require("portal", "admin")):
    with request.app.state.db.write() as s:
        webhooks.delete(s, key, endpoint_id)
    return Response(status_code=204)


@router.get("/webhooks/{endpoint_id}/deliveries", responses=NOT_FOUND,
            summary="投递记录：每次尝试的状态码、耗时、应答摘要（≤ 1 kB，纯文本）")
def endpoint_deliveries(request: Request, endpoint_id: RowId, key: ApiKey = require("portal", "admin"),
                        limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=10**9)):
    with request.app.state.db.read() as s:
        webhooks.own(s, key, endpoint_id)
        return [deliveries.as_dict(s, d) for d in webhooks.deliveries_of(s, endpoint_id, limit, offset)]


@router.post("/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay", status_code=202,
             summary="重发一次投递（同一 webhook-id，接收方据此去重）",
             responses={404: {"description": "回调地址或投递不存在，或不属于本密钥"}})
def replay(request: Request, endpoint_id: RowId, delivery_id: RowId, key: ApiKey = require("portal", "admin")):
    with request.app.state.db.write() as s:
        webhooks.own(s, key, endpoint_id)
        d = webhooks.delivery_of(s, endpoint_id, delivery_id)
        deliveries.replay(s, d)
        s.flush()
        s.refresh(d)
        return deliveries.as_dict(s, d)


@router.get("/notifications/deliveries", summary="全部通知投递（回调与邮件）及每次尝试（管理员）")
def all_deliveries(request: Request, key: ApiKey = require("admin"), channel: str | None = Query(
        None, pattern="^(webhook|email)$"), limit: int = Query(100, ge=1, le=500),
        offset: int = Query(0, ge=0, le=10**9)):
    with request.app.state.db.read() as s:
        return [{**deliveries.as_dict(s, d), "address": d.address}
                for d in webhooks.all_deliveries(s, channel, limit, offset)]


@router.put("/notifications/contact", summary="本密钥的通知邮箱（填报人、管理部门人员）")
def set_contact(request: Request, body: Contact, key: ApiKey = require()):
    with request.app.state.db.write() as s:
        webhooks.set_key_contact(s, key, body.email)
    return {"email": body.email}


@router.put("/bodies/{body_id}/contact", summary="登记机构的通知邮箱（管理员，或本机构及上级的管理部门人员）",
            responses={404: {"description": "登记机构不存在或不在本密钥管辖范围"}}, tags=["管理"])
def set_body_contact(request: Request, body_id: RowId, body: Contact, key: ApiKey = require("archivist", "admin")):
    with request.app.state.db.write() as s:
        webhooks.set_body_contact(s, key, body_id, body.email)
    return {"body_id": body_id, "email": body.email}
