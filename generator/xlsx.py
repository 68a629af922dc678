"""Summary contexts → XLSX (``context_to_xlsx`` in generator/render.py calls :func:`summary_to_xlsx`).

Written by XlsxWriter in ``constant_memory`` mode: each row goes to a temporary file as soon
as the next one starts, so a 10,000-row summary stays small in memory, through the public API
only (``bench/render_xlsx.py`` measures it beside the openpyxl write-only writer it replaced).
What the writer needs is the :class:`~generator.contexts._summary.SummaryContext`: title,
subtitle, the declared ``columns`` (header, width, type), one ``sheet`` per sealing body, the
notes, an optional boxed label, and the ``continuations`` (附页). It computes nothing about
the records; it only lays the values out, one worksheet per body:

- row 1 the title (merged, 18 pt bold) with the verification QR code in its right corner; row
  2 the meta line (组织管理部门/责任单位（盖章）…), on drafts the watermark 草稿 in its first
  cell and in the printed page header, and under the QR the verification line;
- row 3 the Chinese column headers (bold, bordered), frozen on screen and repeated on every
  printed page;
- data rows bordered and wrapped, every row's height computed from its content (text units
  per column width, one line per 14.5 pt; Excel and LibreOffice do not grow a row that was
  written without a height); text is always a string cell (``write_string``: a value starting
  with ``=`` is never a formula), counts ``0``, money ``0.00``, dates as real dates shown
  ``yyyy"年"m"月"d"日`` (``yyyy"年"m"月"`` where only the month is known);
- the totals row, the notes and the signature/seal line; the parcel label (报送清单) after a
  page break, so that it prints whole on a page of its own;
- print set-up: A4 landscape, fit to one page wide, footer 第 &P 页 共 &N 页.

A value longer than its column's capacity is cut exactly as in the PDF ("……（续见附页 N）")
and continues on the sheet 附页, in pieces a row can show (Excel's cell limit is 32,767
characters, its row 409 pt).

Fonts: cells name "SimSun" with charset 134 (GB2312) and family 3, as Excel itself writes 宋体;
see docs/forms.md for why this name and how LibreOffice finds it.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import xlsxwriter

from generator.contexts._summary import COUNT, DATE, MONEY, MONTH, TEXT

FONT = {"font_name": "SimSun", "font_charset": 134, "font_family": 3}
#: Number formats by column type (Excel format codes).
FORMATS = {
    TEXT: "@",
    COUNT: "0",
    MONEY: "0.00",
    DATE: 'yyyy"年"m"月"d"日"',
    MONTH: 'yyyy"年"m"月"',
}
HEADER_ROW = 2                 # 0-based: rows 0–1 hold the title and the meta line
MM_PER_PX = 25.4 / 96
QR_PX = 84                     # the QR picture, about 22 mm
LINE_PT = 14.5                 # height of one line of 10 pt text
MAX_ROW_PT = 409               # Excel's largest row height
ATTACHMENT_SHEET = "附页"
ATTACHMENT_WIDTH = 100         # characters: within an A4 landscape page unscaled (LibreOffice
#                                does not scale the 附页 sheet to the page width; 130 printed 321 mm)
ATTACHMENT_PIECE = 600         # characters per 附页 row: about 12 lines, two rows a page


def column_width(width_mm: float) -> float:
    """Excel column width (characters of the default font, 7 px + 5 px padding) for a printed
    width in mm.

    >>> column_width(44)
    23.0
    """
    return round(max(1.0, (width_mm / MM_PER_PX - 5) / 7), 1)


def _px(width_chars: float) -> int:
    return int(width_chars * 7 + 5)


def text_units(text: str) -> int:
    """Width of ``text`` in default-font character units: characters from U+1100 on (CJK,
    full-width punctuation) count 2, Latin and digits 1.

    >>> text_units("2025年"), text_units("ISBN")
    (6, 4)
    """
    if text.isascii():
        return len(text)
    return 2 * len(text) - sum(1 for ch in text if ch < "\u1100")


def lines_needed(text: str, width_chars: float) -> int:
    """How many lines ``text`` wraps to in a column ``width_chars`` wide (10 pt).

    >>> lines_needed("山西省县域数字经济发展评价与路径研究", 20.9)   # 36 units in 19.9
    2
    """
    room = max(1.0, width_chars - 1)
    return sum(max(1, math.ceil(text_units(part) / room)) for part in text.split("\n"))


def row_height(values, widths, line_pt: float = LINE_PT) -> float:
    """The height that shows every line of every text value of a row (at least one line).
    A value of at most half the room in characters fits one line whatever its characters
    (none is wider than 2 units), so only longer ones are measured."""
    lines = max([lines_needed(v, w) for v, w in zip(values, widths)
                 if isinstance(v, str) and (2 * len(v) > w - 1 or "\n" in v)] or [1])
    return min(MAX_ROW_PT, lines * line_pt + 4)


def pieces(text: str, size: int = ATTACHMENT_PIECE) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, each ending at a sentence or clause
    mark when one falls in its last fifth.

    >>> pieces("甲乙。丙丁戊己庚辛", 5)
    ['甲乙。', '丙丁戊己庚', '辛']
    """
    out = []
    while len(text) > size:
        cut = max(text.rfind(mark, size * 4 // 5 if size >= 10 else 0, size) for mark in "。；！？\n，、")
        cut = cut + 1 if cut > 0 else size
        out.append(text[:cut])
        text = text[cut:]
    return out + [text] if text else out


class _Formats:
    """The cell formats of the workbook: kind → XlsxWriter Format."""

    def __init__(self, wb):
        box = {"border": 1, "valign": "vcenter", "text_wrap": True}
        def make(**kw):
            return wb.add_format({**FONT, "font_size": 10, **kw})
        self.title = make(font_size=18, bold=True, align="center", valign="vcenter", text_wrap=True)
        self.meta = make(font_size=10.5, align="left", valign="vcenter", text_wrap=True)
        self.verification = make(font_size=8, align="right", valign="top", text_wrap=True)
        self.watermark = make(font_size=11, bold=True, font_color="#C00000", align="center",
                              valign="vcenter", shrink=True)
        self.header = make(font_size=10.5, bold=True, align="center", **box)
        self.cell, self.total = {}, {}
        for kind in (TEXT, COUNT, MONEY, DATE, MONTH):
            align = {TEXT: "left", MONEY: "right"}.get(kind, "center")
            self.cell[kind] = make(align=align, num_format=FORMATS[kind], **box)
            self.total[kind] = make(bold=True, align="center" if kind == TEXT else align,
                                    num_format=FORMATS[kind], **box)
        self.note = make(align="left", valign="vcenter", text_wrap=True)
        self.label_title = make(font_size=22, bold=True, align="center", valign="vcenter",
                                border=2)
        self.label_line = make(font_size=12, align="left", valign="vcenter", text_wrap=True,
                               border=2)
        self.sign = make(font_size=10.5, align="left", valign="top", text_wrap=True)
        self.attachment_title = make(font_size=12, bold=True, align="left", valign="vcenter")
        self.attachment = make(align="left", valign="top", text_wrap=True)


def _write(ws, r: int, c: int, value, fmt) -> None:
    """One typed cell: text stays text, whatever it starts with."""
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, value, fmt)
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _print_setup(ws, watermark: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)                                   # A4
    ws.fit_to_pages(1, 0)                             # one page wide, as many long as needed
    ws.center_horizontally()
    ws.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.7)
    ws.set_footer('&C&"SimSun,Regular"&9第 &P 页 共 &N 页', {"margin": 0.3})
    if watermark:
        ws.set_header(f'&C&"SimSun,Bold"&28&KC00000{watermark}', {"margin": 0.3})


