"""Which documents a PDF holds, page by page: readable rules (phrases and weights), not a model.

Every document type is one :class:`DocType` row: the phrases that name it when printed as a
heading (``titles``) and the phrases its body carries (``phrases``, with weights). A page
scores each type by the weights of the phrases found anywhere on it, plus :data:`TITLE_WEIGHT`
when one of the type's titles sits in the first :data:`HEAD_CHARS` characters (the heading).
The names are the attachment ``document_type`` terms of ``schemas/common.schema.json``, so a
recognised document can satisfy a required material directly (``002 四``, ``003`` 方式二 4.(1)).

Reading of page runs (written here and in ``docs/pdf.md``): a page whose heading carries a
title starts a new document; a page without a title heading continues the document before it
(a report's later pages rarely repeat its title); pages before the first recognised document,
or in a file where nothing is recognised, are one ``unknown`` document.

>>> [d["type"] for d in recognise(["科学技术成果鉴定证书 鉴定意见 鉴定委员会", "第二页正文"])]
['鉴定证书']
>>> recognise(["第二页正文"])[0]["type"]
'unknown'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from validators.pdf.parse import squash

HEAD_CHARS = 60     # squashed characters that count as the page's heading
TITLE_WEIGHT = 5    # a title in the heading is worth this much on top of the body phrases


@dataclass(frozen=True)
class DocType:
    name: str                           # attachment document_type term
    titles: tuple[str, ...]             # headings that name the document
    phrases: dict[str, int] = field(default_factory=dict)   # body phrase -> weight
    threshold: int = 6                  # minimum score to recognise a page
    title_anywhere: bool = False        # the naming phrase need not be a heading (CIP block)


DOC_TYPES: tuple[DocType, ...] = (
    DocType("版权页", ("图书在版编目(CIP)数据", "CIP数据核字"),
            {"CIP数据核字": 4, "图书在版编目": 3, "ISBN": 2, "版次": 1, "印次": 1, "定价": 1,
             "字数": 1, "开本": 1, "印张": 1, "出版发行": 1, "责任编辑": 1}, 7, title_anywhere=True),
    DocType("科技成果登记表", ("科技成果登记表",),
            {"科技成果登记表": 3, "第一完成单位": 2, "批准登记号": 2, "成果名称": 1, "国统函": 2,
             "研究起始日期": 1, "推荐单位": 1, "成果登记号": 2}),
    DocType("验收报告", ("验收报告", "结题验收报告"),
            {"验收报告": 3, "项目验收": 2, "验收结论": 2, "任务完成情况": 1, "考核指标": 1,
             "验收组织单位": 1}),
    DocType("验收意见", ("验收意见", "专家验收意见", "验收评价意见", "专家组验收意见"),
            {"验收意见": 3, "验收专家组": 2, "同意通过验收": 2, "专家组": 1, "专家签字": 1,
             "验收评价": 1}),
    DocType("鉴定证书", ("鉴定证书", "科学技术成果鉴定证书"),
            {"鉴定证书": 3, "鉴定意见": 2, "鉴定委员会": 2, "组织鉴定单位": 2, "主持鉴定单位": 1}),
    DocType("评价报告", ("评价报告", "科技成果评价报告"),
            {"评价报告": 3, "评价意见": 2, "评价机构": 2, "评价专家": 1, "评价结论": 1}),
    DocType("评价证书", ("评价证书", "科技成果评价证书"),
            {"评价证书": 3, "评价意见": 2, "评价机构": 2, "评价专家": 1}),
    DocType("专利证书", ("发明专利证书", "实用新型专利证书", "外观设计专利证书", "专利证书"),
            {"专利证书": 3, "专利号": 2, "专利权人": 2, "授权公告日": 2, "国家知识产权局": 2,
             "发明人": 1, "专利申请日": 1}),
    DocType("软件著作权登记证书", ("计算机软件著作权登记证书", "软件著作权登记证书"),
            {"软件著作权": 3, "软著登字": 3, "著作权人": 2, "国家版权局": 2, "登记号": 1,
             "开发完成日期": 1, "首次发表日期": 1}),
    DocType("用户报告", ("用户报告", "用户使用报告", "用户意见", "用户使用意见"),
            {"用户报告": 3, "使用单位": 2, "应用效果": 2, "使用情况": 1, "经济效益": 1}),
    DocType("应用证明", ("应用证明", "使用证明", "应用情况证明"),
            {"应用证明": 3, "使用证明": 3, "应用单位": 2, "应用效果": 2, "特此证明": 1}),
    DocType("研制报告", ("研制报告", "研制工作报告", "技术研制报告"),
            {"研制报告": 3, "研制过程": 2, "技术路线": 1, "主要技术指标": 1, "创新点": 1}),
    DocType("研究报告", ("研究报告",),
            {"研究报告": 3, "研究方法": 1, "研究结论": 1, "对策建议": 1}),
    DocType("任务书", ("任务书", "项目任务书", "计划项目任务书"),
            {"任务书": 3, "承担单位": 2, "考核指标": 1, "项目负责人": 1, "经费预算": 1,
             "科学技术厅": 1}),
    DocType("合同书", ("合同书", "项目合同书", "项目合同"),
            {"合同书": 3, "甲方": 1, "乙方": 1, "承担单位": 1, "合同金额": 1}),
    DocType("经费明细账", ("经费明细账", "明细账", "经费支出明细账"),
            {"明细账": 3, "凭证号": 2, "借方": 2, "贷方": 2, "余额": 1, "摘要": 1}),
    DocType("财务资料", ("财务决算报告", "经费决算表", "财务决算", "专项审计报告", "审计报告",
                       "财务验收"),
            {"决算": 2, "审计": 2, "经费支出": 1, "财务": 1, "会计师事务所": 2}),
    DocType("技术资料", ("技术报告", "技术总结报告", "技术支撑资料", "技术资料", "检测报告",
                       "测试报告"),
            {"技术报告": 3, "技术指标": 1, "测试结果": 1, "检测结果": 1, "技术方案": 1}),
    DocType("采纳意见", ("采纳意见", "采纳证明"),
            {"采纳意见": 3, "采纳": 2, "决策参考": 1}),
    DocType("绩效评价意见", ("绩效评价意见", "绩效评价报告"),
            {"绩效评价": 3, "绩效目标": 2, "评价等级": 1}),
    DocType("软科学成果评审证书", ("软科学成果评审证书", "软科学研究成果评审证书"),
            {"评审证书": 3, "评审意见": 2, "评审委员会": 2}),
    DocType("学术评价意见", ("学术评价意见", "学术委员会评价意见", "学术委员会意见"),
            {"学术委员会": 3, "学术价值": 2, "评价意见": 2}),
    DocType("同行评价意见", ("同行评价意见", "同行专家评价意见", "同行专家意见"),
            {"同行专家": 3, "学术价值": 2, "评价意见": 2}),
    DocType("学术影响证明", ("学术影响证明", "引用证明", "检索证明", "收录引用证明", "论文收录证明"),
            {"被引": 2, "他引": 2, "收录": 2, "检索": 1, "引用": 1}),
    # a journal article has no fixed heading: its body phrases alone must reach the threshold
    DocType("学术论文", (),
            {"摘要": 2, "关键词": 2, "参考文献": 3, "Abstract": 1, "Keywords": 1, "DOI": 1}, 5),
)

BY_NAME = {t.name: t for t in DOC_TYPES}


def page_scores(text: str) -> dict[str, tuple[int, bool, list[str]]]:
    """type -> (score, title in heading, matched phrases) for one page's text."""
    flat = squash(text)
    head = flat[:HEAD_CHARS]
    scores = {}
    for t in DOC_TYPES:
        matched = [p for p in t.phrases if p in flat]
        score = sum(t.phrases[p] for p in matched)
        where = flat if t.title_anywhere else head
        title = next((p for p in sorted(t.titles, key=len, reverse=True) if p in where), None)
        if title:
            score += TITLE_WEIGHT
            matched.insert(0, title)
        if score:
            scores[t.name] = (score, title is not None, list(dict.fromkeys(matched)))
    return scores


