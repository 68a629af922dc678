"""批准登记号 / 成果登记号 of the national 科技成果登记表 (registration number).

Twelve characters: a 3-character code of the region or department, the 4-digit year, one
letter for the achievement type (``Y`` marks 应用技术) and a 4-digit serial. It is issued by the
approving body and stays blank until then (SPEC kind 2, public filling instructions).

>>> validate('140 2025 Y 0123')
'1402025Y0123'
>>> format('1402025Y0123')
'140-2025-Y-0123'
>>> type_letter('1402025Y0123')
'Y'
>>> validate('1402025Y012')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidLength: 成果登记号应为 12 位：3 位地区/部门代码 + 4 位年份 + 1 位类型字母 + 4 位流水号
"""
from __future__ import annotations

import re

from validators.ids._util import clean
from validators.ids.errors import InvalidComponent, InvalidFormat, InvalidIdentifier, InvalidLength

APPLIED_TECHNOLOGY_LETTER = "Y"
_SHAPE = re.compile(r"([0-9A-Z]{3})(\d{4})([A-Z])(\d{4})")


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    value = compact(number)
    if len(value) != 12:
        raise InvalidLength("成果登记号应为 12 位：3 位地区/部门代码 + 4 位年份 + 1 位类型字母 + 4 位流水号")
    m = _SHAPE.fullmatch(value)
    if not m:
        raise InvalidFormat("成果登记号格式应为：3 位代码 + 4 位年份 + 1 位类型字母 + 4 位流水号，如 1402025Y0123")
    if not 1980 <= int(m.group(2)) <= 2099:
        raise InvalidComponent("成果登记号第 4–7 位应为年份")
    return value


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidIdentifier:
        return False


def parts(number: str) -> tuple[str, int, str, int]:
    m = _SHAPE.fullmatch(validate(number))
    return m.group(1), int(m.group(2)), m.group(3), int(m.group(4))


def type_letter(number: str) -> str:
    return parts(number)[2]


def year(number: str) -> int:
    return parts(number)[1]


def format(number: str) -> str:
    code, yr, letter, serial = parts(number)
    return f"{code}-{yr}-{letter}-{serial:04d}"
