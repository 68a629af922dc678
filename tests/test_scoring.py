"""期刊综合质量考核表 formulas, item by item (issue #3 "Tests"; seed 004 表3–表8).

Every expected value is worked out by hand from the sheet's wording; the arithmetic is in the
comment beside it. "Whole steps only" (SPEC §6) is the reading throughout.
"""
from decimal import Decimal
from fractions import Fraction

import pytest

from validators.scoring import journal as j


def pts(scored) -> Decimal:
    return scored.score


def D(x) -> Decimal:
    return Decimal(str(x))


# ---------------------------------------------------------------- 表4-1 学术指标

@pytest.mark.parametrize("value, expected", [
    (0.4, 6),      # baseline: 等于0.4计6分
    (0.42, 6.2),   # one step above: 6 + 0.2
    (0.38, 5.7),   # one step below: 6 − 0.3
    (0.431, 6.2),  # between steps: 0.031 holds one whole 0.02 → 6.2
    (0.395, 6),    # 0.005 below: no whole step → 6
    (0.8, 10),     # cap: 20 steps × 0.2 = 4 → 10
    (1.2, 10),     # above the cap stays 10
    (0.02, 0.3),   # 19 steps below: 6 − 5.7
    (0, 0),        # floor: 20 steps × 0.3 = 6 → 0, 不倒扣
    ("无", 0),     # no data from 知网/万方/维普
])
def test_composite_impact_factor(value, expected):
    assert pts(j.composite_impact_factor(value)) == D(expected)


@pytest.mark.parametrize("value, expected", [
    (500, 3), (550, 3.1), (450, 2),   # baseline, +1 step (+0.1), −1 step (−1)
    (599, 3.1),                       # 99 above: one whole 50 → 3.1
    (449, 2),                         # 51 below: one whole 50 → 2
    (1500, 5), (2000, 5),             # cap: 20 steps × 0.1 = 2 → 5
    (350, 0), (100, 0),               # floor: 3 steps × 1 = 3 → 0
])
def test_composite_total_citations(value, expected):
    assert pts(j.composite_total_citations(value)) == D(expected)


@pytest.mark.parametrize("value, expected", [
    (50, 3), (55, 3.2), (45, 2),   # 等于50%计3分; +5 points +0.2; −5 points −1
    (57.5, 3.2),                   # 7.5 points: one whole 5 → 3.2
    (100, 5),                      # cap: 10 steps × 0.2 = 2 → 5
    (35, 0), (20, 0),              # floor: 3 steps × 1 → 0
])
def test_other_citation_ratio(value, expected):
    assert pts(j.other_citation_ratio(value)) == D(expected)


@pytest.mark.parametrize("value, expected", [
    (30, 2), (33, 2.2), (27, 1.5),   # 等于30%计2分; ±3 points: +0.2 / −0.5
    (31.5, 2), (28.5, 2),            # half a step either way counts nothing
    (45, 3), (60, 3),                # cap: 5 steps × 0.2 = 1 → 3
    (18, 0), (0, 0),                 # floor: 4 steps × 0.5 = 2 → 0
])
def test_fund_paper_ratio(value, expected):
    assert pts(j.fund_paper_ratio(value)) == D(expected)


@pytest.mark.parametrize("value, expected", [
    (20, 1), (25, 1.2), (15, 0.5),   # 等于20%计1分; ±5 points: +0.2 / −0.5
    (24.9, 1),                       # 4.9 points: no whole step
    (45, 2), (80, 2),                # cap: 5 steps × 0.2 = 1 → 2
    (10, 0), (5, 0),                 # floor: 2 steps × 0.5 = 1 → 0
])
def test_web_download_rate(value, expected):
    assert pts(j.web_download_rate(value)) == D(expected)


def test_partial_step_is_reported_as_a_reading():
    # 0.431: 0.011 beyond the last whole step is not counted, and the output says so (JA801)
    assert [code for code, _ in j.composite_impact_factor(0.431).readings] == ["JA801"]
    assert j.composite_impact_factor(0.42).readings == ()     # exactly on a step: nothing to say
    assert j.composite_impact_factor(1.21).readings == ()     # capped: the partial step is moot


