"""pa.schedule_change and pa.cost_change against what the synthetic generator recorded, on random portfolios of
both layouts (one project per row, and transposed) and both kinds of submission.

Every expected value comes from ``Simulation.schedule``, ``.costs`` and ``.bridge`` (simulate/moves.py: the
truth's own arithmetic), never from the package's analyses or date helpers.
"""

import math

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.clean.dates import months_between, precision
from portfolio_analysis.simulate import simulate_portfolio
from portfolio_analysis.simulate.moves import months_moved

CASES = [
    {"seed": 0},
    {"seed": 3, "periods": 5, "projects": 25, "submissions": "per_organisation", "layout": "transposed"},
    {"seed": 8, "periods": 6, "projects": 40, "layout": "transposed"},
    {"seed": 11, "periods": 5, "projects": 30, "submissions": "per_organisation", "start": "2021-10"},
]  # `make test-fast` runs the first two; the others are marked slow


@pytest.fixture(scope="module", params=[pytest.param(case, marks=[pytest.mark.slow] if i > 1 else [])
                                        for i, case in enumerate(CASES)],
                ids=lambda case: "-".join(f"{k}{v}" for k, v in case.items()))
def simulated(request, tmp_path_factory):
    data = tmp_path_factory.mktemp("sim") / "data"
    simulation = simulate_portfolio(data, **request.param)
    return simulation, pa.load_portfolio(simulation.portfolio, data)


def pairs(simulation):
    return list(zip(simulation.periods[:-1], simulation.periods[1:]))


def plain(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Values only, sorted by project: every kind of missing the same, numbers as floats."""
    out = frame[columns].sort_values("project_id").reset_index(drop=True).astype(object)
    return out.where(out.notna(), None)


def assert_same(got: pd.DataFrame, expected: pd.DataFrame, columns: list[str], what: str) -> None:
    got, expected = plain(got, columns), plain(expected, columns)
    assert got["project_id"].tolist() == expected["project_id"].tolist(), what
    for column in columns:
        for i, (a, b) in enumerate(zip(got[column], expected[column])):
            numbers = isinstance(a, float) and isinstance(b, float)
            assert (math.isclose(a, b, abs_tol=1e-6) if numbers else a == b), (
                what, column, got.loc[i, "project_id"], a, b)


def test_schedule_change_equals_the_truths_moves(simulated):
    simulation, pf = simulated
    for previous, current in pairs(simulation):
        result = pa.schedule_change(pf, current=current, previous=previous)
        expected = simulation.schedule[simulation.schedule["report_period"] == current]
        columns = ["project_id", "previous_end", "current_end", "months", "move", "why", "previous_start",
                   "current_start", "start_months", "start_move", "start_why"]
        assert_same(result.projects, expected, columns, (previous, current))
        later = expected[expected["move"] == "later"]
        assert (result.later, result.earlier, result.unchanged, result.not_comparable) == tuple(
            int((expected["move"] == move).sum()) for move in ("later", "earlier", "unchanged", "not_comparable"))
        # still in the portfolio past the planned end: an end before the period's month, at the end's precision
        now = simulation.truth[simulation.truth["report_period"] == current]
        past = {i for i, end in zip(now["project_id"], now["planned_end"]) if (months_moved(end, current) or 0) > 0}
        assert set(result.past_end["project_id"]) == past
        if len(later):
            assert result.median_slip_months == pytest.approx(later["months"].median())
            assert result.mean_slip_months == pytest.approx(later["months"].mean())
            assert result.largest["project_id"].tolist() == later.sort_values(
                ["months", "project_id"], ascending=[False, True])["project_id"].tolist()


def test_cost_change_and_its_bridge_equal_the_truths(simulated):
    simulation, pf = simulated
    for previous, current in pairs(simulation):
        result = pa.cost_change(pf, current=current, previous=previous)
        expected = simulation.costs[simulation.costs["report_period"] == current]
        assert_same(result.projects, expected, ["project_id", "previous_cost", "current_cost", "change", "move",
                                                "why"], (previous, current))
        assert result.rises == pytest.approx(expected.loc[expected["move"] == "increased", "change"].sum())
        assert result.falls == pytest.approx(expected.loc[expected["move"] == "decreased", "change"].sum())
        bridge = simulation.bridge[simulation.bridge["report_period"] == current].set_index("step")["amount"]
        got = result.bridge.set_index("step")["amount"]
        assert list(got.index) == list(bridge.index)
        for step, amount in bridge.items():
            assert got[step] == pytest.approx(amount, abs=0.05), (previous, current, step)


def test_the_cases_cover_every_move(simulated):
    simulation, _pf = simulated
    schedule, costs = simulation.schedule, simulation.costs
    assert {"later", "earlier", "unchanged", "not_comparable"} <= set(schedule["move"])
    assert {"increased", "decreased", "unchanged", "not_comparable"} <= set(costs["move"])
    steps = simulation.bridge.groupby("step")["amount"].apply(lambda a: (a != 0).any())
    assert steps[["newly_withheld", "newly_given", "joined", "left"]].all()
    ends = pd.concat([schedule["previous_end"], schedule["current_end"]]).dropna()
    assert {precision(d) for d in ends} == {"day", "month", "quarter", "year"}
    truth = simulation.truth
    assert any((months_moved(end, period) or 0) > 0 for end, period in zip(truth["planned_end"],
                                                                          truth["report_period"]))  # past the end


def test_the_truths_months_agree_with_the_packages_date_helper(simulated):
    """Two counts written apart (simulate/moves.py and clean/dates.py) of every pair of dates compared."""
    simulation, _pf = simulated
    compared = simulation.schedule.dropna(subset=["months"])
    assert len(compared) > 20
    for row in compared.itertuples():
        assert months_between(row.previous_end, row.current_end) == row.months, row


def test_in_year_equals_the_truths_forecast_against_budget(simulated):
    simulation, pf = simulated
    for period in simulation.periods:
        result = pa.in_year(pf, period=period)
        expected = simulation.in_year[simulation.in_year["report_period"] == period]
        assert_same(result.projects, expected, ["project_id", "budget", "forecast", "variance", "move", "why"], period)
        assert (result.over, result.under, result.within) == tuple(
            int((expected["move"] == move).sum()) for move in ("over", "under", "within"))
        both = expected[expected["move"] != "not_comparable"]
        assert result.budget_total == pytest.approx(both["budget"].sum())
        assert result.forecast_total == pytest.approx(both["forecast"].sum())


def test_history_gives_each_projects_slip_and_cost_growth_since_it_first_appeared(simulated):
    """pa.history(...).projects against the truth: per project, from the first planned end (whole-life cost) any
    period gives to the latest, periods that give none skipped."""
    simulation, pf = simulated
    got = pa.history(pf).projects.set_index("project_id")
    truth = simulation.truth.sort_values("report_period", kind="stable")
    assert sorted(got.index) == sorted(truth["project_id"].unique())
    for project, rows in truth.groupby("project_id"):
        ends, costs = rows["planned_end"].dropna(), rows["whole_life_cost"].dropna()
        row = got.loc[project]
        if len(ends):
            assert (row["first_end"], row["latest_end"]) == (ends.iloc[0], ends.iloc[-1]), project
            assert row["slip_months"] == months_moved(ends.iloc[0], ends.iloc[-1]), project
        else:
            assert pd.isna(row["first_end"]) and pd.isna(row["slip_months"]), project
        if len(costs):
            assert row["cost_growth"] == pytest.approx(costs.iloc[-1] - costs.iloc[0]), project
        else:
            assert pd.isna(row["cost_growth"]), project
