"""Issue #14 item 4: every field filled to ten times its capacity, in every format.

For each one-record form with a capacity table, a record with every free-text value at ten times
the capacity of the field that prints it and every table at ten times its rows
(tests/capacity_records.py) is rendered as PDF and as DOCX, and the DOCX converted by headless
LibreOffice. The form's own pages (those before 附页 1) must be no more than the same form's with
every field exactly at its capacity: what does not fit continues on the 附页, and no row grows.
In our PDF no table row is taller than a page (pdfplumber: the rules of the table); in
LibreOffice's PDF every piece of every value that our PDF shows appears too.
"""
from __future__ import annotations

import io
import os
import re
import subprocess

import pdfplumber
import pypdfium2
import pytest
from capacity_records import FORMS_WITH_CAPACITY, filled_record
from formtext import pdf_flow_text
from test_docx_in_libreoffice import leaves

from generator.render import render

MM = 72 / 25.4
#: A4 less the page margins of templates/form.css (24 mm top, 20 mm bottom)
CONTENT_HEIGHT = (297 - 24 - 20) * MM
ATTACHMENT_HEADING = re.compile(r"附页\s*1\s*：")
CHUNK = 20


def own_pages(data: bytes) -> int:
    """The form's own pages: those before the page where 附页 1 begins."""
    doc = pypdfium2.PdfDocument(data)
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    return next((i for i, t in enumerate(texts) if ATTACHMENT_HEADING.search(t)), len(texts))


def tallest_row(data: bytes, pages: int) -> float:
    """The greatest distance between two horizontal rules of a table on the form's own pages."""
    tallest = 0.0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:pages]:
            ys = sorted({round(e["top"]) for e in page.edges
                         if e["orientation"] == "h" and e["x1"] - e["x0"] > 20})
            tallest = max([tallest, *(b - a for a, b in zip(ys, ys[1:]))])
    return tallest


def pieces(text: str) -> list[str]:
    text = "".join(text.split())
    return [text[i:i + CHUNK] for i in range(0, len(text) - CHUNK + 1, CHUNK)] or [text]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """form → {"full"|"ten": (record, our PDF, LibreOffice's PDF of our DOCX)}."""
    src, out = tmp_path_factory.mktemp("docx"), tmp_path_factory.mktemp("lo-pdf")
    ours = {}
    for name in FORMS_WITH_CAPACITY:
        for case, factor in (("full", 1), ("ten", 10)):
            record = filled_record(name, factor)
            ours[name, case] = (record, render(name, record, "pdf", draft=True).data)
            (src / f"{name}-{case}.docx").write_bytes(render(name, record, "docx", draft=True).data)
    profile = tmp_path_factory.mktemp("lo-profile")
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *sorted(str(p) for p in src.iterdir())],
        capture_output=True, text=True, timeout=900, env={**os.environ, "HOME": str(profile)})
    result: dict = {}
    for (name, case), (record, pdf) in ours.items():
        lo = out / f"{name}-{case}.pdf"
        assert lo.exists(), f"LibreOffice did not convert {name}-{case}.docx: {run.stdout}{run.stderr}"
        result.setdefault(name, {})[case] = (record, pdf, lo.read_bytes())
    return result


@pytest.mark.parametrize("name", FORMS_WITH_CAPACITY)
def test_our_pdf_keeps_the_forms_pages_and_no_row_is_taller_than_a_page(name, rendered):
    _, full, _ = rendered[name]["full"]
    _, ten, _ = rendered[name]["ten"]
    pages = own_pages(ten)
    assert pages < len(pypdfium2.PdfDocument(ten)), "nothing continued on an 附页"
    assert pages <= own_pages(full), (
        f"the form's own part has {pages} pages at ten times its capacities, "
        f"{own_pages(full)} at its capacities")
    assert tallest_row(ten, pages) < CONTENT_HEIGHT - 5 * MM


@pytest.mark.parametrize("name", FORMS_WITH_CAPACITY)
def test_libreoffice_shows_every_value_and_keeps_the_forms_pages(name, rendered):
    record, ten, lo_ten = rendered[name]["ten"]
    _, _, lo_full = rendered[name]["full"]
    assert own_pages(lo_ten) <= own_pages(lo_full), (
        f"LibreOffice: {own_pages(lo_ten)} pages before 附页 1 at ten times the capacities, "
        f"{own_pages(lo_full)} at the capacities")
    ours, theirs = pdf_flow_text(ten), pdf_flow_text(lo_ten)
    for value in (v for v in leaves(record) if "字段" in v):   # the values filled_record filled
        shown = [p for p in pieces(value) if p in ours]
        assert shown, f"our PDF shows nothing of {value[:40]!r}"
        missing = [p for p in shown if p not in theirs]
        assert not missing, f"LibreOffice's PDF lacks {missing[0]!r} of {value[:40]!r}"
