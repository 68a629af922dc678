"""The 档案台's look-ups: the submission a scanned form belongs to, the paper materials still
owed for it, and how late its paper is.

Lateness is counted in working days with the Chinese holiday calendar (validators.workdays), as
the receipt is; the deadline day itself still counts (003 方式二 4.(1) "10个工作日内")."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.store import receipts, registration, server_facts, submissions
from validators.fingerprint import fingerprint
from validators.pdf.materials import check_materials
from validators.workdays import YearNotCovered, working_days_between

# a required material is uploaded (bytes stored), only named in the record, or missing (issue #12)
STATE_LABELS = {"uploaded": "已上传", "declared": "已声明未上传", "missing": "缺少"}


def find_by_scan(s, key, report: dict) -> tuple[submissions.Submission | None, dict]:
    """The submission a scanned form's QR code names (成果登记号, else record id), and which of its
    versions the code's fingerprint matches among those carrying the server's facts: a form
    printed from a record with another 成果登记号 or 批准登记单位 matches none (issue #12)."""
    codes = (report.get("qr") or {}).get("codes", [])
    for code in codes:
        found = []
        if code.get("no"):
            found = submissions.listing(s, key, registration_no=code["no"])
        if not found and code.get("id"):
            found = submissions.listing(s, key, record_id=code["id"])
        if found:
            sub = found[0]
            facts = server_facts.of(s, sub)
            printed = [v for v in submissions.versions(s, sub)
                       if fingerprint(v.record) == code.get("fingerprint")]
            other_facts = [v.version for v in printed if server_facts.differing(v.record, facts)]
            number_differs = bool(code.get("no")) and code["no"] != sub.registration_no
            versions = [] if number_differs else [v.version for v in printed
                                                  if v.version not in other_facts]
            return sub, {"code": code, "draft": code.get("state") == "draft", "matching_versions": versions,
                         "latest_matches": sub.current_version in versions,
                         "number_differs": number_differs, "other_facts_versions": other_facts}
    return None, {"codes": codes}


def _found(record: dict, files: list[dict]) -> list[list[dict]]:
    return [item["found"] for item in check_materials(record, files)["required"]]


def materials_checklist(record: dict, scan: dict | None, attachments) -> list[dict]:
    """Each material the record needs, in one of three states: uploaded (with the stored files'
    names, sizes and SHA-256), declared in the record's ``attachments`` but never uploaded, or
    missing; plus where the scan shows it, when a scan is given."""
    stored = {a.file_name: a for a in attachments}
    uploaded = [{"file": a.file_name, "documents": [{"type": a.document_type, "pages": []}]}
                for a in attachments if a.document_type]
    declared = [{"file": a.get("file_name", ""), "documents": [{"type": a.get("document_type"), "pages": []}]}
                for a in record.get("attachments", []) if isinstance(a, dict) and a.get("document_type")]
    in_scan = [{"file": scan.get("file") or scan.get("file_name"), "documents": scan.get("documents", [])}
               ] if scan else []
    out = []
    required = check_materials(record, [])["required"]
    for item, up, named, seen in zip(required, _found(record, uploaded), _found(record, declared),
                                     _found(record, in_scan), strict=True):
        state = "uploaded" if up else "declared" if named else "missing"
        files = [{"file_name": f["file"], "type": f["type"], "size": stored[f["file"]].size,
                  "sha256": stored[f["file"]].sha256} for f in up]
        out.append({"requirement": item["requirement"], "accepts": item["accepts"], "state": state,
                    "state_label": STATE_LABELS[state], "files": files,
                    "declared": [] if up else named, "in_scan": seen})
    return out


@dataclass(frozen=True)
class PaperDue:
    """Where a submission's paper stands at the desk: its deadline, and how late it is."""
    due_on: date | None
    received_on: date | None
    days_late: int | None     # working days past the deadline (so far, when not yet received)
    state: str                # 逾期 / 按期 / 待接收 / 尚未发号 / 无期限

    @property
    def overdue(self) -> bool:
        return bool(self.days_late)


def _days_late(due: date, on: date) -> int | None:
    try:
        return working_days_between(due, on) if on > due else 0
    except YearNotCovered:
        return None


def paper_due(s, sub: submissions.Submission, today: date) -> PaperDue:
    row = registration.number_of(s, sub)
    if row is None:
        return PaperDue(None, None, None, "尚未发号")
    receipt = receipts.of(s, sub)
    due = receipts.deadline(row.issued_on, sub.round).due_on
    if receipt is not None:
        if due is None:
            return PaperDue(None, receipt.received_on, None, "无期限")
        late = _days_late(due, receipt.received_on)
        return PaperDue(due, receipt.received_on, late, "逾期" if late else "按期")
    if due is None:
        return PaperDue(None, None, None, "无期限")
    late = _days_late(due, today)
    return PaperDue(due, None, late, "逾期" if late else "待接收")
