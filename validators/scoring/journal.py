"""期刊综合质量考核表（社科类）计分 — seed 004, 第十一届重庆市期刊综合质量考核表.

One small function per item of the sheet, each citing its table and row, each returning a
:class:`Scored` (the points and the arithmetic that produced them). :func:`score` runs the items
of one column of one record and adds them up.

Public interface (stable; the CLI and the DOCX/PDF renderer call it)::

    score(record, column="self") -> SheetScore

``SheetScore``: ``column`` ("self" 自评 | "review" 评审), ``column_title``, ``category``
(学术类 …), ``business_table`` ("表4-1" …), ``items`` (tuple of :class:`ItemScore` in the sheet's
order), ``K``, ``A``, ``B``, ``C``, ``D``, ``S`` (``Decimal``), ``k_band`` (the 表3 band),
``grade`` ("一级" | "二级" | "三级" | "四级（不合格）" | "不合格"), ``grade_note``, ``findings``
(``journal-scoring`` findings: JA7xx about the record, JA8xx the ambiguous readings that decided a
value), and ``to_dict()`` (JSON-ready, numbers as floats).

``ItemScore``: ``key`` (stable id such as ``"4-1.impact_factor"``), ``table`` ("表4-1"), ``item``
(the row's label), ``max`` and ``min`` (``Decimal``; ``min`` < 0 only where the sheet says 倒扣),
``input`` (dict of the values used), ``score`` (``Decimal``), ``rule`` (the sheet's wording),
``interpretation`` (how we read that wording), ``working`` (the arithmetic for this record).

Readings applied everywhere unless an item says otherwise (docs/scoring.md lists every item):

- "每增加/每减少 X …" counts whole steps of X only (SPEC §6): a value between two steps scores
  as the lower step; JA801 says so in the output whenever it decides a value.
- "…以上" includes the number itself (“500万元以上” means ≥ 500); where a number is both
  "以上" of one band and "以下" of the next, it belongs to the higher band.
- An item never goes below 0 unless the sheet says 倒扣, and never above its 分值.
- Items are exact decimals and are not rounded; only S is rounded, half up, to two decimals
  (填表说明 五.5 “总得分(保留小数点后两位)”), and the grade is read from the rounded S.
- 填表说明 四: an item whose proof materials (证明材料) are not listed scores 0 (JA702).
- The record's facts (表1, 表2, 表5-2, counts and money) are the same for both columns; rows where
  the sheet has a 自评 and a 评审 cell carry ``{"self": …, "review": …}``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Callable

from validators.catalogue import finding
from validators.findings import Finding
from validators.scoring import rules as _rules  # noqa: F401  (registers the JA7xx/JA8xx codes)

COLUMNS = {"self": "自评得分", "review": "评审打分"}
BUSINESS_TABLES = {  # category → (record key, table)  (004 表1 类别, 填表说明 二)
    "学术类": ("academic", "表4-1"),
    "政治经济类": ("political_economic", "表4-2"),
    "文化教育类": ("culture_education", "表4-3"),
    "公报年鉴类": ("gazette_yearbook", "表4-4"),
}
ISSUES_PER_YEAR = {"年刊": 1, "半年刊": 2, "季刊": 4, "双月刊": 6, "月刊": 12, "半月刊": 24,
                   "旬刊": 36, "周刊": 52}
EDITORS_REQUIRED = {"季刊": 1, "双月刊": 3, "月刊": 5, "半月刊": 8, "旬刊": 10, "周刊": 15}
MAJOR_DIGESTS = ("新华文摘", "中国社会科学文摘", "高等学校文科学术文摘", "人大复印报刊资料")
NONE_VALUE = "无"


class MissingColumn(ValueError):
    """The record has no values for the requested column (e.g. 评审打分 not yet entered)."""

    def __init__(self, column: str, paths: list[str]):
        self.column, self.paths = column, paths
        shown = "、".join(paths[:6]) + ("等" if len(paths) > 6 else "")
        self.message = f"记录中尚未填写“{COLUMNS[column]}”栏：{shown}，无法按该栏计分"
        super().__init__(self.message)


# ---------------------------------------------------------------- numbers

def dec(v) -> Decimal:
    """An exact Decimal for a JSON number (``0.1`` stays 0.1, not 0.1000000000000000055…)."""
    if isinstance(v, Decimal):
        return v
    if isinstance(v, Fraction):
        return Decimal(v.numerator) / Decimal(v.denominator)
    return Decimal(str(v))


def _frac(v) -> Fraction:
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
    return int(_frac(delta) // _frac(step))


@dataclass(frozen=True)
class Scored:
    score: Decimal
    working: str                       # the arithmetic, in Chinese
    readings: tuple = ()               # (code, values) of JA8xx readings that decided the value


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


def _partial(value, base, step) -> bool:
    return (_frac(value) - _frac(base)) % _frac(step) != 0


def baseline_steps(value, *, base, base_points, step, up, up_max, down, unit="") -> Scored:
    """The 表4-1 pattern "等于 base 计 base_points 分；每增加 step 加 up 分，最多加 up_max 分；每减少
    step 扣 down 分（从 base_points 开始扣，不倒扣）", whole steps only.

    >>> baseline_steps(Decimal("0.452"), base="0.4", base_points=6, step="0.02", up="0.2",
    ...                up_max=4, down="0.3").score
    Decimal('6.4')
    """
    v, b = _frac(value), _frac(base)
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
    if decided and _partial(value, base, step):
        readings = (("JA801", {"value": f"{show(value)}{unit}", "step": f"{show(step)}{unit}"}),)
    return Scored(score, working, readings)


def judgement(value, maximum) -> Scored:
    """An expert-judgement cell: the entered score, within 0 … 分值."""
    v = dec(value)
    clamped = min(max(v, Decimal(0)), dec(maximum))
    note = "" if clamped == v else f"（填写 {show(v)} 超出 0～{show(maximum)}，按 {show(clamped)} 计）"
    return Scored(clamped, f"专家评分 {show(clamped)}{note}")


WHOLE_STEPS = "“每增加/每减少”只计完整台阶，不足一个台阶的部分不计分（SPEC §6）。"
JUDGEMENT = "专家定性评分，按填写的分数计，不超过分值。"

# ---------------------------------------------------------------- 表3

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


# ---------------------------------------------------------------- 表4-1 学术类

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
        if s1 < 5 and _partial(r1, 5, 1):
            readings.append(("JA801", {"value": f"{show(r1)}%", "step": "1%"}))
    else:
        s1 = max(3 - whole_steps(5 - r1, 1), 0)
        w1 = f"四大文摘 {major} 篇 ÷ {annual_articles} = {show(r1)}%，低于5%，减 {whole_steps(5 - r1, 1)} 个整百分点，计 {s1}"
        if s1 > 0 and _partial(r1, 5, 1):
            readings.append(("JA801", {"value": f"{show(r1)}%", "step": "1%"}))
    s2 = 3 if r2 >= 30 else 0
    w2 = f"其他文摘索引 {other} 篇 ÷ {annual_articles} = {show(r2)}%，{'≥30% 得3分' if s2 else '不足30% 得0分'}"
    if r2 < 30 or r2 >= 35:
        readings.append(("JA802", {"value": f"{show(r2)}%", "points": s2}))
    total = min(s1 + s2, 5)
    return Scored(Decimal(total), f"{w1}；{w2}；合计 {s1}+{s2}，最多5分，计 {total}", tuple(readings))


def _metric(value, name, **kw) -> Scored:
    if value == NONE_VALUE:
        return Scored(Decimal(0), f"{name}填“无”（中国知网、万方、维普均无数据），无法计分，计 0")
    return baseline_steps(value, **kw)


@item("4-1.impact_factor", "表4-1", "复合影响因子", max=10,
      rule="等于0.4计6分；每增加0.02，加0.2分，最多加4分；每减少0.02扣0.3分（从6分开始扣，不倒扣）。",
      interpretation=WHOLE_STEPS + "填“无”计0分。")
def composite_impact_factor(value) -> Scored:
    """表4-1 复合影响因子 (10分).

    >>> composite_impact_factor(0.452).score   # 0.052 above 0.4: 2 whole steps, 6 + 0.4
    Decimal('6.4')
    """
    return _metric(value, "复合影响因子", base="0.4", base_points=6, step="0.02", up="0.2",
                   up_max=4, down="0.3")


@item("4-1.total_citations", "表4-1", "复合总被引频次", max=5,
      rule="等于500计3分；每增加50，加0.1分，最多加2分；每减少50扣1分（从3分开始扣，不倒扣）。",
      interpretation=WHOLE_STEPS + "填“无”计0分。")
def composite_total_citations(value) -> Scored:
    """表4-1 复合总被引频次 (5分).

    >>> composite_total_citations(760).score   # 260 above: 5 whole steps of 50, 3 + 0.5
    Decimal('3.5')
    """
    return _metric(value, "复合总被引频次", base=500, base_points=3, step=50, up="0.1", up_max=2,
                   down=1)


@item("4-1.other_citation_ratio", "表4-1", "他引总引比", max=5,
      rule="等于50%计3分；每增加5个点，加0.2分，最多加2分；每减少5个点，扣1分（从3分开始扣，不倒扣）。",
      interpretation="“个点”即百分点。" + WHOLE_STEPS + "填“无”计0分。")
def other_citation_ratio(value) -> Scored:
    """表4-1 他引总引比 (5分), value in percent.

    >>> other_citation_ratio(43).score   # 7 points below: 1 whole step of 5, 3 − 1
    Decimal('2')
    """
    return _metric(value, "他引总引比", base=50, base_points=3, step=5, up="0.2", up_max=2, down=1,
                   unit="%")


@item("4-1.fund_paper_ratio", "表4-1", "基金论文比", max=3,
      rule="等于30%计2分；每增加3个点，加0.2分，最多加1分；每减少3个点，扣0.5分（从2分开始扣，不倒扣）。",
      interpretation="“个点”即百分点。" + WHOLE_STEPS + "填“无”计0分。")
def fund_paper_ratio(value) -> Scored:
    """表4-1 基金论文比 (3分), value in percent.

    >>> fund_paper_ratio(40).score   # 10 points above: 3 whole steps of 3, 2 + 0.6
    Decimal('2.6')
    """
    return _metric(value, "基金论文比", base=30, base_points=2, step=3, up="0.2", up_max=1,
                   down="0.5", unit="%")


@item("4-1.web_download_rate", "表4-1", "Web即年下载率", max=2,
      rule="等于20%计1分；每增加5个点，加0.2分，最多加1分；每减少5个点，扣0.5分（从1分开始扣，不倒扣）。",
      interpretation="“个点”即百分点。" + WHOLE_STEPS + "填“无”计0分。")
def web_download_rate(value) -> Scored:
    """表4-1 Web即年下载率 (2分), value in percent.

    >>> web_download_rate(12).score   # 8 points below: 1 whole step of 5, 1 − 0.5
    Decimal('0.5')
    """
    return _metric(value, "Web即年下载率", base=20, base_points=1, step=5, up="0.2", up_max=1,
                   down="0.5", unit="%")


def _expert(key, table, maximum, wording):
    @item(key, table, "专家定性评价", max=maximum, rule=wording, interpretation=JUDGEMENT)
    def expert(value) -> Scored:
        return judgement(value, maximum)
    expert.__doc__ = f"{table} 专家定性评价 ({maximum}分): an expert's score within 0…{maximum}."
    return expert


expert_4_1 = _expert("4-1.expert", "表4-1", 5, "从期刊获奖励、获资助以及期刊的学术性、科学性、创新性、"
                     "规范性、编辑水平、社会声誉等方面综合评分。")

# ---------------------------------------------------------------- 表4-2 / 表4-3

def _judged(key, table, name, maximum, wording):
    @item(key, table, name, max=maximum, rule=wording, interpretation=JUDGEMENT)
    def judged(value) -> Scored:
        return judgement(value, maximum)
    judged.__doc__ = f"{table} {name} ({maximum}分): an expert's score within 0…{maximum}."
    return judged


CONTENT_QUALITY = ("1.期刊定位准确，符合办刊宗旨；2.内容真实准确……7.无有偿报道。达不到要求的酌情扣分。")
SOCIAL_MAJOR = ("围绕党和国家重大决策部署、重大热点问题和重大活动开展出版工作；围绕本领域重大关键问题或社会热点"
                "组织栏目和稿件……达不到要求的酌情扣分。")
SOCIAL_PUBLIC = ("积极刊发公益报道和公益广告，组织参与各项公益事业……没有因违法违规……引起负面社会评价。"
                 "达不到要求的酌情扣分。")
EXPERT_GENERAL = "从期刊获奖励、获资助以及期刊的科学性、规范性、编辑水平、经营能力、社会声誉等方面综合评分。"

GENERAL_JUDGED = {}
for _table, _prefix in (("表4-2", "4-2"), ("表4-3", "4-3")):
    GENERAL_JUDGED[_prefix] = {
        "content_quality": _judged(f"{_prefix}.content_quality", _table, "内容质量", 10, CONTENT_QUALITY),
        "social_benefit_major": _judged(f"{_prefix}.social_benefit_major", _table, "社会效益（重大主题）",
                                        10, SOCIAL_MAJOR),
        "social_benefit_public": _judged(f"{_prefix}.social_benefit_public", _table, "社会效益（公益与品牌）",
                                         5, SOCIAL_PUBLIC),
        "expert_score": _judged(f"{_prefix}.expert", _table, "专家定性评价", 5, EXPERT_GENERAL),
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
    readings = [("JA803", {"per_issue": per_issue, "issues": issues, "monthly": show(monthly)})]
    head = f"月发行量 = {per_issue} × {issues} ÷ 12 = {show(monthly)} 册"
    if monthly >= 10000:
        return Scored(Decimal(5), f"{head}，≥1万册/月，得满分5", tuple(readings))
    n = whole_steps(10000 - monthly, 2000)
    score = max(Decimal(5) - Decimal("0.5") * n, Decimal(0))
    if _partial(monthly, 10000, 2000):
        readings.append(("JA801", {"value": f"{show(monthly)}册", "step": "2000册"}))
    if per_issue == 0:
        readings.append(("JA806", {"score": show(score)}))
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
    readings = (("JA801", {"value": f"{show(r)}万元", "step": "100万元"}),) if _partial(r, 500, 100) else ()
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
    readings = (("JA801", {"value": f"{show(p)}万元", "step": "10万元"}),) if _partial(p, 50, 10) else ()
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

# ---------------------------------------------------------------- 表4-4

GAZETTE_JUDGED = {
    "positioning": _judged("4-4.positioning", "表4-4", "定位", 10, "正确宣传党的基本理论和路线……体现全局性。达不到要求的酌情扣分。"),
    "content": _judged("4-4.content", "表4-4", "内容", 10, "深入贯彻中央行政体制改革的精神……体现真实性、权威性。达不到要求的酌情扣分。"),
    "style": _judged("4-4.style", "表4-4", "格调", 10, "内容健康，风格清新大气……体现思想性、知识性和可读性。达不到要求的酌情扣分。"),
    "effect": _judged("4-4.effect", "表4-4", "效果", 10, "认真贯彻党的群众路线……体现人民性。达不到要求的酌情扣分。"),
    "expert_score": _judged("4-4.expert", "表4-4", "专家定性评价", 10,
                            "从期刊获奖励、获资助以及期刊的科学性、规范性、编辑水平、社会声誉等方面综合评分。"),
}

# ---------------------------------------------------------------- 表5-1

@item("5-1.standards", "表5-1", "执行标准规范", max=4,
      rule="封面标识、目次、正文、图表、辅文5方面；缺项、不规范或不符合规定的，每项扣除0.5分，扣完为止。",
      interpretation="每发现一处缺项、不规范或不符合规定计一项，扣0.5分，最低0分。")
def standards_compliance(deficiencies: int) -> Scored:
    """表5-1 执行标准规范 (4分): 4 − 0.5 per deficiency, not below 0.

    >>> standards_compliance(3).score, standards_compliance(9).score
    (Decimal('2.5'), Decimal('0'))
    """
    raw = Decimal(4) - Decimal("0.5") * deficiencies
    return Scored(max(raw, Decimal(0)), f"{deficiencies} 项 × 0.5：4 − {show(Decimal('0.5') * deficiencies)} = "
                                        f"{show(raw)}" + ("，扣完为止，计 0" if raw < 0 else ""))


PRINTING_POINTS = {"优秀": 7, "良好": 5, "合格": 3, "不合格": 0}


@item("5-1.printing", "表5-1", "印刷装帧", max=7, rule="经检测，优秀7分，良好5分，合格3分，不合格0分。",
      interpretation="按检测等级计分。")
def printing(grade: str) -> Scored:
    """表5-1 印刷装帧 (7分): 优秀 7, 良好 5, 合格 3, 不合格 0.

    >>> printing("良好").score
    Decimal('5')
    """
    return Scored(Decimal(PRINTING_POINTS[grade]), f"检测等级“{grade}” → {PRINTING_POINTS[grade]}")


@item("5-1.digital_staff", "表5-1", "数字出版·专职人员", max=1, rule="有数字出版专职人员得1分。",
      interpretation="有即得1分。")
def digital_staff(has_staff: bool) -> Scored:
    """表5-1 数字出版专职人员 (1分)."""
    return Scored(Decimal(1 if has_staff else 0), "有数字出版专职人员 → 1" if has_staff else "无专职人员 → 0")


@item("5-1.digital_platforms", "表5-1", "数字出版·平台", max=4,
      rule="有中央厨房可得2分；微信、微博、APP、网站、数字互动平台、网络教育平台、知网万方维普等数据库收录，"
      "有一种得1分；有头条、抖音、快手……网络审稿系统等为加分项，无论多少种，只要有即可得1分；自己开发平台加2分。"
      "以上各项得分可累计，但最高不超过4分。",
      interpretation="各项相加，最多4分；头条、抖音等新媒体账号不论多少种只计1分。")
def digital_platforms(central_kitchen: bool, platforms, new_media, own_platform: bool) -> Scored:
    """表5-1 数字出版平台 (4分): 中央厨房 2 + 1 per listed platform + 1 for any new media + own 2, ≤ 4.

    >>> digital_platforms(False, ["微信", "网站"], ["抖音号", "头条号"], False).score   # 2 + 1
    Decimal('3')
    """
    parts = [("中央厨房", 2 if central_kitchen else 0), (f"平台 {len(set(platforms))} 种", len(set(platforms))),
             ("其他新媒体", 1 if new_media else 0), ("自己开发平台", 2 if own_platform else 0)]
    raw = sum(p for _, p in parts)
    score = min(raw, 4)
    return Scored(Decimal(score), " + ".join(f"{n} {p}" for n, p in parts) + f" = {raw}"
                  + (f"，最高4分，计 {score}" if raw > 4 else ""))


@item("5-1.digital_effect", "表5-1", "数字出版·出版效果", max=2,
      rule="所有平台总用户数5000以上、平均阅读量100以上，每项得1分，达不到标准的不得分。",
      interpretation="“以上”含本数：总用户数 ≥ 5000 得1分，平均阅读量 ≥ 100 得1分。")
def digital_effect(total_users: int, average_reads: int) -> Scored:
    """表5-1 数字出版出版效果 (2分).

    >>> digital_effect(5000, 99).score
    Decimal('1')
    """
    a, b = int(total_users >= 5000), int(average_reads >= 100)
    return Scored(Decimal(a + b), f"总用户数 {total_users}（≥5000 得1）→ {a}；平均阅读量 {average_reads}（≥100 得1）→ {b}")


@item("5-1.digital_revenue", "表5-1", "数字出版·经济效益", max=2,
      rule="非学术期刊收入5万元以下得1分，5万元以上得2分；学术期刊收入1万元以下得1分，1万元以上得2分。无收入不得分。",
      interpretation="“以上”含本数：学术类 ≥ 1 万元、其他类别 ≥ 5 万元得2分；收入为0不得分。")
def digital_revenue(value, academic: bool) -> Scored:
    """表5-1 数字出版经济效益 (2分); the threshold is 1万元 for 学术类, 5万元 otherwise.

    >>> digital_revenue(1, True).score, digital_revenue(4.99, False).score, digital_revenue(0, True).score
    (Decimal('2'), Decimal('1'), Decimal('0'))
    """
    r, limit = dec(value), Decimal(1 if academic else 5)
    kind = "学术期刊" if academic else "非学术期刊"
    if r <= 0:
        return Scored(Decimal(0), "数字出版无收入，不得分")
    score = 2 if r >= limit else 1
    readings = (("JA807", {"value": show(r), "limit": show(limit)}),) if r == limit else ()
    return Scored(Decimal(score), f"{kind}数字出版收入 {show(r)} 万元，{'≥' if score == 2 else '<'} {show(limit)} 万元 → {score}",
                  readings)


def error_rate(total_errors, total_characters: int) -> Fraction:
    """差错率（万分之）= 差错总个数 ÷ 总字数 × 10000, exact (表5-2).

    >>> error_rate(Decimal("6.5"), 34 * 36 * 100)   # 6.5 × 10000 ÷ 122400 = 65000/122400
    Fraction(325, 612)
    """
    return Fraction(_frac(total_errors) * 10000, total_characters)


@item("5-1.editing_quality", "表5-1", "编校质量", max=10, min=-10,
      rule="差错率的标准为2/万，2/万以下者满分，超过2/万，每增加0.1/万扣1分。本项10分扣完后，在编辑出版考核"
      "总得分中倒扣分（最多倒扣10分）。",
      interpretation="差错率 = 差错总个数 ÷（每行字数×每面行数×考核面数）× 10000，不舍入；≤ 2/万 得10分；"
      "超过部分只计完整的0.1/万台阶；扣完10分后继续扣，本项最低 −10 分（计入B）。")
def editing_quality(rate) -> Scored:
    """表5-1 编校质量 (10分, down to −10 into B).

    >>> editing_quality(Fraction(215, 100)).score   # 0.15 over: 1 whole step, 10 − 1
    Decimal('9')
    >>> editing_quality(Fraction(45, 10)).score     # 25 steps → 10 − 25 = −15, floor −10
    Decimal('-10')
    """
    r = _frac(rate)
    if r <= 2:
        return Scored(Decimal(10), f"差错率 {show(r)}/万 ≤ 2/万，得满分10")
    n = whole_steps(r - 2, Fraction(1, 10))
    raw = Decimal(10 - n)
    score = max(raw, Decimal(-10))
    readings = (("JA801", {"value": f"{show(r)}/万", "step": "0.1/万"}),) if (
        score == raw and _partial(r, 2, Fraction(1, 10))) else ()
    return Scored(score, f"差错率 {show(r)}/万，超过2/万 {show(r - 2)}，含 {n} 个完整的0.1/万：10 − {n} = {show(raw)}"
                  + ("，最多倒扣10分，计 −10" if raw < score else ""), readings)


# ---------------------------------------------------------------- 表6

PUBLISHING_DEDUCTIONS = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 3, 7: 3, 8: 5, 9: 5}


@item("6.publishing", "表6", "规范出版", max=5, min=-5,
      rule="第1—5项不符合规定的，每项扣1分；第6—7项不符合规定的，每项扣3分；第8—9项不符合规定的，每项扣5分。"
      "此栏可倒扣，最多倒扣5分。",
      interpretation="每个不符合规定的项按其序号扣分，同一项只扣一次；本栏最低 −5 分。")
def publishing_compliance(violations) -> Scored:
    """表6 规范出版 (5分, down to −5).

    >>> publishing_compliance([2, 6]).score, publishing_compliance([8, 9]).score   # 5−4; 5−10 → −5
    (Decimal('1'), Decimal('-5'))
    """
    items = sorted(set(violations))
    deduction = sum(PUBLISHING_DEDUCTIONS[i] for i in items)
    raw = 5 - deduction
    score = max(raw, -5)
    listed = "、".join(f"第{i}项扣{PUBLISHING_DEDUCTIONS[i]}" for i in items) or "无不符合项"
    return Scored(Decimal(score), f"{listed}：5 − {deduction} = {raw}" + ("，最多倒扣5分，计 −5" if raw < -5 else ""))


@item("6.imprint", "表6", "版本记录", max=3,
      rule="缺一项扣0.5分；缺两项，扣1.5分；缺三项以上（含三项）扣3分。记录不规范或不符合规定的，每个问题扣0.3分，扣完为止。",
      interpretation="缺项扣分与不规范扣分相加，最低0分。")
def imprint(missing, irregularities: int) -> Scored:
    """表6 版本记录 (3分).

    >>> imprint(["定价"], 2).score   # 3 − 0.5 − 2×0.3
    Decimal('1.9')
    """
    m = len(set(missing))
    by_missing = {0: Decimal(0), 1: Decimal("0.5"), 2: Decimal("1.5")}.get(m, Decimal(3))
    by_irregular = Decimal("0.3") * irregularities
    raw = 3 - by_missing - by_irregular
    score = max(raw, Decimal(0))
    return Scored(score, f"缺 {m} 项扣 {show(by_missing)}，不规范 {irregularities} 个扣 {show(by_irregular)}："
                         f"3 − {show(by_missing)} − {show(by_irregular)} = {show(raw)}"
                  + ("，扣完为止，计 0" if raw < 0 else ""))


@item("6.institutions", "表6", "制度建设", max=3,
      rule="严格执行“三审三校”制度，有完整的出版管理、用稿、审校和事后审读制度。得3分。制度不健全，适当扣分，"
      "扣完为止（须提供已建立的制度文本材料，未提供材料的，视为未建立制度）。",
      interpretation="按专家评分计；未列出制度文本材料的视为未建立制度，计0分。")
def institutions(value) -> Scored:
    """表6 制度建设 (3分): the expert's score; no listed proof → 0 (handled by :func:`score`)."""
    return judgement(value, 3)


