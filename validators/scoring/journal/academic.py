"""表4-1 社科学术类业务考核表 (50分, seed 004): databases, abstracting and the CNKI metrics."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from validators.scoring.journal.column import ColumnRun
from validators.scoring.journal.items import (
    NONE_VALUE,
    WHOLE_STEPS,
    Scored,
    baseline_steps,
    item,
    judged,
    partial_step,
    reading,
    show,
    whole_steps,
)

MAJOR_DIGESTS = ("新华文摘", "中国社会科学文摘", "高等学校文科学术文摘", "人大复印报刊资料")
OTHER_INDEXES = ("全国报刊索引", "其他文摘索引类刊物", "其他媒体")

@item("4-1.databases", "表4-1", "数据库收录情况", max=15,
      rule="1. CSSCI、GCJC、CHSSC 3种同时收录15分，任意2种13分，1种11分；2.《中国学术期刊影响因子年报》"
      "Q1区12分，Q2区8分；3. RCCSE权威10分、核心8分、扩展核心6分；4. 其他数据库每种1分，最多5分。"
      "1、2、3、4项得分取最高者，不累加。",
      interpretation="四项各自计分后取最高的一项；影响因子年报 Q3、Q4 区不计分。")
def database_inclusion(core_indexes, impact_factor_quartile, rccse, other_databases) -> Scored:
    """表4-1 数据库收录情况 (15分): the highest of four sub-scores, not their sum.

    >>> database_inclusion(["CSSCI", "GCJC"], "Q1", "核心学术期刊", ["EBSCO"]).score
    Decimal('13')
    """
    parts = {
        f"核心期刊目录 {len(set(core_indexes))} 种": {3: 15, 2: 13, 1: 11}.get(len(set(core_indexes)), 0),
        f"影响因子年报 {impact_factor_quartile}": {"Q1": 12, "Q2": 8}.get(impact_factor_quartile, 0),
        f"RCCSE {rccse}": {"权威学术期刊": 10, "核心学术期刊": 8, "扩展核心学术期刊": 6}.get(rccse, 0),
        f"其他数据库 {len(set(other_databases))} 种": min(len(set(other_databases)), 5),
    }
    best = max(parts.values())
    shown = "；".join(f"{k} → {v}" for k, v in parts.items())
    return Scored(Decimal(best), f"{shown}；取最高 {best}")


def effective_articles(full: int, title_only: int) -> int:
    """辑录题目的文章每5篇折1篇 (表4-1 转摘、索引情况): whole groups of five only.

    >>> effective_articles(7, 12)   # 7 + 12 // 5 = 7 + 2
    9
    """
    return full + title_only // 5


@item("4-1.abstracting", "表4-1", "转摘、索引情况", max=5,
      rule="1. 被《新华文摘》《中国社会科学文摘》《高等学校文科学术文摘》《人大复印报刊资料》收摘文章总数"
      "（辑录题目的文章每5篇折1篇，下同）占全年总发文量5%以上得3分，每增加1%加1分，每减少1%扣1分，总分不超过5分。"
      "2. 被其他文摘、索引类刊物等收摘文章总数占全年总发文量30%以上得3分，每增加5%加1分，不超过3分。"
      "1、2项计分可累加，最多不超过5分。",
      interpretation="按表2-1 收摘记录计篇次；辑录题目每满5篇折1篇（不足5篇不计）；比例的“每增加/每减少1%”"
      "只计完整的百分点，第1项最低0分（表中未说倒扣）；第2项按字面：30%以上得3分（“每增加5%加1分”受"
      "“不超过3分”所限，不再加分），不足30%得0分（表中未规定30%以下的分值）；其他文摘、索引类刊物"
      "含全国报刊索引和其他媒体（“等”）。")
def abstracting(major_full, major_title_only, other_full, other_title_only, annual_articles) -> Scored:
    """表4-1 转摘、索引情况 (5分): two ratio parts, added, capped at 5.

    >>> abstracting(7, 12, 36, 0, 120).score   # 9/120 = 7.5% → 3+2 = 5; 36/120 = 30% → 3; cap 5
    Decimal('5')
    """
    major = effective_articles(major_full, major_title_only)
    other = effective_articles(other_full, other_title_only)
    r1 = Fraction(major * 100, annual_articles)
    r2 = Fraction(other * 100, annual_articles)
    readings = []
    if r1 >= 5:
        s1 = min(3 + whole_steps(r1 - 5, 1), 5)
        w1 = f"四大文摘 {major} 篇 ÷ {annual_articles} = {show(r1)}%，≥5% 得3分，加 {whole_steps(r1 - 5, 1)} 个整百分点，计 {s1}"
        if s1 < 5 and partial_step(r1, 5, 1):
            readings.append(reading("JA801", value=f"{show(r1)}%", step="1%"))
    else:
        s1 = max(3 - whole_steps(5 - r1, 1), 0)
        w1 = f"四大文摘 {major} 篇 ÷ {annual_articles} = {show(r1)}%，低于5%，减 {whole_steps(5 - r1, 1)} 个整百分点，计 {s1}"
        if s1 > 0 and partial_step(r1, 5, 1):
            readings.append(reading("JA801", value=f"{show(r1)}%", step="1%"))
    s2 = 3 if r2 >= 30 else 0
    w2 = f"其他文摘索引 {other} 篇 ÷ {annual_articles} = {show(r2)}%，{'≥30% 得3分' if s2 else '不足30% 得0分'}"
    if r2 < 30 or r2 >= 35:
        readings.append(reading("JA802", value=f"{show(r2)}%", points=s2))
    total = min(s1 + s2, 5)
    return Scored(Decimal(total), f"{w1}；{w2}；合计 {s1}+{s2}，最多5分，计 {total}", tuple(readings))


def cnki_metric(key: str, name: str, maximum, rule: str, *, unit: str = "", **baseline):
    """Register one of the five 学术指标 rows of 表4-1 (复合影响因子 … Web即年下载率): a baseline
    with whole steps up and down (:func:`baseline_steps`); “无” (no CNKI, 万方 or 维普 data) scores 0.

    >>> composite_impact_factor(0.452).score   # 0.052 above 0.4: 2 whole steps, 6 + 0.4
    Decimal('6.4')
    >>> composite_total_citations(760).score   # 260 above: 5 whole steps of 50, 3 + 0.5
    Decimal('3.5')
    >>> other_citation_ratio(43).score   # 7 points below: 1 whole step of 5, 3 − 1
    Decimal('2')
    >>> fund_paper_ratio(40).score   # 10 points above: 3 whole steps of 3, 2 + 0.6
    Decimal('2.6')
    >>> web_download_rate(12).score   # 8 points below: 1 whole step of 5, 1 − 0.5
    Decimal('0.5')
    """
    points = "“个点”即百分点。" if unit == "%" else ""

    @item(key, "表4-1", name, max=maximum, rule=rule, interpretation=points + WHOLE_STEPS + "填“无”计0分。")
    def metric(value) -> Scored:
        if value == NONE_VALUE:
            return Scored(Decimal(0), f"{name}填“无”（中国知网、万方、维普均无数据），无法计分，计 0")
        return baseline_steps(value, unit=unit, **baseline)
    metric.__doc__ = f"表4-1 {name} ({maximum}分)" + (", value in percent." if unit else ".")
    return metric


composite_impact_factor = cnki_metric(
    "4-1.impact_factor", "复合影响因子", 10,
    "等于0.4计6分；每增加0.02，加0.2分，最多加4分；每减少0.02扣0.3分（从6分开始扣，不倒扣）。",
    base="0.4", base_points=6, step="0.02", up="0.2", up_max=4, down="0.3")
composite_total_citations = cnki_metric(
    "4-1.total_citations", "复合总被引频次", 5,
    "等于500计3分；每增加50，加0.1分，最多加2分；每减少50扣1分（从3分开始扣，不倒扣）。",
    base=500, base_points=3, step=50, up="0.1", up_max=2, down=1)
other_citation_ratio = cnki_metric(
    "4-1.other_citation_ratio", "他引总引比", 5,
    "等于50%计3分；每增加5个点，加0.2分，最多加2分；每减少5个点，扣1分（从3分开始扣，不倒扣）。",
    unit="%", base=50, base_points=3, step=5, up="0.2", up_max=2, down=1)
fund_paper_ratio = cnki_metric(
    "4-1.fund_paper_ratio", "基金论文比", 3,
    "等于30%计2分；每增加3个点，加0.2分，最多加1分；每减少3个点，扣0.5分（从2分开始扣，不倒扣）。",
    unit="%", base=30, base_points=2, step=3, up="0.2", up_max=1, down="0.5")
web_download_rate = cnki_metric(
    "4-1.web_download_rate", "Web即年下载率", 2,
    "等于20%计1分；每增加5个点，加0.2分，最多加1分；每减少5个点，扣0.5分（从1分开始扣，不倒扣）。",
    unit="%", base=20, base_points=1, step=5, up="0.2", up_max=1, down="0.5")


expert_4_1 = judged("4-1.expert", "表4-1", "专家定性评价", 5, "从期刊获奖励、获资助以及期刊的学术性、科学性、创新性、"
                    "规范性、编辑水平、社会声誉等方面综合评分。")


def _count_entries(entries, sources) -> tuple[int, int]:
    picked = [e for e in entries if e["source"] in sources]
    return (sum(1 for e in picked if e["form"] != "辑录题目"), sum(1 for e in picked if e["form"] == "辑录题目"))


def add_table(run: ColumnRun, record: dict) -> None:
    """表4-1 for one column: the record's 表4-1 and 表2-1 (收摘、学术指标)."""
    table, ab = record["business"]["academic"], record.get("abstracting", {})
    proof_ab = (ab.get("proof_materials"), "/abstracting/proof_materials")
    run.add("4-1.databases", proof=(table["proof_materials"], "/business/academic/proof_materials"),
            core_indexes=table["core_indexes"], impact_factor_quartile=table["impact_factor_quartile"],
            rccse=table["rccse"], other_databases=table["other_databases"])
    mf, mt = _count_entries(ab["entries"], MAJOR_DIGESTS)
    of, ot = _count_entries(ab["entries"], OTHER_INDEXES)
    run.add("4-1.abstracting", proof=proof_ab, major_full=mf, major_title_only=mt, other_full=of,
            other_title_only=ot, annual_articles=ab["annual_articles"])
    for key, field_name in (("4-1.impact_factor", "composite_impact_factor"),
                            ("4-1.total_citations", "composite_total_citations"),
                            ("4-1.other_citation_ratio", "other_citation_ratio"),
                            ("4-1.fund_paper_ratio", "fund_paper_ratio"),
                            ("4-1.web_download_rate", "web_download_rate")):
        run.add(key, proof=proof_ab, value=ab[field_name])
    run.add("4-1.expert", value=run.pick("business", "academic", "expert_score"))
