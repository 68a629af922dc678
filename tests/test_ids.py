"""Identifier modules: stdnum-shaped, property-tested (issue #2)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean
from stdnum.cn import uscc as stdnum_uscc

from validators.ids import cip, isbn, nssf_project, registration_no, uscc
from validators.ids.errors import InvalidChecksum, InvalidIdentifier, InvalidLength

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_any_chinese_isbn13_with_its_check_digit_is_valid(body):
    number = "9787" + body
    number += ean.calc_check_digit(number)
    assert isbn.is_valid(number)
    assert isbn.format(number).startswith("978-7-")
    assert isbn.compact(isbn.format(number)) == number
    assert isbn.is_chinese(number)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8), st.integers(1, 9))
def test_a_wrong_check_digit_is_a_checksum_error(body, delta):
    number = "9787" + body
    good = int(ean.calc_check_digit(number))
    with pytest.raises(InvalidChecksum):
        isbn.validate(number + str((good + delta) % 10))


@pytest.mark.parametrize("printed", ["ISBN978-7-5201-6474-0", "ISBN 978 7 5201 6474 0", "ＩＳＢＮ９７８－７－５２０１－６４７４－０"])
def test_isbn_printed_forms(printed):
    assert isbn.validate(printed) == "9787520164740"


def test_isbn10_converts_to_isbn13():
    # 7-301-04815-7: 978 + 730104815 → EAN check digit 3 (worked by stdnum.ean, weights 1,3)
    assert isbn.to_isbn13("7-301-04815-7") == "9787301048153"


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(st.sampled_from(["11", "12", "51", "52", "91", "93"]), st.integers(110000, 659999),
       st.text(alphabet=USCC_CHARS, min_size=9, max_size=9))
def test_uscc_roundtrip(prefix, region, org):
    body = f"{prefix}{region}{org}"
    code = body + stdnum_uscc.calc_check_digit(body)
    assert uscc.validate(code.lower()) == code
    wrong = next(c for c in USCC_CHARS if c != code[-1])
    with pytest.raises(InvalidChecksum):
        uscc.validate(body + wrong)


@given(st.integers(1990, 2099), st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=6, max_size=6))
def test_cip_both_variants(year, serial):
    number = f"{year}{serial}"
    assert cip.validate(number) == number
    expected = "2020-digits" if serial.isdigit() else "2023-alnum"
    assert cip.detect_variant(number) == expected
    assert cip.compact(cip.format(number)) == number


@pytest.mark.parametrize("printed, normal", [
    ("中国版本图书馆CIP数据核字（2017）第133041号", "2017133041"),
    ("中国版本图书馆CIP数据核字(2017)第133041号", "2017133041"),
    ("中国国家版本馆CIP数据核字第2024PR2624号", "2024PR2624"),
    ("2024pr2624", "2024PR2624"),
])
def test_cip_printed_forms(printed, normal):
    assert cip.validate(printed) == normal


@pytest.mark.parametrize("bad", ["201713304", "20171330411", "1899133041", "2017-13304!"])
def test_cip_rejects(bad):
    assert not cip.is_valid(bad)
    with pytest.raises(InvalidIdentifier):
        cip.validate(bad)


@given(st.integers(0, 99), st.sampled_from(["A", "B", "C", "X", "ZDA", "F"]),
       st.sampled_from(["ZX", "ZW", "JY", "FX", "SH"]), st.integers(0, 999))
def test_nssf_project_numbers(yy, category, discipline, serial):
    if category == "ZDA":
        number = f"{yy:02d}ZDA{serial:03d}"
    else:
        number = f"{yy:02d}{category}{discipline}{serial:03d}"
    assert nssf_project.validate(number.lower()) == number
    assert nssf_project.approval_year(number) in range(1991, 2091)


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
       st.integers(1980, 2099), st.sampled_from("YJRS"), st.integers(0, 9999))
def test_registration_numbers(code, year, letter, serial):
    number = f"{code}{year}{letter}{serial:04d}"
    assert registration_no.validate(number) == number
    assert registration_no.compact(registration_no.format(number)) == number
    assert registration_no.parts(number) == (code, year, letter, serial)


def test_registration_number_length():
    with pytest.raises(InvalidLength):
        registration_no.validate("1402025Y01234")
