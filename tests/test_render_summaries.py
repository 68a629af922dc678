"""The two summary forms (成果登记项目汇总表, 成果出版物报送清单) as XLSX and PDF.

Expected values are read off the sample records and the seeds by hand: copies per book from
000 二（一）, the label and address from 000 二（二）3.
"""
import copy
import datetime as dt
import io
import json
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from generator.render import render
from validators.fingerprint import qr_payload

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "samples/records"


def load(kind):
    return [json.loads(p.read_text("utf-8")) for p in sorted((RECORDS / kind).glob("*.json"))]


REGISTRATIONS = load("achievement-registration")      # applied-shanxi, basic-sichuan, softscience
PUBLICATIONS = load("nssf-publication")               # 2022-monograph, 2023-series, 2024-new-cip

# What each sample must show: title, unit, number (by hand from the JSON files).
EXPECTED = {
    "registration_summary": [
        ("煤矸石基高性能充填材料制备关键技术及应用", "太原理工大学", "未登记"),
        ("青藏高原东缘活动断裂带深部结构与强震孕育机理", "四川大学", "5102025J0042"),
        ("山西省县域数字经济发展评价与路径研究", "山西财经大学", "未登记"),
    ],
    "publication_mailing": [
        ("中国传统伦理思想的现代转化", "山西大学", "17BZX045"),
        ("巴蜀地方文献集成（第一辑）", "四川大学", "18ZDA231"),
        ("明清晋商会馆碑刻研究", "山西师范大学", "15CZS032"),
    ],
}
SAMPLES = {"registration_summary": REGISTRATIONS, "publication_mailing": PUBLICATIONS}


def one_body(records):
    """The records as if one body sealed (mailed) them all: one sheet (issue #14 item 11)."""
    out = copy.deepcopy(records)
    for r in out:
        if "achievement" in r:
            r["registering_body"]["name"] = "山西省教育厅"
        else:
            r["project"]["responsible_unit"]["name"] = "山西大学"
    return out
