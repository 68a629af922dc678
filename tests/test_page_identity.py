"""Issue #14 item 8: every page of every form says which form and which record it is, and which
page of how many, in our PDF and in LibreOffice's PDF of the DOCX, 附页 included; an approval
block that moves to a new page takes the project's identity rows (项目名称, 批准号) with it.

The long-content records are the stress records of tests/test_docx_in_libreoffice.py (long text
in every field, 20–60 rows in every list): on today's main the change sheet's approval chain and
the 结项审批书's 省级/全国 box sit on pages that name neither the form nor the project.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from io import BytesIO

import pdfplumber
import pytest
from test_docx_in_libreoffice import sample_paths, stress_record

from generator.render import render

# What each form's pages must name, written from the forms' own titles (SPEC "Official forms")
# and from the sample records' identifying fields, not from the renderer.
TITLES = {
    "registration_form": "科技成果登记表",
    "change_approval": "国家社会科学基金项目重要事项变更审批表",
    "completion": "国家社会科学基金项目结项审批书",
    "budget_adjustment": "国家社会科学基金项目预算调整申请表",
    "journal_assessment": "期刊综合质量考核表",
}


def identity(name: str, record: dict) -> str:
    """The number a reader finds the record by: the project's 批准号 on the NSSF forms, the
    record's id on the registration form, the CN number and year on the periodical sheet."""
    if name in ("change_approval", "completion", "budget_adjustment"):
        return "批准号：" + record["project"]["approval_number"]
    if name == "journal_assessment":
        return f"{record['basic_info']['cn']}-{record['assessment_year']}"
    return "记录编号：" + record["id"]


def records(name: str):
    sample = json.loads(sample_paths(name)[0].read_text("utf-8"))
    return [("sample", sample), ("stress", stress_record(name))]


CASES = [(name, stem) for name in TITLES for stem in ("sample", "stress")]


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(pdf)) as doc:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in doc.pages]


def assert_every_page_named(pages: list[str], name: str, record: dict, what: str):
    title, ident = TITLES[name], re.sub(r"\s+", "", identity(name, record))
    assert len(pages) > 1 or "sample" in what, f"{what}: expected several pages"
    for n, text in enumerate(pages, 1):
        assert title in text, f"{what} page {n} lacks the title {title}: {text[-120:]}"
        assert ident in text, f"{what} page {n} lacks {ident}: {text[-120:]}"
        assert f"第{n}页共{len(pages)}页" in text, f"{what} page {n} lacks 第{n}页共{len(pages)}页"


@pytest.mark.parametrize("name,stem", CASES)
def test_every_pdf_page_names_form_record_and_page(name, stem):
    record = dict(records(name))[stem]
    pdf = render(name, record, "pdf", draft=True).data
    assert_every_page_named(page_texts(pdf), name, record, f"{name}-{stem}.pdf")


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory):
    src, out = tmp_path_factory.mktemp("docx"), tmp_path_factory.mktemp("lo-pdf")
    for name, stem in CASES:
        record = dict(records(name))[stem]
        (src / f"{name}-{stem}.docx").write_bytes(render(name, record, "docx", draft=True).data)
        if stem == "sample" and name != "change_approval":   # a change sheet under way stays a draft
            (src / f"{name}-final.docx").write_bytes(render(name, record, "docx").data)
    profile = tmp_path_factory.mktemp("lo-identity")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *sorted(map(str, src.iterdir()))],
                   capture_output=True, text=True, timeout=900,
                   env={**os.environ, "HOME": str(profile)})
    return out


@pytest.mark.parametrize("name,stem", CASES)
def test_every_libreoffice_page_names_form_record_and_page(name, stem, libreoffice_pdfs):
    record = dict(records(name))[stem]
    pdf = (libreoffice_pdfs / f"{name}-{stem}.pdf").read_bytes()
    assert_every_page_named(page_texts(pdf), name, record, f"LibreOffice {name}-{stem}")


# The approval boxes of each form, and the identity rows that must stand on the same page.
APPROVALS = {
    "change_approval": "全国社科工作办审批意见",
    "completion": "全国社科工作办审批意见",
    "budget_adjustment": "全国社科工作办审批（备案）意见",
}


@pytest.mark.parametrize("name", APPROVALS)
@pytest.mark.parametrize("stem", ("sample", "stress"))
def test_approval_block_keeps_the_project_identity_rows(name, stem):
    record = dict(records(name))[stem]
    pages = page_texts(render(name, record, "pdf", draft=True).data)
    page = next(p for p in pages if APPROVALS[name] in p)
    number = record["project"]["approval_number"]
    body = page.replace(f"批准号：{number}", "")       # the page footer's, not the rows'
    assert "项目名称" in body and f"批准号{number}" in body, (
        f"{name}-{stem}: the page of the approval boxes lacks the 项目名称/批准号 rows: {page[:200]}")


# --- issue #14 item 7: a DOCX draft's 草稿 is a watermark behind the text of every page -------

def reddish_pixels(pdf_path, page_index: int) -> int:
    """Pixels of the watermark's pale red (the text and the QR code are black or grey)."""
    import pypdfium2
    image = pypdfium2.PdfDocument(str(pdf_path))[page_index].render(scale=0.5).to_pil().convert("RGB")
    data = image.tobytes()
    return sum(1 for i in range(0, len(data), 3)
               if data[i] - data[i + 1] > 20 and data[i] - data[i + 2] > 20)


@pytest.mark.parametrize("name", [n for n in TITLES if n != "change_approval"])
def test_docx_draft_shows_a_watermark_on_every_page_and_a_final_none(name, libreoffice_pdfs):
    import pypdfium2
    draft, final = libreoffice_pdfs / f"{name}-sample.pdf", libreoffice_pdfs / f"{name}-final.pdf"
    for i in range(len(pypdfium2.PdfDocument(str(draft)))):
        assert reddish_pixels(draft, i) > 2000, f"LibreOffice {name} draft page {i + 1}: no watermark"
    for i in range(len(pypdfium2.PdfDocument(str(final)))):
        assert reddish_pixels(final, i) == 0, f"LibreOffice {name} final page {i + 1} has a watermark"


def test_docx_watermark_is_behind_the_text():
    import zipfile
    record = dict(records("completion"))["sample"]
    with zipfile.ZipFile(BytesIO(render("completion", record, "docx", draft=True).data)) as z:
        header = z.read("word/header1.xml").decode()
    shape = re.search(r"<v:shape [^>]*PowerPlusWaterMarkObject[^>]*>", header)
    assert shape and re.search(r"z-index:-\d+", shape.group()), "the watermark is not behind the text"
    assert 'string="草稿"' in header
