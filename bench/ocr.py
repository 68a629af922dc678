"""OCR of scanned copyright pages (issue #15): RapidOCR (ours, with the int8 models of
``validators.pdf.ocr_models``) against Tesseract ``chi_sim+eng`` (the engine before it) and against
RapidOCR with the wheel's float models, on the same scans in one run, the engines taking turns
(A/B/C, B/C/A, …) a few pages at a time so the machine's other load falls on all alike: pages/s
(wall) and CPU seconds per page of each, the ratios, the machine's load, how many scans give the right CIP number and
ISBN through ``parse_copyright_page``, upright (skewed 0.7°) and turned 90°/180°/270°, and the
resident memory of a RapidOCR worker.

Scans: ``samples/pdfs/`` copyright pages, and generated copyright pages (32开 book pages,
9–10 pt, both CIP forms, each book its own title, publisher, CIP number and ISBN) rendered with
WeasyPrint and made into 200 dpi greyscale scans (the page maker is ``ocr_models``'s, which
calibrates the int8 models on other books of its own). The engines get the same number of worker
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


from validators.pdf import ocr  # noqa: E402
from validators.pdf.check import ocr_processes  # noqa: E402
from validators.pdf.copyright import parse_copyright_page  # noqa: E402
from validators.pdf.limits import Limits  # noqa: E402
from validators.pdf.ocr_models import book_html, make_book, scan_image  # noqa: E402
from validators.pdf.parse import fold  # noqa: E402


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


# --- RapidOCR, as inspect_pages reads a page now (int8 models), and with the wheel's float ones -

def rapid_read(scan_pdf: bytes, int8: bool = True) -> tuple[str, str, float, float]:
    """(cleaned text, raw text, CPU seconds, this worker's resident MB) of one scan, in a worker
    forked after ``ocr.preload()`` (as ``check._look`` forks them)."""
    import pypdfium2 as pdfium

    start = _cpu()
    image = pdfium.PdfDocument(scan_pdf)[0].render(scale=200 / 72).to_pil()
    raw = fold(ocr.read_page(image, 1, int8).text)
    return ocr.clean_ocr_text(raw), raw, _cpu() - start, _rss_mb()


def rapid_read_float(scan_pdf: bytes) -> tuple[str, str, float, float]:
    return rapid_read(scan_pdf, int8=False)


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


ENGINES = {"Tesseract": tesseract_read, "RapidOCR": rapid_read, "RapidOCR-float": rapid_read_float}
LABELS = {"Tesseract": "Tesseract chi_sim+eng, 300 dpi",
          "RapidOCR": "RapidOCR PP-OCRv6 small int8, 200 dpi",
          "RapidOCR-float": "RapidOCR PP-OCRv6 small float (the wheel's models), 200 dpi"}


def interleaved(pdfs: list[bytes], processes: int) -> dict:
    """The engines on the same scans, ``processes`` pages at a time each, taking turns chunk by
    chunk (A/B/C, then B/C/A, …) so that the other load on the machine falls on all alike."""
    fork = multiprocessing.get_context("fork")
    ocr.preload()
    ocr.preload(int8=False)
    pools = {name: ProcessPoolExecutor(processes, mp_context=fork) for name in ENGINES}
    try:
        results = {name: [] for name in ENGINES}
        wall = {name: 0.0 for name in ENGINES}
        names = list(ENGINES)
        for k in range(0, len(pdfs), processes):
            chunk = pdfs[k:k + processes]
            turn = (k // processes) % len(names)
            for name in names[turn:] + names[:turn]:
                start = time.monotonic()
                results[name] += list(pools[name].map(ENGINES[name], chunk))
                wall[name] += time.monotonic() - start
    finally:
        for pool in pools.values():
            pool.shutdown()
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
    models = {kind: ocr.int8_model(kind).is_file() for kind in ocr.INT8_MODELS}
    print("int8 models: " + ", ".join(f"{k} {'made' if v else 'ABSENT (float used)'}"
                                       for k, v in models.items()))
    run = interleaved(pdfs, processes)
    res = run["results"]
    tess, rapid = res["Tesseract"], res["RapidOCR"]
    n = len(pdfs)
    cpu_of = {"Tesseract": lambda r: r[1], "RapidOCR": lambda r: r[2], "RapidOCR-float": lambda r: r[2]}
    speeds = {}
    for name in ENGINES:
        wall, cpu = run["wall"][name], [cpu_of[name](r) for r in res[name]]
        speeds[name] = (n / wall, sum(cpu) / n)
        print(f"{LABELS[name]}: {n / wall:.3f} pages/s ({wall:.1f} s wall); CPU {sum(cpu) / n:.2f} s/page")
    t_ps, t_cpu = speeds["Tesseract"]
    for name in ("RapidOCR", "RapidOCR-float"):
        r_ps, r_cpu = speeds[name]
        print(f"ratio {name} / Tesseract: {r_ps / t_ps:.2f}× pages/s (wall), "
              f"{t_cpu / r_cpu:.2f}× CPU seconds per page")
    (i_ps, i_cpu), (f_ps, f_cpu) = speeds["RapidOCR"], speeds["RapidOCR-float"]
    print(f"ratio RapidOCR int8 / float: {i_ps / f_ps:.2f}× pages/s (wall), {f_cpu / i_cpu:.2f}× CPU")
    for part, keep in (("upright", lambda s: s["turn"] < 1), ("turned", lambda s: s["turn"] > 1)):
        rows = [tuple(cpu_of[name](res[name][i]) for name in ENGINES)
                for i, s in enumerate(chosen) if keep(s)]
        if rows:
            t_mean, r_mean, f_mean = (sum(x) / len(rows) for x in zip(*rows))
            print(f"  {part} pages, CPU s/page: Tesseract {t_mean:.2f}, RapidOCR int8 {r_mean:.2f} "
                  f"({t_mean / r_mean:.2f}×), float {f_mean:.2f} ({t_mean / f_mean:.2f}×)")
    print(f"resident memory of a RapidOCR worker forked after preload: up to "
          f"{max(r[3] for r in rapid):.0f} MB (the preloading process, both model sets: "
          f"{_rss_mb():.0f} MB)")
    print("right CIP number and ISBN (parse_copyright_page on the OCR text):")
    tally("Tesseract", [(s, t[0]) for s, t in zip(chosen, tess)])
    tally("RapidOCR", [(s, r[0]) for s, r in zip(chosen, rapid)])
    tally("float", [(s, r[0]) for s, r in zip(chosen, res["RapidOCR-float"])])
    changed = sum(1 for r in rapid if r[0] != r[1])
    needed = sum(1 for r in rapid if ("title" in parse_copyright_page(r[0], 1))
                 != ("title" in parse_copyright_page(r[1], 1)))
    print(f"RapidOCR fix-ups: change {changed}/{n} pages; the CIP line (title, authors, "
          f"publisher) is parsed only thanks to them on {needed}")
    for name in ("RapidOCR", "RapidOCR-float"):
        for s, r in zip(chosen, res[name]):
            if not all(right(r[0], s)):
                print(f"  missed by {name}: {s['name']} turned {s['turn']}° (CIP {s['cip']}, ISBN {s['isbn']})")
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
