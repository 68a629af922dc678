"""Issue #14 items 12 and 13: the national forms' printed details, and the smaller flaws a reader
notices (a counting bug, wrapped dates, headings stranded at a page's foot, bold headings)."""
from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from generator.render import render

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"


def sample(kind: str, stem: str) -> dict:
    return json.loads((RECORDS / kind / f"{stem}.json").read_text("utf-8"))


def pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- item 13: the budget form counts partner units, not table rows ---------------------------

def test_budget_form_says_how_many_partner_units_continue_on_the_attachment():
    record = sample("nssf-budget-adjustment", "ba-2025-outbound-added")
    unit = record["outbound_budgets"][0]
    record["outbound_budgets"] = []
    for i in range(20):     # 20 units of 2 lines and a 小计 each: 3 rows a unit
        u = copy.deepcopy(unit)
        u["unit"]["name"] = f"合作单位{i + 1}号"
        record["outbound_budgets"].append(u)
    text = flat("".join(pages(render("budget_adjustment", record, "pdf", draft=True).data)))
    # the table holds 24 rows: 8 whole units; by hand, 20 − 8 = 12 units go to the 附页
    assert "合作单位8号" in text.split("附页")[0] and "其余12项" in text, text[-400:]
    assert "其余36项" not in text


# --- item 12: the registration form's cover as published with 国统函[2002]163号 ----------------

@pytest.mark.parametrize("stem,variant", [("ar-2025-applied-shanxi", "（应用技术类成果）"),
                                          ("ar-2025-basic-sichuan", "（基础理论、软科学类成果）")])
def test_registration_cover_prints_the_2002_form(stem, variant):
    record = sample("achievement-registration", stem)
    cover = flat(pages(render("registration_form", record, "pdf").data)[0])
    assert variant in cover
    assert "中华人民共和国科学技术部二○○二年制" in cover
    assert "《中华人民共和国统计法》第三条" in cover and "如实提供统计资料" in cover
    assert "《科技成果登记办法》第二条" in cover and "涉及国家秘密的科技成果" in cover
    # 批准登记日期 □□□□年□□月□□日: the issued date's eight digits in their boxes
    issued = record.get("registration", {}).get("issued_on")
    if issued:
        y, m, d = issued.split("-")
        assert f"批准登记日期{y}年{m}月{d}日" in cover, cover
    body = flat("".join(pages(render("registration_form", record, "pdf").data)[1:]))
    assert "成果体现形式" in body


def test_registration_date_boxes_are_boxes_in_the_docx():
    record = sample("achievement-registration", "ar-2025-applied-shanxi")
    doc = Document(io.BytesIO(render("registration_form", record, "docx").data))
    cover = doc.tables[0]
    date_row = next(r for r in cover.rows if r.cells[0].text == "批准登记日期")
    texts = []
    for c in date_row.cells:
        if not texts or c._tc is not texts[-1]._tc:
            texts.append(c)
    assert [c.text for c in texts][4:12:4] == ["年", "月"] or "年" in [c.text for c in texts]
    assert [c.text for c in texts].count("日") == 1 and [c.text for c in texts].count("月") == 1


# --- item 12: the change sheet's boxes for 变更责任单位 and 变更项目负责人 -----------------------

def change_of(kind: str) -> dict:
    record = sample("nssf-change-request", "cr-2022-title-change")
    item = record["change_items"][0]
    item["type"] = kind
    item.pop("new_title", None)
    if kind == "变更责任单位":
        item["new_responsible_unit"] = {"name": "四川大学", "credit_code": "12100000450718407T"}
    else:
        item["new_principal_investigator"] = {"name": "阿卜杜热合曼·买买提依明", "title": "教授"}
    return record


def test_unit_change_has_boxes_for_the_old_and_the_receiving_unit():
    record = change_of("变更责任单位")
    text = flat("".join(pages(render("change_approval", record, "pdf", draft=True).data)))
    old = record["project"]["responsible_unit"]["name"]
    # the two boxes stand side by side, so their lines interleave in the page's text
    boxes = text[text.index("原责任单位意见："):]
    assert "接收单位意见：" in boxes and old in boxes and "四川大学" in boxes, boxes[:200]
    assert boxes.count("负责人（签字）：") >= 2 and boxes.count("（盖章）") >= 2


def test_pi_change_has_a_signature_line_for_the_new_pi():
    record = change_of("变更项目责任人")
    text = flat("".join(pages(render("change_approval", record, "pdf", draft=True).data)))
    assert "阿卜杜热合曼·买买提依明" in text and "新项目负责人（签字）：" in text


# --- item 13: layout flaws -------------------------------------------------------------------

def test_a_blank_submission_date_stays_on_one_line():
    record = sample("achievement-registration", "ar-2025-applied-shanxi")
    record.pop("submitted_on", None)
    lines = "\n".join(pages(render("registration_form", record, "pdf", draft=True).data)).splitlines()
    line = next(t for t in lines if "提交日期" in t)
    assert re.search(r"提交日期\s*年\s*月\s*日", line), line


def test_summary_heading_and_contact_rows_are_never_parted_from_their_rows():
    record = sample("achievement-registration", "ar-2025-applied-shanxi")
    record["achievement"]["summary"] = "本成果" * 260          # a long but valid 成果简介
    for page in pages(render("registration_form", record, "pdf", draft=True).data):
        body = [t for t in page.splitlines() if t.strip()]
        if "成果简介" in page:
            assert "本成果本成果" in page, "成果简介 stands alone at the foot of its page"
        assert ("联系人" in page) == ("组织管理部门" in page) or "组织管理部门意见" in page, body


def test_opinion_titles_read_from_the_left():
    record = sample("nssf-completion", "nc-2023-exempt-appraisal")
    with pdfplumber.open(io.BytesIO(render("completion", record, "pdf").data)) as doc:
        page = doc.pages[-1]
        words = page.extract_words()
        for title in ("责任单位审核意见", "省级社科管理部门审核意见", "全国社科工作办审批意见"):
            w = next(w for w in words if w["text"].startswith(title))
            # the boxes start at the left margin (20 mm) or at the middle (105 mm); the title
            # begins within 3 mm of its box's edge
            starts = (20 / 25.4 * 72, 105 / 25.4 * 72)
            assert min(abs(w["x0"] - s) for s in starts) < 3 / 25.4 * 72 * 1.5, (title, w["x0"])


def test_docx_heading_cells_are_bold_and_short_headings_do_not_wrap():
    record = sample("achievement-registration", "ar-2025-applied-shanxi")
    doc = Document(io.BytesIO(render("registration_form", record, "docx").data))
    heading = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "序号"
                   and any(c.text == "性别" for c in r.cells))
    for cell in heading.cells:
        assert all(run.bold for p in cell.paragraphs for run in p.runs if run.text.strip()), cell.text
    # two 9 pt characters and Word's default cell margins (2 × 1.9 mm) fit the column
    for cell in heading.cells:
        if cell.text in ("序号", "性别"):
            assert cell.width.mm >= 2 * 9 * 25.4 / 72 + 2 * 1.9, (cell.text, cell.width.mm)
