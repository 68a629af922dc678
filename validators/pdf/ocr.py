"""OCR of scanned pages with Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``).

Called as a subprocess (no Python binding needed); in the PDF worker, so the worker's memory
limit and time budget also bound Tesseract. Text read by OCR is marked ``via: "ocr"`` wherever
it is used, and findings that rest on it say so and are downgraded to warnings: Tesseract
misreads characters (``0``/``O``, ``l``/``1``, similar hanzi), so an OCR disagreement is a
reason to look, not proof.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess

LANG = "chi_sim+eng"
DPI = 300
#: appended to the message of a finding that rests on OCR text (see the module docstring)
OCR_NOTE = "（由 OCR 识别，可能有误，请人工核对）"


def available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_image(image, *, lang: str = LANG, timeout_s: float = 60.0, dpi: int = DPI) -> str:
    """Text of a PIL image; raises ``RuntimeError`` when Tesseract is missing or fails."""
    if not available():
        raise RuntimeError("未安装 Tesseract OCR（tesseract-ocr、tesseract-ocr-chi-sim）")
    png = io.BytesIO()
    image.convert("L").save(png, format="PNG")
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--dpi", str(dpi),
                               "--psm", "3"],
                              input=png.getvalue(), capture_output=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"OCR 超时（{timeout_s:g} 秒）") from None
    if done.returncode != 0:
        raise RuntimeError("OCR 失败：" + done.stderr.decode("utf-8", "replace")[-200:])
    return done.stdout.decode("utf-8", "replace")


# Tesseract's usual misreadings on copyright pages, undone before any matching: a bracket or
# letter for the digit 1 next to digits (``第25673]号``, ``第]版``), ``《`` for ``（`` before
# CIP, ``一一`` (two hanzi "one") for the dash ``——`` of the CIP line.
_OCR_FIXES = (
    (re.compile(r"(?<=\d)[\]|lI](?=[\d号版次])|(?<=第)[\]|lI](?=[\d号版次])|(?<=\d)[\]|lI](?=\d)"), "1"),
    (re.compile(r"(?<=\d)[oO](?=\d)"), "0"),
    (re.compile(r"《\s*(?=CIP)"), "("),
    (re.compile(r"一{2,}|—{1,2}"), "--"),
)


def clean_ocr_text(text: str) -> str:
    """Undo the misreadings above.

    >>> clean_ocr_text('数据核字 (2021) 第25673]号 版次 2022年3月第]版 著. 一一北京')
    '数据核字 (2021) 第256731号 版次 2022年3月第1版 著. --北京'
    """
    for pattern, replacement in _OCR_FIXES:
        text = pattern.sub(replacement, text)
    return text
