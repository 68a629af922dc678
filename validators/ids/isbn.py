"""ISBN (International Standard Book Number), as printed on Chinese copyright pages.

Check digits, ranges and ISBN-10 → ISBN-13 conversion come from python-stdnum (``stdnum.isbn``);
this module adds the wording of our findings and the Chinese-publisher check (``000 二``:
books are registered by ISBN; Chinese books are ``978-7-…``).

>>> validate('978-7-5201-6474-0')
'9787520164740'
>>> validate('7-5201-6474-X')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidChecksum: ISBN 校验位不正确
>>> format('9787520164740')
'978-7-5201-6474-0'
>>> to_isbn13('7-301-04815-7')
'9787301048153'

A 9-digit SBN is the ISBN-10 with a leading 0, for ``validate`` and ``is_isbn10`` alike;
only full-width characters fold, so a superscript digit is not a digit:

>>> validate('12-345678-9')
'0123456789'
>>> is_isbn10('12-345678-9')
True
>>> validate('978-9024538²70')
Traceback (most recent call last):
    ...
validators.ids.errors.InvalidFormat: ISBN 只能包含数字（旧式 10 位 ISBN 末位可为 X）
"""
from __future__ import annotations

from functools import lru_cache

from stdnum import exceptions as _stdnum_errors
from stdnum import isbn as _isbn

from validators.ids._util import clean
from validators.ids.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidIdentifier, InvalidLength


def compact(number: str) -> str:
    """Strip separators and a printed "ISBN" label; a 9-digit SBN gets its leading 0, as in
    ``stdnum.isbn.compact``, so that every function here sees the same ISBN-10."""
    value = clean(number)
    if value.startswith("ISBN"):
        value = value[4:].lstrip(":：")
    if len(value) == 9:
        value = "0" + value
    return value


def validate(number: str) -> str:
    """Return the compact ISBN (10 or 13 digits) or raise."""
    return _validate(compact(number))


# A record's ISBN is looked at by several rules and by the forms; stdnum's checks cost ~45 µs
# each, so the answers for recent numbers are kept (errors are not cached: they re-raise).
@lru_cache(maxsize=16384)
def _validate(value: str) -> str:
    try:
        return _isbn.validate(value)
    except _stdnum_errors.InvalidChecksum:
        raise InvalidChecksum("ISBN 校验位不正确") from None
    except _stdnum_errors.InvalidLength:
        raise InvalidLength("ISBN 应为 13 位（或旧式 10 位）") from None
    except _stdnum_errors.InvalidComponent:
        raise InvalidComponent("ISBN 前缀应为 978 或 979") from None
    except _stdnum_errors.ValidationError:
        raise InvalidFormat("ISBN 只能包含数字（旧式 10 位 ISBN 末位可为 X）") from None


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except InvalidIdentifier:
        return False


@lru_cache(maxsize=16384)
def to_isbn13(number: str) -> str:
    return _isbn.to_isbn13(validate(number)).replace("-", "")


def is_isbn10(number: str) -> bool:
    return len(compact(number)) == 10


@lru_cache(maxsize=16384)
def format(number: str) -> str:
    """Hyphenated ISBN-13 with the registration-group split, e.g. 978-7-5201-6474-5."""
    return _isbn.format(to_isbn13(number))


def is_chinese(number: str) -> bool:
    """Registration group 7 (China) after prefix 978."""
    return to_isbn13(number).startswith("9787")