def _sheet_names(context) -> list[str]:
    names = []
    for sheet in context.sheets:
        base = "".join(ch for ch in (sheet.body or context.form_title) if ch not in "[]:*?/\\'")
        name, n = base[:31] or "Sheet1", 1
        while name in names or name == ATTACHMENT_SHEET:
            n += 1
            name = f"{base[:27]}（{n}）"
        names.append(name)
    return names


def _body_sheet(ws, context, sheet, f: _Formats, qr_png: bytes, watermark: str,
                verification_line: str) -> None:
    columns = context.columns
    n = len(columns)
    widths = [column_width(c.width_mm) for c in columns]
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.repeat_rows(HEADER_ROW)
    _print_setup(ws, watermark)

    # The QR code sits in the top right corner, over the last columns that give it room;
    # the verification line is under it, the meta line stops before them.
    qr_col, room = n, 0
    while qr_col > 0 and room < QR_PX + 4:
        qr_col -= 1
        room += _px(widths[qr_col])
    meta_end = max(2, qr_col)

    def span(r, first, last, value, fmt):
        if last > first:
            ws.merge_range(r, first, r, last, value, fmt)
        else:
            _write(ws, r, first, value, fmt)

    ws.set_row(0, 66)
    title = context.form_title + (f"\n{context.subtitle}" if context.subtitle else "")
    span(0, 0, n - 1, title, f.title)
    ws.insert_image(0, qr_col, "qr.png", {
        "image_data": io.BytesIO(qr_png), "x_offset": max(0, room - QR_PX - 4), "y_offset": 2,
        "x_scale": QR_PX / _png_width(qr_png), "y_scale": QR_PX / _png_width(qr_png),
        "object_position": 3, "description": "校验码"})
    ws.set_row(1, 36)
    _write(ws, 1, 0, watermark, f.watermark)
    span(1, 1, meta_end - 1, sheet.meta, f.meta)
    span(1, meta_end, n - 1, verification_line, f.verification)

    ws.set_row(HEADER_ROW, row_height([c.header for c in columns], [w * 0.95 for w in widths]) + 2)
    for i, c in enumerate(columns):
        _write(ws, HEADER_ROW, i, c.header, f.header)
    r = HEADER_ROW
    cells = [f.cell[c.type] for c in columns]
    for values in sheet.sheet_rows:
        r += 1
        ws.set_row(r, row_height(values, widths))
        for i, (value, fmt) in enumerate(zip(values, cells)):
            _write(ws, r, i, value, fmt)
    r += 1
    ws.set_row(r, max(20, row_height(sheet.sheet_totals, widths)))
    for i, (value, c) in enumerate(zip(sheet.sheet_totals, columns)):
        _write(ws, r, i, value, f.total[c.type])

    total_width = sum(widths)
    for note in context.notes:
        r += 1
        ws.set_row(r, row_height([note], [total_width]))
        span(r, 0, n - 1, note, f.note)
    r += 1
    ws.set_row(r, 64)                                # room for signatures and the seal
    span(r, 0, n - 1, sheet.signatures, f.sign)
    if context.label_title:                          # the parcel label: a page of its own
        r += 1
        ws.set_h_pagebreaks([r])
        ws.set_row(r, 60)
        span(r, 0, n - 1, context.label_title, f.label_title)
        for line in sheet.label_lines:
            r += 1
            ws.set_row(r, row_height([line], [total_width * 0.8], 17) + 6)
            span(r, 0, n - 1, line, f.label_line)


