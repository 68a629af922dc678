"""Reading a record: nested look-ups, dates and names, tolerant of any shape.

Rules, the facts of each kind and the forms all read records the schema may still reject, so
none of these raises on a value of the wrong type: they answer ``None``/``False`` instead and
leave the reason to the schema's findings.
"""
from __future__ import annotations

import unicodedata
from datetime import date

NONE_VALUE = "无"  # how a submitter says "none" where a field may not be blank (004 填表说明 三)


def is_filled(value) -> bool:
    return isinstance(value, str) and value.strip() not in ("", NONE_VALUE)


def get(record: dict, *keys, default=None):
    """``record[k1][k2]…`` or ``default`` when any level is missing or not a dict."""
    node = record
    for k in keys:
        if not isinstance(node, dict) or k not in node:
            return default
        node = node[k]
    return node


def parse_date(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def same_name(a, b) -> bool:
    """Names compared after NFKC folding and removing spaces (全角/半角, "张 三" vs "张三")."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    fold = lambda s: "".join(unicodedata.normalize("NFKC", s).split()).casefold()  # noqa: E731
    return fold(a) == fold(b)


def attachment_types(record: dict) -> set[str]:
    return {a.get("document_type") for a in record.get("attachments") or [] if isinstance(a, dict)}
