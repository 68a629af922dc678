"""表7 加分项目统计表 (seed 004): the bonus D, capped at 10 in the total (表7 注)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import Scored, dec, fraction, item, partial_step, reading, show, whole_steps

AWARD_POINTS = {"国家部委、省级政府": 7, "司（局）级、全国一级学会": 4, "省级学会": 2}


@item("7.awards", "表7", "获奖资助", max=7,
      rule="1.获国家部委、省级政府奖励（资助）计7分；2.获司（局）级、全国一级学会奖励（资助）计4分；3.获省级学会"
      "奖励（资助）计2分。4.单项奖及资助（包括与岗位业务相关的个人奖及资助）按照同级期刊获奖加分值的50%计算，"
      "可累加，但最多计4分。1、2、3、4项以最高的一项计分，不累加。",
      interpretation="期刊整体奖励取最高一级；单项（含个人）奖按同级的50%累加、最多4分；两者取较高者。")
def awards_funding(awards) -> Scored:
    """表7 获奖资助 (7分).

    >>> awards_funding([{"level": "省级学会", "scope": "期刊"},
    ...                 {"level": "司（局）级、全国一级学会", "scope": "单项（含个人）"},
    ...                 {"level": "省级学会", "scope": "单项（含个人）"}]).score   # max(2, 2+1)
    Decimal('3')
    """
    journal = max((AWARD_POINTS[a["level"]] for a in awards if a["scope"] == "期刊"), default=0)
    singles = [Decimal(AWARD_POINTS[a["level"]]) / 2 for a in awards if a["scope"] != "期刊"]
    single = min(sum(singles, Decimal(0)), Decimal(4))
    best = max(Decimal(journal), single)
    return Scored(best, f"期刊奖最高 {journal}；单项奖 {' + '.join(show(s) for s in singles) or '0'}"
                        f"（最多4）= {show(single)}；取最高 {show(best)}")


@item("7.circulation", "表7", "经营·发行", max=3,
      rule="发行量达到5万册/期的，每增加1万册加0.2分，最高加3分。",
      interpretation="达到5万册/期才有加分资格，5万册本身不加分，此后每满1万册加0.2分，最多3分。")
def circulation_bonus(per_issue: int) -> Scored:
    """表7 经营·发行 (3分).

    >>> circulation_bonus(78000).score   # 28,000 over 50,000: 2 whole steps, 0.4
    Decimal('0.4')
    """
    if per_issue < 50000:
        return Scored(Decimal(0), f"平均期发行量 {per_issue} 册 < 5万册，不加分")
    n = whole_steps(per_issue - 50000, 10000)
    score = min(Decimal("0.2") * n, Decimal(3))
    readings = (reading("JA801", value=f"{per_issue}册", step="1万册"),) if (
        score < 3 and partial_step(per_issue, 50000, 10000)) else ()
    return Scored(score, f"平均期发行量 {per_issue} 册，超过5万册部分含 {n} 个完整的1万册：{n}×0.2 = "
                         f"{show(Decimal('0.2') * n)}" + ("，最高3分" if score < Decimal("0.2") * n else ""), readings)


@item("7.profit", "表7", "经营·收入（年利润）", max=4,
      rule="收入：年利润达到50万元/年的，每增加20万元加1分，最高加4分。",
      interpretation="按字面取年利润（表1 考核年度利润）；50万元本身不加分，此后每满20万元加1分，最多4分。")
def profit_bonus(value) -> Scored:
    """表7 经营·收入 (4分), reckoned on the year's profit as the sheet says.

    >>> profit_bonus(95).score   # 45 over 50: 2 whole steps of 20
    Decimal('2')
    """
    p = dec(value)
    if p < 50:
        return Scored(Decimal(0), f"年利润 {show(p)} 万元 < 50 万元，不加分")
    n = whole_steps(p - 50, 20)
    score = min(Decimal(n), Decimal(4))
    readings = (reading("JA801", value=f"{show(p)}万元", step="20万元"),) if (
        score < 4 and partial_step(p, 50, 20)) else ()
    return Scored(score, f"年利润 {show(p)} 万元，超过50万元部分含 {n} 个完整的20万元：{n}×1"
                         + ("，最高4分" if score < n else ""), readings)


@item("7.editing", "表7", "编校质量", max=3,
      rule="1.差错率不超过0.5/万，加3分；2.差错率不超过1/万，加2分；3.差错率不超过1.5/万，加1分。",
      interpretation="表5-1 说“低于1.5/万的可获加分”，表7 说“不超过1.5/万”，按计分表表7 取“不超过”（含本数）；"
      "只取符合的最高一档。")
def editing_bonus(rate) -> Scored:
    """表7 编校质量 (3分).

    >>> [editing_bonus(Fraction(x, 100)).score for x in (50, 51, 100, 150, 151)]
    [Decimal('3'), Decimal('2'), Decimal('2'), Decimal('1'), Decimal('0')]
    """
    r = fraction(rate)
    score = 3 if r <= Fraction(1, 2) else 2 if r <= 1 else 1 if r <= Fraction(3, 2) else 0
    readings = (reading("JA804", rate=show(r)),) if r in (Fraction(1, 2), 1, Fraction(3, 2)) else ()
    return Scored(Decimal(score), f"差错率 {show(r)}/万 → 加 {score}", readings)



def add_table(run: ColumnRun, record: dict, rate: Fraction) -> None:
    """表7 for one column; ``rate`` is the 表5-2 差错率."""
    basic, operations = record["basic_info"], record["operations"]
    profit_value = basic["finances"]["profit"]["assessed_year"]
    run.add("7.awards", proof=(record["bonus"]["proof_materials"], "/bonus/proof_materials"),
            awards=record["bonus"]["awards"])
    run.add("7.circulation", proof=(operations["proof_materials"], "/operations/proof_materials"),
            per_issue=operations["average_circulation_per_issue"])
    run.add("7.profit", proof=(basic["proof_materials"], "/basic_info/proof_materials"), value=profit_value)
    run.add("7.editing", rate=rate)
