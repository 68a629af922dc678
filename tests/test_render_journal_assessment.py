"""期刊综合质量考核表 (seed 004) renders from every valid sample, with the scores of both columns.

The totals are checked twice: against the scoring engine (``score(record, "self"/"review")``) and
against the figures worked out by hand in samples/records/journal-assessment/README.md, kept in
samples/records/journal-assessment/expected/*.expected.json (read through tests/journal_hand_totals.py).
"""
import copy
import io
import json
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from docx import Document
from journal_hand_totals import hand_totals

from generator.contexts.journal_assessment import build_context
from generator.render import render
from validators.fingerprint import fingerprint, parse_payload
from validators.scoring.journal import score

SAMPLES = Path(__file__).resolve().parent.parent / "samples/records/journal-assessment"

# sample → (the category's table title as the sheet prints it, 004 表4-1…4-4)
TABLE_TITLES = {
    "academic-bayu-renwen": "社科学术类业务考核表",
    "political-economic-chongqing-jingji": "政治经济类业务考核表",
    "culture-education-bayu-shaonian": "文化教育类业务考核表",
    "gazette-yearbook-chongqing-nianjian": "公报年鉴类业务考核表",
}
HAND = {(path.stem, column): (S, grade) for path, column, K, A, B, C, D, S, grade in hand_totals()}


