"""Planned dates read with their precision, and compared at the coarser precision of two."""

import pandas as pd
import pytest

from portfolio_analysis.clean.dates import MONTH_FIRST, months_between, precision, read_date


@pytest.mark.parametrize("text, date", [
    ("31.12.2021", "2021-12-31"), ("2021-12-31", "2021-12-31"), ("2021-12-31T00:00:00", "2021-12-31"),  # Excel cell
    ("31/03/2025", "2025-03-31"), ("30/06/08", "2008-06-30"), ("1.2.2022", "2022-02-01"),
    ("des. 2021", "2021-12"), ("Desember 2021", "2021-12"), ("Dec 2021", "2021-12"), ("mai 2022", "2022-05"),
    ("12.2021", "2021-12"), ("2021-12", "2021-12"), ("31. desember 2021", "2021-12-31"),
    ("Q4 2021", "2021-Q4"), ("2021 Q4", "2021-Q4"), ("4. kvartal 2021", "2021-Q4"), ("q1-2022", "2022-Q1"),
    ("2021", "2021"),
])
def test_a_date_is_read_with_its_precision_never_as_a_first_or_last_day(text, date):
    assert read_date(text).value == date


@pytest.mark.parametrize("text", ["TBC", "Exempt under Section 43", "Early planning", "sommeren 2021", "No end date"])
def test_a_text_that_is_no_date_is_a_reason_not_a_date_nor_an_error(text):
    assert read_date(text).value is None and read_date(text).problem is None


@pytest.mark.parametrize("text, problem", [("31.02.2021", "no day 31 in February 2021"), ("13/13/2021", "no month 13"),
                                           ("2021-13", "no month 13"), ("44561", "not a date")])
def test_a_text_shaped_like_a_date_that_is_none_is_a_problem(text, problem):
    assert read_date(text) == read_date(text).__class__(None, problem)


def test_slashed_dates_read_in_the_order_given():
    assert read_date("03/04/2025").value == "2025-04-03"
    assert read_date("03/04/2025", MONTH_FIRST).value == "2025-03-04"


@pytest.mark.parametrize("date, found", [("2021-12-31", "day"), ("2021-12", "month"), ("2021-Q4", "quarter"),
                                         ("2021", "year"), (None, None), (pd.NA, None), (float("nan"), None)])
def test_precision_is_the_form_of_the_text(date, found):
    assert precision(date) == found


@pytest.mark.parametrize("earlier, later, months", [
    ("2021-12-31", "2022-03-31", 3.0),  # two days: by their days, 90 days
    ("2021-12-31", "2022-Q2", 6.0),  # a day against a quarter: Q4 2021 to Q2 2022
    ("2021-12", "2021-Q4", 0.0),  # December is in the fourth quarter: unchanged at that precision
    ("2021-11-15", "2021-12", 1.0),  # a day against a month: November to December
    ("2021", "2023-06-30", 24.0),  # years
    ("2022-03", "2021-12", -3.0),  # earlier: negative
    ("2021-12-31", None, None),
])
def test_months_between_is_counted_at_the_coarser_precision(earlier, later, months):
    assert months_between(earlier, later) == months