@pytest.mark.parametrize("core, quartile, rccse, others, expected", [
    (["CSSCI", "GCJC", "CHSSC"], "无", "无", [], 15),   # 3种同时收录
    (["CSSCI", "GCJC"], "无", "无", [], 13),            # 任意2种
    (["CHSSC"], "无", "无", [], 11),                    # 1种
    ([], "Q1", "无", [], 12), ([], "Q2", "无", [], 8), ([], "Q3", "无", [], 0),
    ([], "无", "权威学术期刊", [], 10), ([], "无", "核心学术期刊", [], 8), ([], "无", "扩展核心学术期刊", [], 6),
    ([], "无", "无", ["a", "b", "c"], 3),               # 每种1分
    ([], "无", "无", list("abcdefg"), 5),               # 最多计5分
    (["CSSCI"], "Q1", "权威学术期刊", list("abcde"), 12),   # max(11, 12, 10, 5), not the sum
    ([], "无", "无", [], 0),
])
def test_database_inclusion_takes_the_highest(core, quartile, rccse, others, expected):
    assert pts(j.database_inclusion(core, quartile, rccse, others)) == expected


@pytest.mark.parametrize("major_full, major_titles, other_full, annual, expected", [
    (5, 0, 0, 100, 3),      # 5% → 3 (other 0% → 0)
    (6, 0, 0, 100, 4),      # one step above: 3 + 1
    (4, 0, 0, 100, 2),      # one step below: 3 − 1
    (11, 0, 0, 200, 3),     # 5.5%: half a step → still 3
    (9, 0, 0, 200, 3),      # 4.5%: 0.5 below 5% is no whole step → 3 − 0 = 3
    (8, 0, 0, 100, 5),      # cap: 3 + 3 = 6 → 5
    (1, 0, 0, 100, 0),      # floor: 3 − 4 → 0 (表中未说倒扣)
    (0, 25, 0, 100, 3),     # 25 辑录题目 ÷ 5 = 5 articles → 5% → 3
    (0, 24, 0, 100, 2),     # 24 ÷ 5 = 4 whole → 4% → 2
    (0, 0, 30, 100, 3),     # part 2 alone: 30% → 3; part 1 at 0% floors at 0
    (0, 0, 29, 100, 0),     # part 2 below 30%: 0 (literal)
    (0, 0, 50, 100, 3),     # part 2 never above 3 (“不超过3分”)
    (7, 0, 30, 100, 5),     # 5 + 3 → capped at 5
    (5, 0, 29, 100, 3),     # 3 + 0
])
def test_abstracting(major_full, major_titles, other_full, annual, expected):
    assert pts(j.abstracting(major_full, major_titles, other_full, 0, annual)) == expected


def test_abstracting_literal_reading_of_part_two_is_visible():
    readings = [code for code, _ in j.abstracting(0, 0, 29, 0, 100).readings]
    assert "JA802" in readings


# ---------------------------------------------------------------- 表4-2 / 4-3 经济效益、社会影响力

@pytest.mark.parametrize("per_issue, frequency, expected", [
    (10000, "月刊", 5),       # 1万册/月 → full 5
    (8000, "月刊", 4.5),      # 2000 short: one step → 4.5
    (9999, "月刊", 5),        # 1 short: no whole step → 5
    (7999, "月刊", 4.5),      # 2001 short: one whole step → 4.5
    (5000, "半月刊", 5),      # 5000 × 24 ÷ 12 = 10000/月
    (9000, "季刊", 3.5),      # 9000 × 4 ÷ 12 = 3000/月; 7000 short: 3 steps → 5 − 1.5
    (0, "月刊", 2.5),         # 10000 short: 5 steps → 2.5 (no "无发行不得分" on the sheet)
])
def test_circulation(per_issue, frequency, expected):
    assert pts(j.circulation(per_issue, frequency)) == D(expected)


@pytest.mark.parametrize("value, expected", [
    (500, 5), (400, 4.5), (600, 5),   # 500万元以上满分; 100 short −0.5
    (450, 5),                         # 50 short: no whole step
    (0.01, 3),                        # 499.99 short: 4 whole steps → 5 − 2
    (0, 0),                           # 无收入不得分
])
def test_revenue(value, expected):
    assert pts(j.revenue(value)) == D(expected)


@pytest.mark.parametrize("value, expected", [
    (50, 5), (40, 4.5), (45, 5), (80, 5),   # 50万元以上满分; 10 short −0.5
    (0.5, 3),                               # 49.5 short: 4 steps → 3
    (0, 0), (-1, 0),                        # 无利润或亏损得0分
])
def test_profit(value, expected):
    assert pts(j.profit(value)) == D(expected)


@pytest.mark.parametrize("count, expected", [(0, 0), (1, 3), (4, 3), (5, 4), (9, 4), (10, 5), (40, 5)])
def test_social_influence(count, expected):
    assert pts(j.social_influence(count)) == expected


# ---------------------------------------------------------------- 表5-1

@pytest.mark.parametrize("n, expected", [(0, 4), (1, 3.5), (3, 2.5), (8, 0), (10, 0)])
def test_standards_compliance(n, expected):
    # 4 − 0.5n, 扣完为止: 8 × 0.5 = 4 → 0; 10 → 0, not −1
    assert pts(j.standards_compliance(n)) == D(expected)


