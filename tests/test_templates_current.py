"""The committed templates are what generator/layouts/ describes: a layout changed without
``python -m generator.build_templates`` (or a template edited by hand and not in its layout) is
caught here, not on paper."""
from __future__ import annotations

import importlib
import zipfile

import pytest

from generator.forms import FORMS
from generator.layout import layout_to_docx, layout_to_html
from generator.render import TEMPLATE_FONT, TEMPLATES


@pytest.mark.parametrize("name", list(FORMS))
def test_committed_templates_match_their_layout(name, tmp_path):
    from generator.build_templates import placeholder_qr
    layouts = importlib.import_module(f"generator.layouts.{name}").LAYOUTS
    for variant, layout in layouts.items():
        committed = (TEMPLATES / name / f"{variant}.html").read_text("utf-8")
        assert layout_to_html(layout) == committed, f"{name}/{variant}.html"
        if "docx" not in FORMS[name].formats:
            continue
        fresh = tmp_path / f"{variant}.docx"
        layout_to_docx(layout, fresh, font=TEMPLATE_FONT, qr_placeholder_png=placeholder_qr())
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(TEMPLATES / name / f"{variant}.docx") as b:
            for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
                assert a.read(part) == b.read(part), f"{name}/{variant}.docx {part}"
