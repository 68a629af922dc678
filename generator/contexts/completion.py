"""国家社会科学基金项目结项审批书 (SPEC kind 4, ``001 五``).

The paper counterpart of the platform's “结项申请新增” page: 基础信息, 最终成果, 鉴定方式
(免于鉴定 with its 证明材料), 课题组主要成员, 主要阶段性成果, 申请回避鉴定的专家, 项目资金决算表
with the 经费明细账 it rests on ("请先上传经费明细账附件再提交！"), the uploaded 附件, the
审核记录, and the opinion boxes of 责任单位, 省级社科管理部门 and 全国社科工作办 with room for
signature, seal and date.

Money is 万元 with two decimals. The 合计 row and every 结余 are computed here, with
:class:`~decimal.Decimal`, from the lines of the 决算表 (the template only places them); where
the record's own totals disagree (a draft, since NC403/NC404 refuse it otherwise) the form says
so under the table.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.contexts import ContinuedOnAttachments, get, h, nssf_project_header
from generator.paper import (
    BLANK_DATE,
    Attachments,
    Continuation,
    box_text,
    checkbox,
    cn_date,
    decimal,
    difference,
    exact_sum,
    money,
    yes_no,
)

APPRAISAL_MODES = ("通讯鉴定", "会议鉴定", "免于鉴定")
EXEMPT = "免于鉴定"
LEDGER = "经费明细账"
EXEMPTION_PROOF = "免于鉴定证明材料"

#: How many characters of each printed field fit its box on the form (for a table: how many
#: rows; for a row's field: "RowClass.field"). A text longer than its box is cut at a clause and
#: continues on an 附页; a name, unit name or number is never cut: its box grows a line, and
#: one longer than its capacity goes whole to an 附页 (generator.paper.Attachments).
FIELD_CAPACITY = {
    "form_title": 24,
    # 基础信息 (and the cover): a 3/8-width box holds two lines of 20, a 7/8-width one 60
    "approval_number": 20, "title": 120, "category": 12, "discipline": 30, "pi_name": 30,
    "pi_gender": 2, "pi_birth_month": 10, "pi_title": 20, "pi_unit": 60, "pi_contact": 60,
    "responsible_unit": 60, "responsible_unit_credit_code": 24, "province": 12,
    "project_status": 8, "approved_on": 12, "planned_end_date": 12, "funding": 16,
    "outcome_title": 120, "outcome_form": 60, "word_count": 8, "completed_on": 12,
    "classified": 2, "appraisal_choice": 30,
    "exemption_reason": 300,       # 申请免于鉴定理由: about 7 lines of its box
    "exemption_proof": 120,
    "experts": 10, "experts_note": 30,    # the schema allows at most 10
    "ExpertRow.no": 4, "ExpertRow.name": 24, "ExpertRow.unit": 60, "ExpertRow.reason": 60,
    "members": 15, "members_note": 30,
    "MemberRow.no": 4, "MemberRow.name": 24, "MemberRow.title": 20, "MemberRow.unit": 60,
    "MemberRow.role": 60,
    "outcomes": 15, "outcomes_note": 30,
    "OutcomeRow.no": 4, "OutcomeRow.title": 60, "OutcomeRow.form": 8, "OutcomeRow.authors": 60,
    "OutcomeRow.published_in": 60, "OutcomeRow.published_on": 10,
    "accounts": 12, "AccountRow.no": 4, "AccountRow.item": 30, "AccountRow.budget": 16,
    "AccountRow.spent": 16, "AccountRow.balance": 16,
    "accounts_total_budget": 16, "accounts_total_spent": 16, "accounts_balance": 16,
    "accounts_check": 200, "ledger": 120,
    "attachments": 15, "attachments_note": 30,
    "AttachmentRow.no": 4, "AttachmentRow.document_type": 16, "AttachmentRow.file_name": 60,
    "AttachmentRow.pages": 6, "AttachmentRow.stamped": 4,
    "status": 12, "submitted_on": 12,
    "history": 12, "history_note": 30,
    "HistoryRow.no": 4, "HistoryRow.date": 12, "HistoryRow.status": 12, "HistoryRow.note": 60,
}
CAP = FIELD_CAPACITY

ACCOUNTS_NOTE = "合计为各科目之和，结余 = 预算数 − 决算数（由系统按所填各科目计算）"


@dataclass(frozen=True)
class MemberRow:
    no: str = h("序号")
    name: str = h("姓名")
    title: str = h("专业职务（职称）")
    unit: str = h("工作单位")
    role: str = h("分工")


@dataclass(frozen=True)
class OutcomeRow:
    no: str = h("序号")
    title: str = h("成果名称")
    form: str = h("成果形式")
    authors: str = h("作者")
    published_in: str = h("发表刊物或出版社")
    published_on: str = h("发表或出版时间，如 2022年5月")


@dataclass(frozen=True)
class ExpertRow:
    no: str = h("序号")
    name: str = h("专家姓名")
    unit: str = h("工作单位")
    reason: str = h("回避理由")


@dataclass(frozen=True)
class AccountRow:
    no: str = h("序号")
    item: str = h("支出科目")
    budget: str = h("预算数（万元，两位小数）")
    spent: str = h("决算数（万元，两位小数）")
    balance: str = h("结余（万元）= 预算数 − 决算数，由程序计算")


@dataclass(frozen=True)
class AttachmentRow:
    no: str = h("序号")
    document_type: str = h("材料类型")
    file_name: str = h("文件名")
    pages: str = h("页数")
    stamped: str = h("是否盖章：已盖章 / 空")


@dataclass(frozen=True)
class HistoryRow:
    no: str = h("序号")
    date: str = h("日期，如 2025年7月10日")
    status: str = h("变化后的申请状态")
    note: str = h("审核意见或操作说明")


@dataclass(frozen=True)
class CompletionContext(ContinuedOnAttachments):
    form_title: str = h("表名：国家社会科学基金项目结项审批书")
    approval_number: str = h("项目批准号")
    title: str = h("项目名称")
    category: str = h("项目类别")
    discipline: str = h("学科分类")
    pi_name: str = h("项目负责人姓名")
    pi_gender: str = h("项目负责人性别")
    pi_birth_month: str = h("项目负责人出生年月，如 1972年5月")
    pi_title: str = h("项目负责人专业职务（职称）")
    pi_unit: str = h("项目负责人工作单位")
    pi_contact: str = h("项目负责人联系电话、电子邮箱")
    responsible_unit: str = h("责任单位")
    responsible_unit_credit_code: str = h("责任单位统一社会信用代码")
    province: str = h("所在省（区、市）")
    project_status: str = h("项目状态（只有“在研”项目可以申请结项）")
    approved_on: str = h("立项时间，如 2020年9月15日")
    planned_end_date: str = h("计划完成时间")
    funding: str = h("资助金额（万元，两位小数）")
    outcome_title: str = h("最终成果名称")
    outcome_form: str = h("最终成果形式")
    word_count: str = h("字数（千字）")
    completed_on: str = h("成果完成时间")
    classified: str = h("成果是否涉密：是 / 否")
    appraisal_choice: str = h("鉴定方式勾选，如 ■通讯鉴定　□会议鉴定　□免于鉴定")
    exemption_reason: str = h("申请免于鉴定理由；未申请免于鉴定时为空；超出部分见附页")
    exemption_proof: str = h("免于鉴定证明材料（附件文件名与页数），未申请免于鉴定时为空，或“未上传”")
    experts: tuple = h("申请回避鉴定的专家（ExpertRow）")
    experts_note: str = h("回避专家的人数（无专家时为空）或附页说明")
    members: tuple = h("课题组主要成员（MemberRow，不含项目负责人）")
    members_note: str = h("成员人数（无成员时为空）或附页说明")
    outcomes: tuple = h("主要阶段性成果（OutcomeRow）")
    outcomes_note: str = h("阶段性成果项数（无成果时为空）或附页说明")
    accounts: tuple = h("项目资金决算表各科目（AccountRow）")
    accounts_total_budget: str = h("预算合计（万元）：各科目预算数之和，由程序计算")
    accounts_total_spent: str = h("决算合计（万元）：各科目决算数之和，由程序计算")
    accounts_balance: str = h("结余合计（万元）：预算合计 − 决算合计，由程序计算")
    accounts_check: str = h("合计与结余的算法说明；申请书所填合计或结余与计算结果不符时并列出")
    ledger: str = h("经费明细账附件（文件名、页数、盖章），或未上传的说明")
    attachments: tuple = h("附件清单（AttachmentRow）")
    attachments_note: str = h("附件件数（无附件时为空）或附页说明")
    status: str = h("申请状态")
    submitted_on: str = h("提交日期，如 2025年7月10日；草稿为空白日期")
    history: tuple = h("审核记录（HistoryRow）")
    history_note: str = h("审核记录条数（无记录时为空）或附页说明")
    continuations: tuple[Continuation, ...] = h("附页：表内填写不下的内容")

    @property
    def template(self) -> str:
        return "form"


def _attachment_line(m: dict) -> str:
    extra = [f"{m['pages']} 页"] if m.get("pages") else []
    extra += ["已盖章"] if m.get("stamped") else []
    return box_text(m.get("file_name")) + (f"（{'，'.join(extra)}）" if extra else "")


def _table(a: Attachments, name: str, title: str, rows: list, capacity: int, unit: str,
           line, at: str) -> dict:
    """A table of the form: the rows it holds (the others go to an 附页, one ``line(row)`` each)
    and its note, the count of ``unit`` or the 附页 reference; ``at`` is the record's list."""
    kept, more = a.rows(title, rows, capacity, line, at=at)
    return {name: tuple(kept),
            f"{name}_note": more or (f"共 {len(rows)} {unit}" if rows else "")}


