"""No list of the API is cut silently: every list result holds every row unless the caller asks for fewer.

The UK GMPP's March 2022 -> March 2023 pair has 69 continuing projects whose whole-life cost rose and 29
whose cost fell; ``budget_decline(...).increases`` once kept the 10 largest (£20 748m of £25 744m of
rises). Expected values are counted here from the two periods' panel rows, not from the package's
comparison or budget functions.
"""

from __future__ import annotations

import pandas as pd
import pytest

import portfolio_analysis as pa

PREVIOUS, CURRENT = "2022-03", "2023-03"


@pytest.fixture(scope="module")
def uk_changes(uk_portfolio) -> pd.Series:
    """Whole-life cost change per continuing project with a cost in both years, from the panel rows alone."""
    before = uk_portfolio.rows(PREVIOUS).set_index("project_id")["budget_mnok"].dropna()
    after = uk_portfolio.rows(CURRENT).set_index("project_id")["budget_mnok"].dropna()
    both = before.index.intersection(after.index)
    change = (after[both] - before[both]).astype(float)
    return change[change != 0]


def test_the_panel_count_is_the_one_the_issue_quotes(uk_changes):
    rises, falls = uk_changes[uk_changes > 0], uk_changes[uk_changes < 0]
    assert (len(rises), rises.sum()) == (69, pytest.approx(25_744))
    assert (len(falls), falls.sum()) == (29, pytest.approx(-4_686))


def test_budget_decline_lists_every_rise_and_every_fall_by_default(uk_portfolio, uk_changes):
    decline = pa.budget_decline(uk_portfolio, CURRENT, PREVIOUS)
    rises, falls = uk_changes[uk_changes > 0], uk_changes[uk_changes < 0]
    assert len(decline.increases) == len(rises) == 69
    assert decline.increases["change_mnok"].sum() == pytest.approx(rises.sum())
    assert len(decline.decreases) == len(falls) == 29
    assert decline.decreases["change_mnok"].sum() == pytest.approx(falls.sum())
    assert set(decline.increases["project_id"]) == set(rises.index)
    assert decline.increases["change_mnok"].is_monotonic_decreasing  # largest rise first
    assert decline.decreases["change_mnok"].is_monotonic_increasing  # largest fall first
    # the rises and falls of the continuing projects are the bridge's continuing step: £21 058m
    continuing = decline.bridge.set_index("step").loc["continuing_change", "amount_mnok"]
    assert decline.increases["change_mnok"].sum() + decline.decreases["change_mnok"].sum() == pytest.approx(continuing)
    assert continuing == pytest.approx(21_058)


def test_budget_decline_keeps_the_n_largest_when_asked(uk_portfolio, uk_changes):
    decline = pa.budget_decline(uk_portfolio, CURRENT, PREVIOUS, n=10)
    largest = uk_changes.sort_values(ascending=False)
    assert len(decline.increases) == len(decline.decreases) == 10
    assert decline.increases["change_mnok"].sum() == pytest.approx(largest.head(10).sum()) == pytest.approx(20_748)
    assert decline.decreases["change_mnok"].sum() == pytest.approx(largest.tail(10).sum())


def test_largest_changes_returns_every_changed_project_by_default(uk_portfolio, uk_changes):
    changes = pa.largest_changes(uk_portfolio, CURRENT, PREVIOUS)
    assert len(changes) == len(uk_changes) == 98
    assert changes["change_mnok"].sum() == pytest.approx(uk_changes.sum())
    assert changes["change_mnok"].is_monotonic_decreasing


def test_largest_changes_with_n_keeps_the_n_largest_rises_and_falls(uk_portfolio, uk_changes):
    changes = pa.largest_changes(uk_portfolio, CURRENT, PREVIOUS, n=3)
    ordered = uk_changes.sort_values(ascending=False)
    assert list(changes["change_mnok"]) == pytest.approx(list(ordered.head(3)) + list(ordered.tail(3)))
    assert pa.largest_changes(uk_portfolio, CURRENT, PREVIOUS, n=0).empty


@pytest.mark.parametrize("n", [-1, 2.5, "10", True])
def test_a_number_of_rows_that_is_not_one_is_refused(uk_portfolio, n):
    with pytest.raises(ValueError, match="n must be a whole number of rows"):
        pa.budget_decline(uk_portfolio, CURRENT, PREVIOUS, n=n)


def test_the_timeline_covers_every_period_by_default(uk_portfolio):
    """Every project at the worst rating in any period of the span, not only in the last four."""
    h = pa.history(uk_portfolio)
    timeline = h.timeline()
    assert [column for column in timeline.columns if column in h.periods] == h.periods
    ever_worst = set(h.tracked.loc[h.tracked["status"] == h.worst, "track"])
    assert set(timeline["track"]) == ever_worst
    lately = h.timeline(4)
    assert [column for column in lately.columns if column in h.periods] == h.periods[-4:]
    assert len(lately) < len(timeline)  # a shorter window is the caller's choice, and lists fewer projects
