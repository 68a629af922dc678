"""预算调整 (nssf-budget-adjustment, 001 六): boundary tests for the BA rules.

Expected values are worked out by hand from the manual's wording; the base records are the
valid samples in samples/records/nssf-budget-adjustment/.
"""
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validators.context import Context
from validators.engine import validate

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records" / "nssf-budget-adjustment"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text("utf-8"))


@pytest.fixture
def shift():
    """22BTQ041: total 20.00 = direct 16.00 + indirect 4.00, unchanged; 业务费 9.00 → 7.50,
    劳务费 5.00 → 6.50, 设备费 2.00 → 2.00; no outbound budget."""
    return sample("ba-2024-shift-between-lines.json")


@pytest.fixture
def outbound():
    """23AZD018: total 80.00 = 66.00 + 14.00; adds 武汉大学 as an outbound unit, 0 → 8.75
    (业务费 5.50 + 劳务费 3.25)."""
    return sample("ba-2025-outbound-added.json")


def findings(record):
    return validate(record, Context()).findings


def only(record, code):
    return [f for f in findings(record) if f.code == code]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_valid_samples_carry_only_the_route_info(name):
    assert [(f.code, f.severity.value) for f in findings(sample(name))] == [("BA101", "info")]


# --- BA101: who approves (001 六 请注意) ------------------------------------------------------

def test_moving_money_between_lines_takes_effect_at_the_unit(shift):
    [info] = only(shift, "BA101")
    assert info.message == ("本次预算调整既不调整经费总额，也不增列外拨经费，"
                            "由责任单位审核通过后生效，并按程序报全国社科工作办备案")


def test_adding_an_outbound_unit_needs_the_national_office(outbound):
    [info] = only(outbound, "BA101")
    assert info.message == "本次预算调整增列了外拨经费（武汉大学），须报全国社科工作办审批，审批通过后生效"


def test_changing_an_existing_outbound_budget_is_not_adding_one(outbound):
    ob = outbound["outbound_budgets"][0]
    # 武汉大学 already had 8.75; now 业务费 5.50 → 4.50 and 劳务费 3.25 → 4.25, total still 8.75
    for line, before, after in zip(ob["lines"], (5.5, 3.25), (4.5, 4.25)):
        line.update(before=before, after=after)
    ob["total_before"] = 8.75
    [info] = only(outbound, "BA101")
    assert "由责任单位审核通过后生效" in info.message
    assert not [f for f in findings(outbound) if f.severity.value == "error"]


def test_changing_the_total_needs_the_national_office(shift):
    # 劳务费 6.50 → 7.50: direct 17.00, total 17.00 + 4.00 = 21.00
    shift["direct_budget"]["lines"][1]["after"] = 7.5
    shift["direct_budget"]["total_after"] = 17
    shift["basic_info"].update(direct_after=17, total_after=21)
    [info] = only(shift, "BA101")
    assert info.message == "本次预算调整改变了经费总额（20.00 → 21.00 万元），须报全国社科工作办审批，审批通过后生效"
    assert not [f for f in findings(shift) if f.severity.value == "error"]


# --- BA102: nothing adjusted -----------------------------------------------------------------

def test_nothing_adjusted(shift):
    for line in shift["direct_budget"]["lines"]:
        line["after"] = line["before"]
    [w] = only(shift, "BA102")
    assert w.severity.value == "warning"


def test_one_hundredth_moved_is_an_adjustment(shift):
    lines = shift["direct_budget"]["lines"]
    lines[0]["after"], lines[1]["after"] = 8.99, 5.01  # 8.99 + 5.01 + 2.00 = 16.00
    assert not only(shift, "BA102")
    assert not only(shift, "BA404")


# --- BA403: indirect costs may not be adjusted (001 六 基本信息) -----------------------------

@pytest.mark.parametrize("indirect_after, total_after, flagged", [
    (4, 20, False),
    (4.01, 20.01, True),   # one hundredth is an adjustment too
    (3.99, 19.99, True),
])
def test_indirect_costs_unchanged(shift, indirect_after, total_after, flagged):
    shift["basic_info"].update(indirect_after=indirect_after, total_after=total_after)
    got = only(shift, "BA403")
    assert bool(got) is flagged
    if flagged:
        assert got[0].path == "/basic_info/indirect_after"
        assert got[0].message == f"间接经费由 4.00 万元调整为 {indirect_after:.2f} 万元；间接经费不可以调整"
    assert not only(shift, "BA405")  # totals were kept consistent: only the indirect change is wrong


# --- BA404: direct lines add up to the totals before and after ------------------------------

def test_after_lines_one_hundredth_short(shift):
    shift["direct_budget"]["lines"][0]["after"] = 7.49  # 7.49 + 6.50 + 2.00 = 15.99
    [e] = only(shift, "BA404")
    assert e.path == "/direct_budget/total_after"
    assert e.message == "直接经费预算表调整后各科目之和为 15.99 万元，与调整后合计 16.00 万元不符（相差 0.01 万元）"


