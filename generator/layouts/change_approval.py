"""重要事项变更审批表 (国家社会科学基金项目, 001 四): one page, one bordered table.

Project information, the nine change types as a tick list, the change before and after, the
变更理由 with the applicant's signature, then the approval chain side by side: 责任单位 →
省级社科管理部门 → 全国社科工作办, each box with room to sign and stamp.
"""
from __future__ import annotations

from generator.layout import C, Cell, Grid, Heading, L, Layout, Para, Repeat, T, V, opinion, row

# Column edges chosen so that three layouts share one table:
#   label 28 | value 55 | label 30 | value 57          (project information)
#   label 28 | 变更前 70 | 变更后 72                      (the change)
#   责任单位 56.67 | 省级 56.33 | 全国 57                 (the approval chain)
WIDTHS = (28, 28.67, 26.33, 15, 15, 57)


def LS(text: str, span: int = 1) -> Cell:
    """A label in small type (the long official labels, kept to one line)."""
    return Cell(text, span, "label small")


# Ideographic spaces push the signature and the date of a box towards its right edge; the
# opinion above them reads from the left as usual (the box is top-aligned).
PAD = "　" * 3
REASON_PAD = "　" * 14
UNIT_SIGNATURE = "负责人（签字）：　　　　　　（盖章）\n" + "　" * 12 + "年　　月　　日"


def _opinion(title: str, field: str, span: int) -> Cell:
    """One level's box: its title, what it decides, its decision and opinion, then signature,
    seal and date (the signer's name on a line of its own, so a long one never breaks the
    line; the context indents it like the lines below when it fits: signer_line). The title is inside the box so that a page break never parts the two."""
    return T(f"{title}：\n"
             f"{{{{ {field}.note }}}}\n"
             f"审核结论：{{{{ {field}.decision }}}}\n"
             f"审核意见：{{{{ {field}.opinion }}}}\n"
             "\n"
             "负责人（签字）：\n"
             f"{{{{ {field}.signer }}}}\n"        # indented by the context when it fits
             f"{PAD}（盖章）\n"
             f"{PAD}{{{{ {field}.date }}}}", span, height_mm=56)


LAYOUT = Layout("change_approval", "国家社会科学基金项目重要事项变更审批表", (
    Heading("国家社会科学基金项目重要事项变更审批表"),
    Para("申请编号：{{ request_id }}　　提交日期：{{ submitted_on }}　　申请状态：{{ status }}",
         "right", "small"),
    # 项目名称 and 批准号 head every page of the table, so the approval chain never stands on a
    # page that does not say whose it is (PDF; the DOCX's page footer names the project)
    Grid(WIDTHS, header_rows=2, docx_repeats_header=False, rows=(
        row(L("项目名称"), V("{{ project_title }}", 5)),
        row(L("批准号"), V("{{ approval_number }}", 2), L("项目类别", 2), V("{{ category }}")),
        row(L("学科分类"), V("{{ discipline }}", 2), LS("所在省（区、市）", 2),
            V("{{ province }}")),
        row(L("项目负责人"), V("{{ pi_name }}", 2), L("职称", 2), V("{{ pi_title }}")),
        row(L("工作单位"), V("{{ pi_unit }}", 2), L("联系方式", 2), V("{{ pi_contact }}")),
        row(L("责任单位"), V("{{ unit_name }}", 2), LS("统一社会信用代码", 2),
            V("{{ unit_credit_code }}")),
        row(L("成果形式"), V("{{ outcome_form }}", 2), L("计划完成时间", 2),
            V("{{ planned_end_date }}")),
        row(L("课题组成员"), V("{{ members }}", 5)),
        row(L("变更事项\n（单选）"),
            V("{{ type_lines[0] }}\n{{ type_lines[1] }}\n{{ type_lines[2] }}", 5)),
        row(L("生效方式"), V("{{ effect_note }}", 5)),
        # the header only when there are rows under it (研究内容有重大调整 has none)
        Repeat("hd", "change_header", (L("变更内容"), C("变更前", 3), C("变更后", 2))),
        Repeat("c", "changes", (L("{{ c.item }}"), V("{{ c.before }}", 3),
                                V("{{ c.after }}", 2))),
        Repeat("d", "adjustments", (L("调整内容说明"), T("{{ d.text }}", 5))),
        row(L("变更理由"),
            T("{{ reason }}\n\n\n" + REASON_PAD + "项目负责人（签字）：　　　　　　年　　月　　日", 5)),
        Repeat("n", "new_pi_signature", (L("新项目负责人\n意见"), T(
            "同意接任本项目负责人（{{ n }}），履行项目负责人职责。\n\n"
            + REASON_PAD + "新项目负责人（签字）：　　　　　　年　　月　　日", 5))),
        Repeat("u", "unit_transfer", (
            opinion("原责任单位意见：{{ u[0] }}", 3, height_mm=24, blank_lines=1,
                    signature=UNIT_SIGNATURE),
            opinion("接收单位意见：{{ u[1] }}", 3, height_mm=24, blank_lines=1,
                    signature=UNIT_SIGNATURE))),
        row(_opinion("责任单位意见", "unit", 2),
            _opinion("省级社科管理部门意见", "province_office", 3),
            _opinion("全国社科工作办审批意见", "national", 1)),
    )),
))

LAYOUTS = {"change_approval": LAYOUT}
