"""Seed acceptance: an independent second suite for `nssf-publication` and
`achievement-registration`, written from the seed documents before reading the rule code.

Each test starts from a valid sample, moves one value just inside and just outside a
requirement, and asserts what a submitter sees: an error on the right JSON Pointer, a Chinese
message carrying the values, and a `source` naming the clause. Expected values are worked out
by hand from the seed's words (arithmetic and calendars in comments). Where the implementation
disagrees with this reading, the test is `xfail(strict=True)` with the disagreement as reason.

Requirements read from the seeds (clause → checkable requirement)
====================================================================

Seed 000 — 社科工作办通字[2020]21号 and its 《成果出版情况填写操作手册》 (kind nssf-publication)

R-NP-1  000 一  "2012 年（含）以后结项 … 全部入库，2012 年以前结项的项目成果依照自愿原则登记入库":
        completed 2012-01-01 or later → must be registered; 2011-12-31 or earlier → voluntary,
        accepted (no error), and never overdue (nothing obliges it).
R-NP-2  000 一  "成果形式包括且不限于：专著、译著、工具书、研究报告和论文集等": a form outside the
        five named (其他) is accepted.
R-NP-3  000 一  "凡我办提示'不得以国家社会科学基金名义出版'的成果不予入库": a flagged outcome is
        rejected (error on /project/flagged_not_for_nssf_publication).
R-NP-4  000 二（一） copies by completion year: completed 2012–2019 → 2 套; 2020（含）or later → 3 套;
        before 2012 → 1–2 套 voluntary; 大型文献编撰类丛书 → 1 套 is enough. Fewer copies than
        required → error on /registration/copies_submitted naming required and submitted counts.
R-NP-5  000 二（三） "对 2020 年 8 月 31 日之前出版的成果，须在 2020 年 9 月 30 日之前完成集中登记和邮寄":
        published ≤ 2020-08-31 → registered and mailed by 2020-09-30 (inclusive reading of 之前,
        since "8 月 31 日之后出版" is the complement, 8-31 belongs to the first group).
R-NP-6  000 二（三） "对 2020 年 8 月 31 日之后出版的成果，项目负责人须在成果正式出版后 1 个月内在线登记":
        published ≥ 2020-09-01 → registered_on ≤ publication + 1 calendar month, clamped at month
        ends (01-31 → 02-28, or 02-29 in a leap year; 03-31 → 04-30). A publication date given
        only as YYYY-MM is read in the submitter's favour (the last day of that month).
R-NP-7  000 二（二）3 "务必在外包装显著位置标明'社科基金成果样书'字样": parcel label must read
        社科基金成果样书 (error on /mailing/parcel_label otherwise).
R-NP-8  000 附件 手册 二.3 "CIP核准号 … 10位纯数字": the CIP number is 4-digit year + 6-digit
        serial; the printed line 中国版本图书馆CIP数据核字（2017）第133041号 normalises to
        2017133041; the post-2023 line 中国国家版本馆CIP数据核字第2024PR2624号 (letters in the
        serial, SPEC kind 1) normalises to 2024PR2624; both accepted; 9 digits rejected.
R-NP-9  000 附件 手册 二.3 ISBN号 (brought out from the CIP data): an ISBN-13 with a valid check
        digit; an ISBN-10 accepted and converted to ISBN-13; a wrong check digit rejected.
R-NP-10 000 (批准号 of the project, SPEC kind 1): two-digit year + category + discipline + serial,
        e.g. 20BZX012, 18ZDA001, 19CZX012; malformed numbers rejected.
R-NP-11 (GB 32100-2015) 责任单位 统一社会信用代码 with a valid check character.
R-NP-12 000 附件 手册 二.3 "页面上的必填项必须填写完整" + house rule (004 填表说明 三): required text
        fields reject blanks and accept "无".

Seed 002 — 山西省 2025 年度科技成果在线登记 (kind achievement-registration, round shanxi-2025)

R-AR-1  002 一.1 / 五 "2025 年 1 月 1 日至 2025 年 12 月 31 日期间 … 产生的科技成果": produced_on in
        [2025-01-01, 2025-12-31] of the round; 2024-12-31 and 2026-01-01 are outside.
R-AR-2  002 一.2 non-fiscal funding: voluntary, accepted.
R-AR-3  002 一.3 "涉密成果不在山西省科技成果登记范围内": 秘密/机密/绝密 rejected; 公开 and 内部
        (not a state-secret grade) accepted.
R-AR-4  002 一.4 "同一成果不得重复登记": the same achievement already registered (in `others`)
        → error; a different achievement in `others` → none.
R-AR-5  002 一.4 "由科技成果第一完成单位负责登记": registrant unit ≠ first completing unit → error
        on /registrant_unit naming both.
R-AR-6  002 四.1 应用技术: 登记表 (加盖单位公章) + 研制报告 + 评价性材料 + 用户报告; 评价性材料 is any of
        (1) 评价证书/评价报告, 验收意见/报告, 绩效评价意见, 行业准入证明, 新产品证书;
        (2) 标准, 施工工法; (3) 品种审定证书, 新药证书; (4) 专利证书, 植物新品种权证书,
        软件著作权登记证书, 集成电路布图设计登记证书 (鉴定证书 also counts: 鉴定 is an evaluation
        method of 一.1 and 评价证书 is its modern name).
R-AR-7  002 四.2 基础理论: 登记表 (盖章) + 学术论文全文 or 学术专著 + 验收报告/意见 + (本单位学术部门的
        评价意见 or 同行评价意见) + 学术影响证明.
R-AR-8  002 四.3 软科学: 登记表 (盖章) + 研究报告 + 证明 (软科学成果评审证书, 验收报告/意见,
        绩效评价意见, 决策部门的采纳意见 or 批示).
R-AR-9  002 四.1–3 《科技成果登记表》 must be stamped (加盖单位公章): unstamped → error.
R-AR-10 002 五 "请成果完成人(单位)于 2026 年 1 月 21 日前在线登记": submitted_on ≤ 2026-01-21.

Seed 003 — 四川省科技成果登记工作流程（2025） (round sichuan-2025)

R-AR-11 003 方式二 4.(1) "登记成功并取得成果登记号的项目单位，请在10个工作日内将以下资料邮寄或送至…":
        paper_received_on ≤ the 10th working day after issued_on (State Council holiday
        notices; day of issue is day 0). Across National Day 2025 and Spring Festival 2026.
        Past that day with nothing received → a finding on /registration.
R-AR-12 003 (same) a year the holiday calendar does not cover (2027) is said clearly.
R-AR-13 003 方式二 4.(1)① "填入取得的成果登记号后打印": the registration number is the 12-character
        批准登记号 (SPEC: 3 region + 4 year + type letter + 4 serial); malformed → error.

Form filling instructions of 《科技成果登记表》 (SPEC kind 2, "public filling instructions")

R-AR-14 关键词 at most 3 (4 → error on /achievement/keywords).
R-AR-15 成果水平 "未评价" where the evaluation method gives none: 专利授权, 行业准入, 评估;
        another level with those methods → error on /achievement/level.
R-AR-16 "无" accepted where the form may not be blank (评价文号, 项目编号); a blank rejected.

Both kinds: `paperwork validate` reads GBK/GB18030 files; exit 0 valid, 1 errors, 2 unusable.
"""
from __future__ import annotations

