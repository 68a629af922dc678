"""The documents paperwork's rules come from, and the words a user reads for a clause.

The code table cites a clause compactly, as a document's number and the clause in it
(``003 方式二 4.(1)``); a user reads the document's short title instead
(《科技成果登记工作流程（四川，2025）》方式二 4.(1)), so the 依据 of a finding can be looked up
without knowing our numbering. Several references are joined by "；". Checks of the input
itself (the JSON's shape, an unreadable PDF) come from no document: they cite 输入校验.

Like :mod:`validators.codes`, this module is the bottom of the house: standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

INPUT_CHECK = "输入校验"   # the record's or the file's own shape: no document to cite


@dataclass(frozen=True)
class Document:
    number: str        # how the code table cites it: "003", or the standard's number
    short_title: str   # what a user reads, in 《》
    title: str         # the full title, as printed on the document
    issuer: str
    year: int | None   # None: the document carries no date
    seed: bool = True  # one of the five documents in shared/seeds/

    def cite(self, clause: str) -> str:
        return self.short_title + clause


DOCUMENTS: dict[str, Document] = {d.number: d for d in (
    Document("000", "《成果出版物登记报送通知（全国社科工作办，2020）》",
             "关于做好国家社会科学基金项目成果出版物登记报送工作的通知（社科工作办通字[2020]第21号）",
             "全国哲学社会科学工作办公室", 2020),
    # the notice's attachment, which the notice points to for how to fill in the record: cited
    # as part of the notice, so a user finds it where it is printed
    Document("000 附件", "《成果出版物登记报送通知（全国社科工作办，2020）》附件《成果出版情况填写操作手册》",
             "成果出版情况填写操作手册（社科工作办通字[2020]第21号的附件）", "全国哲学社会科学工作办公室", 2020),
    Document("001", "《国家社科基金科研创新服务管理平台操作手册（项目负责人）》",
             "国家社会科学基金科研创新服务管理平台个人用户（项目负责人）操作手册",
             "全国哲学社会科学工作办公室", None),
    Document("002", "《科技成果在线登记工作通知（山西，2025）》",
             "山西省教育厅关于组织开展2025年度山西省科技成果在线登记工作的通知（晋教科信函〔2026〕10号）",
             "山西省教育厅", 2026),
    Document("003", "《科技成果登记工作流程（四川，2025）》", "四川省科技成果登记工作流程（2025）",
             "四川省科学技术研究成果档案馆", 2025),
    Document("004", "《期刊综合质量考核表（社科类，重庆第十一届）》",
             "第十一届重庆市期刊综合质量考核表（社科类）", "中共重庆市委宣传部（重庆市新闻出版局）", 2020),
    # the national form both 002 and 003 have printed and stamped; its filling instructions
    Document("科技成果登记表", "《科技成果登记表（科学技术部，2002）》",
             "科技成果登记表（制表机关：科学技术部；批准机关：国家统计局；批准文号：国统函[2002]163号）",
             "科学技术部", 2002, seed=False),
    Document("GB 32100-2015", "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》",
             "GB 32100-2015 法人和其他组织统一社会信用代码编码规则",
             "国家质量监督检验检疫总局、国家标准化管理委员会", 2015, seed=False),
)}

# the longest number first, so "000 附件 二.1" is the attachment's, not the notice's
_BY_LENGTH = sorted(DOCUMENTS, key=len, reverse=True)


def document_of(reference: str) -> Document | None:
    """The document one compact reference cites ("002 四.1" → 002); None for 输入校验 or none.

    >>> document_of("000 附件 二.1").number
    '000 附件'
    """
    reference = reference.strip()
    for number in _BY_LENGTH:
        if reference == number or reference.startswith(number + " "):
            return DOCUMENTS[number]
    return None


def _one_in_words(reference: str) -> str:
    reference = reference.strip()
    if reference == INPUT_CHECK:
        return INPUT_CHECK
    doc = document_of(reference)
    if doc is not None:
        return doc.cite(reference[len(doc.number):].strip())
    raise ValueError(f"“{reference}” names no document of validators/documents.py "
                     f"(start it with one of {', '.join(DOCUMENTS)}, or write {INPUT_CHECK})")


@cache
def in_words(clause: str) -> str:
    """The words a user reads for a compact clause reference, each document by its short title.

    >>> in_words("003 方式二 4.(1)")
    '《科技成果登记工作流程（四川，2025）》方式二 4.(1)'
    >>> in_words("000 一（批准号）；001 四")
    '《成果出版物登记报送通知（全国社科工作办，2020）》一（批准号）；《国家社科基金科研创新服务管理平台操作手册（项目负责人）》四'
    >>> in_words("输入校验")
    '输入校验'
    """
    return "；".join(_one_in_words(part) for part in clause.split("；"))
