"""The committed templates are what generator/layouts/ describes: a layout changed without
``python -m generator.build_templates`` (or a template edited by hand and not in its layout) is
caught here, not on paper."""
from __future__ import annotations

import importlib
import zipfile

import pytest

from generator.forms import FORMS
from generator.layout import Heading, Layout, Para, Part, html_templates, layout_to_docx, layout_to_html
from generator.render import TEMPLATE_FONT, TEMPLATES


@pytest.mark.parametrize("name", list(FORMS))
def test_committed_templates_match_their_layout(name, tmp_path):
    from generator.build_templates import placeholder_qr
    layouts = importlib.import_module(f"generator.layouts.{name}").LAYOUTS
    sources = html_templates(name, layouts)
    assert set(layouts) <= set(sources)
    # no template left over from a layout that is gone
    assert {p.stem for p in (TEMPLATES / name).glob("*.html")} == set(sources), name
    for stem, source in sources.items():
        committed = (TEMPLATES / name / f"{stem}.html").read_text("utf-8")
        assert source == committed, f"{name}/{stem}.html"
    for variant, layout in layouts.items():
        if "docx" not in FORMS[name].formats:
            continue
        fresh = tmp_path / f"{variant}.docx"
        layout_to_docx(layout, fresh, font=TEMPLATE_FONT, qr_placeholder_png=placeholder_qr())
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(TEMPLATES / name / f"{variant}.docx") as b:
            for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
                assert a.read(part) == b.read(part), f"{name}/{variant}.docx {part}"


@pytest.mark.parametrize("name", list(FORMS))
def test_a_variant_on_the_shared_page_renders_as_its_whole_layout(name):
    """A variant that extends ``form.html`` renders to the very markup of its layout written out
    whole: sharing the page changes nothing on paper."""
    from jinja2 import ChainableUndefined, ChoiceLoader, DictLoader, Environment, FileSystemLoader
    layouts = importlib.import_module(f"generator.layouts.{name}").LAYOUTS
    whole = {f"whole/{v}.html": layout_to_html(layout) for v, layout in layouts.items()}
    env = Environment(loader=ChoiceLoader([DictLoader(whole), FileSystemLoader(str(TEMPLATES))]),
                      autoescape=True, undefined=ChainableUndefined)
    for variant in layouts:
        assert env.get_template(f"{name}/{variant}.html").render() == \
            env.get_template(f"whole/{variant}.html").render(), f"{name}/{variant}"


def test_variants_that_differ_outside_their_parts_cannot_share_a_page():
    page = (Heading("表"), Part("table", (Para("甲"),)))
    with pytest.raises(ValueError, match="differ outside their parts"):
        html_templates("f", {"a": Layout("a", "表", page), "b": Layout("b", "表", (Para("乙"), *page))})
