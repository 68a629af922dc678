"""OCR of scanned copyright pages (issue #15): RapidOCR (ours) against Tesseract ``chi_sim+eng``
(the engine before it) on the same scans in one run, the engines taking turns (A/B, B/A) a few
pages at a time so the machine's other load falls on both alike: pages/s (wall) and CPU seconds
per page of each, both ratios, the machine's load, how many scans give the right CIP number and
ISBN through ``parse_copyright_page``, upright (skewed 0.7°) and turned 90°/180°/270°, and the
resident memory of a RapidOCR worker.

Scans: ``samples/pdfs/`` copyright pages, and generated copyright pages (32开 book pages,
9–10 pt, both CIP forms, each book its own title, publisher, CIP number and ISBN) rendered with
WeasyPrint and made into 200 dpi greyscale scans. Both engines get the same number of worker
processes (``check.ocr_processes``), one thread each. Tesseract reads each page rendered at
300 dpi with ``--psm 3`` and the old fix-up table, as the service did before (2a67ac3);
RapidOCR reads it as ``inspect_pages`` does now: 200 dpi, :func:`validators.pdf.ocr.read_page`,
in workers forked after :func:`validators.pdf.ocr.preload`.

Run: ``.venv/bin/python bench/ocr.py`` (8 scans, a few minutes on 2 shared cores) or
``--all`` (39 generated books + the samples, upright, and 12 turned). Targets: ≥ 95 % right CIP
number and ISBN, ≥ 4× Tesseract's pages/s, turned pages as good as upright ones.
"""
from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import re
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdnum import ean  # noqa: E402
from stdnum import isbn as stdnum_isbn  # noqa: E402

from validators.pdf import ocr  # noqa: E402
from validators.pdf.check import ocr_processes  # noqa: E402
from validators.pdf.copyright import parse_copyright_page  # noqa: E402
from validators.pdf.limits import Limits  # noqa: E402
from validators.pdf.parse import fold  # noqa: E402

TITLES = ["中国传统伦理思想的现代转化", "全球治理的未来", "近代江南市镇经济研究", "数字经济与产业组织",
          "宋代士大夫政治文化", "乡村振兴的制度逻辑", "汉语方言语法比较", "明清海洋贸易史论",
          "社会网络与基层治理", "马克思主义哲学原理新探", "唐诗接受史", "城市更新中的社区参与",
          "新中国法治建设七十年", "敦煌文献整理与研究", "气候变化与国际法"]
PUBLISHERS = [("北京", "社会科学文献出版社"), ("北京", "商务印书馆"), ("上海", "上海人民出版社"),
              ("北京", "中华书局"), ("北京", "人民出版社"), ("南京", "江苏人民出版社"),
              ("北京", "中国社会科学出版社"), ("杭州", "浙江大学出版社"), ("武汉", "武汉大学出版社")]
NAMES = ["王建国", "李晓梅", "赵志刚", "刘文静", "陈思远", "张海燕", "周立新", "孙美子", "吴志强", "郑红"]
FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC"]
CSS = """@page {{ size: 140mm 203mm; margin: 15mm 14mm; }}
body {{ font-family: "{font}"; font-size: {size}pt; line-height: 1.55; }}
.cip {{ border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; padding: 2mm 0; margin: 30mm 0 5mm; }}
p {{ margin: 0.6mm 0; }}"""


def make_book(rng: random.Random, i: int) -> dict:
    year = rng.choice([2018, 2019, 2020, 2021, 2022, 2023, 2024])
    place, publisher = rng.choice(PUBLISHERS)
    body = f"{rng.randrange(100, 999)}{rng.randrange(10, 99)}{rng.randrange(100, 999)}"
    digits = "9787" + body[:8]
    isbn = digits + ean.calc_check_digit(digits)
    if year >= 2023:
        serial = f"{year}{rng.choice(['PR', 'CK', 'HX'])}{rng.randrange(1000, 9999)}"
        cip_printed, cip = f"中国国家版本馆CIP数据核字第{serial}号", serial
    else:
        serial = f"{rng.randrange(100000, 399999)}"
        cip_printed, cip = f"中国版本图书馆CIP数据核字（{year}）第{serial}号", f"{year}{serial}"
    authors = rng.sample(NAMES, rng.randrange(1, 4))
    return {"title": TITLES[i % len(TITLES)], "authors": authors, "place": place,
            "publisher": publisher, "year": year, "month": rng.randrange(1, 13), "isbn": isbn,
            "isbn_printed": "ISBN " + stdnum_isbn.format(isbn), "cip": cip,
            "cip_printed": cip_printed, "font": FONTS[i % 2], "size": 9 + (i % 3) * 0.5,
            "words": rng.randrange(180, 620), "price": f"{rng.randrange(38, 168)}.00"}


