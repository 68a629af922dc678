"""国家社会科学基金项目预算调整申请表 (001 六): every valid sample renders to DOCX and PDF
with every budget line, 调整前 / 调整后 / 增减 and the totals; the 合计 and 增减 are computed
exactly (Decimal) in the context builder; long text continues on an 附页; the QR code carries
the record's fingerprint.

Every expected figure below was worked out by hand from the sample records (增减 = 调整后 −
调整前; 合计 = sum of the lines; 经费总额 = 直接费用 + 间接费用), never copied from the
renderer's output.
"""
import json
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from formtext import docx_rows, docx_text, flat, pdf_text

from generator.contexts.budget_adjustment import build_context
from generator.render import RenderRefused, render
from validators.fingerprint import fingerprint, parse_payload

DIR = Path(__file__).parent.parent / "samples/records/nssf-budget-adjustment"
SAMPLES = sorted(DIR.glob("*.json"))
SHIFT = DIR / "ba-2024-shift-between-lines.json"
OUTBOUND = DIR / "ba-2025-outbound-added.json"

FILED = "由责任单位审核通过后生效，并按程序报全国社科工作办备案"
NEEDS_APPROVAL = "须报全国社科工作办审批，审批通过后生效"

EXPECTED = {
    "ba-2024-shift-between-lines": dict(
        values=["22BTQ041", "数字人文视域下的地方志知识图谱构建研究", "张慧敏", "教授",
                "武汉大学信息管理学院", "zhanghm@whu.edu.cn", "武汉大学", "12420000441626529C",
                "湖北省", "责任单位审核通过", "原定两次线下学术会议改为线上，会议支出减少",
                "方志文本标注工作量超出预期，增加研究生助研劳务", "无外拨经费", FILED,
                "地方志古籍文本的人工标注工作量较申请时估计增加约一倍"],
        dates=["2024年5月20日"],
        summary=[("直接费用", "16.00", "16.00", "0.00"), ("间接费用", "4.00", "4.00", "0.00"),
                 ("经费总额", "20.00", "20.00", "0.00")],
        lines=[("业务费", "9.00", "7.50", "-1.50"), ("劳务费", "5.00", "6.50", "+1.50"),
               ("设备费", "2.00", "2.00", "0.00")],
        total=("16.00", "16.00", "0.00"),
        outbound=[]),
    "ba-2025-outbound-added": dict(
        values=["23AZD018", "长江经济带生态产品价值实现机制研究", "徐国庆", "浙江大学公共管理学院",
                "0571-88206543", "浙江大学", "12330000470003281H", "浙江省", "已提交",
                "武汉大学", "12420000441626529C", "联系人：张慧敏",
                "共 1 家外拨单位，外拨合计调整前 0.00 万元，调整后 8.75 万元，增减 +8.75 万元",
                "增列外拨经费（武汉大学）", NEEDS_APPROVAL,
                "从业务费调剂 3.5 万元至劳务费"],
        dates=["2025年3月18日"],
        summary=[("直接费用", "66.00", "66.00", "0.00"), ("间接费用", "14.00", "14.00", "0.00"),
                 ("经费总额", "80.00", "80.00", "0.00")],
        lines=[("业务费", "40.00", "36.50", "-3.50"), ("劳务费", "20.00", "23.50", "+3.50"),
               ("设备费", "6.00", "6.00", "0.00")],
        total=("66.00", "66.00", "0.00"),
        outbound=[("业务费", "0.00", "5.50", "+5.50"), ("劳务费", "0.00", "3.25", "+3.25"),
                  ("小计", "0.00", "8.75", "+8.75")]),
}


