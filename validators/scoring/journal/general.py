"""表4-2 政治经济类 and 表4-3 文化教育类业务考核表 (50分 each, seed 004).

The two tables have the same rows and rules, so each item is defined once here and registered
for both tables (``4-2.*`` and ``4-3.*``).
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import (
    ITEMS,
    ItemSpec,
    Scored,
    dec,
    judged,
    partial_step,
    reading,
    show,
    whole_steps,
)

ISSUES_PER_YEAR = {"年刊": 1, "半年刊": 2, "季刊": 4, "双月刊": 6, "月刊": 12, "半月刊": 24,
                   "旬刊": 36, "周刊": 52}

CONTENT_QUALITY = ("1.期刊定位准确，符合办刊宗旨；2.内容真实准确……7.无有偿报道。达不到要求的酌情扣分。")
SOCIAL_MAJOR = ("围绕党和国家重大决策部署、重大热点问题和重大活动开展出版工作；围绕本领域重大关键问题或社会热点"
                "组织栏目和稿件……达不到要求的酌情扣分。")
SOCIAL_PUBLIC = ("积极刊发公益报道和公益广告，组织参与各项公益事业……没有因违法违规……引起负面社会评价。"
                 "达不到要求的酌情扣分。")
EXPERT_GENERAL = "从期刊获奖励、获资助以及期刊的科学性、规范性、编辑水平、经营能力、社会声誉等方面综合评分。"

GENERAL_JUDGED = {}
for _table, _prefix in (("表4-2", "4-2"), ("表4-3", "4-3")):
    GENERAL_JUDGED[_prefix] = {
        "content_quality": judged(f"{_prefix}.content_quality", _table, "内容质量", 10, CONTENT_QUALITY),
        "social_benefit_major": judged(f"{_prefix}.social_benefit_major", _table, "社会效益（重大主题）",
                                       10, SOCIAL_MAJOR),
        "social_benefit_public": judged(f"{_prefix}.social_benefit_public", _table, "社会效益（公益与品牌）",
                                        5, SOCIAL_PUBLIC),
        "expert_score": judged(f"{_prefix}.expert", _table, "专家定性评价", 5, EXPERT_GENERAL),
    }


def circulation(per_issue: int, frequency: str) -> Scored:
    """表4-2/4-3 经济效益·发行 (5分): monthly circulation ≥ 10,000 → 5, −0.5 per 2,000 short.

    The sheet counts copies per month; the record gives copies per issue, so
    月发行量 = 平均期发行量 × 年出版期数 ÷ 12 (JA803). Whole steps of 2,000 only. The sheet does not
    say "无发行不得分", so even 0 copies keeps 5 − 5×0.5 = 2.5 (JA806).

    >>> circulation(8000, "双月刊").score   # 8000×6÷12 = 4000/月, 6000 short: 3 steps, 5 − 1.5
    Decimal('3.5')
    """
    issues = ISSUES_PER_YEAR[frequency]
    monthly = Fraction(per_issue * issues, 12)
    readings = [reading("JA803", per_issue=per_issue, issues=issues, monthly=show(monthly))]
    head = f"月发行量 = {per_issue} × {issues} ÷ 12 = {show(monthly)} 册"
    if monthly >= 10000:
        return Scored(Decimal(5), f"{head}，≥1万册/月，得满分5", tuple(readings))
    n = whole_steps(10000 - monthly, 2000)
    score = max(Decimal(5) - Decimal("0.5") * n, Decimal(0))
    if partial_step(monthly, 10000, 2000):
        readings.append(reading("JA801", value=f"{show(monthly)}册", step="2000册"))
    if per_issue == 0:
        readings.append(reading("JA806", score=show(score)))
    return Scored(score, f"{head}，比1万少 {show(10000 - monthly)}，含 {n} 个完整的2000册：5 − {n}×0.5 = "
                         f"{show(score)}", tuple(readings))


def revenue(total_revenue) -> Scored:
    """表4-2/4-3 经济效益·收入 (5分): ≥ 500万元 → 5, −0.5 per 100万元 short; no revenue → 0.

    >>> revenue(260).score   # 240 short: 2 whole steps of 100, 5 − 1
    Decimal('4.0')
    >>> revenue(0).score
    Decimal('0')
    """
    r = dec(total_revenue)
    if r <= 0:
        return Scored(Decimal(0), "考核年度总收入为 0，“无收入不得分”，计 0")
    if r >= 500:
        return Scored(Decimal(5), f"总收入 {show(r)} 万元 ≥ 500 万元，得满分5")
    n = whole_steps(500 - r, 100)
    readings = (reading("JA801", value=f"{show(r)}万元", step="100万元"),) if partial_step(r, 500, 100) else ()
    return Scored(Decimal(5) - Decimal("0.5") * n,
                  f"总收入 {show(r)} 万元，比500万元少 {show(500 - r)}，含 {n} 个完整的100万元：5 − {n}×0.5 = "
                  f"{show(Decimal(5) - Decimal('0.5') * n)}", readings)


def profit(value) -> Scored:
    """表4-2/4-3 经济效益·利润 (5分): ≥ 50万元 → 5, −0.5 per 10万元 short; none or loss → 0.

    >>> profit(23.5).score   # 26.5 short: 2 whole steps of 10, 5 − 1
    Decimal('4.0')
    >>> profit(-3).score
    Decimal('0')
    """
    p = dec(value)
    if p <= 0:
        return Scored(Decimal(0), f"考核年度利润 {show(p)} 万元，“无利润或亏损得0分”")
    if p >= 50:
        return Scored(Decimal(5), f"利润 {show(p)} 万元 ≥ 50 万元，得满分5")
    n = whole_steps(50 - p, 10)
    score = Decimal(5) - Decimal("0.5") * n
    readings = (reading("JA801", value=f"{show(p)}万元", step="10万元"),) if partial_step(p, 50, 10) else ()
    return Scored(score, f"利润 {show(p)} 万元，比50万元少 {show(50 - p)}，含 {n} 个完整的10万元：5 − {n}×0.5 = "
                         f"{show(score)}", readings)


def social_influence(count: int) -> Scored:
    """表4-2/4-3 社会影响力 (5分): ≥ 10 篇次 → 5; 5–9 → 4; 1–4 → 3; none → 0.

    "10篇次以上" includes 10 and "5篇次以上" includes 5 (a boundary belongs to the higher band).

    >>> [social_influence(n).score for n in (0, 1, 4, 5, 9, 10)]
    [Decimal('0'), Decimal('3'), Decimal('3'), Decimal('4'), Decimal('4'), Decimal('5')]
    """
    score = 5 if count >= 10 else 4 if count >= 5 else 3 if count >= 1 else 0
    return Scored(Decimal(score), f"被收摘 {count} 篇次 → {score}")


ECONOMY_RULES = {
    "circulation": ("经济效益·发行", 5, "发行：2019年发行量1万册以上/月得满分5分，每少2000册扣0.5分。",
                    "月发行量 = 平均期发行量 × 年出版期数 ÷ 12；只计完整的2000册；表中未规定无发行不得分，"
                    "发行量为0时按字面得2.5分。", circulation),
    "revenue": ("经济效益·收入", 5, "收入：2019年收入500万元以上得满分5分，每少100万元扣0.5分。无收入不得分。",
                "收入取表1 考核年度总收入；“500万元以上”含500；只计完整的100万元。", revenue),
    "profit": ("经济效益·利润", 5, "利润：2019年利润50万元以上得满分5分，每少10万元扣0.5分，无利润或亏损得0分",
               "利润取表1 考核年度利润；“50万元以上”含50；只计完整的10万元。", profit),
    "social_influence": ("社会影响力", 5, "被有影响的数据库、文摘、索引类刊物或其他媒体收摘文章达到10篇次以上，"
                         "得5分；10篇次以下5篇次以上的，得4分；5篇次以下的，得3分；没有的，不得分。",
                         "10篇次得5分，5篇次得4分（边界值归入较高一档）。", social_influence),
}
for _prefix, _table in (("4-2", "表4-2"), ("4-3", "表4-3")):
    for _key, (_name, _max, _rule, _interp, _fn) in ECONOMY_RULES.items():
        ITEMS[f"{_prefix}.{_key}"] = ItemSpec(f"{_prefix}.{_key}", _table, _name, dec(_max), Decimal(0),
                                              _rule, _interp, _fn)

def add_table(run: ColumnRun, record: dict, name: str, prefix: str) -> None:
    """表4-2 or 表4-3 (``prefix`` "4-2" | "4-3") for one column, from ``record["business"][name]``."""
    table = record["business"][name]
    proof = (table["proof_materials"], f"/business/{name}/proof_materials")
    for field_name in ("content_quality", "social_benefit_major", "social_benefit_public"):
        run.add(f"{prefix}.{field_name}", GENERAL_JUDGED[prefix][field_name],
                value=run.pick("business", name, field_name))
    run.add(f"{prefix}.circulation", proof=proof,
            per_issue=record["operations"]["average_circulation_per_issue"],
            frequency=record["basic_info"]["frequency"])
    finances = record["basic_info"]["finances"]
    run.add(f"{prefix}.revenue", proof=proof, total_revenue=finances["total_revenue"]["assessed_year"])
    run.add(f"{prefix}.profit", proof=proof, value=finances["profit"]["assessed_year"])
    run.add(f"{prefix}.social_influence", proof=proof, count=table["influence_count"])
    run.add(f"{prefix}.expert", GENERAL_JUDGED[prefix]["expert_score"],
            value=run.pick("business", name, "expert_score"))
