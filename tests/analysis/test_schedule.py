"""pa.schedule_change on a small hand-made portfolio: each rule of the issue-22 contract (coarser precision,
unknown with its reason, joined/left not comparable, days that round to 0.0, past the planned end)."""

import math

import pandas as pd
import pytest

import portfolio_analysis as pa
from panel_support import hand_portfolio

BEFORE, NOW = "2022-03", "2022-09"


def pair(pid, previous_end, current_end, **current):
    before = {"report_period": BEFORE, "project_id": pid, "planned_end": previous_end}
    after = {"report_period": NOW, "project_id": pid, "planned_end": current_end, **current}
    return [before, after]


@pytest.fixture(scope="module")
def change():
    rows = [
        *pair("P01", "2021-12-31", "2022"),             # day vs year: read as years, 12 later
        *pair("P02", "2022-Q3", "2022-08-15"),          # quarter vs day: same quarter, unchanged; past its end
        *pair("P03", "2022-10-31", "2022-10-01"),       # 30 days earlier: -1.0
        *pair("P04", "2023-06-30", "2023-07-01"),       # one day later: months 0.0, still later
        *pair("P05", None, "2023-03"),                  # no previous date, the file says exempt
        *pair("P06", "2024", None),                     # no current date, no reason given
        *pair("P09", "2023-06", "2024-06"),             # months: 12 later
        *pair("P10", "2023", "2023", is_reported=False, carried_from=BEFORE),  # carried forward, not a move
        *pair("P11", "2022-09", "2022-Q3"),             # ends in the period's quarter: not past
        *pair("P12", "2021", "2021"),                   # unchanged, a year past its end
        {"report_period": BEFORE, "project_id": "P07", "planned_end": "2025-01"},   # left
        {"report_period": NOW, "project_id": "P08", "planned_end": "2026"},         # joined
    ]
    for row in rows:
        if row["project_id"] == "P05" and row["report_period"] == BEFORE:
            row["planned_end_marker"] = "exempt"
        if row["project_id"] == "P09":
            row["schedule_comment"] = "Delayed by a year.\nSee the plan." if row["report_period"] == BEFORE else None
            row["planned_start"] = "2020-01" if row["report_period"] == BEFORE else "2020-Q2"
        if row["project_id"] == "P01":
            row["planned_start"] = "2020-05-01" if row["report_period"] == BEFORE else "2020-04-01"
    return pa.schedule_change(hand_portfolio(rows), current=NOW, previous=BEFORE)


def by_id(change):
    return change.projects.set_index("project_id")


def test_one_row_per_project_in_either_period(change):
    assert sorted(change.projects["project_id"]) == [f"P{n:02d}" for n in range(1, 13)]


@pytest.mark.parametrize("pid, months, move", [
    ("P01", 12.0, "later"), ("P02", 0.0, "unchanged"), ("P03", -1.0, "earlier"), ("P04", 0.0, "later"),
    ("P09", 12.0, "later"), ("P11", 0.0, "unchanged"), ("P12", 0.0, "unchanged"),
])
def test_months_at_the_coarser_precision(change, pid, months, move):
    row = by_id(change).loc[pid]
    assert (row["months"], row["move"]) == (months, move)
    assert pd.isna(row["why"])


@pytest.mark.parametrize("pid, why", [
    ("P05", "no_date_previous: exempt"), ("P06", "no_date_current"), ("P07", "left"), ("P08", "joined"),
    ("P10", "carried_forward"),
])
def test_not_comparable_says_why(change, pid, why):
    row = by_id(change).loc[pid]
    assert (row["move"], row["why"]) == ("not_comparable", why)
    assert pd.isna(row["months"])


def test_counts_median_mean_and_largest(change):
    assert (change.later, change.earlier, change.unchanged, change.not_comparable) == (3, 1, 3, 5)
    assert change.median_slip_months == 12.0
    assert change.mean_slip_months == pytest.approx(8.0)
    assert list(change.largest["project_id"]) == ["P01", "P09", "P04"]  # every later row, largest first


def test_start_dates_the_same_way(change):
    rows = by_id(change)
    assert (rows.loc["P01", "start_months"], rows.loc["P01", "start_move"]) == (-1.0, "earlier")  # 30 days
    assert (rows.loc["P09", "start_months"], rows.loc["P09", "start_move"]) == (3.0, "later")  # 2020-01 -> Q2
    assert rows.loc["P02", "start_why"] == "no_date_previous"


def test_the_owners_narrative_travels_with_the_row(change):
    assert by_id(change).loc["P09", "schedule_comment"] == "Delayed by a year.\nSee the plan."  # the previous one


def test_past_end_are_the_current_projects_ending_before_the_period(change):
    past = change.past_end
    assert dict(zip(past["project_id"], past["months_past"])) == {"P12": 12.0, "P02": 1.0}


def test_no_slip_when_nothing_moved_later():
    rows = [*pair("P1", "2022", "2022"), *pair("P2", "2023-05", "2023-04")]
    change = pa.schedule_change(hand_portfolio(rows), current=NOW, previous=BEFORE)
    assert change.later == 0 and math.isnan(change.median_slip_months) and change.largest.empty


def test_a_comparison_made_once_is_accepted():
    pf = hand_portfolio([*pair("P1", "2022", "2024")])
    assert pa.schedule_change(pa.compare(pf, current=NOW, previous=BEFORE)).later == 1


def test_a_period_without_values_is_not_published():
    pf = hand_portfolio([*pair("P1", "2022", "2024")], unpublished=(BEFORE,))
    assert by_id(pa.schedule_change(pf)).loc["P1", "why"] == "not_published_previous"


def test_a_panel_without_dates_is_an_error_naming_the_portfolio():
    pf = hand_portfolio([*pair("P1", "2022", "2024")], without=("planned_end", "planned_end_marker"))
    with pytest.raises(ValueError, match="portfolio 'hand' has no planned dates"):
        pa.schedule_change(pf)