import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from validators import rounds
from validators.context import Context
from validators.documents import in_words
from validators.engine import validate
from validators.findings import Severity
from validators.ids import cip, isbn

RECORDS = Path(__file__).resolve().parent.parent / "samples" / "records"
CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _sample_text(kind: str, name: str) -> str:
    return (RECORDS / kind / name).read_text("utf-8")


def np_sample(name: str = "np-2022-monograph.json") -> dict:
    return json.loads(_sample_text("nssf-publication", name))


def ar_sample(name: str = "ar-2025-applied-shanxi.json") -> dict:
    return json.loads(_sample_text("achievement-registration", name))


SHANXI = "shanxi-2025"
SICHUAN = "sichuan-2025"


def check(record, today=date(2026, 1, 20), round_name=None, others=()):
    ctx = Context(today=today, round=rounds.load(round_name) if round_name else None,
                  others=tuple(others))
    return validate(record, ctx).findings


def check_shanxi(record, **kw):
    kw.setdefault("today", date(2026, 1, 20))
    return check(record, round_name=SHANXI, **kw)


def check_sichuan(record, **kw):
    kw.setdefault("today", date(2025, 11, 1))
    return check(record, round_name=SICHUAN, **kw)


def errors(findings):
    return [f for f in findings if f.severity is Severity.ERROR]


def _norm(s: str) -> str:
    return s.replace("（", "(").replace("）", ")").replace(" ", "")


def show(findings) -> str:
    return "\n".join(f"{f.severity.value} {f.code} {f.path} [{f.source}] {f.message}" for f in findings)


def assert_clean(findings):
    """Just inside: no error anywhere in the record."""
    assert not errors(findings), show(findings)


def assert_error(findings, path, clause=None, mentions=(), prefix=False):
    """Just outside: an error on `path` (or under it), Chinese, with the values, citing `clause`."""
    hits = [f for f in errors(findings)
            if (f.path.startswith(path) if prefix else f.path == path)]
    assert hits, f"no error at {path!r}:\n{show(findings)}"
    if clause:
        cited = [f for f in hits if _norm(in_words(clause)) in _norm(f.source)]
        assert cited, f"no error at {path!r} cites {clause!r}:\n{show(hits)}"
        hits = cited
    for f in hits:
        assert CJK.search(f.message), f.message
        assert f.source.strip(), f
    good = [f for f in hits if all(str(v) in f.message for v in mentions)]
    assert good, f"no error at {path!r} mentions {mentions}:\n{show(hits)}"
    return good[0]


# ---------------------------------------------------------------------------------------------
# nssf-publication — 000
# ---------------------------------------------------------------------------------------------

def np_completed(completed: str, copies: int, large: bool = False) -> dict:
    rec = np_sample()
    # a 2008 project (08…), so that completing in 2011 is possible (the sample's 17BZX045 is 2017)
    rec["project"]["approval_number"] = "08BZX045"
    rec["project"]["completion_date"] = completed
    rec["registration"]["copies_submitted"] = copies
    rec["book"]["large_compilation_series"] = large
    return rec


def test_valid_publication_samples_have_no_errors():
    for name in ("np-2022-monograph.json", "np-2023-compilation-series.json", "np-2024-new-cip.json"):
        assert_clean(check(np_sample(name)))


# R-NP-1 / R-NP-4: scope and copies by completion year ---------------------------------------