@pytest.mark.parametrize("grade, expected", [("优秀", 7), ("良好", 5), ("合格", 3), ("不合格", 0)])
def test_printing(grade, expected):
    assert pts(j.printing(grade)) == expected


@pytest.mark.parametrize("ck, platforms, new_media, own, expected", [
    (True, [], [], True, 4),                        # 2 + 2
    (True, ["微信"], [], True, 4),                   # 2 + 1 + 2 = 5 → 最高不超过4分
    (False, ["微信", "微博", "网站"], ["抖音号", "快手号"], False, 4),   # 3 + 1 (any number of new media: 1)
    (False, ["微信"], ["抖音号", "快手号", "喜马拉雅"], False, 2),      # 1 + 1
    (False, [], [], False, 0),
])
def test_digital_platforms(ck, platforms, new_media, own, expected):
    assert pts(j.digital_platforms(ck, platforms, new_media, own)) == expected


@pytest.mark.parametrize("users, reads, expected", [(4999, 100, 1), (5000, 100, 2), (5000, 99, 1), (0, 0, 0)])
def test_digital_effect(users, reads, expected):
    assert pts(j.digital_effect(users, reads)) == expected


@pytest.mark.parametrize("value, academic, expected", [
    (0.99, True, 1), (1, True, 2), (0, True, 0),       # 学术期刊 1万元
    (4.99, False, 1), (5, False, 2), (1, False, 1),    # 非学术期刊 5万元
])
def test_digital_revenue(value, academic, expected):
    assert pts(j.digital_revenue(value, academic)) == expected


@pytest.mark.parametrize("errors, expected", [
    (20, 10),       # 20 ÷ 100000 × 10000 = 2.0/万 → full 10
    (19, 10),       # 1.9/万
    (21, 9),        # 2.1/万: one step of 0.1 → 9
    (21.9, 9),      # 2.19/万: one whole step → 9
    (30, 0),        # 3.0/万: 10 steps → 0
    (31.5, -1),     # 3.15/万: 11 steps → −1, into B
    (40, -10),      # 4.0/万: 20 steps → −10
    (50, -10),      # 5.0/万: 30 steps → −20, 最多倒扣10分
])
def test_editing_quality(errors, expected):
    rate = j.error_rate(D(errors), 100000)
    assert pts(j.editing_quality(rate)) == expected


def test_error_rate_is_exact():
    # 3 × 10000 ÷ 100000 = 0.3 exactly, and 2.3/万 is 3 whole steps, not 2 (float 2.3 − 2 = 0.2999…)
    assert j.error_rate(3, 100000) == Fraction(3, 10)
    assert pts(j.editing_quality(j.error_rate(23, 100000))) == 7


# ---------------------------------------------------------------- 表6

@pytest.mark.parametrize("violations, expected", [
    ([], 5), ([1], 4), ([6], 2), ([8], 0),
    ([1, 6], 1),            # 5 − 1 − 3
    ([8, 1], -1),           # 5 − 5 − 1: 此栏可倒扣
    ([8, 9], -5),           # 5 − 10 = −5
    ([6, 7, 8, 9], -5),     # 5 − 16 = −11 → 最多倒扣5分
])
def test_publishing_compliance(violations, expected):
    assert pts(j.publishing_compliance(violations)) == expected


@pytest.mark.parametrize("missing, irregular, expected", [
    ([], 0, 3), (["定价"], 0, 2.5), (["定价", "发行范围"], 0, 1.5),
    (["定价", "发行范围", "出版日期"], 0, 0),        # 缺三项以上扣3分
    ([], 3, 2.1),                                  # 3 − 3×0.3
    (["定价"], 10, 0),                             # 3 − 0.5 − 3 → 扣完为止
])
def test_imprint(missing, irregular, expected):
    assert pts(j.imprint(missing, irregular)) == D(expected)


@pytest.mark.parametrize("entered, editors, frequency, expected", [
    (1, 5, "月刊", 1),        # meets 5: the expert's score stands, the head count never raises it (#13)
    (3, 4, "月刊", 3),        # below 5: the expert's score, under the cap 4×4÷5 = 3.2
    (2, 14, "周刊", 2), (4, 15, "周刊", 4),
    (4, 1, "季刊", 4), (3.5, 9, "旬刊", 3.5), (4, 3, "双月刊", 4), (2, 7, "半月刊", 2),
    (4, 1, "年刊", 4),        # not listed: no head count, the expert's score (JA809)
])
def test_team(entered, editors, frequency, expected):
    assert pts(j.team(entered, editors, frequency)) == D(expected)


