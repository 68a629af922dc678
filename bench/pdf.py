"""PDF intake speed (issue #5 "Speed"): pages per second for text extraction + document
recognition on a 200-page text PDF, ours against a naive pdfplumber ``extract_text()`` loop in
the same run; OCR of a scanned page measured separately.

Run: ``.venv/bin/python bench/pdf.py`` (targets: ≥ 100 text pages/s on one core, ≥ 5× naive).
The 200-page PDF is generated once with WeasyPrint into a temporary directory.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from validators.pdf import worker  # noqa: E402
from validators.pdf.check import check_pdf  # noqa: E402
from validators.pdf.copyright import parse_copyright_page  # noqa: E402
from validators.pdf.doctypes import recognise  # noqa: E402
from validators.pdf.limits import Limits  # noqa: E402
from validators.pdf.page_images import inspect_pages  # noqa: E402
from validators.pdf.parse import open_pdf  # noqa: E402

PAGES = 200
TITLES = ["项目验收报告", "专家验收意见", "项目任务书", "财务决算报告", "技术报告", "研制报告",
          "用户报告", "经费明细账"]
PARAGRAPH = ("本项目针对煤矸石堆存占地和环境污染问题，研发了以煤矸石为主要骨料的高性能膏体充填材料及其"
             "制备工艺，提出了活化激发与级配优化方法，充填体二十八天抗压强度达到设计要求。") * 3


LATIN = "The project studied paste backfill made from coal gangue and its preparation. " * 6


def make_pdf(path: Path, font: str = "Noto Serif CJK SC", paragraph: str = PARAGRAPH) -> None:
    from weasyprint import HTML

    pages = []
    for i in range(PAGES):
        title = f"<h1>{TITLES[(i // 25) % len(TITLES)]}</h1>" if i % 25 == 0 else ""
        body = "".join(f"<p>{paragraph}</p>" for _ in range(5))
        pages.append(f'<div style="page-break-after: always">{title}<p>第 {i + 1} 页</p>{body}</div>')
    html = ("<html><head><meta charset='utf-8'><style>@page{size:A4;margin:20mm}"
            f"body{{font-family:'{font}';font-size:11pt}}</style></head><body>"
            + "".join(pages) + "</body></html>")
    HTML(string=html).write_pdf(path)


def ours(path: Path) -> int:
    parsed = open_pdf(path, limits=Limits(timeout_s=120))
    docs = recognise([p.text for p in parsed.pages])
    for d in docs:
        if d["type"] == "版权页":
            parse_copyright_page(parsed.pages[d["pages"][0] - 1].text, d["pages"][0])
    return parsed.page_count


def naive(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    return len(texts)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the worker processes): on a busy
    shared machine this, not the wall clock, says what one core does."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, *args, repeat: int = 3) -> tuple[float, int, float]:
    """Best wall time, the result, and the CPU time of that best run."""
    best, result, cpu = float("inf"), None, 0.0
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), cpu_seconds()
        result = fn(*args)
        wall = time.perf_counter() - started
        if wall < best:
            best, cpu = wall, cpu_seconds() - started_cpu
    return best, result, cpu


def compare(path: Path, label: str) -> None:
    t_ours, n, c_ours = timed(ours, path)
    t_naive, m, c_naive = timed(naive, path, repeat=1)
    assert n == m == PAGES
    print(f"{label}: {PAGES} pages ({path.stat().st_size / 1e6:.2f} MB)")
    print(f"  ours  (pypdfium2 in a worker + recognition): wall {t_ours:6.2f} s {n / t_ours:6.1f} pages/s;"
          f" CPU {c_ours:6.2f} s {n / c_ours:6.1f} pages per CPU-second")
    print(f"  naive (pdfplumber extract_text loop):       wall {t_naive:6.2f} s {m / t_naive:6.1f} pages/s;"
          f" CPU {c_naive:6.2f} s {m / c_naive:6.1f} pages per CPU-second")
    print(f"  ratio ours/naive: {t_naive / t_ours:.1f}x wall, {c_naive / c_ours:.1f}x CPU")


def main() -> None:
    import os

    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-200.pdf"
        make_pdf(path)
        # Chinese text in an embedded CFF (OpenType) font: pdfium loads a glyph outline for
        # every character when it builds the text page, which dominates the time.
        compare(path, "Chinese text PDF, Noto Serif CJK (CFF font)")
        t_check, _, _ = timed(lambda: check_pdf(path, use_ocr=False), repeat=1)
        print(f"  full check_pdf (with QR/seal on sampled pages): {t_check:.2f} s  {PAGES / t_check:.1f} pages/s")
        # What Word and WPS write for 宋体 documents: a CID TrueType font. Most uploads
        # (reports, certificates, ledgers) are of this kind; pdfium is much faster on it.
        truetype = Path(tmp) / "bench-200-truetype.pdf"
        make_pdf(truetype, "WenQuanYi Micro Hei")
        compare(truetype, "Chinese text PDF, WenQuanYi Micro Hei (CID TrueType, as Word/WPS write 宋体)")
        latin = Path(tmp) / "bench-200-latin.pdf"
        make_pdf(latin, "DejaVu Serif", LATIN)
        compare(latin, "Latin text PDF, DejaVu Serif (TrueType font)")
    scan = ROOT / "samples" / "pdfs" / "scanned-copyright.pdf"
    data = scan.read_bytes()
    t_ocr, _, c_ocr = timed(lambda: worker.run(inspect_pages, data, {1: ("ocr",)}, 120,
                                        limits=Limits(timeout_s=120)), repeat=2)
    print(f"OCR (RapidOCR PP-OCRv6 small, 200 dpi, one A4 page): wall {t_ocr:.2f} s {1 / t_ocr:.2f} pages/s;"
          f" CPU {c_ocr:.2f} s (bench/ocr.py compares it with Tesseract)")


if __name__ == "__main__":
    main()
