"""Issue #14 item 10: the periodical sheet we print is seed 004's sheet, table by table.

The labels below are typed by hand from /work/shared/seeds/004_0c98bfddb1ade096.txt (its lines
are cited beside each table), with the spaces inside a label removed (“刊    期” → 刊期), because
the PDF text is read as one flow without whitespace. For every table they must appear in the
seed's order, in our PDF and in LibreOffice's PDF of our DOCX, and the rows we used to add must
not: their breakdown belongs in the 计分说明, after 表8. Each table's note is printed on the page
of the table's last row, before the next table.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pypdfium2
import pytest
from docx import Document
from formtext import pdf_flow_text

from generator.render import render

SAMPLES = Path(__file__).resolve().parent.parent / "samples/records/journal-assessment"
STEMS = {"academic-bayu-renwen": "表4-1", "political-economic-chongqing-jingji": "表4-2",
         "culture-education-bayu-shaonian": "表4-3", "gazette-yearbook-chongqing-nianjian": "表4-4"}

# table → (its heading, its labels in order, what we must not print there). Headings and labels
# from seed 004; the years are the samples' (assessment_year 2019, as in the seed).
HEAD_5 = ["项目", "评审内容", "分值", "自评得分", "评审打分"]               # 004:387-393
GENERAL_4 = HEAD_5 + ["内容质量", "社会效益", "经济效益", "社会影响力",       # 004:395-449
                      "专家定性评价", "累计分A", "注：“经济效益”“社会影响力”需提供证明材料。"]
GENERAL_4_ADDED = ["（重大主题）", "（公益与品牌）", "经济效益·发行", "经济效益·收入", "经济效益·利润"]
TABLES = {
    "表1": ("表1基本情况", [                                                  # 004:37-130
        "刊期", "开本、页码", "刊号", "文种", "广告经营许可证号",             # 004:40-49
        "类别", "1学术类；⒉政治经济类；⒊文化教育类；4.公报年鉴类。（在对应序号前打“√”）",  # 004:52-53
        "平均期印量及增长率", "2018年", "2019年", "增长率", "承印单位",       # 004:55-61
        "单位人员情况", "负责人（或者执行负责人）", "职称", "有无岗位培训证",  # 004:71-82
        "单位人员总数", "大专以上学历", "副高以上职称",                       # 004:86-90
        "编制内专职记者、编辑", "兼职和外聘记者、编辑",                       # 004:93-94
        "经营情况", "项目", "2018年", "2019年", "增长率",                     # 004:96-100
        "总收入", "广告收入", "发行收入", "利润",                             # 004:103-121
        "2018-2019年，期刊何时获何部门何种奖励、表彰或专项资助",              # 004:126
        "注：平均期印量、人员情况、经营情况及获奖（专项资助）情况均须提供有效证明。"], []),  # 004:130
    "表2-1": ("表2-12019年本刊文章被有影响的文摘、索引类刊物或其他媒体转载、转摘和收录情况统计表①", [
        "被收摘时间", "篇名及刊载期刊期序", "被收摘情况②",                    # 004:137-140
        "收摘篇数总量及占本刊全年总发文量百分比",                             # 004:206
        "目前被国内外何种重要核心期刊、来源期刊数据库收录",                   # 004:209
        "复合影响因子③", "复合总被引频次③", "他引总引比③", "基金论文比③",  # 004:212-221
        "Web即年下载率③", "注：①非学术类期刊可不填此附表。"],                # 004:223-228
        ["数据来源③"]),
    "表2-2": ("表2-22019年本刊文章获奖统计表", [                              # 004:229-230
        "获奖时间", "篇名及刊载时间", "获何部门何种奖", "获奖文章总篇数",      # 004:231-268
        "注：此表须提供获奖证书复印件。"], []),                                # 004:272
    "表3": ("表3政治导向考核表", [                                            # 004:284-285
        "评审内容", "评审意见", "1.坚持以习近平新时代中国特色社会主义思想为指导",  # 004:286-289
        "⑸K=0重大政治导向错误", "自评得分", "K=", "评审打分", "K="], []),      # 004:301-308
    "表4-1": ("表4-1社科学术类业务考核表50分", [                              # 004:315-316
        "评审内容", "分值", "自查得分", "评审打分",                           # 004:317-321
        "数据库收录情况", "转摘、索引情况", "复合影响因子", "复合总被引频次",  # 004:323-347
        "他引总引比", "基金论文比", "Web即年下载率", "专家定性评价", "累计得分A",  # 004:353-377
        "注：复合影响因子等指标以中国知网的数据为准"], []),                    # 004:383
    "表4-2": ("表4-2政治经济类业务考核表50分", GENERAL_4, GENERAL_4_ADDED),   # 004:385-454
    "表4-3": ("表4-3文化教育类业务考核表50分", GENERAL_4, GENERAL_4_ADDED),   # 004:456-525
    "表4-4": ("表4-4公报年鉴类业务考核表50分", HEAD_5 + [                     # 004:527-536
        "定位", "内容", "格调", "效果", "专家定性评价", "累计分A"], []),       # 004:538-579
    "表5-1": ("表5-1编辑出版考核表30分", HEAD_5 + [                           # 004:592-600
        "执行标准规范", "印刷装帧", "数字出版",                               # 004:602-638
        "数字出版专职人员（1分）", "数字出版平台（4分）", "出版效果（2分）", "经济效益（2分）",  # 004:639-642
        "编校质量", "累计分B", "注：“数字出版”需提供证明材料。"],             # 004:647-665
        ["数字出版·专职人员", "数字出版·平台", "数字出版·出版效果", "数字出版·经济效益",
         "为以下四项之和"]),
    "表5-2": ("表5-2重庆市期刊编校质量考核表", [                              # 004:667-668
        "期刊编校质量考核情况", "栏目", "严重错误（处）", "一般错误（处）", "记错（个）",  # 004:669-674
        "文字", "词语", "语法、逻辑、知识", "标点符号", "数字", "量和单位",     # 004:676-701
        "公式", "版式、格式", "其他", "差错总个数", "所考核总字数",            # 004:706-725
        "每行字数", "每面行数", "考核面数", "总字数", "差错率（万分之）",      # 004:726-728
        "期刊编校质量考核记录", "页序", "文章标题（前5字）", "栏数", "行数",   # 004:731-736
        "发现的问题", "改正意见", "错误个数", "（不够请复印此页）"], []),      # 004:737-944
    "表6": ("表6法纪规范考核表20分", [                                        # 004:945-946
        "项目", "评审内容", "分值", "自查得分", "评审打分",                   # 004:947-951
        "规范出版", "版本记录", "制度建设", "队伍建设", "经营规范", "著作权",  # 004:953-993
        "累计分C", "注：“制度建设”“队伍建设”需提供证明材料。"],              # 004:1000-1005
        ["经营规范·倒扣", "著作权·倒扣", "严重违法的，在法纪规范考核总分中倒扣"]),
    "表7": ("表7加分项目统计表", [                                            # 004:1007-1008
        "加分项目", "加分内容", "分值", "自评得分", "评审打分",               # 004:1009-1014
        "获奖资助", "经营", "发行：发行量达到5万册/期的", "收入：年利润达到50万元/年的",  # 004:1016-1030
        "编校质量", "累计加分D", "注：累计加分不超过10分。"],                 # 004:1035-1049
        ["经营·发行", "经营·收入", "为以下两项之和"]),
    "表8": ("表8总评结果", [                                                  # 004:1051-1052
        "考核项目", "自评得分", "专家打分", "政治考核K", "业务考核A",         # 004:1053-1061
        "编辑出版B", "法纪规范C", "加分D", "总分S", "S=K×（A+B+C）+D",       # 004:1065-1078
        "考核等级", "注：一级为90分以上（含90分）"], []),                      # 004:1082-1087
}
SHEET = ("表1", "表2-1", "表2-2", "表3", "TABLE4", "表5-1", "表5-2", "表6", "表7", "表8")
END = "附：计分说明"

# table → (its last row's label, its note): the note stays on the page of that row (004:130 …)
NOTES = {"表1": ("2018-2019年，期刊何时获何部门何种奖励", "注：平均期印量、人员情况"),
         "表2-1": ("Web即年下载率③", "注：①非学术类期刊可不填此附表"),
         "表2-2": ("获奖文章总篇数", "注：此表须提供获奖证书复印件。"),
         "表4-1": ("累计得分A", "注：复合影响因子等指标以中国知网的数据为准"),
         "表4-2": ("累计分A", "注：“经济效益”“社会影响力”需提供证明材料。"),
         "表4-3": ("累计分A", "注：“经济效益”“社会影响力”需提供证明材料。"),
         "表5-1": ("累计分B", "注：“数字出版”需提供证明材料。"),
         "表6": ("累计分C", "注：“制度建设”“队伍建设”需提供证明材料。"),
         "表7": ("累计加分D", "注：累计加分不超过10分。"),
         "表8": ("考核等级", "注：一级为90分以上")}


def tables_of(stem: str) -> list[str]:
    return [STEMS[stem] if t == "TABLE4" else t for t in SHEET]


def load(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """stem → {"ours": our PDF, "libreoffice": LibreOffice's PDF of our DOCX} (bytes)."""
    src, out = tmp_path_factory.mktemp("docx"), tmp_path_factory.mktemp("lo-pdf")
    result = {}
    for stem in STEMS:
        record = load(stem)
        result[stem] = {"ours": render("journal_assessment", record, "pdf").data}
        (src / f"{stem}.docx").write_bytes(render("journal_assessment", record, "docx").data)
    profile = tmp_path_factory.mktemp("lo-profile")
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *sorted(str(p) for p in src.iterdir())],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(profile)})
    for stem in STEMS:
        pdf = out / f"{stem}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {stem}.docx: {run.stdout}{run.stderr}"
        result[stem]["libreoffice"] = pdf.read_bytes()
    return result


