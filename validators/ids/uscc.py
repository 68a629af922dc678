"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015) of a completing unit.

Check digit and character set come from python-stdnum (``stdnum.cn.uscc``); this module gives
the Chinese reasons our findings show.

>>> validate('12140000405200183Q')
'12140000405200183Q'
>>> validate('12140000405200183A')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidChecksum: 统一社会信用代码校验位（第18位）不正确

Full-width characters fold, as a Chinese input method types them; superscript and circled
digits do not, and a number that is not text is not a code (as in ``stdnum.cn.uscc``):

>>> validate('１２１４００００４０５２００１８３Ｑ')
'12140000405200183Q'
>>> is_valid('1214000040520018³Q')
False
>>> is_valid(121200004013590816)
False
"""
from __future__ import annotations

from functools import lru_cache

from stdnum import exceptions as _stdnum_errors
from stdnum.cn import uscc as _uscc

from validators.ids._util import clean
from validators.ids.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidIdentifier, InvalidLength


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    value = compact(number)
    try:
        return _checked(value)
    except _stdnum_errors.InvalidLength:
        raise InvalidLength("统一社会信用代码应为 18 位") from None
    except _stdnum_errors.InvalidChecksum:
        raise InvalidChecksum("统一社会信用代码校验位（第18位）不正确") from None
    except _stdnum_errors.InvalidComponent:
        raise InvalidComponent("统一社会信用代码的登记管理部门或机构类别代码不正确") from None
    except _stdnum_errors.ValidationError:
        raise InvalidFormat("统一社会信用代码只能由数字和大写字母（不含 I、O、Z、S、V）组成") from None


@lru_cache(maxsize=4096)
def _checked(value: str) -> str:
    # the same units recur across a round's records; stdnum's check is the slow part
    return _uscc.validate(value)


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidIdentifier:
        return False


def format(number: str) -> str:
    return compact(number)
