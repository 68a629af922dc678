"""Records that fill every field of a one-record form to a multiple of its declared capacity
(``FIELD_CAPACITY`` beside the form's context), shared by the capacity tests.

Which printed field a value of the record lands in is found by probing: the value is replaced
by a marker and the context is built again. A list of objects gets ``factor`` times the rows of
the table it fills (a list inside such a list keeps its length); every free-text value gets
``factor`` times the capacity of the field that prints it. The fields that name a record in its
QR code keep their sample values (the QR code holds a few hundred characters).
"""
from __future__ import annotations

import copy
import dataclasses
import importlib
import json
from pathlib import Path

from generator.forms import FORMS
from validators.schema import compiled_schema

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records"
FORMS_WITH_CAPACITY = ("registration_form", "change_approval", "completion", "budget_adjustment")
MARKER = "〔探针〕"
NAMING = (("id",), ("request_id",), ("registration", "number"), ("project", "approval_number"))


def sample_paths(form_name: str) -> list[Path]:
    return [p for kind in FORMS[form_name].kinds for p in sorted((SAMPLES / kind).glob("*.json"))]


def module_of(form_name: str):
    return importlib.import_module(FORMS[form_name].module)


def is_text(node: dict) -> bool:
    """A free-text field of the schema."""
    return (node.get("type") == "string" and not {"enum", "const", "format"} & node.keys()
            and node.get("pattern") in (None, r"\S"))


def printed(context):
    """(capacity key, value) of every printed value of the context: fields, and the fields of
    its rows and boxes as "RowClass.field"."""
    for f in dataclasses.fields(context):
        if f.name == "continuations":
            continue
        value = getattr(context, f.name)
        for item in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(item):
                for g in dataclasses.fields(item):
                    yield f"{type(item).__name__}.{g.name}", getattr(item, g.name)
            else:
                yield f.name, item


def fields_showing(build, record: dict, path: tuple, value) -> set[str]:
    probe = copy.deepcopy(record)
    *parents, last = path
    target = probe
    for key in parents:
        target = target[key]
    target[last] = value
    return {key for key, shown in printed(build(probe)) if isinstance(shown, str) and MARKER in shown}


def table_of(build, record: dict, path: tuple) -> str | None:
    """The context's table that grows by a row when the list at ``path`` has one more item."""
    *parents, last = path
    target = record
    for key in parents:
        target = target[key]
    before = build(record)
    grown = copy.deepcopy(record)
    t = grown
    for key in parents:
        t = t[key]
    t[last] = t[last] + [copy.deepcopy(t[last][0])]
    after = build(grown)
    for f in dataclasses.fields(before):
        old, new = getattr(before, f.name), getattr(after, f.name)
        if f.name != "continuations" and isinstance(old, tuple) and len(new) > len(old):
            return f.name
    return None


def text_paths(record, node: dict, path=()):
    """Paths of the record's free-text values; in a list, only its first item's."""
    if isinstance(record, dict):
        for k, v in record.items():
            yield from text_paths(v, node.get("properties", {}).get(k, {}), (*path, k))
    elif isinstance(record, list) and record:
        if all(isinstance(i, str) for i in record):
            for i in range(len(record)):
                if is_text(node.get("items", {})):
                    yield (*path, i)
        else:
            yield from text_paths(record[0], node.get("items", {}), (*path, 0))
    elif isinstance(record, str) and is_text(node):
        yield path


def object_lists(record, path=(), top=True):
    """Paths of the lists of objects not inside another such list."""
    if isinstance(record, dict):
        for k, v in record.items():
            yield from object_lists(v, (*path, k), top)
    elif isinstance(record, list) and record and all(isinstance(i, dict) for i in record):
        if top:
            yield path


def stuffed(length: int, seed: int) -> str:
    """``length`` characters of numbered clauses, so that each piece is told from every other."""
    text = "".join(f"字段{seed}第{i}句，长文字。" for i in range(length // 6 + 2))
    return text[:length]


def filled_record(form_name: str, factor: int, slack: int = 0, stem: str | None = None) -> dict:
    """The form's first sample (or ``stem``) with every free-text value at ``factor`` × its
    field's capacity + ``slack``, and every list of objects at ``factor`` × its table's rows:
    the rows the table holds are the filled ones, the rows beyond it (which continue on an 附页
    as one line each) keep the sample's values."""
    module = module_of(form_name)
    capacity, build = module.FIELD_CAPACITY, module.build_context
    path = next(p for p in sample_paths(form_name) if stem in (None, p.stem))
    record = json.loads(path.read_text("utf-8"))
    out = copy.deepcopy(record)
    schema = compiled_schema(record["kind"])
    for seed, text_path in enumerate(text_paths(record, schema), 1):
        if text_path in NAMING:
            continue
        shown = fields_showing(build, record, text_path, MARKER)
        if not shown:
            continue                                   # a value the form does not print
        length = factor * min(capacity[k] for k in shown) + slack
        _set_everywhere(out, text_path, stuffed(length, seed))
    for list_path in list(object_lists(record)):
        table = table_of(build, record, list_path)
        if table is None:
            continue
        rows = capacity[table]
        full, plain = _at(out, list_path), _at(record, list_path)
        items = [full[i % len(full)] if i < rows else plain[i % len(plain)]
                 for i in range(factor * rows)]
        *parents, last = list_path
        _at(out, tuple(parents))[last] = copy.deepcopy(items)
    return out


def _at(record, path: tuple):
    for key in path:
        record = record[key]
    return record


def _set_everywhere(record, path: tuple, value: str):
    """Set ``path`` in ``record``, in every item of the lists it passes (index 0 stands for all)."""
    head, *rest = path
    if isinstance(record, list) and head == 0 and rest:
        for item in record:
            _set_everywhere(item, tuple(rest), value)
        return
    if isinstance(record, dict) and head not in record:
        return
    if not rest:
        record[head] = value
        return
    _set_everywhere(record[head], tuple(rest), value)
