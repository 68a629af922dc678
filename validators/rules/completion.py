"""国家社科基金项目结项申请 (nssf-completion): rules NC1xx scope, NC2xx materials, NC3xx the
application's states, NC4xx identifiers and sums.

Source: ``001 五`` (the NSSF platform manual, 申请项目结项). Readings of ambiguous clauses are
written next to the code and repeated in the finding's message or hint.
"""
from __future__ import annotations

from validators.catalogue import ERROR, WARNING, Violation, rule
from validators.rules._common import attachment_types, get
from validators.rules._nssf import approval_number_rule, credit_code_rule, line_sum, money, yuan

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


@rule("NC101", name="project-not-in-research", kind=KIND, severity=ERROR,
      message="项目状态为“{status}”，只有“在研”项目可以申请结项",
      message_en="the project is '{status}'; only a project in research may apply for completion",
      source="001 五.1",
      hint="请核对项目状态；已结项、终止或撤项的项目不能申请结项。",
      why="项目状态为“在研”的项目，可以由项目负责人提出项目结项的申请（001 五.1）。")
def project_not_in_research(record, ctx):
    status = record.get("project", {}).get("status")
    if status is not None and status != "在研":
        yield Violation("/project/status", status=status)


@rule("NC102", name="classified-outcome-online", kind=KIND, severity=ERROR,
      message="成果涉密，不在平台上申请结项",
      message_en="the outcome is classified; it is not handled on the platform",
      source="001 五（温馨提示）",
      hint="涉密成果请按照涉密程序上报纸质审批书审批，不要在线提交。",
      why="如果证明材料是领导批示等同于成果涉密，不在平台上申请，按照涉密程序上报纸质审批书审批（001 五 温馨提示）。")
def classified_outcome_online(record, ctx):
    if record.get("outcome", {}).get("classified") is True:
        yield Violation("/outcome/classified")


@rule("NC103", name="leader-instruction-online", kind=KIND, severity=ERROR,
      message="附件“{file}”是领导批示；以领导批示为证明材料等同于成果涉密，不在平台上申请",
      message_en="attachment '{file}' is a leader's instruction; that counts as classified and is not handled online",
      source="001 五（温馨提示）",
      hint="请删除该附件，按照涉密程序上报纸质审批书审批。（本系统对任何材料类型为“领导批示”的附件都作此提示，不论是否作为免于鉴定证明材料。）",
      why="如选择鉴定成果形式为免于鉴定，需上传申请免于鉴定的证明材料，但如果证明材料是领导批示等同于成果涉密，不在平台上申请，按照涉密程序上报纸质审批书审批（001 五 温馨提示）。")
def leader_instruction_online(record, ctx):
    # Reading: the tip is about proof material, but a 领导批示 uploaded for any reason is the
    # same classified content, so every such attachment is flagged.
    for i, a in enumerate(record.get("attachments", [])):
        if isinstance(a, dict) and a.get("document_type") == LEADER_INSTRUCTION:
            yield Violation(f"/attachments/{i}/document_type", file=a.get("file_name", ""))


@rule("NC201", name="missing-expense-ledger", kind=KIND, severity=ERROR,
      message="未上传经费明细账附件（平台提示：“请先上传经费明细账附件再提交！”）",
      message_en="no expense ledger (经费明细账) attached; the platform refuses to submit without it",
      source="001 五.1",
      hint="请上传材料类型为“经费明细账”的附件后再提交。草稿阶段为警告，提交后为错误。",
      why="如果没有上传明细账，会提示“请先上传经费明细账附件再提交！”上传之后，再点击提交，完成申请项目结项（001 五.1）。")
def missing_expense_ledger(record, ctx):
    if LEDGER not in attachment_types(record):
        draft = record.get("status") == "草稿"
        yield Violation("/attachments", severity=WARNING if draft else None)


@rule("NC202", name="missing-exemption-proof", kind=KIND, severity=ERROR,
      message="鉴定方式为“免于鉴定”，但未上传申请免于鉴定的证明材料",
      message_en="免于鉴定 (exemption from appraisal) is chosen but no proof material is attached",
      source="001 五（温馨提示）",
      hint="请上传材料类型为“免于鉴定证明材料”的附件，或改选通讯鉴定、会议鉴定。",
      why="如选择鉴定成果形式为免于鉴定，需上传申请免于鉴定的证明材料（001 五 温馨提示）。")
