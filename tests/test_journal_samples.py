"""The four sample journals scored end to end, the scoring findings, property tests and the
`paperwork score` command (issue #3 "Tests"; seed 004).

The totals are the ones worked out by hand in samples/records/journal-assessment/README.md, kept in
samples/records/journal-assessment/expected/*.expected.json.
"""
import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journal_hand_totals import hand_totals
from typer.testing import CliRunner

from service.cli import app
from validators import catalogue
from validators.scoring import journal as j

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records" / "journal-assessment"
ACADEMIC = SAMPLES / "academic-bayu-renwen.json"
POLITICAL = SAMPLES / "political-economic-chongqing-jingji.json"
CULTURE = SAMPLES / "culture-education-bayu-shaonian.json"
GAZETTE = SAMPLES / "gazette-yearbook-chongqing-nianjian.json"
runner = CliRunner()


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


# (file, column, K, A, B, C, D, S, grade) — README.md, 手工计算, kept in expected/*.expected.json
HAND_TOTALS = hand_totals()


@pytest.mark.parametrize("path, column, K, A, B, C, D, S, grade", HAND_TOTALS,
                         ids=lambda v: v.name if isinstance(v, Path) else None)
def test_sample_totals_match_hand_calculation(path, column, K, A, B, C, D, S, grade):
    sheet = j.score(load(path), column)
    assert (sheet.K, sheet.A, sheet.B, sheet.C, sheet.D) == tuple(Decimal(x) for x in (K, A, B, C, D))
    assert str(sheet.S) == S
    assert sheet.grade == grade


def test_every_sample_journal_has_its_hand_totals():
    assert sorted({(path.name, column) for path, column, *_ in HAND_TOTALS}) == \
        sorted((p.name, column) for p in SAMPLES.glob("*.json") for column in ("self", "review"))


def test_academic_items_by_hand():
    sheet = j.score(load(ACADEMIC))
    got = {i.key: i.score for i in sheet.items}
    # 数据库: max(GCJC+CHSSC 13, Q2 8, RCCSE核心 8, 6 others → 5) = 13
    assert got["4-1.databases"] == 13
    # 四大文摘 6 + 11 辑录题目 ÷ 5 = 6 + 2 = 8 of 120 = 6.67% → 3 + 1; 全国报刊索引 30 of 120 = 25% → 0
    assert got["4-1.abstracting"] == 4
    assert got["4-1.impact_factor"] == Decimal("6.6")          # 0.467: 3 steps of 0.02 → 6 + 0.6
    assert got["4-1.total_citations"] == Decimal("3.6")        # 812: 6 steps of 50 → 3 + 0.6
    assert got["4-1.other_citation_ratio"] == Decimal("4.6")   # 91.2%: 8 steps of 5 → 3 + 1.6
    assert got["4-1.fund_paper_ratio"] == 3                    # 52.5%: 7 steps → +1.4, cap +1
    assert got["4-1.web_download_rate"] == Decimal("0.5")      # 13.8%: 1 step below → 1 − 0.5
    assert got["7.awards"] == 3                                # max(省级学会 2, 2 + 1)
    assert got["7.editing"] == 1                               # 27 ÷ 191520 × 10000 = 1.41/万


def test_every_item_explains_itself():
    for path in (ACADEMIC, POLITICAL, CULTURE, GAZETTE):
        for item in j.score(load(path)).items:
            assert item.rule and item.interpretation and item.working, item.key
            assert item.table.startswith("表")


def test_business_table_follows_category():
    assert [j.score(load(p)).business_table for p in (ACADEMIC, POLITICAL, CULTURE, GAZETTE)] == \
        ["表4-1", "表4-2", "表4-3", "表4-4"]
    assert len(j.score(load(ACADEMIC)).table("表4-1")) == 8       # the eight rows of 表4-1
    assert len(j.score(load(GAZETTE)).table("表4-4")) == 5


