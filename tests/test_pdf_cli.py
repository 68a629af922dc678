"""`paperwork check-pdf`, as archive staff run it: exit codes 0/1/2, Chinese text, JSON shape."""
import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdfs"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["check-pdf", *[str(a) for a in args]])


def test_clean_copyright_page_exits_0_and_shows_the_book():
    result = run(SAMPLES / "copyright-2021.pdf", "--record", SAMPLES / "records" / "pub-2021.record.json")
    assert result.exit_code == 0, result.output
    assert "版权页" in result.output and "CIP核准号 2021256731" in result.output
    assert "ISBN 9787520164740" in result.output and "0 个错误" in result.output


def test_out_of_order_bound_set_exits_1_with_the_page():
    result = run(SAMPLES / "bound-set-out-of-order.pdf", "--bound-set")
    assert result.exit_code == 1
    assert "PDF203" in result.output and "第5页" in result.output


def test_json_report_has_the_documented_keys():
    result = run(SAMPLES / "registration-form.pdf", "--record",
                 SAMPLES / "records" / "ar-form.record.json", "--format", "json", "--no-ocr")
    report = json.loads(result.stdout)
    assert {"file", "sha256", "pages", "encrypted", "scanned_pages", "documents", "cip", "qr",
            "seal", "findings"} <= set(report)
    assert report["qr"]["status"] == "match" and report["pages"] == 2
    # the form alone lacks 研制报告, 评价性材料 and 用户报告 (002 四.1): errors, exit 1
    assert result.exit_code == 1
    assert [f["code"] for f in report["findings"]].count("PDF201") == 3


def test_unreadable_pdf_is_a_structured_result_not_a_traceback():
    result = run(CORPUS / "truncated-40pct.pdf", "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["error"]["reason"] == "damaged" and "损坏" in report["error"]["message"]
    text = run(CORPUS / "enc-aes128-user-pw.pdf")
    assert text.exit_code == 2 and "无法读取" in text.output and "加密" in text.output
    assert "Traceback" not in text.output


def test_several_files_get_one_report_each_and_materials_across_them():
    result = run(SAMPLES / "registration-form.pdf", SAMPLES / "patent-certificate.pdf",
                 CORPUS / "not-pdf-zip.pdf", "--record", SAMPLES / "records" / "ar-form.record.json",
                 "--format", "json", "--no-ocr")
    assert result.exit_code == 2   # one file unusable
    out = json.loads(result.stdout)
    assert [f["file"] for f in out["files"]] == ["registration-form.pdf", "patent-certificate.pdf",
                                                 "not-pdf-zip.pdf"]
    assert [r["status"] for r in out["materials"]["required"]] == ["present", "missing", "present", "missing"]


def test_bad_record_and_bad_format_exit_2_in_chinese(tmp_path):
    bad = tmp_path / "r.json"
    bad.write_text("{", "utf-8")
    result = run(SAMPLES / "ledger.pdf", "--record", bad)
    assert result.exit_code == 2 and "无法读取记录" in result.output
    assert run(SAMPLES / "ledger.pdf", "--format", "xml").exit_code == 2


def test_limits_from_the_command_line():
    result = run(SAMPLES / "acceptance-report.pdf", "--max-pages", "1", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["reason"] == "too-many-pages"
