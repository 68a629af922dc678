"""成果出版物报送清单: the list that goes into the parcel of NSSF outcome publications (000 二).

One row per ``nssf-publication`` record (one book), in the order given, with the number of
copies the notice requires for it (000 二（一）) and the number the record says was handed in;
below the table the totals, the basis of the copy counts, and the parcel label: the words
社科基金成果样书 that must be marked on the outside of the parcel, and the address the parcels
go to (000 二（二）3). The copy counts are the validator's (``copies_required`` and the basis
wording of rule NP201 in validators/rules/nssf_publication.py), not a second table.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.contexts import get, h
from generator.contexts._summary import (
    COUNT,
    DATE,
    MONTH,
    TEXT,
    Column,
    SummaryContext,
    SummarySheet,
    by_body,
    count,
    parse_day,
    parse_month,
)
from generator.paper import Attachments, box_text, cn_date
from validators.codes import CODES
from validators.documents import in_words
from validators.ids import isbn as isbn_id
from validators.ids.errors import InvalidIdentifier
from validators.kinds import nssf_publication

TITLE = "成果出版物报送清单"
PARCEL_LABEL = nssf_publication.PARCEL_LABEL          # 社科基金成果样书 (000 二（二）3)
# 000 二（二）3: "统一寄至：北京市东城区先晓胡同 10 号中国版本图书馆样本征集部，邮编：100005，
# 电话 010- 58689972。"
RECIPIENT = "中国版本图书馆样本征集部"
ADDRESS = "北京市东城区先晓胡同 10 号"
POSTCODE = "100005"
PHONE = "010-58689972"

COLUMNS = (
    Column("no", "序号", 9, COUNT),
    Column("approval_number", "批准号", 20, TEXT, capacity=30),
    Column("title", "成果名称", 36, TEXT),
    Column("first_author", "第一作者", 16, TEXT, capacity=30),
    Column("publisher", "出版社", 26, TEXT, capacity=50),
    Column("published_on", "出版日期", 19, MONTH),
    Column("isbn", "ISBN", 30, TEXT, capacity=40),
    Column("unit", "责任单位", 24, TEXT, capacity=50),
    Column("completed_on", "结项日期", 27, DATE),
    Column("copies_required", "应报送套数", 13, COUNT),
    Column("basis", "套数依据", 24, TEXT, capacity=50),
    Column("copies_submitted", "报送套数", 13, COUNT),
)

LABELS = {c.key: c.header for c in COLUMNS}
CAPACITY = {c.key: c.capacity for c in COLUMNS}


@dataclass(frozen=True)
class BookRow:
    no: str = h("序号")
    approval_number: str = h("项目批准号")
    title: str = h("成果名称（书名）")
    first_author: str = h("第一作者")
    publisher: str = h("出版社")
    published_on: str = h("出版日期，如 2022年3月")
    isbn: str = h("ISBN（有效时按 ISBN-13 分段书写）")
    unit: str = h("责任单位")
    completed_on: str = h("结项日期")
    copies_required: str = h("应报送套数（000 二（一））；结项日期未知时为空")
    basis: str = h("应报送套数的依据，如 2020 年（含）以后结项")
    copies_submitted: str = h("记录中的报送套数；未填写为空")


@dataclass(frozen=True)
class MailingSheet(SummarySheet):
    copies_required_total: str = h("应报送套数合计")
    copies_submitted_total: str = h("报送套数合计（有未填写的为空）")


@dataclass(frozen=True)
class PublicationMailingContext(SummaryContext):

    @property
    def template(self) -> str:
        return "mailing"


def _isbn(value) -> str:
    try:
        return isbn_id.format(value)
    except (InvalidIdentifier, TypeError, ValueError):
        return box_text(value)


def _date_text(value) -> str:
    try:
        return cn_date(value)
    except ValueError:
        return box_text(value)


def _month_text(month, raw) -> str:
    """出版日期 as year and month, the precision of a copyright page (and of the XLSX column)."""
    return f"{month.year}年{month.month}月" if month else box_text(raw)


def basis_note() -> str:
    copies = CODES["NP201"]  # the rule's own clause and words, as `paperwork rules` shows them
    return f"应报送套数依据 {in_words(copies.source)}：{copies.why}" \
           "2012 年以前结项的自愿报送 1–2 套，表中按 1 套计。"


def _unit(record) -> str:
    return get(record, "project", "responsible_unit", "name") or ""


def build_context(records: list[dict], **_options) -> PublicationMailingContext:
    a = Attachments()
    groups = by_body(records, _unit)
    sheets = []
    for unit, group in groups:
        where = f"{unit} " if len(groups) > 1 else ""
        sheets.append(_sheet(unit, group, a, where))
    return PublicationMailingContext(
        form_title=TITLE,
        subtitle="",
        columns=COLUMNS,
        sheets=tuple(sheets),
        notes=(basis_note(),
               f"外包装显著位置须标明“{PARCEL_LABEL}”字样，统一寄至{ADDRESS}{RECIPIENT}"
               f"（{in_words('000 二（二）3')}）；2020 年 8 月 31 日以后出版的成果，由责任单位每月定期邮寄"
               f"（{in_words('000 二（三）')}）。各责任单位分别汇总、邮寄，一个单位一张清单、一个包裹标签。"),
        label_title=PARCEL_LABEL,
        continuations=tuple(a.items),
    )


def _sheet(unit: str, records: list[dict], a: Attachments, where: str) -> MailingSheet:
    rows, sheet_rows = [], []
    required_total, submitted_total, parcel_total = 0, 0, 0
    submitted_known = True
    for i, record in enumerate(records, 1):
        book = get(record, "book", default={})
        need = nssf_publication.copies_required(record)
        basis = nssf_publication.copies_basis(record)["basis"] if need else ""
        given = count(get(record, "registration", "copies_submitted"))
        required_total += need or 0
        if given is None:
            submitted_known = False
        submitted_total += given or 0
        parcel_total += given if given is not None else (need or 0)
        completed = parse_day(get(record, "project", "completion_date"))
        published = parse_month(book.get("publication_date"))
        values = dict(
            approval_number=box_text(get(record, "project", "approval_number")),
            title=box_text(book.get("title")),
            first_author=box_text(book.get("first_author")),
            publisher=box_text(book.get("publisher")),
            isbn=_isbn(book.get("isbn")),
            unit=box_text(get(record, "project", "responsible_unit", "name")),
            basis=basis,
        )
        cells = {k: a.text(f"{where}第 {i} 种{LABELS[k]}", v, CAPACITY[k]) if v else v
                 for k, v in values.items()}
        rows.append(BookRow(
            no=str(i), published_on=_month_text(published, book.get("publication_date")),
            completed_on=_date_text(get(record, "project", "completion_date")),
            copies_required="" if need is None else str(need),
            copies_submitted="" if given is None else str(given), **cells))
        sheet_rows.append((
            i, cells["approval_number"], cells["title"], cells["first_author"],
            cells["publisher"], published or box_text(book.get("publication_date")),
            cells["isbn"], cells["unit"],
            completed or box_text(get(record, "project", "completion_date")),
            need, cells["basis"], given))
    n = len(records)
    total_text = f"共 {n} 种"
    sender = unit or "　" * 8
    return MailingSheet(
        body=unit,
        meta=f"责任单位（盖章）：{sender}　　　共 {n} 种 {parcel_total} 套",
        rows=tuple(rows),
        sheet_rows=tuple(sheet_rows),
        sheet_totals=("合计", total_text, None, None, None, None, None, None, None,
                      required_total, None, submitted_total if submitted_known else None),
        total_text=total_text,
        label_lines=(f"收件：{RECIPIENT}",
                     f"地址：{ADDRESS}　　邮编：{POSTCODE}　　电话：{PHONE}",
                     f"寄件：{sender}　　　内装：成果出版物 {n} 种 {parcel_total} 套"),
        signatures=("经办人：　　　　　　　　联系电话：　　　　　　　　　　"
                    "责任单位科研管理部门（盖章）　　　　　　　　寄出日期：　　年　　月　　日"),
        copies_required_total=str(required_total),
        copies_submitted_total=str(submitted_total) if submitted_known else "",
    )
