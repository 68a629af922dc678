"""Issue #14 item 1: a DOCX opened in LibreOffice shows every value our PDF shows, in its order.

For every form with a DOCX, every valid sample of its kinds and one stress record (long text in
every text field, 20–60 items in every list of objects) are rendered as DOCX and as PDF; all the
DOCX are converted in one headless LibreOffice run. Each value of the record that our PDF shows
must appear in LibreOffice's PDF too, in the order of our PDF. LibreOffice 7.4 used to drop the
rows after a table's first page (附件材料 of ar-2025-basic-sichuan stopped after row 1).
"""
from __future__ import annotations

import copy
import importlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from formtext import pdf_flow_text

from generator.forms import FORMS
from generator.layout import Grid, Part
from generator.render import render
from validators.schema import compiled_schema

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
DOCX_FORMS = [name for name, form in FORMS.items() if "docx" in form.formats]

CHUNK = 20          # a long value is looked for in pieces: the form may continue it on an 附页
SHORTEST = 2        # a one-character value (男, 1) is found anywhere and says nothing of order


def sample_paths(form_name: str) -> list[Path]:
    return [p for kind in FORMS[form_name].kinds for p in sorted((RECORDS / kind).glob("*.json"))]


def is_text(node: dict) -> bool:
    """A free-text field of the schema (common text, long_text, optional_text)."""
    return (node.get("type") == "string" and not {"enum", "const", "format"} & node.keys()
            and node.get("pattern") in (None, r"\S"))


def stressed(record: dict, node: dict, counter: list[int], in_list: bool = False):
    """``record`` with long text in every text field and 20–60 items in every list of objects.

    Each text is numbered (字段7第3句……) so that its pieces are told apart from every other's."""
    if isinstance(record, dict):
        props = node.get("properties", {})
        return {k: stressed(v, props.get(k, {}), counter, in_list) for k, v in record.items()}
    if isinstance(record, list):
        items = record
        if record and all(isinstance(i, dict) for i in record):
            counter[0] += 1
            count = 20 + (17 * counter[0]) % 41
            items = [copy.deepcopy(record[i % len(record)]) for i in range(count)]
        return [stressed(i, node.get("items", {}), counter, True) for i in items]
    if isinstance(record, str) and is_text(node):
        counter[0] += 1
        length = min(node.get("maxLength", 400), 40 if in_list else 400)
        text = "".join(f"字段{counter[0]}第{i}句长文字。" for i in range(length))
        return text[:length]
    return record


#: The fields that name a record in its QR code (validators/fingerprint.py: record_id,
#: registration_number) keep their sample values: the QR code holds a few hundred characters.
NAMING = (("id",), ("request_id",), ("registration", "number"), ("project", "approval_number"),
          ("basic_info", "cn"))


def stress_record(form_name: str) -> dict:
    record = json.loads(sample_paths(form_name)[0].read_text("utf-8"))
    stress = stressed(record, compiled_schema(record["kind"]), [0])
    for *parents, last in NAMING:
        source, target = record, stress
        for key in parents:
            source, target = source.get(key, {}), target.get(key, {})
        if last in source:
            target[last] = source[last]
    return stress


# Every form, registration_form and completion included: their tall 成果完成人 / 课题组主要成员
# rows were w:keepLines rows, which LibreOffice split at a page's foot, each value cut by the
# page's footer and header; rows are w:cantSplit now, the first below repeated headings aside
# (generator/layout.py, docs/forms.md "Table rows in LibreOffice and Word").
STRESS_FORMS = DOCX_FORMS

CASES = [(name, path.stem) for name in DOCX_FORMS for path in sample_paths(name)] + [
    (name, "stress") for name in STRESS_FORMS]





def blocks(items):
    for b in items:
        yield from blocks(b.blocks) if isinstance(b, Part) else (b,)


def table_headings(form_name: str) -> list[str]:
    """The heading rows of the form's tables (Grid.header_rows), as flow text. LibreOffice lets
    a row below them continue on the next page, under the repeated headings (Word does so too;
    our PDF keeps each row on one page): read with the headings left out, the row's value is
    whole."""
    layouts = importlib.import_module(f"generator.layouts.{form_name}").LAYOUTS.values()
    return sorted({"".join("".join(c.text for c in r.cells).split())
                   for layout in layouts for b in blocks(layout.blocks)
                   if isinstance(b, Grid) for r in b.rows[:b.header_rows]}, key=len, reverse=True)


def without(text: str, headings: list[str]) -> str:
    for heading in headings:
        text = text.replace(heading, "")
    return text


def case_record(name: str, stem: str) -> dict:
    if stem == "stress":
        return stress_record(name)
    path = next(p for p in sample_paths(name) if p.stem == stem)
    return json.loads(path.read_text("utf-8"))


def leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        yield "".join(str(value).split())


def pieces(record: dict) -> list[str]:
    out = []
    for text in leaves(record):
        if len(text) > 2 * CHUNK:
            out += [text[i:i + CHUNK] for i in range(0, len(text) - CHUNK + 1, CHUNK)]
        elif len(text) >= SHORTEST:
            out.append(text)
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Case → (our PDF's text, LibreOffice's PDF's text, the record); one soffice run."""
    src = tmp_path_factory.mktemp("docx")
    out = tmp_path_factory.mktemp("lo-pdf")
    ours = {}
    for name, stem in CASES:
        record = case_record(name, stem)
        draft = stem == "stress"      # the stress record breaks rules (lengths, counts)
        (src / f"{name}-{stem}.docx").write_bytes(render(name, record, "docx", draft=draft).data)
        ours[name, stem] = (pdf_flow_text(render(name, record, "pdf", draft=draft).data), record)
    profile = tmp_path_factory.mktemp("lo-profile")
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *sorted(str(p) for p in src.iterdir())],
        capture_output=True, text=True, timeout=900, env={**os.environ, "HOME": str(profile)})
    result = {}
    for (name, stem), (text, record) in ours.items():
        pdf = out / f"{name}-{stem}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {name}-{stem}.docx: {run.stdout}{run.stderr}"
        headings = table_headings(name)
        result[name, stem] = (without(text, headings),
                              without(pdf_flow_text(pdf.read_bytes()), headings), record)
    return result


@pytest.mark.parametrize("name,stem", CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_libreoffice_shows_every_value_of_our_pdf_in_its_order(name, stem, converted):
    ours, theirs, record = converted[name, stem]
    shown = sorted((ours.find(p), p) for p in pieces(record) if p in ours)
    assert shown, "our PDF shows none of the record's values"
    cursor = 0
    for _, piece in shown:
        found = theirs.find(piece, cursor)
        assert found >= 0, (
            f"LibreOffice's PDF of {name}-{stem}.docx lacks {piece!r} after …{theirs[cursor - 40:cursor]}"
            f" (elsewhere: {piece in theirs})")
        cursor = found
