"""What the two summary forms (many records → one table) have in common.

A summary context declares its table once, as a tuple of :class:`Column` (header, width, type),
and carries each record twice:

- ``rows``: one small dataclass per record whose fields are display strings, placed by the
  HTML template of the PDF (dates as 2025年9月26日, money with two decimals, 无 …); a value
  longer than :data:`CELL_CAPACITY` keeps its first part and continues on an 附页;
- ``sheet_rows``: the same values as typed cells for the XLSX (``str``, ``int``, ``Decimal``,
  ``datetime.date``), in column order, so that a spreadsheet can sum money and sort dates.

``generator/xlsx.py`` writes any such context; ``generator/layouts/<form>.py`` takes the PDF
column widths from the same ``COLUMNS`` table, so the two outputs cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.contexts import ContinuedOnAttachments, h
from generator.paper import Continuation, decimal

#: How much of a free-text value a PDF table cell shows (about eight lines of the widest
#: column); the rest continues on an 附页 ("填写不下，可另附页"), so no row outgrows a page.
#: The XLSX cell keeps the whole value.
CELL_CAPACITY = 80

#: Column types: how the XLSX stores and formats a cell.
TEXT, COUNT, MONEY, DATE, MONTH = "text", "count", "money", "date", "month"


@dataclass(frozen=True)
class Column:
    key: str            # field of the display row (the PDF template's placeholder)
    header: str         # 表头 (Chinese)
    width_mm: float     # printed width on A4 landscape; the XLSX width is derived from it
    type: str = TEXT    # text | count ('0') | money ('0.00') | date (yyyy"年"m"月"d"日") | month


@dataclass(frozen=True)
class SummaryContext(ContinuedOnAttachments):
    """Fields every summary form has (the XLSX writer reads exactly these)."""

    form_title: str = h("表名")
    subtitle: str = h("副标题，如 （2025年度）；可为空")
    meta: str = h("表头下方一行：填报单位、日期、项数等")
    columns: tuple = h("表格的列（Column：表头、宽度 mm、类型），XLSX 与 PDF 共用")
    rows: tuple = h("每条记录一行，字段为已排版的文字（PDF 用）")
    sheet_rows: tuple = h("每条记录一行，按 columns 顺序的带类型值（XLSX 用：文字、整数、金额、日期）")
    sheet_totals: tuple = h("合计行，按 columns 顺序的带类型值（XLSX 用）")
    total_text: str = h("合计说明，如 共 3 项")
    notes: tuple = h("表格下方的说明行（文字）")
    label_title: str = h("方框标签的大字，如 社科基金成果样书；无标签时为空")
    label_lines: tuple = h("方框标签的其余各行（收件、地址、寄件等）")
    signatures: str = h("签字、盖章栏文字")
    continuations: tuple[Continuation, ...] = h("附页：单元格内写不下的长文字（PDF 用；XLSX 单元格保存全文）")

    landscape = True    # A4 landscape (read by the renderer and the XLSX writer)


def parse_day(value) -> dt.date | None:
    """'2025-09-26' → date; anything else → None."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_month(value) -> dt.date | None:
    """'2024-05' → the 1st of that month (shown as 2024年5月); a full date is kept as it is."""
    day = parse_day(value)
    if day or not isinstance(value, str):
        return day
    parts = value.strip().split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return dt.date(int(parts[0]), int(parts[1]), 1)
    return None


def decimal_money(value) -> Decimal | None:
    """万元 as a two-decimal Decimal (half up) for a numeric XLSX cell; None when absent.

    >>> decimal_money(3650), decimal_money("12.345"), decimal_money(None)
    (Decimal('3650.00'), Decimal('12.35'), None)
    """
    number = decimal(value)
    if number is None or not number.is_finite():
        return None
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def units_text(names, limit: int = 3) -> str:
    """Distinct names in order of appearance: '甲、乙' or '甲、乙、丙等 5 家单位'.

    >>> units_text(["甲", "乙", "甲"]), units_text(["甲", "乙", "丙", "丁"], 2)
    ('甲、乙', '甲、乙等 4 家单位')
    """
    seen = list(dict.fromkeys(n for n in names if n))
    if len(seen) <= limit:
        return "、".join(seen)
    return "、".join(seen[:limit]) + f"等 {len(seen)} 家单位"
