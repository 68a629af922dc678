"""Issue #4: the 科技成果登记表 renders from every valid sample, values and QR intact."""
import io
import json
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from docx import Document

from generator.render import RenderRefused, render
from validators.fingerprint import fingerprint, parse_payload

SAMPLES = sorted((Path(__file__).parent.parent / "samples/records/achievement-registration")
                 .glob("*.json"))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_pages(data: bytes):
    return pypdfium2.PdfDocument(data)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_registration_form_round_trip(path):
    record = json.loads(path.read_text("utf-8"))
    pdf = render("registration_form", record, "pdf")
    doc = pdf_pages(pdf.data)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    words = docx_text(render("registration_form", record, "docx").data)
    for value in (record["achievement"]["name"], record["first_completing_unit"]["name"],
                  record["completers"][0]["name"], record["contact"]["phone"]):
        assert value in text.replace("\r\n", "").replace("\n", "")
        assert value in words
    # the QR code in the corner of page 1 carries the record's fingerprint
    image = doc[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert found and parse_payload(found[0].text)["sha256"] == fingerprint(record)


def test_long_summary_and_40_completers_continue_on_附页():
    record = json.loads(SAMPLES[0].read_text("utf-8"))
    record["achievement"]["summary"] = "甲" * 3000
    record["completers"] = [dict(record["completers"][0], name=f"人{i:02d}") for i in range(40)]
    rendered = render("registration_form", record, "pdf", draft=True)
    doc = pdf_pages(rendered.data)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "附页" in text and "人39" in text          # completers 16–40 are on the 附页
    # 3000 characters: 800 in the box, 2200 on the 附页, none lost
    assert text.count("甲") == 3000


def test_injection_renders_literally():
    record = json.loads(SAMPLES[0].read_text("utf-8"))
    evil = "{{ 7*7 }}{% for %}<w:p>&<script>"
    record["achievement"]["name"] = evil
    words = docx_text(render("registration_form", record, "docx", draft=True).data)
    assert evil in words


def test_control_character_refused():
    record = json.loads(SAMPLES[0].read_text("utf-8"))
    record["achievement"]["name"] = "成果\x07"
    with pytest.raises(RenderRefused) as e:
        render("registration_form", record, "pdf", draft=True)
    f = e.value.findings[0]
    assert f.code == "S901" and f.path == "/achievement/name"
    assert "「/achievement/name」" in f.message and "U+0007" in f.message


def test_a_record_holding_nan_is_refused_in_chinese_not_with_pythons_message():
    import math
    path = sorted((Path(__file__).parent.parent / "samples/records/nssf-budget-adjustment")
                  .glob("*.json"))[0]
    record = json.loads(path.read_text("utf-8"))
    record["x_amount"] = math.nan
    with pytest.raises(ValueError, match="NaN 或 Infinity"):
        render("budget_adjustment", record, "pdf", draft=True)


def test_half_of_a_utf16_pair_in_a_record_is_refused_with_its_field():
    path = sorted((Path(__file__).parent.parent / "samples/records/nssf-budget-adjustment")
                  .glob("*.json"))[0]
    record = json.loads(path.read_text("utf-8"))
    record["project"]["title"] = "\udc00" + record["project"]["title"]
    with pytest.raises(ValueError, match="^/project/title 含有无效的字符 U\\+DC00"):
        render("budget_adjustment", record, "pdf", draft=True)


@pytest.mark.parametrize("name", ["registration_form", "registration_summary", "change_approval",
                                  "completion", "budget_adjustment", "journal_assessment",
                                  "publication_mailing"])
def test_a_blank_draft_of_every_form_renders_and_a_wrongly_shaped_one_is_refused(name):
    """A submitter's first draft holds little more than its kind: every form prints it, blank,
    as a draft. A field of the wrong type (text where an object belongs) cannot be laid out even
    as a draft: refused with the schema's findings, never a crash (it was an AttributeError)."""
    from generator.forms import FORMS
    form = FORMS[name]
    blank = {"kind": form.kinds[0]}
    for fmt in form.formats:
        rendered = render(name, [blank] if form.many else blank, fmt, draft=True)
        assert rendered.data and rendered.findings
    top = {"registration_form": "achievement", "registration_summary": "achievement",
           "change_approval": "project", "completion": "project", "budget_adjustment": "project",
           "journal_assessment": "basic_info", "publication_mailing": "book"}[name]
    path = sorted((Path(__file__).parent.parent / "samples/records" / form.kinds[0])
                  .glob("*.json"))[0]
    refusals = 0
    for wrong in ("文本", 3, ["甲"]):
        record = json.loads(path.read_text("utf-8"))
        record[top] = wrong
        try:
            render(name, [record] if form.many else record, form.formats[-1], draft=True)
        except RenderRefused as refused:        # refused: say why, at the field
            refusals += 1
            assert refused.even_draft
            assert any(f.path in (f"/{top}", f"/0/{top}") for f in refused.findings), \
                [f.path for f in refused.findings]
    assert refusals, "no wrongly shaped draft was refused: then every one must have printed"


def test_a_draft_whose_id_is_too_long_for_the_qr_code_is_refused_in_chinese_not_a_crash():
    """A draft's record is not validated, so its id may be any length; segno's DataOverflowError
    was a 500 from the API."""
    from generator.render import QR_ID_LIMIT, RenderRefused, render
    path = Path(__file__).parent.parent / "samples/records/achievement-registration/ar-2025-applied-shanxi.json"
    record = json.loads(path.read_text("utf-8"))
    record["id"] = "成" * 2000
    with pytest.raises(RenderRefused) as refused:
        render("registration_form", record, "pdf", draft=True)
    [f] = refused.value.findings
    assert f.code == "S904" and "2000 个字符" in f.message and str(QR_ID_LIMIT) in f.hint
    record["id"] = "成" * QR_ID_LIMIT      # the limit the hint names still prints
    assert render("registration_form", record, "pdf", draft=True).pages >= 1
