"""国家社会科学基金项目结项审批书: cover page, then 一 to 九 (001 五)."""
from __future__ import annotations

from generator.layout import (
    PI_SIGNATURE,
    C,
    Cell,
    Grid,
    Heading,
    L,
    Layout,
    PageBreak,
    Para,
    Repeat,
    S,
    T,
    V,
    opinion,
    row,
)

W8 = (21.25,) * 8


def _cover() -> tuple:
    return (
        Para("批准号：{{ approval_number }}", "right", "small"),
        Para("\n\n\n", "left"),
        Heading("国家社会科学基金项目", "subtitle"),
        Heading("结 项 审 批 书"),
        Para("\n\n", "left"),
        Grid((40, 130), (
            row(L("项目批准号", height_mm=13), V("{{ approval_number }}")),
            row(L("项目类别", height_mm=13), V("{{ category }}")),
            row(L("学科分类", height_mm=13), V("{{ discipline }}")),
            row(L("项目名称", height_mm=13), V("{{ title }}")),
            row(L("项目负责人", height_mm=13), V("{{ pi_name }}")),
            row(L("责任单位（盖章）", height_mm=13), V("{{ responsible_unit }}")),
            row(L("所在省（区、市）", height_mm=13), V("{{ province }}")),
            row(L("填表日期", height_mm=13), V("{{ submitted_on }}")),
        ), borders=False),
        Para("\n\n\n", "left"),
        Para("全国哲学社会科学工作办公室制", "center", "large"),
        PageBreak(),
    )


def _basics() -> tuple:
    return (
        Heading("一、项目基本情况", "section"),
        Grid(W8, (
            row(L("项目名称"), V("{{ title }}", 7)),
            row(L("批准号"), V("{{ approval_number }}", 2), L("项目类别"), V("{{ category }}"),
                L("学科分类"), V("{{ discipline }}", 2)),
            row(L("项目负责人"), V("{{ pi_name }}"), L("性别"), C("{{ pi_gender }}"),
                L("出生年月"), V("{{ pi_birth_month }}"), L("专业职务"), V("{{ pi_title }}")),
            row(L("工作单位"), V("{{ pi_unit }}", 3), L("联系方式"), V("{{ pi_contact }}", 3)),
            row(L("责任单位"), V("{{ responsible_unit }}", 3), L("统一社会\n信用代码"),
                V("{{ responsible_unit_credit_code }}", 3)),
            row(L("所在省\n（区、市）"), V("{{ province }}", 3), L("项目状态"),
                V("{{ project_status }}", 3)),
            row(L("立项时间"), V("{{ approved_on }}", 2), L("计划完成\n时间"),
                V("{{ planned_end_date }}", 2), L("资助金额\n（万元）"), C("{{ funding }}")),
        )),
        Heading("二、最终成果", "section"),
        Grid(W8, (
            row(L("成果名称"), V("{{ outcome_title }}", 7)),
            row(L("成果形式"), V("{{ outcome_form }}"), L("字数\n（千字）"), C("{{ word_count }}"),
                L("完成时间"), V("{{ completed_on }}", 2), C("涉密：{{ classified }}")),
        )),
        Heading("三、鉴定方式", "section"),
        Grid(W8, (
            row(L("鉴定方式"), V("{{ appraisal_choice }}", 7)),
            row(L("申请免于\n鉴定理由"), T("{{ exemption_reason }}", 7, height_mm=22)),
            row(L("免于鉴定\n证明材料"), V("{{ exemption_proof }}", 7)),
        )),
        Grid((12, 24, 58, 76), (
            row(L("申请回避鉴定的专家", 4)),
            row(C("序号"), C("姓名"), C("工作单位"), C("回避理由")),
            Repeat("e", "experts", (C("{{ e.no }}"), C("{{ e.name }}"), V("{{ e.unit }}"),
                                    V("{{ e.reason }}"))),
            row(V("{{ experts_note }}", 4)),
        ), header_rows=2),
    )


