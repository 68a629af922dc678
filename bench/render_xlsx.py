"""Summary XLSX speed and memory (target: a 10,000-row summary in ≤ 3 s and ≤ 500 MB).

Run: ``.venv/bin/python bench/render_xlsx.py [rows]`` (default: 1,000 and 10,000). For each
summary form it prints, each measured on its own:

- ``writer``: our writer (XlsxWriter, ``constant_memory``) beside the openpyxl write-only
  writer it replaced (the file generator/xlsx.py at commit ``BASELINE``, loaded from git, fed
  the same single sheet), and openpyxl's public write-only ``append`` of styled cells (the
  data rows only: a lower bound of a public openpyxl writer), alternating three times,
  medians and their ratios;
- ``xlsx``: ``summary_to_xlsx`` alone, its time, and the
  peak of Python allocations during the call (tracemalloc, in a second run: tracing makes
  Python several times slower, so the time is taken untraced);
- ``context+xlsx``: building the context from the records, then the writer;
- ``validation + fingerprint``: that step alone, in one process and on two, alternating, and
  their ratio;
- ``render()``: the whole pipeline, including validating every record and the QR fingerprint
  (on two processes when this one may fork: generator/parallel.py), the median of three runs;

and the process's peak resident size at the end (``resource.getrusage``, includes the records
and the interpreter). No assertion: the figures are for reading.
"""
from __future__ import annotations

import copy
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdnum import ean  # noqa: E402

from generator import parallel  # noqa: E402
from generator.forms import FORMS  # noqa: E402
from generator.parallel import processes_for  # noqa: E402
from generator.render import _qr, record_to_context, render  # noqa: E402
from generator.xlsx import summary_to_xlsx  # noqa: E402

BASELINE = "2a67ac3"      # main before issue #14's XLSX work: openpyxl write-only + ws._rows

KINDS = {"registration_summary": "achievement-registration",
         "publication_mailing": "nssf-publication"}


def records(kind: str, n: int) -> list[dict]:
    samples = [json.loads(p.read_text("utf-8"))
               for p in sorted((ROOT / "samples/records" / kind).glob("*.json"))]
    out = []
    for i in range(n):
        r = copy.deepcopy(samples[i % len(samples)])
        r["id"] = f"{r['id']}-{i:05d}"
        if "achievement" in r:
            r["achievement"]["name"] += f"（第{i + 1}项）"
        else:
            r["book"]["title"] += f"（第{i + 1}册）"
            # every book its own valid ISBN, so nothing is answered from a cache
            body = f"97875201{i:04d}"
            r["book"]["isbn"] = body + ean.calc_check_digit(body)
        out.append(r)
    return out


def openpyxl_writer():
    """The baseline writer module, from git (it used openpyxl's private ws._rows/_writer)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE}:generator/xlsx.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("xlsx_openpyxl_baseline")
    exec(compile(source, f"{BASELINE}:generator/xlsx.py", "exec"), module.__dict__)
    return module


def one_body(recs: list[dict]) -> list[dict]:
    """One sealing body, so that both writers write one sheet of every row."""
    for r in recs:
        (r["registering_body"] if "achievement" in r else r["project"]["responsible_unit"])["name"] = "山西大学"
    return recs


def flat_context(ctx):
    """The baseline's context shape: the one sheet's fields beside the form's."""
    sheet = ctx.sheets[0]
    return types.SimpleNamespace(**{k: getattr(ctx, k) for k in (
        "form_title", "subtitle", "columns", "notes", "label_title")}, **{k: getattr(sheet, k) for k in (
        "meta", "sheet_rows", "sheet_totals", "label_lines", "signatures")})


def openpyxl_public_rows(ctx) -> bytes:
    """A lower bound of an openpyxl writer on its public API only: the data rows alone, each
    cell a styled ``WriteOnlyCell`` through ``ws.append`` (no title, QR, totals or set-up)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("rows")
    thin = Side(style="thin")
    font, box = Font(name="SimSun", size=10), Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="center", wrap_text=True)
    for values in ctx.sheets[0].sheet_rows:
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=v)
            c.font, c.border, c.alignment = font, box, wrap
            cells.append(c)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def writers_side_by_side(name: str, n: int, baseline) -> None:
    form = FORMS[name]
    ctx = record_to_context(form, one_body(records(KINDS[name], n)))
    png = io.BytesIO()
    _qr(form, []).save(png, kind="png", scale=3, border=2)
    ours, theirs, public = [], [], []
    for _ in range(3):
        for target, fn in ((theirs, lambda: baseline.summary_to_xlsx(flat_context(ctx), qr_png=png.getvalue())),
                           (public, lambda: openpyxl_public_rows(ctx)),
                           (ours, lambda: summary_to_xlsx(ctx, qr_png=png.getvalue()))):
            t = time.perf_counter()
            fn()
            target.append(time.perf_counter() - t)
    a, p, b = statistics.median(theirs), statistics.median(public), statistics.median(ours)
    print(f"{name:22} {n:6} rows  writer: openpyxl private ws._rows {a:6.2f} s, openpyxl public "
          f"append (rows only) {p:6.2f} s, XlsxWriter {b:6.2f} s; ratios to XlsxWriter "
          f"{a / b:.2f}× and {p / b:.2f}× (medians of 3, alternating)")


def measure(fn):
    """(result, seconds untraced, peak traced bytes of a second call)."""
    t = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def main(n: int) -> None:
    for name, kind in KINDS.items():
        form = FORMS[name]
        recs = records(kind, n)
        ctx = record_to_context(form, recs)
        png = io.BytesIO()
        _qr(form, recs).save(png, kind="png", scale=3, border=2)
        data, s, peak = measure(lambda ctx=ctx, png=png: summary_to_xlsx(ctx, qr_png=png.getvalue()))
        print(f"{name:22} {n} rows  xlsx          {s:6.2f} s  peak {peak / 2**20:7.1f} MB"
              f"  ({len(data) / 2**20:.1f} MB file)")
        _, s, peak = measure(lambda form=form, recs=recs, png=png: summary_to_xlsx(
            record_to_context(form, recs), qr_png=png.getvalue()))
        print(f"{name:22} {n} rows  context+xlsx  {s:6.2f} s  peak {peak / 2**20:7.1f} MB")
        one, two = [], []
        for _ in range(3):                 # alternating, as bench/render.py does
            for target, limit in ((one, 10 ** 9), (two, parallel.PARALLEL_FROM)):
                saved, parallel.PARALLEL_FROM = parallel.PARALLEL_FROM, limit
                t = time.perf_counter()
                parallel.validate_and_fingerprint(recs)
                target.append(time.perf_counter() - t)
                parallel.PARALLEL_FROM = saved
        print(f"{name:22} {n} rows  validation + fingerprint: one process "
              f"{statistics.median(one):.2f} s, {processes_for(n)} processes "
              f"{statistics.median(two):.2f} s ({statistics.median(one) / statistics.median(two):.1f}×)")
        times = []
        for _ in range(3):
            t = time.perf_counter()
            render(name, recs, "xlsx")
            times.append(time.perf_counter() - t)
        print(f"{name:22} {n} rows  render()      {statistics.median(times):6.2f} s"
              f"  (median of 3: {', '.join(f'{x:.2f}' for x in times)}; validation and fingerprint"
              f" on {processes_for(n)} processes, context, xlsx; not traced)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the process: {rss:.0f} MB")


if __name__ == "__main__":
    baseline = openpyxl_writer()
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    for size in sizes:
        for form_name in KINDS:
            writers_side_by_side(form_name, size, baseline)
    main(sizes[-1])
