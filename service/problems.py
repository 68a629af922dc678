"""Errors leave the service in one shape: RFC 9457 ``application/problem+json``.

``{"type", "title", "status", "detail", "instance"}`` with a Chinese ``title`` and ``detail``,
plus ``findings`` where the problem is about a record, ``errors`` for malformed parameters.
Nothing a client sends may produce a 500: every way a request can be wrong has a handler here.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.store.errors import StoreError
from service.store.files import CorruptFile
from validators.loader import UnusableInput

log = logging.getLogger("paperwork.service")

PROBLEM = "application/problem+json"
TYPE_BASE = "https://paperwork.invalid/problems/"

TITLES = {
    400: "请求无法读取", 401: "需要 API 密钥", 403: "无权操作", 404: "未找到",
    405: "不支持该请求方法", 406: "无法提供所要求的格式", 408: "请求超时", 409: "与现有数据冲突",
    413: "请求内容过大", 415: "不支持的内容类型", 422: "数据不符合要求", 423: "密钥已被锁定",
    429: "请求过于频繁", 500: "服务器内部错误", 503: "功能尚未提供", 504: "处理超时",
}


class Problem(Exception):
    """Raise anywhere in a handler to answer with a problem document."""

    def __init__(self, status: int, detail: str, *, title: str | None = None,
                 slug: str | None = None, headers: dict | None = None, **extra):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.title = title or TITLES.get(status, "请求无法完成")
        self.slug = slug or str(status)
        self.headers = headers or {}
        self.extra = extra


def problem_response(request: Request | None, status: int, detail: str, *,
                     title: str | None = None, slug: str | None = None,
                     headers: dict | None = None, **extra) -> JSONResponse:
    body = {"type": TYPE_BASE + (slug or str(status)), "title": title or TITLES.get(status, "错误"),
            "status": status, "detail": detail}
    if request is not None:
        body["instance"] = request.url.path
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def not_yet(what: str) -> Problem:
    return Problem(503, f"{what}尚未提供：相关模块还没有安装到本服务中，请稍后再试", slug="not-yet",
                   title="尚未提供")


_LOC = {"query": "查询参数", "path": "路径参数", "body": "请求体", "header": "请求头",
        "cookie": "Cookie"}

_MSG = {
    "missing": "缺少此项", "int_parsing": "应为整数", "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）", "enum": "不是可选值", "literal_error": "不是可选值",
    "string_type": "应为文本", "json_invalid": "JSON 格式错误", "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象", "list_type": "应为列表", "bool_parsing": "应为 true 或 false",
    "greater_than_equal": "数值过小", "less_than_equal": "数值过大", "string_too_long": "文本过长",
    "too_long": "项目过多", "date_type": "应为日期（YYYY-MM-DD）", "int_type": "应为整数",
    "value_error": "取值不正确", "string_pattern_mismatch": "格式不正确",
}


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        where = _LOC.get(loc[0], loc[0]) if loc else "请求"
        name = ".".join(loc[1:]) or "（整体）"
        out.append({"location": f"{where} {name}", "message": _MSG.get(e.get("type"), "取值不正确"),
                    "message_en": e.get("msg", "")})
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return problem_response(request, exc.status, exc.detail, title=exc.title, slug=exc.slug,
                                headers=exc.headers, **exc.extra)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError):
        return problem_response(request, exc.status, exc.detail, title=exc.title, **exc.extra)

    @app.exception_handler(UnusableInput)
    async def _unusable(request: Request, exc: UnusableInput):
        status = {"too-large": 413, "no-kind": 422, "unknown-kind": 422}.get(exc.reason, 400)
        return problem_response(request, status, exc.message, title="记录无法读取",
                                slug=f"unusable-input/{exc.reason}", reason=exc.reason,
                                detail_en=exc.message_en)

    @app.exception_handler(CorruptFile)
    async def _corrupt(request: Request, exc: CorruptFile):
        log.error("corrupt attachment %s", exc.sha256)
        return problem_response(request, 500, str(exc), title="附件校验失败", slug="corrupt-file")

    @app.exception_handler(RequestValidationError)
    async def _params(request: Request, exc: RequestValidationError):
        errors = _validation_errors(exc)
        detail = "；".join(f"{e['location']}：{e['message']}" for e in errors[:5])
        return problem_response(request, 422, detail or "请求参数不正确", title="请求参数不正确",
                                slug="bad-parameters", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if not detail or detail.isascii():
            detail = {404: f"没有这个地址：{request.url.path}",
                      405: f"{request.url.path} 不支持 {request.method} 请求",
                      400: "请求内容无法解析"}.get(exc.status_code, TITLES.get(exc.status_code, "错误"))
        return problem_response(request, exc.status_code, detail, headers=exc.headers)

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError):
        # the database is locked or unreachable: the client did nothing wrong and may retry
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(request, 503, "数据库繁忙或暂时不可用，请稍后重试", title="服务暂时不可用",
                                slug="database-busy", headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(request, 500, "服务器处理请求时出错，已记录日志；请稍后再试或联系管理员")