# --- one builder per section of the form: each returns its fields of the context ------------

def _basic_info(record: dict, a: Attachments) -> dict:
    """基础信息: the project, its 项目负责人 and its 责任单位."""
    project = get(record, "project", default={})
    pi = get(project, "principal_investigator", default={})
    return dict(
        form_title="国家社会科学基金项目结项审批书",
        **nssf_project_header(project, a, CAP),
        category=a.name("项目类别", project.get("category"), CAP["category"], at="/project/category"),
        discipline=a.name("学科分类", project.get("discipline"), CAP["discipline"],
                          at="/project/discipline"),
        pi_gender=box_text(pi.get("gender")),
        pi_birth_month=cn_date(pi.get("birth_month")),
        project_status=a.name("项目状态", project.get("status"), CAP["project_status"],
                              at="/project/status"),
        approved_on=cn_date(project.get("approved_on")),
        planned_end_date=cn_date(project.get("planned_end_date")),
        funding=a.name("资助金额", money(project.get("funding")), CAP["funding"], blank="",
                       at="/project/funding"),
    )


def _final_outcome(record: dict, a: Attachments) -> dict:
    """最终成果."""
    outcome = get(record, "outcome", default={})
    word_count = outcome.get("word_count")
    return dict(
        outcome_title=a.text("最终成果名称", outcome.get("title"), CAP["outcome_title"],
                             at="/outcome/title"),
        outcome_form=a.text("最终成果形式", outcome.get("form"), CAP["outcome_form"],
                            at="/outcome/form"),
        word_count=a.name("字数", word_count, CAP["word_count"], blank="",
                          at="/outcome/word_count"),
        completed_on=cn_date(outcome.get("completed_on")),
        classified=yes_no(outcome.get("classified")),
    )