@item("6.team", "表6", "队伍建设", max=4,
      rule="季刊专职编辑不得少于1人；双月刊3人；月刊5人；半月刊8人，旬刊10人，周刊15人。达到以上标准的，得4分。"
      "未达到标准的，适当扣分，扣完为止。",
      interpretation="专职编辑人数取表1“编制内专职记者、编辑”；达到标准得4分；未达到的按专家扣分后的得分计"
      "（不得为满分，见 JA407）；年刊、半年刊表中未列，按最低的季刊标准1人。")
def team(entered, full_time_editors: int, frequency: str) -> Scored:
    """表6 队伍建设 (4分): 4 when the head count meets the frequency's minimum, else the expert's score.

    >>> team(4, 5, "月刊").score, team(2.5, 4, "月刊").score
    (Decimal('4'), Decimal('2.5'))
    """
    required = EDITORS_REQUIRED.get(frequency, 1)
    readings = (("JA805", {"frequency": frequency}),) if frequency not in EDITORS_REQUIRED else ()
    if full_time_editors >= required:
        return Scored(Decimal(4), f"专职编辑 {full_time_editors} 人 ≥ {frequency}标准 {required} 人，得4分", readings)
    s = judgement(entered, 4)
    return Scored(s.score, f"专职编辑 {full_time_editors} 人 < {frequency}标准 {required} 人，适当扣分：{s.working}",
                  readings)