def missing_exemption_proof(record, ctx):
    if record.get("appraisal", {}).get("mode") != "免于鉴定":
        return
    kinds = attachment_types(record)
    # a 领导批示 is proof too, but NC103 already sends it to the paper route
    if EXEMPTION_PROOF not in kinds and LEADER_INSTRUCTION not in kinds:
        yield Violation("/attachments")


@rule("NC301", name="status-change-not-allowed", kind=KIND, severity=ERROR,
      message="状态记录第 {n} 项：不能从“{before}”变为“{after}”",
      message_en="status history item {n}: '{before}' cannot become '{after}'",
      source="001 五.1、五.2",
      hint="“{before}”之后只能是：{allowed}。未审批通过前可“撤回修改”；不通过或不受理后可修改再提交；审批通过后不能撤回。",
      why="如果对结项信息填写有误，点击“撤回修改”操作（001 五.1）；当不通过或不受理，项目负责人编辑修改结项信息，再次提交各级单位审核（001 五.2）。")
def status_change_not_allowed(record, ctx):
    history = [e for e in record.get("status_history", []) if isinstance(e, dict)]
    for i in range(1, len(history)):
        before, after = history[i - 1].get("status"), history[i].get("status")
        if before in ALLOWED_NEXT and after not in ALLOWED_NEXT[before]:
            yield Violation(f"/status_history/{i}/status", n=i + 1, before=before, after=after,
                            allowed=list(ALLOWED_NEXT[before]) or ["（无，已是最终状态）"])


@rule("NC302", name="status-disagrees-with-history", kind=KIND, severity=ERROR,
      message="申请状态为“{status}”，但状态记录的最后一项是“{last}”",
      message_en="status '{status}' differs from the last status history item '{last}'",
      source="001 五.2",
      hint="请使申请状态与状态记录的最后一项一致。",
      why="“结项项目列表”显示的审核状态就是最近一次状态变化的结果（001 五.2）。")
def status_disagrees_with_history(record, ctx):
    history = [e for e in record.get("status_history", []) if isinstance(e, dict)]
    if history and history[-1].get("status") != record.get("status"):
        yield Violation("/status", status=record.get("status"), last=history[-1].get("status"))


def responsible_unit(record):
    yield "/project/responsible_unit", get(record, "project", "responsible_unit")


invalid_approval_number = approval_number_rule("NC401", KIND, "001 五", "结项申请")
invalid_credit_code = credit_code_rule("NC402", KIND, responsible_unit)


@rule("NC403", name="final-accounts-total-mismatch", kind=KIND, severity=ERROR,
      message="项目资金决算表{column}各科目之和为 {sum} 万元，与{column}合计 {total} 万元不符（相差 {diff} 万元）",
      message_en="final accounts: the {column_en} lines add up to {sum}, not the total {total}",
      source="001 五.1（项目资金决算表）",
      hint="请核对各科目{column}，使其之和等于{column}合计。",
      why="项目资金决算表的合计应等于各科目之和；提交时平台会对所填信息进行校验。")
def final_accounts_total_mismatch(record, ctx):
    accounts = record.get("final_accounts", {})
    for field, column, column_en in (("budget", "预算数", "budget"), ("spent", "决算数", "spent")):
        s, total = line_sum(accounts.get("lines"), field), money(accounts, f"total_{field}")
        if s is not None and total is not None and s != total:
            yield Violation(f"/final_accounts/total_{field}", column=column, column_en=column_en,
                            sum=yuan(s), total=yuan(total), diff=yuan(abs(s - total)))


@rule("NC404", name="final-accounts-balance-mismatch", kind=KIND, severity=ERROR,
      message="结余 {balance} 万元不等于预算合计 {budget} 减决算合计 {spent}（应为 {expected} 万元）",
      message_en="balance {balance} is not total budget {budget} minus total spent {spent} ({expected})",
      source="001 五.1（项目资金决算表）",
      hint="结余 = 预算合计 − 决算合计 = {expected} 万元。",
      why="结余是预算与实际支出之差。")
def final_accounts_balance_mismatch(record, ctx):
    accounts = record.get("final_accounts", {})
    balance, budget, spent = (money(accounts, k) for k in ("balance", "total_budget", "total_spent"))
    if None not in (balance, budget, spent) and balance != budget - spent:
        yield Violation("/final_accounts/balance", balance=yuan(balance), budget=yuan(budget),
                        spent=yuan(spent), expected=yuan(budget - spent))