def test_falsified_record_fails_whatever_its_score():
    record = load(CULTURE)
    record["verification"] = {"falsified": True, "note": "发行量证明系伪造"}
    sheet = j.score(record)
    assert sheet.S == Decimal("106.50") and sheet.grade == "不合格"


def test_review_column_not_yet_filled():
    record = load(POLITICAL)
    del record["political"]["k"]["review"]
    with pytest.raises(j.MissingColumn) as e:
        j.score(record, "review")
    assert "/political/k/review" in e.value.message


# ---------------------------------------------------------------- journal-scoring findings

def codes(sheet) -> set:
    return {f.code for f in sheet.findings}


def _claimed_total_wrong():
    record = load(ACADEMIC)
    record["totals"]["self"]["S"] = 90
    return codes(j.score(record))


def _digital_without_proof():
    record = load(POLITICAL)
    record["editing"]["digital"]["proof_materials"] = ["无"]
    sheet = j.score(record)
    assert sheet.B == Decimal("15")  # 24 − the 9 digital points (1 + 4 + 2 + 2)
    return codes(sheet)


SCORING_CASES = {
    "JA701": _claimed_total_wrong,
    "JA702": _digital_without_proof,
    "JA801": lambda: codes(j.score(load(POLITICAL))),            # 318.6万元: 181.4 short, one whole 100
    "JA802": lambda: codes(j.score(load(ACADEMIC))),             # 其他文摘 25% → 0
    "JA803": lambda: codes(j.score(load(CULTURE))),              # monthly from per issue
    "JA804": lambda: {c for c, _ in j.editing_bonus(j.error_rate(15, 100000)).readings},
    "JA805": lambda: {c for c, _ in j.team(4, 1, "年刊").readings},  # removed (#13): not parametrised
    "JA806": lambda: {c for c, _ in j.circulation(0, "月刊").readings},
    "JA807": lambda: {c for c, _ in j.digital_revenue(1, True).readings},
    "JA808": lambda: {c for c, _ in j.copyright_item(3, 30, False, 0).readings},
    "JA809": lambda: {c for c, _ in j.team(4, 1, "年刊").readings},
    "JA810": lambda: {c for c, _ in j.team(4, 4, "月刊").readings},       # 4×4÷5 = 3.2 < 4
}


@pytest.mark.parametrize("code", [r.code for r in catalogue.rules_for("journal-scoring")])
def test_every_scoring_code_is_emitted(code):
    assert code in SCORING_CASES, f"no test case emits {code}"
    assert code in SCORING_CASES[code]()


def test_correct_claimed_totals_raise_nothing():
    assert "JA701" not in codes(j.score(load(ACADEMIC)))


# ---------------------------------------------------------------- properties

def hundredths(lo, hi):
    return st.integers(int(lo * 100), int(hi * 100)).map(lambda x: x / 100)


def pair(values):
    return st.fixed_dictionaries({"self": values, "review": values})


K_VALUES = st.sampled_from([0, 0.7, 0.75, 0.79, 0.8, 0.85, 0.89, 0.9, 0.95, 0.99, 1])
PROOF = st.sampled_from([["证明材料"], [], ["无"]])