@item("6.business_conduct", "表6", "经营规范", max=2,
      rule="遵守《出版管理条例》《期刊出版规定》《广告法》等……如有违反，酌情扣分。", interpretation=JUDGEMENT)
def business_conduct(value) -> Scored:
    """表6 经营规范 (2分): the expert's score."""
    return judgement(value, 2)


@item("6.business_penalty", "表6", "经营规范·严重违法倒扣", max=0, min=-5,
      rule="严重违法的，可在法纪规范考核总分中倒扣，最高扣5分。",
      interpretation="按填写的倒扣分计入C，0～5分。")
def business_penalty(penalty) -> Scored:
    """表6 经营规范 serious violation: −penalty from C, at most 5."""
    p = min(max(dec(penalty), Decimal(0)), Decimal(5))
    return Scored(-p if p else Decimal(0), f"倒扣 {show(p)}" if p else "无严重违法，不倒扣")


@item("6.copyright", "表6", "著作权", max=3,
      rule="达不到要求的，酌情扣分。严重违反《著作权法》，此项不得分……文字复制比超过50%的，经专家组认定为重度"
      "抄袭或整体剽窃的，本项得0分，且在法纪规范考核总分中倒扣5分；文字复制比超过30%的，本项得0分；文字复制比"
      "20%～30%，得1分。",
      interpretation="复制比取 SMLC 检测中本刊文章的最高值；“超过”不含本数：30% 得1分，50% 得0分但不倒扣；"
      "20%～30% 含两端，此时得分为专家评分与1分中较小者；低于20% 按专家评分；有严重违法倒扣的本项0分。")
