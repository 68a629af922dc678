"""Reading our rendered forms back as a user's program would (shared by the form tests):
python-docx for DOCX, pypdfium2 for PDF, openpyxl for XLSX."""
from __future__ import annotations

import io
import re

import pypdfium2
from docx import Document


def pdf_text(data: bytes) -> str:
    doc = pypdfium2.PdfDocument(data)
    return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def flat(text: str) -> str:
    """Text with the line breaks that wrapping puts inside a cell removed."""
    return text.replace("\r\n", "").replace("\n", "")


def docx_rows(data: bytes) -> list[list[str]]:
    """Cell texts of every table row; a merged cell (python-docx repeats it) counts once."""
    doc = Document(io.BytesIO(data))
    rows = []
    for t in doc.tables:
        for r in t.rows:
            cells = []
            for c in r.cells:
                if not cells or c._tc is not cells[-1]._tc:
                    cells.append(c)
            rows.append([c.text for c in cells])
    return rows


def docx_text(data: bytes) -> str:
    """Body paragraphs, then every table row's cells."""
    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs]
                     + ["\n".join(cells) for cells in docx_rows(data)])


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


_PAGE_FOOTER = re.compile(r"第\d+页共\d+页")
#: the page footer's line: the form's title and number, then 第 N 页 共 M 页 (issue #14 item 8)
_FOOTER_LINE = re.compile(r"^[^\r\n]*第\s*\d+\s*页\s*共\s*\d+\s*页[ \t]*$", re.M)
#: the line beside the QR code (generator.render.VERIFICATION_LINE), in a DOCX's page header
_VERIFICATION_LINE = "校验码：扫描二维码可核对本表与登记记录是否一致"


def pdf_flow_text(data: bytes, watermark: str = "草稿") -> str:
    """The text of every page as one flow: whitespace removed, so a value wrapped over lines is
    joined, and the footer, the verification line and the draft watermark of each page dropped,
    so is one that continues on the next page."""
    doc = pypdfium2.PdfDocument(data)
    pages = (re.sub(r"\s+", "", _FOOTER_LINE.sub("", doc[i].get_textpage().get_text_range()))
             for i in range(len(doc)))
    return "".join(_PAGE_FOOTER.sub("", page).replace(_VERIFICATION_LINE, "").replace(watermark, "") for page in pages)
