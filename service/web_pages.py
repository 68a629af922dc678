"""What every web page shares: the templates, :func:`page`, and the words people read in place
of codes — kinds and rounds by their Chinese names, times in China time, documents by title, a
SHA-256 as its first characters with the whole in a tooltip, an audit entry as Chinese pairs."""
from __future__ import annotations

import re
from collections import OrderedDict
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from service.ops.uploads import upload_reference
from service.store import audit, deliveries, keys
from service.store.submissions import STATUS_LABELS, Upload
from validators import rounds
from validators.documents import document_of, in_words
from validators.kinds import KINDS
from validators.schema import schema_for, title_for

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates_web"))
# the platform and its users keep China time, whatever zone the server runs in
CHINA = ZoneInfo("Asia/Shanghai")
ROLE_HOME = {"submitter": "/web/precheck", "portal": "/web/precheck", "expert": "/web/precheck",
             "archivist": "/web/desk", "admin": "/web/admin"}
#: the roles whose web uploads are kept, to be saved as a submission
SAVERS = ("submitter", "admin")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
ROLE_NAMES = {r: label.split("（")[0] for r, label in keys.ROLE_LABELS.items()}
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def china_time(t: datetime | str | None, with_seconds: bool = False) -> str:
    """A stored time (UTC; SQLite gives it back naive; or its ISO text) as China time,
    ``2025-10-17 09:30``."""
    if t is None:
        return "—"
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    local = (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(CHINA)
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def kind_title(kind: str) -> str:
    return KINDS[kind].title if kind in KINDS else kind


def round_title(name: str | None) -> str:
    """《2025年四川省科技成果登记》 for ``sichuan-2025``; a round no longer shipped keeps its name."""
    if not name:
        return "—"
    try:
        return f"《{rounds.load(name).title}》"
    except rounds.UnknownRound:
        return name


def document_type(name: str) -> str:
    """A document found in a PDF by its Chinese name; the finder's "unknown" as 未识别的材料."""
    return "未识别的材料" if name == "unknown" else name


def page_span(pages) -> str:
    """A document's ``[first, last]`` pages as a person writes them: ``3`` or ``3–5``."""
    first, last = pages
    return str(first) if first == last else f"{first}–{last}"


def short_sha(value: str) -> Markup:
    return Markup('<abbr class="sha" title="SHA-256 {0}">{1}…</abbr>').format(value, value[:8])


def actor_name(actor: str) -> str:
    """``王老师（archivist）`` as ``王老师（档案/审核人员）``."""
    for role, name in ROLE_NAMES.items():
        actor = actor.replace(f"（{role}）", f"（{name}）")
    return actor


def basis_tooltip(finding: dict) -> str:
    """The compact clause and each cited document's full title, for the 依据 cell's tooltip."""
    clause = finding.get("clause") or ""
    parts = []
    for reference in (p.strip() for p in clause.split("；") if p.strip()):
        doc = document_of(reference)
        if doc is not None:        # 输入校验 cites no document: nothing more to say
            parts.append(f"{reference}：{doc.title}")
    return "；".join(parts)


DETAIL_LABELS = {
    "kind": "类型", "version": "版本", "valid": "校验结果", "attachments": "附件", "note": "说明",
    "received_on": "接收日期", "due_on": "期限", "late": "是否逾期", "materials": "材料",
    "number": "成果登记号", "body": "登记机构", "year": "年度", "serial": "流水号",
    "until": "锁定至", "reason": "原因", "step": "环节", "decision": "决定", "from": "原状态",
    "to": "新状态", "comment": "意见", "clause": "依据", "on": "日期", "name": "名称",
    "level": "级别", "parent_id": "上级机构编号", "code": "代码", "role": "角色",
    "body_id": "机构编号", "client": "地址", "path": "路径", "key_sha256_prefix": "密钥摘要前缀",
    "failures": "次数", "limit": "上限", "via": "方式",
}


def _value(name: str, v) -> Markup | str:
    if name == "valid":
        return "无错误" if v else "有错误"
    if name == "late":
        return {True: "逾期", False: "按期", None: "无法判断"}[v]
    if name == "kind":
        return kind_title(str(v))
    if name == "role":
        return ROLE_NAMES.get(str(v), str(v))
    if name == "version":
        return f"第 {v} 版"
    if name == "due_on":
        return f"最迟 {v}（含）"
    if name == "until" and isinstance(v, str):
        try:
            return china_time(datetime.fromisoformat(v)) + "（北京时间）"
        except ValueError:
            return v
    if isinstance(v, list):
        return Markup("、").join(
            short_sha(x) if isinstance(x, str) and SHA256.match(x)
            else x.get("material", "") if isinstance(x, dict) else str(x) for x in v) or "无"
    if isinstance(v, str) and SHA256.match(v):
        return short_sha(v)
    return str(v)


def readable(detail) -> Markup:
    """An audit entry's detail as 「名称：值」 pairs in Chinese; empty values left out."""
    if not isinstance(detail, dict):
        return escape(str(detail))
    parts = [Markup("{0}：{1}").format(DETAIL_LABELS.get(k, k), _value(k, v))
             for k, v in detail.items() if v not in (None, "", [])]
    return Markup("；").join(parts)


TEMPLATES.env.filters.update(readable=readable, china_time=china_time, kind_title=kind_title,
                             round_title=round_title, actor_name=actor_name,
                             basis_tooltip=basis_tooltip, short_sha=short_sha, page_span=page_span,
                             document_type=document_type, in_words=in_words)
TEMPLATES.env.globals["action_labels"] = audit.ACTION_LABELS


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    key = getattr(request.state, "key", None)
    unread = 0
    if key is not None:
        with request.app.state.db.read() as s:
            unread = deliveries.unread(s, key.id)
    response = TEMPLATES.TemplateResponse(request, template, {
        "key": key, "unread": unread, "csrf_token": getattr(request.state, "csrf_token", ""),
        "session_open": getattr(request.state, "session_open", False), "role_home": ROLE_HOME,
        "severity_labels": SEVERITY_LABELS, "status_labels": STATUS_LABELS, **context},
        status_code=status)
    if key is not None or getattr(request.state, "session_open", False):
        # a signed-in page shows someone's records: on an office's shared computer, neither the
        # browser's cache nor its back button after 退出 may show it again
        response.headers["Cache-Control"] = "no-store"
    return response


# --- findings, grouped by the section of the form ------------------------------------------

def _parts(path: str) -> list:
    out = []
    for p in path.split("/")[1:]:
        p = p.replace("~1", "/").replace("~0", "~")
        out.append(int(p) if p.isdigit() else p)
    return out


def group_findings(kind: str, findings: list[dict], file_name: str | None = None) -> OrderedDict:
    """{section title: [finding + field label]}, sections in the schema's order."""
    props = list(schema_for(kind).get("properties", {})) if kind in KINDS else []
    groups: dict[str, list] = {}
    order: dict[str, int] = {}
    for f in findings:
        parts = _parts(f.get("path", ""))
        if file_name is not None:
            section = f"PDF 附件：{file_name}"
            rank = 10_000
        elif parts:
            section = title_for(kind, parts[:1])
            rank = props.index(parts[0]) if parts[0] in props else 9_999
        else:
            section, rank = "整条记录", -1
        field = title_for(kind, parts) if parts and file_name is None else ""
        groups.setdefault(section, []).append({**f, "field": field})
        order[section] = rank
    return OrderedDict(sorted(groups.items(), key=lambda kv: order[kv[0]]))


# --- uploaded PDFs ---------------------------------------------------------------------------

# why a PDF could not be read (validators/pdf/limits.py REASONS), as the status of a page that
# needed it read: the file is the sender's to fix, so a 4xx
UNREADABLE_STATUS = {"not-pdf": 415, "empty": 422, "encrypted": 422, "damaged": 422,
                     "too-large": 413, "too-many-pages": 413, "timeout": 422}


def present_pdf(request: Request, result: dict, record: dict | None, keep_for=None) -> dict:
    """A PDF's report as the page shows it: ``error`` the Chinese sentence when it could not be
    read at all, ``error_status`` its 4xx; with ``keep_for`` (a key) a readable PDF gets the
    signed ``reference`` of its kept bytes, for 保存为提交 (ops.uploads); its findings grouped."""
    result = dict(result)
    if result.get("error"):
        reason = result["error"].get("reason")
        result["error_status"] = UNREADABLE_STATUS.get(reason, 422)
        result["error"] = result["error"].get("message") or "文件无法读取，请上传 PDF 格式的文件"
    elif keep_for is not None:
        kept = Upload(result["file_name"], result["sha256"], result["size"])
        result["reference"] = upload_reference(request.app.state.upload_secret, keep_for.id, kept)
    kind = (record or {}).get("kind", "")
    result["groups"] = group_findings(kind, result.get("findings", []), result["file_name"])
    return result


def verdict_of(record_findings: list[dict], pdfs: list[dict]) -> dict:
    """The counts the verdict states: every finding, the record's and each attachment's."""
    def count(findings, severity):
        return sum(1 for f in findings if f.get("severity") == severity)
    pdf_findings = [f for pdf in pdfs for f in pdf.get("findings", [])]
    everything = record_findings + pdf_findings
    return {"errors": count(everything, "error"), "warnings": count(everything, "warning"),
            "infos": count(everything, "info"), "record_errors": count(record_findings, "error"),
            "pdf_errors": count(pdf_findings, "error"), "pdfs": len(pdfs)}


def check_context(form) -> dict:
    """The kinds, the rounds, and the round and date a check uses — as posted, so a page shown
    again keeps them."""
    return {"kinds": KINDS, "rounds": rounds.available(), "round": str(form.get("round") or ""),
            "today": str(form.get("today") or date.today().isoformat())}
