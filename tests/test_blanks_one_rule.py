"""Issue #14 item 13: one rule for blanks, in every form and every format. A box is printed 无
only where the form says no box may stay empty — seed 004 填表说明 三, "表中各栏不得有空项（没有或
不存在该项的须填“无”）", the 期刊综合质量考核表. Seeds 000–003 say nothing of empty boxes (000 and
001 speak only of the online pages' 必填项), so the other forms leave an empty value blank, in the
PDF, the DOCX and the XLSX alike (the PDF of the 汇总表 printed 无 where its XLSX was blank)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from formtext import docx_text, pdf_flow_text, xlsx_text

from generator.forms import FORMS
from generator.render import render
from validators.schema import compiled_schema

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
#: the forms' own wording with 无 in it (not a blank): the budget form's 外拨 note, the change
#: sheet's "本项变更无需…审核" for a level the change type skips
WORDING = ("无外拨经费", "无需")


def emptied(value, node: dict):
    """``value`` with every property the schema does not require left out, at every level."""
    if isinstance(value, dict):
        props, required = node.get("properties", {}), set(node.get("required", ()))
        return {k: emptied(v, props.get(k, {})) for k, v in value.items() if k in required}
    if isinstance(value, list):
        return [emptied(v, node.get("items", {})) for v in value]
    return value


def empty_record(form_name: str) -> dict:
    kind = FORMS[form_name].kinds[0]
    record = json.loads(sorted((RECORDS / kind).glob("*.json"))[0].read_text("utf-8"))
    return emptied(record, compiled_schema(kind))


def text_of(data: bytes, fmt: str) -> str:
    text = {"pdf": pdf_flow_text, "docx": docx_text, "xlsx": xlsx_text}[fmt](data)
    return re.sub(r"\s+", "", text)


def nones(text: str) -> int:
    """How many 无 the text prints as a value (the forms' own wording aside)."""
    for phrase in WORDING:
        text = text.replace(phrase, "")
    return text.count("无")


def rendered(form_name: str) -> dict[str, str]:
    form = FORMS[form_name]
    record = empty_record(form_name)
    records = [record] if form.many else record
    return {fmt: text_of(render(form_name, records, fmt, draft=True).data, fmt)
            for fmt in form.formats}


@pytest.mark.parametrize("form_name", [n for n in FORMS if n != "journal_assessment"])
def test_an_empty_optional_value_is_blank_in_every_format(form_name):
    texts = rendered(form_name)
    assert {fmt: nones(text) for fmt, text in texts.items()} == {fmt: 0 for fmt in texts}, {
        fmt: [text[max(i - 12, 0):i + 4] for i in (m.start() for m in re.finditer("无", text))]
        for fmt, text in texts.items()}


def test_the_periodical_sheet_prints_none_in_the_same_boxes_of_pdf_and_docx():
    texts = rendered("journal_assessment")
    counts = {fmt: nones(text) for fmt, text in texts.items()}
    assert counts["pdf"] > 0 and counts["pdf"] == counts["docx"], counts
