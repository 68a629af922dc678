"""Write templates/<form>/<variant>.html and .docx from generator/layouts/<form>.py (and
templates/<form>/form.html, the page of variants that differ only in their parts).

    python -m generator.build_templates            # every form
    python -m generator.build_templates completion  # one form

The written templates are committed; run this again after changing a layout.
"""
from __future__ import annotations

import importlib
import io
import sys

import segno

from generator.forms import FORMS
from generator.layout import html_templates, layout_to_docx
from generator.render import TEMPLATE_FONT, TEMPLATES


def placeholder_qr() -> bytes:
    buf = io.BytesIO()
    segno.make("PW1;form=template", error="m").save(buf, kind="png", scale=6, border=2)
    return buf.getvalue()


def build(form_name: str) -> list[str]:
    layouts = importlib.import_module(f"generator.layouts.{form_name}").LAYOUTS
    out_dir = TEMPLATES / form_name
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, source in html_templates(form_name, layouts).items():
        html = out_dir / f"{stem}.html"
        html.write_text(source, "utf-8")
        written.append(str(html))
    for variant, layout in layouts.items():
        if "docx" in FORMS[form_name].formats:       # the summaries are XLSX and PDF (SPEC)
            docx = out_dir / f"{variant}.docx"
            layout_to_docx(layout, docx, font=TEMPLATE_FONT, qr_placeholder_png=placeholder_qr())
            written.append(str(docx))
    return written


def main(argv: list[str]) -> None:
    names = argv or [n for n in FORMS
                     if importlib.util.find_spec(f"generator.layouts.{n}") is not None]
    for name in names:
        for path in build(name):
            print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
