"""科技成果登记表: cover page, then the form's tables (two variants)."""
from __future__ import annotations

from generator.layout import (
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

BOX_MM = 7.5


def _boxes(field: str, n: int) -> list[Cell]:
    return [Cell(f"{{{{ {field}[{i}] }}}}", 1, "box") for i in range(n)]


def _year_month(field: str) -> list[Cell]:
    # □□□□年□□月 on a 12-box grid: 4 boxes, 年, 2 boxes, 月, then 4 empty columns
    return (_boxes(field, 4)[:4] + [C("年")] + [Cell(f"{{{{ {field}[{i}] }}}}", 1, "box")
                                               for i in (4, 5)] + [C("月")] + [Cell("", 4)])


def _date(field: str) -> list[Cell]:
    # □□□□年□□月□□日 on a 12-box grid: 4 boxes, 年, 2 boxes, 月, 2 boxes, 日, one empty column
    def box(i):
        return Cell(f"{{{{ {field}[{i}] }}}}", 1, "box")
    return [*map(box, range(4)), C("年"), box(4), box(5), C("月"), box(6), box(7), C("日"), C("")]


# The 涉密 clause of 《科技成果登记办法》第二条 as the cover prints it; our seeds say only
# "涉密成果不在山西省科技成果登记范围内" (002 二.3), which this wording agrees with.
SECRECY_CLAUSE = ("根据《科技成果登记办法》第二条规定，涉及国家秘密的科技成果，按照国家科技保密的有关规定"
                  "进行管理，不在此登记。")


def _cover(variant: str) -> tuple:
    widths = (42,) + (BOX_MM,) * 12 + (38,)
    return (
        Para("制表机关：科学技术部\n批准机关：国家统计局\n批准文号：国统函[2002]163号", "right", "small"),
        Para("\n\n", "left"),
        Heading("科技成果登记表"),
        Heading(f"（{variant}成果）", "subtitle"),
        Para("\n", "left"),
        Grid(widths, (
            row(L("成果名称", height_mm=14), V("{{ name }}", 13)),
            row(L("第一完成单位\n（盖章）", height_mm=18), V("{{ first_unit }}", 13)),
            row(L("研究起始日期", height_mm=12), *_year_month("research_start_boxes"), Cell("")),
            row(L("研究终止日期", height_mm=12), *_year_month("research_end_boxes"), Cell("")),
            row(L("推荐单位", height_mm=14), V("{{ recommending_unit }}", 13)),
            row(L("批准登记单位", height_mm=14), V("{{ approving_body }}", 13)),
            row(L("批准登记号", height_mm=12), *_boxes("registration_no_boxes", 12), Cell("")),
            row(L("批准登记日期", height_mm=12), *_date("issued_on_boxes"), C("")),
        ), borders=False),
        Para("\n", "left"),
        Para("{{ statistics_notice }}", "left", "small"),
        Para(SECRECY_CLAUSE, "left", "small"),
        Para("{{ reprint_note }}", "left", "small"),
        Para("\n中华人民共和国科学技术部\n二○○二年制", "center"),
        PageBreak(),
    )


W8 = (21.25,) * 8


def _basics(applied: bool) -> Grid:
    rows = [
        row(L("成果名称", 2), V("{{ name }}", 6)),
        row(L("成果类型", 2), V("{{ type_choice }}", 6)),
        # on the 2002 form; the record (and our seeds) name no 体现形式, so the box is left to fill in
        row(L("成果体现形式", 2), V("", 6)),
        row(L("成果产生日期", 2), V("{{ produced_on }}", 2), L("密级", 2),
            V("{{ classification }}", 2)),
        row(L("关键词", 2), V("{{ keywords }}", 6)),
        row(L("学科分类", 2), V("{{ discipline }}", 2), L("成果水平", 2), V("{{ level }}", 2)),
    ]
    if applied:
        rows.append(row(L("成果属性", 2), V("{{ attribute }}", 2), L("成果所处阶段", 2),
                        V("{{ stage }}", 2)))
    rows += [
        row(L("评价方式", 2), V("{{ evaluation_choice }}", 6)),
        row(L("评价单位", 2), V("{{ evaluation_body }}", 2), L("评价日期", 2),
            V("{{ evaluation_date }}", 2)),
        row(L("评价文号", 2), V("{{ evaluation_document }}", 6)),
        row(L("计划名称", 2), V("{{ plan_name }}", 2), L("项目编号", 2),
            V("{{ project_number }}", 2)),
        row(L("投入来源", 2), V("{{ funding_choice }}", 6)),
    ]
    if applied:
        rows += [
            row(L("专利申请数", 2), C("{{ patents_applied }}"), L("专利授权数", 2),
                C("{{ patents_granted }}"), L("软件著作权"), C("{{ software_copyrights }}")),
            row(L("应用状态", 2), V("{{ application_status }}", 2), L("经济效益（万元）", 2),
                V("{{ economic_benefit }}", 2)),
        ]
    else:
        rows.append(row(L("应用状态", 2), V("{{ application_status }}", 6)))
    return Grid(W8, tuple(rows))


def _summary() -> tuple:
    # the 成果简介 heading never stays alone at a page's foot: it and its box are kept together
    return (
        Grid(W8, (row(L("成果简介", 8)), row(T("{{ summary }}", 8, height_mm=60))), keep=True),
        Grid(W8, (row(L("第一完成单位", 2), V("{{ first_unit }}", 3), L("统一社会信用代码"),
                      V("{{ first_unit_credit_code }}", 2)),)),
    )


def _layout(name: str, variant: str, applied: bool) -> Layout:
    return Layout(name, f"科技成果登记表（{variant}）", (
        *_cover(variant),
        Para("成果登记号：{{ registration_no }}　　记录编号：{{ record_id }}", "right", "small"),
        _basics(applied),
        *_summary(),
        Grid((12, 102, 56), (
            row(L("其他完成单位", 3)),
            row(C("序号"), C("单位名称"), C("统一社会信用代码")),
            Repeat("u", "other_units", (C("{{ u.no }}"), V("{{ u.name }}"),
                                       C("{{ u.credit_code }}"))),
            row(V("{{ other_units_note }}", 3)),
        ), header_rows=2),
        # 序号 and 性别 two 9 pt characters wide plus Word's 1.9 mm cell margins, never wrapped
        Grid((12, 17, 12, 21, 20, 21, 32, 35), (
            row(L("成果完成人", 8)),
            row(S("序号"), S("姓名"), S("性别"), S("出生年月"), S("技术职称"), S("文化程度"),
                S("工作单位"), S("对成果创造性贡献")),
            Repeat("c", "completers", (
                S("{{ c.no }}"), S("{{ c.name }}"), S("{{ c.gender }}"), S("{{ c.birth_month }}"),
                S("{{ c.title }}"), S("{{ c.education }}"), Cell("{{ c.unit }}", 1, "value small"),
                Cell("{{ c.contribution }}", 1, "value small"))),
            row(V("{{ completers_note }}", 8)),
        ), header_rows=2),
        # one page for the contact rows; 提交日期 wide enough for a blank 　　　　年　　月　　日
        Grid((24, 28, 22, 28, 22, 46), (
            row(L("联系人"), V("{{ contact_name }}"), L("联系电话"), V("{{ contact_phone }}"),
                L("电子邮箱"), V("{{ contact_email }}")),
            row(L("组织管理部门"), V("{{ registering_body }}", 3), L("提交日期"),
                V("{{ submitted_on }}")),
        ), keep=True),
        Grid((12, 46, 72, 16, 24), (
            row(L("附件材料", 5)),
            row(C("序号"), C("材料类型"), C("文件名"), C("页数"), C("盖章")),
            Repeat("m", "materials", (C("{{ m.no }}"), V("{{ m.document_type }}"),
                                     V("{{ m.file_name }}"), C("{{ m.pages }}"),
                                     C("{{ m.stamped }}"))),
        ), header_rows=2),
        # the achievement's identity rows travel with the opinion boxes to whatever page they land on
        Grid((24, 61, 24, 61), (
            row(L("成果名称"), V("{{ name }}", 3)),
            row(L("记录编号"), V("{{ record_id }}"), L("成果登记号"), V("{{ registration_no }}")),
            row(opinion("第一完成单位意见：", 2, height_mm=48, blank_lines=3),
                opinion("推荐单位 / 组织管理部门意见：", 2, height_mm=48, blank_lines=3)),
        ), keep=True),
    ))


LAYOUTS = {
    "applied": _layout("applied", "应用技术类", True),
    "theory": _layout("theory", "基础理论、软科学类", False),
}
