"""Issue #14 item 7: a draft can be told from a final — in its QR code, in ``check-pdf`` and at
the archive desk; and an approval sheet is a draft until its last approval."""
import json
from pathlib import Path

import pypdfium2
import zxingcpp

from generator.render import render
from validators.fingerprint import parse_payload, qr_payload
from validators.pdf.check import check_pdf

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
AR = "achievement-registration/ar-2025-applied-shanxi"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / "records" / f"{name}.json").read_text("utf-8"))


def payloads(pdf: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(pdf)
    image = doc[0].render(scale=2).to_pil().convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_qr_payload_says_draft_or_final():
    record = sample(AR)
    draft = render("registration_form", record, "pdf", draft=True)
    final = render("registration_form", record, "pdf")
    [d], [f] = payloads(draft.data), payloads(final.data)
    assert parse_payload(d)["st"] == "draft" and ";st=draft;" in d
    assert parse_payload(f)["st"] == "final"


def test_a_payload_without_the_state_is_an_older_final():
    old = qr_payload("registration_form", {"kind": "x", "id": "A"}).replace(";st=final", "")
    assert "st=" not in old
    from validators.pdf.qr import compare
    [code] = compare([{"page": 1, "text": old}], None)["codes"]
    assert code["state"] == "final"


def test_check_pdf_on_a_draft_says_draft(tmp_path):
    record = sample(AR)
    path = tmp_path / "draft.pdf"
    path.write_bytes(render("registration_form", record, "pdf", draft=True).data)
    report = check_pdf(path, record, use_ocr=False)
    assert report.qr["status"] == "match"
    assert report.qr["codes"][0]["state"] == "draft"
    [f] = [f for f in report.findings if f.code == "PDF512"]
    assert f.severity == "warning" and f.page == 1 and "草稿" in f.message
    final = tmp_path / "final.pdf"
    final.write_bytes(render("registration_form", record, "pdf").data)
    assert "PDF512" not in [f.code for f in check_pdf(final, record, use_ocr=False).findings]


def test_check_pdf_text_output_says_draft(tmp_path):
    from typer.testing import CliRunner

    from service.cli import app
    record = sample(AR)
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    (tmp_path / "d.pdf").write_bytes(render("registration_form", record, "pdf", draft=True).data)
    result = CliRunner().invoke(app, ["check-pdf", str(tmp_path / "d.pdf"), "--record",
                                      str(tmp_path / "r.json"), "--no-ocr"])
    assert "草稿" in result.output and "PDF512" in result.output


def test_the_desk_scan_of_a_draft_says_draft(service):
    from pg import WEB_ORIGIN, finished_check, web_sign_in
    record = sample(AR)
    assert service.call("POST", "/api/v1/submissions", "alice", json=record).status_code == 201
    draft = render("registration_form", record, "pdf", draft=True).data
    token = web_sign_in(service.client, service.keys["archivist"])
    r = finished_check(service.client, service.client.post(
        "/web/desk/scan", data={"csrf_token": token}, headers={"Origin": WEB_ORIGIN},
        files=[("scan", ("scan.pdf", draft, "application/pdf"))]))
    assert r.status_code == 200, r.text[:300]
    assert 'id="qr-result"' in r.text
    banner = r.text.split('id="qr-draft">', 1)[1].split("</div>", 1)[0]
    assert "草稿" in banner and "不是正式表格" in banner, banner


def test_a_change_request_before_its_last_approval_is_not_a_final_sheet():
    record = sample("nssf-change-request/cr-2024-extension")
    assert record["status"] == "省级审核通过"          # 延期 goes on to 全国社科工作办
    sheet = render("change_approval", record, "pdf")    # asked for as final
    [p] = payloads(sheet.data)
    assert parse_payload(p)["st"] == "draft"
    text = "".join(pypdfium2.PdfDocument(sheet.data)[0].get_textpage().get_text_range().split())
    assert "草稿" in text
    assert sheet.file_name.endswith("-草稿.pdf")
    done = sample("nssf-change-request/cr-2022-title-change")    # 全国社科工作办审批通过
    assert parse_payload(payloads(render("change_approval", done, "pdf").data)[0])["st"] == "final"
    unit = sample("nssf-change-request/cr-2023-member-change")   # 责任单位审核通过, takes effect there
    assert parse_payload(payloads(render("change_approval", unit, "pdf").data)[0])["st"] == "final"
