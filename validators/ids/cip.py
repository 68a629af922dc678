"""CIP核准号 (中国版本图书馆 / 中国国家版本馆 CIP 数据核字号), ``000`` 附件 手册 三.3–4.

Two printed forms exist on real copyright pages, and both are accepted (SPEC kind 1):

* until 2022: ``中国版本图书馆CIP数据核字（2017）第133041号`` — the platform manual (2020)
  asks for "10 位纯数字": the year and a 6-digit serial, ``2017133041``;
* since 2023: ``中国国家版本馆CIP数据核字第2024PR2624号`` — the year and a 6-character serial
  that may contain capital letters, ``2024PR2624``.

``compact`` accepts the printed line or the bare number; ``detect_variant`` says which form.

>>> compact('中国版本图书馆CIP数据核字（2017）第133041号')
'2017133041'
>>> compact('中国国家版本馆CIP数据核字第2024PR2624号')
'2024PR2624'
>>> detect_variant('2024PR2624')
'2023-alnum'
>>> detect_variant('2017133041')
'2020-digits'
>>> validate('201713304')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidLength: CIP核准号应为 10 位：4 位年份 + 6 位流水号
"""
from __future__ import annotations

import re

from validators.ids._util import clean
from validators.ids.errors import InvalidComponent, InvalidFormat, InvalidIdentifier, InvalidLength

VARIANTS = {
    "2020-digits": "10 位纯数字格式（年份 + 6 位数字流水号，即 2020 年操作手册所述格式）",
    "2023-alnum": "含字母格式（年份 + 含字母的 6 位流水号，2023 年起中国国家版本馆所用格式）",
}

_PRINTED = re.compile(r"CIP数据核字[（(]?第?(\d{4})[)）]?第?([0-9A-Z]+)号?")


def compact(number: str) -> str:
    value = clean(number, strip=" -　")
    m = _PRINTED.search(value)
    if m:
        return m.group(1) + m.group(2)
    return value


def validate(number: str) -> str:
    value = compact(number)
    if not re.fullmatch(r"[0-9A-Z]+", value):
        raise InvalidFormat("CIP核准号只能包含数字和大写字母")
    if len(value) != 10:
        raise InvalidLength("CIP核准号应为 10 位：4 位年份 + 6 位流水号")
    year = value[:4]
    if not year.isdigit() or not 1990 <= int(year) <= 2099:
        raise InvalidComponent("CIP核准号前 4 位应为年份")
    return value


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidIdentifier:
        return False


def detect_variant(number: str) -> str:
    """``2020-digits`` (10 digits, 中国版本图书馆) or ``2023-alnum`` (letters in the serial)."""
    value = validate(number)
    return "2020-digits" if value.isdigit() else "2023-alnum"


def format(number: str) -> str:
    """The printed line of the variant, e.g. 中国版本图书馆CIP数据核字（2017）第133041号."""
    value = validate(number)
    if value.isdigit() and int(value[:4]) < 2023:
        return f"中国版本图书馆CIP数据核字（{value[:4]}）第{value[4:]}号"
    return f"中国国家版本馆CIP数据核字第{value}号"
