"""重要事项变更审批表 (change_approval): every valid change request renders as DOCX and PDF with
its own values, the tick on its type, the reason continued on an 附页, and the QR intact.

Expected values are read off the sample records and typed by hand; where the 001 四 seed says
something (which types take effect where), the seed sentence is quoted next to the test.
"""
import copy
import io
import json
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from docx import Document

from generator.contexts.change_approval import build_context, effect_note, level_role
from generator.render import render
from validators.fingerprint import fingerprint, parse_payload

SAMPLE_DIR = Path(__file__).parent.parent / "samples/records/nssf-change-request"
SAMPLES = sorted(SAMPLE_DIR.glob("*.json"))

# 001 四: "可申请的变更事项有：延期、变更项目责任人、变更责任单位、改变成果形式、改变项目名称、
# 变更课题组成员、研究内容有重大调整、自行终止项目、撤项"
NINE_TYPES = ["延期", "变更项目责任人", "变更责任单位", "改变成果形式", "改变项目名称",
              "变更课题组成员", "研究内容有重大调整", "自行终止项目", "撤项"]


def load(name: str) -> dict:
    return json.loads((SAMPLE_DIR / f"{name}.json").read_text("utf-8"))


def docx_text(data: bytes) -> str:
    """Body paragraphs, then every table cell once (python-docx repeats a merged cell for each
    column it spans)."""
    doc = Document(io.BytesIO(data))
    cells = []
    for row in (r for t in doc.tables for r in t.rows):
        tcs = [c._tc for c in row.cells]   # kept alive, so a repeated cell is the same object
        cells += [c.text for i, c in enumerate(row.cells) if i == 0 or tcs[i] is not tcs[i - 1]]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(data: bytes) -> tuple[str, pypdfium2.PdfDocument]:
    doc = pypdfium2.PdfDocument(data)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return text.replace("\r", "").replace("\n", ""), doc


def flat(text: str) -> str:
    return text.replace("\n", "")


# Values that must appear on each sample's sheet, read off the JSON by hand (dates as printed).
EXPECTED = {
    "cr-2022-title-change": [
        "粤港澳大湾区制造业协同发展的测度与路径研究",          # 项目名称 before
        "粤港澳大湾区制造业与生产性服务业协同发展研究",        # new_title
        "19BJL056", "一般项目", "理论经济", "林振华", "中山大学", "12440000455859012E", "广东省",
        "研究中发现生产性服务业是制造业协同的关键中介",
        "郑伟", "2022年3月14日", "同意上报。", "2022年3月25日", "广东省社科规划办",
        "同意变更项目名称。", "2022年4月20日", "全国社科工作办",
    ],
    "cr-2023-member-change": [
        "21CSH034", "青年项目", "陈思源", "四川大学",
        "周明亮（博士研究生，四川大学社会发展与西部开发研究院）",   # members_removed
        "吴雪梅（女，讲师，西南民族大学社会学与心理学学院）",       # members_added
        "杨帆、周明亮", "杨帆、吴雪梅",                           # 课题组成员 before / after
        "增补长期从事彝族地区社区研究的吴雪梅老师承担第四章",
        "黄立新", "2023年9月8日", "同意变更，自动生效。",
    ],
    "cr-2024-extension": [
        "马克思主义时间哲学的当代阐释研究", "20BZX012", "王建平", "山西大学",
        "2024年12月31日",   # planned_end_date (before)
        "2025年12月31日",   # new_end_date (after)
        "因馆藏数字化改造闭馆八个月",
        "刘文杰", "2024年10月18日", "情况属实，同意延期。", "山西省社科规划办", "2024年10月28日",
    ],
}
CHOSEN = {"cr-2022-title-change": "改变项目名称", "cr-2023-member-change": "变更课题组成员",
          "cr-2024-extension": "延期"}


def assert_ticked(text: str, chosen: str):
    for t in NINE_TYPES:
        if t == chosen:
            assert "■" + t in text and "□" + t not in text
        else:
            assert "□" + t in text and "■" + t not in text, t


