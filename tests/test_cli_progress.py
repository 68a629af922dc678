"""The command line shows progress on long work (issue #16): rendering many records and
checking many PDFs print one plain line per item when not on a terminal (a log, a pipe, CI),
with the count, the rate and the time left; on a terminal a Rich progress bar shows the same."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pg import APPLIED, sample

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
PAPERWORK = str(Path(sys.executable).parent / "paperwork")
LINE = re.compile(r"^(?P<what>[^：]+)：(?P<done>\d+)/(?P<total>\d+) (?P<unit>\S+)，[\d.]+ \S+/秒，预计还需 \d+ 秒$")


def progress_lines(stderr: str) -> list[re.Match]:
    return [m for m in map(LINE.match, stderr.splitlines()) if m]


def test_render_of_many_records_prints_a_line_per_record(tmp_path):
    files = []
    for i in range(3):
        record = sample(APPLIED)
        record["id"] = f"AR-2025-SX-{i:04d}"
        files.append(tmp_path / f"r{i}.json")
        files[-1].write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    r = subprocess.run([PAPERWORK, "render", *map(str, files), "--form", "registration_form",
                        "--format", "docx", "-o", str(tmp_path / "out"), "--jobs", "2"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = progress_lines(r.stderr)
    assert [(m["what"], m["done"], m["total"], m["unit"]) for m in lines] == [
        ("生成表格", str(n), "3", "份") for n in (1, 2, 3)], r.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3


def test_check_pdf_of_many_files_prints_a_line_per_file():
    pdfs = sorted(CORPUS.glob("*.pdf"))[:3]
    r = subprocess.run([PAPERWORK, "check-pdf", *map(str, pdfs), "--no-ocr"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode in (0, 1, 2), r.stderr
    lines = progress_lines(r.stderr)
    assert [(m["what"], m["done"], m["total"], m["unit"]) for m in lines] == [
        ("核对 PDF", str(n), "3", "个文件") for n in (1, 2, 3)], r.stderr