def book_html(b: dict) -> str:
    return f"""<html><head><meta charset="utf-8"><style>{CSS.format(font=b['font'], size=b['size'])}</style>
      </head><body><div class="cip"><p>图书在版编目（CIP）数据</p>
      <p>{b['title']} / {'，'.join(b['authors'])}著．－－{b['place']}：{b['publisher']}，{b['year']}.{b['month']}</p>
      <p>{b['isbn_printed']}</p><p>Ⅰ．①{b['title'][0]}…　Ⅱ．①{b['authors'][0][0]}…　Ⅲ．①研究－中国</p>
      <p>{b['cip_printed']}</p></div>
      <p>{b['title']}</p><p>著　　者／{'　'.join(b['authors'])}</p><p>出　　版／{b['publisher']}</p>
      <p>开本：880mm×1230mm　1/32　印张：12.5　字数：{b['words']}千字</p>
      <p>版　　次／{b['year']}年{b['month']}月第1版　{b['year']}年{b['month']}月第1次印刷</p>
      <p>书　　号／{b['isbn_printed']}</p><p>定　　价／{b['price']}元</p></body></html>"""


def scan_image(pdf: bytes, turn: float, dpi: int = 200):
    """Page 1 of ``pdf`` as a greyscale scan at ``dpi``, turned ``turn`` degrees."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("L")
    return image.rotate(turn, expand=True, fillcolor=255, resample=3)


def scans(count: int, turned: int) -> list[dict]:
    """Scans with their true CIP number and ISBN: the samples first, then generated books."""
    from weasyprint import HTML

    samples = ROOT / "samples" / "pdfs"
    truth = [("copyright-2021.pdf", "2021256731", "9787520164740"),
             ("copyright-2024.pdf", "2024PR2624", "9787100112345")]
    books = [{"pdf": (samples / f).read_bytes(), "cip": c, "isbn": i, "name": f} for f, c, i in truth]
    rng = random.Random(15)
    for i in range(max(0, count - len(books))):
        b = make_book(rng, i)
        books.append({"pdf": HTML(string=book_html(b)).write_pdf(), "cip": b["cip"],
                      "isbn": b["isbn"], "name": f"book-{i + 1:02d}"})
    out = [{**b, "turn": 0.7} for b in books[:count]]
    for k in range(turned):
        b = books[k % len(books)]
        out.append({**b, "turn": (90, 180, 270)[k % 3] + 0.7})
    for s in out:
        s["image"] = scan_image(s["pdf"], s["turn"])
    return out


def as_pdf_page(image, dpi: int = 200) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=dpi)
    return buf.getvalue()


# --- Tesseract, as the engine before RapidOCR read scans ------------------------------------

OLD_FIXES = (
    (re.compile(r"(?<=\d)[\]|lI](?=[\d号版次])|(?<=第)[\]|lI](?=[\d号版次])|(?<=\d)[\]|lI](?=\d)"), "1"),
    (re.compile(r"(?<=\d)[oO](?=\d)"), "0"),
    (re.compile(r"《\s*(?=CIP)"), "("),
    (re.compile(r"一{2,}|—{1,2}"), "--"),
)


def tesseract_read(scan_pdf: bytes) -> tuple[str, float]:
    """(text, CPU seconds of this worker and its tesseract) of one scan, as ``page_images`` and
    ``ocr`` read it before RapidOCR (2a67ac3): 300 dpi, ``chi_sim+eng``, ``--psm 3``, fix-ups."""
    import pypdfium2 as pdfium

    start = _cpu()
    page = pdfium.PdfDocument(scan_pdf)[0].render(scale=300 / 72).to_pil().convert("L")
    png = io.BytesIO()
    page.save(png, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim+eng", "--dpi", "300",
                           "--psm", "3"], input=png.getvalue(), capture_output=True, timeout=300)
    text = fold(done.stdout.decode("utf-8", "replace"))
    for pattern, replacement in OLD_FIXES:
        text = pattern.sub(replacement, text)
    return text, _cpu() - start


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# --- RapidOCR, as inspect_pages reads a page now ---------------------------------------------

def rapid_read(scan_pdf: bytes) -> tuple[str, str, float, float]:
    """(cleaned text, raw text, CPU seconds, this worker's resident MB) of one scan, in a worker
    forked after ``ocr.preload()`` (as ``check._look`` forks them)."""
    import pypdfium2 as pdfium

    start = _cpu()
    image = pdfium.PdfDocument(scan_pdf)[0].render(scale=200 / 72).to_pil()
    raw = fold(ocr.read_page(image, 1).text)
    return ocr.clean_ocr_text(raw), raw, _cpu() - start, _rss_mb()


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def interleaved(pdfs: list[bytes], processes: int) -> dict:
    """Both engines on the same scans, ``processes`` pages at a time each, taking turns chunk
    by chunk (A/B, then B/A) so that the other load on the machine falls on both alike."""
    fork = multiprocessing.get_context("fork")
    ocr.preload()
    with ProcessPoolExecutor(processes, mp_context=fork) as rapid_pool, \
            ProcessPoolExecutor(processes, mp_context=fork) as tess_pool:
        engines = {"Tesseract": (tess_pool, tesseract_read), "RapidOCR": (rapid_pool, rapid_read)}
        results = {name: [] for name in engines}
        wall = {name: 0.0 for name in engines}
        for k in range(0, len(pdfs), processes):
            chunk = pdfs[k:k + processes]
            order = list(engines) if (k // processes) % 2 == 0 else list(reversed(engines))
            for name in order:
                pool, read = engines[name]
                start = time.monotonic()
                results[name] += list(pool.map(read, chunk))
                wall[name] += time.monotonic() - start
    return {"results": results, "wall": wall}


def right(text: str, s: dict) -> tuple[bool, bool]:
    fields = parse_copyright_page(text, 1, via="ocr")
    return (fields.get("cip", {}).get("value") == s["cip"],
            s["isbn"] in {i["value"] for i in fields.get("isbns", [])})


def tally(label: str, rows: list[tuple[dict, str]]) -> None:
    for name, keep in (("upright (0.7°)", lambda s: s["turn"] < 1),
                       ("turned 90/180/270°", lambda s: s["turn"] > 1)):
        chosen = [(s, t) for s, t in rows if keep(s)]
        if not chosen:
            continue
        marks = [right(t, s) for s, t in chosen]
        both = sum(c and i for c, i in marks)
        print(f"  {label:10s} {name:20s} CIP {sum(c for c, _ in marks)}/{len(marks)}  "
              f"ISBN {sum(i for _, i in marks)}/{len(marks)}  both {both}/{len(marks)} "
              f"({100 * both / len(marks):.0f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="41 upright scans and 12 turned ones")
    args = parser.parse_args()
    count, turned = (41, 12) if args.all else (5, 3)
    chosen = scans(count, turned)
    pdfs = [as_pdf_page(s["image"]) for s in chosen]
    processes = ocr_processes(len(pdfs), Limits.from_env())
    print(f"{len(chosen)} scans ({count} upright, {turned} turned), {processes} process(es) per "
          f"engine, 1 thread each (OMP_THREAD_LIMIT=1 for Tesseract); load before: {_load()}")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    run = interleaved(pdfs, processes)
    tess, rapid = run["results"]["Tesseract"], run["results"]["RapidOCR"]
    n = len(pdfs)
    speeds = {}
    for name, cpu in (("Tesseract chi_sim+eng, 300 dpi", [r[1] for r in tess]),
                      ("RapidOCR PP-OCRv6 small, 200 dpi", [r[2] for r in rapid])):
        wall = run["wall"][name.split()[0]]
        speeds[name.split()[0]] = (n / wall, sum(cpu) / n)
        print(f"{name}: {n / wall:.3f} pages/s ({wall:.1f} s wall); CPU {sum(cpu) / n:.2f} s/page")
    (t_ps, t_cpu), (r_ps, r_cpu) = speeds["Tesseract"], speeds["RapidOCR"]
    print(f"ratio RapidOCR / Tesseract: {r_ps / t_ps:.2f}× pages/s (wall), "
          f"{t_cpu / r_cpu:.2f}× CPU seconds per page")
    for name, keep in (("upright", lambda s: s["turn"] < 1), ("turned", lambda s: s["turn"] > 1)):
        rows = [(t[1], r[2]) for s, t, r in zip(chosen, tess, rapid) if keep(s)]
        if rows:
            t_mean, r_mean = (sum(x) / len(rows) for x in zip(*rows))
            print(f"  {name} pages, CPU s/page: Tesseract {t_mean:.2f}, RapidOCR {r_mean:.2f} "
                  f"({t_mean / r_mean:.2f}×)")
    print(f"resident memory of a RapidOCR worker forked after preload: up to "
          f"{max(r[3] for r in rapid):.0f} MB (the preloading process: {_rss_mb():.0f} MB)")
    print("right CIP number and ISBN (parse_copyright_page on the OCR text):")
    tally("Tesseract", [(s, t[0]) for s, t in zip(chosen, tess)])
    tally("RapidOCR", [(s, r[0]) for s, r in zip(chosen, rapid)])
    changed = sum(1 for r in rapid if r[0] != r[1])
    needed = sum(1 for r in rapid if ("title" in parse_copyright_page(r[0], 1))
                 != ("title" in parse_copyright_page(r[1], 1)))
    print(f"RapidOCR fix-ups: change {changed}/{n} pages; the CIP line (title, authors, "
          f"publisher) is parsed only thanks to them on {needed}")
    for s, r in zip(chosen, rapid):
        if not all(right(r[0], s)):
            print(f"  missed by RapidOCR: {s['name']} turned {s['turn']}° (CIP {s['cip']}, ISBN {s['isbn']})")
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
