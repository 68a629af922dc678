"""Issue #14 item 5: every character of a value prints in a form font, or the pre-check says
which one does not (S903) and a final form is refused; never a silent ☒."""
from __future__ import annotations

import copy
import io
import json

import pdfplumber
import pytest
from pg import APPLIED, sample
from pypdf import PdfReader
from typer.testing import CliRunner

from generator.render import RenderRefused, render
from service.cli import app

EXT_B_NAME = "张𠀀"                   # U+20000, CJK Ext-B: HanaMinA and HanaMinB have it
EXT_B_TO_F = "𪚥𪜀𫝀𫠠𬺰研究"           # U+2A6A5 (B), U+2A700 (C), U+2B740 (D), U+2B820 (E), U+2CEB0 (F)
NO_FONT = "\U00030000"                # U+30000, CJK Ext-G: no installed form font has it
EMOJI = "\U0001F600"                  # 😀: refused on an official form even where a font has it


def record_with(name: str, title: str | None = None) -> dict:
    record = copy.deepcopy(sample(APPLIED))
    record["completers"][0]["name"] = name
    if title is not None:
        record["achievement"]["name"] = title
    return record


def pdf_text_and_fonts(data: bytes) -> tuple[str, set[str]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages)
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return "".join(text.split()), fonts


def test_a_name_in_the_cjk_extensions_prints_from_the_fallback_font():
    rendered = render("registration_form", record_with(EXT_B_NAME, EXT_B_TO_F), "pdf")
    assert not [f for f in rendered.findings if f.code == "S903"]
    text, fonts = pdf_text_and_fonts(rendered.data)
    assert EXT_B_NAME in text and EXT_B_TO_F in text
    assert {f.split("-")[0] for f in fonts} >= {"HanaMinA", "HanaMinB"}, fonts  # C..F: B only
    assert "〓" not in text


def test_the_stylesheet_names_the_fallback_fonts_after_noto():
    from generator.fonts import stylesheet_families
    families = stylesheet_families("Noto Serif CJK SC")
    assert families.endswith('"Noto Serif CJK SC", "HanaMinA", "HanaMinB"'), families


def s903(findings) -> list[dict]:
    return [f if isinstance(f, dict) else f.to_dict() for f in findings
            if (f["code"] if isinstance(f, dict) else f.code) == "S903"]


def test_paperwork_validate_names_the_field_and_the_character(tmp_path):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record_with("张" + NO_FONT, "成果" + EMOJI), ensure_ascii=False),
                    "utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "--today", "2026-01-10",
                                      "--format", "json"])
    assert result.exit_code == 1, result.output
    found = {f["path"]: f for f in s903(json.loads(result.output)["findings"])}
    assert set(found) == {"/completers/0/name", "/achievement/name"}
    name = found["/completers/0/name"]
    assert name["severity"] == "error" and "U+30000" in name["message"]
    assert "完成人" in name["message"] and "姓名" in name["message"], name["message"]
    assert "U+1F600" in found["/achievement/name"]["message"]
    assert "表情符号" in found["/achievement/name"]["hint"]


def test_post_validate_gives_s903(service):
    body = service.call("POST", "/api/v1/validate", "portal",
                        json=record_with("张" + NO_FONT), params={"today": "2026-01-10"}).json()
    assert body["valid"] is False
    [f] = s903(body["findings"])
    assert f["path"] == "/completers/0/name" and "U+30000" in f["message"]
    assert "成果完成人 › 第1项 › 姓名" in f["message"] and "〓" in f["hint"]


def test_posting_a_printable_rare_name_gives_no_s903(service):
    body = service.call("POST", "/api/v1/validate", "portal", json=record_with(EXT_B_NAME),
                        params={"today": "2026-01-10"}).json()
    assert not s903(body["findings"])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_final_form_is_refused_and_a_draft_prints_a_visible_replacement(fmt):
    record = record_with("张" + NO_FONT)
    with pytest.raises(RenderRefused) as refused:
        render("registration_form", record, fmt)
    assert [f.path for f in s903_findings(refused.value.findings)] == ["/completers/0/name"]
    draft = render("registration_form", record, fmt, draft=True)
    assert [f.path for f in s903_findings(draft.findings)] == ["/completers/0/name"]
    if fmt == "pdf":
        text, _ = pdf_text_and_fonts(draft.data)
        assert "张〓" in text and NO_FONT not in text


def s903_findings(findings):
    return [f for f in findings if f.code == "S903"]


def test_tabs_newlines_and_zero_width_joiners_are_not_missing_glyphs():
    record = record_with(EXT_B_NAME)
    record["achievement"]["summary"] = "第一段\n\t第二段\u200b\u200d"
    rendered = render("registration_form", record, "pdf")
    assert not s903_findings(rendered.findings)
