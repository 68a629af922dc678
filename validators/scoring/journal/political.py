"""表3 政治导向考核: the coefficient K, an expert's input within one of the sheet's five bands (seed 004)."""
from __future__ import annotations

from decimal import Decimal

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import Scored, dec, item, show

K_BANDS = (  # (low, high, label) — 004 表3
    (Decimal("1"), Decimal("1"), "K=1 完全符合6项政治标准"),
    (Decimal("0.90"), Decimal("0.99"), "K=0.99～0.90 基本符合政治标准"),
    (Decimal("0.80"), Decimal("0.89"), "K=0.89～0.80 轻微政治失误或格调不够高等"),
    (Decimal("0.70"), Decimal("0.79"), "K=0.79～0.70 一般政治错误"),
    (Decimal("0"), Decimal("0"), "K=0 重大政治导向错误，或一般政治失误造成严重后果"),
)


def k_band(k) -> str | None:
    """The 表3 band a K value falls in, or None (e.g. 0.5, 0.995).

    >>> k_band(0.95)
    'K=0.99～0.90 基本符合政治标准'
    >>> k_band(0.5) is None
    True
    """
    k = dec(k)
    if k.as_tuple().exponent < -2:
        return None
    return next((label for lo, hi, label in K_BANDS if lo <= k <= hi), None)


@item("3.k", "表3", "政治导向考核系数K", max=1, rule="K=1 完全符合6项政治标准；K=0.99～0.90 基本符合；"
      "K=0.89～0.80 轻微政治失误或格调不够高等；K=0.79～0.70 一般政治错误；K=0 重大政治导向错误。",
      interpretation="K 是评审专家的判断，按填写值计；只能取表3 所列档次内的两位小数。")
def political_k(k) -> Scored:
    """表3 政治导向考核：K ∈ [0, 1], one of the five bands (the value is an expert's input)."""
    band = k_band(k)
    return Scored(dec(k), f"K = {show(k)}（{band or '不在表3 所列档次内'}）")



def add_table(run: ColumnRun) -> Decimal:
    """表3 for one column; K multiplies A+B+C in the total."""
    return run.add("3.k", k=run.pick("political", "k"))
