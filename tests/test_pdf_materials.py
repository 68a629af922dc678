"""Required materials (002 四, 001 五.1), the Sichuan bound order (003 方式二 4.(1)②), the seal
on the registration form, and copyright data against an nssf-publication record."""
import json
from pathlib import Path

from validators.pdf.check import check_pdf, check_pdfs
from validators.pdf.materials import check_bound_set

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdfs"
RECORDS = SAMPLES / "records"


def record(name):
    return json.loads((RECORDS / name).read_text("utf-8"))


def codes(findings):
    return sorted(f.code for f in findings)


def test_applied_achievement_materials_across_files():
    # 应用技术 (002 四.1): 登记表 + 研制报告 + 评价性材料 + 用户报告.
    # Given: the form and a patent certificate (an IP certificate is 评价性材料 (4)).
    result = check_pdfs([SAMPLES / "registration-form.pdf", SAMPLES / "patent-certificate.pdf"],
                        record("ar-form.record.json"), use_ocr=False, look=False)
    status = {r["requirement"]: r["status"] for r in result.materials["required"]}
    assert list(status.values()) == ["present", "missing", "present", "missing"]
    assert status["研制报告"] == "missing" and status["用户报告"] == "missing"
    missing = [f.message for f in result.findings]
    assert missing == ["缺少所需材料：研制报告（上传的 PDF 中未识别到“研制报告”）",
                       "缺少所需材料：用户报告（上传的 PDF 中未识别到“应用证明”或“用户报告”）"]
    assert all(f.source == "《科技成果在线登记工作通知（山西，2025）》四" and f.clause == "002 四"
               for f in result.findings)


def test_completion_needs_the_ledger():
    nc = {"kind": "nssf-completion", "schema_version": 1}
    with_ledger = check_pdf(SAMPLES / "ledger.pdf", nc, use_ocr=False, look=False)
    assert with_ledger.materials["required"][0]["status"] == "present"
    without = check_pdf(SAMPLES / "acceptance-report.pdf", nc, use_ocr=False, look=False)
    [f] = [f for f in without.findings if f.code == "PDF201"]
    assert f.severity == "error" and "经费明细账" in f.message and f.clause == "001 五.1"
    assert f.source == "《国家社科基金科研创新服务管理平台操作手册（项目负责人）》五.1"


def test_sichuan_record_triggers_the_bound_order_check():
    sichuan = record("ar-sichuan.record.json")   # approving body 四川省科学技术厅
    good = check_pdf(SAMPLES / "bound-set-in-order.pdf", sichuan, use_ocr=False, look=False)
    assert good.bound_set["in_order"] is True and good.bound_set["missing"] == []
    bad = check_pdf(SAMPLES / "bound-set-out-of-order.pdf", sichuan, use_ocr=False, look=False)
    [f] = [f for f in bad.findings if f.code == "PDF203"]
    # pages: 验收报告 1–2, 任务书 3–4, 专家验收意见 5: the opinion should precede the task book
    assert f.page == 5
    assert f.message == ("装订顺序不符：第 5 页起的“审核验收或专家验收评价资料”应排在第 3 页起的"
                            "“科技厅签署版项目任务书”之前")
    shanxi = check_pdf(SAMPLES / "bound-set-out-of-order.pdf", record("ar-form.record.json"),
                       use_ocr=False, look=False)
    assert "bound_set" not in shanxi.to_dict()


def test_bound_set_missing_parts_are_warnings():
    result = check_bound_set([{"type": "验收报告", "pages": [1, 2]}, {"type": "财务资料", "pages": [3, 3]}])
    assert result["in_order"] is True
    assert result["missing"] == ["审核验收或专家验收评价资料", "科技厅签署版项目任务书", "技术支撑资料"]


def test_unstamped_registration_form_is_flagged(tmp_path):
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    pages = [re.sub(r'<svg class="seal".*?</svg>', "", p, flags=re.S)
             for p in make.registration_form(record("ar-form.record.json"))]
    path = tmp_path / "unstamped.pdf"
    path.write_bytes(make.html_to_pdf(pages))
    stamped = check_pdf(SAMPLES / "registration-form.pdf", use_ocr=False)
    assert "PDF205" not in codes(stamped.findings)
    assert stamped.seal["documents"] == [{"type": "科技成果登记表", "pages": [1, 2], "stamped": True}]
    unstamped = check_pdf(path, use_ocr=False)
    [f] = [f for f in unstamped.findings if f.code == "PDF205"]
    assert f.page == 1 and f.severity == "warning" and "公章" in f.message


def test_book_data_agrees_with_the_record():
    report = check_pdf(SAMPLES / "copyright-2024.pdf", record("pub-2024.record.json"),
                       use_ocr=False, look=False)
    # the record writes "(英) 约翰·史密斯" with a space and a date 2024-05-20: both agree
    assert [f for f in report.findings if f.code.startswith("PDF5")] == []


def test_each_disagreement_with_the_record_is_a_finding():
    pub = record("pub-2021.record.json")
    pub["book"].update(cip_number="2021256732", isbn="978-7-301-33210-8", title="中国伦理思想",
                       first_author="王建", publisher="人民出版社", publication_date="2022-04",
                       word_count_thousand=300, edition="第2版")
    report = check_pdf(SAMPLES / "copyright-2021.pdf", pub, use_ocr=False, look=False)
    found = {f.code: f for f in report.findings if f.code.startswith("PDF5")}
    assert sorted(found) == ["PDF501", "PDF502", "PDF503", "PDF504", "PDF505", "PDF506",
                             "PDF507", "PDF508"]
    assert found["PDF501"].path == "/book/cip_number" and found["PDF501"].page == 1
    assert found["PDF501"].message == "版权页（第 1 页）的CIP核准号为“2021256731”，与记录中的“2021256732”不一致"
    assert found["PDF507"].message == "版权页（第 1 页）的字数（千字）为“326”，与记录中的“300”不一致"
    assert "ISBN 978-7-5201-6474-0" in found["PDF502"].evidence


def test_declared_type_that_the_file_does_not_hold():
    pub = record("pub-2021.record.json")
    pub["attachments"] = [{"file_name": "ledger.pdf", "document_type": "版权页", "pages": 1}]
    report = check_pdf(SAMPLES / "ledger.pdf", pub, use_ocr=False, look=False)
    [f] = [f for f in report.findings if f.code == "PDF206"]
    assert f.path == "/attachments/0/document_type" and "经费明细账" in f.message


def test_malformed_records_never_break_the_pdf_check():
    # the API checks PDFs against whatever record a portal sends; the schema reports the rest
    for broken in ({"kind": "achievement-registration", "achievement": ["应用技术"], "registration": "x",
                    "registering_body": 3, "attachments": "a.pdf"},
                   {"kind": "achievement-registration", "achievement": {"type": ["应用技术"]}},
                   {"kind": "nssf-publication", "book": {"title": 7, "isbn": 9787520164740,
                                                         "other_authors": "李晓梅", "edition": None}},
                   {"kind": "nssf-publication", "book": "无"}):
        report = check_pdf(SAMPLES / "copyright-2021.pdf", broken, use_ocr=False, look=False)
        assert report.documents[0]["type"] == "版权页"
