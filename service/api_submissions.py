"""``/api/v1/submissions``: the stateful part — versions, attachments, 成果登记号, the
change-request workflow, paper receipts and the archive package."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service import examples
from service.api_jobs import ACCEPTED, accepted, wants_async
from service.auth import require
from service.ops import packages
from service.ops.checking import Checker, parse_round, parse_today, read_record
from service.ops.package_zip import PackageRefused
from service.ops.uploads import read_upload
from service.problems import Problem
from service.routing import MAX_ID, IsoDate, RowId, attachment_response, content_disposition
from service.store import (
    bodies,
    dates,
    nssf_workflow,
    receipts,
    registration,
    registration_workflow,
    server_facts,
    submissions,
    workflow,
)
from service.store.errors import Conflict
from service.store.keys import ApiKey
from service.store.submissions import STATUS_LABELS, Upload
from validators.kinds import achievement_registration, budget_adjustment, completion, nssf_publication

router = APIRouter(prefix="/api/v1", tags=["提交"])

SUBMISSION_BODY = {"requestBody": {"required": True, "description":
    "记录 JSON；或 multipart/form-data：record（记录 JSON，文本或文件）+ files（附件，可多个）", "content": {
        "application/json": {"schema": {"type": "object"},
                             "examples": dict(list(examples.records().items())[:4])},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "record": {"type": "string", "description": "记录 JSON"},
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
            "required": ["record"]}}}}}


def version_dict(v, full: bool = True) -> dict:
    d = {"version": v.version, "valid": v.valid, "note": v.note,
         "created_at": v.created_at.isoformat(),
         "errors": sum(1 for f in v.findings if f.get("severity") == "error"),
         "attachments": [{"file_name": a.file_name, "sha256": a.sha256, "size": a.size,
                          "document_type": a.document_type} for a in v.attachments]}
    if full:
        d["record"] = v.record
        d["findings"] = v.findings
    return d


STEP_LABELS = {**workflow.DECISIONS, **achievement_registration.STEP_LABELS, **completion.STEP_LABELS,
               **budget_adjustment.STEP_LABELS, **nssf_publication.STEP_LABELS}


def submission_dict(s, sub: submissions.Submission, full: bool = False, today: date | None = None) -> dict:
    d = {"id": sub.id, "kind": sub.kind, "record_id": sub.record_id, "title": sub.title,
         "project_number": sub.project_number, "round": sub.round, "status": sub.status,
         "status_label": STATUS_LABELS.get(sub.status, sub.status),
         "registration_no": sub.registration_no, "current_version": sub.current_version,
         "created_at": sub.created_at.isoformat(), "updated_at": sub.updated_at.isoformat(),
         "url": f"/api/v1/submissions/{sub.id}"}
    if full:
        d["latest"] = version_dict(submissions.latest(s, sub))
        d["versions"] = [version_dict(v, full=False) for v in submissions.versions(s, sub)]
        d["registration"] = registration_dict(s, sub)
        d["receipt"] = receipt_dict(receipts.of(s, sub))
        d["workflow"] = [{"from": STATUS_LABELS.get(w.from_status), "to": STATUS_LABELS.get(w.to_status),
                          "decision": STEP_LABELS.get(w.decision), "comment": w.comment,
                          "at": w.at.isoformat()} for w in workflow.history(s, sub)]
        if sub.kind == registration_workflow.KIND:
            d["procedure"] = registration_workflow.procedure(s, sub, today or dates.china_today())
        elif nssf_workflow.handles(sub):
            d["procedure"] = nssf_workflow.procedure(s, sub, today or dates.china_today())
    return d


def registration_dict(s, sub: submissions.Submission) -> dict | None:
    row = registration.number_of(s, sub)
    if row is None:
        return None
    d = receipts.deadline(row.issued_on, sub.round)
    return {"number": row.number, "issued_on": row.issued_on.isoformat(),
            "body": bodies.get(s, row.body_id).name, "year": row.year, "serial": row.serial,
            "paper_due_on": d.due_on.isoformat() if d.due_on else None, "paper_deadline_note": d.note,
            "note": registration.LETTER_NOTE}


def late_label(r: receipts.Receipt) -> str:
    """逾期 / 按期, or why neither can be said: the round sets no period, or it cannot be counted."""
    if r.late is None:
        return "无法判断"
    if r.due_on is None:
        return "本轮次没有规定送达期限"
    return "逾期" if r.late else "按期"


def receipt_dict(r: receipts.Receipt | None) -> dict | None:
    if r is None:
        return None
    return {"registration_no": r.registration_no, "issued_on": r.issued_on.isoformat(),
            "due_on": r.due_on.isoformat() if r.due_on else None,
            "received_on": r.received_on.isoformat(), "late": r.late,
            "late_label": late_label(r),
            "working_days_taken": r.working_days_taken, "note": r.note, "materials": r.materials}


async def read_submission(request: Request) -> tuple[dict, list[Upload]]:
    """The record and uploaded attachments, from JSON or multipart."""
    settings, files = request.app.state.settings, request.app.state.files
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        return read_record(await request.body(), settings.max_record_bytes), []
    form = await request.form(max_files=200, max_fields=50)
    raw = form.get("record")
    if raw is None:
        raise Problem(422, "multipart 请求须包含 record 字段（记录 JSON）", slug="no-record")
    data = (await raw.read(settings.max_record_bytes + 1) if hasattr(raw, "read")
            else str(raw).encode("utf-8"))
    record = read_record(data, settings.max_record_bytes)
    declared = {a.get("file_name"): a.get("document_type")
                for a in record.get("attachments", []) if isinstance(a, dict)}
    uploads = []
    for f in form.getlist("files"):
        if not hasattr(f, "read"):
            continue
        content = await read_upload(f, settings.max_upload_bytes)
        sha = await run_in_threadpool(files.put, content)
        uploads.append(Upload(f.filename or sha[:12], sha, len(content), declared.get(f.filename)))
    return record, uploads


@router.post("/submissions", status_code=201, summary="创建提交（记录 + 附件）",
             openapi_extra=SUBMISSION_BODY)
async def create_submission(request: Request,
                            round: str | None = Query(None, description="登记轮次，如 shanxi-2025"),
                            today: str | None = Query(None, description="判断期限所用日期"),
                            key: ApiKey = require("submitter", "admin")):
    record, uploads = await read_submission(request)
    db = request.app.state.db
    checker = Checker(db, parse_today(today), parse_round(round))
    findings, valid = await run_in_threadpool(checker.findings, record)

    def store():
        with db.write() as s:
            sub = submissions.create(s, key, record, findings, valid, uploads, round_name=round)
            return submission_dict(s, sub, full=True)

    return await run_in_threadpool(store)


@router.get("/submissions", summary="提交列表（只含本密钥可见的）")
def list_submissions(request: Request, kind: str | None = None,
                     registration_no: str | None = Query(None, description="成果登记号"),
                     project_number: str | None = Query(None, description="项目编号/批准号"),
                     record_id: str | None = None,
                     limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_ID),
                     key: ApiKey = require("submitter", "archivist", "admin")):
    with request.app.state.db.read() as s:
        return [submission_dict(s, x) for x in submissions.listing(
            s, key, kind=kind, registration_no=registration_no, project_number=project_number,
            record_id=record_id, limit=limit, offset=offset)]


@router.get("/submissions/{submission_id}", summary="提交详情：最新版本、历史、登记号、回执")
def get_submission(request: Request, submission_id: RowId,
                   today: str | None = Query(None, description="判断登记流程期限（形式审查 30 日、纸质材料审查 "
                                                               "10 个工作日）所用日期，默认今天（北京时间）"),
                   key: ApiKey = require("submitter", "archivist", "admin")):
    on = parse_today(today) if today else None
    with request.app.state.db.read() as s:
        return submission_dict(s, submissions.get(s, key, submission_id), full=True, today=on)


NEW_VERSION_RESPONSES = {
    404: {"description": "提交不存在或无权查看"},
    409: {"description": "提交期间登记机构更新了登记号、纸质材料接收或审核结果，请按最新版本重新提交"},
    422: {"description": "记录不符合要求；或改动了登记机构/管理部门填写的字段（errors 逐项列出 JSON Pointer、"
                         "字段名、登记机构的值和收到的值）"},
}


@router.put("/submissions/{submission_id}", summary="提交新版本（历史保留，不覆盖）",
            openapi_extra=SUBMISSION_BODY, responses=NEW_VERSION_RESPONSES)
async def update_submission(request: Request, submission_id: RowId,
                            today: str | None = Query(None),
                            note: str | None = Query(None, max_length=500, description="修改说明"),
                            key: ApiKey = require("submitter", "admin")):
    db = request.app.state.db
    with db.read() as s:
        sub = submissions.get(s, key, submission_id)
        round_name = sub.round
    submitted, uploads = await read_submission(request)
    with db.read() as s:
        # the server's facts (登记号, receipt, decisions) go in before the record is checked
        record = server_facts.checked(s, submissions.get(s, key, submission_id), submitted)
    checker = Checker(db, parse_today(today), parse_round(round_name), exclude_id=submission_id)
    findings, valid = await run_in_threadpool(checker.findings, record)

    def store():
        with db.write() as s:
            sub = submissions.get(s, key, submission_id)
            if server_facts.checked(s, sub, submitted) != record:
                raise Conflict("提交期间登记机构更新了成果登记号、纸质材料接收或审核结果；"
                               "请取回最新版本（GET 本提交）后重新提交", slug="server-facts-changed")
            version = submissions.add_version(s, key, sub, record, findings, valid, uploads, note=note,
                                              announce=False)
            # a returned registration goes back to review with its new version (003 方式二 3.(1))
            registration_workflow.resubmitted(s, key, sub)
            # so does a refused or withdrawn completion (001 五.1–2)
            nssf_workflow.resubmitted(s, key, sub)
            submissions.announce_version(s, sub, version)     # with the state it is in now
            return submission_dict(s, sub, full=True)

    return await run_in_threadpool(store)


@router.delete("/submissions/{submission_id}", summary="不支持删除：提交的历史须完整保留")
def delete_submission(request: Request, submission_id: RowId,
                      key: ApiKey = require("submitter", "archivist", "admin")):
    with request.app.state.db.read() as s:
        submissions.get(s, key, submission_id)
    raise Problem(405, "提交及其全部版本须保留备查，不能删除；如需更正请提交新版本",
                  headers={"Allow": "GET, PUT"}, slug="no-delete")


@router.get("/submissions/{submission_id}/versions", summary="全部版本")
def list_versions(request: Request, submission_id: RowId,
                  key: ApiKey = require("submitter", "archivist", "admin")):
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, submission_id)
        return [version_dict(v) for v in submissions.versions(s, sub)]


@router.get("/submissions/{submission_id}/versions/{n}", summary="某一版本（记录与当时的校验结果）")
def get_version(request: Request, submission_id: RowId, n: RowId,
                key: ApiKey = require("submitter", "archivist", "admin")):
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, submission_id)
        return version_dict(submissions.version_of(s, sub, n))


@router.get("/submissions/{submission_id}/attachments/{sha256}", summary="下载附件（读取时校验 SHA-256）",
            response_class=Response)
def get_attachment(request: Request, submission_id: RowId, sha256: str,
                   key: ApiKey = require("submitter", "archivist", "admin")):
    with request.app.state.db.read() as s:
        name = submissions.attachment_name(s, submissions.get(s, key, submission_id), sha256)
    return attachment_response(request.app.state.files.get(sha256), name)


class IssueRequest(BaseModel):
    body_id: int | None = Field(None, ge=1, le=MAX_ID, description="发放登记号的登记机构；默认为本密钥所属机构")
    issued_on: IsoDate | None = Field(None, description="发放日期（YYYY-MM-DD，不晚于今天、不早于成果的评价和完成日期），默认今天", examples=["2025-09-26"])
    approving_body: str | None = Field(None, max_length=200, description="批准登记单位名称，默认为机构名称")


@router.post("/submissions/{submission_id}/registration", status_code=201,
             summary="发放成果登记号（12 位，按机构和年度顺序编号）")
def issue_number(request: Request, submission_id: RowId, body: IssueRequest,
                 key: ApiKey = require("archivist", "admin")):
    db = request.app.state.db
    checker = Checker(db, body.issued_on or date.today(), exclude_id=submission_id)
    with db.write() as s:
        sub = submissions.get(s, key, submission_id)
        body_id = body.body_id or key.body_id
        target = bodies.get(s, body_id)
        if target is None:
            raise Problem(422, "请指定发放登记号的登记机构（body_id）", slug="no-body")
        row = registration.issue(s, key, sub, target, body.issued_on or date.today(),
                                 body.approving_body, check=checker.findings)
        return {"registration_no": row.number, **registration_dict(s, sub)}


class Decision(BaseModel):
    decision: str = Field(..., pattern="^(approve|reject|recommend|return|accept|report|decline|withdraw|file|verify|mail)$",
                          description="变更申请：approve（通过）或 reject（不通过）；科技成果登记：recommend（推荐）、"
                                      "return（退回修改，须附修改意见）、accept（纸质材料审核通过）、report（上报国家）；"
                                      "结项申请：approve、reject（不通过）、decline（不受理）（二者须附修改意见）、"
                                      "withdraw（撤回修改，项目负责人本人）；预算调整：approve、reject（须附意见）、"
                                      "file（生效后报全国社科工作办备案）；成果出版物登记：verify（责任单位核实上报）、"
                                      "return（退回更正，须附修改意见）、mail（责任单位已邮寄）")
    comment: str | None = Field(None, max_length=2000, description="审核意见；退回时为修改意见（必填）")
    on: IsoDate | None = Field(None, description="审核日期（YYYY-MM-DD，不晚于今天、不早于提交和上一级审核日期），默认今天")


@router.post("/submissions/{submission_id}/decisions",
             summary="审核：变更申请、结项申请（责任单位 → 省级 → 全国社科工作办）；预算调整（责任单位，"
                     "必要时全国社科工作办）；科技成果登记（组织管理部门推荐 → 省科技厅）")
def decide(request: Request, submission_id: RowId, body: Decision,
           key: ApiKey = require("archivist", "submitter", "admin")):
    db = request.app.state.db
    checker = Checker(db, body.on or date.today(), exclude_id=submission_id)
    with db.write() as s:
        sub = submissions.get(s, key, submission_id)
        if sub.kind == registration_workflow.KIND:
            registration_workflow.decide(s, key, sub, body.decision, body.comment, on=body.on)
        elif nssf_workflow.handles(sub):
            nssf_workflow.decide(s, key, sub, body.decision, body.comment, on=body.on)
        else:
            workflow.decide(s, key, sub, body.decision, body.comment, on=body.on, check=checker.findings)
        return submission_dict(s, sub, full=True)


class ReceiptRequest(BaseModel):
    received_on: IsoDate = Field(..., description="纸质材料送达日期（YYYY-MM-DD，不晚于今天、不早于发放登记号日期）", examples=["2025-10-16"])
    materials: list[dict] = Field(default_factory=list, max_length=100,
                                  description="清单：[{\"material\": \"科技成果登记表\", \"present\": true, \"note\": \"已盖章\"}]")
    note: str | None = Field(None, max_length=2000)


@router.post("/submissions/{submission_id}/receipt", status_code=201,
             summary="登记纸质材料接收（10 个工作日期限，逾期标注）")
def record_receipt(request: Request, submission_id: RowId, body: ReceiptRequest,
                   key: ApiKey = require("archivist", "admin")):
    with request.app.state.db.write() as s:
        sub = submissions.get(s, key, submission_id)
        return receipt_dict(receipts.record(s, key, sub, body.received_on, body.materials, body.note))


@router.get("/submissions/{submission_id}/package",
            summary="导出归档包（ZIP：记录、表格、附件、SHA-256 清单及本安装的 Ed25519 签名）",
            response_class=Response,
            responses={200: {"description": "归档包 ZIP；文件名见 Content-Disposition",
                             "content": {"application/zip": {}}}, **ACCEPTED})
async def export_package(request: Request, submission_id: RowId,
                         key: ApiKey = require("submitter", "archivist", "admin")):
    def read() -> dict:
        with request.app.state.db.read() as s:
            return submission_dict(s, submissions.get(s, key, submission_id), full=True)
    info = await run_in_threadpool(read)
    if wants_async(request):
        return await accepted(request, key, "package", {"info": jsonable_encoder(info)})
    data, name = await run_in_threadpool(packages.build, info, request.app.state.files,
                                         request.app.state.package_keys)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": content_disposition(name)})


def _problem(description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {}}}


AUTH_PROBLEMS = {401: _problem("缺少或无效的 API 密钥"), 403: _problem("角色无权此操作"),
                 423: _problem("密钥已被锁定"), 429: _problem("请求过于频繁")}
PACKAGE_PROBLEMS = {
    **AUTH_PROBLEMS,
    413: _problem("请求体超过 PAPERWORK_MAX_REQUEST_BYTES，或归档包超出解压限制：文件个数、单个文件大小、"
                  "解压总量、压缩比（PAPERWORK_PACKAGE_MAX_*）或读取所需内存"),
    422: _problem("归档包中嵌套压缩包、有重名文件、文件损坏，或读取超时"),
}


@router.get("/packages/public-key", summary="本安装签名归档包所用的 Ed25519 公钥（无需密钥）",
            responses={200: {"description": "public_key：32 字节原始公钥的 base64（填入另一安装的 "
                                            "PAPERWORK_TRUSTED_PACKAGE_KEYS）；pem：同一公钥的 PEM；"
                                            "fingerprint：原始公钥的 SHA-256（十六进制）"}})
def package_public_key(request: Request):
    return request.app.state.package_keys.public_key()


async def _checked(request: Request, reads: tuple[str, ...]):
    """The package in the body, unpacked in a child process off the event loop."""
    data = await request.body()
    state = request.app.state
    try:
        return await run_in_threadpool(packages.check, data, state.package_keys,
                                       state.package_bounds, reads)
    except PackageRefused as e:
        raise Problem(e.status, e.detail, slug=e.slug, title="归档包被拒绝") from None


@router.post("/packages/verify", summary="校验归档包：逐个文件核对 SHA-256，核对签名与表格二维码",
             responses={200: {"description": "ok：文件完整、签名有效（本安装或受信任的安装）且表格二维码与 "
                                             "record.json 一致；signature.status：own / trusted / "
                                             "unknown-key / invalid / unsigned"},
                        **PACKAGE_PROBLEMS})
async def verify_package(request: Request, key: ApiKey = require()):
    return (await _checked(request, packages.VERIFY_READS))[0]


@router.post("/packages/import", status_code=201, summary="导入归档包：校验完整、签名有效后作为新的提交保存",
             responses={**PACKAGE_PROBLEMS,
                        422: _problem("归档包未通过校验（文件与清单不一致、签名无效或未签名、签名者不受信任、"
                                      "表格二维码与 record.json 不一致），或记录不符合要求")})
async def import_package(request: Request, round: str | None = Query(None),
                         key: ApiKey = require("submitter", "admin")):
    checked, unpacked = await _checked(request, packages.IMPORT_READS)
    if not checked["ok"]:
        raise Problem(422, f"归档包未通过校验，未导入：{checked['detail']}", slug="bad-package",
                      files=[f for f in checked["files"] if not f["ok"]],
                      signature=checked.get("signature"), form_qr=checked.get("form_qr"))
    try:
        raw, files = packages.contents(unpacked)
    except KeyError:
        raise Problem(422, "归档包中没有 record.json，未导入", slug="bad-package") from None
    record = read_record(raw, request.app.state.settings.max_record_bytes)
    declared = {a.get("file_name"): a.get("document_type")
                for a in record.get("attachments", []) if isinstance(a, dict)}
    store = request.app.state.files
    uploads = [Upload(name, store.put(content), len(content), declared.get(name))
               for name, content in files]
    db = request.app.state.db
    checker = Checker(db, date.today(), parse_round(round))
    findings, valid = await run_in_threadpool(checker.findings, record)
    with db.write() as s:
        sub = submissions.create(s, key, record, findings, valid, uploads, round_name=round)
        return submission_dict(s, sub, full=True)