def test_every_sample_is_covered():
    assert sorted(p.stem for p in SAMPLES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_change_approval_round_trip(path):
    record = json.loads(path.read_text("utf-8"))
    pdf = render("change_approval", record, "pdf")
    assert pdf.pages == 1 and pdf.overflow == ()     # a normal request fits one page
    text, doc = pdf_text(pdf.data)
    words = flat(docx_text(render("change_approval", record, "docx").data))
    for value in EXPECTED[path.stem] + [record["change_items"][0]["reason"]]:
        assert value in text, value
        assert value in words, value
    assert_ticked(text, CHOSEN[path.stem])
    assert_ticked(words, CHOSEN[path.stem])
    # the QR code in the corner of page 1 carries the record's fingerprint
    found = zxingcpp.read_barcodes(doc[0].render(scale=3).to_pil())
    assert found and parse_payload(found[0].text)["sha256"] == fingerprint(record)


def test_extension_has_national_route_and_blank_national_box():
    # cr-2024-extension is approved by the unit and the province; the national box is empty
    # for handwriting, with its decision boxes unticked.
    ctx = build_context(load("cr-2024-extension"))
    assert ctx.unit.decision == "■通过　□不通过" and ctx.unit.signer.strip() == "刘文杰"   # indented like the seal line
    assert ctx.province_office.date == "2024年10月28日"
    assert ctx.national.decision == "□通过　□不通过"
    assert ctx.national.opinion == "" and ctx.national.signer == ""
    assert "年" in ctx.national.date and not any(c.isdigit() for c in ctx.national.date)


# One record per change type, each a valid request built on cr-2024-extension; the values
# after the type are what the sheet must show for it (typed by hand).
TYPE_CASES = {
    "延期": ({"new_end_date": "2026-06-30"}, ["2024年12月31日", "2026年6月30日"]),
    "变更项目责任人": (
        {"new_principal_investigator": {"name": "李晓红", "gender": "女", "title": "副教授",
                                        "unit": "山西大学哲学学院", "phone": "0351-7010999"}},
        ["王建平", "李晓红（女，副教授，山西大学哲学学院）", "0351-7010999"]),
    "变更责任单位": (
        {"new_responsible_unit": {"name": "中山大学", "credit_code": "12440000455859012E"}},
        ["山西大学", "中山大学", "12440000455859012E"]),
    "改变成果形式": ({"new_outcome_form": "研究报告"}, ["专著", "研究报告"]),
    "改变项目名称": ({"new_title": "马克思主义时间哲学的历史与当代研究"},
                     ["马克思主义时间哲学的历史与当代研究"]),
    "变更课题组成员": (
        {"members_added": [{"name": "孙立", "title": "讲师", "unit": "山西大学哲学学院"}]},
        ["孙立（讲师，山西大学哲学学院）", "李晓红、赵志强", "李晓红、赵志强、孙立"]),
    "研究内容有重大调整": ({"adjustment_description": "第三章由文献考证调整为田野访谈研究。"},
                           ["调整内容说明", "第三章由文献考证调整为田野访谈研究。"]),
    "自行终止项目": ({}, ["在研", "终止"]),
    "撤项": ({}, ["在研", "撤项"]),
}


def record_of_type(change_type: str, reason: str = "因工作需要申请变更。") -> dict:
    record = load("cr-2024-extension")
    fields, _ = TYPE_CASES[change_type]
    record["change_items"] = [dict(type=change_type, reason=reason, **copy.deepcopy(fields))]
    record["status"] = "已提交"
    del record["approvals"]
    return record


@pytest.mark.parametrize("change_type", NINE_TYPES)
def test_each_type_shows_its_own_values_and_tick(change_type):
    record = record_of_type(change_type)
    pdf = render("change_approval", record, "pdf")     # a valid record: no draft needed
    assert pdf.pages == 1
    text, _ = pdf_text(pdf.data)
    words = flat(docx_text(render("change_approval", record, "docx").data))
    for value in TYPE_CASES[change_type][1] + ["因工作需要申请变更。"]:
        assert value in text, value
        assert value in words, value
    assert_ticked(text, change_type)
    assert_ticked(words, change_type)


def test_2000_character_reason_continues_on_附页_with_nothing_lost():
    body = "".join(f"第{i:03d}条理由，" for i in range(300))
    reason = ("【始】" + body)[:1997] + "【终】"
    assert len(reason) == 2000
    record = load("cr-2024-extension")
    record["change_items"][0]["reason"] = reason
    pdf = render("change_approval", record, "pdf")
    assert pdf.overflow and pdf.overflow[0].startswith("变更理由：续见附页 1")
    text, _ = pdf_text(pdf.data)
    words = flat(docx_text(render("change_approval", record, "docx").data))
    for t in (text, words):
        in_box = t[t.index("【始】"):t.index("……（续见附页 1）")]
        rest_at = t.index("附页 1：变更理由（续）") + len("附页 1：变更理由（续）")
        on_附页 = t[rest_at:t.index("【终】") + 3]
        assert in_box + on_附页 == reason
        assert t.count("【始】") == 1 and t.count("【终】") == 1


def test_draft_without_approvals_leaves_boxes_blank():
    record = record_of_type("撤项")
    words = flat(docx_text(render("change_approval", record, "docx").data))
    assert "审核结论：□通过　□不通过" in words      # the unit's box, to be ticked by hand
    assert "（本项变更无需全国社科工作办审批）" in words


# --- the context builder: where each type takes effect ------------------------------------
# 001 四.5: "如果是变更课题组成员、自行终止项目、撤项这三类变更，责任单位审批通过后将自动生效，
# 其余类别的变更则需要经过全国社科工作办最终审批。"
UNIT_EFFECT = {"变更课题组成员", "自行终止项目", "撤项"}


@pytest.mark.parametrize("change_type", NINE_TYPES)
def test_effect_note_follows_001_四_5(change_type):
    ctx = build_context(record_of_type(change_type))
    if change_type in UNIT_EFFECT:
        assert ctx.effect_note == "本项变更经责任单位审核同意后即生效"
        assert ctx.unit.note == "（审核同意后本项变更即生效）"
        assert ctx.province_office.note == "（本项变更无需省级社科管理部门审核）"
        assert ctx.national.note == "（本项变更无需全国社科工作办审批）"
        assert ctx.province_office.decision == ctx.national.decision == "／"
    else:
        assert ctx.effect_note == "本项变更须报全国社科工作办审批，经最终审批通过后生效"
        assert ctx.unit.note == "（审核同意后报省级社科管理部门审核）"
        assert ctx.province_office.note == "（审核同意后报全国社科工作办审批）"
        assert ctx.national.note == "（最终审批，审批通过后本项变更生效）"
        assert ctx.national.decision == "□通过　□不通过"
    assert ctx.unit.decision == "□通过　□不通过"
    assert ctx.change_type == change_type


def test_effect_note_of_an_unknown_type_is_empty():
    assert effect_note(None) == "" and level_role("其他", "责任单位") == ""


def test_tick_lines_hold_the_nine_types_in_seed_order():
    ctx = build_context(load("cr-2022-title-change"))
    assert ctx.type_lines == ("□延期　□变更项目责任人　□变更责任单位",
                              "□改变成果形式　■改变项目名称　□变更课题组成员",
                              "□研究内容有重大调整　□自行终止项目　□撤项")


def test_every_context_field_has_help_text():
    from dataclasses import fields

    from generator.contexts.change_approval import ApprovalBox, ChangeApprovalContext, ChangeRow, TextRow
    for cls in (ChangeApprovalContext, ApprovalBox, ChangeRow, TextRow):
        for f in fields(cls):
            assert f.metadata.get("help"), f"{cls.__name__}.{f.name}"