def copyright_item(entered, max_copy_ratio, plagiarism_confirmed: bool, penalty) -> Scored:
    """表6 著作权 (3分).

    >>> [copyright_item(3, r, False, 0).score for r in (19.9, 20, 30, 30.1)]
    [Decimal('3'), Decimal('1'), Decimal('1'), Decimal('0')]
    """
    ratio = dec(max_copy_ratio)
    readings = (("JA808", {"ratio": show(ratio)}),) if ratio in (20, 30, 50) else ()
    if dec(penalty) > 0:
        return Scored(Decimal(0), "严重违反《著作权法》，此项不得分", readings)
    if ratio > 50 and plagiarism_confirmed:
        return Scored(Decimal(0), f"复制比 {show(ratio)}% > 50% 且认定重度抄袭，本项0分", readings)
    if ratio > 30:
        return Scored(Decimal(0), f"复制比 {show(ratio)}% > 30%，本项0分", readings)
    s = judgement(entered, 3)
    if ratio >= 20:
        score = min(s.score, Decimal(1))
        return Scored(score, f"复制比 {show(ratio)}% 在20%～30%，得1分（{s.working}，取较小者 {show(score)}）", readings)
    return Scored(s.score, f"复制比 {show(ratio)}% < 20%，{s.working}", readings)


