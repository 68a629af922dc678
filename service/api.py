"""``/api/v1``: the stateless endpoints — kinds, schemas, rules, forms, validate, score,
render, check-pdf and the CIP/ISBN look-ups."""
from __future__ import annotations

import asyncio
import json
from datetime import date

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from generator.forms import FORMS
from service import examples
from service.api_jobs import ACCEPTED, accepted, wants_async
from service.auth import require
from service.ops.checking import Checker, parse_round, parse_today, read_record, read_records
from service.ops.forms import known_form, rendered_form
from service.ops.jobs import MAX_PDF_FILES_PER_JOB
from service.ops.lookup import look_up_book
from service.ops.scoring import journal_score
from service.ops.uploads import check_uploaded_pdf, read_upload
from service.problems import Problem, not_yet
from service.routing import content_disposition
from service.store.keys import ApiKey
from validators import catalogue
from validators.kinds import KINDS
from validators.schema import schema_for

router = APIRouter(prefix="/api/v1")


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
    return [{"name": f.name, "title": f.title, "kinds": list(f.kinds), "formats": list(f.formats),
             "many": f.many, "source": f.source} for f in FORMS.values()]


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
    if batch:
        result = await run_in_threadpool(checker.batch_result, items)
    else:
        result = await run_in_threadpool(checker.result, items[0])
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
    record = read_record(await request.body(), request.app.state.settings.max_record_bytes)
    checker = Checker(request.app.state.db, date.today())
    return await run_in_threadpool(journal_score, checker, record, column)


# --- render -----------------------------------------------------------------------------------

@router.post("/render/{form}", summary="生成官方表格（PDF/DOCX/XLSX）", tags=["表格"],
             response_class=Response,
             responses={200: {"description": "表格文件；文件名（中文）见 Content-Disposition 的 filename*",
                              "content": {"application/pdf": {}}}, **ACCEPTED,
                        404: {"description": "没有这个表格（form）"},
                        503: {"description": "表格生成超过 PAPERWORK_RENDER_TIMEOUT_SECONDS 秒已放弃，或数据库、任务队列暂时不可用"}},
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
    if wants_async(request):
        known_form(form)
        return await accepted(request, key, "render", {"form": form, "format": format, "draft": draft},
                              inputs=[("records.json", json.dumps(items, ensure_ascii=False).encode("utf-8"))])
    try:
        rendered = await asyncio.wait_for(
            run_in_threadpool(rendered_form, form, items, format, draft),
            timeout=settings.render_timeout_seconds)
    except TimeoutError:
        raise Problem(503, f"表格生成超过 {settings.render_timeout_seconds} 秒，已放弃；请减少记录条数后重试",
                      slug="render-timeout") from None
    headers = {"Content-Disposition": content_disposition(rendered.file_name)}
    if rendered.pages is not None:
        headers["X-Pages"] = str(rendered.pages)
    return Response(rendered.data, media_type=rendered.content_type, headers=headers)


# --- check-pdf --------------------------------------------------------------------------------

@router.post("/check-pdf", summary="核对上传的 PDF（材料、版权页、印章、二维码）", tags=["PDF"],
             responses={**ACCEPTED, 504: {"description": "某个文件的核对超过 PAPERWORK_PDF_TIMEOUT_SECONDS 秒"}})
async def check_pdfs(request: Request,
                     files: list[UploadFile] = File(..., description="一个或多个 PDF 文件"),
                     record: str | None = Form(None, description="可选：对应的记录 JSON，用于比对版权页等"),
                     key: ApiKey = require()):
    settings = request.app.state.settings
    the_record = read_record(record.encode("utf-8"), settings.max_record_bytes) if record else None
    if wants_async(request):
        if len(files) > MAX_PDF_FILES_PER_JOB:
            raise Problem(413, f"一个核对任务最多 {MAX_PDF_FILES_PER_JOB} 个文件，收到 {len(files)} 个；请分批提交",
                          slug="too-many-files")
        inputs = [(u.filename or "upload.pdf", await read_upload(u, settings.max_upload_bytes)) for u in files]
        return await accepted(request, key, "check-pdf", {"record": the_record}, inputs=inputs,
                              total=0, unit="页")
    results = []
    for upload in files:
        data = await read_upload(upload, settings.max_upload_bytes)
        try:
            result = await asyncio.wait_for(
                run_in_threadpool(check_uploaded_pdf, data, upload.filename or "upload.pdf",
                                  the_record, settings.pdf_timeout_seconds),
                timeout=settings.pdf_timeout_seconds + 5)
        except TimeoutError:
            raise Problem(504, f"文件“{upload.filename}”核对超过 {settings.pdf_timeout_seconds} 秒，已停止",
                          slug="pdf-timeout") from None
        results.append(result)
    return {"files": results}


# --- CIP / ISBN look-ups ----------------------------------------------------------------------

def _problem(description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {}}}


LOOKUP_RESPONSES = {
    401: _problem("缺少或无效的密钥"),
    403: _problem("门户（portal）密钥：查询只为填报本人成果，请用填报人的密钥"),
    404: _problem("没有本密钥可见的这本图书（填报人：本人的；档案/审核人员：本机构及下级机构登记的），"
                  "或编号无效；计入无效查询，附 attempts_left"),
    423: _problem("计数时段内无效查询达到上限，密钥已锁定（Retry-After，locked_until；解锁时间为北京时间）"),
    429: _problem("超过每分钟请求上限（Retry-After）"),
}


@router.get("/lookup/cip/{number}", summary="按 CIP核准号查本人已登记的图书", tags=["查询"],
            responses=LOOKUP_RESPONSES)
def lookup_cip(request: Request, number: str, key: ApiKey = require()):
    return look_up_book(request.app.state.db, request.app.state.settings, key, "cip_number", number)


@router.get("/lookup/isbn/{number}", summary="按 ISBN 查本人已登记的图书", tags=["查询"],
            responses=LOOKUP_RESPONSES)
def lookup_isbn(request: Request, number: str, key: ApiKey = require()):
    return look_up_book(request.app.state.db, request.app.state.settings, key, "isbn", number)
