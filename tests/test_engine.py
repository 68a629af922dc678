"""The engine: every problem at once, stable order, and no crash on any shape of input."""
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

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
