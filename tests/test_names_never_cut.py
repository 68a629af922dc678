"""Issue #14 item 3: names, unit names and numbers are never split, and a long text is cut only
at a sentence or clause boundary, never inside a name or a Latin word; an 附页 never holds a
fragment of a few characters."""
from __future__ import annotations

import json
from pathlib import Path

from formtext import pdf_flow_text

from generator.render import render

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records"
UYGHUR = "阿卜杜热合曼·买买提依明·艾合买提"          # 17 characters
NATIONAL_OFFICE = "全国哲学社会科学工作办公室"          # 13 characters


def change_sheet(signers: tuple[str, str, str], reason: str | None = None) -> dict:
    record = json.loads((SAMPLES / "nssf-change-request" / "cr-2024-extension.json").read_text("utf-8"))
    record["approvals"].append({"level": "全国社科工作办", "decision": "通过", "date": "2024-11-20",
                                "opinion": "同意延期。", "signer": ""})
    for approval, signer in zip(record["approvals"], signers):
        approval["signer"] = signer
    record["status"] = "全国社科工作办审批通过"
    if reason is not None:
        record["change_items"][0]["reason"] = reason
    return record


def test_signer_names_print_whole_in_their_boxes_with_no_attachment():
    rendered = render("change_approval", change_sheet((UYGHUR, "Anna-Maria Müller", NATIONAL_OFFICE)),
                      "pdf", draft=True)
    text = pdf_flow_text(rendered.data)
    assert rendered.overflow == ()
    assert "附页" not in text
    for name in (UYGHUR, "Anna-MariaMüller", NATIONAL_OFFICE):
        assert name in text


def test_a_long_reason_is_cut_after_a_clause_and_never_inside_a_name_or_a_word():
    sentence = "阿卜杜热合曼·买买提依明与鄭國榮用XGBoost评估Sustainability指标"
    reason = "，".join([sentence] * 12) + "。"
    rendered = render("change_approval", change_sheet(("刘文杰", "王芳", "李明"), reason), "pdf",
                      draft=True)
    text = pdf_flow_text(rendered.data)
    cell = text[text.index("变更理由") + 4:text.index("（续见附页")]
    assert cell.endswith("Sustainability指标，……"), cell[-30:]
    assert len(rendered.overflow) == 1
    # the 附页 continues with the next whole clause
    attachment = text[text.index("附页1：变更理由（续）") + len("附页1：变更理由（续）"):]
    assert attachment.startswith(sentence)


def test_no_attachment_holds_only_a_few_characters():
    """A value a few characters longer than its box stays whole in it (the box grows)."""
    reason = "课题组赴地方档案馆补充查阅资料" * 13 + "申请延期一年至明年完成。"   # 200 + 7 characters
    rendered = render("change_approval", change_sheet(("刘文杰", "王芳", "李明"), reason), "pdf",
                      draft=True)
    assert rendered.overflow == ()
    assert "申请延期一年至明年完成。" in pdf_flow_text(rendered.data)