@item("6.copyright_penalty", "表6", "著作权·倒扣", max=0, min=-5,
      rule="严重违反《著作权法》……在法纪规范考核总分中倒扣，最高扣5分；复制比超过50%经专家组认定为重度抄袭或"
      "整体剽窃的……在法纪规范考核总分中倒扣5分。",
      interpretation="两种倒扣同属著作权一项，取较大者，不叠加，最多5分。")
def copyright_penalty(max_copy_ratio, plagiarism_confirmed: bool, penalty) -> Scored:
    """表6 著作权 deduction from C: the larger of the entered penalty and 5 for confirmed plagiarism.

    >>> copyright_penalty(55, True, 2).score, copyright_penalty(50, True, 0).score
    (Decimal('-5'), Decimal('0'))
    """
    plagiarism = 5 if dec(max_copy_ratio) > 50 and plagiarism_confirmed else 0
    p = min(max(dec(penalty), Decimal(plagiarism)), Decimal(5))
    return Scored(-p if p else Decimal(0), f"倒扣 max(填写 {show(dec(penalty))}, 重度抄袭 {plagiarism}) = {show(p)}" if p else "不倒扣")


# ---------------------------------------------------------------- 表7

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
    readings = (("JA801", {"value": f"{per_issue}册", "step": "1万册"}),) if (
        score < 3 and _partial(per_issue, 50000, 10000)) else ()
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
    readings = (("JA801", {"value": f"{show(p)}万元", "step": "20万元"}),) if (
        score < 4 and _partial(p, 50, 20)) else ()
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
    r = _frac(rate)
    score = 3 if r <= Fraction(1, 2) else 2 if r <= 1 else 1 if r <= Fraction(3, 2) else 0
    readings = (("JA804", {"rate": show(r)}),) if r in (Fraction(1, 2), 1, Fraction(3, 2)) else ()
    return Scored(Decimal(score), f"差错率 {show(r)}/万 → 加 {score}", readings)


