"""The catalogue against its samples: every record rule has a sample that triggers it, and every
valid sample is clean (issue #2 "Samples and tests"; STYLE E6)."""
import json
from datetime import date
from pathlib import Path

import pytest

from validators import catalogue, rounds
from validators.context import Context
from validators.engine import validate
from validators.findings import Severity

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
DEFAULT_TODAY = date(2026, 1, 10)

catalogue.load_all()
RECORD_CODES = sorted(r.code for r in catalogue.rules_for() if r.check is not None or r.kind == "schema")
VALID_SAMPLES = sorted(p for p in RECORDS.glob("*/*.json"))
TRIGGER_SAMPLES = sorted(p for p in RECORDS.glob("*/invalid/*.json") if not p.name.endswith(".context.json"))


def load_sample(path: Path):
    record = json.loads(path.read_text("utf-8"))
    ctx_file = path.with_name(path.stem + ".context.json")
    extra = json.loads(ctx_file.read_text("utf-8")) if ctx_file.exists() else {}
    against = path.with_name(path.stem + ".against")
    others = tuple(json.loads(p.read_text("utf-8")) for p in sorted(against.glob("*.json"))) \
        if against.is_dir() else ()
    ctx = Context(today=date.fromisoformat(extra.get("today", DEFAULT_TODAY.isoformat())),
                  round=rounds.load(extra["round"]) if extra.get("round") else None,
                  others=others)
    return record, ctx


def code_of(path: Path) -> str:
    return path.stem.split("-")[0]


def test_there_are_samples():
    assert len(VALID_SAMPLES) >= 6
    assert len(TRIGGER_SAMPLES) >= len(RECORD_CODES) * 0.5


@pytest.mark.parametrize("path", VALID_SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_valid_sample_has_no_errors(path):
    record, ctx = load_sample(path)
    report = validate(record, ctx)
    errors = [f"{f.code} {f.path} {f.message}" for f in report.findings if f.severity is Severity.ERROR]
    assert errors == []


@pytest.mark.parametrize("code", RECORD_CODES)
def test_every_rule_has_a_triggering_sample(code):
    samples = [p for p in TRIGGER_SAMPLES if code_of(p) == code]
    assert samples, f"no sample under samples/records/*/invalid/ triggers {code}"
    for path in samples:
        record, ctx = load_sample(path)
        codes = {f.code for f in validate(record, ctx).findings}
        assert code in codes, f"{path.name} does not produce {code}: {sorted(codes)}"


@pytest.mark.parametrize("path", [p for p in TRIGGER_SAMPLES if code_of(p) in RECORD_CODES
                                  and catalogue.RULES[code_of(p)].severity is Severity.ERROR],
                         ids=lambda p: p.name)
def test_error_sample_breaks_only_its_own_error_rule(path):
    """A sample made for one error rule must not also trip other error rules, or it would not
    show that the rule works on its own."""
    record, ctx = load_sample(path)
    errors = {f.code for f in validate(record, ctx).findings if f.severity is Severity.ERROR}
    assert errors == {code_of(path)}


@pytest.mark.parametrize("r", catalogue.rules_for(), ids=lambda r: r.code)
def test_catalogue_entry_is_complete(r):
    assert r.code[:1].isalpha() and r.code[-3:].isdigit()
    assert r.name == r.name.lower() and " " not in r.name
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.message), "message must be Chinese"
    assert r.message_en and r.source and r.hint


def test_codes_are_unique_per_name():
    names = [r.name + r.kind for r in catalogue.rules_for()]
    assert len(names) == len(set(names))


def test_findings_are_sorted_and_stable():
    record, ctx = load_sample(RECORDS / "achievement-registration" / "invalid" / "AR202.json")
    record["achievement"]["keywords"] = ["a", "b", "c", "d"]
    record["attachments"] = []
    first = validate(record, ctx).findings
    assert [f.path for f in first] == sorted(f.path for f in first)
    assert validate(record, ctx).findings == first


def test_docs_rules_md_is_generated_from_the_catalogue():
    from validators.catalogue_doc import catalogue_markdown
    page = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert page.read_text("utf-8") == catalogue_markdown() + "\n", \
        "docs/rules.md is stale: run `paperwork rules --format markdown > docs/rules.md`"
