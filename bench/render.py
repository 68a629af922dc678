"""Milliseconds per form: our rendering path against the naive one, side by side in one run.

Naive DOCX (issue #4): ``DocxTemplate(path)`` loaded on every call, ``render`` with the
context, the QR picture swapped with ``replace_zipname``, ``save``; the QR made by segno with
its defaults (all eight masks tried) and written by segno's PNG writer.
Naive PDF: a fresh ``HTML(string=...).write_pdf()`` per call with the stylesheet parsed and a
new font configuration every time, the QR as segno's SVG data URI.
Ours: ``generator.render.render`` (templates compiled once, static DOCX parts compressed once,
cached stylesheet and fonts, QR with a fixed mask drawn by Pillow). Both paths build the same
context from the same record and validate nothing (ours validates; the difference is noise).

Each form renders from its first sample (summaries: all samples), ``--runs`` times per path,
the two paths alternating run by run; the medians and their ratio are printed.

    .venv/bin/python bench/render.py [--runs 15] [--forms registration_form,...]
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import json
import statistics
import time
from pathlib import Path

import segno

from generator import render as R
from generator.forms import FORMS
from validators.fingerprint import qr_payload

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "records"


def sample_records(form) -> list[dict]:
    paths = sorted((SAMPLES / form.kinds[0]).glob("*.json"))
    records = [json.loads(p.read_text("utf-8")) for p in paths]
    return records if form.many else records[:1]


def naive_docx(form, records) -> bytes:
    from docxtpl import DocxTemplate
    ctx = R.record_to_context(form, records)
    qr = segno.make(qr_payload(form.name, records if form.many else records[0]), error="m")
    tpl = DocxTemplate(str(R.TEMPLATES / form.name / f"{ctx.template}.docx"))
    values = R.context_values(ctx)
    values.update(watermark="", page_class="portrait", qr_data_uri="")
    tpl.render(values, autoescape=True)
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    tpl.zipname_to_replace["word/media/image1.png"] = png.getvalue()  # replace_zipname, from memory
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def naive_pdf(form, records) -> tuple[bytes, int]:
    from jinja2 import Environment, FileSystemLoader
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    ctx = R.record_to_context(form, records)
    qr = segno.make(qr_payload(form.name, records if form.many else records[0]), error="m")
    env = Environment(loader=FileSystemLoader(str(R.TEMPLATES)), autoescape=True,
                      finalize=lambda v: "" if v is None else v)
    values = R.context_values(ctx)
    values.update(qr_data_uri=qr.svg_data_uri(scale=4, border=1), watermark="",
                  page_class="landscape" if getattr(ctx, "landscape", False) else "portrait")
    html = env.get_template(f"{form.name}/{ctx.template}.html").render(values)
    font_config = FontConfiguration()
    css = CSS(string=(R.TEMPLATES / "form.css").read_text("utf-8")
              .replace("__FONT__", R.OPTIONS["font"]), font_config=font_config)
    document = HTML(string=html, base_url=str(R.TEMPLATES)).render(
        stylesheets=[css], font_config=font_config)
    return document.write_pdf(), len(document.pages)


def ours(form, records, fmt):
    return R.render(form.name, records if form.many else records[0], fmt)


def paired_median_ms(naive_fn, ours_fn, runs: int) -> tuple[float, float]:
    """Median ms of each path; the two alternate run by run, so a burst of load on this
    shared machine hits both alike."""
    naive_fn()                             # warm: imports, first compile
    ours_fn()
    naive, ours_ = [], []
    for _ in range(runs):
        for fn, times in ((naive_fn, naive), (ours_fn, ours_)):
            gc.collect()                   # as timeit does: no collection of the other
            gc.disable()                   # path's garbage inside a timed call
            try:
                start = time.perf_counter()
                fn()
                times.append((time.perf_counter() - start) * 1000)
            finally:
                gc.enable()
    return statistics.median(naive), statistics.median(ours_)


def renderable(form) -> bool:
    return importlib.util.find_spec(form.module) is not None and (R.TEMPLATES / form.name).is_dir()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--forms", default="", help="comma-separated form names (default: all)")
    args = parser.parse_args()
    names = [n for n in args.forms.split(",") if n] or list(FORMS)
    print(f"{'form':24s} {'fmt':4s} {'pages':>5s} {'naive ms':>9s} {'ours ms':>8s} "
          f"{'ours ms/page':>12s} {'ratio':>6s}")
    for name in names:
        form = FORMS[name]
        if not renderable(form):
            print(f"{name:24s} (no template yet)")
            continue
        records = sample_records(form)
        for fmt in form.formats:
            if fmt == "docx":
                naive_fn, pages = (lambda form=form, records=records: naive_docx(form, records)), None
            elif fmt == "pdf":
                naive_fn, pages = (lambda form=form, records=records: naive_pdf(form, records)), ours(form, records, "pdf").pages
            else:
                continue                   # XLSX: bench/render_xlsx.py (10,000 rows)
            naive, mine = paired_median_ms(
                naive_fn, lambda form=form, records=records, fmt=fmt: ours(form, records, fmt), args.runs)
            per_page = f"{mine / pages:12.1f}" if pages else f"{'':12s}"
            print(f"{name:24s} {fmt:4s} {pages or '':>5} {naive:9.1f} {mine:8.1f} {per_page} "
                  f"{naive / mine:5.1f}×")


if __name__ == "__main__":
    main()
