"""档案台 (archive staff): find a submission or scan a printed form, see what is late
(service.ops.desk.paper_due), record the paper's receipt and issue the registration number.
A paper deadline is shown as "最迟 2025-10-16（含）": the day itself still counts."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service import web_checks
from service.ops.checking import Checker
from service.ops.desk import find_by_scan, materials_checklist, paper_due
from service.problems import Problem
from service.routing import RowId
from service.store import audit, bodies, dates, receipts, registration, submissions
from service.store.errors import StoreError
from service.store.keys import ApiKey
from service.web_pages import page, present_pdf
from service.web_signin import posted, signed_in

router = APIRouter(prefix="/web", include_in_schema=False)


@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request, q: str = "", overdue: bool = False, sort: str = ""):
    key = signed_in(request, "archivist", "admin")
    return _desk_page(request, key, q=q.strip(), overdue=overdue, sort=sort)


def _desk_page(request: Request, key: ApiKey, status: int = 200, q: str = "", overdue: bool = False,
               sort: str = "", **extra) -> HTMLResponse:
    today = dates.china_today()
    results = []
    with request.app.state.db.read() as s:
        if q:
            for field in ("registration_no", "project_number", "record_id"):
                results = submissions.listing(s, key, **{field: q})
                if results:
                    break
        else:
            results = submissions.listing(s, key, limit=200 if overdue or sort else 20)
        rows = [(sub, paper_due(s, sub, today)) for sub in results]
    if overdue:
        rows = [r for r in rows if r[1].overdue]
    if sort == "deadline":
        rows.sort(key=lambda r: (r[1].due_on is None, r[1].due_on or date.max))
    return page(request, "desk.html", status=status, q=q, rows=rows, overdue=overdue, sort=sort,
                today=today.isoformat(), **extra)


@router.post("/desk/scan", response_class=HTMLResponse)
async def desk_scan(request: Request):
    key, form = await posted(request, "archivist", "admin", max_files=5)
    upload = form.get("scan")
    if upload is None or not getattr(upload, "filename", None):
        return _desk_page(request, key, status=422, scan_error="请选择扫描件（PDF 文件）后再点“识别扫描件”")
    # read as a job (service/web_checks.py): a scanned bundle is OCR'd page by page, with a bar
    return await web_checks.start(request, None, {"round": "", "today": ""}, [upload], purpose="desk")


@router.get("/desk/scans/{job_id}", response_class=HTMLResponse)
def desk_scan_result(request: Request, job_id: str):
    """The scan's job: its bar while it is read, then the submission its QR code names."""
    key = signed_in(request, "archivist", "admin")
    job = web_checks.web_job(request, key, job_id, "desk")
    if job.status != "succeeded":
        return web_checks.progress_page(request, job)
    report = present_pdf(request, web_checks.reports_of(request, job)[0], None)
    name = report["file_name"]
    if report.get("error"):
        return _desk_page(request, key, status=report["error_status"], scan_error=f"“{name}”：{report['error']}")
    with request.app.state.db.read() as s:
        sub, match = find_by_scan(s, key, report)
        sid = sub.id if sub else None
    if sid is None:
        return _desk_page(request, key, status=404, scan_error=(
            f"“{name}”中没有找到可识别的本系统表格二维码，或其对应的提交不在本机构范围内；"
            "请按成果登记号查找"))
    return _desk_detail(request, key, sid, scan=report, match=match)


def _desk_detail(request: Request, key: ApiKey, sid: int, status: int = 200, **extra) -> HTMLResponse:
    today = dates.china_today()
    with request.app.state.db.read() as s:
        sub = submissions.get(s, key, sid)
        latest = submissions.latest(s, sub)
        reg = None
        row = registration.number_of(s, sub)
        if row is not None:
            reg = {"number": row.number, "issued_on": row.issued_on,
                   "deadline": receipts.deadline(row.issued_on, sub.round)}
        receipt = receipts.of(s, sub)
        checklist = materials_checklist(latest.record, extra.get("scan"), latest.attachments)
        history = audit.entries(s, f"submission:{sub.id}")
        due = paper_due(s, sub, today)
        errors = sum(1 for f in latest.findings if f.get("severity") == "error")
        return page(request, "desk_detail.html", status=status, sub=sub, latest=latest, reg=reg,
                    receipt=receipt, due=due, errors=errors, checklist=checklist, history=history,
                    today=extra.pop("issued_on", None) or today.isoformat(),
                    paper_basis=receipts.paper_basis(sub.round),
                    letter_note=registration.LETTER_NOTE, **extra)


@router.get("/desk/{sid}", response_class=HTMLResponse)
def desk_detail(request: Request, sid: RowId):
    key = signed_in(request, "archivist", "admin")
    return _desk_detail(request, key, sid)


@router.post("/desk/{sid}/receipt")
async def desk_receipt(request: Request, sid: RowId):
    key, form = await posted(request, "archivist", "admin")
    try:
        received = date.fromisoformat(str(form.get("received_on", "")))
    except ValueError:
        return page(request, "error.html", status=422, message="接收日期应为 YYYY-MM-DD")
    materials = [{"material": str(m)[:200], "present": True} for m in form.getlist("materials")
                 if isinstance(m, str)][:100]
    note = str(form.get("note", "")).strip()[:500] or None
    try:
        with request.app.state.db.write() as s:
            receipts.record(s, key, submissions.get(s, key, sid), received, materials, note)
    except StoreError as e:
        return page(request, "error.html", status=e.status, message=e.detail)
    return RedirectResponse(f"/web/desk/{sid}", status_code=303)


def _issue_doubts(latest_errors: int, version: int, issued: date, today: date) -> list[str]:
    """What the archivist is asked to confirm before the number is issued."""
    doubts = []
    if latest_errors:
        doubts.append(f"第 {version} 版记录仍有 {latest_errors} 个错误（见提交页），登记号会印在有错误的表格上")
    if issued < today:
        doubts.append(f"发放日期 {issued.isoformat()} 早于今天（{today.isoformat()}，北京时间），"
                      "纸质材料期限将从这一天起算")
    return doubts


@router.post("/desk/{sid}/registration")
async def desk_issue(request: Request, sid: RowId):
    key, form = await posted(request, "archivist", "admin")
    today = dates.china_today()
    try:
        issued = date.fromisoformat(str(form.get("issued_on") or today.isoformat()))
    except ValueError:
        return page(request, "error.html", status=422, message="发放日期应为 YYYY-MM-DD")
    db = request.app.state.db
    with db.read() as s:
        sub = submissions.get(s, key, sid)
        latest = submissions.latest(s, sub)
        errors = sum(1 for f in latest.findings if f.get("severity") == "error")
        doubts = _issue_doubts(errors, latest.version, issued, today)
    if doubts and form.get("confirm") != "yes":
        return _desk_detail(request, key, sid, status=409, issue_doubts=doubts, issued_on=issued.isoformat())
    checker = Checker(db, issued, exclude_id=sid)
    try:
        with db.write() as s:
            body = bodies.get(s, key.body_id)
            if body is None:
                raise Problem(422, "本密钥没有所属登记机构，不能发放成果登记号")
            registration.issue(s, key, submissions.get(s, key, sid), body, issued,
                               check=checker.findings)
    except (StoreError, Problem) as e:
        return page(request, "error.html", status=e.status, message=e.detail)
    return RedirectResponse(f"/web/desk/{sid}", status_code=303)
