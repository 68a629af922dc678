"""Paper against record: the verification QR code (validators/fingerprint.py payload)."""
import copy
import io
import json
from pathlib import Path

import segno
from PIL import Image

from validators.pdf.check import check_pdf
from validators.pdf.qr import compare, fingerprint

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdfs"
RECORD = json.loads((SAMPLES / "records" / "ar-form.record.json").read_text("utf-8"))


def qr_payload(form: str, record: dict) -> str:
    """The payload shape documented by the forms side (validators/fingerprint.py)."""
    return f"PW1;form={form};kind={record['kind']};id={record['id']};sha256={fingerprint(record)}"


def qr_page_pdf(tmp_path: Path, payload: str) -> Path:
    """An A4 page (150 dpi) with one QR code near the top right, as a scan would show it."""
    page = Image.new("RGB", (1240, 1754), "white")
    png = io.BytesIO()
    segno.make(payload, error="m").save(png, kind="png", scale=5, border=2)
    page.paste(Image.open(png).convert("RGB"), (900, 80))
    path = tmp_path / "form.pdf"
    page.save(path, format="PDF", resolution=150)
    return path


def codes(report):
    return [c["page"] for c in report.qr["codes"]]


def test_printed_form_matches_its_record():
    report = check_pdf(SAMPLES / "registration-form.pdf", RECORD, use_ocr=False)
    assert report.qr["status"] == "match" and codes(report) == [1]
    assert report.qr["codes"][0]["id"] == "AR-2025-SX-0031"
    assert "PDF509" not in [f.code for f in report.findings]


def test_record_changed_after_printing_is_a_mismatch():
    forged = copy.deepcopy(RECORD)
    forged["achievement"]["level"] = "国际领先"   # printed as 国内领先
    report = check_pdf(SAMPLES / "registration-form.pdf", forged, use_ocr=False)
    assert report.qr["status"] == "mismatch"
    assert report.qr["expected"] == fingerprint(forged)
    [f] = [f for f in report.findings if f.code == "PDF509"]
    assert f.severity == "error" and f.page == 1 and "已被修改" in f.message


def test_scanned_qr_page_with_the_documented_payload(tmp_path):
    path = qr_page_pdf(tmp_path, qr_payload("registration_form", RECORD))
    report = check_pdf(path, RECORD, use_ocr=False)
    assert report.scanned_pages == [1]
    assert report.qr["status"] == "match"
    changed = {**RECORD, "submitted_on": "2026-01-16"}
    assert check_pdf(path, changed, use_ocr=False).qr["status"] == "mismatch"


def test_a_payload_with_only_a_bare_fingerprint_is_still_compared(tmp_path):
    path = qr_page_pdf(tmp_path, "https://verify.invalid/?fp=" + fingerprint(RECORD))
    assert check_pdf(path, RECORD, use_ocr=False).qr["status"] == "match"


def test_no_code_matters_on_the_printed_form_only(tmp_path):
    import importlib.util
    import re

    report = check_pdf(SAMPLES / "acceptance-report.pdf", RECORD, use_ocr=False)
    assert report.qr["status"] == "no-code"
    assert "PDF510" not in [f.code for f in report.findings]
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    pages = [re.sub(r'<img class="qr"[^>]*>', "", p) for p in make.registration_form(RECORD)]
    path = tmp_path / "form-without-qr.pdf"
    path.write_bytes(make.html_to_pdf(pages))
    [f] = [f for f in check_pdf(path, RECORD, use_ocr=False).findings if f.code == "PDF510"]
    assert f.severity == "warning" and "二维码" in f.message


def test_compare_without_a_record_reports_what_was_found():
    text = qr_payload("registration_form", RECORD)
    result = compare([{"page": 2, "text": text}, {"page": 3, "text": "hello"}], None)
    assert result["status"] == "found" and [c["page"] for c in result["codes"]] == [2]


def test_form_rendered_by_the_forms_side_matches_and_a_later_edit_does_not(tmp_path):
    from generator.render import render

    # the registration form as `paperwork render` prints it (generator/render.py)
    sichuan = json.loads((SAMPLES / "records" / "ar-sichuan.record.json").read_text("utf-8"))
    path = tmp_path / "registration-form.pdf"
    path.write_bytes(render("registration_form", [sichuan], "pdf").data)
    report = check_pdf(path, sichuan, use_ocr=False)
    assert report.documents[0]["type"] == "科技成果登记表"
    assert report.qr["status"] == "match"
    # the form carries 批准登记号 5102025J0042 (printed in boxes: 5 1 0 2 …)
    assert "PDF511" not in [f.code for f in report.findings]
    edited = copy.deepcopy(sichuan)
    edited["achievement"]["name"] += "（修订）"
    assert check_pdf(path, edited, use_ocr=False).qr["status"] == "mismatch"
    renumbered = copy.deepcopy(sichuan)
    renumbered["registration"]["number"] = "5102025J0043"
    [f] = [f for f in check_pdf(path, renumbered, use_ocr=False, look=False).findings
           if f.code == "PDF511"]
    assert f.page == 1 and "5102025J0043" in f.message


def test_archive_scan_of_the_stamped_form(tmp_path):
    """What archive staff upload: the printed, stamped form scanned in colour (no text layer)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(SAMPLES / "registration-form.pdf")
    scans = [doc[i].render(scale=200 / 72).to_pil().convert("RGB") for i in range(len(doc))]
    path = tmp_path / "scan.pdf"
    scans[0].save(path, format="PDF", resolution=200, save_all=True, append_images=scans[1:])
    report = check_pdf(path, RECORD)
    assert report.scanned_pages == [1, 2] and report.ocr_pages == [1, 2]
    assert [(d["type"], d["pages"], d["via"]) for d in report.documents] == [("科技成果登记表", [1, 2], "ocr")]
    assert report.qr["status"] == "match"
    assert report.seal["documents"][0]["stamped"] is True
    forged = copy.deepcopy(RECORD)
    forged["completers"][0]["title"] = "研究员"   # printed as 教授
    codes = [{"page": c["page"], "text": c["payload"]} for c in report.qr["codes"]]
    assert compare(codes, forged)["status"] == "mismatch"
