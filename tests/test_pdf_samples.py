"""Exact fields read from the generated samples (samples/pdfs/make_samples.py prints them;
the expected values below are what the sample pages print, read off the page text)."""
import json
from pathlib import Path

import pytest

from validators.pdf.check import check_pdf
from validators.pdf.copyright import parse_copyright_page
from validators.pdf.doctypes import recognise

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdfs"
RECORDS = SAMPLES / "records"


def value(cip, key):
    return cip[key]["value"]


@pytest.fixture(scope="module")
def book2021():
    return check_pdf(SAMPLES / "copyright-2021.pdf", use_ocr=False, look=False)


@pytest.fixture(scope="module")
def book2024():
    return check_pdf(SAMPLES / "copyright-2024.pdf", use_ocr=False, look=False)


def test_2020_form_copyright_page_fields(book2021):
    cip = book2021.cip
    # printed: 中国版本图书馆CIP数据核字（2021）第256731号 → year 2021 + serial 256731
    assert value(cip, "cip") == "2021256731"
    assert cip["cip"]["variant"] == "2020-digits" and cip["cip"]["printed_by"] == "中国版本图书馆"
    # printed twice (CIP block and 书号 line), reported once: ISBN 978-7-5201-6474-0
    assert [i["value"] for i in cip["isbns"]] == ["9787520164740"]
    assert value(cip, "title") == "中国传统伦理思想的现代转化"
    assert value(cip, "authors") == [{"name": "王建国", "role": "著"}, {"name": "李晓梅", "role": "著"},
                                     {"name": "赵志刚", "role": "著"}]
    assert (value(cip, "place"), value(cip, "publisher")) == ("北京", "社会科学文献出版社")
    # 版次／2022年3月第1版 → 2022-03, 第1版; 字数：３２６千字 (full-width digits) → 326
    assert value(cip, "publication_date") == "2022-03" and value(cip, "edition") == "第1版"
    assert value(cip, "word_count_thousand") == 326 and value(cip, "price") == "98.00"
    assert cip["cip"]["page"] == 1 and "CIP数据核字" in cip["cip"]["evidence"]


def test_2023_form_copyright_page_with_glued_isbns_and_a_translator(book2024):
    cip = book2024.cip
    # printed: 中国国家版本馆CIP数据核字第2024PR2624号
    assert value(cip, "cip") == "2024PR2624" and cip["cip"]["variant"] == "2023-alnum"
    # ISBN978-7-100-11234-5（精装）ISBN978-7-100-11235-2（平装）定价… : both, glued to the text
    assert [i["value"] for i in cip["isbns"]] == ["9787100112345", "9787100112352"]
    assert value(cip, "authors") == [{"name": "(英)约翰·史密斯", "role": "著"},
                                     {"name": "刘文静", "role": "译"}]   # "刘 文静" printed
    assert value(cip, "publisher") == "商务印书馆" and value(cip, "publication_date") == "2024-05"
    assert value(cip, "word_count_thousand") == 412


@pytest.mark.parametrize("name", ["copyright-2021", "copyright-2024"])
def test_copyright_fields_agree_with_the_expected_report(name):
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8"))["cip"]
    cip = check_pdf(SAMPLES / f"{name}.pdf", use_ocr=False, look=False).cip
    for key in ("title", "publisher", "place", "publication_date", "word_count_thousand",
                "edition", "price"):
        assert value(cip, key) == expected[key], key
    assert [i["value"] for i in cip["isbns"]] == expected["isbns"]
    assert [[a["name"], a["role"]] for a in value(cip, "authors")] == \
        [[n.replace("（", "(").replace("）", ")"), r] for n, r in expected["authors"]]


@pytest.mark.parametrize("name", ["acceptance-report", "patent-certificate", "ledger",
                                  "registration-form", "bound-set-in-order",
                                  "bound-set-out-of-order", "copyright-2021"])
def test_documents_and_pages_match_the_expected_report(name):
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8"))
    report = check_pdf(SAMPLES / f"{name}.pdf", use_ocr=False, bound_set=name.startswith("bound"))
    assert report.pages == expected["pages"]
    assert [{"type": d["type"], "pages": d["pages"]} for d in report.documents] == expected["documents"]
    if "seal_pages" in expected:
        assert sorted({s["page"] for s in report.seal["seals"]}) == expected["seal_pages"]
    if "bound_set_in_order" in expected:
        assert report.bound_set["in_order"] is expected["bound_set_in_order"]


