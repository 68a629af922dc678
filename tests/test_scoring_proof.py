"""Issue #13 items 3 and 4: a sheet with missing proof materials is scored (those items at 0), and
表6 队伍建设 reads the head count as a cap on the expert's score (seed 004).

004 填表说明 四: "对不按要求提供证明材料者，有关评审项目一律不得分" — the sheet names the
consequence (the items score nothing), so the sheet is still scored. 004 表6 队伍建设: the 4 points
are for "以上标准" (政治素质和业务能力, which only the expert judges, and the head count).
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from pg import sample
from typer.testing import CliRunner

from generator.contexts.journal_assessment import build_context
from service.cli import app
from validators.context import Context
from validators.engine import validate
from validators.scoring import journal as j

POLITICAL = "journal-assessment/political-economic-chongqing-jingji"
ZEROED = {"6.institutions": "制度建设", "6.team": "队伍建设"}


def without_proof() -> dict:
    """The 政治经济类 sample with no proof for 制度建设 and 队伍建设 (both “无”)."""
    record = sample(POLITICAL)
    record["legal"]["institutions"]["proof_materials"] = ["无"]
    record["legal"]["team"]["proof_materials"] = ["无"]
    return record


def zeroed_items(findings) -> set[str]:
    return {name for name in ZEROED.values() for f in findings
            if f["code"] == "JA702" and f"“{name}”" in f["message"]}


# By hand (samples/records/journal-assessment/expected/political-economic-chongqing-jingji.expected.json,
# 制度建设 self 3 / review 3, 队伍建设 self 3 / review 2.5 in the record):
#   自评 C = 19 − 3 − 3 = 13;    S = 1×(44 + 24 + 13) + 7 = 88.00        → 二级
#   评审 C = 16.5 − 3 − 2.5 = 11; S = 0.95×(42 + 23.5 + 11) + 7 = 79.675 → 79.68 → 二级
BY_HAND = {"self": ("13", "88.00", "二级"), "review": ("11", "79.68", "二级")}


def test_cli_scores_a_sheet_with_two_items_without_proof(tmp_path):
    f = tmp_path / "r.json"
    f.write_text(json.dumps(without_proof(), ensure_ascii=False), "utf-8")
    for column, (C, S, grade) in BY_HAND.items():
        result = CliRunner().invoke(app, ["score", str(f), "--column", column, "--format", "json"])
        assert result.exit_code == 0, result.output
        out = json.loads(result.output)
        items = {i["key"]: i for i in out["items"]}
        assert all(items[key]["score"] == 0 for key in ZEROED)
        assert "填表说明四" in items["6.team"]["working"]
        assert (Decimal(str(out["totals"]["C"])), f"{out['totals']['S']:.2f}", out["grade"]) == (Decimal(C), S, grade)
        assert zeroed_items(out["findings"]) == set(ZEROED.values())
        # the record's own finding stays visible beside the score
        assert {f["code"] for f in out["validation_findings"]} >= {"JA201"}


def test_cli_text_names_the_zeroed_items(tmp_path):
    f = tmp_path / "r.json"
    f.write_text(json.dumps(without_proof(), ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(app, ["score", str(f)])
    assert result.exit_code == 0, result.output
    assert "JA702" in result.output and "88.00" in result.output


def test_record_without_proof_is_valid_with_a_warning():
    report = validate(without_proof(), Context())
    assert report.valid
    ja201 = [f for f in report.findings if f.code == "JA201"]
    assert {f.path for f in ja201} == {"/legal/institutions/proof_materials", "/legal/team/proof_materials"}
    assert all(f.severity == "warning" for f in ja201)


def test_api_scores_a_sheet_with_two_items_without_proof(service):
    r = service.call("POST", "/api/v1/score", "portal", json=without_proof(), params={"column": "review"})
    assert r.status_code == 200, r.text[:500]
    body = r.json()
    items = {i["key"]: i for i in body["items"]}
    assert all(items[key]["score"] == 0 for key in ZEROED)
    assert f"{body['totals']['S']:.2f}" == "79.68"
    assert zeroed_items(body["findings"]) == set(ZEROED.values())
    assert "JA201" in {f["code"] for f in body["validation_findings"]}


def test_form_shows_the_zeroed_items_and_why():
    context = build_context(without_proof())
    assert context.scores["t6_institutions"].self_score == "0"
    assert context.scores["t6_team"].review_score == "0"
    assert context.totals["S"].self_score == "88.00" and context.totals["S"].review_score == "79.68"
    assert "制度建设" in context.proof_note and "队伍建设" in context.proof_note
    assert "填表说明 四" in context.proof_note


def test_form_of_a_sheet_with_all_proof_has_no_proof_note():
    assert build_context(sample(POLITICAL)).proof_note == ""


# ---------------------------------------------------------------- 表6 队伍建设

def test_team_full_head_count_keeps_the_experts_lower_score():
    # 月刊 needs 5; 5 editors meet it, but the expert's 2 for 政治素质和业务能力 stands
    assert j.team(2, 5, "月刊").score == Decimal("2")
    assert j.team(4, 5, "月刊").score == Decimal("4")


def test_team_too_few_editors_caps_the_experts_score():
    # 4 of the 5 a 月刊 needs: at most 4 × 4/5 = 3.2, whatever the expert entered
    capped = j.team(4, 4, "月刊")
    assert capped.score == Decimal("3.2")
    assert "JA810" in {code for code, _ in capped.readings}
    assert j.team(3, 4, "月刊").score == Decimal("3")       # below the cap: the expert's score
    assert j.team(4, 0, "季刊").score == Decimal("0")       # 扣完为止
    assert j.team(4, 1, "双月刊").score == Decimal("1.33")  # 4 × 1/3 = 1.333…, kept to 0.01 downwards


def test_annual_and_half_yearly_are_an_explicit_reading():
    for frequency in ("年刊", "半年刊"):
        scored = j.team(4, 0, frequency)
        assert scored.score == Decimal("4")   # no head count in the sheet: the expert alone judges
        assert [code for code, _ in scored.readings] == ["JA809"]
    record = sample(POLITICAL)
    record["basic_info"]["frequency"] = "年刊"
    sheet = j.score(record)
    [reading] = [f for f in sheet.findings if f.code == "JA809"]
    assert "年刊" in reading.message and "季刊" not in reading.message
    assert "JA805" not in {f.code for f in sheet.findings}


def test_annual_journal_with_no_full_time_editor_is_not_held_to_the_quarterly_standard():
    record = sample(POLITICAL)
    record["basic_info"]["frequency"] = "年刊"
    record["basic_info"]["staff"]["full_time_editors"] = 0
    record["legal"]["team"]["score"] = {"self": 4, "review": 4}
    assert "JA407" not in {f.code for f in validate(record, Context()).findings}


def test_sample_journals_keep_their_hand_totals_under_the_new_team_reading():
    # the samples' 队伍建设 cells: full head count with 4, or too few with a score under the cap
    root = Path(__file__).resolve().parent.parent / "samples/records/journal-assessment"
    for path in sorted(root.glob("*.json")):
        expected = json.loads((root / "expected" / f"{path.stem}.expected.json").read_text("utf-8"))
        for column in ("self", "review"):
            sheet = j.score(json.loads(path.read_text("utf-8")), column)
            assert f"{sheet.S:.2f}" == expected[column]["S"], (path.stem, column)