def _appraisal(record: dict, a: Attachments) -> dict:
    """鉴定方式, and for 免于鉴定 its 理由 and 证明材料."""
    appraisal = get(record, "appraisal", default={})
    mode = appraisal.get("mode")
    if mode == EXEMPT:
        files = get(record, "attachments", default=[])
        proofs = [m for m in files if m.get("document_type") == EXEMPTION_PROOF]
        exemption_reason = a.text("申请免于鉴定理由", appraisal.get("exemption_reason"),
                                  CAP["exemption_reason"], at="/appraisal/exemption_reason")
        exemption_proof = a.text(EXEMPTION_PROOF, "；".join(_attachment_line(m) for m in proofs)
                                 or "未上传（选择免于鉴定须上传证明材料）", CAP["exemption_proof"],
                                 at="/attachments")
    else:
        exemption_reason = exemption_proof = ""
    return dict(appraisal_choice=checkbox(APPRAISAL_MODES, mode),
                exemption_reason=exemption_reason, exemption_proof=exemption_proof)


def _members(record: dict, a: Attachments) -> dict:
    """课题组主要成员."""
    people = get(record, "members", default=[])
    rows = [MemberRow(str(i), a.name(f"成员 {i} 姓名", p.get("name"), CAP["MemberRow.name"],
                                     at=f"/members/{i - 1}/name"),
                      a.name(f"成员 {i} 专业职务", p.get("title"), CAP["MemberRow.title"], blank="",
                             at=f"/members/{i - 1}/title"),
                      a.name(f"成员 {i} 工作单位", p.get("unit"), CAP["MemberRow.unit"],
                             at=f"/members/{i - 1}/unit"),
                      a.text(f"成员 {i} 分工", p.get("role"), CAP["MemberRow.role"],
                             at=f"/members/{i - 1}/role")
                      if box_text(p.get("role")).strip() else "")
            for i, p in enumerate(people, 1)]
    return _table(
        a, "members", "课题组主要成员", rows, CAP["members"], "人",
        lambda r: f"{r.no}. {r.name}，{r.title}，{r.unit}" + (f"；分工：{r.role}" if r.role else ""),
        "/members")


