"""Every answer the API can give is in its OpenAPI document, problems included.

FastAPI documents a route's success and its 422 (with its own error schema, which is not what
we send). A client reading ``/openapi.json`` also has to know the refusals every route shares:
the problem document (RFC 9457) for a request that cannot be read, a missing or wrong key, a
key without the role, a locked or too busy key, a missing resource, a body that is too large or
too slow. They are added here, to every operation, from what the operation declares (its
security, its path parameters, its body), so that no route can forget one.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from service.problems import PROBLEM, TITLES

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem document; title and detail in Chinese",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "findings": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}

#: what each shared refusal means, shown in /docs
MEANINGS = {
    400: "请求无法读取（JSON 格式错误、编码错误、Content-Length 无效等）",
    401: "缺少 API 密钥，或密钥无效、已被吊销",
    403: "密钥的角色无权进行此操作",
    404: "所指的对象不存在，或不属于本密钥的范围",
    405: "该地址不支持此请求方法",
    408: "请求内容在限定时间内没有传完",
    409: "与现有数据冲突（如已发放登记号、已登记接收）",
    413: "请求内容超过上限",
    422: "数据不符合要求（参数、请求体或记录无法处理）",
    423: "密钥因多次无效查询被暂时锁定",
    429: "请求过于频繁，请按 Retry-After 稍后再试",
    503: "数据库或 Redis 繁忙或暂时不可用，请稍后重试",
}

#: refusals particular to some operations: (method, path) → status codes
PARTICULAR = {
    ("post", "/api/v1/submissions/{submission_id}/registration"): (409,),
    ("post", "/api/v1/submissions/{submission_id}/receipt"): (409,),
    ("post", "/api/v1/submissions/{submission_id}/decisions"): (409,),
    ("put", "/api/v1/submissions/{submission_id}"): (409,),
    ("delete", "/api/v1/submissions/{submission_id}"): (409,),
    ("delete", "/api/v1/keys/{key_id}"): (409,),
    ("post", "/api/v1/packages/import"): (409,),
    # a body (登记机构) named in the request body that does not exist
    ("post", "/api/v1/keys"): (404,),
    ("post", "/api/v1/bodies"): (404, 409),
}


def refusals(method: str, path: str, operation: dict) -> set[int]:
    """The problem statuses an operation can answer with, from what it declares."""
    codes = {400, 405, 422, 503}
    if operation.get("security"):
        codes |= {401, 403, 423, 429}
    if "{" in path:
        codes.add(404)
    if method in ("post", "put", "patch"):
        codes |= {408, 413}
    codes |= set(PARTICULAR.get((method, path), ()))
    return codes


def with_problems(document: dict) -> dict:
    """``document`` with every operation's refusals answered by the Problem schema."""
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            declared = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
            for status in sorted(refusals(method, path, operation) | declared):
                description = responses.get(str(status), {}).get("description")
                if description in (None, "Validation Error"):   # FastAPI's own 422 is replaced
                    description = MEANINGS.get(status) or TITLES[status]
                responses[str(status)] = {"description": description,
                                          "content": {PROBLEM: {"schema": ref}}}
    document["components"]["schemas"].pop("HTTPValidationError", None)
    document["components"]["schemas"].pop("ValidationError", None)
    return document


def install(app: FastAPI) -> None:
    """Serve the OpenAPI document with the refusals of :func:`with_problems` in it."""
    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes, tags=app.openapi_tags))
        return app.openapi_schema
    app.openapi = openapi
