"""parse_number: budgets as people type them in Norwegian and English spreadsheets."""

import pytest

import pandas as pd

from portfolio_analysis.clean.numbers import parse_number, read_numbers


@pytest.mark.parametrize("text, value", [
    ("32", 32.0),
    ("0", 0.0),
    ("+5", 5.0),
    ("12,5", 12.5),  # decimal comma
    ("12.5", 12.5),  # decimal point
    ("1571,50", 1571.5),
    ("  32  ", 32.0),
    ("1 571", 1571.0),  # space groups thousands
    ("1\u00a0571", 1571.0),  # no-break space, as Excel writes it in Norwegian
    ("1\u202f571", 1571.0),  # narrow no-break space
    ("1\u2009571", 1571.0),  # thin space
    ("1 571,5", 1571.5),
    ("1\u00a0571,5", 1571.5),
    ("12 345 678", 12345678.0),
    ("1.571,5", 1571.5),  # Norwegian: dot groups, comma is the decimal mark
    ("1.571.000", 1571000.0),
    ("1,571.5", 1571.5),  # English: comma groups, dot is the decimal mark
    ("1,571,000", 1571000.0),
    ("-5", -5.0),
    ("\u22125", -5.0),  # MINUS SIGN, as typeset in a PDF
    ("\u22121 571,5", -1571.5),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "\t\n"])
def test_blank_is_none_not_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["ukjent", "12 mill", "kr 12", "1,5,7", "1.57.1", "12,5%", "--5", "1,5.5.5", ","])
def test_garbage_raises_with_the_text(text):
    with pytest.raises(ValueError) as error:
        parse_number(text)
    assert repr(text) in str(error.value)
    assert str(error.value).startswith("not a number")


@pytest.mark.parametrize("text, value", [("１２", 12.0), ("١٢", 12.0), ("１２,５", 12.5), ("۱ ۵۷۱", 1571.0)])
def test_digits_of_other_scripts_read_as_their_value(text, value):
    assert parse_number(text) == value


def read(texts, files=None, decimal_mark=None):
    files = pd.Series(files or ["a.tsv"] * len(texts))
    return read_numbers(pd.Series(texts), files, decimal_mark)


def test_a_file_that_groups_thousands_with_a_dot_reads_1_571_as_thousands():
    numbers = read(["1.571,5", "1.571", "12"])
    assert numbers.values.tolist() == [1571.5, 1571.0, 12.0]
    assert numbers.two_ways.tolist() == ["", "", ""]


def test_a_file_that_groups_thousands_with_a_comma_reads_2_000_as_thousands():
    numbers = read(["1,571.5", "2,000", "0.5"])
    assert numbers.values.tolist() == [1571.5, 2000.0, 0.5]
    assert not numbers.conflict.any()


def test_the_convention_is_per_file():
    numbers = read(["12,5", "1.571", "1571.25", "1.571"], files=["a.tsv", "a.tsv", "b.csv", "b.csv"])
    assert numbers.values.tolist() == [12.5, 1571.0, 1571.25, 1.571]


def test_a_value_nothing_settles_is_read_with_a_lone_separator_as_decimal_and_flagged():
    numbers = read(["1.571", "2,000", "12"])
    assert numbers.values.tolist() == [1.571, 2.0, 12.0]
    assert numbers.two_ways.tolist() == ["1.571 or 1 571", "2 or 2 000", ""]
    assert not numbers.conflict.any()


def test_a_column_writing_decimals_both_ways_cannot_settle_a_two_way_value():
    numbers = read(["1.234,5", "2,000.25", "1.571"])
    assert numbers.values.tolist()[:2] == [1234.5, 2000.25]
    assert numbers.conflict.tolist() == [False, False, True]
    assert numbers.evidence == {"a.tsv": {",": "1.234,5", ".": "2,000.25"}}


def test_a_declared_decimal_point_reads_commas_as_thousands_and_refuses_a_decimal_comma():
    numbers = read(["2,000", "1.571", "12,5", "32,614.5"], decimal_mark=".")
    assert numbers.values.tolist()[:2] == [2000.0, 1.571]
    assert pd.isna(numbers.values[2]) and numbers.invalid.tolist() == [False, False, True, False]
    assert numbers.values[3] == 32614.5
    assert numbers.two_ways.tolist() == ["", "", "", ""]


def test_numbers_beyond_a_float_are_not_numbers():
    numbers = read(["9" * 400, "12"])
    assert numbers.invalid.tolist() == [True, False]