@pytest.mark.parametrize("entered, ratio, plagiarism, penalty, item, deduction", [
    (3, 19.9, False, 0, 3, 0),
    (3, 20, False, 0, 1, 0),      # 20%～30% 得1分
    (3, 30, False, 0, 1, 0),      # 30% is not "超过30%"
    (3, 30.1, False, 0, 0, 0),    # 超过30% → 0
    (3, 50, True, 0, 0, 0),       # 50% is not "超过50%": 0 points, no −5
    (3, 51, True, 0, 0, -5),      # 超过50% and 认定重度抄袭: 0 and −5
    (3, 51, False, 0, 0, 0),      # not confirmed by the experts: 0 only
    (0.5, 25, False, 0, 0.5, 0),  # the expert's lower score stands
    (3, 10, False, 2, 0, -2),     # 严重违反《著作权法》: 此项不得分, −2 as entered
    (3, 55, True, 2, 0, -5),      # both: the larger, not 7
])
def test_copyright(entered, ratio, plagiarism, penalty, item, deduction):
    assert pts(j.copyright_item(entered, ratio, plagiarism, penalty)) == D(item)
    assert pts(j.copyright_penalty(ratio, plagiarism, penalty)) == deduction


def test_business_penalty():
    assert pts(j.business_penalty(3)) == -3
    assert pts(j.business_penalty(0)) == 0


# ---------------------------------------------------------------- 表7

def award(level, scope="期刊"):
    return {"level": level, "scope": scope}


@pytest.mark.parametrize("awards, expected", [
    ([], 0),
    ([award("国家部委、省级政府")], 7), ([award("司（局）级、全国一级学会")], 4), ([award("省级学会")], 2),
    ([award("国家部委、省级政府", "单项（含个人）")], 3.5),                 # 50% of 7
    ([award("国家部委、省级政府", "单项（含个人）")] * 2, 4),               # 3.5 + 3.5 = 7 → 最多计4分
    ([award("省级学会"), award("司（局）级、全国一级学会", "单项（含个人）"),
      award("省级学会", "单项（含个人）")], 3),                              # max(2, 2 + 1)
    ([award("司（局）级、全国一级学会"), award("国家部委、省级政府", "单项（含个人）")], 4),   # max(4, 3.5)
])
def test_awards_funding(awards, expected):
    assert pts(j.awards_funding(awards)) == D(expected)


@pytest.mark.parametrize("per_issue, expected", [
    (49999, 0), (50000, 0),        # 达到5万册 itself adds nothing
    (60000, 0.2), (69999, 0.2),    # one whole 1万 → 0.2
    (200000, 3), (300000, 3),      # 15 steps × 0.2 = 3 → 最高加3分
])
def test_circulation_bonus(per_issue, expected):
    assert pts(j.circulation_bonus(per_issue)) == D(expected)


@pytest.mark.parametrize("profit, expected", [(49, 0), (50, 0), (70, 1), (89.99, 1), (130, 4), (200, 4)])
def test_profit_bonus(profit, expected):
    # 每增加20万元加1分: (130 − 50) ÷ 20 = 4; 200 → 7 steps → 最高加4分
    assert pts(j.profit_bonus(profit)) == expected


@pytest.mark.parametrize("errors, expected", [(5, 3), (5.1, 2), (10, 2), (15, 1), (15.1, 0)])
def test_editing_bonus(errors, expected):
    # rate = errors ÷ 100000 × 10000: 0.5 → 3; 0.51 → 2; 1.0 → 2; 1.5 → 1 (不超过, inclusive); 1.51 → 0
    assert pts(j.editing_bonus(j.error_rate(D(errors), 100000))) == expected


# ---------------------------------------------------------------- K, S, grade

@pytest.mark.parametrize("k, band", [(1, True), (0.95, True), (0.9, True), (0.89, True), (0.7, True),
                                     (0, True), (0.69, False), (0.5, False), (0.995, False)])
def test_k_bands(k, band):
    assert (j.k_band(k) is not None) == band


@pytest.mark.parametrize("s, grade", [(90, "一级"), (89.99, "二级"), (75, "二级"), (74.99, "三级"),
                                      (60, "三级"), (59.99, "四级（不合格）"), (0, "四级（不合格）")])
def test_grade_boundaries(s, grade):
    assert j.grade(D(s))[0] == grade


def test_falsified_is_a_fail_whatever_the_score():
    assert j.grade(D(99), falsified=True)[0] == "不合格"


def test_s_is_rounded_half_up_once():
    # 0.85 × 54.9 = 46.665 → 46.67 (half up); 0.95 × 94.7 = 89.965 → 89.97, still 二级
    assert j.round_s(D("0.85") * D("54.9")) == D("46.67")
    assert j.round_s(D("0.95") * D("94.7")) == D("89.97")
