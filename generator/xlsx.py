"""Summary contexts → XLSX (``context_to_xlsx`` in generator/render.py calls :func:`summary_to_xlsx`).

The sheet is written by openpyxl in write-only mode (rows are streamed to a temporary file,
never held as a worksheet in memory), so a 10,000-row summary takes about a second and a few
tens of MB (``bench/render_xlsx.py`` prints the figures). What the writer needs from the
context is the :class:`~generator.contexts._summary.SummaryContext` part: title, subtitle, a
``meta`` line, the declared ``columns`` (header, width, type), the typed ``sheet_rows`` and
``sheet_totals``, ``notes``, an optional boxed label, and the signature line. It computes
nothing about the records; it only lays the values out:

- row 1 the title (merged, 18 pt bold) with the verification QR code floating in its right
  corner (write-only worksheets accept pictures); row 2 the subtitle/meta line, and on drafts
  the watermark text (草稿, red) in its first cell and in the printed page header;
- row 3 the Chinese column headers (bold, bordered), frozen on screen (``freeze_panes`` below
  the header) and repeated on every printed page (``print_title_rows``);
- data rows bordered, text wrapped, row heights estimated from the declared column widths
  (merged or wrapped rows do not grow by themselves in Excel); counts with number format
  ``0``, money ``0.00`` (numeric cells), dates as real dates shown ``yyyy"年"m"月"d"日``
  (``yyyy"年"m"月"`` where only the month is known);
- the totals row, the notes, the boxed label and the signature/seal line below the table;
- print set-up: A4 landscape, fit to one page wide (``fitToWidth=1``, ``fitToHeight=0``),
  footer 第 &P 页 共 &N 页, centred horizontally.

Fonts: cells use 宋体 (SimSun), the usual face of printed Chinese forms on office machines;
LibreOffice substitutes a CJK serif where it is not installed.
"""
from __future__ import annotations

import io
import math
import unicodedata
from copy import copy

from generator.contexts._summary import COUNT, DATE, MONEY, MONTH, TEXT

FONT = "宋体"
#: Number formats by column type (Excel format codes).
FORMATS = {
    TEXT: "@",
    COUNT: "0",
    MONEY: "0.00",
    DATE: 'yyyy"年"m"月"d"日"',
    MONTH: 'yyyy"年"m"月"',
}
HEADER_ROW = 3                 # rows 1–2: title and meta line
MM_PER_PX = 25.4 / 96
QR_PX = 84                     # the QR picture, about 22 mm
BODY_PT = 10
LINE_PT = 14.5                 # height of one line of 10 pt text


def column_width(width_mm: float) -> float:
    """Excel column width (characters of the default font, 7 px + 5 px padding) for a printed
    width in mm.

    >>> column_width(44)
    21.7
    """
    return round(max(1.0, (width_mm / MM_PER_PX - 5) / 7), 1)


def _px(width_chars: float) -> int:
    return int(width_chars * 7 + 5)