def segments(text: str, tables: list[str]) -> dict[str, str]:
    """Each table's stretch of the flow text: from its heading to the next table's."""
    starts, cursor = [], 0
    for t in tables:
        at = text.find(TABLES[t][0], cursor)
        assert at >= 0, f"heading {TABLES[t][0]!r} missing after …{text[cursor - 60:cursor]}"
        starts.append(at)
        cursor = at + 1
    ends = starts[1:] + [text.find(END, cursor)]
    return {t: text[s:e] for t, s, e in zip(tables, starts, ends, strict=True)}


CASES = [(stem, source) for stem in STEMS for source in ("ours", "libreoffice")]


@pytest.mark.parametrize("stem,source", CASES, ids=[f"{s}-{w}" for s, w in CASES])
def test_every_table_has_the_seed_labels_in_order_and_no_added_rows(stem, source, pdfs):
    text = pdf_flow_text(pdfs[stem][source])
    problems = []
    for table, part in segments(text, tables_of(stem)).items():
        unticked = re.sub("√(?=1|⒉|⒊|4)", "", part)     # the tick before a 类别's 序号
        cursor = 0
        for label in TABLES[table][1]:
            at = unticked.find(label, cursor)
            if at < 0:
                problems.append(f"{table}: {label!r} not after …{unticked[max(cursor - 30, 0):cursor]}")
                continue
            cursor = at + len(label)
        problems += [f"{table}: prints {added!r}" for added in TABLES[table][2] if added in part]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem,source", CASES, ids=[f"{s}-{w}" for s, w in CASES])