HEADERS = {"registration_summary": ("序号", "成果名称", "第一完成单位", "成果登记号", "登记日期"),
           "publication_mailing": ("序号", "批准号", "成果名称", "出版社", "ISBN", "结项日期")}


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_texts(data: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def column(ws, header: str) -> int:
    for c in ws[3]:
        if c.value == header:
            return c.column
    raise AssertionError(f"no column {header}")


def data_rows(ws, n):
    return [list(r) for r in ws.iter_rows(min_row=4, max_row=3 + n)]


def many(records, n):
    """``n`` valid records made from the samples, each with its own id and title."""
    out = []
    for i in range(n):
        r = copy.deepcopy(records[i % len(records)])
        r["id"] = f"{r['id']}-{i:04d}"
        if "achievement" in r:
            r["achievement"]["name"] += f"（第{i + 1}项）"
        else:
            r["book"]["title"] += f"（第{i + 1}册）"
        out.append(r)
    return out


@pytest.mark.parametrize("form", EXPECTED)
def test_samples_render_to_xlsx_and_pdf_with_every_record(form):
    records = SAMPLES[form]
    pdf = render(form, records, "pdf")
    text = flat("".join(pdf_texts(pdf.data)))
    wb = openpyxl.load_workbook(io.BytesIO(render(form, records, "xlsx").data))
    cells = {c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r
             if isinstance(c.value, str)}
    for title, unit, number in EXPECTED[form]:
        assert flat(title) in text and unit in text and number in text
        assert {title, unit, number} <= cells
    ws = sheet(render(form, one_body(records), "xlsx").data)
    assert len(data_rows(ws, 3)) == 3 and ws.cell(6, 1).value == 3      # 序号 1..3


@pytest.mark.parametrize("form", EXPECTED)
def test_xlsx_print_setup_frozen_header_and_footer(form):
    ws = sheet(render(form, SAMPLES[form], "xlsx").data)
    assert [c.value for c in ws[3]][:2] == ["序号", HEADERS[form][1]]
    assert all(c.font.b and c.border.left.style == "thin" for c in ws[3])
    assert ws.freeze_panes == "A4"                              # below the header row
    assert ws.print_title_rows == "$3:$3"                       # header on every printed page
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9                    # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth 1 is the OOXML default (XlsxWriter leaves it out)
    assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width > 3


def test_registration_summary_xlsx_money_dates_and_counts():
    ws = sheet(render("registration_summary", one_body(REGISTRATIONS), "xlsx").data)
    rows = data_rows(ws, 3)
    money = column(ws, "经济效益（万元）") - 1
    produced = column(ws, "成果产生日期") - 1
    issued = column(ws, "登记日期") - 1
    applied, basic, soft = rows
    assert applied[money].value == 3650 and isinstance(applied[money].value, (int, float))
    assert applied[money].number_format == "0.00"
    assert applied[produced].value == dt.datetime(2025, 6, 28)
    assert applied[produced].number_format == 'yyyy"年"m"月"d"日"'
    assert basic[issued].value == dt.datetime(2025, 9, 26)         # 5102025J0042 issued 2025-09-26
    assert applied[issued].value is None                           # not registered yet
    assert applied[0].value == 1 and applied[0].number_format == "0"
    totals = list(ws.iter_rows(min_row=7, max_row=7))[0]
    assert totals[0].value == "合计" and "共 3 项" in totals[1].value
    assert totals[money].value == 3650


# 000 二（一）: completed 2012–2019 → 2; 2020 or later → 3; large compilation series → 1;
# before 2012 → 1–2 voluntarily (the list counts the minimum, 1).
COPIES = {"中国传统伦理思想的现代转化": 3,        # completed 2021-06-18
          "巴蜀地方文献集成（第一辑）": 1,        # 大型文献编撰类丛书
          "明清晋商会馆碑刻研究": 2}              # completed 2019-11-05


def test_publication_mailing_copies_per_book_and_label():
    records = one_body(PUBLICATIONS)
    ws = sheet(render("publication_mailing", records, "xlsx").data)
    required = column(ws, "应报送套数") - 1
    submitted = column(ws, "报送套数") - 1
    title = column(ws, "成果名称") - 1
    published = column(ws, "出版日期") - 1
    for r in data_rows(ws, 3):
        assert r[required].value == COPIES[r[title].value]
        assert r[required].number_format == "0"
    rows = data_rows(ws, 3)
    assert rows[0][published].value == dt.datetime(2022, 3, 1)     # "2022-03": year and month
    assert rows[0][published].number_format == 'yyyy"年"m"月"'
    assert rows[2][column(ws, "ISBN") - 1].value == "978-7-100-11234-5"
    totals = [c.value for c in list(ws.iter_rows(min_row=7, max_row=7))[0]]
    assert totals[required] == 6 and totals[submitted] == 3 + 1 + 2
    cells = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert "社科基金成果样书" in cells
    assert any("北京市东城区先晓胡同 10 号" in v and "100005" in v for v in cells)

    text = flat("".join(pdf_texts(render("publication_mailing", records, "pdf").data)))
    assert "社科基金成果样书" in text and "中国版本图书馆样本征集部" in text
    assert "010-58689972" in text and "共3种6套" in text


def test_publication_completed_before_2012_counts_one_copy():
    record = copy.deepcopy(PUBLICATIONS[0])
    record["project"]["completion_date"] = "2010-05-01"
    ws = sheet(render("publication_mailing", [record], "xlsx", draft=True).data)
    assert ws.cell(4, column(ws, "应报送套数")).value == 1
    assert "2012 年以前结项" in ws.cell(4, column(ws, "套数依据")).value


@pytest.mark.parametrize("form", EXPECTED)
def test_300_records_pdf_repeats_the_header_on_every_page(form):
    records = many(one_body(SAMPLES[form]), 300)
    rendered = render(form, records, "pdf")
    pages = pdf_texts(rendered.data)
    assert rendered.pages == len(pages) >= 5
    for text in pages:
        for header in HEADERS[form]:
            assert header in text
    joined = flat("".join(pages))
    assert "（第300项）" in joined or "（第300册）" in joined
    assert "共300" in joined


@pytest.mark.parametrize("form", EXPECTED)
def test_qr_on_page_1_and_in_the_sheet_decode_to_the_payload(form):
    records = SAMPLES[form]
    payload = qr_payload(form, records)
    doc = pypdfium2.PdfDocument(render(form, records, "pdf").data)
    found = zxingcpp.read_barcodes(doc[0].render(scale=3).to_pil())
    assert [f.text for f in found] == [payload]
    with zipfile.ZipFile(io.BytesIO(render(form, records, "xlsx").data)) as z:
        media = [n for n in z.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1
        image = Image.open(io.BytesIO(z.read(media[0]))).convert("L").resize((600, 600))
    assert [f.text for f in zxingcpp.read_barcodes(image)] == [payload]


def test_draft_is_marked_in_sheet_and_pdf():
    records = copy.deepcopy(REGISTRATIONS)
    records[0]["achievement"]["name"] = ""                          # invalid: draft only
    ws = sheet(render("registration_summary", records, "xlsx", draft=True).data)
    assert ws["A2"].value == "草稿" and ws.oddHeader.center.text == "草稿"
    pdf = render("registration_summary", records, "pdf", draft=True)
    assert "草稿" in pdf_texts(pdf.data)[0]
    clean = sheet(render("registration_summary", REGISTRATIONS, "xlsx").data)
    assert clean["A2"].value is None and not clean.oddHeader.center.text


def test_formula_like_values_stay_text():
    records = copy.deepcopy(REGISTRATIONS)
    records[0]["achievement"]["name"] = '=HYPERLINK("http://x","点我")'
    data = render("registration_summary", records, "xlsx", draft=True).data
    ws = sheet(data)
    assert ws.cell(4, 2).value == '=HYPERLINK("http://x","点我")'
    assert ws.cell(4, 2).data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("form", EXPECTED)
def test_libreoffice_opens_the_xlsx(form, tmp_path):
    src = tmp_path / f"{form}.xlsx"
    src.write_bytes(render(form, many(one_body(SAMPLES[form]), 120), "xlsx").data)
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(src)],
        capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out" / f"{form}.pdf"
    pages = pdf_texts(out.read_bytes())
    assert len(pages) >= 2
    assert EXPECTED[form][0][1] in pages[0]
    for text in pages:                      # print titles: the header row on every page
        assert "序号" in text and "成果名称" in text


def test_long_values_continue_on_附页_in_the_pdf_and_on_the_附页_sheet():
    record = copy.deepcopy(REGISTRATIONS[0])
    record["achievement"]["name"] = "甲" * 1500
    record["completers"] = [dict(record["completers"][0], name=f"人{i:03d}") for i in range(150)]
    records = [record, REGISTRATIONS[2]]             # one 组织管理部门: one sheet
    rendered = render("registration_summary", records, "pdf", draft=True)
    pages = pdf_texts(rendered.data)
    text = flat("".join(pages))
    assert text.count("甲") == 1500                    # 80 in the cell, 1420 on 附页 1
    assert "附页1：第1项成果名称（续）" in text and "人149" in text
    # the 附页 stand on pages of their own, after the table (every page's footer names the form,
    # issue #14 item 8, so the table's column heads tell its pages apart)
    assert any("第一完成单位" not in p and "附页" in p for p in pages)
    assert rendered.overflow and "成果名称" in rendered.overflow[0]
    wb = openpyxl.load_workbook(io.BytesIO(render("registration_summary", records, "xlsx",
                                                   draft=True).data))
    ws = wb.worksheets[0]
    assert ws.cell(4, 2).value == "甲" * 80 + "……（续见附页 1）"       # as in the PDF
    assert ws.row_dimensions[4].height <= 409
    assert wb["附页"]["A1"].value == "附页 1：第 1 项成果名称（续）"
    texts = [c.value for c in wb["附页"]["A"]]
    second = texts.index(next(t for t in texts if t.startswith("附页 2：")))
    assert "".join(texts[1:second]) == "甲" * 1420            # in pieces a row can show
