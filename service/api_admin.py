"""``/api/v1``: keys and bodies (admin; an archivist for the bodies below its own), the audit log
(admin) and the reports (archivist, admin)."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service.api_jobs import ACCEPTED, accepted, wants_async
from service.auth import require
from service.ops import reports
from service.ops.jobs import XLSX
from service.routing import MAX_ID, RowId, content_disposition
from service.store import audit, bodies, keys
from service.store.keys import ApiKey

router = APIRouter(prefix="/api/v1")


def key_dict(k: ApiKey) -> dict:
    return {"id": k.id, "name": k.name, "role": k.role, "role_label": keys.ROLE_LABELS[k.role],
            "prefix": k.prefix, "body_id": k.body_id, "created_at": k.created_at.isoformat(),
            "revoked": k.revoked_at is not None,
            "locked_until": k.locked_until.isoformat() if k.locked_until else None}


class NewKey(BaseModel):
    role: str = Field(..., pattern="^(portal|submitter|archivist|admin|expert)$", examples=["submitter"],
                      description="管理部门人员（archivist）只能为下级机构创建 submitter、expert、archivist 密钥")
    name: str = Field(..., min_length=1, max_length=200, examples=["太原理工大学 张国栋"])
    body_id: int | None = Field(None, ge=1, le=MAX_ID,
                                description="所属登记机构（archivist 必填；由管理部门人员创建时必填，须为其下级机构）")


@router.get("/keys", summary="全部 API 密钥（只显示前缀）", tags=["管理"])
def list_keys(request: Request, key: ApiKey = require("admin")):
    with request.app.state.db.read() as s:
        return [key_dict(k) for k in keys.all_keys(s)]


@router.post("/keys", status_code=201, tags=["管理"],
             summary="创建 API 密钥（密钥只在此时显示一次）；管理部门人员为下级机构发放（002 二）")
def create_key(request: Request, body: NewKey, key: ApiKey = require("archivist", "admin")):
    with request.app.state.db.write() as s:
        plain, row = keys.create(s, key, body.role, body.name, body.body_id)
        return {"key": plain, **key_dict(row)}


@router.delete("/keys/{key_id}", summary="吊销 API 密钥", tags=["管理"],
               responses={404: {"description": "密钥不存在"},
                          409: {"description": "这是最后一个有效的管理员密钥：先创建另一个管理员密钥"}})
def revoke_key(request: Request, key_id: RowId, key: ApiKey = require("admin")):
    with request.app.state.db.write() as s:
        return key_dict(keys.revoke(s, key, key_id))


class NewBody(BaseModel):
    name: str = Field(..., min_length=1, max_length=200, examples=["山西省科学技术厅"])
    level: int = Field(..., ge=1, le=4, description="1 科技部；2 省级；3 组织管理部门；4 成果完成单位（002 二）")
    parent_id: int | None = Field(None, ge=1, le=MAX_ID, description="上一级机构")
    code: str | None = Field(None, min_length=3, max_length=3, examples=["140"],
                             description="3 位机构代码（成果登记号前 3 位）")


def body_dict(b) -> dict:
    return {"id": b.id, "name": b.name, "level": b.level, "level_label": bodies.BODY_LEVELS[b.level],
            "parent_id": b.parent_id, "code": b.code}


@router.get("/bodies", summary="登记机构（四级）", tags=["管理"])
def list_bodies(request: Request, key: ApiKey = require("archivist", "admin")):
    with request.app.state.db.read() as s:
        return [body_dict(b) for b in bodies.all_bodies(s)]


@router.post("/bodies", status_code=201, summary="新建登记机构；管理部门人员只能在本机构之下新建（002 二）",
             tags=["管理"])
def create_body(request: Request, body: NewBody, key: ApiKey = require("archivist", "admin")):
    with request.app.state.db.write() as s:
        return body_dict(bodies.create(s, key, body.name, body.level, body.parent_id, body.code))


@router.get("/audit", summary="审计日志（谁、何时、做了什么）", tags=["管理"])
def audit_log(request: Request, target: str | None = Query(None, examples=["submission:1"]),
              limit: int = Query(200, ge=1, le=5000), key: ApiKey = require("admin")):
    with request.app.state.db.read() as s:
        return [{"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                 "target": e.target, "detail": e.detail} for e in audit.entries(s, target, limit)]


async def _answer(request: Request, key: ApiKey, report: str, args: dict, fmt: str) -> Response | dict:
    """The report as JSON or XLSX; with ``Prefer: respond-async`` a job that makes it."""
    if wants_async(request):
        return await accepted(request, key, "report", {"report": report, "args": args, "format": fmt})

    def read() -> dict:
        with request.app.state.db.read() as s:
            return reports.run(s, key, report, args)
    data = await run_in_threadpool(read)
    if fmt == "json":
        return data
    body, name = await run_in_threadpool(reports.workbook, report, args, data)
    return Response(body, media_type=XLSX, headers={"Content-Disposition": content_disposition(name)})


FORMAT = Query("json", pattern="^(json|xlsx)$", description="json 或 xlsx")
REPORT = {"tags": ["报表"], "responses": {200: {"description": "报表（JSON，或 format=xlsx 时的 XLSX 文件）",
                                               "content": {XLSX: {}}}, **ACCEPTED}}


@router.get("/reports/publications", summary="成果出版物报送统计月报（按省、按单位）", **REPORT)
async def report_publications(request: Request,
                              month: str | None = Query(None, pattern=r"^\d{4}-\d{2}$", examples=["2021-10"]),
                              format: str = FORMAT, key: ApiKey = require("archivist", "admin")):
    return await _answer(request, key, "publications", {"month": month}, format)


@router.get("/reports/unmailed", summary="某月登记而未寄送成果出版物的责任单位", **REPORT)
async def report_unmailed(request: Request,
                          month: str = Query(..., pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2024-06"],
                                             description="登记月份（YYYY-MM）"),
                          format: str = FORMAT, key: ApiKey = require("archivist", "admin")):
    return await _answer(request, key, "unmailed", {"month": month}, format)


@router.get("/reports/registrations", summary="成果登记情况（按登记机构和轮次）", **REPORT)
async def report_registrations(request: Request, format: str = FORMAT,
                               key: ApiKey = require("archivist", "admin")):
    return await _answer(request, key, "registrations", {}, format)


@router.get("/reports/late-paper", summary="纸质材料逾期情况", **REPORT)
async def report_late(request: Request, format: str = FORMAT,
                      today: date | None = Query(None, description="判断“逾期未送达”所用日期，默认今天"),
                      key: ApiKey = require("archivist", "admin")):
    return await _answer(request, key, "late-paper", {"today": (today or date.today()).isoformat()}, format)
