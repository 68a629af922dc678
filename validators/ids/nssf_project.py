"""国家社科基金项目批准号 (NSSF project number), e.g. ``20BZX012``, ``18ZDA001``, ``BIX230343``.

Where each shape comes from (SPEC kind 1, ``000``; issue #13):

* 全国哲学社会科学工作办公室's project database (国家社科基金项目数据库, one page a number
  at ``fz.people.com.cn/skygb/sk/index.php/Index/seach``): a two-digit approval year, the
  category and discipline letters, a 3-digit serial. A 重点, B 一般, C 青年, X 西部, F 后期资助;
  重大 is ``ZD`` with a batch letter (``18ZDA001``) or ``&ZD`` (``21&ZD065``); other categories
  (专项 ``VSJ``, 特别委托 ``@ZH``) keep the shape and have category "其他". A public scrape of
  that database (56,861 numbers) has this shape throughout. Some 2010 重大 numbers are printed
  ``10zd&057``; ``compact`` writes them ``10&ZD057``.
* The database leaves out the three disciplines with their own planning offices, whose lists
  we read in papers' acknowledgements and the offices' 立项名单:
  艺术学 (全国艺术科学规划领导小组办公室): 重大项目 are ``ZD`` and a 2-digit serial, ``21ZD08``;
  教育学 (全国教育科学规划领导小组办公室): letters first, then the year and a 4-digit serial,
  ``BIX230343``; the first letter is the category (V 重大, A 重点, B 一般, C 青年).
* 军事学 (全军军事科学规划办公室) numbers and any other shape we have not seen are accepted
  when they are built of a year, letters and digits: :func:`unusual` says why such a number
  deserves a second look, and the rules report that as a warning, never as an error.

More information:

* http://fz.people.com.cn/skygb/sk/index.php/Index/seach (国家社科基金项目数据库)
* http://www.nopss.gov.cn/ (全国哲学社会科学工作办公室, 立项名单)
* 全国教育科学规划领导小组办公室 and 全国艺术科学规划领导小组办公室, annual 立项名单

>>> validate('20bzx012')
'20BZX012'
>>> category('18ZDA001')
'重大项目'
>>> category('21&ZD065')
'重大项目'
>>> validate('10zd&057')
'10&ZD057'
>>> category('21ZD08')        # 艺术学重大项目
'重大项目'
>>> category('BIX230343')     # 教育学一般课题
'一般项目'
>>> approval_year('BIX230343')
2023
>>> unusual('21&ZD65')
'“&ZD”后的流水号通常为 3 位，是否为 21&ZD065？'
>>> unusual('20BZX012') is None
True
>>> validate('2020BZX012')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidFormat: 年份只写后 2 位，应为 20BZX012
"""
from __future__ import annotations

import re

from validators.ids._util import clean
from validators.ids.errors import InvalidFormat, InvalidIdentifier, InvalidLength

# year, category and discipline letters, serial: the project database's shape and its kin
_YEAR_FIRST = re.compile(r"(\d{2})([A-Z&@]{1,6})(\d+)")
_KNOWN_LETTERS = re.compile(r"[A-Z@][A-Z]{0,5}|&ZD")
_EDUCATION = re.compile(r"([A-Z])([A-Z]{2})(\d{2})(\d{4})")
_CHARACTERS = re.compile(r"[0-9A-Z&@]+")
_TYPICAL = "请照立项通知书填写，如 20BZX012、18ZDA001"

CATEGORIES = (
    ("&ZD", "重大项目"),
    ("ZD", "重大项目"),
    ("A", "重点项目"),
    ("B", "一般项目"),
    ("C", "青年项目"),
    ("X", "西部项目"),
    ("F", "后期资助项目"),
)
# 教育学: the first letter (全国教育科学规划 国家重大 / 重点 / 一般 / 青年课题)
EDUCATION_CATEGORIES = {"V": "重大项目", "A": "重点项目", "B": "一般项目", "C": "青年项目"}


def compact(number: str) -> str:
    value = clean(number)
    return re.sub(r"^(\d{2})ZD&", r"\1&ZD", value)


def validate(number: str) -> str:
    """Return the compact number, or raise when it cannot be a 批准号 at all."""
    value = compact(number)
    if not value:
        raise InvalidFormat(f"批准号为空，{_TYPICAL}")
    if not _CHARACTERS.fullmatch(value):
        wrong = next(ch for ch in value if not _CHARACTERS.fullmatch(ch))
        raise InvalidFormat(f"批准号只由数字、大写字母和 &、@ 组成，不能含“{wrong}”；{_TYPICAL}")
    if value[0].isalpha():
        if _EDUCATION.fullmatch(value):
            return value
        raise InvalidFormat("批准号应以 2 位年份开头，如 20BZX012；教育学课题为"
                            "“3 个字母 + 2 位年份 + 4 位流水号”，如 BIX230343")
    four_digit_year = re.match(r"(?:19|20)(\d{2}[A-Z&@].*)", value)
    if four_digit_year:
        raise InvalidFormat(f"年份只写后 2 位，应为 {four_digit_year.group(1)}")
    head = re.match(r"(\d{2})([A-Z&@]{1,6})(\d*)", value)
    if not head:
        raise InvalidFormat(f"批准号应为“2 位年份 + 类别及学科字母 + 3 位流水号”，{_TYPICAL}")
    if head.end() < len(value):
        return value          # more parts than any shape we know: a warning (see unusual)
    letters, serial = head.group(2), head.group(3)
    if not serial:
        raise InvalidFormat(f"批准号末尾缺少流水号（如 20BZX012 的 012），{_TYPICAL}")
    if len(serial) in (3, 4) or (len(serial) == 2 and letters in ("ZD", "&ZD")):
        return value
    raise InvalidLength("流水号应为 3 位，如 20BZX012 的 012（艺术学重大项目为 2 位，如 21ZD08）；"
                        f"“{value}”的流水号为 {len(serial)} 位")


def unusual(number: str) -> str | None:
    """Why a valid number has a shape we have not seen (格式少见，请核对: a warning), or None."""
    value = validate(number)
    education = _EDUCATION.fullmatch(value)
    if education:
        if education.group(1) in EDUCATION_CATEGORIES:
            return None
        return "教育学课题批准号的首字母通常为 V、A、B、C（国家重大、重点、一般、青年课题）"
    shape = _YEAR_FIRST.fullmatch(value)
    if shape is None:
        return "常见的批准号为“2 位年份 + 类别及学科字母 + 3 位流水号”，如 20BZX012"
    year, letters, serial = shape.groups()
    if letters == "&ZD" and len(serial) == 2:
        return f"“&ZD”后的流水号通常为 3 位，是否为 {year}&ZD0{serial}？"
    if not _KNOWN_LETTERS.fullmatch(letters):
        return "& 通常只在“&ZD”（重大项目）中，@ 通常只在字母之首（如特别委托项目 @ZH）"
    return None


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidIdentifier:
        return False


def category(number: str) -> str:
    value = validate(number)
    education = _EDUCATION.fullmatch(value)
    if education:
        return EDUCATION_CATEGORIES.get(education.group(1), "其他")
    letters = re.match(r"\d{2}([A-Z&@]+)", value).group(1)
    for prefix, name in CATEGORIES:
        if letters.startswith(prefix):
            return name
    return "其他"


def approval_year(number: str) -> int:
    """The year the project was approved; 91–99 are the 1990s."""
    value = validate(number)
    yy = int(value[3:5] if _EDUCATION.fullmatch(value) else value[:2])
    return 1900 + yy if yy >= 91 else 2000 + yy


def format(number: str) -> str:
    return validate(number)
