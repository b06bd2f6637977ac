"""parse_number: budgets as people type them in Norwegian and English spreadsheets."""

import pytest

from portfolio_analysis.numbers import parse_number


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
