"""pa.history(...).projects on a small hand-made portfolio: each project's cumulative slip and cost growth
since it first appeared, skipping periods that withhold a value."""

import pandas as pd
import pytest

import portfolio_analysis as pa
from panel_support import hand_portfolio


@pytest.fixture(scope="module")
def projects():
    rows = [
        {"report_period": "2021-03", "project_id": "H1", "planned_end": "2024-03-31", "whole_life_cost": 200.0},
        {"report_period": "2022-03", "project_id": "H1", "planned_end": None, "whole_life_cost": None,
         "planned_end_marker": "exempt"},                                                  # withheld: skipped
        {"report_period": "2023-03", "project_id": "H1", "planned_end": "2025", "whole_life_cost": 250.0},
        {"report_period": "2022-03", "project_id": "H2", "planned_end": "2023-Q2", "whole_life_cost": 0.0},
        {"report_period": "2023-03", "project_id": "H2", "planned_end": "2023-Q1", "whole_life_cost": 10.0},
        {"report_period": "2021-03", "project_id": "H3"},                                  # never gave either
    ]
    return pa.history(hand_portfolio(rows)).projects.set_index("project_id")


def test_slip_is_from_the_first_planned_end_to_the_latest_at_the_coarser_precision(projects):
    h1 = projects.loc["H1"]
    assert (h1["first_end"], h1["latest_end"], h1["slip_months"]) == ("2024-03-31", "2025", 12.0)
    assert (h1["first_end_period"], h1["latest_end_period"]) == ("2021-03", "2023-03")
    assert projects.loc["H2", "slip_months"] == -3.0


def test_cost_growth_amount_and_percent(projects):
    h1 = projects.loc["H1"]
    assert (h1["first_cost"], h1["latest_cost"], h1["cost_growth"], h1["cost_growth_pct"]) == (200.0, 250.0, 50.0, 25.0)
    assert projects.loc["H2", "cost_growth"] == 10.0 and pd.isna(projects.loc["H2", "cost_growth_pct"])  # from 0


def test_periods_present_and_unknown_stays_unknown(projects):
    assert projects["periods"].to_dict() == {"H1": 3, "H2": 2, "H3": 1}
    assert projects.loc["H2", "first_period"] == "2022-03"
    assert projects.loc[["H3"], ["first_end", "slip_months", "first_cost", "cost_growth"]].isna().all(axis=None)
