"""Issue #4, for every form: real consumers of our files and values that stay data.

- every PDF passes ``qpdf --check``, ``pdffonts`` shows every font embedded and subset, and the
  QR code on page 1 decodes to the payload of the record(s) printed;
- LibreOffice (headless) opens every DOCX and XLSX and converts it to PDF;
- a value made of template and markup syntax renders literally in every format.

The per-form content (every value of the record on the page) is tested in test_render*.py.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from formtext import docx_text, pdf_text, xlsx_text

from generator.forms import FORMS
from generator.render import render
from validators.fingerprint import fingerprint, parse_payload

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "samples" / "records"

#: Where each form prints a free-text value (a JSON Pointer into the record) — the value the
#: injection test replaces. Every declared form must have one.
PRINTED_TEXT = {
    "registration_form": "/achievement/name",
    "registration_summary": "/achievement/name",
    "change_approval": "/project/title",
    "completion": "/project/title",
    "budget_adjustment": "/project/title",
    "journal_assessment": "/journal/name",
    "publication_mailing": "/book/title",
}

EVIL = "{{ 7*7 }}{% for x in y %}<w:p>&amp;<script>alert(1)</script>]]>"


def samples(form) -> list[dict]:
    paths = sorted((RECORDS / form.kinds[0]).glob("*.json"))
    return [json.loads(p.read_text("utf-8")) for p in paths]


def render_one(form, records, fmt, **kw):
    return render(form.name, records if form.many else records[0], fmt, **kw)


CASES = [(name, fmt) for name, form in FORMS.items() for fmt in form.formats]


def set_pointer(record: dict, pointer: str, value) -> None:
    *parents, last = pointer.strip("/").split("/")
    target = record
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[last] = value


def text_of(fmt: str, data: bytes) -> str:
    return {"pdf": pdf_text, "docx": docx_text, "xlsx": xlsx_text}[fmt](data)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_form_has_a_printed_text_field():
    assert set(PRINTED_TEXT) == set(FORMS)


@pytest.mark.parametrize("name", [n for n, f in FORMS.items() if "pdf" in f.formats])
def test_pdf_is_sound_fonts_embedded_and_qr_decodes(name, tmp_path):
    form = FORMS[name]
    records = samples(form)
    rendered = render_one(form, records, "pdf")
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(rendered.data)
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for line in fonts:
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), line
    page = pypdfium2.PdfDocument(rendered.data)[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(page)
    assert found, "no QR code on page 1"
    payload = parse_payload(found[0].text)
    assert payload["form"] == name
    assert payload["sha256"] == fingerprint(records if form.many else records[0])


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory):
    """Render every DOCX and XLSX once and convert them all in one LibreOffice run."""
    src = tmp_path_factory.mktemp("office")
    out = tmp_path_factory.mktemp("office-pdf")
    for name, fmt in CASES:
        if fmt in ("docx", "xlsx"):
            form = FORMS[name]
            (src / f"{name}.{fmt}").write_bytes(render_one(form, samples(form), fmt).data)
    profile = tmp_path_factory.mktemp("lo-profile")
    files = sorted(str(p) for p in src.iterdir())
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *files],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "HOME": str(profile)})
    return out, run.stdout + run.stderr


@pytest.mark.parametrize("name,fmt", [c for c in CASES if c[1] in ("docx", "xlsx")])
def test_libreoffice_opens_and_converts(name, fmt, libreoffice_pdfs):
    out, log = libreoffice_pdfs
    pdf = out / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice did not convert {name}.{fmt}: {log}"
    doc = pypdfium2.PdfDocument(pdf.read_bytes())
    assert len(doc) >= 1
    form = FORMS[name]
    # the converted file still shows the form's title
    title = flat(form.title)
    assert title in flat("".join(doc[i].get_textpage().get_text_range()
                                 for i in range(len(doc)))), title


@pytest.mark.parametrize("name,fmt", CASES)
def test_injection_strings_render_literally(name, fmt):
    form = FORMS[name]
    records = samples(form)
    set_pointer(records[0], PRINTED_TEXT[name], EVIL)
    rendered = render_one(form, records, fmt, draft=True)
    text = flat(text_of(fmt, rendered.data))
    assert flat(EVIL) in text
    assert "49" not in flat(EVIL) and "{{7*7}}" in text   # not evaluated


def test_a_character_outside_gb2312_falls_back_to_the_full_font(tmp_path):
    """Forms use a reduced copy of Noto Serif CJK (GB 2312, generator/fonts.py); a rarer 汉字
    in a name must still print, drawn from the full font."""
    form = FORMS["change_approval"]
    record = samples(form)[0]
    record["project"]["principal_investigator"]["name"] = "王堃喆"   # 堃 and 喆 are not in GB 2312
    with pytest.raises(UnicodeEncodeError):
        "堃喆".encode("gb2312")
    rendered = render_one(form, [record], "pdf")
    assert "王堃喆" in flat(text_of("pdf", rendered.data))
    pdf = tmp_path / "rare.pdf"
    pdf.write_bytes(rendered.data)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "Paperwork-Serif-SC" in fonts          # the reduced copy for the common characters
    assert "Noto-Serif-CJK-SC" in fonts           # the full font for 堃 and 喆


@pytest.mark.parametrize("name", list(FORMS))
def test_a_draft_carries_草稿_on_every_page_and_a_final_form_does_not(name):
    form = FORMS[name]
    records = samples(form)
    counts = {}
    for draft in (True, False):
        pdf = pypdfium2.PdfDocument(render_one(form, records, "pdf", draft=draft).data)
        counts[draft] = [pdf[i].get_textpage().get_text_range().count("草稿")
                         for i in range(len(pdf))]
    # the same pages, each with one 草稿 more (a record may itself say 草稿, e.g. a status)
    assert counts[True] == [n + 1 for n in counts[False]], counts
    if "docx" in form.formats:
        from docx import Document
        doc = Document(io.BytesIO(render_one(form, records, "docx", draft=True).data))
        # Word's 水印: a text shape in the header (tests/test_page_identity.py looks at it in LibreOffice)
        header = "".join(s.header._element.xml for s in doc.sections)
        assert 'string="草稿"' in header and "PowerPlusWaterMarkObject" in header


def test_control_characters_are_found_anywhere_and_a_backslash_is_not_one():
    from generator.render import RenderRefused
    form = FORMS["publication_mailing"]
    records = samples(form)
    records[1]["book"]["other_authors"] = ["张三", "李\x0c四"]          # form feed, deep in a list
    with pytest.raises(RenderRefused) as refused:
        render_one(form, records, "xlsx")
    assert [(f.code, f.path) for f in refused.value.findings] == \
        [("S901", "/1/book/other_authors/1")]
    records[1]["book"]["other_authors"] = ["张三", "李四"]
    records[1]["book"]["title"] = r"书名C:\bin\u0007"                 # text, not control characters
    text = text_of("xlsx", render_one(form, records, "xlsx", draft=True).data)
    assert r"书名C:\bin\u0007" in text


def test_without_a_writable_font_cache_forms_use_the_full_font(tmp_path, monkeypatch):
    from generator import fonts
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("PAPERWORK_FONT_CACHE", str(blocked / "fonts"))
    fonts.font_faces.cache_clear()
    try:
        assert fonts.font_faces(fonts.FULL_FAMILY) == ("", f'"{fonts.FULL_FAMILY}"')
    finally:
        fonts.font_faces.cache_clear()


def _layout(pdf: bytes) -> list[list[tuple]]:
    """Every character of every page with its position (to a hundredth of a point), and the
    number of drawn lines and boxes: what a reader sees of the layout."""
    import pdfplumber
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [[(c["text"], round(c["x0"], 2), round(c["top"], 2)) for c in page.chars]
                + [("lines", len(page.lines) + len(page.rects))] for page in doc.pages]


@pytest.mark.parametrize("name", [n for n, f in FORMS.items() if "pdf" in f.formats])
def test_the_fast_html_path_lays_out_exactly_as_weasyprints_own(name):
    """PDFs are laid out by ``form_html_class()``: the page read by the XML parser and styled
    with templates/form_ua.css, the part of WeasyPrint's HTML5 sheet our elements use. Every
    form, as a draft with a value long enough for an 附页 and full of markup, must come out
    the same, character by character, as with WeasyPrint's HTML parser and full sheet."""
    from xml.etree import ElementTree

    from weasyprint import HTML

    from generator import render as R
    assert R.form_html_class() is not HTML          # the fast path is in effect
    form = FORMS[name]
    records = samples(form)
    set_pointer(records[0], PRINTED_TEXT[name], EVIL + "长" * 3000 + "\n第二段 R&D <b>")
    records = records if form.many else records[:1]
    ctx = R.record_to_context(form, records)
    html = R.context_to_html(form, ctx, qr=R._qr(form, records), watermark="草稿")
    ElementTree.fromstring(html)                    # well-formed: the XML parser reads it
    ours, _ = R.html_to_pdf(html)
    full, _ = R.html_to_pdf(html, full_user_agent_sheet=True)
    assert _layout(ours) == _layout(full)
