"""Reports, as JSON rows and as XLSX.

* publications: the monthly statistics of NSSF outcome publications registered and mailed, by
  province and by unit ("统计月报 … 定期通报各地各部门成果出版物报送情况", 000 三). A record counts
  as registered in the month of ``registration.registered_on`` and as mailed in the month the
  unit recorded its mailing (the procedure's ``mail`` step), else of ``mailing.mailed_on``;
  copies are ``registration.copies_submitted`` of the mailed ones.
* unmailed: the 责任单位 whose books registered in a month are not mailed yet (000 二（三）
  "由责任单位每月定期邮寄").
* registrations: achievement registrations per registering body and round, with their status.
* late-paper: paper materials that arrived after the 10-working-day deadline, and those still
  missing after it (003 方式二 4.(1)).
"""
from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from service.store import nssf_workflow, receipts, submissions
from service.store.models import ApiKey, Body, Receipt, RegistrationNumber, Submission
from service.store.submissions import STATUS_LABELS


def _latest_records(s, key: ApiKey, kind: str):
    q = submissions.visible(select(Submission).where(Submission.kind == kind), key, s)
    for sub in s.scalars(q.order_by(Submission.id)):
        yield sub, submissions.latest(s, sub).record


def _month(value) -> str | None:
    return value[:7] if isinstance(value, str) and len(value) >= 7 else None


PUBLICATION_COLUMNS = [("month", "月份"), ("province", "省（区、市）"), ("unit", "责任单位"),
                       ("registered", "登记种数"), ("mailed", "寄送种数"), ("copies_mailed", "寄送册数")]


def _publication_months(s, sub: Submission, r: dict) -> tuple[str, str, str | None, str | None]:
    """Province, unit, the month registered and the month mailed (None: not yet)."""
    project = r.get("project") or {}
    province = project.get("province") or "（未填）"
    unit = (project.get("responsible_unit") or {}).get("name") or "（未填）"
    mailed = nssf_workflow.mailed_on(s, sub)
    mail_month = mailed.isoformat()[:7] if mailed else _month((r.get("mailing") or {}).get("mailed_on"))
    return province, unit, _month((r.get("registration") or {}).get("registered_on")), mail_month


def publications(s, key: ApiKey, month: str | None = None) -> dict:
    by_unit: dict[tuple, dict] = defaultdict(lambda: {"registered": 0, "mailed": 0, "copies_mailed": 0})
    for sub, r in _latest_records(s, key, "nssf-publication"):
        province, unit, reg_month, mail_month = _publication_months(s, sub, r)
        if reg_month and (month is None or reg_month == month):
            by_unit[(reg_month, province, unit)]["registered"] += 1
        if mail_month and (month is None or mail_month == month):
            row = by_unit[(mail_month, province, unit)]
            row["mailed"] += 1
            copies = (r.get("registration") or {}).get("copies_submitted")
            row["copies_mailed"] += copies if isinstance(copies, int) else 0
    units = [{"month": m, "province": p, "unit": u, **v} for (m, p, u), v in sorted(by_unit.items())]
    by_province: dict[tuple, dict] = defaultdict(lambda: {"registered": 0, "mailed": 0, "copies_mailed": 0})
    for row in units:
        for k in ("registered", "mailed", "copies_mailed"):
            by_province[(row["month"], row["province"])][k] += row[k]
    provinces = [{"month": m, "province": p, **v} for (m, p), v in sorted(by_province.items())]
    return {"title": "国家社科基金项目成果出版物报送统计月报", "source": "000 三",
            "month": month, "by_province": provinces, "by_unit": units,
            "note": "按登记日期计入登记月份、按寄送日期计入寄送月份；寄送册数为已寄送成果的报送套数之和"}


UNMAILED_COLUMNS = [("province", "省（区、市）"), ("unit", "责任单位"), ("registered", "本月登记种数"),
                    ("unmailed", "未寄送种数"), ("titles", "未寄送成果")]


def unmailed(s, key: ApiKey, month: str) -> dict:
    by_unit: dict[tuple, dict] = {}
    for sub, r in _latest_records(s, key, "nssf-publication"):
        province, unit, reg_month, mail_month = _publication_months(s, sub, r)
        if reg_month != month:
            continue
        row = by_unit.setdefault((province, unit), {"registered": 0, "unmailed": 0, "submissions": [],
                                                    "titles": []})
        row["registered"] += 1
        if mail_month is None:
            row["unmailed"] += 1
            row["submissions"].append(sub.id)
            row["titles"].append(sub.title or f"提交 {sub.id}")
    rows = [{"province": p, "unit": u, **v, "titles": "；".join(v["titles"])}
            for (p, u), v in sorted(by_unit.items()) if v["unmailed"]]
    return {"title": f"{month} 登记的成果出版物未寄送情况（按责任单位）", "source": "000 二（二）2、二（三）",
            "month": month, "rows": rows,
            "note": "按登记日期计入登记月份；责任单位记录邮寄（decision: mail）或记录填写邮寄日期后即不再列出"}


REGISTRATION_COLUMNS = [("registering_body", "登记机构"), ("round", "登记轮次"), ("total", "登记项数"),
                        ("numbers_issued", "已发登记号"), ("paper_received", "纸质材料已收"),
                        ("statuses", "状态")]


