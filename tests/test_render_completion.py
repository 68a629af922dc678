"""国家社会科学基金项目结项审批书 (001 五): every valid sample renders to DOCX and PDF with its
values, money and dates intact, long text continues on an 附页, the QR code carries the
record's fingerprint.

Every expected value below was read off the sample records by hand (money worked out on paper:
结余 = 预算数 − 决算数), never copied from the renderer's output.
"""
import copy
import json
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from formtext import docx_rows, docx_text, flat, pdf_text

from generator.contexts.completion import build_context
from generator.render import RenderRefused, render
from validators.fingerprint import fingerprint, parse_payload

DIR = Path(__file__).parent.parent / "samples/records/nssf-completion"
SAMPLES = sorted(DIR.glob("*.json"))

# Per sample: values as printed, the 决算表 rows (科目, 预算数, 决算数, 结余) and the 合计 row.
EXPECTED = {
    "nc-2024-correspondence-appraisal": dict(
        values=["20BZX012", "马克思主义时间哲学的当代阐释研究", "一般项目", "哲学", "王建平",
                "山西大学哲学学院", "0351-7010456", "wangjp@sxu.edu.cn", "山西大学",
                "12140000405200183Q", "山西省", "在研",
                "时间与解放：马克思主义时间哲学的当代阐释", "专著", "320",
                "■通讯鉴定", "□会议鉴定", "□免于鉴定",
                "孙立群", "北京师范大学哲学学院", "与项目负责人存在学术观点分歧并公开论争",
                "李晓红", "第二、三章撰写", "赵志强", "太原理工大学马克思主义学院",
                "数字资本主义下的时间加速批判", "王建平、李晓红",
                "20BZX012经费明细账.pdf（6 页，已盖章）", "时间与解放（最终成果）.pdf", "356",
                "已提交", "20.00"],
        dates=["2025年7月10日", "2020年9月15日", "2025年12月31日", "2025年6月30日", "1972年5月",
               "2022年5月", "2023年3月", "2025年7月2日"],
        rows=[("业务费", "10.50", "9.86", "0.64"), ("劳务费", "4.50", "4.50", "0.00"),
              ("设备费", "1.20", "1.18", "0.02"), ("间接费用", "3.80", "3.80", "0.00")],
        total=("20.00", "19.34", "0.66")),
    "nc-2023-exempt-appraisal": dict(
        values=["19BJL056", "粤港澳大湾区制造业与生产性服务业协同发展研究", "理论经济", "林振华",
                "中山大学岭南学院", "020-84112345", "中山大学", "12440000455859012E", "广东省",
                "研究报告", "150", "□通讯鉴定", "■免于鉴定",
                "最终成果已被广东省人民政府办公厅采纳并印发相关文件。",
                "成果采纳证明.pdf（2 页，已盖章）", "19BJL056经费明细账.pdf（8 页，已盖章）",
                "何静", "梁国栋", "高级统计师", "广东省统计局", "大湾区制造业协同指数的构建与测算",
                "经济研究 2021年第8期", "撤回修改：补充阶段性成果", "审批通过", "20.00"],
        dates=["2023年4月10日", "2019年7月12日", "2023年6月30日", "2023年3月31日", "1975年2月",
               "2021年8月", "2023年4月3日", "2023年4月7日", "2023年6月15日"],
        rows=[("资料费", "2.50", "2.50", "0.00"), ("数据采集费", "4.00", "3.95", "0.05"),
              ("会议费/差旅费/国际合作与交流费", "5.00", "4.80", "0.20"),
              ("专家咨询费", "2.00", "2.00", "0.00"), ("劳务费", "2.50", "2.50", "0.00"),
              ("印刷出版费", "1.00", "0.90", "0.10"), ("间接费用", "3.00", "3.00", "0.00")],
        total=("20.00", "19.65", "0.35")),
}