@pytest.mark.parametrize("completed, copies", [
    ("2011-12-31", 1),   # before 2012: voluntary, "自愿报送 1-2 套" → 1 is fine
    ("2011-12-31", 2),   # … and 2 is fine
    ("2012-01-01", 2),   # "2012年至2019年结项 … 报送 2 套"
    ("2019-12-31", 2),   # last day of the 2012–2019 band: still 2
    ("2020-01-01", 3),   # "2020 年（含）以后结项 … 报送 3 套"
])
def test_copies_just_enough(completed, copies):
    assert_clean(check(np_completed(completed, copies)))


@pytest.mark.parametrize("completed, copies, required", [
    ("2012-01-01", 1, 2),   # 2012（含）: 2 required, 1 short
    ("2019-12-31", 1, 2),
    ("2020-01-01", 2, 3),   # 2020（含）: 3 required, the 2012–2019 figure is no longer enough
])
def test_copies_one_short(completed, copies, required):
    f = assert_error(check(np_completed(completed, copies)), "/registration/copies_submitted",
                     "000 二（一）", mentions=(required, copies))
    assert completed[:4] in f.message or completed in f.message or completed[:4] in f.hint


def test_large_compilation_series_one_copy_is_enough():
    # "凡大型文献编撰类丛书等成果出版物可只报送 1 套", even when completed in 2022 (normally 3).
    assert_clean(check(np_completed("2022-12-20", 1, large=True)))


def test_large_compilation_series_zero_copies_is_short():
    assert_error(check(np_completed("2022-12-20", 0, large=True)), "/registration/copies_submitted",
                 "000 二（一）", mentions=(1, 0))


def test_completed_before_2012_is_voluntary_not_rejected():
    # "2012 年以前结项的项目成果依照自愿原则登记入库": registering is allowed, not an error.
    findings = check(np_completed("2011-12-31", 1))
    assert_clean(findings)


def test_other_outcome_form_is_accepted():
    # "成果形式包括且不限于" — the list is open, 其他 is a valid form.
    rec = np_sample()
    rec["book"]["outcome_form"] = "其他"
    assert_clean(check(rec))


def test_flagged_outcome_not_accepted():
    rec = np_sample()
    rec["project"]["flagged_not_for_nssf_publication"] = True
    assert_error(check(rec), "/project/flagged_not_for_nssf_publication", "000 一",
                 mentions=("不得以国家社会科学基金名义出版",))


# R-NP-5 / R-NP-6: publication deadline ----------------------------------------------------

def np_published(published: str, registered: str | None, mailed: str | None = None) -> dict:
    rec = np_sample()
    # completed 2019 → 2 copies required; the sample sends 3 (more than required is fine)
    rec["project"]["completion_date"] = "2019-06-01"
    rec["book"]["cip_number"] = "2020133041"   # CIP year 2020, not after any publication year below
    rec["book"]["publication_date"] = published
    if registered is None:
        del rec["registration"]["registered_on"]
        del rec["mailing"]["mailed_on"]
    else:
        rec["registration"]["registered_on"] = registered
        rec["mailing"]["mailed_on"] = mailed or registered
    return rec


def test_published_by_2020_08_31_registered_on_2020_09_30_is_in_time():
    # "对 2020 年 8 月 31 日之前出版的成果，须在 2020 年 9 月 30 日之前完成集中登记和邮寄工作"
    assert_clean(check(np_published("2020-08-31", "2020-09-30"), today=date(2020, 10, 5)))


def test_published_by_2020_08_31_registered_on_2020_10_01_is_late():
    # the fixed deadline 2020-09-30, not "1 month after 08-31" (which would also be 09-30 — so
    # the day after, 10-01, is late under either reading)
    findings = check(np_published("2020-08-31", "2020-10-01", mailed="2020-09-30"),
                     today=date(2020, 10, 5))
    assert_error(findings, "/registration/registered_on", "000 二（三）", mentions=("2020-09-30",))


def test_published_by_2020_08_31_mailed_on_2020_10_01_is_late():
    # the same sentence covers "登记和邮寄": mailing by 2020-09-30 too
    findings = check(np_published("2020-06-15", "2020-09-20", mailed="2020-10-01"),
                     today=date(2020, 10, 5))
    assert_error(findings, "/mailing/mailed_on", "000 二（三）", mentions=("2020-09-30",))


def test_published_2020_09_01_has_one_month():
    # "对 2020 年 8 月 31 日之后出版的成果 … 成果正式出版后 1 个月内在线登记":
    # 2020-09-01 + 1 month = 2020-10-01 → registering on 10-01 is in time …
    assert_clean(check(np_published("2020-09-01", "2020-10-01"), today=date(2020, 11, 1)))


def test_published_2020_09_01_registered_2020_10_02_is_late():
    # … and 10-02 is one day late; the fixed 2020-09-30 date no longer applies.
    findings = check(np_published("2020-09-01", "2020-10-02"), today=date(2020, 11, 1))
    assert_error(findings, "/registration/registered_on", "000 二（三）", mentions=("2020-10-01",))


@pytest.mark.parametrize("published, last_day, first_late", [
    ("2021-01-31", "2021-02-28", "2021-03-01"),  # no 02-31: one month after 01-31 clamps to 02-28
    ("2024-01-31", "2024-02-29", "2024-03-01"),  # 2024 is a leap year: 02-29
    ("2021-03-31", "2021-04-30", "2021-05-01"),  # April has 30 days
    ("2021-12-15", "2022-01-15", "2022-01-16"),  # across the year end
])
def test_one_month_rule_at_month_ends(published, last_day, first_late):
    assert_clean(check(np_published(published, last_day), today=date(2024, 6, 1)))
    findings = check(np_published(published, first_late), today=date(2024, 6, 1))
    assert_error(findings, "/registration/registered_on", "000 二（三）", mentions=(last_day,))


