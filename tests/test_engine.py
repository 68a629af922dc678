"""The engine: every problem at once, stable order, and no crash on any shape of input."""
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validators import catalogue
from validators.context import Context
from validators.engine import validate
from validators.findings import Severity, headline

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
SAMPLES = sorted(RECORDS.glob("*/*.json"))


def test_schema_and_rule_findings_come_together():
    record = json.loads((RECORDS / "achievement-registration" / "ar-2025-applied-shanxi.json").read_text("utf-8"))
    record["achievement"]["keywords"] = ["a", "b", "c", "d"]        # AR404
    record["achievement"]["classification"] = "机密"                 # AR101
    record["achievement"]["produced_on"] = "2025-13-01"              # S004
    del record["contact"]                                            # S001
    codes = {f.code for f in validate(record).findings}
    assert {"AR404", "AR101", "S004", "S001"} <= codes


def test_rule_order_does_not_change_the_output(monkeypatch):
    record = json.loads((RECORDS / "achievement-registration" / "invalid" / "AR202.json").read_text("utf-8"))
    record["achievement"]["keywords"] = ["a", "b", "c", "d"]
    record["registrant_unit"]["name"] = "别的单位"
    record["registrant_unit"].pop("credit_code")
    before = validate(record).findings
    rules = list(catalogue.record_rules("achievement-registration"))
    monkeypatch.setitem(catalogue._RECORD_RULES, "achievement-registration", rules[::-1])
    after = validate(record).findings
    assert after == before
    assert headline(after) == headline(list(reversed(before)))
    assert headline(before).severity is Severity.ERROR


def _leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    yield path


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["无", "", " ", "2025-02-30", "{{ 7*7 }}", "</w:t>"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.randoms(use_true_random=False), json_values)
def test_any_mutation_gives_findings_not_a_crash(path, rnd: random.Random, value):
    record = json.loads(path.read_text("utf-8"))
    paths = [p for p in _leaves(record) if p and p[0] not in ("kind",)]
    target = rnd.choice(paths)
    node = record
    for key in target[:-1]:
        node = node[key]
    node[target[-1]] = value
    report = validate(record, Context())
    assert all(f.message and f.path is not None for f in report.findings)


#: Valid records bent the ways the fast yes/no check must not wave through.
SCHEMA_BENDS = {
    "unchanged": lambda r: None,
    "date without dashes": lambda r: _first_date(r, "20250101"),
    "31 February": lambda r: _first_date(r, "2025-02-31"),
    "an integer beyond 64 bits": lambda r: r.__setitem__("extra", 2 ** 70),
    "a non-string key": lambda r: r.__setitem__(7, "x"),
}


def _first_date(record, value):
    """Replace the first YYYY-MM-DD string found (depth first) with ``value``."""
    import re
    stack = [record]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in list(items):
            if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                node[k] = value
                return
            if isinstance(v, (dict, list)):
                stack.append(v)
    raise AssertionError("no date in the record")


def test_the_fast_schema_check_agrees_with_the_detailed_validator():
    """validators/schema.py answers "valid" from jsonschema-rs without running jsonschema; on
    every sample (valid and invalid) and on values bent to trip one of the two, a record it
    calls valid must be one jsonschema finds nothing wrong with, and the reverse."""
    import copy

    from validators import schema
    from validators.loader import kind_of
    checked = 0
    for path in SAMPLES + sorted(RECORDS.glob("*/invalid/*.json")):
        original = json.loads(path.read_text("utf-8"))
        if "kind" not in original:
            continue                       # a validation context, not a record
        kind = kind_of(original)
        for what, bend in SCHEMA_BENDS.items():
            record = copy.deepcopy(original)
            bend(record)
            if what == "a non-string key":
                detailed_ok = False        # JSON cannot carry it; the detailed path reports it
            else:
                detailed_ok = not list(schema.validator_for(kind).iter_errors(record))
            assert schema.fast_check(kind)(record) == detailed_ok, (path.name, what)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_in_chinese_where_records_are_read(constant):
    """Python's json reads them; JSON has no such numbers and no form can print them."""
    from validators.loader import UnusableInput, parse
    with pytest.raises(UnusableInput) as refused:
        parse(f'{{"kind": "nssf-budget-adjustment", "x": {constant}}}'.encode())
    assert "NaN 或 Infinity" in refused.value.message and constant in refused.value.message


def test_half_of_a_utf16_pair_is_refused_with_its_field_and_a_whole_pair_is_read():
    """JSON may escape half of a surrogate pair ("\\ud800"); no UTF-8 file, database or PDF can
    hold it. A whole pair (an emoji written as two escapes) is an ordinary character."""
    from validators.loader import UnusableInput, parse
    with pytest.raises(UnusableInput) as refused:
        parse(b'{"kind": "nssf-publication", "book": {"authors": ["\\u5f20", "\\ud800x"]}}')
    assert refused.value.message.startswith("/book/authors/1 含有无效的字符 U+D800")
    record, _ = parse(b'{"kind": "nssf-publication", "note": "\\ud83d\\ude00"}')
    assert record["note"] == "\U0001F600"