def load(path=SAMPLES[0]) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def test_every_sample_has_expectations():
    assert {p.stem for p in SAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_completion_round_trip(path):
    record, want = load(path), EXPECTED[path.stem]
    pdf = render("completion", record, "pdf")
    docx = render("completion", record, "docx")
    assert pdf.content_type == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.overflow == () and pdf.pages >= 3
    text, words = pdf_text(pdf.data), docx_text(docx.data)
    for value in want["values"] + want["dates"]:
        assert value in flat(text), value
        assert value in flat(words), value
    # 项目资金决算表: every line and the 合计 row, as printed (PDF: one line per table row)
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\r\n")]
    rows = docx_rows(docx.data)
    for i, (item, budget, spent, balance) in enumerate(want["rows"], 1):
        assert f"{i} {item} {budget} {spent} {balance}" in lines
        assert [str(i), item, budget, spent, balance] in rows
    assert "合计 " + " ".join(want["total"]) in lines
    assert ["合计", *want["total"]] in rows


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_qr_on_page_1_carries_the_fingerprint(path):
    record = load(path)
    doc = pypdfium2.PdfDocument(render("completion", record, "pdf").data)
    found = zxingcpp.read_barcodes(doc[0].render(scale=3).to_pil())
    assert found
    payload = parse_payload(found[0].text)
    assert payload["form"] == "completion" and payload["sha256"] == fingerprint(record)


def test_2000_character_exemption_reason_continues_on_附页():
    record = load(DIR / "nc-2023-exempt-appraisal.json")
    record["appraisal"]["exemption_reason"] = "甲" * 1999 + "乙"   # schema maximum: 2000
    pdf = render("completion", record, "pdf")
    docx = render("completion", record, "docx")
    assert pdf.overflow == ("申请免于鉴定理由：续见附页 1（1700 字）",)
    for text in (flat(pdf_text(pdf.data)), flat(docx_text(docx.data))):
        assert "续见附页 1" in text and "附页 1：申请免于鉴定理由（续）" in text
        assert text.count("甲") == 1999 and text.count("乙") == 1
        assert "甲乙" in text                           # the last character is on the 附页


def test_many_members_continue_on_附页():
    record = load()
    record["members"] = [{"name": f"成员{i:02d}", "title": "讲师", "unit": "山西大学"}
                         for i in range(1, 19)]
    text = flat(pdf_text(render("completion", record, "pdf").data))
    assert "其余 3 项续见附页 1" in text
    assert "16. 成员16，讲师，山西大学" in text and "18. 成员18" in text


def test_context_sums_worked_by_hand():
    ctx = build_context(load(DIR / "nc-2024-correspondence-appraisal.json"))
    assert [(r.item, r.budget, r.spent, r.balance) for r in ctx.accounts] == \
        EXPECTED["nc-2024-correspondence-appraisal"]["rows"]
    assert (ctx.accounts_total_budget, ctx.accounts_total_spent, ctx.accounts_balance) == \
        ("20.00", "19.34", "0.66")
    assert "不符" not in ctx.accounts_check


def test_exact_sums_and_a_wrong_declared_total():
    record = load()
    # 0.1 + 0.2 is 0.30 exactly; 0.3 − 0.1 is 0.20 (float arithmetic gives 0.30000000000000004
    # and 0.19999999999999998)
    record["final_accounts"] = {
        "lines": [{"item": "业务费", "budget": 0.1, "spent": 0.1},
                  {"item": "劳务费", "budget": 0.2, "spent": 0.1}],
        "total_budget": 0.3, "total_spent": 0.3, "balance": 0}
    ctx = build_context(record)
    assert (ctx.accounts_total_budget, ctx.accounts_total_spent, ctx.accounts_balance) == \
        ("0.30", "0.20", "0.10")
    assert [r.balance for r in ctx.accounts] == ["0.00", "0.10"]
    assert "申请书所填决算合计为 0.30 万元，按各科目计算应为 0.20 万元" in ctx.accounts_check
    assert "申请书所填结余为 0.00 万元，按各科目计算应为 0.10 万元" in ctx.accounts_check
    # such a record is refused (NC403/NC404) and renders only as a draft
    with pytest.raises(RenderRefused):
        render("completion", record, "pdf")
    text = flat(pdf_text(render("completion", record, "pdf", draft=True).data))
    assert "按各科目计算应为 0.20 万元" in text and "草稿" in text


def test_missing_ledger_and_proof_are_said_on_the_form():
    record = copy.deepcopy(load(DIR / "nc-2023-exempt-appraisal.json"))
    record["attachments"] = [m for m in record["attachments"]
                             if m["document_type"] not in ("经费明细账", "免于鉴定证明材料")]
    ctx = build_context(record)
    assert ctx.ledger == "未上传（请先上传经费明细账附件再提交）"
    assert ctx.exemption_proof == "未上传（选择免于鉴定须上传证明材料）"