def test_before_lines_one_hundredth_over(shift):
    shift["direct_budget"]["lines"][2]["before"] = 2.01  # 9.00 + 5.00 + 2.01 = 16.01
    [e] = only(shift, "BA404")
    assert e.path == "/direct_budget/total_before"
    assert "16.01" in e.message and "16.00" in e.message


def test_sums_are_exact_with_awkward_decimals(shift):
    # 0.10 + 0.20 + 15.70 = 16.00 exactly (in floating point 0.1 + 0.2 + 15.7 = 16.000000000000004)
    shift["direct_budget"]["lines"] = [{"item": "业务费", "before": 9, "after": 0.1},
                                       {"item": "劳务费", "before": 5, "after": 0.2},
                                       {"item": "设备费", "before": 2, "after": 15.7}]
    assert not only(shift, "BA404")


# --- BA405: totals consistent ---------------------------------------------------------------

def test_total_is_direct_plus_indirect(shift):
    shift["basic_info"]["total_before"] = 20.5  # 16.00 + 4.00 = 20.00
    [e] = only(shift, "BA405")
    assert e.path == "/basic_info/total_before"
    assert e.message == "经费合计不一致：经费总额（调整前）20.50 万元不等于直接经费 16.00 + 间接经费 4.00 = 20.00 万元"


def test_basic_information_agrees_with_the_table(shift):
    shift["basic_info"].update(direct_after=16.5, total_after=20.5)  # table total after: 16.00
    [e] = only(shift, "BA405")
    assert e.path == "/basic_info/direct_after"
    assert e.message == "经费合计不一致：基本信息中直接经费（调整后）16.50 万元与直接经费预算表合计 16.00 万元不符"


# --- BA406: each outbound unit adds up ------------------------------------------------------

def test_outbound_lines_one_hundredth_short(outbound):
    outbound["outbound_budgets"][0]["lines"][1]["after"] = 3.24  # 5.50 + 3.24 = 8.74
    [e] = only(outbound, "BA406")
    assert e.path == "/outbound_budgets/0/total_after"
    assert e.message == "外拨单位「武汉大学」调整后各科目之和为 8.74 万元，与外拨合计 8.75 万元不符（相差 0.01 万元）"


# --- BA401, BA402, schema --------------------------------------------------------------------

def test_bad_identifiers(outbound):
    outbound["project"]["approval_number"] = "23AZD18"   # serial has two digits
    outbound["outbound_budgets"][0]["unit"]["credit_code"] = "12420000441626529D"
    got = {f.code: f.path for f in findings(outbound) if f.severity.value == "error"}
    assert got == {"BA401": "/project/approval_number",
                   "BA402": "/outbound_budgets/0/unit/credit_code"}


def test_money_has_at_most_two_decimals(shift):
    shift["direct_budget"]["lines"][0]["after"] = 7.505
    got = [f for f in findings(shift) if f.path == "/direct_budget/lines/0/after"]
    assert [f.code for f in got] == ["S011"]


def test_negative_amount_is_a_schema_error(shift):
    shift["direct_budget"]["lines"][2]["after"] = -1
    assert [f.code for f in findings(shift) if f.path == "/direct_budget/lines/2/after"] == ["S005"]


def test_reason_may_not_be_blank(shift):
    shift["reason"] = ""
    assert [f.code for f in findings(shift) if f.path == "/reason"] == ["S008"]


# --- property: any table whose lines add up is clean; one hundredth off is found -------------

ITEMS = ["业务费", "劳务费", "设备费", "资料费", "数据采集费", "专家咨询费", "印刷出版费", "其他支出"]
amounts = st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=1, max_size=len(ITEMS))


@settings(max_examples=60, deadline=None)
@given(before=amounts, after=amounts, off=st.sampled_from([0, 1, -1]))
def test_direct_table_sums_in_hundredths(before, after, off):
    record = sample("ba-2024-shift-between-lines.json")
    n = min(len(before), len(after))
    before, after = before[:n], after[:n]
    record["direct_budget"]["lines"] = [
        {"item": ITEMS[i], "before": before[i] / 100, "after": after[i] / 100} for i in range(n)]
    total_after = sum(after) + off if sum(after) + off >= 0 else sum(after) - off
    record["direct_budget"]["total_before"] = sum(before) / 100
    record["direct_budget"]["total_after"] = total_after / 100
    got = [f for f in findings(record) if f.code == "BA404"]
    if off == 0:
        assert got == []
    else:
        [e] = got
        assert e.path == "/direct_budget/total_after"
        assert e.message.endswith("（相差 0.01 万元）")