@st.composite
def records(draw):
    base = load(draw(st.sampled_from([ACADEMIC, POLITICAL, CULTURE, GAZETTE])))
    r = copy.deepcopy(base)
    r["political"]["k"] = draw(pair(K_VALUES))
    b = r["basic_info"]
    b["frequency"] = draw(st.sampled_from(list(j.ISSUES_PER_YEAR)))
    b["staff"]["full_time_editors"] = draw(st.integers(0, 30))
    b["finances"]["total_revenue"]["assessed_year"] = draw(hundredths(0, 2000))
    b["finances"]["profit"]["assessed_year"] = draw(hundredths(-200, 500))
    b["proof_materials"] = draw(PROOF)
    r["operations"] = {"average_circulation_per_issue": draw(st.integers(0, 400000)), "proof_materials": draw(PROOF)}
    if "abstracting" in r:
        ab = r["abstracting"]
        ab["annual_articles"] = draw(st.integers(1, 400))
        ab["entries"] = ab["entries"][: draw(st.integers(0, len(ab["entries"])))]
        for name, hi in (("composite_impact_factor", 3), ("other_citation_ratio", 100), ("fund_paper_ratio", 100),
                         ("web_download_rate", 100)):
            ab[name] = draw(st.one_of(hundredths(0, hi), st.just("无")))
        ab["composite_total_citations"] = draw(st.integers(0, 5000))
        ab["proof_materials"] = draw(PROOF)
    for table in r["business"].values():
        for name, value in table.items():
            if isinstance(value, dict) and "self" in value:
                top = 5 if name in ("expert_score", "social_benefit_public") and "positioning" not in table else 10
                table[name] = draw(pair(hundredths(0, top)))
        if "influence_count" in table:
            table["influence_count"] = draw(st.integers(0, 30))
        if "core_indexes" in table:
            table["core_indexes"] = draw(st.lists(st.sampled_from(["CSSCI", "GCJC", "CHSSC"]), unique=True))
            table["impact_factor_quartile"] = draw(st.sampled_from(["Q1", "Q2", "Q3", "Q4", "无"]))
            table["rccse"] = draw(st.sampled_from(["权威学术期刊", "核心学术期刊", "扩展核心学术期刊", "无"]))
            table["other_databases"] = [f"db{i}" for i in range(draw(st.integers(0, 9)))]
    e = r["editing"]
    e["standards_deficiencies"] = draw(pair(st.integers(0, 20)))
    e["printing_grade"] = draw(pair(st.sampled_from(list(j.PRINTING_POINTS))))
    d = e["digital"]
    d.update(full_time_staff=draw(st.booleans()), central_kitchen=draw(st.booleans()), own_platform=draw(st.booleans()),
             platforms=draw(st.lists(st.sampled_from(["微信", "微博", "APP", "网站"]), unique=True)),
             new_media=draw(st.lists(st.sampled_from(["抖音号", "头条号"]), unique=True)),
             total_users=draw(st.integers(0, 20000)), average_reads=draw(st.integers(0, 500)),
             revenue=draw(hundredths(0, 20)), proof_materials=draw(PROOF))
    r["errors"].update(total_errors=draw(hundredths(0, 300)), chars_per_line=draw(st.integers(1, 50)),
                       lines_per_page=draw(st.integers(1, 50)), pages=draw(st.integers(1, 200)))
    lg = r["legal"]
    lg["publishing_violations"] = draw(pair(st.lists(st.integers(1, 9), unique=True)))
    lg["imprint"] = draw(pair(st.fixed_dictionaries({
        "missing": st.lists(st.sampled_from(["定价", "发行范围", "出版日期", "主管单位"]), unique=True),
        "irregularities": st.integers(0, 15)})))
    lg["institutions"] = {"score": draw(pair(hundredths(0, 3))), "proof_materials": draw(PROOF)}
    lg["team"] = {"score": draw(pair(hundredths(0, 4))), "proof_materials": draw(PROOF)}
    lg["business_conduct"] = {"score": draw(pair(hundredths(0, 2))), "penalty": draw(pair(hundredths(0, 5)))}
    lg["copyright"] = {"score": draw(pair(hundredths(0, 3))), "penalty": draw(pair(hundredths(0, 5))),
                       "max_copy_ratio": draw(hundredths(0, 100)), "plagiarism_confirmed": draw(pair(st.booleans()))}
    levels = ["国家部委、省级政府", "司（局）级、全国一级学会", "省级学会"]
    r["bonus"] = {"awards": draw(st.lists(st.fixed_dictionaries({
        "name": st.just("奖"), "date": st.just("2019-05"), "level": st.sampled_from(levels),
        "scope": st.sampled_from(["期刊", "单项（含个人）"])}), max_size=6)), "proof_materials": draw(PROOF)}
    r.pop("totals", None)
    return r


PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(records(), st.sampled_from(["self", "review"]))
def test_every_item_within_its_bounds_and_totals_within_the_sheet(record, column):
    sheet = j.score(record, column)
    for item in sheet.items:
        assert item.min <= item.score <= item.max, (item.key, item.score, item.working)
    assert -10 <= sheet.B <= 30 and sheet.A <= 50 and sheet.C <= 20 and 0 <= sheet.D <= 10
    assert 0 <= sheet.A and -15 <= sheet.C
    assert 0 <= sheet.K <= 1


@PROPERTY_SETTINGS
@given(records())
def test_s_is_monotonic_in_k(record):
    results = []
    for k in (0, 0.7, 0.79, 0.8, 0.9, 0.95, 0.99, 1):
        record["political"]["k"]["self"] = k
        results.append(j.score(record, "self"))
    base = results[0].A + results[0].B + results[0].C
    s = [r.S for r in results]
    # A+B+C does not depend on K; S rises with K when A+B+C ≥ 0, falls otherwise (B and C may be negative)
    assert s == sorted(s) if base >= 0 else s == sorted(s, reverse=True)


# ---------------------------------------------------------------- paperwork score

def run(*args):
    return runner.invoke(app, ["score", *[str(a) for a in args]])


def test_cli_json_lists_every_item_with_its_rule():
    result = run(ACADEMIC, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["totals"] == {"K": 1.0, "A": 39.8, "B": 27.5, "C": 18.0, "D": 4.0, "S": 89.3}
    assert data["grade"] == "二级"
    for item in data["items"]:
        assert {"table", "item", "max", "input", "score", "rule", "interpretation"} <= set(item)
    assert any(i["item"] == "复合影响因子" and i["score"] == 6.6 for i in data["items"])


def test_cli_review_column():
    result = run(GAZETTE, "--column", "review", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["column_title"] == "评审打分"
    assert data["totals"]["S"] == 46.67 and data["grade"] == "四级（不合格）"


def test_cli_text_shows_the_sheet():
    result = run(POLITICAL)
    assert result.exit_code == 0, result.output
    assert "表4-2" in result.output and "表8 总评结果" in result.output and "94.00" in result.output
    assert "一级" in result.output


def test_cli_record_with_errors_prints_findings_and_exits_1():
    result = run(SAMPLES / "invalid" / "JA103.json")
    assert result.exit_code == 1
    assert "JA103" in result.output and "无法计分" in result.output


def test_cli_record_with_errors_json():
    result = run(SAMPLES / "invalid" / "JA404.json", "--format", "json")
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["JA404"]


@pytest.mark.parametrize("content, words", [
    ('{"kind": "journal-assessment", ', "JSON 格式错误"),
    ('{"kind": "nssf-publication", "schema_version": 1}', "score 只适用于期刊综合质量考核表"),
])
def test_cli_unusable_input_exits_2(tmp_path, content, words):
    f = tmp_path / "r.json"
    f.write_text(content, "utf-8")
    result = run(f)
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


def test_cli_bad_column_exits_2():
    result = run(ACADEMIC, "--column", "expert")
    assert result.exit_code == 2 and "--column 只能是" in result.output


def test_cli_missing_review_column_exits_2(tmp_path):
    record = load(POLITICAL)
    del record["business"]["political_economic"]["content_quality"]["review"]
    f = tmp_path / "r.json"
    f.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    result = run(f, "--column", "review")
    assert result.exit_code == 2
    assert "尚未填写“评审打分”栏" in result.output


def test_docs_cover_every_item_and_reading():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "scoring.md").read_text("utf-8")
    for spec in j.ITEMS.values():
        key = spec.key.replace("4-3.", "4-2.")  # 表4-3 is documented once with 表4-2
        assert f"`{key}`" in docs, key
        assert spec.rule in docs and spec.interpretation in docs, spec.key
    for r in catalogue.rules_for("journal-scoring"):
        assert r.code in docs
