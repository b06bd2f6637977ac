"""pa.cost_change and pa.in_year on small hand-made portfolios: the moves, why a row is not comparable, the
bridge's named steps adding up, and the 5 % threshold's edges."""

import pandas as pd
import pytest

import portfolio_analysis as pa
from panel_support import hand_portfolio

BEFORE, NOW = "2022-03", "2022-09"


def pair(pid, previous_cost, current_cost, **current):
    return [{"report_period": BEFORE, "project_id": pid, "whole_life_cost": previous_cost},
            {"report_period": NOW, "project_id": pid, "whole_life_cost": current_cost, **current}]


@pytest.fixture(scope="module")
def change():
    rows = [
        *pair("C1", 100.0, 150.0, cost_comment="Scope grew.\nApproved in May."),  # +50
        *pair("C2", 80.0, 20.0),                            # -60
        *pair("C3", 40.0, 40.0),                            # unchanged
        *pair("C4", 30.0, None, whole_life_cost_marker="exempt"),  # newly withheld: -30
        *pair("C5", None, 12.0),                            # newly given: +12
        *pair("C6", None, None),                            # nothing known either side
        {"report_period": BEFORE, "project_id": "L1", "whole_life_cost": 25.0},   # left: -25
        {"report_period": NOW, "project_id": "J1", "whole_life_cost": 7.0},       # joined: +7
        {"report_period": NOW, "project_id": "J2"},                                # joined, no cost
    ]
    return pa.cost_change(hand_portfolio(rows), current=NOW, previous=BEFORE)


def by_id(change):
    return change.projects.set_index("project_id")


@pytest.mark.parametrize("pid, delta, move", [("C1", 50.0, "increased"), ("C2", -60.0, "decreased"),
                                              ("C3", 0.0, "unchanged")])
def test_moves_of_projects_with_a_cost_in_both_periods(change, pid, delta, move):
    assert (by_id(change).loc[pid, "change"], by_id(change).loc[pid, "move"]) == (delta, move)


@pytest.mark.parametrize("pid, why", [("C4", "no_cost_current: exempt"), ("C5", "no_cost_previous"),
                                      ("C6", "no_cost_previous"), ("L1", "left"), ("J1", "joined")])
def test_not_comparable_says_why(change, pid, why):
    row = by_id(change).loc[pid]
    assert (row["move"], row["why"]) == ("not_comparable", why) and pd.isna(row["change"])


def test_counts_rises_and_falls(change):
    assert (change.increased, change.decreased, change.unchanged, change.not_comparable) == (1, 1, 1, 6)
    assert (change.rises, change.falls) == (50.0, -60.0)


def test_the_bridge_names_each_step_and_adds_up(change):
    bridge = change.bridge.set_index("step")
    assert list(bridge.index) == ["previous_total", "continuing_up", "continuing_down", "joined", "left",
                                  "newly_withheld", "newly_given", "current_total"]
    assert bridge["amount"].to_dict() == {"previous_total": 275.0, "continuing_up": 50.0, "continuing_down": -60.0,
                                          "joined": 7.0, "left": -25.0, "newly_withheld": -30.0,
                                          "newly_given": 12.0, "current_total": 229.0}
    assert bridge["amount"].iloc[0] + bridge["amount"].iloc[1:-1].sum() == bridge["amount"].iloc[-1]
    assert bridge["projects"].to_dict() == {"previous_total": 5, "continuing_up": 1, "continuing_down": 1,
                                            "joined": 1, "left": 1, "newly_withheld": 1, "newly_given": 1,
                                            "current_total": 5}


def test_the_owners_narrative_travels_with_the_row(change):
    assert by_id(change).loc["C1", "cost_comment"] == "Scope grew.\nApproved in May."


def test_a_period_without_values_leaves_the_bridge_unknown():
    change = pa.cost_change(hand_portfolio([*pair("C1", 1.0, 2.0)], unpublished=(BEFORE,)))
    assert change.bridge["amount"].isna().all()
    assert by_id(change).loc["C1", "why"] == "not_published_previous"


def test_a_portfolio_without_whole_life_costs_is_an_error_naming_it():
    budgets_only = hand_portfolio([{"report_period": p, "project_id": "E1", "budget": 5.0} for p in (BEFORE, NOW)],
                                  name="e-helse")
    with pytest.raises(ValueError, match="portfolio 'e-helse' reports no whole-life costs"):
        pa.cost_change(budgets_only)
    with pytest.raises(ValueError, match="portfolio 'e-helse' reports no in-year forecasts"):
        pa.in_year(budgets_only)


def in_year_of(rows):
    return pa.in_year(hand_portfolio([{"report_period": NOW, **row} for row in rows]))


@pytest.mark.parametrize("budget, forecast, move", [
    (100.0, 105.0, "within"), (100.0, 105.01, "over"), (100.0, 95.0, "within"), (100.0, 94.99, "under"),
    (20.0, 21.0, "within"), (7.9, 4.2, "under"), (0.0, 0.0, "within"), (0.0, 0.5, "over"), (100.0, 100.0, "within"),
])
def test_in_year_more_than_five_percent_is_over_or_under(budget, forecast, move):
    result = in_year_of([{"project_id": "Y1", "budget": budget, "forecast": forecast}])
    assert result.projects.loc[0, "move"] == move


def test_in_year_counts_sums_and_reasons():
    result = in_year_of([
        {"project_id": "Y1", "budget": 100.0, "forecast": 120.0, "forecast_comment": "Brought forward."},
        {"project_id": "Y2", "budget": 50.0, "forecast": 40.0},
        {"project_id": "Y3", "budget": 10.0, "forecast": 10.2},
        {"project_id": "Y4", "budget": 10.0, "forecast_marker": "exempt"},
        {"project_id": "Y5", "forecast": 3.0},
    ])
    rows = result.projects.set_index("project_id")
    assert (result.over, result.under, result.within, result.not_comparable) == (1, 1, 1, 2)
    assert (result.budget_total, result.forecast_total) == (160.0, 170.2)
    assert rows.loc["Y1", "variance"] == 20.0 and rows.loc["Y1", "variance_pct"] == 20.0
    assert rows.loc["Y1", "forecast_comment"] == "Brought forward."
    assert (rows.loc["Y4", "why"], rows.loc["Y5", "why"]) == ("no_forecast: exempt", "no_budget")


def test_in_year_of_a_comparison_is_of_its_current_period():
    pf = hand_portfolio([{"report_period": BEFORE, "project_id": "Y1", "budget": 10.0, "forecast": 20.0},
                         {"report_period": NOW, "project_id": "Y1", "budget": 10.0, "forecast": 10.0}])
    assert pa.in_year(pa.compare(pf)).period == NOW and pa.in_year(pa.compare(pf)).within == 1
    assert pa.in_year(pf, BEFORE).over == 1