def _people() -> tuple:
    return (
        Heading("四、课题组主要成员（不含项目负责人）", "section"),
        Grid((12, 24, 28, 56, 50), (
            row(C("序号"), C("姓名"), C("专业职务"), C("工作单位"), C("分工")),
            Repeat("m", "members", (C("{{ m.no }}"), C("{{ m.name }}"), C("{{ m.title }}"),
                                    V("{{ m.unit }}"), V("{{ m.role }}"))),
            row(V("{{ members_note }}", 5)),
        ), header_rows=1),
        Heading("五、课题组的主要阶段性成果", "section"),
        Grid((12, 48, 14, 26, 44, 26), (
            row(S("序号"), S("成果名称"), S("形式"), S("作者"), S("发表刊物或出版社"),
                S("发表或出版时间")),
            Repeat("o", "outcomes", (
                S("{{ o.no }}"), Cell("{{ o.title }}", 1, "value small"), S("{{ o.form }}"),
                Cell("{{ o.authors }}", 1, "value small"),
                Cell("{{ o.published_in }}", 1, "value small"), S("{{ o.published_on }}"))),
            row(V("{{ outcomes_note }}", 6)),
        ), header_rows=1),
    )


def _accounts() -> tuple:
    return (
        Heading("六、项目资金决算表（单位：万元）", "section"),
        Grid((12, 68, 30, 30, 30), (
            row(C("序号"), C("支出科目"), C("预算数"), C("决算数"), C("结余")),
            Repeat("x", "accounts", (C("{{ x.no }}"), V("{{ x.item }}"), C("{{ x.budget }}"),
                                     C("{{ x.spent }}"), C("{{ x.balance }}"))),
            row(L("合计", 2), C("{{ accounts_total_budget }}"), C("{{ accounts_total_spent }}"),
                C("{{ accounts_balance }}")),
            row(V("{{ accounts_check }}", 5)),
            row(L("经费明细账", 2), V("{{ ledger }}", 3)),
        ), header_rows=1),
    )


def _files() -> tuple:
    return (
        Heading("七、附件清单", "section"),
        Grid((12, 40, 78, 16, 24), (
            row(C("序号"), C("材料类型"), C("文件名"), C("页数"), C("盖章")),
            Repeat("f", "attachments", (C("{{ f.no }}"), V("{{ f.document_type }}"),
                                        V("{{ f.file_name }}"), C("{{ f.pages }}"),
                                        C("{{ f.stamped }}"))),
            row(V("{{ attachments_note }}", 5)),
        ), header_rows=1),
        Heading("八、审核记录", "section"),
        Grid((12, 38, 34, 86), (
            row(L("申请状态", 2), V("{{ status }}"), V("提交日期：{{ submitted_on }}")),
            row(C("序号"), C("日期"), C("状态"), C("说明")),
            Repeat("r", "history", (C("{{ r.no }}"), C("{{ r.date }}"), C("{{ r.status }}"),
                                    V("{{ r.note }}"))),
            row(V("{{ history_note }}", 4)),
        )),
    )


def _opinions() -> tuple:
    return (
        Heading("九、审核意见", "section"),
        # the project's identity rows travel with the approval boxes to whatever page they land on
        Grid((24, 61, 24, 61), (
            row(L("项目名称"), V("{{ title }}", 3)),
            row(L("批准号"), V("{{ approval_number }}", 3)),
            row(opinion("项目负责人承诺：\n本审批书所填内容属实，与在线填报内容一致。", 2, height_mm=50,
                        blank_lines=3, signature=PI_SIGNATURE),
                opinion("责任单位审核意见：", 2, height_mm=50)),
            row(opinion("省级社科管理部门审核意见：", 2, height_mm=50),
                opinion("全国社科工作办审批意见：", 2, height_mm=50)),
        ), keep=True),
    )


LAYOUTS = {
    "form": Layout("form", "国家社会科学基金项目结项审批书", (
        *_cover(), *_basics(), *_people(), *_accounts(), *_files(), *_opinions())),
}
