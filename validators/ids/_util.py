"""Internal helpers shared by the identifier modules."""
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def clean(value: str, strip: str = " -") -> str:
    """Fold full-width characters to half-width (NFKC), drop separators, upper-case."""
    value = unicodedata.normalize("NFKC", str(value))
    for ch in strip:
        value = value.replace(ch, "")
    return value.strip().upper()
