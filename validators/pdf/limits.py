"""Limits on one uploaded PDF, and the one error an unreadable PDF raises.

Every limit is enforced in one place (:func:`validators.pdf.parse.open_pdf` and the worker it
uses), so one bad upload can never hang or kill the service (issue #5 "Hostile and broken
input"). The defaults come from the issue: 50 MB, 2,000 pages, 30 s per file. Memory is capped
with ``RLIMIT_AS`` in the worker process; 2 GiB is enough for pdfium to render an A4 page at
200 dpi and for RapidOCR (a worker forked after the models were preloaded peaks at about 1.25 GB
of address space and 440 MB resident on an A4 page), and small enough that a decompression bomb
fails fast.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB        # file size
    max_pages: int = 2000           # page count reported by the file
    timeout_s: float = 30.0         # wall clock per file (check_pdf shares it among its worker calls)
    memory_bytes: int = 2048 * MB   # address space of the worker process (RLIMIT_AS)

    @classmethod
    def from_env(cls, **overrides) -> Limits:
        """Defaults, then ``PAPERWORK_PDF_MAX_MB`` / ``_MAX_PAGES`` / ``_TIMEOUT_S`` / ``_MEMORY_MB``."""
        env = os.environ
        limits = cls(
            max_bytes=int(float(env.get("PAPERWORK_PDF_MAX_MB", 50)) * MB),
            max_pages=int(env.get("PAPERWORK_PDF_MAX_PAGES", 2000)),
            timeout_s=float(env.get("PAPERWORK_PDF_TIMEOUT_S", 30)),
            memory_bytes=int(float(env.get("PAPERWORK_PDF_MEMORY_MB", 2048)) * MB),
        )
        return replace(limits, **{k: v for k, v in overrides.items() if v is not None})


DEFAULT_LIMITS = Limits()

#: Why a PDF could not be read at all, with the Chinese and English wording shown to the user.
REASONS = {
    "encrypted": ("文件已加密（需要密码或使用了无法处理的加密方式），请上传未加密的 PDF",
                  "the file is encrypted (a password is needed or the encryption is unsupported)"),
    "not-pdf": ("文件不是 PDF（{detail}），请上传 PDF 格式的文件",
                "not a PDF ({detail_en})"),
    "damaged": ("PDF 文件已损坏，无法读取（{detail}），请重新导出或重新扫描后上传",
                "the PDF is damaged and cannot be read ({detail_en})"),
    "too-large": ("文件过大：{detail}",
                  "file too large: {detail_en}"),
    "too-many-pages": ("页数过多：{detail}",
                       "too many pages: {detail_en}"),
    "timeout": ("解析超时：{detail}，文件可能过于复杂或已损坏",
                "parsing timed out: {detail_en}"),
    "empty": ("文件为空（0 字节），请重新上传", "the file is empty (0 bytes)"),
}


class UnreadablePdf(Exception):
    """The PDF cannot be checked at all. ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, detail: str = "", detail_en: str = ""):
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        zh, en = REASONS[reason]
        self.reason = reason
        self.message_zh = zh.format(detail=detail, detail_en=detail_en or detail)
        self.message_en = en.format(detail=detail, detail_en=detail_en or detail)
        super().__init__(self.message_en)

    def __reduce__(self):  # survives the trip back from the worker process
        return (_rebuild, (self.reason, self.message_zh, self.message_en))

    def to_dict(self) -> dict:
        return {"reason": self.reason, "message": self.message_zh, "message_en": self.message_en}


def _rebuild(reason: str, zh: str, en: str) -> UnreadablePdf:
    e = UnreadablePdf.__new__(UnreadablePdf)
    e.reason, e.message_zh, e.message_en = reason, zh, en
    Exception.__init__(e, en)
    return e
