"""`paperwork validate` and friends, as a submitter runs them: exit codes 0/1/2, Chinese
messages, JSON shape (issue #2 "Command line")."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
VALID = RECORDS / "achievement-registration" / "ar-2025-applied-shanxi.json"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_valid_record_exits_0():
    result = run("validate", VALID, "--today", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert "✔" in result.output and "0 个错误" in result.output


def test_invalid_record_exits_1_with_chinese_finding():
    result = run("validate", RECORDS / "achievement-registration" / "invalid" / "AR404.json",
                 "--today", "2026-01-10")
    assert result.exit_code == 1
    assert "AR404" in result.output and "关键词有 4 个" in result.output


def test_json_output_shape():
    result = run("validate", RECORDS / "nssf-publication" / "invalid" / "NP201.json", "--format", "json",
                 "--today", "2026-01-10")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) >= {"file", "kind", "valid", "findings"}
    assert data["kind"] == "nssf-publication" and data["valid"] is False
    finding = next(f for f in data["findings"] if f["code"] == "NP201")
    assert set(finding) >= {"code", "severity", "path", "message", "message_en", "source", "hint"}
    assert finding["path"] == "/registration/copies_submitted"
    assert finding["message"] == "报送套数为 2 套，少于应报送的 3 套（2020 年（含）以后结项）"
    assert finding["source"] == "《成果出版物登记报送通知（全国社科工作办，2020）》二（一）"
    assert finding["clause"] == "000 二（一）"


def test_several_files_give_a_json_list():
    result = run("validate", VALID, RECORDS / "nssf-publication" / "np-2022-monograph.json",
                 "--format", "json", "--today", "2026-01-10")
    assert result.exit_code == 0
    assert [d["kind"] for d in json.loads(result.output)] == ["achievement-registration", "nssf-publication"]


def test_malformed_json_reports_line_and_column(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "kind": "nssf-publication",\n  "book": {,}\n}', "utf-8")
    result = run("validate", bad, "--format", "json")
    assert result.exit_code == 2
    error = json.loads(result.output)["error"]
    assert error["reason"] == "json"
    assert "第 3 行第 12 列" in error["message"]


def test_gbk_file_is_decoded(tmp_path):
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(VALID.read_text("utf-8").encode("gb18030"))
    result = run("validate", gbk, "--today", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert "按 GB18030 编码读取" in result.output


def test_undecodable_bytes_are_refused(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_bytes(b'{"kind": "\xff\xff\xff\xff"}')
    result = run("validate", junk)
    assert result.exit_code == 2
    assert "UTF-8" in result.output


@pytest.mark.parametrize("content, words", [
    ('{"schema_version": 1}', "缺少“kind”字段"),
    ('{"kind": "patent"}', "未知的记录类型“patent”"),
    ('[1, 2, 3]', "记录应为 JSON 对象"),
    ('', "文件为空"),
    ('{"a":' * 40 + '1' + '}' * 40, "嵌套层级过深"),
])
def test_unusable_records_exit_2(tmp_path, content, words):
    f = tmp_path / "r.json"
    f.write_text(content, "utf-8")
    result = run("validate", f)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_file_over_5_mb_is_refused(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"kind": "nssf-publication", "x": "' + b"a" * (5 * 1024 * 1024) + b'"}')
    result = run("validate", big)
    assert result.exit_code == 2
    assert "文件过大" in result.output


def test_missing_file_exits_2():
    result = run("validate", "/nonexistent/record.json")
    assert result.exit_code == 2
    assert "找不到文件" in result.output


def test_bad_today_and_unknown_round_exit_2():
    assert run("validate", VALID, "--today", "2026/01/10").exit_code == 2
    result = run("validate", VALID, "--round", "mars-2025")
    assert result.exit_code == 2 and "未知的登记轮次" in result.output


def test_round_deadline_applies():
    late = RECORDS / "achievement-registration" / "invalid" / "AR301.json"
    result = run("validate", late, "--round", "shanxi-2025", "--format", "json")
    assert result.exit_code == 1
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert "AR301" in codes


def test_against_directory_finds_duplicate():
    sample = RECORDS / "achievement-registration" / "invalid" / "AR103.json"
    result = run("validate", sample, "--against", sample.with_suffix(".against"), "--format", "json")
    assert result.exit_code == 1
    assert "AR103" in [f["code"] for f in json.loads(result.output)["findings"]]


def test_kinds_schema_rules_commands():
    assert "achievement-registration" in run("kinds").output
    schema = json.loads(run("schema", "nssf-publication").output)
    assert schema["title"] == "国家社科基金项目成果出版情况"
    assert run("schema", "nope").exit_code == 2
    listed = json.loads(run("rules", "--kind", "nssf-publication", "--format", "json").output)
    assert {r["code"] for r in listed} >= {"NP101", "NP201", "NP301", "NP401"}
    assert run("rules", "--kind", "nope").exit_code == 2


def test_render_several_records_one_file_each_refusals_reported(tmp_path):
    folder = RECORDS / "achievement-registration"
    valid = sorted(folder.glob("*.json"))
    result = run("render", *valid, folder / "invalid" / "AR101.json", "--form",
                 "registration_form", "--format", "docx", "-o", tmp_path / "out", "--jobs", 2)
    assert result.exit_code == 1, result.output            # one record was refused
    assert "AR101" in result.output and "未通过校验" in result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    ids = sorted(json.loads(p.read_text("utf-8"))["id"] for p in valid)
    assert written == sorted(f"科技成果登记表-{i}.docx" for i in ids)


def test_render_reads_a_file_holding_a_list_of_records(tmp_path):
    """An export for a summary table is one JSON list (or {"records": [...]}, as the API takes
    it); each of its records is a row. Something in it that is not a record is named by place."""
    import openpyxl
    samples = [json.loads(p.read_text("utf-8"))
               for p in sorted((RECORDS / "nssf-publication").glob("*.json"))]
    listed = tmp_path / "export.json"
    listed.write_text(json.dumps(samples, ensure_ascii=False), "utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"records": samples[:1]}, ensure_ascii=False), "utf-8")
    out = tmp_path / "list.xlsx"
    result = run("render", listed, wrapped, "--form", "publication_mailing", "--format", "xlsx",
                 "-o", out)
    assert result.exit_code == 0, result.output
    # one sheet per 责任单位 (issue #14 item 11): every record is a row of its unit's sheet
    titles = [c.value for sheet in openpyxl.load_workbook(out).worksheets
              for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    for record in samples:
        assert record["book"]["title"] in titles
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([samples[0], True]), "utf-8")
    result = run("render", bad, "--form", "publication_mailing", "--format", "xlsx",
                 "-o", tmp_path / "bad.xlsx")
    assert result.exit_code == 2 and "第 2 条记录应为 JSON 对象" in result.output
