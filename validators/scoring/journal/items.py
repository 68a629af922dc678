"""What every item of the 期刊综合质量考核表 shares (seed 004): exact numbers, the item registry,
the whole-step arithmetic of “每增加/每减少”, expert-judgement cells and the JA8xx readings.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

NONE_VALUE = "无"


def dec(v) -> Decimal:
    """An exact Decimal for a JSON number (``0.1`` stays 0.1, not 0.1000000000000000055…)."""
    if isinstance(v, Decimal):
        return v
    if isinstance(v, Fraction):
        return Decimal(v.numerator) / Decimal(v.denominator)
    return Decimal(str(v))


def fraction(v) -> Fraction:
    """An exact Fraction for a JSON number, a Decimal or a Fraction."""
    return v if isinstance(v, Fraction) else Fraction(dec(v))


def show(v) -> str:
    """A number as the sheet would print it: ``Decimal("6.40")`` → ``6.4``, 2.666… → 2.6667."""
    if isinstance(v, Fraction):
        v = dec(v).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    s = format(dec(v), "f")
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return "0" if s == "-0" else s


def whole_steps(delta, step) -> int:
    """How many complete steps of ``step`` fit in ``delta`` (≥ 0), exactly.

    >>> whole_steps(Decimal("0.052"), Decimal("0.02"))
    2
    >>> whole_steps(Fraction(3, 10), Decimal("0.1"))   # 0.3 / 0.1 is 3, not 2.9999…
    3
    """
    return int(fraction(delta) // fraction(step))


class Reading(NamedTuple):
    """An ambiguous wording of the sheet that decided a value: a JA8xx finding once the item that
    produced it is known (``code, values = reading`` still unpacks)."""
    code: str
    values: dict


def reading(code: str, **values) -> Reading:
    return Reading(code, values)


@dataclass(frozen=True)
class Scored:
    score: Decimal
    working: str                       # the arithmetic, in Chinese
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class ItemSpec:
    key: str
    table: str
    item: str
    max: Decimal
    min: Decimal
    rule: str             # the sheet's own wording
    interpretation: str   # how we read it
    fn: Callable = field(compare=False, repr=False)


ITEMS: dict[str, ItemSpec] = {}


def item(key: str, table: str, name: str, *, max, min=0, rule: str, interpretation: str):
    """Register a scoring function as the item ``key`` of ``table``."""
    def register(fn):
        ITEMS[key] = ItemSpec(key, table, name, dec(max), dec(min), rule, interpretation, fn)
        fn.spec = ITEMS[key]
        return fn
    return register


def partial_step(value, base, step) -> bool:
    return (fraction(value) - fraction(base)) % fraction(step) != 0


def baseline_steps(value, *, base, base_points, step, up, up_max, down, unit="") -> Scored:
    """The 表4-1 pattern "等于 base 计 base_points 分；每增加 step 加 up 分，最多加 up_max 分；每减少
    step 扣 down 分（从 base_points 开始扣，不倒扣）", whole steps only.

    >>> baseline_steps(Decimal("0.452"), base="0.4", base_points=6, step="0.02", up="0.2",
    ...                up_max=4, down="0.3").score
    Decimal('6.4')
    """
    v, b = fraction(value), fraction(base)
    base_points, up, up_max, down = dec(base_points), dec(up), dec(up_max), dec(down)
    if v >= b:
        n = whole_steps(v - b, step)
        raw = base_points + up * n
        score = min(raw, base_points + up_max)
        working = (f"{show(value)}{unit} 比基准 {show(base)}{unit} 高 {show(v - b)}{unit}，含 {n} 个完整的 "
                   f"{show(step)}{unit}：{show(base_points)} + {n}×{show(up)} = {show(raw)}")
        if raw > score:
            working += f"，最多加 {show(up_max)} 分，计 {show(score)}"
        decided = raw <= score  # a partial step would have mattered only below the cap
    else:
        n = whole_steps(b - v, step)
        raw = base_points - down * n
        score = max(raw, Decimal(0))
        working = (f"{show(value)}{unit} 比基准 {show(base)}{unit} 低 {show(b - v)}{unit}，含 {n} 个完整的 "
                   f"{show(step)}{unit}：{show(base_points)} − {n}×{show(down)} = {show(raw)}")
        if raw < score:
            working += "，不倒扣，计 0"
        decided = raw >= 0
    readings = ()
    if decided and partial_step(value, base, step):
        readings = (reading("JA801", value=f"{show(value)}{unit}", step=f"{show(step)}{unit}"),)
    return Scored(score, working, readings)


def judgement(value, maximum) -> Scored:
    """An expert-judgement cell: the entered score, within 0 … 分值."""
    v = dec(value)
    clamped = min(max(v, Decimal(0)), dec(maximum))
    note = "" if clamped == v else f"（填写 {show(v)} 超出 0～{show(maximum)}，按 {show(clamped)} 计）"
    return Scored(clamped, f"专家评分 {show(clamped)}{note}")


WHOLE_STEPS = "“每增加/每减少”只计完整台阶，不足一个台阶的部分不计分。"
JUDGEMENT = "专家定性评分，按填写的分数计，不超过分值。"


def judged(key: str, table: str, name: str, maximum, wording: str):
    """Register an expert-judgement row (the score as entered, within 0 … 分值) as item ``key``."""
    @item(key, table, name, max=maximum, rule=wording, interpretation=JUDGEMENT)
    def judged(value) -> Scored:
        return judgement(value, maximum)
    judged.__doc__ = f"{table} {name} ({maximum}分): an expert's score within 0…{maximum}."
    return judged
