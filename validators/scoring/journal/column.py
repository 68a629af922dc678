"""One column of the sheet (自评得分 or 评审打分): where its values sit in the record, and the
scored items it collects with their findings (JA702 and the JA8xx readings).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from validators.catalogue import finding
from validators.findings import Finding
from validators.scoring.journal.items import ITEMS, NONE_VALUE, Scored

COLUMNS = {"self": "自评得分", "review": "评审打分"}


class MissingColumn(ValueError):
    """The record has no values for the requested column (e.g. 评审打分 not yet entered)."""

    def __init__(self, column: str, paths: list[str]):
        self.column, self.paths = column, paths
        shown = "、".join(paths[:6]) + ("等" if len(paths) > 6 else "")
        self.message = f"记录中尚未填写“{COLUMNS[column]}”栏：{shown}，无法按该栏计分"
        super().__init__(self.message)


@dataclass(frozen=True)
class ItemScore:
    key: str
    table: str
    item: str
    max: Decimal
    min: Decimal
    input: dict
    score: Decimal
    rule: str
    interpretation: str
    working: str

    def to_dict(self) -> dict:
        return {"table": self.table, "item": self.item, "max": float(self.max), "min": float(self.min),
                "input": self.input, "score": float(self.score), "rule": self.rule,
                "interpretation": self.interpretation, "working": self.working, "key": self.key}


def has_proof(materials) -> bool:
    """证明材料 listed: at least one name other than “无” (填表说明 四)."""
    return any(isinstance(m, str) and m.strip() not in ("", NONE_VALUE) for m in materials or [])


class ColumnRun:
    """Collects the items of one column; knows where each input sits in the record."""

    def __init__(self, record: dict, column: str):
        self.record, self.column = record, column
        self.items: list[ItemScore] = []
        self.findings: list[Finding] = []
        self.missing: list[str] = []

    def pick(self, *keys):
        node = self.record
        for k in keys:
            node = node[k]
        if self.column not in node:
            self.missing.append("/" + "/".join(keys) + "/" + self.column)
            return None
        return node[self.column]

    def add(self, key: str, fn=None, *, proof: tuple | None = None, **inputs) -> Decimal:
        spec = ITEMS[key]
        if any(v is None for v in inputs.values()):
            return Decimal(0)  # a missing column value; MissingColumn is raised at the end
        result = (fn or spec.fn)(**inputs)
        if proof is not None and not has_proof(proof[0]) and result.score > 0:
            # nothing to take away when the item scores 0 anyway (e.g. no awards at all)
            result = Scored(Decimal(0), f"未列出证明材料，按填表说明四“有关评审项目一律不得分”，计 0"
                                        f"（有材料时为：{result.working}）")
            self.findings.append(finding("JA702", proof[1], item=spec.item, table=spec.table))
        for code, values in result.readings:
            self.findings.append(finding(code, f"/items/{key}", item=spec.item, table=spec.table, **values))
        self.items.append(ItemScore(key, spec.table, spec.item, spec.max, spec.min,
                                    {k: _plain(v) for k, v in inputs.items()}, result.score, spec.rule,
                                    spec.interpretation, result.working))
        return result.score


def _plain(v):
    if isinstance(v, Fraction):
        return round(float(v), 4)
    if isinstance(v, Decimal):
        return float(v)
    return v

