"""Boundaries of every date and count rule (issue #2), worked out by hand from the seeds."""
import json
from datetime import date
from pathlib import Path

import pytest

from validators import rounds
from validators.context import Context
from validators.engine import validate
from validators.kinds.nssf_publication import copies_required, registration_deadline
from validators.workdays import YearNotCovered, add_working_days, working_days_between

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"


def sample(kind, name):
    return json.loads((RECORDS / kind / name).read_text("utf-8"))


def codes(record, **ctx):
    return {f.code for f in validate(record, Context(**ctx)).findings}


# --- 000 二（三）: publication deadline ------------------------------------------------------

@pytest.mark.parametrize("published, deadline", [
    ("2020-08-31", date(2020, 9, 30)),   # on or before 08-31: the batch deadline 09-30
    ("2020-09-01", date(2020, 10, 1)),   # after: within one month of publication
    ("2020-08", date(2020, 9, 30)),      # month only → 2020-08-31 → batch
    ("2021-01-31", date(2021, 2, 28)),   # one month after Jan 31 is the end of February
    ("2022-03", date(2022, 4, 30)),      # month only → 2022-03-31 → 2022-04-30
])
def test_publication_registration_deadline(published, deadline):
    record = sample("nssf-publication", "np-2022-monograph.json")
    record["book"]["publication_date"] = published
    assert registration_deadline(record) == deadline


def test_registered_on_the_deadline_is_on_time_and_a_day_later_is_late():
    record = sample("nssf-publication", "np-2022-monograph.json")
    record["book"]["publication_date"] = "2020-08-31"
    record["book"]["cip_number"] = "2020256731"
    record["registration"]["registered_on"] = "2020-09-30"
    assert "NP301" not in codes(record)
    record["registration"]["registered_on"] = "2020-10-01"
    assert "NP301" in codes(record)


# --- 000 二（一）: copies ----------------------------------------------------------------------

@pytest.mark.parametrize("completed, large, copies", [
    ("2011-12-31", False, 1),   # before 2012: voluntary 1–2, minimum 1
    ("2012-01-01", False, 2),   # 2012–2019: 2
    ("2019-12-31", False, 2),
    ("2020-01-01", False, 3),   # 2020 (inclusive) and later: 3
    ("2020-01-01", True, 1),    # large compilation series: 1 is enough
])
def test_copies_required(completed, large, copies):
    record = {"project": {"completion_date": completed}, "book": {"large_compilation_series": large}}
    assert copies_required(record) == copies


# --- 003: 10 working days after the registration number -------------------------------

def test_ten_working_days_across_national_day_2025():
    # 国办发明电〔2024〕12号: Oct 1–8 off; Sun Sep 28 and Sat Oct 11 are working days.
    # After Fri 2025-09-26: 9/28(1) 9/29(2) 9/30(3) 10/9(4) 10/10(5) 10/11(6) 10/13(7)
    # 10/14(8) 10/15(9) 10/16(10).
    assert add_working_days(date(2025, 9, 26), 10) == date(2025, 10, 16)
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 17)) == 11


def test_paper_received_on_10th_working_day_is_on_time_11th_is_late():
    record = sample("achievement-registration", "ar-2025-basic-sichuan.json")
    assert record["registration"]["issued_on"] == "2025-09-26"
    record["registration"]["paper_received_on"] = "2025-10-16"
    assert "AR303" not in codes(record, round=rounds.load("sichuan-2025"))
    record["registration"]["paper_received_on"] = "2025-10-17"
    assert "AR303" in codes(record, round=rounds.load("sichuan-2025"))


def test_year_not_covered_is_said_not_guessed():
    with pytest.raises(YearNotCovered, match="2027 年节假日数据未收录"):
        add_working_days(date(2026, 12, 24), 10)


def test_shanxi_round_has_no_working_day_rule():
    record = sample("achievement-registration", "ar-2025-basic-sichuan.json")
    record["registration"]["paper_received_on"] = "2025-12-31"
    assert "AR303" not in codes(record, round=rounds.load("shanxi-2025"))
    assert "AR303" in codes(record)  # no round: 003's 10 working days apply


# --- 002: round dates -----------------------------------------------------------------------

@pytest.mark.parametrize("submitted, late", [("2026-01-21", False), ("2026-01-22", True)])
def test_online_deadline_inclusive(submitted, late):
    record = sample("achievement-registration", "ar-2025-applied-shanxi.json")
    record["submitted_on"] = submitted
    assert ("AR301" in codes(record, round=rounds.load("shanxi-2025"))) is late


@pytest.mark.parametrize("produced, outside", [
    ("2024-12-31", True), ("2025-01-01", False), ("2025-12-31", False), ("2026-01-01", True)])
def test_round_period_bounds(produced, outside):
    record = sample("achievement-registration", "ar-2025-applied-shanxi.json")
    record["achievement"]["produced_on"] = produced
    record["evaluation"]["date"] = produced
    assert ("AR102" in codes(record, round=rounds.load("shanxi-2025"))) is outside


# --- counts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("n, flagged", [(1, False), (3, False), (4, True)])
def test_keywords_at_most_three(n, flagged):
    record = sample("achievement-registration", "ar-2025-applied-shanxi.json")
    record["achievement"]["keywords"] = [f"词{i}" for i in range(n)]
    assert ("AR404" in codes(record)) is flagged


def test_none_value_accepted_where_blank_is_not():
    record = sample("achievement-registration", "ar-2025-applied-shanxi.json")
    record["evaluation"]["document_number"] = "无"
    assert not {c for c in codes(record) if c.startswith("S")}
    record["evaluation"]["document_number"] = ""
    assert "S008" in codes(record)