@pytest.mark.parametrize("published, last_day, first_late", [
    # "2022-03": the book may have appeared as late as 2022-03-31, so the last day to register is
    # 2022-04-30; 2022-05-01 is late whatever the day of publication was.
    ("2022-03", "2022-04-30", "2022-05-01"),
    # "2020-08": at the latest 2020-08-31, which is still "8 月 31 日之前出版" → fixed 2020-09-30
    ("2020-08", "2020-09-30", "2020-10-01"),
    # "2020-09": at the latest 2020-09-30 → one month → 2020-10-30
    ("2020-09", "2020-10-30", "2020-10-31"),
])
def test_publication_month_only_is_read_in_submitters_favour(published, last_day, first_late):
    assert_clean(check(np_published(published, last_day), today=date(2022, 6, 1)))
    findings = check(np_published(published, first_late), today=date(2022, 6, 1))
    assert_error(findings, "/registration/registered_on", "000 二（三）", mentions=(last_day,))


def test_not_registered_within_the_month_is_reported():
    # "2012 年（含）以后结项 … 全部入库" + "1 个月内在线登记": published 2022-03 → last day
    # 2022-04-30 (month-only date read as 03-31). On 04-30 nothing is late; on 05-01 it is.
    assert_clean(check(np_published("2022-03", None), today=date(2022, 4, 30)))
    findings = check(np_published("2022-03", None), today=date(2022, 5, 1))
    assert_error(findings, "/registration/registered_on", "000 二（三）", mentions=("2022-04-30",))


def test_voluntary_pre_2012_outcome_is_never_overdue():
    rec = np_published("2022-03", None)
    rec["project"]["approval_number"] = "08BZX045"
    rec["project"]["completion_date"] = "2011-12-31"
    assert_clean(check(rec, today=date(2022, 6, 1)))


# R-NP-7: parcel label ------------------------------------------------------------------------

def test_parcel_label_containing_the_words_accepted():
    rec = np_sample()
    rec["mailing"]["parcel_label"] = "社科基金成果样书（山西大学寄）"
    assert_clean(check(rec))


def test_parcel_label_exact_words_accepted():
    rec = np_sample()
    rec["mailing"]["parcel_label"] = "社科基金成果样书"
    assert_clean(check(rec))


@pytest.mark.parametrize("label", ["社科基金样书", "国家社科基金成果", "成果样书"])
def test_parcel_label_wrong_words_rejected(label):
    rec = np_sample()
    rec["mailing"]["parcel_label"] = label
    assert_error(check(rec), "/mailing/parcel_label", "000 二（二）", mentions=(label,))


# R-NP-8: CIP number --------------------------------------------------------------------------

@pytest.mark.parametrize("printed, compact_form", [
    ("中国版本图书馆CIP数据核字（2017）第133041号", "2017133041"),  # year 2017 + serial 133041
    ("中国国家版本馆CIP数据核字第2024PR2624号", "2024PR2624"),      # year 2024 + serial PR2624
    ("2017133041", "2017133041"),                                 # the manual's 10 位纯数字
])
def test_cip_printed_forms_accepted_and_normalised(printed, compact_form):
    rec = np_sample()
    rec["book"]["cip_number"] = printed
    findings = check(rec)
    assert_clean(findings)
    assert cip.compact(printed) == compact_form
    assert len(compact_form) == 10  # 4-digit year + 6-character serial
    # the submitter is told which form was recognised and what is registered
    told = [f for f in findings if f.path == "/book/cip_number" and compact_form in f.message]
    assert told and CJK.search(told[0].message), show(findings)


def test_cip_two_forms_are_told_apart():
    assert cip.detect_variant("中国版本图书馆CIP数据核字（2017）第133041号") != \
        cip.detect_variant("中国国家版本馆CIP数据核字第2024PR2624号")


@pytest.mark.parametrize("bad", ["201713304", "中国版本图书馆CIP数据核字（2017）第13304号"])
def test_cip_nine_characters_rejected(bad):
    # 2017 + 13304 = 9 characters, one short of the manual's "10位"
    rec = np_sample()
    rec["book"]["cip_number"] = bad
    assert_error(check(rec), "/book/cip_number", "000", mentions=("10",))


# R-NP-9: ISBN --------------------------------------------------------------------------------

def test_isbn13_valid_check_digit():
    # 978-7-5201-6474-?: weights 1,3,1,3…: 9+21+8+21+5+6+0+3+6+12+7+12 = 110; 110 mod 10 = 0 → 0
    rec = np_sample()
    rec["book"]["isbn"] = "978-7-5201-6474-0"
    assert_clean(check(rec))


def test_isbn13_wrong_check_digit_rejected():
    rec = np_sample()
    rec["book"]["isbn"] = "978-7-5201-6474-1"   # check digit must be 0 (see above)
    assert_error(check(rec), "/book/isbn", "000", mentions=("978-7-5201-6474-1",))


