"""``/api/v1``: the stateless endpoints — kinds, schemas, rules, forms, validate, score,
render, check-pdf and the CIP/ISBN look-ups."""
from __future__ import annotations

import asyncio
import hashlib
import importlib
import re
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import select

from service import examples
from service.auth import require
from service.checking import Checker, parse_round, parse_today, read_record, read_records
from service.problems import Problem, not_yet
from service.store import keys, submissions
from service.store.models import ApiKey, Submission
from validators import catalogue
from validators.ids import cip, isbn
from validators.ids.errors import InvalidIdentifier
from validators.kinds import KINDS
from validators.loader import UnusableInput, kind_of
from validators.schema import schema_for

router = APIRouter(prefix="/api/v1")

# identifiers fit a 32-bit integer column on every backend
MAX_ID = 2_147_483_647
RowId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="编号")]


def optional(module: str, what: str):
    """Import another area's module when it exists; answer 503 "尚未提供" until then."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name and module.startswith(e.name):
            raise not_yet(what) from None
        raise


def content_disposition(file_name: str) -> str:
    """RFC 6266: an ASCII fallback plus the real (Chinese) name as ``filename*``.

    >>> print(content_disposition("科技成果登记表-AR-1.pdf"))
    attachment; filename="AR-1.pdf"; filename*=UTF-8''%E7%A7%91%E6%8A%80%E6%88%90%E6%9E%9C%E7%99%BB%E8%AE%B0%E8%A1%A8-AR-1.pdf
    """
    stem, dot, ext = file_name.rpartition(".")
    if not dot:
        stem, ext = file_name, ""
    fallback = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-") or "download"
    fallback += "." + re.sub(r"[^A-Za-z0-9]+", "", ext) if ext else ""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"


# --- catalogue --------------------------------------------------------------------------------

@router.get("/kinds", summary="支持的记录类型", tags=["目录"])
def list_kinds():
    return [{"name": k.name, "title": k.title, "source": k.source, "prefix": k.prefix,
             "rules": len(catalogue.rules_for(k.name)), "schema": f"/api/v1/schemas/{k.name}"}
            for k in KINDS.values()]


@router.get("/schemas/{kind}", summary="某类记录的 JSON Schema", tags=["目录"])
def get_schema(kind: str):
    if kind not in KINDS:
        raise Problem(404, f"未知的记录类型“{kind[:40]}”；可选：{'、'.join(KINDS)}", slug="unknown-kind")
    if not KINDS[kind].schema_path.exists():
        raise not_yet(f"“{KINDS[kind].title}”的 JSON Schema ")
    return schema_for(kind)


@router.get("/rules", summary="规则目录", tags=["目录"])
def list_rules(kind: str | None = Query(None, description="只列出某类记录的规则，如 achievement-registration")):
    return [r.to_dict() for r in catalogue.rules_for(kind)]


@router.get("/forms", summary="可生成的官方表格", tags=["目录"])
def list_forms():
    forms = optional("generator.forms", "表格生成")
    return [{"name": f.name, "title": f.title, "kinds": list(f.kinds), "formats": list(f.formats),
             "many": f.many, "source": f.source} for f in forms.FORMS.values()]


# --- validate ---------------------------------------------------------------------------------

@router.post("/validate", summary="校验记录（一条或批量，最多 1000 条）", tags=["校验"],
             openapi_extra=examples.json_body(
                 "一条记录，或 {\"records\": [...]}（也可以直接是记录的 JSON 数组）",
                 examples.validate_examples()))
async def validate_records(
        request: Request,
        round: str | None = Query(None, description="登记轮次，如 shanxi-2025"),
        today: str | None = Query(None, description="按此日期判断期限（YYYY-MM-DD），默认今天",
                                  examples=["2026-01-10"]),
        key: ApiKey = require()):
    settings = request.app.state.settings
    data = await request.body()
    items, batch = read_records(data, settings.max_request_bytes)
    if len(items) > settings.max_batch:
        raise Problem(413, f"一次最多校验 {settings.max_batch} 条记录，收到 {len(items)} 条",
                      slug="batch-too-large")
    checker = Checker(request.app.state.db, parse_today(today), parse_round(round))

    def run():
        if not batch:
            return checker.result(items[0])
        results = []
        for i, item in enumerate(items):
            try:
                if not isinstance(item, dict):
                    raise UnusableInput("记录应为 JSON 对象（{…}）", "a record must be an object",
                                        reason="not-object")
                kind_of(item)
                results.append({"index": i, **checker.result(item)})
            except UnusableInput as e:
                results.append({"index": i, "kind": None, "valid": False,
                                "error": {"reason": e.reason, "message": e.message}})
            except Problem as p:
                results.append({"index": i, "kind": item.get("kind"), "valid": False,
                                "error": {"reason": p.slug, "message": p.detail}})
        return {"count": len(results), "valid": sum(1 for r in results if r["valid"]),
                "results": results}

    result = await run_in_threadpool(run)
    if isinstance(result, dict):
        result["today"] = checker.today.isoformat()
        if checker.round:
            result["round"] = checker.round.name
    return result


# --- score ------------------------------------------------------------------------------------

@router.post("/score", summary="期刊综合质量考核评分 S = K×(A+B+C)+D", tags=["校验"],
             openapi_extra=examples.json_body("期刊综合质量考核表记录（journal-assessment）",
                                               examples.records("journal-assessment")))
async def score_journal(request: Request,
                        column: str = Query("self", pattern="^(self|review)$",
                                            description="self（自评得分）或 review（评审打分）"),
                        key: ApiKey = require()):
    journal = optional("validators.scoring.journal", "期刊评分")
    record = read_record(await request.body(), request.app.state.settings.max_record_bytes)
    if record.get("kind") != "journal-assessment":
        raise Problem(422, f"评分只适用于期刊综合质量考核表（journal-assessment），收到 {record.get('kind')}",
                      slug="wrong-kind")
    checker = Checker(request.app.state.db, date.today())

    def run():
        # the scorer expects a valid record ("validate it first")
        report = checker.report(record)
        if not report.valid:
            raise Problem(422, "记录有错误，不能评分；请先按校验结果修改", title="记录有错误，未评分",
                          slug="score-refused", findings=[f.to_dict() for f in report.findings])
        try:
            return to_jsonable(journal.score(record, column))
        except journal.MissingColumn as e:
            raise Problem(422, e.message, slug="missing-column") from None
        except (KeyError, TypeError, ValueError) as e:
            raise Problem(422, f"无法评分：{e}", slug="cannot-score") from None

    return await run_in_threadpool(run)


def to_jsonable(value):
    if hasattr(value, "to_dict"):
        return value.to_dict()
    import dataclasses
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return value


# --- render -----------------------------------------------------------------------------------

def render_bytes(form: str, records, fmt: str, draft: bool, validation_context=None):
    render = optional("generator.render", "表格生成")
    try:
        return render.render(form, records, fmt, draft, validation_context=validation_context)
    except render.UnknownForm as e:
        raise Problem(404, str(e), slug="unknown-form") from None
    except render.RenderRefused as e:
        findings = [f.to_dict() for f in e.findings]
        if e.even_draft:
            raise Problem(422, f"记录有 {len(findings)} 个错误，其中有字段的类型不对，连草稿也无法排版；"
                               "请先按 findings 修正", title="记录结构有误，未生成草稿",
                          slug="render-refused", findings=findings) from None
        raise Problem(422, f"记录有 {len(findings)} 个错误，不能生成正式表格；可改为生成草稿（draft=true）",
                      title="记录有错误，未生成表格", slug="render-refused", findings=findings) from None
    except ValueError as e:
        raise Problem(422, str(e), slug="cannot-render") from None


@router.post("/render/{form}", summary="生成官方表格（PDF/DOCX/XLSX）", tags=["表格"],
             response_class=Response,
             responses={200: {"description": "表格文件；文件名（中文）见 Content-Disposition 的 filename*",
                              "content": {"application/pdf": {}}}},
             openapi_extra=examples.json_body(
                 "一条记录；汇总类表格可以是记录列表或 {\"records\": [...]}",
                 dict(list(examples.records("achievement-registration").items())[:1])))
async def render_form(request: Request, form: str,
                      format: str = Query("pdf", pattern="^(pdf|docx|xlsx)$",
                                          description="pdf、docx 或 xlsx"),
                      draft: bool = Query(False, description="草稿：记录有错误也生成，每页带“草稿”水印"),
                      key: ApiKey = require()):
    settings = request.app.state.settings
    items, _ = read_records(await request.body(), settings.max_request_bytes)
    limit = (settings.max_render_records_xlsx if format == "xlsx"
             else settings.max_render_records_pdf)
    if len(items) > limit:
        raise Problem(413, f"一次最多用 {limit} 条记录生成 {format.upper()}，收到 {len(items)} 条；"
                           "请分批生成" + ("，或改用 XLSX" if format != "xlsx" else ""),
                      slug="too-many-records")
    try:
        rendered = await asyncio.wait_for(
            run_in_threadpool(render_bytes, form, items, format, draft),
            timeout=settings.render_timeout_seconds)
    except asyncio.TimeoutError:
        raise Problem(503, f"表格生成超过 {settings.render_timeout_seconds} 秒，已放弃；请减少记录条数后重试",
                      slug="render-timeout") from None
    headers = {"Content-Disposition": content_disposition(rendered.file_name)}
    if rendered.pages is not None:
        headers["X-Pages"] = str(rendered.pages)
    return Response(rendered.data, media_type=rendered.content_type, headers=headers)


# --- check-pdf --------------------------------------------------------------------------------

async def read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, f"文件“{upload.filename}”超过上限 {limit / 1048576:g} MB", slug="upload-too-large")
    return data


def check_one(check_pdf, data: bytes, name: str, record: dict | None, timeout: float) -> dict:
    from validators.pdf.limits import Limits
    with tempfile.TemporaryDirectory(prefix="paperwork-pdf-") as tmp:
        path = Path(tmp) / "upload.pdf"
        path.write_bytes(data)
        # the worker processes stop at the service's limit, so the report says which step ran out
        result = check_pdf(path, record, limits=Limits.from_env(timeout_s=timeout))
    # the worker saw a temporary name; report the uploaded one
    return {**to_jsonable(result), "file": name, "file_name": name,
            "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


@router.post("/check-pdf", summary="核对上传的 PDF（材料、版权页、印章、二维码）", tags=["PDF"])
async def check_pdfs(request: Request,
                     files: list[UploadFile] = File(..., description="一个或多个 PDF 文件"),
                     record: str | None = Form(None, description="可选：对应的记录 JSON，用于比对版权页等"),
                     key: ApiKey = require()):
    settings = request.app.state.settings
    module = optional("validators.pdf.check", "PDF 核对")
    the_record = read_record(record.encode("utf-8"), settings.max_record_bytes) if record else None
    results = []
    for upload in files:
        data = await read_upload(upload, settings.max_upload_bytes)
        try:
            result = await asyncio.wait_for(
                run_in_threadpool(check_one, module.check_pdf, data, upload.filename or "upload.pdf",
                                  the_record, settings.pdf_timeout_seconds),
                timeout=settings.pdf_timeout_seconds + 5)
        except asyncio.TimeoutError:
            raise Problem(504, f"文件“{upload.filename}”核对超过 {settings.pdf_timeout_seconds} 秒，已停止",
                          slug="pdf-timeout") from None
        results.append(result)
    return {"files": results}


# --- CIP / ISBN look-ups ----------------------------------------------------------------------

LOOKUP_FIELDS = ("cip_number", "isbn", "title", "first_author", "other_authors", "publisher",
                 "publication_date", "word_count_thousand", "edition")


def lookup(request: Request, key: ApiKey, field: str, raw: str, normalise) -> dict:
    """Find a registered book by CIP核准号 or ISBN, the way the NSSF platform fills the form
    from the CIP number (000 手册 二.3.2). Malformed or unknown numbers count towards the lock
    ("如多次恶意尝试系统将自动锁定账号", 000 手册 二.3.3)."""
    settings, db = request.app.state.settings, request.app.state.db
    label = {"cip_number": "CIP核准号", "isbn": "ISBN"}[field]
    try:
        number = normalise(raw)
        problem = None
    except InvalidIdentifier as e:
        number, problem = None, f"{label}“{raw[:40]}”无效：{e.message}"
    book = None
    if number is not None:
        with db.read() as s:
            q = submissions.visible(select(Submission).where(Submission.kind == "nssf-publication"),
                                    key, s) if key.role == "submitter" else \
                select(Submission).where(Submission.kind == "nssf-publication")
            for sub in s.scalars(q):
                found = (submissions.latest(s, sub).record.get("book") or {})
                try:
                    if found.get(field) and normalise(found[field]) == number:
                        book = {k: found[k] for k in LOOKUP_FIELDS if k in found}
                        break
                except InvalidIdentifier:
                    continue
        if book is None:
            problem = f"没有找到{label}为“{number}”的图书，请核对{label}是否为本项目成果的编号"
    with db.write() as s:
        row = s.get(ApiKey, key.id)
        locked = keys.record_lookup(s, row, book is not None,
                                    limit=settings.lookup_failures_before_lock,
                                    lock_minutes=settings.lock_minutes,
                                    now=datetime.now(timezone.utc))
        left = settings.lookup_failures_before_lock - (row.lookup_failures or 0)
    if locked is not None:
        raise Problem(423, f"{problem}。多次无效查询，密钥已被锁定 {settings.lock_minutes} 分钟"
                           "（000 手册：如多次恶意尝试系统将自动锁定账号）",
                      headers={"Retry-After": str(settings.lock_minutes * 60)}, slug="locked",
                      locked_until=locked.isoformat())
    if book is None:
        raise Problem(404, f"{problem}；再有 {left} 次无效查询，密钥将被锁定 {settings.lock_minutes} 分钟",
                      slug="lookup-not-found", attempts_left=left)
    return {"book": book}


@router.get("/lookup/cip/{number}", summary="按 CIP核准号查已登记图书", tags=["查询"])
def lookup_cip(request: Request, number: str, key: ApiKey = require()):
    return lookup(request, key, "cip_number", number, cip.validate)


@router.get("/lookup/isbn/{number}", summary="按 ISBN 查已登记图书", tags=["查询"])
def lookup_isbn(request: Request, number: str, key: ApiKey = require()):
    return lookup(request, key, "isbn", number, lambda v: isbn.to_isbn13(isbn.validate(v)))
