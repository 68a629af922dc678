"""The copyright page (版权页) of a book: CIP核准号, ISBN and the book data, each with the page
and the printed words it was read from (``000`` 附件 手册 三.2–4: the platform fills ISBN, 成果名称,
第一作者, 其他作者, 出版社, 出版日期 and 字数（千字） from the CIP number; here they come from the
uploaded copyright page and are compared with the record).

Where each field is read (GB/T 12451 图书在版编目数据 lays the CIP block out the same way on
every book):

* CIP核准号: ``中国版本图书馆CIP数据核字（2017）第133041号`` or
  ``中国国家版本馆CIP数据核字第2024PR2624号`` (both accepted, ``validators.ids.cip``);
* ISBN: every ``ISBN`` on the page, with or without hyphens, glued to the text before or after it
  (``ISBN978-7-…定价``); several per page (a set, 精装/平装) are all reported;
* title, authors and roles, place, publisher, year.month: the CIP data line
  ``题名 / 责任者.--出版地：出版者，年.月``;
* edition and the publication year and month: the 版次 line ``2017年6月第1版`` (preferred to the
  CIP line's date, which is the date planned when the CIP data was applied for);
* 字数 ``320千字``, 定价 ``89.00元``; publisher falls back to the ``出版``/``出版发行`` line.

>>> f = parse_copyright_page('图书在版编目(CIP)数据\\n哲学史论/张三,李四著.--北京:人民出版社,2017.6\\n'
...                          'ISBN978-7-01-017530-8\\n中国版本图书馆CIP数据核字(2017)第133041号', 3)
>>> f["cip"]["value"], f["cip"]["variant"], f["title"]["value"], f["publisher"]["value"]
('2017133041', '2020-digits', '哲学史论', '人民出版社')
>>> [(a["name"], a["role"]) for a in f["authors"]["value"]]
[('张三', '著'), ('李四', '著')]
>>> f["isbns"][0]["value"], f["isbns"][0]["page"]
('9787010175308', 3)
"""
from __future__ import annotations

import re

from validators.ids import cip as cip_id
from validators.ids import isbn as isbn_id
from validators.ids.errors import InvalidIdentifier
from validators.pdf.parse import fold

_CIP = re.compile(r"(中国(?:国家)?版本(?:图书)?馆)?\s*CIP\s*数据核字\s*(?:\(\s*(\d{4})\s*\)\s*)?"
                  r"第?\s*([0-9A-Za-z]{4,12})\s*号")
# ISBN, then 10 or 13 digits with optional hyphens/spaces between groups; the number may run
# straight into the next word (``…-0定价``), so the digits are taken greedily then validated.
_ISBN = re.compile(r"ISBN\s*[:]?\s*((?:97[89][\s-]?)?\d{1,5}[\s-]?\d{1,7}[\s-]?\d{1,7}[\s-]?[\dX])",
                   re.IGNORECASE)
_BARE_ISBN13 = re.compile(r"(?<![\d-])(97[89]-\d{1,5}-\d{1,7}-\d{1,7}-\d)(?![\d-])")
_CIP_HEADER = re.compile(r"图书在版编目\s*\(\s*CIP\s*\)\s*数据")
_CIP_LINE = re.compile(
    r"(?P<title>[^/]+?)\s*/\s*(?P<resp>.+?)\s*(?:\.\s*-+|-{2,}|\s-+\s)\s*(?P<place>[^:,.]+?)\s*:\s*"
    r"(?P<publisher>[^,]+?)\s*,\s*(?P<year>\d{4})(?:\s*\.\s*(?P<month>\d{1,2}))?")
ROLES = ("副主编", "编著", "主编", "编译", "译注", "校注", "点校", "整理", "编选", "编写", "著", "编", "译",
         "校", "撰")
_ROLE_TAIL = re.compile(r"(?P<names>.+?)\s*(?P<etal>等)?\s*(?P<role>" + "|".join(ROLES) + r")$")
_EDITION = re.compile(r"(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*)?第\s*([0-9一二三四五六七八九十]+)\s*版")
_WORDS = re.compile(r"字\s*数\s*[:/]?\s*(\d+(?:\.\d+)?)\s*千\s*字")
_PRICE = re.compile(r"定\s*价\s*[:/]?\s*(?:¥|RMB|人民币)?\s*(\d+(?:\.\d{1,2})?)\s*元?")
_PUBLISHER_LINE = re.compile(r"出\s*版(?:\s*发\s*行)?\s*[:/]\s*([^\s/:()]+?(?:出版社|出版集团|书局|印书馆|出版公司))")
_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def _field(value, page: int, evidence: str, via: str) -> dict:
    return {"value": value, "page": page, "evidence": evidence.strip()[:80], "via": via}


def _line_of(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a: b if b != -1 else len(text)]


def find_cips(text: str) -> list[dict]:
    """Every CIP核准号 printed on the page, normalised, with the printed form it used."""
    found = []
    for m in _CIP.finditer(text):
        printed = m.group(0)
        raw = (m.group(2) or "") + m.group(3).upper()
        try:
            value = cip_id.validate(raw)
            variant = cip_id.detect_variant(value)
            error = None
        except InvalidIdentifier as e:
            value, variant, error = raw, None, e.message
        found.append({"value": value, "variant": variant, "printed": printed,
                      "printed_by": m.group(1) or None, "error": error})
    return found