def test_isbn10_accepted_and_converted():
    # 7-5201-6474-?: weights 10..2 on 7,5,2,0,1,6,4,7,4:
    # 70+45+16+0+6+30+16+21+8 = 212; 212 mod 11 = 3 (209 = 19×11); 11-3 = 8 → 7-5201-6474-8.
    # Converted: prefix 978, drop the old check digit, recompute → 978-7-5201-6474-0 (above).
    rec = np_sample()
    rec["book"]["isbn"] = "7-5201-6474-8"
    findings = check(rec)
    assert_clean(findings)
    told = [f for f in findings if f.path == "/book/isbn"
            and ("978-7-5201-6474-0" in f.message or "9787520164740" in f.message)]
    assert told and CJK.search(told[0].message), show(findings)
    assert isbn.to_isbn13("7-5201-6474-8").replace("-", "") == "9787520164740"


def test_isbn10_wrong_check_digit_rejected():
    rec = np_sample()
    rec["book"]["isbn"] = "7-5201-6474-4"   # check digit must be 8 (see above)
    assert_error(check(rec), "/book/isbn", "000", mentions=("7-5201-6474-4",))


# R-NP-10: 批准号 -----------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["20BZX012", "18ZDA001", "19CZX012", "17BZX045"])
def test_approval_numbers_of_the_seed_shapes_accepted(number):
    rec = np_sample()
    rec["project"]["approval_number"] = number
    rec["project"]["completion_date"] = "2022-12-01"   # after any of these approval years
    assert_clean(check(rec))


@pytest.mark.parametrize("number", ["20BZX01", "BZX20012", "20-BZX"])
def test_malformed_approval_number_rejected(number):
    rec = np_sample()
    rec["project"]["approval_number"] = number
    assert_error(check(rec), "/project/approval_number", mentions=(number,))


# R-NP-11 / R-AR: USCC ------------------------------------------------------------------------

def test_uscc_wrong_check_character_rejected_publication():
    # 12140000405200183Q is valid (GB 32100 check character Q, confirmed with python-stdnum);
    # replacing the check character with R breaks it.
    rec = np_sample()
    rec["project"]["responsible_unit"]["credit_code"] = "12140000405200183R"
    assert_error(check(rec), "/project/responsible_unit/credit_code", mentions=("12140000405200183R",))


def test_uscc_wrong_check_character_rejected_registration():
    rec = ar_sample()
    rec["first_completing_unit"]["credit_code"] = "12140000405200183R"
    rec["registrant_unit"]["credit_code"] = "12140000405200183R"
    assert_error(check_shanxi(rec), "/first_completing_unit/credit_code",
                 mentions=("12140000405200183R",))


# R-NP-12 / R-AR-16: "无" accepted where blank is not ------------------------------------------

def test_publication_certificate_number_wu_accepted_blank_rejected():
    rec = np_sample()
    rec["project"]["completion_certificate_number"] = "无"
    assert_clean(check(rec))
    for blank in ("", "   "):
        rec["project"]["completion_certificate_number"] = blank
        assert_error(check(rec), "/project/completion_certificate_number")


@pytest.mark.parametrize("path", [("evaluation", "document_number"), ("plan_source", "project_number")])
def test_registration_wu_accepted_blank_rejected(path):
    rec = ar_sample()
    rec[path[0]][path[1]] = "无"
    assert_clean(check_shanxi(rec))
    for blank in ("", "   "):
        rec[path[0]][path[1]] = blank
        assert_error(check_shanxi(rec), f"/{path[0]}/{path[1]}")


# ---------------------------------------------------------------------------------------------
# achievement-registration — 002 (Shanxi round), 003 (Sichuan round)
# ---------------------------------------------------------------------------------------------

def test_valid_registration_samples_have_no_errors():
    assert_clean(check_shanxi(ar_sample("ar-2025-applied-shanxi.json")))
    assert_clean(check_shanxi(ar_sample("ar-2025-softscience.json")))
    assert_clean(check_sichuan(ar_sample("ar-2025-basic-sichuan.json")))


# R-AR-1: round period ------------------------------------------------------------------------

def produced(rec: dict, day: str) -> dict:
    # keep the record coherent: evaluated that day, research ended that month
    rec["achievement"]["produced_on"] = day
    rec["evaluation"]["date"] = day
    rec["achievement"]["research_end"] = day[:7]
    return rec


@pytest.mark.parametrize("day", ["2025-01-01", "2025-12-31"])
def test_produced_inside_round_period(day):
    # "2025 年 1 月 1 日至 2025 年 12 月 31 日期间 … 产生的科技成果": both ends included
    assert_clean(check_shanxi(produced(ar_sample(), day)))


@pytest.mark.parametrize("day", ["2024-12-31", "2026-01-01"])
def test_produced_outside_round_period(day):
    findings = check_shanxi(produced(ar_sample(), day))
    f = assert_error(findings, "/achievement/produced_on", "002", mentions=(day,))
    assert "2025" in f.message + f.hint


def test_non_fiscal_funding_is_voluntary_not_rejected():
    # 002 一.2 "非财政投入产生的科技成果自愿进行省级科技成果登记"
    rec = ar_sample()
    rec["plan_source"]["funding"] = "非财政投入"
    assert_clean(check_shanxi(rec))


# R-AR-3: classified achievements -------------------------------------------------------------

@pytest.mark.parametrize("grade", ["秘密", "机密", "绝密"])
def test_classified_achievement_out_of_scope(grade):
    rec = ar_sample()
    rec["achievement"]["classification"] = grade
    assert_error(check_shanxi(rec), "/achievement/classification", "002 一.3", mentions=(grade,))


