"""Issue #14 item 4 for the 期刊综合质量考核表: every value fits its cell or continues on an 附页.

Every free-text field of a sample is filled to ten times the largest capacity of the form
(generator/contexts/journal_assessment.py: CAPACITY) and every list of rows gets 40 rows. No
cell then holds more than its capacity and the reference to its 附页, no table row of our PDF
runs over a page break (WeasyPrint splits a row only when it is taller than a page), and every
row of the DOCX is kept whole (w:cantSplit). 表5-2's 文章标题 column takes the title's first five
characters, as its header says (004:734 “文章标题（前5字）”).
"""
from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from formtext import pdf_flow_text
from weasyprint.formatting_structure.boxes import TableRowGroupBox

from generator.contexts.journal_assessment import CAPACITY, build_context
from generator.forms import FORMS
from generator.render import OPTIONS, _qr, _weasy, context_to_html, form_html_class, render
from validators.schema import compiled_schema

SAMPLES = Path(__file__).resolve().parent.parent / "samples/records/journal-assessment"
TEN_TIMES = 10 * max(CAPACITY.values())
ROWS = 40
REFERENCE = re.compile(r"……（续见附页 \d+）$")


def is_text(node: dict) -> bool:
    return (node.get("type") == "string" and not {"enum", "const", "format"} & node.keys()
            and node.get("pattern") in (None, r"\S"))


def filled(record, node: dict, counter: list[int]):
    """``record`` with every free-text field TEN_TIMES characters long, each told apart by its
    number, and every list of rows ROWS rows long."""
    if isinstance(record, dict):
        props = node.get("properties", {})
        return {k: filled(v, props.get(k, {}), counter) for k, v in record.items()}
    if isinstance(record, list):
        items = record
        if record and all(isinstance(i, dict) for i in record):
            items = [json.loads(json.dumps(record[i % len(record)])) for i in range(ROWS)]
        return [filled(i, node.get("items", {}), counter) for i in items]
    if isinstance(record, str) and is_text(node):
        counter[0] += 1
        return "".join(f"第{counter[0]}栏第{i}字句。" for i in range(TEN_TIMES))[:TEN_TIMES]
    return record


def overfilled(stem: str) -> dict:
    record = json.loads((SAMPLES / f"{stem}.json").read_text("utf-8"))
    return filled(record, compiled_schema(record["kind"]), [0])


def context_strings(value):
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from ((f"{f.name}.{k}" if k else f.name, v)
                        for k, v in context_strings(getattr(value, f.name)))
    elif isinstance(value, tuple | list):
        for v in value:
            yield from context_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from context_strings(v)
    elif isinstance(value, str):
        yield "", value


STEMS = ["academic-bayu-renwen", "political-economic-chongqing-jingji"]


@pytest.mark.parametrize("stem", STEMS)
def test_no_cell_holds_more_than_its_capacity(stem):
    context = build_context(overfilled(stem))
    longest = max(CAPACITY.values())
    too_long = [(name, len(text)) for name, text in context_strings(
        dataclasses.replace(context, continuations=(), calculation=()))
        if len(REFERENCE.sub("", text)) > longest + 60]   # a cell's fixed words around a value
    assert not too_long
    assert len(context.continuations) > 20


def pdf_rows_over_a_page_break(html: str) -> list[str]:
    """The table rows of the page that WeasyPrint lays out on more than one page (the header
    rows, repeated on every page, left out)."""
    css, font_config = _weasy(OPTIONS["font"])
    document = form_html_class()(string=html, base_url=".").render(stylesheets=[css],
                                                                   font_config=font_config)
    pages_of = {}
    for number, page in enumerate(document.pages, 1):
        for group in page._page_box.descendants():
            if isinstance(group, TableRowGroupBox) and not group.is_header:
                for row in group.children:
                    pages_of.setdefault(row.element, set()).add(number)
    return [f"pages {sorted(p)}: {''.join(e.itertext())[:60]}" for e, p in pages_of.items() if len(p) > 1]


@pytest.mark.parametrize("stem", STEMS)
def test_no_row_runs_over_a_page_break_and_docx_rows_stay_whole(stem):
    record = overfilled(stem)
    form = FORMS["journal_assessment"]
    html = context_to_html(form, build_context(record), qr=_qr(form, [record], draft=True))
    assert pdf_rows_over_a_page_break(html) == []
    doc = Document(io.BytesIO(render("journal_assessment", record, "docx", draft=True).data))
    loose = [r.cells[0].text[:30] for t in doc.tables for r in t.rows
             if r._tr.trPr is None or r._tr.trPr.find(qn("w:cantSplit")) is None]
    assert loose == []


def test_the_article_title_column_takes_the_first_five_characters():
    record = json.loads((SAMPLES / "academic-bayu-renwen.json").read_text("utf-8"))
    record["errors"]["records"][0]["article"] = "甲乙丙丁戊己庚辛壬癸"
    text = pdf_flow_text(render("journal_assessment", record, "pdf").data)
    assert "甲乙丙丁戊" in text and "甲乙丙丁戊己" not in text
    doc = Document(io.BytesIO(render("journal_assessment", record, "docx").data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "期刊编校质量考核记录")
    assert table.rows[2].cells[1].text == "甲乙丙丁戊"