def _attachment_sheet(ws, context, f: _Formats, watermark: str) -> None:
    """附页: each continuation under its heading, in pieces a row can show."""
    ws.set_column(0, 0, ATTACHMENT_WIDTH)
    _print_setup(ws, watermark)
    r = -1
    for c in context.continuations:
        r += 1
        ws.set_row(r, 24)
        ws.write_string(r, 0, f"附页 {c.number}：{c.title}（续）", f.attachment_title)
        for piece in pieces(c.text):
            r += 1
            ws.set_row(r, row_height([piece], [ATTACHMENT_WIDTH]))
            ws.write_string(r, 0, piece, f.attachment)


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")          # IHDR width (PNG signature + chunk head)


def summary_to_xlsx(summary, *, qr_png: bytes, watermark: str = "",
                    verification_line: str = "") -> bytes:
    """Write the summary context ``summary`` as a workbook (one worksheet per sealing body,
    then 附页 when a value continues) and return its bytes; ``verification_line`` is printed
    under the QR code (generator.render.VERIFICATION_LINE, as on the PDF and DOCX)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    # The document's author is the body that seals it (Explorer and WPS show it), never our
    # program; the title is the form's.
    wb.set_properties({"title": summary.form_title,
                       "author": "、".join(s.body for s in summary.sheets if s.body),
                       "comments": ""})
    f = _Formats(wb)
    for name, sheet in zip(_sheet_names(summary), summary.sheets):
        _body_sheet(wb.add_worksheet(name), summary, sheet, f, qr_png, watermark,
                    verification_line)
    if summary.continuations:
        _attachment_sheet(wb.add_worksheet(ATTACHMENT_SHEET), summary, f, watermark)
    wb.close()
    return out.getvalue()