@pytest.mark.parametrize("grade", ["公开", "内部"])
def test_unclassified_achievement_in_scope(grade):
    # 内部 is not one of the three state-secret grades (秘密/机密/绝密), so not "涉密"
    rec = ar_sample()
    rec["achievement"]["classification"] = grade
    assert_clean(check_shanxi(rec))


# R-AR-4 / R-AR-5: duplicate registration, first completing unit registers --------------------

def test_same_achievement_registered_twice():
    rec = ar_sample()
    earlier = copy.deepcopy(rec)
    earlier["id"] = "AR-2025-SX-0007"
    earlier["submitted_on"] = "2026-01-08"
    findings = check_shanxi(rec, others=(earlier,))
    hits = [f for f in errors(findings) if _norm(in_words("002 一.4")) in _norm(f.source)]
    assert hits, show(findings)
    assert hits[0].path in ("", "/achievement/name"), hits[0].path
    assert CJK.search(hits[0].message)
    assert rec["achievement"]["name"] in hits[0].message or "AR-2025-SX-0007" in hits[0].message


def test_same_achievement_with_spacing_variant_is_still_a_duplicate():
    # the same achievement typed again with a space and a full-width letter is the same achievement
    rec = ar_sample()
    earlier = copy.deepcopy(rec)
    earlier["id"] = "AR-2025-SX-0007"
    earlier["achievement"]["name"] = "煤矸石基高性能充填材料制备关键技术 及应用"
    findings = check_shanxi(rec, others=(earlier,))
    assert [f for f in errors(findings) if _norm(in_words("002 一.4")) in _norm(f.source)], show(findings)


def test_different_achievement_in_others_is_not_a_duplicate():
    assert_clean(check_shanxi(ar_sample(), others=(ar_sample("ar-2025-softscience.json"),)))


def test_registrant_must_be_first_completing_unit():
    rec = ar_sample()
    rec["registrant_unit"] = {"name": "山西焦煤集团有限责任公司", "credit_code": "91140100MA0GRL1X28"}
    assert_error(check_shanxi(rec), "/registrant_unit", "002 一.4",
                 mentions=("太原理工大学", "山西焦煤集团有限责任公司"))


# R-AR-6..9: materials per type ---------------------------------------------------------------

def without(rec: dict, doc_type: str) -> dict:
    rec["attachments"] = [a for a in rec["attachments"] if a["document_type"] != doc_type]
    return rec


def replaced(rec: dict, old: str, new: str) -> dict:
    for a in rec["attachments"]:
        if a["document_type"] == old:
            a["document_type"] = new
    return rec


@pytest.mark.parametrize("missing, said", [
    ("研制报告", "研制报告"),
    ("用户报告", "用户报告"),
    ("验收意见", "评价"),        # the only 评价性材料 of the sample
    ("科技成果登记表", "科技成果登记表"),
])
def test_applied_technology_missing_material(missing, said):
    findings = check_shanxi(without(ar_sample(), missing))
    assert_error(findings, "/attachments", "002 四", mentions=(said,), prefix=True)


# 002 四.1 评价性材料 (1)–(4): each alternative alone is enough
EVALUATIVE = ["评价证书", "评价报告", "鉴定证书", "验收报告", "验收意见", "绩效评价意见", "行业准入证明",
              "新产品证书", "标准", "施工工法", "品种审定证书", "新药证书", "专利证书",
              "植物新品种权证书", "软件著作权登记证书", "集成电路布图设计登记证书"]


@pytest.mark.parametrize("alternative", EVALUATIVE)
def test_applied_technology_each_evaluative_material_suffices(alternative):
    assert_clean(check_shanxi(replaced(ar_sample(), "验收意见", alternative)))


BASIC = "ar-2025-basic-sichuan.json"


@pytest.mark.parametrize("missing, said", [
    ("学术论文", "论文"),
    ("验收报告", "验收"),
    ("同行评价意见", "评价意见"),
    ("学术影响证明", "学术影响证明"),
    ("科技成果登记表", "科技成果登记表"),
])
def test_basic_theory_missing_material(missing, said):
    findings = check_sichuan(without(ar_sample(BASIC), missing))
    assert_error(findings, "/attachments", "002 四", mentions=(said,), prefix=True)


def test_basic_theory_performance_evaluation_is_not_an_acceptance_report():
    findings = check_sichuan(replaced(ar_sample(BASIC), "验收报告", "绩效评价意见"))
    assert_error(findings, "/attachments", "002 四", mentions=("验收",), prefix=True)


@pytest.mark.parametrize("old, new", [
    ("学术论文", "学术专著"),          # "学术论文全文或学术专著"
    ("同行评价意见", "学术评价意见"),  # "本单位学术部门的评价意见或者同行评价意见"
    ("验收报告", "验收意见"),          # "验收报告、意见、通知"
])
def test_basic_theory_alternatives(old, new):
    assert_clean(check_sichuan(replaced(ar_sample(BASIC), old, new)))


SOFT = "ar-2025-softscience.json"


@pytest.mark.parametrize("missing, said", [
    ("研究报告", "研究报告"),
    ("采纳意见", "证明"),   # "相关的证明", the sample's only proof
])
def test_soft_science_missing_material(missing, said):
    findings = check_shanxi(without(ar_sample(SOFT), missing))
    assert_error(findings, "/attachments", "002 四", mentions=(said,), prefix=True)


