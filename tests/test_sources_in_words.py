"""The 依据 a user reads names a real document in words, with its clause (issue #13 item 7):
《科技成果登记工作流程（四川，2025）》方式二 4.(1), never "SPEC", "issue #5" or a bare "003 ";
an input check says 输入校验. Machines keep the compact reference in ``clause``."""
import json
import re
from pathlib import Path

import pytest
from pg import sample
from typer.testing import CliRunner

from service.cli import app
from validators.catalogue import finding, rules_for
from validators.codes import CODES
from validators.engine import validate

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
SAMPLES = sorted(p for p in RECORDS.glob("*/**/*.json")
                 if not p.name.endswith(".context.json") and ".against" not in str(p)
                 and "expected" not in p.parts)
BARE_NUMBER = re.compile(r"(?<![\d《])00[0-4](?=[ 　]|$)")
SICHUAN = "《科技成果登记工作流程（四川，2025）》"
SHANXI = "《科技成果在线登记工作通知（山西，2025）》"
INPUT_CHECK = "输入校验"


def words_problem(source: str) -> str | None:
    """Why ``source`` is not words a user can look up, or None."""
    if not source.strip():
        return "empty"
    if "SPEC" in source or "issue #" in source or "paperwork" in source:
        return "cites the project, not a document"
    if BARE_NUMBER.search(source):
        return "a bare document number"
    if source != INPUT_CHECK and "《" not in source:
        return "names no document"
    return None


def test_every_code_of_the_table_cites_a_document_in_words():
    wrong = {c: (finding(c).source, words_problem(finding(c).source)) for c in CODES
             if words_problem(finding(c).source)}
    assert not wrong


def test_the_catalogue_shows_the_same_words():
    wrong = {r.code: r.source for r in rules_for() if words_problem(r.source)}
    assert not wrong


def test_every_finding_of_every_sample_in_the_cli_json_is_in_words():
    result = CliRunner().invoke(app, ["validate", *map(str, SAMPLES), "--format", "json",
                                      "--today", "2026-01-10"])
    reports = json.loads(result.output)
    assert len(reports) == len(SAMPLES)
    seen = [(r["file"], f["code"], f["source"]) for r in reports for f in r.get("findings", [])]
    assert len(seen) > 100
    assert [s for s in seen if words_problem(s[2])] == []


def test_every_finding_of_every_sample_in_the_api_is_in_words(service):
    records = [json.loads(p.read_text("utf-8")) for p in SAMPLES]
    body = service.call("POST", "/api/v1/validate", "portal", json={"records": records},
                        params={"today": "2026-01-10"}).json()
    seen = [(f["code"], f["source"]) for r in body["results"] for f in r.get("findings", [])]
    assert len(seen) > 100
    assert [s for s in seen if words_problem(s[1])] == []


def test_a_blank_field_of_an_achievement_registration_cites_its_own_documents():
    record = sample("achievement-registration/ar-2025-applied-shanxi")
    record["achievement"]["name"] = "  "
    blank = [f for f in validate(record).findings if f.code == "S008"]
    assert blank, "a blank 成果名称 is S008"
    assert all(SHANXI in f.source or SICHUAN in f.source for f in blank), blank
    assert not any("期刊" in f.source or f.clause.startswith("004") for f in blank), blank


def test_a_blank_field_of_a_journal_assessment_still_cites_the_sheet():
    record = sample("journal-assessment/academic-bayu-renwen")
    record["journal"]["name"] = ""
    blank = [f for f in validate(record).findings if f.code == "S008"]
    assert blank and all("期刊综合质量考核表" in f.source and f.clause.startswith("004 ") for f in blank)


def test_a_schema_shape_finding_says_input_check():
    record = sample("achievement-registration/ar-2025-applied-shanxi")
    record["intellectual_property"]["patents_applied"] = "三项"
    wrong_type = [f for f in validate(record).findings if f.code == "S002"]
    assert wrong_type and all(f.source == INPUT_CHECK for f in wrong_type)


def test_a_finding_keeps_the_compact_clause_for_machines():
    f = finding("AR303")
    assert f.clause == "003 方式二 4.(1)"
    assert f.source == SICHUAN + "方式二 4.(1)"
    assert f.to_dict()["clause"] == "003 方式二 4.(1)"


@pytest.mark.parametrize("clause, words", [
    ("002 四；003 方式一 3.(2)", SHANXI + "四；" + SICHUAN + "方式一 3.(2)"),
    ("GB 32100-2015", "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"),
    ("输入校验", "输入校验"),
])
def test_a_reference_becomes_words(clause, words):
    from validators.documents import in_words
    assert in_words(clause) == words