def test_each_note_is_on_the_page_of_its_tables_last_row(stem, source, pdfs):
    doc = pypdfium2.PdfDocument(pdfs[stem][source])
    pages = ["".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
    problems = []
    for table in tables_of(stem):
        if table not in NOTES:
            continue
        last_row, note = NOTES[table]
        note_pages = [i for i, p in enumerate(pages) if note in p]
        row_pages = [i for i, p in enumerate(pages) if last_row in p]
        if not note_pages or not any(n in row_pages for n in note_pages):
            problems.append(f"{table}: note on pages {[n + 1 for n in note_pages]}, "
                            f"its last row {last_row!r} on {[r + 1 for r in row_pages]}")
    assert not problems, "\n".join(problems)


def test_the_category_is_ticked_in_the_printed_list():
    """004:53: the 类别 list as printed, a √ before the journal's own 序号."""
    text = pdf_flow_text(render("journal_assessment", load("political-economic-chongqing-jingji"), "pdf").data)
    assert "1学术类；√⒉政治经济类；⒊文化教育类；4.公报年鉴类。（在对应序号前打“√”）" in text


def test_the_error_records_keep_the_sheets_blank_ruled_rows():
    """004:731-944: the 考核记录 has 4 rows on its first page and 20 on the next (24 ruled rows,
    filled from the top, the rest left blank), then “（不够请复印此页）”."""
    record = load("academic-bayu-renwen")
    assert len(record["errors"]["records"]) < 24
    doc = Document(io.BytesIO(render("journal_assessment", record, "docx").data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "期刊编校质量考核记录")
    body = [[c.text for c in r.cells] for r in table.rows[2:]]
    assert len(body) == 24
    filled = len(record["errors"]["records"])
    assert all(any(cells) for cells in body[:filled])
    assert all(not any(cells) for cells in body[filled:])
    after = doc.element.body.index(table._tbl)
    paragraphs = [p for p in doc.element.body[after + 1:] if p.tag.endswith("}p")]
    assert "".join(t.text for t in paragraphs[0].iter() if t.tag.endswith("}t")) == "（不够请复印此页）"