# ---------------------------------------------------------------- totals

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


def has_proof(materials) -> bool:
    """证明材料 listed: at least one name other than “无” (填表说明 四)."""
    return any(isinstance(m, str) and m.strip() not in ("", NONE_VALUE) for m in materials or [])


class _Run:
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


def _count_entries(entries, sources) -> tuple[int, int]:
    picked = [e for e in entries if e["source"] in sources]
    return (sum(1 for e in picked if e["form"] != "辑录题目"), sum(1 for e in picked if e["form"] == "辑录题目"))


def _business_academic(run: _Run, record: dict) -> None:
    table, ab = record["business"]["academic"], record.get("abstracting", {})
    proof_ab = (ab.get("proof_materials"), "/abstracting/proof_materials")
    run.add("4-1.databases", proof=(table["proof_materials"], "/business/academic/proof_materials"),
            core_indexes=table["core_indexes"], impact_factor_quartile=table["impact_factor_quartile"],
            rccse=table["rccse"], other_databases=table["other_databases"])
    others = ("全国报刊索引", "其他文摘索引类刊物", "其他媒体")
    mf, mt = _count_entries(ab["entries"], MAJOR_DIGESTS)
    of, ot = _count_entries(ab["entries"], others)
    run.add("4-1.abstracting", proof=proof_ab, major_full=mf, major_title_only=mt, other_full=of,
            other_title_only=ot, annual_articles=ab["annual_articles"])
    for key, field_name in (("4-1.impact_factor", "composite_impact_factor"),
                            ("4-1.total_citations", "composite_total_citations"),
                            ("4-1.other_citation_ratio", "other_citation_ratio"),
                            ("4-1.fund_paper_ratio", "fund_paper_ratio"),
                            ("4-1.web_download_rate", "web_download_rate")):
        run.add(key, proof=proof_ab, value=ab[field_name])
    run.add("4-1.expert", value=run.pick("business", "academic", "expert_score"))


