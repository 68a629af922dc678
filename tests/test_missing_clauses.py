"""The clauses of issue #13 item 9, each against its seed's words: 003 方式一/二/三 (cgsbqy.zip
among the materials, 原件 for offline registration), 003 方式二 3 (形式审查 within 30 days),
003 方式二 4.(2) (paper review within 10 working days) and 000 二（三） (monthly mailing)."""
from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

from validators import rounds
from validators.context import Context
from validators.engine import validate

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
SICHUAN, SHANXI = rounds.load("sichuan-2025"), rounds.load("shanxi-2025")


def sample(kind: str, name: str) -> dict:
    return json.loads((RECORDS / kind / name).read_text("utf-8"))


def basic() -> dict:
    return sample("achievement-registration", "ar-2025-basic-sichuan.json")


def found(record, code, round_=SICHUAN, today=None) -> list:
    return [f for f in validate(record, Context(today=today, round=round_)).findings if f.code == code]


def without_package(record: dict) -> dict:
    record = copy.deepcopy(record)
    record["attachments"] = [a for a in record["attachments"] if a["file_name"] != "cgsbqy.zip"]
    return record


def test_sichuan_materials_bring_the_exported_package():
    assert found(basic(), "AR204") == []
    [f] = found(without_package(basic()), "AR204")
    assert "cgsbqy.zip" in f.message and "003 方式一 3.(1)" in f.clause
    # another folder and another case are the same file; Shanxi (002 四) asks for no package
    moved = basic()
    moved["attachments"][-1]["file_name"] = "导出/CGSBQY.ZIP"
    assert found(moved, "AR204") == []
    assert found(without_package(basic()), "AR204", round_=SHANXI) == []
    assert found(without_package(basic()), "AR204", round_=None) == []


def test_offline_registration_brings_the_form_and_an_evaluation_proof_as_originals():
    offline = basic() | {"channel": "线下登记"}
    assert sorted(f.message for f in found(offline, "AR205")) == [
        "线下登记须提交《科技成果登记表》1份原件，附件材料中没有标明为原件的",
        "线下登记须提交成果评价证明1份原件，附件材料中没有标明为原件的"]
    for a in offline["attachments"]:
        if a["document_type"] in ("科技成果登记表", "验收报告"):
            a["original"] = True
    assert found(offline, "AR205") == []
    assert found(basic() | {"channel": "四川省科技管理信息系统"}, "AR205") == []


def test_the_formal_review_is_due_within_30_days_of_the_upload():
    record = basic()
    del record["registration"]          # not yet registered: the review is still owed
    record["submitted_on"] = "2025-09-15"
    assert found(record, "AR306", today=date(2025, 10, 15)) == []       # the 30th day
    [f] = found(record, "AR306", today=date(2025, 10, 16))
    assert "2025-10-15" in f.message and "尚未完成" in f.message and f.clause == "003 方式二 3"
    record["review"] = {"formal_reviewed_on": "2025-10-15"}
    assert found(record, "AR306", today=date(2025, 12, 1)) == []
    assert found(record | {"review": {"formal_reviewed_on": "2025-10-16"}}, "AR306") != []
    assert found(basic(), "AR306", today=date(2025, 12, 1)) == []     # issued: review passed
    assert found(record | {"review": {}}, "AR306", round_=SHANXI, today=date(2025, 12, 1)) == []


def test_the_paper_review_is_due_within_10_working_days_of_receipt():
    record = basic()        # received 2025-10-16 (Thu) → the 10th working day is 2025-10-30
    assert found(record, "AR307", today=date(2025, 10, 30)) == []
    [f] = found(record, "AR307", today=date(2025, 10, 31))
    assert "2025-10-30" in f.message and f.clause == "003 方式二 4.(2)"
    record["review"] = {"paper_reviewed_on": "2025-10-30"}
    assert found(record, "AR307", today=date(2025, 12, 1)) == []
    record["review"] = {"paper_reviewed_on": "2025-10-31"}
    assert "实际于 2025-10-31 完成" in found(record, "AR307")[0].message
    assert found(basic(), "AR307", round_=SHANXI, today=date(2025, 12, 1)) == []


def test_the_unit_mails_in_the_next_monthly_mailing_at_the_latest():
    record = sample("nssf-publication", "np-2022-monograph.json")
    record["registration"]["handed_to_unit_on"] = "2022-04-12"
    record["mailing"]["mailed_on"] = "2022-05-31"
    assert found(record, "NP305", round_=None) == []
    record["mailing"]["mailed_on"] = "2022-06-01"
    [f] = found(record, "NP305", round_=None)
    assert "2022-05-31" in f.message and f.clause == "000 二（三）"
    del record["mailing"]["mailed_on"]
    assert "尚未邮寄" in found(record, "NP305", round_=None, today=date(2022, 6, 1))[0].message
    # the 2020 batch has its own date (NP304), not the monthly mailing
    record["book"]["publication_date"], record["book"]["cip_number"] = "2020-06", "2020256731"
    assert found(record, "NP305", round_=None, today=date(2022, 6, 1)) == []
