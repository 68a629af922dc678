"""Every XLSX paperwork writes keeps record text as text (issue #12, item 6): a value that
starts with = + - @, a tab or a CR is never a formula, in openpyxl's reading and in
LibreOffice's, whichever report or summary form it lands in."""
from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from pg import APPLIED, sample

from generator.render import render

# OWASP CSV injection: each would run, link or compute if stored as a formula
PAYLOADS = ['=1+1', '=HYPERLINK("http://x/steal","a")', "=cmd|' /C calc'!A0", "+1", "-1+2",
            "@SUM(A1)", "\t=1+1", "\r=1+1"]


def no_formulas(data: bytes) -> list[str]:
    """Every text cell of every sheet; fails on any formula cell."""
    wb = load_workbook(io.BytesIO(data))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def libreoffice_cells(data: bytes, tmp_path: Path, name: str) -> list[str]:
    """The first sheet's cells as LibreOffice computes them (converted to CSV)."""
    src = tmp_path / f"{name}.xlsx"
    src.write_bytes(data)
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile-{name}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
         str(tmp_path / "out"), str(src)], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "out" / f"{name}.csv").read_text("utf-8")
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def assert_all_literal(data: bytes, tmp_path: Path, name: str) -> None:
    texts = no_formulas(data)
    for p in PAYLOADS:
        # XML reads a CR back as a line feed (XML 1.0 §2.11); a submission's title is stored
        # stripped. Either way what is left starts with "=" and must still be text.
        assert {p, p.replace("\r", "\n"), p.strip()} & set(texts), (p, texts)
    shown = libreoffice_cells(data, tmp_path, name)
    for p in ('=1+1', '=HYPERLINK("http://x/steal","a")', "=cmd|' /C calc'!A0", "@SUM(A1)",
              "+1", "-1+2"):
        assert p in shown, (p, shown)      # a formula would show its result: 2, a, #NAME?


def submit(service, who, record, **params) -> int:
    r = service.call("POST", "/api/v1/submissions", who, json=record, params=params)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def xlsx(service, report, **params) -> bytes:
    r = service.call("GET", f"/api/v1/reports/{report}", "admin", params={"format": "xlsx", **params})
    assert r.status_code == 200, r.text
    return r.content


def test_publication_report_keeps_record_text_as_text(service, tmp_path):
    for p in PAYLOADS:
        record = sample("nssf-publication/np-2022-monograph")
        record["project"]["province"] = p
        record["project"]["responsible_unit"]["name"] = p
        submit(service, "alice", record)
    assert_all_literal(xlsx(service, "publications"), tmp_path, "publications")


def test_registration_report_keeps_record_text_as_text(service, tmp_path):
    for p in PAYLOADS:
        record = sample(APPLIED)
        record["registering_body"]["name"] = p
        submit(service, "alice", record)
    assert_all_literal(xlsx(service, "registrations"), tmp_path, "registrations")


def test_late_paper_report_keeps_record_text_as_text(service, tmp_path):
    for i, p in enumerate(PAYLOADS):
        record = sample(APPLIED) | {"id": f"AR-2025-SX-{i:04d}"}
        record["achievement"]["name"] = p
        sid = submit(service, "alice", record)
        r = service.call("POST", f"/api/v1/submissions/{sid}/registration", "archivist",
                         json={"issued_on": "2025-09-26"})
        assert r.status_code == 201, r.text
    assert_all_literal(xlsx(service, "late-paper", today="2025-11-03"), tmp_path, "late-paper")


def test_summary_form_keeps_record_text_as_text(tmp_path):
    records = []
    for i, p in enumerate(PAYLOADS):
        record = sample(APPLIED) | {"id": f"AR-2025-SX-{i:04d}"}
        record["achievement"]["name"] = p
        records.append(record)
    data = render("registration_summary", records, "xlsx", draft=True).data
    assert_all_literal(data, tmp_path, "registration_summary")