def test_every_document_names_its_evidence():
    report = check_pdf(SAMPLES / "patent-certificate.pdf", use_ocr=False, look=False)
    evidence = report.documents[0]["evidence"][0]
    # the page heading 发明专利证书 plus body phrases 专利号, 专利权人, 授权公告日, 国家知识产权局
    assert evidence["page"] == 1 and evidence["phrases"][0] == "发明专利证书"
    assert {"专利号", "专利权人", "授权公告日"} <= set(evidence["phrases"])


def test_pages_without_a_heading_continue_the_document_before():
    docs = recognise(["项目验收报告\n验收结论：同意通过验收", "三、经费使用情况", "专家验收意见\n验收专家组认为…"])
    assert [(d["type"], d["pages"]) for d in docs] == [("验收报告", [1, 2]), ("验收意见", [3, 3])]


def test_unrecognised_pages_are_reported():
    report = check_pdf(SAMPLES / "copyright-2021.pdf", use_ocr=False, look=False)
    assert "PDF202" not in [f.code for f in report.findings]
    docs = recognise(["会议纪要", "项目验收报告 验收结论"])
    assert [(d["type"], d["pages"]) for d in docs] == [("unknown", [1, 1]), ("验收报告", [2, 2])]


def test_seal_on_the_acceptance_report_and_none_on_the_ledger():
    stamped = check_pdf(SAMPLES / "acceptance-report.pdf", use_ocr=False).seal
    # the sample seal is a 42 mm ring; the detector pools 1 mm cells, so 40–44 mm
    assert [s["page"] for s in stamped["seals"]] == [1]
    assert 40 <= stamped["seals"][0]["width_mm"] <= 44
    assert check_pdf(SAMPLES / "ledger.pdf", use_ocr=False).seal["seals"] == []


def test_isbn_glued_to_text_and_several_per_page():
    fields = parse_copyright_page("书号ISBN9787100112345定价78元ISBN 978-7-100-11235-2（平装）"
                                  "ISBN 7-301-04815-7", 4)
    # the ISBN-10 7-301-04815-7 converts to 978-7-301-04815-3 (new check digit)
    assert [i["value"] for i in fields["isbns"]] == ["9787100112345", "9787100112352", "9787301048153"]
    assert all(i["page"] == 4 for i in fields["isbns"])


def test_bad_isbn_check_digit_is_a_finding_with_the_page():
    fields = parse_copyright_page("ISBN 978-7-100-11234-6", 2)
    assert fields["isbns"][0]["error"] == "ISBN 校验位不正确"


def test_scanned_copyright_page_is_read_by_ocr_and_findings_say_so():
    record = json.loads((RECORDS / "pub-2021.record.json").read_text("utf-8"))
    report = check_pdf(SAMPLES / "scanned-copyright.pdf", record, look=False)
    assert report.scanned_pages == [1] and report.ocr_pages == [1]
    assert report.documents[0]["type"] == "版权页" and report.documents[0]["via"] == "ocr"
    # the scan of 中国版本图书馆CIP数据核字（2021）第256731号, read by OCR
    assert report.cip["cip"]["value"] == "2021256731" and report.cip["cip"]["via"] == "ocr"
    no_text = [f for f in report.findings if f.code == "PDF101"]
    assert no_text and "OCR" in no_text[0].message
    for f in report.findings:
        if f.code.startswith("PDF5"):  # any OCR-based disagreement is only a warning
            assert f.severity == "warning" and "OCR" in f.message


def test_papers_and_impact_proofs_are_recognised_for_basic_theory_records():
    # 002 四.2 asks for papers, peer opinions and proof of academic impact
    docs = recognise(["论文题目\n摘要：本文……\n关键词：伦理\nDOI: 10.1/x", "正文", "参考文献 [1] 张三",
                      "学术影响证明\n该论文被他引 12 次", "同行专家评价意见\n该成果学术价值较高"])
    assert [(d["type"], d["pages"]) for d in docs] == [
        ("学术论文", [1, 3]), ("学术影响证明", [4, 4]), ("同行评价意见", [5, 5])]


def test_docs_name_every_document_type_and_pdf_rule():
    from validators import catalogue
    from validators.pdf.doctypes import DOC_TYPES

    text = (Path(__file__).resolve().parents[1] / "docs" / "pdf.md").read_text("utf-8")
    assert [t.name for t in DOC_TYPES if t.name not in text] == []
    catalogue.load_all()
    pdf_codes = [c for c in catalogue.RULES if c.startswith("PDF")]
    assert len(pdf_codes) >= 25 and all(catalogue.RULES[c].kind == "attachment" for c in pdf_codes)