def load(path=SHIFT) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def test_every_sample_has_expectations():
    assert {p.stem for p in SAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_budget_adjustment_round_trip(path):
    record, want = load(path), EXPECTED[path.stem]
    pdf = render("budget_adjustment", record, "pdf")
    docx = render("budget_adjustment", record, "docx")
    assert pdf.data.startswith(b"%PDF") and pdf.overflow == ()
    text, words = pdf_text(pdf.data), docx_text(docx.data)
    for value in want["values"] + want["dates"]:
        assert value in flat(text), value
        assert value in flat(words), value
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\r\n")]
    rows = docx_rows(docx.data)
    for item, before, after, change in want["summary"]:
        assert any(line.startswith(f"{item} {before} {after} {change}") for line in lines), item
        assert [item, before, after, change] == next(r[:4] for r in rows if r[0] == item)
    for i, (item, before, after, change) in enumerate(want["lines"], 1):
        assert any(line.startswith(f"{i} {item} {before} {after} {change}") for line in lines)
        assert [str(i), item, before, after, change] == next(
            r[:5] for r in rows if r[:2] == [str(i), item])
    assert "合计 " + " ".join(want["total"]) in lines
    assert ["合计", *want["total"], ""] in rows
    for item, before, after, change in want["outbound"]:
        assert re.search(f"{item} {before} {after} {re.escape(change)}", "\n".join(lines))
        assert any(r[1:5] == [item, before, after, change] for r in rows)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_qr_on_page_1_carries_the_fingerprint(path):
    record = load(path)
    doc = pypdfium2.PdfDocument(render("budget_adjustment", record, "pdf").data)
    found = zxingcpp.read_barcodes(doc[0].render(scale=3).to_pil())
    assert found
    payload = parse_payload(found[0].text)
    assert payload["form"] == "budget_adjustment" and payload["sha256"] == fingerprint(record)


def test_2000_character_reason_continues_on_附页():
    record = load()
    record["reason"] = "甲" * 1999 + "乙"
    pdf = render("budget_adjustment", record, "pdf")
    docx = render("budget_adjustment", record, "docx")
    assert pdf.overflow == ("调整理由：续见附页 1（1600 字）",)     # 400 in the box
    for text in (flat(pdf_text(pdf.data)), flat(docx_text(docx.data))):
        assert "续见附页 1" in text and "附页 1：调整理由（续）" in text
        assert text.count("甲") == 1999 and text.count("乙") == 1 and "甲乙" in text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_context_figures_worked_by_hand(path):
    ctx, want = build_context(load(path)), EXPECTED[path.stem]
    assert [(r.item, r.before, r.after, r.change) for r in ctx.summary] == want["summary"]
    assert [(r.item, r.before, r.after, r.change) for r in ctx.lines] == want["lines"]
    assert (ctx.lines_total_before, ctx.lines_total_after, ctx.lines_total_change) == \
        want["total"]
    assert [(r.item, r.before, r.after, r.change) for r in ctx.outbound] == want["outbound"]
    assert "不符" not in ctx.check and "填为" not in ctx.check


def test_sums_are_exact():
    record = load()
    # Float arithmetic: 0.1 + 0.2 = 0.30000000000000004, 0.3 − 0.1 = 0.19999999999999998.
    record["direct_budget"] = {
        "lines": [{"item": "业务费", "before": 0.1, "after": 0.3},
                  {"item": "劳务费", "before": 0.2, "after": 0.1},
                  {"item": "设备费", "before": 15.7, "after": 15.6}],
        "total_before": 16, "total_after": 16}
    ctx = build_context(record)
    assert [r.change for r in ctx.lines] == ["+0.20", "-0.10", "-0.10"]
    assert (ctx.lines_total_before, ctx.lines_total_after, ctx.lines_total_change) == \
        ("16.00", "16.00", "0.00")


def test_wrong_totals_and_indirect_change_are_shown_on_a_draft():
    record = load()
    record["direct_budget"]["total_after"] = 15          # the lines add up to 16.00
    record["basic_info"]["indirect_after"] = 5           # 间接经费不可调整 (BA403)
    record["basic_info"]["total_after"] = 21
    with pytest.raises(RenderRefused):
        render("budget_adjustment", record, "pdf")
    ctx = build_context(record)
    assert ctx.lines_total_after == "16.00"               # printed: the sum of the lines
    assert [(r.item, r.before, r.after, r.change) for r in ctx.summary] == [
        ("直接费用", "16.00", "16.00", "0.00"), ("间接费用", "4.00", "5.00", "+1.00"),
        ("经费总额", "20.00", "21.00", "+1.00")]
    assert ctx.summary[1].note == "间接费用不可调整（本申请填写有误）"
    assert "间接费用由 4.00 万元调整为 5.00 万元，间接费用不可调整" in ctx.check
    assert "直接费用预算表合计（调整后）填为 15.00 万元，按各项计算应为 16.00 万元" in ctx.check
    assert "经费总额（调整后）" not in ctx.check           # 16 + 5 = 21, as declared
    # 经费总额 changed → the national office approves (001 六 请注意)
    assert ctx.route.startswith("本次预算调整涉及调整经费总额") and NEEDS_APPROVAL in ctx.route
    text = flat(pdf_text(render("budget_adjustment", record, "pdf", draft=True).data))
    assert "按各项计算应为 16.00 万元" in text and "草稿" in text
