"""国家社科基金项目结项申请 (nssf-completion): rules NC1xx scope, NC2xx materials, NC3xx the
application's states, NC4xx identifiers and sums.

Source: ``001 五`` (the NSSF platform manual, 申请项目结项). Readings of ambiguous clauses are
written next to the code and repeated in the finding's message or hint.
"""
from __future__ import annotations

from validators.catalogue import WARNING, Violation, rule
from validators.money import line_sum, money, yuan
from validators.record import attachment_types, get
from validators.rules._nssf import (
    approval_number_violations,
    credit_code_violations,
    unusual_approval_number_violations,
)

KIND = "nssf-completion"
LEDGER = "经费明细账"
EXEMPTION_PROOF = "免于鉴定证明材料"
LEADER_INSTRUCTION = "领导批示"

# 001 五.1: "撤回修改" while the application is not yet decided; 001 五.2: after 不通过 or 不受理
# the applicant edits and submits again. 审批通过 is final.
ALLOWED_NEXT = {
    "草稿": ("已提交",),
    "已提交": ("已撤回", "不通过", "不受理", "审批通过"),
    "已撤回": ("已提交",),
    "不通过": ("已提交",),
    "不受理": ("已提交",),
    "审批通过": (),
}


@rule("NC101")
def project_not_in_research(record, context):
    status = record.get("project", {}).get("status")
    if status is not None and status != "在研":
        yield Violation("/project/status", status=status)


@rule("NC102")
def classified_outcome_online(record, context):
    if record.get("outcome", {}).get("classified") is True:
        yield Violation("/outcome/classified")


@rule("NC103")
def leader_instruction_online(record, context):
    # Reading: the tip is about proof material, but a 领导批示 uploaded for any reason is the
    # same classified content, so every such attachment is flagged.
    for i, a in enumerate(record.get("attachments", [])):
        if isinstance(a, dict) and a.get("document_type") == LEADER_INSTRUCTION:
            yield Violation(f"/attachments/{i}/document_type", file=a.get("file_name", ""))


@rule("NC201")
def missing_expense_ledger(record, context):
    if LEDGER not in attachment_types(record):
        draft = record.get("status") == "草稿"
        yield Violation("/attachments", severity=WARNING if draft else None)


@rule("NC202")
def missing_exemption_proof(record, context):
    if record.get("appraisal", {}).get("mode") != "免于鉴定":
        return
    kinds = attachment_types(record)
    # a 领导批示 is proof too, but NC103 already sends it to the paper route
    if EXEMPTION_PROOF not in kinds and LEADER_INSTRUCTION not in kinds:
        yield Violation("/attachments")


@rule("NC301")
def status_change_not_allowed(record, context):
    history = [e for e in record.get("status_history", []) if isinstance(e, dict)]
    for i in range(1, len(history)):
        before, after = history[i - 1].get("status"), history[i].get("status")
        if before in ALLOWED_NEXT and after not in ALLOWED_NEXT[before]:
            yield Violation(f"/status_history/{i}/status", n=i + 1, before=before, after=after,
                            allowed=list(ALLOWED_NEXT[before]) or ["（无，已是最终状态）"])


@rule("NC302")
def status_disagrees_with_history(record, context):
    history = [e for e in record.get("status_history", []) if isinstance(e, dict)]
    if history and history[-1].get("status") != record.get("status"):
        yield Violation("/status", status=record.get("status"), last=history[-1].get("status"))


def responsible_unit(record):
    yield "/project/responsible_unit", get(record, "project", "responsible_unit")


@rule("NC401")
def invalid_approval_number(record, context):
    yield from approval_number_violations(record)


@rule("NC405")
def unusual_approval_number(record, context):
    yield from unusual_approval_number_violations(record)


@rule("NC402")
def invalid_credit_code(record, context):
    yield from credit_code_violations(responsible_unit(record))


@rule("NC403")
def final_accounts_total_mismatch(record, context):
    accounts = record.get("final_accounts", {})
    for field, column, column_en in (("budget", "预算数", "budget"), ("spent", "决算数", "spent")):
        s, total = line_sum(accounts.get("lines"), field), money(accounts, f"total_{field}")
        if s is not None and total is not None and s != total:
            yield Violation(f"/final_accounts/total_{field}", column=column, column_en=column_en,
                            sum=yuan(s), total=yuan(total), diff=yuan(abs(s - total)))


@rule("NC404")
def final_accounts_balance_mismatch(record, context):
    accounts = record.get("final_accounts", {})
    balance, budget, spent = (money(accounts, k) for k in ("balance", "total_budget", "total_spent"))
    if None not in (balance, budget, spent) and balance != budget - spent:
        yield Violation("/final_accounts/balance", balance=yuan(balance), budget=yuan(budget),
                        spent=yuan(spent), expected=yuan(budget - spent))