@pytest.mark.parametrize("sample, missing, clause", [
    ("ar-2025-applied-shanxi.json", "研制报告", "002 四.1"),
    (BASIC, "学术影响证明", "002 四.2"),
    (SOFT, "研究报告", "002 四.3"),
])
def test_missing_material_cites_the_item_of_its_type(sample, missing, clause):
    findings = check(without(ar_sample(sample), missing), round_name=None)
    assert_error(findings, "/attachments", clause, mentions=(missing,))


@pytest.mark.parametrize("proof", ["软科学成果评审证书", "验收报告", "验收意见", "绩效评价意见", "领导批示"])
def test_soft_science_each_proof_suffices(proof):
    assert_clean(check_shanxi(replaced(ar_sample(SOFT), "采纳意见", proof)))


@pytest.mark.parametrize("sample", ["ar-2025-applied-shanxi.json", "ar-2025-softscience.json"])
def test_registration_form_must_be_stamped(sample):
    rec = ar_sample(sample)
    rec["attachments"][0]["stamped"] = False    # 《科技成果登记表》 "(加盖单位公章)"
    assert rec["attachments"][0]["document_type"] == "科技成果登记表"
    assert_error(check_shanxi(rec), "/attachments", "002 四", mentions=("公章",), prefix=True)


# R-AR-10: Shanxi online deadline -------------------------------------------------------------

def test_shanxi_online_by_2026_01_21():
    # "请成果完成人(单位)于 2026 年 1 月 21 日前在线登记": 01-21 itself is in time …
    rec = ar_sample()
    rec["submitted_on"] = "2026-01-21"
    assert_clean(check_shanxi(rec, today=date(2026, 1, 25)))


def test_shanxi_online_on_2026_01_22_is_late():
    # … 01-22 is late
    rec = ar_sample()
    rec["submitted_on"] = "2026-01-22"
    assert_error(check_shanxi(rec, today=date(2026, 1, 25)), "/submitted_on", "002",
                 mentions=("2026-01-21",))


def test_shanxi_not_submitted_after_2026_01_21_is_reported():
    rec = ar_sample()
    del rec["submitted_on"]
    assert_clean(check_shanxi(rec, today=date(2026, 1, 21)))   # the last day itself: still open
    assert_error(check_shanxi(rec, today=date(2026, 1, 22)), "/submitted_on", "002",
                 mentions=("2026-01-21",))


# R-AR-11/12/13: Sichuan, 10 working days after the registration number ----------------------

def sichuan(issued: str, received: str | None) -> dict:
    rec = ar_sample(BASIC)
    rec["registration"]["issued_on"] = issued
    if received is None:
        rec["registration"].pop("paper_received_on", None)
    else:
        rec["registration"]["paper_received_on"] = received
    return rec


# 2025 National Day (国办发明电〔2024〕12号): Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked.
# Issued Thu 2025-09-25 (day 0): Fri 9-26 (1), Sun 9-28 (2, worked), Mon 9-29 (3), Tue 9-30 (4),
# [Oct 1–8 off], Thu 10-09 (5), Fri 10-10 (6), Sat 10-11 (7, worked), Mon 10-13 (8),
# Tue 10-14 (9), Wed 10-15 (10) → last day 2025-10-15. (Mon–Fri counting would say 10-09.)
#
# The sample: issued Fri 2025-09-26: Sun 9-28 (1), 9-29 (2), 9-30 (3), 10-09 (4), 10-10 (5),
# Sat 10-11 (6), 10-13 (7), 10-14 (8), 10-15 (9), Thu 10-16 (10) → 2025-10-16, received that day.
#
# 2026 Spring Festival (国办发明电〔2025〕7号): Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked.
# Issued Wed 2026-02-11: Thu 2-12 (1), Fri 2-13 (2), Sat 2-14 (3, worked), [Feb 15–23 off],
# Tue 2-24 (4), Wed 2-25 (5), Thu 2-26 (6), Fri 2-27 (7), Sat 2-28 (8, worked), Mon 3-02 (9),
# Tue 3-03 (10) → last day 2026-03-03.
@pytest.mark.parametrize("issued, last_day, first_late", [
    ("2025-09-25", "2025-10-15", "2025-10-16"),
    ("2025-09-26", "2025-10-16", "2025-10-17"),
    ("2026-02-11", "2026-03-03", "2026-03-04"),
    # issued on a holiday, Sat 2025-10-04 (day 0): 10-09 (1), 10-10 (2), Sat 10-11 (3, worked),
    # 10-13 (4), 10-14 (5), 10-15 (6), 10-16 (7), 10-17 (8), 10-20 (9), Tue 10-21 (10)
    ("2025-10-04", "2025-10-21", "2025-10-22"),
])
def test_paper_materials_within_10_working_days(issued, last_day, first_late):
    assert_clean(check_sichuan(sichuan(issued, last_day), today=date(2026, 3, 20)))
    findings = check_sichuan(sichuan(issued, first_late), today=date(2026, 3, 20))
    assert_error(findings, "/registration/paper_received_on", "003", mentions=(last_day, first_late))


def test_calendar_agrees_with_the_holiday_notices():
    import chinese_calendar
    # the adjusted working weekends and the holidays used in the hand counts above
    for worked in (date(2025, 9, 28), date(2025, 10, 11), date(2026, 2, 14), date(2026, 2, 28)):
        assert chinese_calendar.is_workday(worked), worked
    for off in (date(2025, 10, 1), date(2025, 10, 8), date(2026, 2, 15), date(2026, 2, 23)):
        assert not chinese_calendar.is_workday(off), off


