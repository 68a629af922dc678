"""结项申请 (nssf-completion, 001 五): boundary tests for the NC rules.

Expected values are worked out by hand from the manual's wording; the base records are the
valid samples in samples/records/nssf-completion/.
"""
import json
from pathlib import Path

import pytest

from validators.context import Context
from validators.engine import validate

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records" / "nssf-completion"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text("utf-8"))


@pytest.fixture
def applied():
    """20BZX012, 通讯鉴定, 已提交, ledger attached; accounts 20.00 budget, 19.34 spent, 0.66 left."""
    return sample("nc-2024-correspondence-appraisal.json")


@pytest.fixture
def exempt():
    """19BJL056, 免于鉴定 with 免于鉴定证明材料, 审批通过 after one 撤回修改."""
    return sample("nc-2023-exempt-appraisal.json")


def findings(record):
    return validate(record, Context()).findings


def only(record, code):
    return [f for f in findings(record) if f.code == code]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_valid_samples_are_clean(name):
    assert findings(sample(name)) == []


# --- NC101: only 在研 may apply (001 五.1) ---------------------------------------------------

@pytest.mark.parametrize("status, flagged", [("在研", False), ("已结项", True), ("终止", True), ("撤项", True)])
def test_only_projects_in_research_apply(applied, status, flagged):
    applied["project"]["status"] = status
    got = only(applied, "NC101")
    assert bool(got) is flagged
    if flagged:
        assert got[0].message == f"项目状态为“{status}”，只有“在研”项目可以申请结项"


# --- NC201: 经费明细账 before submission (001 五.1) ------------------------------------------

def _without_ledger(record):
    record["attachments"] = [a for a in record["attachments"] if a["document_type"] != "经费明细账"]
    return record


def test_submitted_without_ledger_quotes_the_platform(applied):
    [e] = only(_without_ledger(applied), "NC201")
    assert e.severity.value == "error"
    assert e.path == "/attachments"
    assert "请先上传经费明细账附件再提交！" in e.message


def test_draft_without_ledger_is_a_warning(applied):
    applied["status"] = "草稿"
    applied["status_history"] = applied["status_history"][:1]
    [w] = only(_without_ledger(applied), "NC201")
    assert w.severity.value == "warning"


def test_ledger_declared_under_another_type_does_not_count(applied):
    applied["attachments"][0]["document_type"] = "财务资料"
    assert only(applied, "NC201")


# --- NC202, NC103, NC102: 免于鉴定 and the paper route (001 五 温馨提示) ----------------------

def test_exemption_without_proof(exempt):
    exempt["attachments"] = [a for a in exempt["attachments"] if a["document_type"] != "免于鉴定证明材料"]
    [e] = only(exempt, "NC202")
    assert e.message == "鉴定方式为“免于鉴定”，但未上传申请免于鉴定的证明材料"


def test_correspondence_appraisal_needs_no_proof(applied):
    assert applied["appraisal"]["mode"] == "通讯鉴定"
    assert not only(applied, "NC202")


def test_leader_instruction_as_proof_goes_on_paper(exempt):
    for a in exempt["attachments"]:
        if a["document_type"] == "免于鉴定证明材料":
            a.update(document_type="领导批示", file_name="领导批示.pdf")
    got = findings(exempt)
    assert [f.code for f in got] == ["NC103"]  # no NC202: the proof exists, it is on the wrong route
    assert got[0].path == "/attachments/1/document_type"
    assert "等同于成果涉密" in got[0].message and "纸质审批书" in got[0].hint


def test_classified_outcome_goes_on_paper(applied):
    applied["outcome"]["classified"] = True
    [e] = only(applied, "NC102")
    assert e.path == "/outcome/classified"
    assert "不在平台上申请" in e.message


# --- NC403, NC404: the final accounts add up -------------------------------------------------

def test_spent_one_hundredth_over(applied):
    applied["final_accounts"]["lines"][0]["spent"] = 9.87  # 9.87+4.50+1.18+3.80 = 19.35
    [e] = only(applied, "NC403")
    assert e.path == "/final_accounts/total_spent"
    assert e.message == "项目资金决算表决算数各科目之和为 19.35 万元，与决算数合计 19.34 万元不符（相差 0.01 万元）"


