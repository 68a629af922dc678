"""国家社会科学基金项目预算调整申请表: 一 to 六 (001 六)."""
from __future__ import annotations

from generator.layout import (
    PI_SIGNATURE,
    C,
    Cell,
    Grid,
    Heading,
    L,
    Layout,
    Para,
    Repeat,
    S,
    T,
    V,
    opinion,
    row,
)

W8 = (21.25,) * 8


def _small(text: str) -> Cell:
    return Cell(text, 1, "value small")


LAYOUTS = {
    "form": Layout("form", "国家社会科学基金项目预算调整申请表", (
        Heading("国家社会科学基金项目", "subtitle"),
        Heading("预算调整申请表"),
        Para("批准号：{{ approval_number }}　　申请状态：{{ status }}　　提交日期：{{ submitted_on }}",
             "right", "small"),
        Heading("一、基本信息", "section"),
        Grid(W8, (
            row(L("项目名称"), V("{{ title }}", 7)),
            row(L("批准号"), V("{{ approval_number }}", 3), L("所在省\n（区、市）"),
                V("{{ province }}", 3)),
            row(L("项目负责人"), V("{{ pi_name }}"), L("专业职务"), V("{{ pi_title }}"),
                L("联系方式"), V("{{ pi_contact }}", 3)),
            row(L("工作单位"), V("{{ pi_unit }}", 7)),
            row(L("责任单位"), V("{{ responsible_unit }}", 3), L("统一社会\n信用代码"),
                V("{{ responsible_unit_credit_code }}", 3)),
        )),
        Heading("二、经费总额（单位：万元）", "section"),
        Grid((34, 28, 28, 28, 52), (
            row(C("经费项目"), C("调整前"), C("调整后"), C("增减"), C("说明")),
            Repeat("s", "summary", (L("{{ s.item }}"), C("{{ s.before }}"), C("{{ s.after }}"),
                                    C("{{ s.change }}"), V("{{ s.note }}"))),
        ), header_rows=1),
        Heading("三、直接费用预算表（单位：万元）", "section"),
        Grid((12, 44, 22, 22, 22, 48), (
            row(C("序号"), C("预算科目"), C("调整前"), C("调整后"), C("增减"), C("调整说明")),
            Repeat("x", "lines", (C("{{ x.no }}"), V("{{ x.item }}"), C("{{ x.before }}"),
                                  C("{{ x.after }}"), C("{{ x.change }}"), _small("{{ x.note }}"))),
            row(L("合计", 2), C("{{ lines_total_before }}"), C("{{ lines_total_after }}"),
                C("{{ lines_total_change }}"), V("")),
            row(Cell("{{ check }}", 6, "value small")),
        ), header_rows=1),
        Heading("四、外拨预算（单位：万元）", "section"),
        Grid((40, 34, 20, 20, 20, 36), (
            row(S("外拨单位"), S("预算科目"), S("调整前"), S("调整后"), S("增减"), S("说明")),
            Repeat("o", "outbound", (_small("{{ o.unit }}"), _small("{{ o.item }}"),
                                     S("{{ o.before }}"), S("{{ o.after }}"),
                                     S("{{ o.change }}"), _small("{{ o.note }}"))),
            row(V("{{ outbound_note }}", 6)),
        ), header_rows=1),
        Heading("五、调整理由", "section"),
        Grid((170,), (
            row(T("{{ reason }}", height_mm=36)),
            row(Cell("审批路径：{{ route }}", 1, "value small")),
        )),
        Heading("六、审核意见", "section"),
        # the project's identity rows travel with the approval boxes to whatever page they land on
        Grid((24, 61, 24, 61), (
            row(L("项目名称"), V("{{ title }}", 3)),
            row(L("批准号"), V("{{ approval_number }}", 3)),
            row(opinion("项目负责人承诺：\n以上预算调整内容属实。", 2, height_mm=42, blank_lines=2,
                        signature=PI_SIGNATURE),
                opinion("责任单位审核意见：", 2, height_mm=42, blank_lines=3)),
            row(opinion("省级社科管理部门审核意见：", 2, height_mm=42, blank_lines=3),
                opinion("全国社科工作办审批（备案）意见：", 2, height_mm=42, blank_lines=3)),
        ), keep=True),
    )),
}
