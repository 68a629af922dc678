"""What the two summary forms (many records → one table) have in common.

A summary context declares its table once, as a tuple of :class:`Column` (header, width, type,
capacity), and one :class:`SummarySheet` per body that seals or mails the form (issue #14
item 11: a 汇总表 is stamped by one 组织管理部门, a parcel is mailed by one 责任单位; records of
several bodies give several sheets, each with its own seal line, totals and label). A sheet
carries each of its records twice:

- ``rows``: one small dataclass per record whose fields are display strings, placed by the
  HTML template of the PDF (dates as 2025年9月26日, money with two decimals, an empty value blank …); a value
  longer than its column's ``capacity`` keeps its first part and continues on an 附页;
- ``sheet_rows``: the same values as typed cells for the XLSX (``str``, ``int``, ``Decimal``,
  ``datetime.date``), in column order, so that a spreadsheet can sum money and sort dates; a
  long text is cut exactly as in the PDF, and the XLSX has the same 附页 as a sheet.

``generator/xlsx.py`` writes any such context; ``generator/layouts/<form>.py`` takes the PDF
column widths from the same ``COLUMNS`` table, so the two outputs cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.contexts import ContinuedOnAttachments, h
from generator.paper import Continuation, decimal

#: How much of a free-text value a table cell shows by default (about eight lines of the
#: widest column); the rest continues on an 附页 ("填写不下，可另附页"), so no row outgrows a
#: page, in the PDF and in the XLSX alike. Narrow columns declare less (``Column.capacity``).
CELL_CAPACITY = 80

#: Column types: how the XLSX stores and formats a cell.
TEXT, COUNT, MONEY, DATE, MONTH = "text", "count", "money", "date", "month"


@dataclass(frozen=True)
class Column:
    key: str            # field of the display row (the PDF template's placeholder)
    header: str         # 表头 (Chinese)
    width_mm: float     # printed width on A4 landscape; the XLSX width is derived from it
    type: str = TEXT    # text | count ('0') | money ('0.00') | date (yyyy"年"m"月"d"日") | month
    capacity: int = CELL_CAPACITY   # characters shown in the cell; the rest goes to an 附页


@dataclass(frozen=True)
class SummarySheet:
    """The part of a summary one body seals (and, for the 报送清单, mails): its rows, totals,
    seal line and parcel label. The XLSX has one worksheet per sheet, the PDF one section
    starting on a new page."""

    body: str = h("盖章（寄件）单位：组织管理部门或责任单位")
    meta: str = h("表头下方一行：填报单位（盖章）、日期、项数等")
    rows: tuple = h("每条记录一行，字段为已排版的文字（PDF 用）")
    sheet_rows: tuple = h("每条记录一行，按 columns 顺序的带类型值（XLSX 用：文字、整数、金额、日期）")
    sheet_totals: tuple = h("合计行，按 columns 顺序的带类型值（XLSX 用）")
    total_text: str = h("合计说明，如 共 3 项")
    label_lines: tuple = h("方框标签的其余各行（收件、地址、寄件等）")
    signatures: str = h("签字、盖章栏文字")


def by_body(records: list[dict], body) -> list[tuple[str, list[dict]]]:
    """The records grouped by the body that seals their sheet (``body(record) -> str``), in the
    order each body first appears; a record's order within its body is kept.

    >>> by_body([{"u": "甲"}, {"u": "乙"}, {"u": "甲"}], lambda r: r["u"])
    [('甲', [{'u': '甲'}, {'u': '甲'}]), ('乙', [{'u': '乙'}])]
    """
    groups: dict[str, list[dict]] = {}
    for record in records:
        name = body(record)
        groups.setdefault(name.strip() if isinstance(name, str) else "", []).append(record)
    return list(groups.items())


@dataclass(frozen=True)
class SummaryContext(ContinuedOnAttachments):
    """Fields every summary form has (the XLSX writer reads exactly these)."""

    form_title: str = h("表名")
    subtitle: str = h("副标题，如 （2025年度）；可为空")
    columns: tuple = h("表格的列（Column：表头、宽度 mm、类型、容量），XLSX 与 PDF 共用")
    sheets: tuple = h("每个盖章（寄件）单位一张表（SummarySheet）：XLSX 一个工作表，PDF 另起一页")
    notes: tuple = h("表格下方的说明行（文字）")
    label_title: str = h("方框标签的大字，如 社科基金成果样书；无标签时为空")
    continuations: tuple[Continuation, ...] = h("附页：单元格内写不下的长文字（PDF 附页；XLSX “附页”工作表）")

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
