"""Partial dates (clean/dates.py): each text's precision, and months between two at the coarser precision."""

import pandas as pd
import pytest

from portfolio_analysis.clean.dates import months_between, precision


@pytest.mark.parametrize("text, expected", [
    ("2021-12-31", "day"), ("2021-12", "month"), ("2021-Q4", "quarter"), ("2021", "year"),
    (pd.NA, None), (None, None), ("TBC", None), ("31.12.2021", None), ("2021-13-01x", None),
])
def test_precision(text, expected):
    assert precision(text) == expected


@pytest.mark.parametrize("earlier, later, months", [
    ("2021", "2023", 24.0),                    # years
    ("2021-12-31", "2022", 12.0),              # a day read as its year
    ("2021-Q4", "2022-Q2", 6.0),               # quarters
    ("2021-12-31", "2022-Q1", 3.0),            # a day read as its quarter
    ("2021-11", "2022-Q1", 3.0),               # a month read as its quarter (Q4 -> Q1)
    ("2021-12", "2022-03", 3.0),               # months
    ("2021-12-01", "2022-03", 3.0),            # a day read as its month
    ("2021-12-31", "2021-12-01", -1.0),        # 30 days earlier: -0.99 -> -1.0
    ("2022-03-31", "2023-03-31", 12.0),        # 365 days -> 11.99 -> 12.0
    ("2022-03-31", "2022-06-30", 3.0),         # 91 days -> 2.99 -> 3.0
    ("2022-03-31", "2022-04-01", 0.0),         # one day: rounded to 0.0
    ("2023-03-31", "2022-03-31", -12.0),       # earlier is negative
    ("2021-Q4", "2021-12-15", 0.0),            # same quarter
])
def test_months_between_at_the_coarser_precision(earlier, later, months):
    assert months_between(earlier, later) == months


@pytest.mark.parametrize("earlier, later", [(pd.NA, "2021"), ("2021", None), ("TBC", "2021-12"), (float("nan"), "2021")])
def test_months_between_an_unknown_date_is_none(earlier, later):
    assert months_between(earlier, later) is None
