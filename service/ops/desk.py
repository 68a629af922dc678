"""The 档案台's look-ups: the submission a scanned form belongs to, and the paper materials
still owed for it."""
from __future__ import annotations

from service.store import submissions
from validators.fingerprint import fingerprint
from validators.pdf.materials import check_materials


def find_by_scan(s, key, report: dict) -> tuple[submissions.Submission | None, dict]:
    """The submission a scanned form's QR code names (成果登记号, else record id), and whether the
    code's fingerprint matches one of its versions."""
    codes = (report.get("qr") or {}).get("codes", [])
    for code in codes:
        found = []
        if code.get("no"):
            found = submissions.listing(s, key, registration_no=code["no"])
        if not found and code.get("id"):
            found = submissions.listing(s, key, record_id=code["id"])
        if found:
            sub = found[0]
            versions = [v.version for v in submissions.versions(s, sub)
                        if fingerprint(v.record) == code.get("fingerprint")]
            return sub, {"code": code, "matching_versions": versions,
                         "latest_matches": sub.current_version in versions}
    return None, {"codes": codes}


def materials_checklist(record: dict, scan: dict | None, attachments) -> list[dict]:
    """The materials the record needs, each found or missing among the stored attachments, those
    the record declares, and the scan."""
    files = [{"file": a.file_name, "documents": [{"type": a.document_type, "pages": []}]}
             for a in attachments if a.document_type]
    declared = [{"file": a.get("file_name", ""), "documents": [{"type": a.get("document_type"), "pages": []}]}
                for a in record.get("attachments", []) if isinstance(a, dict) and a.get("document_type")]
    if scan:
        files.append({"file": scan.get("file") or scan.get("file_name"), "documents": scan.get("documents", [])})
    return check_materials(record, files + declared)["required"]
