"""Reading a record file: every way it can be unusable gets one clear Chinese message.

Unusable input (CLI exit 2, HTTP 4xx) is different from an invalid record: the first cannot be
checked at all, the second is checked and gets findings.
"""
from __future__ import annotations

import json
from pathlib import Path

from validators.kinds import KINDS

MAX_BYTES = 5 * 1024 * 1024   # issue #2: a file over 5 MB is refused
MAX_DEPTH = 16                # deeper than any schema allows (the deepest is 5)


class UnusableInput(ValueError):
    """The input cannot be checked at all. ``message`` is Chinese, ``message_en`` English."""

    def __init__(self, message: str, message_en: str, *, reason: str = "unusable",
                 line: int | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.reason = reason
        self.line = line             # malformed JSON: the line to mark where the text is shown

    def __reduce__(self):            # crosses process boundaries whole (generator/parallel.py)
        return _unusable, (self.message, self.message_en, self.reason, self.line)


def _unusable(message: str, message_en: str, reason: str, line: int | None = None) -> UnusableInput:
    return UnusableInput(message, message_en, reason=reason, line=line)


def too_large(size: int, max_bytes: int) -> UnusableInput:
    return UnusableInput(
        f"文件过大（{size / 1048576:.1f} MB），单个记录文件不得超过 {max_bytes / 1048576:g} MB",
        f"file too large ({size} bytes, limit {max_bytes})", reason="too-large")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (with or without BOM) first, then GB18030 (a superset of
    GBK and GB2312, what Chinese Windows tools write)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise UnusableInput(
            f"文件不是 UTF-8 或 GBK/GB18030 编码的文本（第 {utf8_error.start + 1} 字节无法解码），请另存为 UTF-8 编码的 JSON",
            f"file is neither UTF-8 nor GBK/GB18030 text (byte {utf8_error.start + 1})",
            reason="encoding") from None


def lone_surrogate(value, path: str = "") -> tuple[str, str] | None:
    """``(JSON Pointer, character)`` of the first string holding half of a UTF-16 pair
    (JSON's ``"\\ud800"`` with no partner): no UTF-8 text, database or PDF can hold it."""
    if isinstance(value, str):
        for ch in value:
            if "\ud800" <= ch <= "\udfff":
                return path or "/", ch
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, item in items:
        key_path = f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"
        found = lone_surrogate(key, key_path) if isinstance(key, str) else None
        found = found or lone_surrogate(item, key_path)
        if found:
            return found
    return None


def refuse_lone_surrogates(value, text: str | None = None) -> None:
    """Raise :class:`UnusableInput` (Chinese, with the field) for a lone surrogate anywhere.
    ``text``, the JSON ``value`` was read from: only its ``\\uD8xx``-style escapes can make
    one, so without them nothing is walked."""
    if text is not None and "\\ud" not in text and "\\uD" not in text:
        return
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")   # C: the common case at once
        return
    except UnicodeEncodeError:
        pass
    found = lone_surrogate(value)
    if found:
        where, ch = found
        raise UnusableInput(
            f"{where} 含有无效的字符 U+{ord(ch):04X}（JSON 中不成对的 \\u{ord(ch):04x}，"
            "不是任何汉字或符号）；请删除或改为正确的文字",
            f"{where} holds a lone surrogate U+{ord(ch):04X}", reason="json")


def _depth(v, limit: int) -> int:
    stack = [(v, 1)]
    deepest = 0
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((c, d + 1) for c in node.values())
        elif isinstance(node, list):
            stack.extend((c, d + 1) for c in node)
    return deepest


NOT_A_NUMBER = "记录中有 NaN 或 Infinity，这不是有效的数值；请改为具体数字"


def _no_constant(name: str):
    """Python's json reads NaN and Infinity, which JSON itself does not have."""
    raise UnusableInput(f"{NOT_A_NUMBER}（{name}）", f"{name} is not a JSON number", reason="json")


def loads(text: str):
    """``json.loads``, refusing NaN and Infinity: Python reads them, JSON has no such numbers."""
    return json.loads(text, parse_constant=_no_constant)


def parse(data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[dict, str]:
    """Bytes to a record dict. Returns (record, encoding); raises UnusableInput."""
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    text, encoding = decode(data)
    if not text.strip():
        raise UnusableInput("文件为空", "file is empty", reason="empty")
    try:
        record = loads(text)
    except json.JSONDecodeError as e:
        raise UnusableInput(f"JSON 格式错误：第 {e.lineno} 行第 {e.colno} 列，{_json_reason(e.msg)}",
                            f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}",
                            reason="json", line=e.lineno) from None
    except RecursionError:
        raise UnusableInput(f"嵌套层级过深（超过 {MAX_DEPTH} 层）", "nesting too deep",
                            reason="too-deep") from None
    if _depth(record, MAX_DEPTH) > MAX_DEPTH:
        raise UnusableInput(f"嵌套层级过深（超过 {MAX_DEPTH} 层），不是有效的登记记录",
                            f"nesting deeper than {MAX_DEPTH} levels", reason="too-deep")
    refuse_lone_surrogates(record, text)
    if not isinstance(record, dict):
        raise UnusableInput("记录应为 JSON 对象（{…}），而不是列表或单个值",
                            "a record must be a JSON object", reason="not-object")
    kind_of(record)
    return record, encoding


def kind_of(record: dict) -> str:
    kind = record.get("kind")
    if kind is None:
        raise UnusableInput(f"记录缺少“kind”字段，无法判断记录类型；可选：{'、'.join(KINDS)}",
                            "record has no 'kind'", reason="no-kind")
    if not isinstance(kind, str) or kind not in KINDS:     # a list or an object is no kind either
        raise UnusableInput(f"未知的记录类型“{str(kind)[:40]}”；可选：{'、'.join(KINDS)}",
                            f"unknown kind {str(kind)[:40]!r}", reason="unknown-kind")
    return kind


_JSON_REASONS = {
    "Expecting value": "此处缺少值",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "字段名须用英文双引号括起（或多了逗号）",
    "Unterminated string starting at": "字符串缺少结束引号",
    "Extra data": "记录结束后还有多余内容",
    "Invalid control character at": "字符串中有控制字符",
}


def _json_reason(msg: str) -> str:
    for en, zh in _JSON_REASONS.items():
        if msg.startswith(en):
            return zh
    return msg


def load(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[dict, str]:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise too_large(size, max_bytes)
        data = p.read_bytes()
    except FileNotFoundError:
        raise UnusableInput(f"找不到文件：{p}", f"no such file: {p}", reason="not-found") from None
    except IsADirectoryError:
        raise UnusableInput(f"这是一个目录，不是文件：{p}", f"is a directory: {p}",
                            reason="not-found") from None
    return parse(data, max_bytes=max_bytes)