def load(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.json").read_text("utf-8"))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def docx_row(data: bytes, first_cell: str) -> list[str]:
    """The cells of the first table row whose first cell starts with ``first_cell``."""
    for t in Document(io.BytesIO(data)).tables:
        for r in t.rows:
            if r.cells[0].text.startswith(first_cell):
                return [c.text for c in r.cells]
    raise AssertionError(f"no row {first_cell!r}")


def pdf_text(doc) -> str:
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module", params=sorted(TABLE_TITLES))
def rendered(request):
    record = load(request.param)
    pdf = render("journal_assessment", record, "pdf")
    docx = render("journal_assessment", record, "docx")
    return request.param, record, pdf, docx


def test_renders_both_formats(rendered):
    stem, record, pdf, docx = rendered
    assert pdf.data.startswith(b"%PDF") and pdf.pages >= 10
    assert docx.data.startswith(b"PK")
    assert pdf.overflow == ()   # the samples fit their cells


def test_name_cn_and_table_title_in_both_formats(rendered):
    stem, record, pdf, docx = rendered
    text = pdf_text(pypdfium2.PdfDocument(pdf.data))
    flat = text.replace("\n", "")
    words = docx_text(docx.data)
    for value in (record["journal"]["name"], record["basic_info"]["cn"], TABLE_TITLES[stem]):
        assert value in flat
        assert value in words
    # only the journal's own 表4 is printed (填表说明 二)
    for other in set(TABLE_TITLES.values()) - {TABLE_TITLES[stem]}:
        assert other not in flat and other not in words


def test_totals_and_grade_of_both_columns(rendered):
    stem, record, pdf, docx = rendered
    mine, theirs = score(record, "self"), score(record, "review")
    # the engine agrees with the hand calculation of the README …
    assert (str(mine.S), mine.grade) == HAND[(stem, "self")]
    assert (str(theirs.S), theirs.grade) == HAND[(stem, "review")]
    s_self, s_review = HAND[(stem, "self")][0], HAND[(stem, "review")][0]
    g_self, g_review = HAND[(stem, "self")][1], HAND[(stem, "review")][1]
    # … and the form prints those figures in 表8, 自评 then 评审
    text = pdf_text(pypdfium2.PdfDocument(pdf.data))
    assert f"S=K×（A+B+C）+D {s_self} {s_review}\n" in text
    assert f"考核等级 {g_self} {g_review}\n" in text
    assert docx_row(docx.data, "总分S")[1:] == [s_self, s_review]
    assert docx_row(docx.data, "考核等级")[1:] == [g_self, g_review]


def test_academic_sheet_by_hand():
    """《巴渝人文社会科学学报》: the README's hand-worked rows land in their cells (both columns)."""
    data = render("journal_assessment", load("academic-bayu-renwen"), "docx").data
    assert docx_row(data, "政治考核K")[1:] == ["1", "0.98"]
    assert docx_row(data, "业务考核A")[1:] == ["39.8", "39.5"]
    assert docx_row(data, "编辑出版B")[1:] == ["27.5", "25"]
    assert docx_row(data, "法纪规范C")[1:] == ["18", "16.7"]
    assert docx_row(data, "加分D")[1:] == ["4", "4"]
    # 表4-1: 复合影响因子 0.467 → 6.6; Web即年下载率 13.8% → 0.5 (README)
    assert docx_row(data, "复合影响因子\n")[2:] == ["6.6", "6.6"]
    assert docx_row(data, "Web即年下载率\n")[2:] == ["0.5", "0.5"]
    # 表5-1 数字出版 1 + 4 + 1 + 1 = 7 in both columns; 执行标准 1 / 2 deficiencies → 3.5 / 3
    assert docx_row(data, "数字出版")[3:] == ["7", "7"]
    assert docx_row(data, "执行标准")[3:] == ["3.5", "3"]
    # 表6 版本记录 3 / one irregularity → 2.7
    assert docx_row(data, "版本记录")[3:] == ["3", "2.7"]


def test_bonus_cap_is_explained():
    """《巴渝少年》: 表7 adds up to 15.4 (7 + 1.4 + 4 + 3, README) and D is capped at 10."""
    data = render("journal_assessment", load("culture-education-bayu-shaonian"), "docx").data
    assert docx_row(data, "累计加分D")[-2:] == ["10", "10"]
    words = docx_text(data)
    assert "各项合计 15.4 分，按 10 分计" in words


def test_qr_code_on_page_1_carries_the_fingerprint(rendered):
    stem, record, pdf, docx = rendered
    image = pypdfium2.PdfDocument(pdf.data)[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert found and parse_payload(found[0].text)["sha256"] == fingerprint(record)


def test_review_column_not_entered_yet_stays_blank():
    record = load("gazette-yearbook-chongqing-nianjian")
    del record["political"]["k"]["review"]
    ctx = build_context(record)
    assert ctx.totals["S"].self_score == "62.70"       # 0.95 × 66, README
    assert ctx.totals["S"].review_score == "" and ctx.totals["grade"].review_score == ""
    assert ctx.scores["t4_4_positioning"].review_score == ""
    assert "未计分" in ctx.calculation[0].review_working
    words = docx_text(render("journal_assessment", record, "docx", draft=True).data)
    assert "62.70" in words


def test_falsified_data_is_graded_不合格():
    record = json.loads((SAMPLES / "invalid" / "JA104.json").read_text("utf-8"))
    data = render("journal_assessment", record, "docx", draft=True).data
    assert docx_row(data, "考核等级")[1:] == ["不合格", "不合格"]
    assert "考核结果为不合格（填表说明 五.6）" in docx_text(data)


def test_long_opinion_and_many_abstracts_continue_without_loss():
    record = load("academic-bayu-renwen")
    record["political"]["opinion"] = "甲" * 1500
    entry = record["abstracting"]["entries"][0]
    record["abstracting"]["entries"] = [dict(copy.deepcopy(entry), article=f"第{i:03d}篇")
                                        for i in range(120)]
    rendered = render("journal_assessment", record, "pdf", draft=True)
    text = pdf_text(pypdfium2.PdfDocument(rendered.data))
    assert text.count("甲") == 1500                   # 500 in 表3, the rest on an 附页
    assert "附页 1：表3 评审意见（续）" in text
    assert "第000篇" in text and "第119篇" in text      # 表2-1 runs over pages, header repeated
    assert text.count("篇名及刊载期刊期序") >= 3