def find_isbns(text: str) -> list[dict]:
    """Every ISBN on the page (ISBN-13 form), in order, without repeats."""
    seen, found = set(), []
    candidates = [(m.group(1), m.group(0)) for m in _ISBN.finditer(text)]
    candidates += [(m.group(1), m.group(0)) for m in _BARE_ISBN13.finditer(text)]
    for digits, printed in candidates:
        value, error = _isbn_value(digits)
        if value in seen:
            continue
        seen.add(value)
        found.append({"value": value, "printed": printed, "error": error})
    return found


def _isbn_value(digits: str) -> tuple[str, str | None]:
    compact = re.sub(r"[\s-]", "", digits).upper()
    for n in (13, 10):  # glued text may add digits after the number: try the ISBN lengths
        if len(compact) >= n and isbn_id.is_valid(compact[:n]):
            return isbn_id.to_isbn13(compact[:n]), None
    try:
        isbn_id.validate(compact)
    except InvalidIdentifier as e:
        return compact, e.message
    return compact, None


def parse_authors(resp: str) -> list[dict]:
    """``(英)约翰·史密斯著;王五译`` → names with their roles; spaces inside names dropped.

    >>> parse_authors('张三, 李 四主编; (英)约翰·史密斯等著')
    [{'name': '张三', 'role': '主编'}, {'name': '李四', 'role': '主编'}, {'name': '(英)约翰·史密斯', 'role': '著'}]
    >>> [a['role'] for a in parse_authors('王五主编;赵六,钱七副主编;孙八点校')]
    ['主编', '副主编', '副主编', '点校']
    """
    authors = []
    for part in re.split(r"[;；]", fold(resp)):
        part = part.strip(" .")
        if not part:
            continue
        m = _ROLE_TAIL.match(part)
        names, role = (m.group("names"), m.group("role")) if m else (part, None)
        for name in re.split(r"[,、]", names):
            name = re.sub(r"\s+", "", name).strip(".")
            if name and name != "等":
                authors.append({"name": name, "role": role})
    return authors


def _edition_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 1 and text in _CN_NUM:
        return _CN_NUM[text]
    if text.startswith("十") and len(text) == 2:
        return 10 + _CN_NUM.get(text[1], 0)
    return None


def parse_copyright_page(text: str, page: int, *, via: str = "text") -> dict:
    """Every field found on one copyright page; a field not found is absent."""
    text = fold(text)
    fields: dict = {}
    cips = find_cips(text)
    if cips:
        first = cips[0]
        fields["cip"] = {**_field(first["value"], page, first["printed"], via),
                         "variant": first["variant"], "printed_by": first["printed_by"],
                         "error": first["error"]}
    isbns = find_isbns(text)
    if isbns:
        fields["isbns"] = [{**_field(i["value"], page, i["printed"], via), "error": i["error"]}
                           for i in isbns]
    block = _cip_block(text)
    m = _CIP_LINE.search(block) if block else None
    if m:
        evidence = m.group(0)
        fields["title"] = _field(m.group("title").strip(), page, evidence, via)
        fields["authors"] = _field(parse_authors(m.group("resp")), page, evidence, via)
        fields["place"] = _field(m.group("place").strip(), page, evidence, via)
        fields["publisher"] = _field(m.group("publisher").strip(), page, evidence, via)
        if m.group("month"):
            fields["publication_date"] = _field(f"{m.group('year')}-{int(m.group('month')):02d}",
                                                page, evidence, via)
    if "publisher" not in fields:
        p = _PUBLISHER_LINE.search(text)
        if p:
            fields["publisher"] = _field(p.group(1), page, p.group(0), via)
    e = _EDITION.search(text)
    if e:
        number = _edition_number(e.group(3))
        if number is not None:
            fields["edition"] = _field(f"第{number}版", page, e.group(0), via)
        if e.group(1):  # the 版次 line's date is the publication date actually printed
            fields["publication_date"] = _field(f"{e.group(1)}-{int(e.group(2)):02d}", page,
                                                e.group(0), via)
    w = _WORDS.search(text)
    if w:
        value = float(w.group(1))
        fields["word_count_thousand"] = _field(int(value) if value.is_integer() else value,
                                               page, w.group(0), via)
    pr = _PRICE.search(text)
    if pr:
        fields["price"] = _field(pr.group(1), page, pr.group(0), via)
    return fields


def _cip_block(text: str) -> str:
    """The lines between ``图书在版编目(CIP)数据`` and the first ISBN, joined: a long CIP data
    line wraps onto the next line."""
    h = _CIP_HEADER.search(text)
    if not h:
        return ""
    rest = text[h.end():]
    stop = re.search(r"ISBN|Ⅰ|I\.|中国(?:国家)?版本", rest)
    return rest[: stop.start() if stop else 400].replace("\n", "")
