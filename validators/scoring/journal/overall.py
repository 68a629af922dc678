"""表8 总评结果 (seed 004): S = K×(A+B+C)+D, the grade, and :func:`score`, which runs 表3 … 表7
for one column of a record in the sheet's order and adds them up."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from validators.catalogue import finding
from validators.findings import Finding
from validators.scoring.journal import academic, bonus, editing, gazette, general, legal, political
from validators.scoring.journal.column import COLUMNS, ColumnRun, ItemScore, MissingColumn
from validators.scoring.journal.items import dec, show
from validators.scoring.journal.political import k_band

BUSINESS_TABLES = {  # category → (record key, table)  (004 表1 类别, 填表说明 二)
    "学术类": ("academic", "表4-1"),
    "政治经济类": ("political_economic", "表4-2"),
    "文化教育类": ("culture_education", "表4-3"),
    "公报年鉴类": ("gazette_yearbook", "表4-4"),
}


def round_s(value) -> Decimal:
    """S kept to two decimals, half up (填表说明 五.5).

    >>> round_s(Decimal("89.995")), round_s(Decimal("74.9949"))
    (Decimal('90.00'), Decimal('74.99'))
    """
    return dec(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def grade(s, falsified: bool = False) -> tuple[str, str]:
    """考核等级 from the rounded S (填表说明 五.5, 五.6).

    >>> grade(Decimal("90.00"))[0], grade(Decimal("89.99"))[0], grade(Decimal("75"))[0]
    ('一级', '二级', '二级')
    >>> grade(Decimal("60"))[0], grade(Decimal("59.99"))[0], grade(Decimal("95"), True)[0]
    ('三级', '四级（不合格）', '不合格')
    """
    if falsified:
        return "不合格", "填报的数据或材料经查实为虚假，考核结果为不合格（填表说明 五.6），不论得分"
    s = dec(s)
    if s >= 90:
        return "一级", "90分以上（含90分）"
    if s >= 75:
        return "二级", "89.99～75分（含75分）"
    if s >= 60:
        return "三级", "74.99～60分（含60分）"
    return "四级（不合格）", "60分以下（即不合格期刊）"

@dataclass(frozen=True)
class SheetScore:
    column: str
    column_title: str
    category: str
    business_table: str
    items: tuple
    K: Decimal
    A: Decimal
    B: Decimal
    C: Decimal
    D: Decimal
    S: Decimal
    k_band: str | None
    grade: str
    grade_note: str
    findings: tuple = ()

    def table(self, name: str) -> list[ItemScore]:
        return [i for i in self.items if i.table == name]

    def to_dict(self) -> dict:
        return {
            "column": self.column, "column_title": self.column_title, "category": self.category,
            "business_table": self.business_table, "items": [i.to_dict() for i in self.items],
            "totals": {k: float(getattr(self, k)) for k in ("K", "A", "B", "C", "D", "S")},
            "k_band": self.k_band, "grade": self.grade, "grade_note": self.grade_note,
            "rounding": "S = K×(A+B+C)+D 仅在最后四舍五入保留两位小数（填表说明 五.5），各项不舍入",
            "findings": [f.to_dict() for f in self.findings],
        }


def score(record: dict, column: str = "self") -> SheetScore:
    """Score one column of a valid ``journal-assessment`` record (validate it first).

    Raises :class:`MissingColumn` when the column's cells are not filled in (e.g. 评审打分
    before the review) and ``ValueError`` for an unknown column.
    """
    if column not in COLUMNS:
        raise ValueError(f"column must be one of {', '.join(COLUMNS)}")
    run = ColumnRun(record, column)
    category = record["basic_info"]["category"]
    name, business_table = BUSINESS_TABLES[category]

    k = political.add_table(run)
    if name == "academic":
        academic.add_table(run, record)
    elif name == "gazette_yearbook":
        gazette.add_table(run)
    else:
        general.add_table(run, record, name, business_table[-3:])

    rate = editing.add_table(run, record)
    legal.add_table(run, record)
    bonus.add_table(run, record, rate)

    if run.missing:
        raise MissingColumn(column, run.missing)

    def total(table_prefix: str) -> Decimal:
        return sum((i.score for i in run.items if i.table.startswith(table_prefix)), Decimal(0))

    A, B, C = total("表4"), total("表5"), total("表6")
    D_raw = total("表7")
    D = min(D_raw, Decimal(10))   # 表7 注：累计加分不超过10分
    S = round_s(k * (A + B + C) + D)
    falsified = bool((record.get("verification") or {}).get("falsified"))
    grade_label, grade_note = grade(S, falsified)
    run.findings.extend(_claimed_totals(record, column, {"K": k, "A": A, "B": B, "C": C, "D": D, "S": S},
                                        grade_label))
    return SheetScore(column, COLUMNS[column], category, business_table, tuple(run.items), k, A, B, C, D, S,
                      k_band(k), grade_label, grade_note, tuple(run.findings))


def _claimed_totals(record: dict, column: str, computed: dict, grade_label: str) -> list[Finding]:
    """JA701: the 表8 figures written on the sheet, where given, against the computed ones."""
    claimed = ((record.get("totals") or {}).get(column)) or {}
    out = []
    for key, value in computed.items():
        if key in claimed and dec(claimed[key]) != value:
            out.append(finding("JA701", f"/totals/{column}/{key}", field=key, claimed=show(claimed[key]),
                               computed=show(value), column=COLUMNS[column]))
    if "grade" in claimed and claimed["grade"] != grade_label:
        out.append(finding("JA701", f"/totals/{column}/grade", field="考核等级", claimed=claimed["grade"],
                           computed=grade_label, column=COLUMNS[column]))
    return out