def page_to_doc_type(text: str) -> tuple[str | None, bool, list[str]]:
    """The best type for one page: (name or None, starts a document, matched phrases)."""
    best = None
    for name, (score, titled, matched) in page_scores(text).items():
        if score >= BY_NAME[name].threshold and (best is None or score > best[0]):
            best = (score, name, titled, matched)
    if best is None:
        return None, False, []
    return best[1], best[2], best[3]


def recognise(texts: list[str], *, sources: list[str] | None = None) -> list[dict]:
    """Page texts (page 1 first) → documents ``{type, pages: [first, last], evidence}``.

    ``evidence`` lists ``{page, phrases}`` for every page where the type's phrases were found;
    ``sources`` (``"ocr"`` per page) marks documents recognised from OCR text.
    """
    docs: list[dict] = []
    current = None
    for i, text in enumerate(texts):
        page = i + 1
        name, titled, matched = page_to_doc_type(text)
        ocr = bool(sources and sources[i] == "ocr")
        starts = name is not None and (current is None or titled or current["type"] == "unknown")
        if starts and current is not None and current["type"] == name and not titled:
            starts = False
        if starts:
            current = {"type": name, "pages": [page, page], "evidence": []}
            docs.append(current)
        elif current is None:
            current = {"type": "unknown", "pages": [page, page], "evidence": []}
            docs.append(current)
        current["pages"][1] = page
        if name == current["type"] and matched:
            current["evidence"].append({"page": page, "phrases": matched[:6]})
        if ocr:
            current["via"] = "ocr"
    return docs
