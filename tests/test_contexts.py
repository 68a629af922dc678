"""Templates only place values: every name a template uses is a field of its form's context
(generator/contexts/<form>.py) or one of the few fields every render adds (RENDER_FIELDS).

A template that names a field the context does not have would print nothing where a value
belongs (Jinja's undefined is blank), so this is checked here, for the HTML of the PDF and for
every XML part of the DOCX."""
from __future__ import annotations

import json
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest
from jinja2 import Environment, meta

from generator.forms import FORMS
from generator.render import _PARTS, RENDER_FIELDS, TEMPLATES, record_to_context

ROOT = Path(__file__).resolve().parent.parent
JINJA_GLOBALS = {"loop", "range", "namespace"}


def context_fields(name: str) -> set[str]:
    form = FORMS[name]
    path = sorted((ROOT / "samples" / "records" / form.kinds[0]).glob("*.json"))[0]
    ctx = record_to_context(form, [json.loads(path.read_text("utf-8"))])
    return {f.name for f in fields(ctx)}


def names_used(source: str) -> set[str]:
    return meta.find_undeclared_variables(Environment().parse(source))


@pytest.mark.parametrize("name", list(FORMS))
def test_every_name_in_the_html_templates_is_a_context_field(name):
    allowed = context_fields(name) | set(RENDER_FIELDS) | JINJA_GLOBALS
    templates = sorted((TEMPLATES / name).glob("*.html"))
    assert templates
    for path in templates:
        assert names_used(path.read_text("utf-8")) - allowed == set(), path.name
    # the page every form extends
    assert names_used((TEMPLATES / "base.html").read_text("utf-8")) - allowed == set()


@pytest.mark.parametrize("name", [n for n, f in FORMS.items() if "docx" in f.formats])
def test_every_name_in_the_docx_templates_is_a_context_field(name):
    from docxtpl import DocxTemplate
    allowed = context_fields(name) | set(RENDER_FIELDS) | JINJA_GLOBALS
    templates = sorted((TEMPLATES / name).glob("*.docx"))
    assert templates
    for path in templates:
        tpl = DocxTemplate(str(path))
        with zipfile.ZipFile(path) as z:
            parts = [n for n in z.namelist() if _PARTS.fullmatch(n)]
            assert "word/document.xml" in parts
            for part in parts:
                source = tpl.patch_xml(z.read(part).decode("utf-8"))
                assert names_used(source) - allowed == set(), (path.name, part)


def test_a_misspelt_field_is_caught():
    assert names_used("{{ project_titel }}") - ({"project_title"} | JINJA_GLOBALS) == \
        {"project_titel"}