def _business_general(run: _Run, record: dict, name: str, prefix: str) -> None:
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


def _business_gazette(run: _Run, record: dict) -> None:
    for field_name, fn in GAZETTE_JUDGED.items():
        run.add(fn.spec.key, fn, value=run.pick("business", "gazette_yearbook", field_name))


def score(record: dict, column: str = "self") -> SheetScore:
    """Score one column of a valid ``journal-assessment`` record (validate it first).

    Raises :class:`MissingColumn` when the column's cells are not filled in (e.g. 评审打分
    before the review) and ``ValueError`` for an unknown column.
    """
    if column not in COLUMNS:
        raise ValueError(f"column must be one of {', '.join(COLUMNS)}")
    run = _Run(record, column)
    basic, editing, legal = record["basic_info"], record["editing"], record["legal"]
    category = basic["category"]
    name, business_table = BUSINESS_TABLES[category]

    k = run.add("3.k", k=run.pick("political", "k"))

    if name == "academic":
        _business_academic(run, record)
    elif name == "gazette_yearbook":
        _business_gazette(run, record)
    else:
        _business_general(run, record, name, business_table[-3:])

    digital = editing["digital"]
    digital_proof = (digital["proof_materials"], "/editing/digital/proof_materials")
    errors = record["errors"]
    chars = errors["chars_per_line"] * errors["lines_per_page"] * errors["pages"]
    rate = error_rate(errors["total_errors"], chars)
    run.add("5-1.standards", deficiencies=run.pick("editing", "standards_deficiencies"))
    run.add("5-1.printing", grade=run.pick("editing", "printing_grade"))
    run.add("5-1.digital_staff", proof=digital_proof, has_staff=digital["full_time_staff"])
    run.add("5-1.digital_platforms", proof=digital_proof, central_kitchen=digital["central_kitchen"],
            platforms=digital["platforms"], new_media=digital["new_media"], own_platform=digital["own_platform"])
    run.add("5-1.digital_effect", proof=digital_proof, total_users=digital["total_users"],
            average_reads=digital["average_reads"])
    run.add("5-1.digital_revenue", proof=digital_proof, value=digital["revenue"], academic=category == "学术类")
    run.add("5-1.editing_quality", rate=rate)

    imprint_cell = run.pick("legal", "imprint") or {}
    copyright_cells = legal["copyright"]
    penalty = run.pick("legal", "copyright", "penalty")
    plagiarism = run.pick("legal", "copyright", "plagiarism_confirmed")
    run.add("6.publishing", violations=run.pick("legal", "publishing_violations"))
    run.add("6.imprint", missing=imprint_cell.get("missing", []),
            irregularities=imprint_cell.get("irregularities", 0))
    run.add("6.institutions", proof=(legal["institutions"]["proof_materials"], "/legal/institutions/proof_materials"),
            value=run.pick("legal", "institutions", "score"))
    run.add("6.team", proof=(legal["team"]["proof_materials"], "/legal/team/proof_materials"),
            entered=run.pick("legal", "team", "score"), full_time_editors=basic["staff"]["full_time_editors"],
            frequency=basic["frequency"])
    run.add("6.business_conduct", value=run.pick("legal", "business_conduct", "score"))
    run.add("6.business_penalty", penalty=run.pick("legal", "business_conduct", "penalty"))
    run.add("6.copyright", entered=run.pick("legal", "copyright", "score"),
            max_copy_ratio=copyright_cells["max_copy_ratio"], plagiarism_confirmed=plagiarism, penalty=penalty)
    run.add("6.copyright_penalty", max_copy_ratio=copyright_cells["max_copy_ratio"],
            plagiarism_confirmed=plagiarism, penalty=penalty)

    profit_value = basic["finances"]["profit"]["assessed_year"]
    run.add("7.awards", proof=(record["bonus"]["proof_materials"], "/bonus/proof_materials"),
            awards=record["bonus"]["awards"])
    run.add("7.circulation", proof=(record["operations"]["proof_materials"], "/operations/proof_materials"),
            per_issue=record["operations"]["average_circulation_per_issue"])
    run.add("7.profit", proof=(basic["proof_materials"], "/basic_info/proof_materials"), value=profit_value)
    run.add("7.editing", rate=rate)

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
