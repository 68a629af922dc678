"""Real identifiers are accepted, lookalikes are not (issue #13, items 1 and 2).

Item 1: real 国家社科基金 批准号 of the single-listed disciplines (艺术学, 教育学) and the short
forms seen in print are never refused; a shape we do not know is a warning, not an error.
Item 2: identifier folding turns full-width characters into ASCII, and nothing else into digits;
python-stdnum's own test numbers give the same answers through our modules as through stdnum.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from stdnum import exceptions as stdnum_errors
from stdnum import isbn as stdnum_isbn
from stdnum.cn import uscc as stdnum_uscc

from generator.render import render
from validators.engine import validate as check_record
from validators.ids import isbn, nssf_project, uscc
from validators.ids.errors import InvalidIdentifier

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "samples" / "records"
DATA = Path(__file__).resolve().parent / "data"

# --- item 1: 批准号 ----------------------------------------------------------------------------

REAL = [
    ("21ZD08", "重大项目", 2021),      # 艺术学重大项目, as acknowledged in papers
    ("21ZD19", "重大项目", 2021),
    ("BIX230343", "一般项目", 2023),   # 教育学 国家一般课题: letters, year, serial
    ("21&ZD065", "重大项目", 2021),
    ("10&ZD057", "重大项目", 2010),
    ("18ZDA001", "重大项目", 2018),
    ("20BZX012", "一般项目", 2020),
    ("19CZX012", "青年项目", 2019),
]


@pytest.mark.parametrize("number, category, year", REAL)
def test_real_approval_numbers_are_valid_with_their_category_and_year(number, category, year):
    assert nssf_project.validate(number.lower()) == number
    assert nssf_project.category(number) == category
    assert nssf_project.approval_year(number) == year
    assert nssf_project.unusual(number) is None


def test_misplaced_ampersand_is_normalised():
    assert nssf_project.validate("10zd&057") == "10&ZD057"
    assert nssf_project.compact("10zd&057") == "10&ZD057"


def test_short_form_of_a_major_project_is_valid_but_unusual():
    assert nssf_project.is_valid("21&ZD65")
    assert nssf_project.category("21&ZD65") == "重大项目"
    assert "21&ZD065" in nssf_project.unusual("21&ZD65")


@pytest.mark.parametrize("number", ["2020BZX012", "BZX012", "20BZX01", "BZX20012", "20-BZX",
                                    "23AZD18", "22BTQ41", "20BZX０12号", "20/BZX012", ""])
def test_what_cannot_be_a_number_is_still_refused(number):
    with pytest.raises(InvalidIdentifier):
        nssf_project.validate(number)


def test_module_docstring_cites_where_each_shape_comes_from():
    doc = nssf_project.__doc__
    assert "More information:" in doc
    for source in ("fz.people.com.cn", "艺术学", "教育学"):
        assert source in doc


KIND_FILES = {
    "nssf-change-request": ("cr-2024-extension.json", "CR401", "CR412", "change_approval", "docx"),
    "nssf-completion": ("nc-2024-correspondence-appraisal.json", "NC401", "NC405", "completion", "docx"),
    "nssf-budget-adjustment": ("ba-2024-shift-between-lines.json", "BA401", "BA407", "budget_adjustment", "docx"),
    "nssf-publication": ("np-2022-monograph.json", "NP407", "NP410", "publication_mailing", "xlsx"),
}


def record_with(kind: str, number: str) -> dict:
    record = json.loads((RECORDS / kind / KIND_FILES[kind][0]).read_text("utf-8"))
    record["project"]["approval_number"] = number
    if kind == "nssf-publication":
        record["project"]["completion_date"] = "2024-12-01"  # after every approval year below
    return record


@pytest.mark.parametrize("kind", KIND_FILES)
@pytest.mark.parametrize("number", ["21ZD08", "BIX230343", "21&ZD065", "10zd&057"])
def test_a_real_number_raises_nothing_and_its_form_renders(kind, number):
    record = record_with(kind, number)
    report = check_record(record)
    assert [(f.code, f.severity.value) for f in report.findings
            if f.path.startswith("/project/approval_number")] == []
    _, _, _, form, fmt = KIND_FILES[kind]
    assert render(form, record, fmt).data


@pytest.mark.parametrize("kind", KIND_FILES)
def test_an_unusual_number_is_a_warning_that_says_how_to_check_it(kind):
    _, invalid, unusual, form, fmt = KIND_FILES[kind]
    record = record_with(kind, "21&ZD65")
    got = [f for f in check_record(record).findings if f.path == "/project/approval_number"]
    assert [(f.code, f.severity.value) for f in got] == [(unusual, "warning")]
    assert "格式少见，请核对" in got[0].message
    assert "21&ZD065" in got[0].message
    assert render(form, record, fmt).data


@pytest.mark.parametrize("kind", KIND_FILES)
def test_a_malformed_number_is_still_an_error(kind):
    _, invalid, _, _, _ = KIND_FILES[kind]
    got = [(f.code, f.severity.value) for f in check_record(record_with(kind, "2020BZX012")).findings
           if f.path == "/project/approval_number"]
    assert got == [(invalid, "error")]


# --- item 2: folding ---------------------------------------------------------------------------

@pytest.mark.parametrize("lookalike", ["978-9024538²70", "①②345678-9", "978-7-5201-6474-⁰",
                                       "978-7-5201-6474-\u2080"])
def test_superscript_subscript_and_circled_digits_are_not_isbn_digits(lookalike):
    assert not isbn.is_valid(lookalike)
    with pytest.raises(InvalidIdentifier):
        isbn.validate(lookalike)


def test_full_width_digits_still_fold():
    assert isbn.validate("９７８－７－５２０１－６４７４－０") == "9787520164740"
    assert uscc.validate("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"


@pytest.mark.parametrize("module, number", [
    (isbn, 1857982185), (isbn, 9787520164740), (uscc, 121200004013590816), (nssf_project, 20),
])
def test_a_number_that_is_not_text_is_not_valid(module, number):
    assert module.is_valid(str(number)) is (module is not nssf_project)
    assert module.is_valid(number) is False
    with pytest.raises(InvalidIdentifier):
        module.validate(number)


def test_a_nine_digit_sbn_is_one_isbn10_for_every_function():
    assert isbn.is_valid("12-345678-9")
    assert isbn.validate("12-345678-9") == "0123456789"
    assert isbn.compact("12-345678-9") == "0123456789"
    assert isbn.is_isbn10("12-345678-9")
    assert isbn.to_isbn13("12-345678-9") == "9780123456786"


@pytest.mark.parametrize("lookalike", ["91110000600037341L".replace("1", "¹", 1),
                                       "9111000060003734①L", "91110000600037341\u24c1"])
def test_superscript_and_circled_characters_are_not_uscc_characters(lookalike):
    assert not uscc.is_valid(lookalike)


def stdnum_cases(name: str) -> list[str]:
    """The numbers of one of python-stdnum's test files, as copied into tests/data/."""
    lines = (DATA / name).read_text("utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


def stdnum_answer(module, number):
    try:
        return module.validate(number)
    except stdnum_errors.ValidationError as e:
        return type(e).__name__


def our_answer(module, number):
    try:
        return module.validate(number)
    except InvalidIdentifier as e:
        return type(e).__name__


@pytest.mark.parametrize("ours, theirs, data", [
    (isbn, stdnum_isbn, "stdnum_isbn_numbers.txt"),
    (uscc, stdnum_uscc, "stdnum_cn_uscc_numbers.txt"),
])
def test_stdnum_test_numbers_get_stdnum_answers(ours, theirs, data):
    numbers = stdnum_cases(data)
    assert len(numbers) > 200
    disagree = [(n, our_answer(ours, n), stdnum_answer(theirs, n)) for n in numbers
                if our_answer(ours, n) != stdnum_answer(theirs, n)]
    assert disagree == []


# The one documented difference: copyright pages print the label, and our compact drops it.
DIFFERENCES = {"ISBN 978-7-5201-6474-0": ("9787520164740", "InvalidFormat"),
               "ISBN：978-7-5201-6474-0": ("9787520164740", "InvalidFormat")}


@pytest.mark.parametrize("number", DIFFERENCES)
def test_the_documented_differences_from_stdnum(number):
    assert (our_answer(isbn, number), stdnum_answer(stdnum_isbn, number)) == DIFFERENCES[number]
