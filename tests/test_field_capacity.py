"""Issue #14 item 4: every printed field of every one-record form has a declared capacity (the
characters its box holds, or the rows of its table), in one table beside the form's context."""
from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path

import pytest

from generator.forms import FORMS

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "records"
#: journal_assessment's capacities are another change of issue #14
FORMS_WITH_CAPACITY = ("registration_form", "change_approval", "completion", "budget_adjustment")


def printed_fields(context) -> set[str]:
    """The context's fields, and "RowClass.field" for the fields of its rows and boxes."""
    names = set()
    for f in dataclasses.fields(context):
        if f.name == "continuations":
            continue
        names.add(f.name)
        value = getattr(context, f.name)
        for item in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(item):
                names |= {f"{type(item).__name__}.{g.name}" for g in dataclasses.fields(item)}
    return names


@pytest.mark.parametrize("form_name", FORMS_WITH_CAPACITY)
def test_every_printed_field_has_a_capacity(form_name):
    form = FORMS[form_name]
    module = importlib.import_module(form.module)
    capacity = getattr(module, "FIELD_CAPACITY", {})
    for path in (p for kind in form.kinds for p in sorted((SAMPLES / kind).glob("*.json"))):
        context = module.build_context(json.loads(path.read_text("utf-8")))
        missing = printed_fields(context) - capacity.keys()
        assert not missing, f"{form_name} ({path.stem}): no capacity for {sorted(missing)}"
        assert all(isinstance(v, int) and v > 0 for v in capacity.values())
