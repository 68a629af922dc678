"""国家社科基金项目批准号 (NSSF project number), e.g. ``20BZX012``, ``18ZDA001``, ``19CZX012``.

Built from a two-digit approval year, the project category, the discipline letters and a
serial (SPEC kind 1, ``000``): A 重点, B 一般, C 青年, X 西部, ZD 重大 (followed by a batch letter),
F 后期资助; other categories (e.g. 专项 ``VSJ``, ``@ZH``) keep the same year-letters-digits shape
and are accepted with category "其他".

>>> validate('20bzx012')
'20BZX012'
>>> category('18ZDA001')
'重大项目'
>>> category('19CZX012')
'青年项目'
>>> approval_year('20BZX012')
2020
>>> validate('2020BZX012')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidFormat: 批准号应为“2 位年份 + 类别及学科字母 + 3 位流水号”，如 20BZX012
"""
from __future__ import annotations

import re

from validators.ids._util import clean
from validators.ids.errors import InvalidFormat, InvalidIdentifier

_SHAPE = re.compile(r"(\d{2})([A-Z&@]{1,6})(\d{3,4})")

CATEGORIES = (
    ("ZD", "重大项目"),
    ("A", "重点项目"),
    ("B", "一般项目"),
    ("C", "青年项目"),
    ("X", "西部项目"),
    ("F", "后期资助项目"),
)


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    value = compact(number)
    if not _SHAPE.fullmatch(value):
        raise InvalidFormat("批准号应为“2 位年份 + 类别及学科字母 + 3 位流水号”，如 20BZX012")
    return value


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidIdentifier:
        return False


def category(number: str) -> str:
    letters = _SHAPE.fullmatch(validate(number)).group(2)
    for prefix, name in CATEGORIES:
        if letters.startswith(prefix):
            return name
    return "其他"


def approval_year(number: str) -> int:
    """The year the project was approved; 91–99 are the 1990s."""
    yy = int(validate(number)[:2])
    return 1900 + yy if yy >= 91 else 2000 + yy


def format(number: str) -> str:
    return validate(number)