def test_paper_not_received_before_the_last_day_is_fine():
    # issued 2025-09-25, last day 2025-10-15 (above); on 2025-10-14 nothing is late yet
    assert_clean(check_sichuan(sichuan("2025-09-25", None), today=date(2025, 10, 14)))


def test_paper_not_received_after_the_last_day_is_reported():
    # on 2025-10-16 the 10 working days (to 2025-10-15) are over and nothing has arrived
    findings = check_sichuan(sichuan("2025-09-25", None), today=date(2025, 10, 16))
    hits = [f for f in findings if f.path.startswith("/registration")
            and f.severity in (Severity.ERROR, Severity.WARNING) and "2025-10-15" in f.message]
    assert hits, show(findings)
    assert CJK.search(hits[0].message) and "《科技成果登记工作流程（四川，2025）》" in hits[0].source


def test_year_not_covered_by_holiday_calendar_is_said():
    # Issued Mon 2026-12-28: 12-29 (1), 12-30 (2), 12-31 (3), then 2027 — the holiday calendar
    # in use stops at 2026 (the 2027 notice is not out), so the 10th working day cannot be known.
    findings = check_sichuan(sichuan("2026-12-28", "2027-01-12"), today=date(2027, 1, 20))
    hits = [f for f in findings if "2027" in f.message and f.path.startswith("/registration")]
    assert hits, show(findings)
    assert CJK.search(hits[0].message)


@pytest.mark.parametrize("number", ["5102025J004", "5102025J00421", "510202J50042"])
def test_malformed_registration_number_rejected(number):
    # 3 region + 4 year + 1 letter + 4 serial = 12 characters: 11 and 13 characters are wrong,
    # and so is a letter in the year position
    rec = ar_sample(BASIC)
    rec["registration"]["number"] = number
    assert_error(check_sichuan(rec), "/registration/number", mentions=(number,))


# R-AR-14: keywords ---------------------------------------------------------------------------

def test_three_keywords_accepted_four_rejected():
    rec = ar_sample()
    assert len(rec["achievement"]["keywords"]) == 3
    assert_clean(check_shanxi(rec))
    rec["achievement"]["keywords"].append("煤矿")
    assert_error(check_shanxi(rec), "/achievement/keywords", mentions=("4", "3"))


# R-AR-15: 成果水平 未评价 --------------------------------------------------------------------

@pytest.mark.parametrize("method", ["专利授权", "行业准入", "评估"])
def test_level_unevaluated_for_methods_without_a_level(method):
    rec = ar_sample()
    rec["evaluation"]["method"] = method
    rec["achievement"]["level"] = "未评价"
    assert_clean(check_shanxi(rec))
    rec["achievement"]["level"] = "国内领先"
    assert_error(check_shanxi(rec), "/achievement/level", mentions=(method, "国内领先"))


# ---------------------------------------------------------------------------------------------
# CLI: GBK input, exit codes 0/1/2
# ---------------------------------------------------------------------------------------------

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, ["validate", *map(str, args)])


def test_cli_gbk_valid_record_exits_0(tmp_path):
    path = tmp_path / "登记-gbk.json"
    path.write_bytes(json.dumps(ar_sample(), ensure_ascii=False).encode("gbk"))
    result = cli(path, "--round", SHANXI, "--today", "2026-01-20")
    assert result.exit_code == 0, result.output
    assert "GB18030" in result.output or "GBK" in result.output
    assert "0 个错误" in result.output


def test_cli_gbk_record_with_errors_exits_1_readable(tmp_path):
    rec = ar_sample()
    rec["achievement"]["classification"] = "机密"
    path = tmp_path / "涉密-gbk.json"
    path.write_bytes(json.dumps(rec, ensure_ascii=False).encode("gbk"))
    result = cli(path, "--round", SHANXI, "--today", "2026-01-20", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    hit = [f for f in data["findings"] if f["path"] == "/achievement/classification"]
    assert hit and "机密" in hit[0]["message"]   # decoded, not mojibake


def test_cli_publication_exits_0_and_1(tmp_path):
    good = tmp_path / "np.json"
    good.write_text(json.dumps(np_sample(), ensure_ascii=False), "utf-8")
    assert cli(good, "--today", "2026-01-10").exit_code == 0
    rec = np_sample()
    rec["mailing"]["parcel_label"] = "样书"
    bad = tmp_path / "np-bad.json"
    bad.write_text(json.dumps(rec, ensure_ascii=False), "utf-8")
    result = cli(bad, "--today", "2026-01-10")
    assert result.exit_code == 1 and "社科基金成果样书" in result.output


@pytest.mark.parametrize("content", [b"{not json", b"", b"\xff\xfe\x00garbage\x00"])
def test_cli_unusable_input_exits_2_in_chinese(tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    result = cli(path, "--today", "2026-01-10")
    assert result.exit_code == 2, result.output
    assert CJK.search(result.output) and "Traceback" not in result.output


def test_cli_missing_file_exits_2(tmp_path):
    result = cli(tmp_path / "没有这个文件.json", "--today", "2026-01-10")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_unknown_round_exits_2(tmp_path):
    path = tmp_path / "ar.json"
    path.write_text(json.dumps(ar_sample(), ensure_ascii=False), "utf-8")
    result = cli(path, "--round", "shanxi-2024", "--today", "2026-01-20")
    assert result.exit_code == 2 and CJK.search(result.output) and "Traceback" not in result.output