def test_budget_one_hundredth_short(applied):
    applied["final_accounts"]["lines"][1]["budget"] = 4.49  # 10.50+4.49+1.20+3.80 = 19.99
    [e] = only(applied, "NC403")
    assert e.path == "/final_accounts/total_budget"
    assert "19.99" in e.message and "20.00" in e.message


def test_sums_are_exact_not_floating_point(applied):
    # in floating point 0.1 + 0.2 == 0.30000000000000004; in 万元 hundredths it is 0.30
    applied["final_accounts"] = {"lines": [{"item": "业务费", "budget": 0.1, "spent": 0.1},
                                           {"item": "劳务费", "budget": 0.2, "spent": 0.2}],
                                 "total_budget": 0.3, "total_spent": 0.3, "balance": 0}
    assert not only(applied, "NC403") and not only(applied, "NC404")


@pytest.mark.parametrize("balance, flagged", [(0.66, False), (0.67, True), (0.65, True), (-0.66, True)])
def test_balance_is_budget_minus_spent(applied, balance, flagged):
    applied["final_accounts"]["balance"] = balance  # 20.00 − 19.34 = 0.66
    got = only(applied, "NC404")
    assert bool(got) is flagged
    if flagged:
        assert "应为 0.66 万元" in got[0].message


def test_three_decimals_are_a_schema_error(applied):
    applied["final_accounts"]["lines"][0]["spent"] = 9.865
    got = [f for f in findings(applied) if f.path == "/final_accounts/lines/0/spent"]
    assert [f.code for f in got] == ["S011"]
    assert "最多保留 2 位小数" in got[0].message


# --- NC301, NC302: withdraw, edit, resubmit (001 五.1, 五.2) ----------------------------------

def _history(*statuses):
    return [{"status": s, "date": f"2024-03-{i + 1:02d}"} for i, s in enumerate(statuses)]


@pytest.mark.parametrize("statuses", [
    ("草稿", "已提交"),
    ("草稿", "已提交", "已撤回", "已提交"),               # 撤回修改
    ("草稿", "已提交", "不通过", "已提交", "审批通过"),     # edit after 不通过 and resubmit
    ("草稿", "已提交", "不受理", "已提交"),               # the same after 不受理
])
def test_allowed_paths(applied, statuses):
    applied["status_history"] = _history(*statuses)
    applied["status"] = statuses[-1]
    assert not only(applied, "NC301") and not only(applied, "NC302")


@pytest.mark.parametrize("statuses, bad_index, before, after", [
    (("草稿", "已提交", "审批通过", "已撤回"), 3, "审批通过", "已撤回"),  # no withdrawal once approved
    (("草稿", "审批通过"), 1, "草稿", "审批通过"),                      # a draft was never reviewed
    (("草稿", "已提交", "不通过", "审批通过"), 3, "不通过", "审批通过"),  # must be resubmitted first
])
def test_forbidden_steps(applied, statuses, bad_index, before, after):
    applied["status_history"] = _history(*statuses)
    applied["status"] = statuses[-1]
    [e] = only(applied, "NC301")
    assert e.path == f"/status_history/{bad_index}/status"
    assert e.message == f"状态记录第 {bad_index + 1} 项：不能从“{before}”变为“{after}”"


def test_status_must_match_the_last_history_entry(applied):
    applied["status"] = "审批通过"  # history ends with 已提交
    [e] = only(applied, "NC302")
    assert e.message == "申请状态为“审批通过”，但状态记录的最后一项是“已提交”"


def test_submitted_application_needs_its_submission_date(applied):
    del applied["submitted_on"]
    assert [f.path for f in findings(applied) if f.code == "S001"] == ["/submitted_on"]


# --- NC401, NC402: identifiers ------------------------------------------------------------

def test_bad_approval_number_and_credit_code(applied):
    applied["project"]["approval_number"] = "20-BZX"
    applied["project"]["responsible_unit"]["credit_code"] = "12140000405200138Q"  # two digits swapped
    got = {f.code: f.path for f in findings(applied)}
    assert got == {"NC401": "/project/approval_number",
                   "NC402": "/project/responsible_unit/credit_code"}