def text_units(text: str) -> int:
    """Width of ``text`` in default-font character units: CJK and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width_chars: float) -> int:
    """How many lines ``text`` wraps to in a column ``width_chars`` wide (10 pt 宋体)."""
    room = max(1.0, width_chars - 1)
    return sum(max(1, math.ceil(text_units(part) / room)) for part in text.split("\n"))


class _Styles:
    """One StyleArray per kind of cell, registered once and copied onto each new cell
    (assigning Font/Border objects cell by cell is what makes large sheets slow)."""

    def __init__(self, ws):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        medium = Side(style="medium", color="000000")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        outline = Border(left=medium, right=medium, top=medium, bottom=medium)
        self._ws = ws
        self._cell = WriteOnlyCell
        self.arrays = {}

        def make(name, *, font=None, border=None, align=None, fmt=None):
            c = WriteOnlyCell(ws)
            c.font = font or Font(name=FONT, size=BODY_PT)
            if border is not None:
                c.border = border
            c.alignment = align or Alignment(vertical="center", wrap_text=True)
            if fmt:
                c.number_format = fmt
            self.arrays[name] = copy(c._style)

        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        right = Alignment(horizontal="right", vertical="center", wrap_text=True)
        make("title", font=Font(name=FONT, size=18, bold=True), align=center)
        make("meta", font=Font(name=FONT, size=10.5), align=left)
        make("watermark", font=Font(name=FONT, size=16, bold=True, color="C00000"), align=center)
        make("header", font=Font(name=FONT, size=10.5, bold=True), border=box, align=center)
        for kind in (TEXT, COUNT, MONEY, DATE, MONTH):
            align = {TEXT: left, MONEY: right}.get(kind, center)
            make(kind, border=box, align=align, fmt=FORMATS[kind])
            make("total " + kind, font=Font(name=FONT, size=BODY_PT, bold=True), border=box,
                 align=center if kind == TEXT else align, fmt=FORMATS[kind])
        make("note", align=left)
        make("label title", font=Font(name=FONT, size=22, bold=True), border=outline,
             align=center)
        make("label line", font=Font(name=FONT, size=12), border=outline, align=left)
        make("sign", font=Font(name=FONT, size=10.5),
             align=Alignment(horizontal="left", vertical="top", wrap_text=True))

    def cell(self, value, kind: str):
        c = self._cell(self._ws, value)
        if c.data_type == "f":        # values are data: "=…" stays text, never a formula
            c.data_type = "s"
        c._style = copy(self.arrays[kind])
        return c


def summary_to_xlsx(ctx, *, qr_png: bytes, watermark: str = "") -> bytes:
    """Write the summary context ``ctx`` as a one-sheet workbook and return its bytes."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.units import pixels_to_EMU

    columns = ctx.columns
    n = len(columns)
    last = get_column_letter(n)
    widths = [column_width(c.width_mm) for c in columns]

    wb = Workbook(write_only=True)
    wb.properties.title = ctx.form_title
    wb.properties.creator = "paperwork"
    ws = wb.create_sheet(_sheet_name(ctx.form_title))
    st = _Styles(ws)

    # Everything above the rows must be set before the first append (write-only).
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    # The QR code floats in the top right corner, over the last columns that give it room.
    qr_col, room = n, 0                      # 0-based column of its anchor
    while qr_col > 0 and room < QR_PX + 4:
        qr_col -= 1
        room += _px(widths[qr_col])
    meta_end = max(2, qr_col)               # the meta line stops before the QR's columns

    ws.row_dimensions[1].height = 34
    ws.row_dimensions[2].height = 32
    title = ctx.form_title + (f"\n{ctx.subtitle}" if ctx.subtitle else "")
    if ctx.subtitle:
        ws.row_dimensions[1].height = 46
    ws.append([st.cell(title, "title")] + [st.cell(None, "title") for _ in range(n - 1)])
    ws.merged_cells.add(f"A1:{last}1")
    meta = [st.cell(watermark or None, "watermark"), st.cell(ctx.meta, "meta")]
    meta += [st.cell(None, "meta") for _ in range(meta_end - 2)]
    ws.append(meta)
    if meta_end > 2:
        ws.merged_cells.add(f"B2:{get_column_letter(meta_end)}2")

    header_lines = max(lines_needed(c.header, w * 0.95) for c, w in zip(columns, widths))
    ws.row_dimensions[HEADER_ROW].height = header_lines * 14.5 + 6
    ws.append([st.cell(c.header, "header") for c in columns])

    kinds = [c.type for c in columns]
    wraps = [(i, w) for i, (c, w) in enumerate(zip(columns, widths)) if c.type == TEXT]

    def lines_of(values) -> int:
        lines = 1
        for i, w in wraps:
            v = values[i]
            if isinstance(v, str) and (len(v) * 2 > w or "\n" in v):
                lines = max(lines, lines_needed(v, w))
        return lines

    row_no = HEADER_ROW
    for values in ctx.sheet_rows:
        row_no += 1
        lines = lines_of(values)
        if lines > 1:
            ws.row_dimensions[row_no].height = lines * LINE_PT + 4
        ws.append([st.cell(v, k) for v, k in zip(values, kinds)])

    if ctx.sheet_totals:
        row_no += 1
        ws.row_dimensions[row_no].height = max(20, lines_of(ctx.sheet_totals) * LINE_PT + 4)
        ws.append([st.cell(v, "total " + k) for v, k in zip(ctx.sheet_totals, kinds)])

    def full_row(value, kind, height):
        nonlocal row_no
        row_no += 1
        ws.row_dimensions[row_no].height = height
        ws.append([st.cell(value, kind)] + [st.cell(None, kind) for _ in range(n - 1)])
        ws.merged_cells.add(f"A{row_no}:{last}{row_no}")

    total_width = sum(widths)
    for note in ctx.notes:
        full_row(note, "note", lines_needed(note, total_width) * LINE_PT + 4)
    if ctx.label_title:
        row_no += 1                       # one empty row before the label
        ws.append([])
        full_row(ctx.label_title, "label title", 40)
        for line in ctx.label_lines:
            full_row(line, "label line", lines_needed(line, total_width * 0.6) * 17 + 6)
    if ctx.signatures:
        full_row(ctx.signatures, "sign", 64)   # room for signatures and the seal

    # Print set-up (written after the rows; may be set any time before saving).
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"          # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top, ws.page_margins.bottom = 0.8, 0.7
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    if watermark:
        ws.oddHeader.center.text = watermark
        ws.oddHeader.center.size = 28
        ws.oddHeader.center.color = "C00000"
        ws.oddHeader.center.font = f"{FONT},Bold"

    img = Image(io.BytesIO(qr_png))
    img.width = img.height = QR_PX
    marker = AnchorMarker(col=qr_col, colOff=pixels_to_EMU(max(0, room - QR_PX - 4)),
                          row=0, rowOff=pixels_to_EMU(2))
    img.anchor = OneCellAnchor(_from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(QR_PX),
                                                                    pixels_to_EMU(QR_PX)))
    ws.add_image(img)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    name = "".join(ch for ch in title if ch not in '[]:*?/\\')
    return name[:31] or "Sheet1"
