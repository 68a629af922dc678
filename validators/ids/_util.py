"""Internal helpers shared by the identifier modules."""
from functools import lru_cache

from validators.ids.errors import InvalidFormat

# Full-width forms (U+FF01–FF5E) and the ideographic and no-break spaces, to their ASCII
# selves: what a Chinese input method types. Not NFKC, which also makes "²", "①" and "₀"
# digits, so that "978-9024538²70" passed as an ISBN (issue #13); python-stdnum refuses them.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}


def clean(value: str, strip: str = " -") -> str:
    """Fold full-width characters to half-width, drop separators, upper-case."""
    if not isinstance(value, str):
        # an int is not an identifier: 1857982185 lost whatever leading zero or X it had
        raise InvalidFormat("编号应以文字填写（如 \"978-7-5201-6474-0\"），不能填成数值")
    return _clean(value, strip)


@lru_cache(maxsize=8192)
def _clean(value: str, strip: str) -> str:
    value = value.translate(_HALF_WIDTH)
    for ch in strip:
        value = value.replace(ch, "")
    return value.strip().upper()