def registrations(s, key: ApiKey) -> dict:
    groups: dict[tuple, dict] = {}
    for sub, r in _latest_records(s, key, "achievement-registration"):
        body = (r.get("registering_body") or {}).get("name") or (
            s.get(Body, sub.body_id).name if sub.body_id else "（未填）")
        g = groups.setdefault((body, sub.round or "（未指定）"),
                              {"total": 0, "numbers_issued": 0, "paper_received": 0, "by_status": {}})
        g["total"] += 1
        g["numbers_issued"] += bool(sub.registration_no)
        g["paper_received"] += sub.status == "paper-received"
        label = STATUS_LABELS.get(sub.status, sub.status)
        g["by_status"][label] = g["by_status"].get(label, 0) + 1
    rows = [{"registering_body": b, "round": rd, **g,
             "statuses": "；".join(f"{k} {v}" for k, v in sorted(g["by_status"].items()))}
            for (b, rd), g in sorted(groups.items())]
    return {"title": "成果登记情况（按登记机构和轮次）", "source": "002 二、三", "rows": rows}


LATE_COLUMNS = [("registration_no", "成果登记号"), ("title", "成果名称"), ("issued_on", "登记号发放日期"),
                ("due_on", "纸质材料期限"), ("received_on", "送达日期"), ("working_days_taken", "用时（工作日）"),
                ("state", "情况")]


def late_paper(s, key: ApiKey, today: date) -> dict:
    rows = []
    q = submissions.visible(select(Submission).where(Submission.registration_no.is_not(None)), key, s)
    for sub in s.scalars(q.order_by(Submission.registration_no)):
        number = s.get(RegistrationNumber, sub.registration_no)
        receipt = s.scalar(select(Receipt).where(Receipt.submission_id == sub.id))
        if receipt is not None:
            if receipt.late:
                rows.append({"registration_no": sub.registration_no, "title": sub.title,
                             "issued_on": number.issued_on.isoformat(),
                             "due_on": receipt.due_on.isoformat() if receipt.due_on else None,
                             "received_on": receipt.received_on.isoformat(),
                             "working_days_taken": receipt.working_days_taken, "state": "逾期送达"})
            continue
        d = receipts.deadline(number.issued_on, sub.round)
        if d.due_on is not None and today > d.due_on:
            rows.append({"registration_no": sub.registration_no, "title": sub.title,
                         "issued_on": number.issued_on.isoformat(), "due_on": d.due_on.isoformat(),
                         "received_on": None, "working_days_taken": None, "state": "逾期未送达"})
    return {"title": "纸质材料逾期情况",
            "source": "按各提交的登记轮次（如 003 方式二 4.(1) 取得成果登记号后 10 个工作日内；未规定期限的轮次不计逾期）",
            "today": today.isoformat(), "rows": rows}


def _write_row(ws, r: int, values: list) -> None:
    """Row ``r``; text stays text. openpyxl takes a str starting with "=" for a formula, and a
    record's text must never become one (OWASP CSV injection), so str cells are typed "s"."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(r, column, value)
        if isinstance(value, str):
            cell.data_type = "s"


def to_xlsx(title: str, sheets: list[tuple[str, list[tuple[str, str]], list[dict]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, columns, rows in sheets:
        ws = wb.create_sheet(name[:31])
        _write_row(ws, 1, [title])
        ws["A1"].font = Font(bold=True, size=14)
        _write_row(ws, 2, [label for _, label in columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=3):
            _write_row(ws, r, [row.get(k) for k, _ in columns])
        for i, (_, label) in enumerate(columns, start=1):
            ws.column_dimensions[ws.cell(2, i).column_letter].width = max(12, len(label) * 2 + 4)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- each report by name: what the API's routes and the report jobs share -----------------------

def run(s, key: ApiKey, report: str, args: dict) -> dict:
    """The report ``report`` (publications, unmailed, registrations, late-paper) as JSON rows."""
    if report == "publications":
        return publications(s, key, args.get("month"))
    if report == "unmailed":
        return unmailed(s, key, args["month"])
    if report == "registrations":
        return registrations(s, key)
    return late_paper(s, key, date.fromisoformat(args["today"]))


def workbook(report: str, args: dict, data: dict) -> tuple[bytes, str]:
    """The report as XLSX, and its file name."""
    if report == "publications":
        name = f"成果出版物统计月报-{args.get('month') or '全部'}"
        sheets = [("按省", PUBLICATION_COLUMNS[:2] + PUBLICATION_COLUMNS[3:], data["by_province"]),
                  ("按单位", PUBLICATION_COLUMNS, data["by_unit"])]
    elif report == "unmailed":
        name, sheets = f"成果出版物未寄送-{args['month']}", [("未寄送", UNMAILED_COLUMNS, data["rows"])]
    elif report == "registrations":
        name, sheets = "成果登记情况", [("登记情况", REGISTRATION_COLUMNS, data["rows"])]
    else:
        name, sheets = "纸质材料逾期情况", [("逾期", LATE_COLUMNS, data["rows"])]
    return to_xlsx(data["title"], sheets), f"{name}.xlsx"
