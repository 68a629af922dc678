"""Issue #14 item 6 (S905): each notice that a value continues on an 附页 names the record's
field it came from, as a JSON Pointer (RFC 6901) in the finding's ``path``, so that the web 预检
shows it beside that field instead of at the top of the page."""
from __future__ import annotations

import copy
import json

import pytest
from capacity_records import FORMS_WITH_CAPACITY, filled_record, sample_paths
from test_precheck_continuations import REASON, long_reason_record

from generator.continued import continuation_findings


def resolve(record, path: str):
    """The value at a JSON Pointer (RFC 6901 §4), or KeyError/IndexError."""
    assert path.startswith("/"), path
    for token in path[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        record = record[int(token)] if isinstance(record, list) else record[token]
    return record


def sample(form: str, stem: str) -> dict:
    path = next(p for p in sample_paths(form) if p.stem == stem)
    return json.loads(path.read_text("utf-8"))


def test_a_long_change_reason_is_pointed_at_its_field():
    [notice] = continuation_findings(long_reason_record())
    assert notice.path == "/change_items/0/reason"
    assert resolve(long_reason_record(), notice.path) == REASON


def test_a_long_completer_list_is_pointed_at_the_list_and_a_long_unit_at_its_row():
    record = sample("registration_form", "ar-2025-basic-sichuan")
    first = record["completers"][0]
    # the 成果完成人 table holds 15 rows (FIELD_CAPACITY "completers"); the 20 below go to an 附页
    record["completers"] = [copy.deepcopy(first) for _ in range(35)]
    record["completers"][2]["unit"] = "四川大学地球科学与技术学院深部地球物理探测与资源勘查研究中心" * 3   # 3 × 30 = 90 字 > 60
    notices = {f.path: f for f in continuation_findings(record)}
    assert set(notices) == {"/completers", "/completers/2/unit"}, [
        (f.path, f.evidence) for f in notices.values()]
    assert "其余" not in notices["/completers"].evidence    # the evidence stays the render's line
    assert "成果完成人" in notices["/completers"].evidence
    assert "完成人 3 工作单位" in notices["/completers/2/unit"].evidence


@pytest.mark.parametrize("name", FORMS_WITH_CAPACITY)
def test_every_continuation_of_a_ten_times_record_names_a_field_of_the_record(name):
    record = filled_record(name, 10)
    notices = continuation_findings(record)
    assert notices, "the ten-times record continues nothing"
    for notice in notices:
        assert notice.path, f"{notice.evidence}: no path"
        resolve(record, notice.path)    # raises if the pointer names nothing in the record