def _cells(a: Attachments, title: str, item: dict, at: str, fields) -> list[str]:
    """A row's cells, each ``(how, label, key, cap)``: through ``a.text`` or ``a.name`` with the
    capacity of ``CAP[cap]``, named ``title label`` and pointed at ``at/key``."""
    return [getattr(a, how)(f"{title} {label}", item.get(key), CAP[cap], at=f"{at}/{key}")
            for how, label, key, cap in fields]


OUTCOME_CELLS = (("text", "名称", "title", "OutcomeRow.title"),
                 ("name", "形式", "form", "OutcomeRow.form"),
                 ("text", "作者", "authors", "OutcomeRow.authors"),
                 ("name", "发表刊物或出版社", "published_in", "OutcomeRow.published_in"))
EXPERT_CELLS = (("name", "姓名", "name", "ExpertRow.name"),
                ("name", "工作单位", "unit", "ExpertRow.unit"),
                ("text", "回避理由", "reason", "ExpertRow.reason"))


def _interim_outcomes(record: dict, a: Attachments) -> dict:
    """主要阶段性成果."""
    outcomes = get(record, "interim_outcomes", default=[])
    rows = [OutcomeRow(str(i), *_cells(a, f"阶段性成果 {i}", o, f"/interim_outcomes/{i - 1}",
                                       OUTCOME_CELLS), cn_date(o.get("published_on")))
            for i, o in enumerate(outcomes, 1)]
    return _table(
        a, "outcomes", "主要阶段性成果", rows, CAP["outcomes"], "项",
        lambda r: f"{r.no}. {r.title}（{r.form}），{r.authors}，{r.published_in}，{r.published_on}",
        "/interim_outcomes")


def _avoided_experts(record: dict, a: Attachments) -> dict:
    """申请回避鉴定的专家."""
    experts = get(record, "avoided_experts", default=[])
    rows = [ExpertRow(str(i), *_cells(a, f"回避专家 {i}", e, f"/avoided_experts/{i - 1}",
                                      EXPERT_CELLS))
            for i, e in enumerate(experts, 1)]
    return _table(a, "experts", "申请回避鉴定的专家", rows, CAP["experts"], "人",
                  lambda r: f"{r.no}. {r.name}，{r.unit}；理由：{r.reason}", "/avoided_experts")


def _accounts_check(declared: dict, computed: dict) -> str:
    """The rule of the 合计 and 结余, then every total the record states otherwise."""
    check = [ACCOUNTS_NOTE]
    for label, key in (("预算合计", "total_budget"), ("决算合计", "total_spent"),
                       ("结余", "balance")):
        value = decimal(declared.get(key))
        if value is not None and computed[key] is not None and value != computed[key]:
            check.append(f"申请书所填{label}为 {money(value)} 万元，按各科目计算应为 "
                         f"{money(computed[key])} 万元")
    return "；".join(check)


