"""compare_periods carries the panel's planned dates, money, markers and comments as X_previous / X_current
(issue 22), only for the columns the panel holds."""

import portfolio_analysis as pa
from panel_support import hand_portfolio


def test_new_columns_travel_as_previous_and_current():
    rows = [{"report_period": "2022-03", "project_id": "A", "planned_end": "2024", "whole_life_cost": 10.0,
             "status_comment": "Late.\nVery late."},
            {"report_period": "2022-09", "project_id": "A", "planned_end": "2025-Q1", "whole_life_cost": 12.0,
             "whole_life_cost_marker": None}]
    compared = pa.compare_periods(hand_portfolio(rows, without=("benefits",)))
    row = compared.iloc[0]
    assert (row["planned_end_previous"], row["planned_end_current"]) == ("2024", "2025-Q1")
    assert (row["whole_life_cost_previous"], row["whole_life_cost_current"]) == (10.0, 12.0)
    assert row["status_comment_previous"] == "Late.\nVery late."
    assert "benefits_previous" not in compared and "benefits_current" not in compared
    assert {"forecast_comment_previous", "forecast_comment_current", "planned_start_marker_current"} <= set(compared)
