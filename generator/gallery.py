"""Write docs/forms/<form>.png: the first page of every form, rendered from the samples.

    .venv/bin/python -m generator.gallery

The README shows these pictures; run this again after changing a layout or the stylesheet.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.forms import FORMS
from generator.render import render

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "forms"


def sample_records(kind: str) -> list[dict]:
    return [json.loads(p.read_text("utf-8"))
            for p in sorted((ROOT / "samples" / "records" / kind).glob("*.json"))]


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names or FORMS:
        form = FORMS[name]
        records = sample_records(form.kinds[0])
        rendered = render(name, records if form.many else records[0], "pdf")
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "form.pdf"
            pdf.write_bytes(rendered.data)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(OUT / name)], check=True)
        print(OUT / f"{name}.png", f"({rendered.pages} 页)")


if __name__ == "__main__":
    main(sys.argv[1:])