def _final_accounts(record: dict, a: Attachments) -> dict:
    """项目资金决算表: exact sums of the lines; 结余 = 预算 − 决算, per line and in total; and
    the 经费明细账 it rests on."""
    lines = get(record, "final_accounts", "lines", default=[])
    budgets = [decimal(x.get("budget")) for x in lines]
    spents = [decimal(x.get("spent")) for x in lines]
    # no lines at all: the totals stay blank rather than print 0.00
    totals = dict(total_budget=exact_sum(budgets) if budgets else None,
                  total_spent=exact_sum(spents) if spents else None)
    totals["balance"] = difference(totals["total_budget"], totals["total_spent"])
    files = get(record, "attachments", default=[])
    ledgers = [m for m in files if m.get("document_type") == LEDGER]
    at = "/final_accounts/lines/{}/{}".format
    rows = [AccountRow(str(i), a.name(f"决算科目 {i}", x.get("item"), CAP["AccountRow.item"],
                                      at=at(i - 1, "item")),
                       a.name(f"决算科目 {i} 预算数", money(b), CAP["AccountRow.budget"], blank="",
                              at=at(i - 1, "budget")),
                       a.name(f"决算科目 {i} 决算数", money(s), CAP["AccountRow.spent"], blank="",
                              at=at(i - 1, "spent")),
                       money(difference(b, s)))
            for i, (x, b, s) in enumerate(zip(lines, budgets, spents), 1)]
    kept, more = a.rows("项目资金决算表", rows, CAP["accounts"],
                        lambda r: f"{r.no}. {r.item}：预算 {r.budget}，决算 {r.spent}，结余 {r.balance}",
                        at="/final_accounts/lines")
    return dict(
        accounts=tuple(kept) + ((AccountRow("", more, "", "", ""),) if more else ()),
        accounts_total_budget=money(totals["total_budget"]),
        accounts_total_spent=money(totals["total_spent"]),
        accounts_balance=money(totals["balance"]),
        accounts_check=a.text("决算表核对", _accounts_check(get(record, "final_accounts", default={}),
                                                       totals), CAP["accounts_check"], at="/final_accounts"),
        ledger=a.text(LEDGER, "；".join(_attachment_line(m) for m in ledgers)
                      or "未上传（请先上传经费明细账附件再提交）", CAP["ledger"], at="/attachments"),
    )


def _attachments(record: dict, a: Attachments) -> dict:
    """附件清单."""
    files = get(record, "attachments", default=[])
    rows = [AttachmentRow(str(i), a.name(f"附件 {i} 材料类型", m.get("document_type"),
                                         CAP["AttachmentRow.document_type"],
                                         at=f"/attachments/{i - 1}/document_type"),
                          a.name(f"附件 {i} 文件名", m.get("file_name"),
                                 CAP["AttachmentRow.file_name"],
                                 at=f"/attachments/{i - 1}/file_name"),
                          "" if m.get("pages") is None else str(m["pages"]),
                          "已盖章" if m.get("stamped") else "")
            for i, m in enumerate(files, 1)]
    return _table(
        a, "attachments", "附件清单", rows, CAP["attachments"], "件",
        lambda r: f"{r.no}. {r.document_type}：{r.file_name}，{r.pages} 页，{r.stamped}", "/attachments")


def _review_history(record: dict, a: Attachments) -> dict:
    """申请状态 and the 审核记录."""
    events = get(record, "status_history", default=[])
    rows = [HistoryRow(str(i), cn_date(e.get("date")),
                       a.name(f"审核记录 {i} 状态", e.get("status"), CAP["HistoryRow.status"],
                              at=f"/status_history/{i - 1}/status"),
                       a.text(f"审核记录 {i} 说明", e.get("note"), CAP["HistoryRow.note"],
                              at=f"/status_history/{i - 1}/note")
                       if e.get("note") else "")
            for i, e in enumerate(events, 1)]
    return dict(status=a.name("申请状态", record.get("status"), CAP["status"], at="/status"),
                submitted_on=cn_date(record.get("submitted_on")) or BLANK_DATE,
                **_table(a, "history", "审核记录", rows, CAP["history"], "条",
                         lambda r: f"{r.no}. {r.date} {r.status} {r.note}", "/status_history"))


# The 附页 are numbered in the order their cells are filled: the 免于鉴定理由 and the tables have
# always come first, then the cells of 基础信息 and 最终成果.
BUILDERS = (_appraisal, _members, _interim_outcomes, _avoided_experts, _final_accounts,
            _attachments, _review_history, _basic_info, _final_outcome)


def build_context(record: dict) -> CompletionContext:
    a = Attachments()
    fields = {}
    for build in BUILDERS:
        fields.update(build(record, a))
    return CompletionContext(**fields, continuations=tuple(a.items))
