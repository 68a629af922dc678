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

import datetime as dt
import io
import math
from decimal import Decimal
from xml.sax.saxutils import escape as _escape

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
MAX_ROW_PT = 409               # Excel's largest row height


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
    full-width punctuation) count 2, Latin and digits 1; a slight overestimate for the few
    narrow symbols above U+1100, which only makes a row a little taller.

    >>> text_units("2025年"), text_units("ISBN")
    (6, 4)
    """
    if text.isascii():
        return len(text)
    return 2 * len(text) - sum(1 for ch in text if ch < "\u1100")


def lines_needed(text: str, width_chars: float) -> int:
    """How many lines ``text`` wraps to in a column ``width_chars`` wide (10 pt 宋体)."""
    room = max(1.0, width_chars - 1)
    return sum(max(1, math.ceil(text_units(part) / room)) for part in text.split("\n"))


class _Styles:
    """The cell formats of the sheet, registered once in the workbook: kind → style id."""

    def __init__(self, wb, ws):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        medium = Side(style="medium", color="000000")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        outline = Border(left=medium, right=medium, top=medium, bottom=medium)
        self.ids = {}

        def make(name, *, font=None, border=None, align=None, fmt=None):
            c = WriteOnlyCell(ws)
            c.font = font or Font(name=FONT, size=BODY_PT)
            if border is not None:
                c.border = border
            c.alignment = align or Alignment(vertical="center", wrap_text=True)
            if fmt:
                c.number_format = fmt
            self.ids[name] = str(wb._cell_styles.add(c._style))

        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        right = Alignment(horizontal="right", vertical="center", wrap_text=True)
        make("title", font=Font(name=FONT, size=18, bold=True), align=center)
        make("meta", font=Font(name=FONT, size=10.5), align=left)
        make("watermark", font=Font(name=FONT, size=11, bold=True, color="C00000"),
             align=Alignment(horizontal="center", vertical="center", shrink_to_fit=True))
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


class _Rows:
    """Streams ``<row>`` elements into the write-only worksheet.

    ``WriteOnlyWorksheet.append`` builds two ``Cell`` objects per value and goes through an
    exception for every styled cell; with 10,000 rows of 11 styled cells that alone takes
    seconds. This is the same mechanism (``ws._rows``: a generator holding the worksheet's
    ``sheetData`` element open, closed by ``wb.save``), writing each row as one element parsed
    from its XML text, every cell with its precomputed style id. Values are typed here once:
    str → inline string (escaped; never a formula), int/Decimal → number, date → Excel
    serial. A character XML cannot hold makes the parse fail (the renderer refuses control
    characters before this point, S901)."""

    def __init__(self, wb, ws, ncols: int):
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.datetime import to_excel
        from openpyxl.xml.functions import fromstring

        self._epoch = wb.epoch
        self._letters = [get_column_letter(i) for i in range(1, ncols + 1)]
        self._fromstring, self._to_excel = fromstring, to_excel
        self.row = 0
        ws._get_writer()                 # writes everything above sheetData (views, cols)
        self._stream = self._sheet_data(ws)
        next(self._stream)
        ws._rows = self._stream          # wb.save → ws.close() → closes the stream

    def _sheet_data(self, ws):
        xf = ws._writer.xf.send(True)
        with xf.element("sheetData"):
            try:
                while True:
                    xf.write((yield))
            except GeneratorExit:
                pass
        ws._writer.xf.send(None)

    def add(self, cells, height: float | None = None) -> int:
        """One row of (value, style id) pairs; returns its row number."""
        self.row += 1
        r = str(self.row)
        xml = [f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">']
        for letter, (value, style) in zip(self._letters, cells):
            if value is None or value == "":
                xml.append(f'<c r="{letter}{r}" s="{style}"/>')
            elif isinstance(value, str):
                space = ' xml:space="preserve"' if value != value.strip() else ""
                xml.append(f'<c r="{letter}{r}" s="{style}" t="inlineStr"><is><t{space}>'
                           f'{_escape(value)}</t></is></c>')
            elif isinstance(value, bool):
                xml.append(f'<c r="{letter}{r}" s="{style}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float, Decimal)):
                xml.append(f'<c r="{letter}{r}" s="{style}" t="n"><v>{value}</v></c>')
            elif isinstance(value, (dt.date, dt.datetime)):
                xml.append(f'<c r="{letter}{r}" s="{style}" t="n">'
                           f'<v>{self._to_excel(value, self._epoch)}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
        xml.append("</row>")
        self._stream.send(self._fromstring("".join(xml)))
        return self.row


def summary_to_xlsx(summary, *, qr_png: bytes, watermark: str = "") -> bytes:
    """Write the summary context ``summary`` as a one-sheet workbook and return its bytes."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.units import pixels_to_EMU

    columns = summary.columns
    n = len(columns)
    widths = [column_width(c.width_mm) for c in columns]

    wb = Workbook(write_only=True)
    wb.properties.title = summary.form_title
    wb.properties.creator = "paperwork"
    ws = wb.create_sheet(_sheet_name(summary.form_title))
    ids = _Styles(wb, ws).ids

    # Everything above the rows is written with the first row (write-only): set it first.
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

    rows = _Rows(wb, ws, n)

    def full_row(value, kind, height, end=n, first=None):
        cells = [(value, ids[kind])] + [(None, ids[kind])] * (end - 1)
        if first is not None:
            cells = [first] + cells[:-1]
        r = rows.add(cells, height)
        start = "B" if first is not None else "A"
        if end > 1:
            ws.merged_cells.add(f"{start}{r}:{get_column_letter(end)}{r}")

    title = summary.form_title + (f"\n{summary.subtitle}" if summary.subtitle else "")
    full_row(title, "title", 46 if summary.subtitle else 40)
    full_row(summary.meta, "meta", 32, end=meta_end, first=(watermark or None, ids["watermark"]))

    header_lines = max(lines_needed(c.header, w * 0.95) for c, w in zip(columns, widths))
    rows.add([(c.header, ids["header"]) for c in columns], header_lines * 14.5 + 6)

    styles = [ids[c.type] for c in columns]
    totals = [ids["total " + c.type] for c in columns]
    wraps = [(i, w, 2 * (w - 1)) for i, (c, w) in enumerate(zip(columns, widths))
             if c.type == TEXT]

    def height(values) -> float | None:
        lines = 1
        for i, w, short in wraps:
            v = values[i]
            if isinstance(v, str) and (len(v) > short / 2 or "\n" in v):
                lines = max(lines, lines_needed(v, w))
        return min(MAX_ROW_PT, lines * LINE_PT + 4) if lines > 1 else None

    for values in summary.sheet_rows:
        rows.add(zip(values, styles), height(values))
    if summary.sheet_totals:
        rows.add(zip(summary.sheet_totals, totals), max(20, height(summary.sheet_totals) or 0))

    total_width = sum(widths)
    for note in summary.notes:
        full_row(note, "note", lines_needed(note, total_width) * LINE_PT + 4)
    if summary.label_title:
        rows.add([])                       # one empty row before the label
        full_row(summary.label_title, "label title", 40)
        for line in summary.label_lines:
            full_row(line, "label line", lines_needed(line, total_width * 0.6) * 17 + 6)
    if summary.signatures:
        full_row(summary.signatures, "sign", 64)   # room for signatures and the seal

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
