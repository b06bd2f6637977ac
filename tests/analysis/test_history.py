"""pa.history against the simulator's truth and against the real panels.

Every expected value is computed here from ``Simulation.truth`` or from ``pa.load_panel`` directly, never
from the package's history, comparison or rating functions.
"""

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.simulate import simulate_portfolio

RED = "Rød"
SEEDS = [pytest.param(seed, marks=[pytest.mark.slow] if seed != 3 else []) for seed in (3, 5, 11)]  # one fast


@pytest.fixture(scope="module", params=SEEDS, ids=lambda seed: f"seed{seed}")
def simulated(request, tmp_path_factory):
    data = tmp_path_factory.mktemp("sim") / "data"
    simulation = simulate_portfolio(data, periods=8, projects=20, seed=request.param)
    return simulation, pa.history(pa.load_portfolio(simulation.portfolio, data))


def truth_ratings(simulation, column):
    """project_id -> {period: rating or None} from the truth."""
    frame = simulation.truth
    return {pid: dict(zip(rows["report_period"], rows[column].where(rows[column].notna(), None)))
            for pid, rows in frame.groupby("project_id")}


def test_every_bridge_adds_up(simulated):
    _, h = simulated
    assert len(h.red_bridge.groupby(["previous", "current", "rating"])) == 7 * 2
    for _, steps in h.red_bridge.groupby(["previous", "current", "rating"]):
        count = steps.set_index("step")["count"].groupby(level=0).sum()
        flows = (steps["sign"] * steps["count"]).sum()
        assert count["red_at_start"] + flows == count["red_at_end"]
        outflows = steps.loc[steps["sign"] == -1, "count"].sum()
        inflows = steps.loc[steps["sign"] == 1, "count"].sum()
        assert count["red_at_start"] == count["stayed_red"] + outflows
        assert count["red_at_end"] == count["stayed_red"] + inflows


@pytest.mark.parametrize("column", ["status", "risk"])
def test_bridge_counts_equal_the_truth(simulated, column):
    simulation, h = simulated
    ratings = truth_ratings(simulation, column)
    for previous, current in zip(simulation.periods[:-1], simulation.periods[1:]):
        was = {pid for pid, by in ratings.items() if by.get(previous) == RED}
        now = {pid for pid, by in ratings.items() if by.get(current) == RED}
        both = {pid for pid, by in ratings.items() if previous in by and current in by}
        steps = h.red_bridge[(h.red_bridge["current"] == current) & (h.red_bridge["rating"] == column)]
        count = steps.set_index("step")["count"].groupby(level=0).sum()
        assert count["red_at_start"] == len(was) and count["red_at_end"] == len(now)
        assert count["stayed_red"] == len(was & now)
        assert count["left_while_red"] == len(was - both)
        assert count["joined_red"] == len(now - both)


def truth_run(by_period, periods):
    run = 0
    for period in reversed(periods):
        if by_period.get(period) != RED:
            break
        run += 1
    return run


@pytest.mark.parametrize("column", ["status", "risk"])
def test_persistence_runs_equal_the_truth(simulated, column):
    simulation, h = simulated
    ratings = truth_ratings(simulation, column)
    last = simulation.periods[-1]
    expected = {str(pid): truth_run(by, simulation.periods) for pid, by in ratings.items() if last in by}
    found = h.persistence[h.persistence["rating"] == column]
    assert dict(zip(found["project_id"].astype(str), found["worst_run"].astype(int))) == expected
    assert any(expected.values()), "the case has a project red now"
    persistent = {str(pid) for pid, by in ratings.items()
                  if any(by.get(a) == RED and by.get(b) == RED
                         for a, b in zip(simulation.periods[:-1], simulation.periods[1:]))}
    listed = h.persistently_red[h.persistently_red["rating"] == column]
    assert set(listed["project_id"].astype(str)) == persistent


@pytest.mark.parametrize("column", ["status", "risk"])
def test_stickiness_equals_the_truth(simulated, column):
    simulation, h = simulated
    truth = simulation.truth
    for previous, current in zip(simulation.periods[:-1], simulation.periods[1:]):
        before = truth[truth["report_period"] == previous].set_index("project_id")
        after = truth[truth["report_period"] == current].set_index("project_id")
        after = after[after["carried_from"].isna()]  # a carried rating is not a new assessment
        ids = before.index.intersection(after.index)
        rated = [pid for pid in ids if pd.notna(before.at[pid, column]) and pd.notna(after.at[pid, column])]
        same = sum(before.at[pid, column] == after.at[pid, column] for pid in rated)
        row = h.stickiness[(h.stickiness["current"] == current) & (h.stickiness["rating"] == column)].iloc[0]
        assert (row["continuing_rated"], row["unchanged"]) == (len(rated), same)
        assert row["share"] == pytest.approx(same / len(rated))
    known = truth[truth[column].notna()]
    periods = known.groupby("project_id")["report_period"].nunique()
    many = periods[periods >= 3].index
    never = int((known[known["project_id"].isin(many)].groupby("project_id")[column].nunique() == 1).sum())
    span = h.stickiness_span.set_index("rating").loc[column]
    assert (span["projects"], span["never_changed"]) == (len(many), never)
    assert span["share"] == pytest.approx(never / len(many))


def test_per_period_counts_and_budget_shares_equal_the_truth(simulated):
    simulation, h = simulated
    truth = simulation.truth
    for period in simulation.periods:
        rows = truth[truth["report_period"] == period]
        figures = h.per_period.set_index("report_period").loc[period]
        assert figures["projects"] == len(rows)
        red = h.ratings[(h.ratings["report_period"] == period) & (h.ratings["rating"] == "status")
                        & (h.ratings["label"] == RED)].iloc[0]
        assert red["count"] == (rows["status"] == RED).sum()
        known = rows["budget_mnok"].dropna()
        if len(known):
            expected = rows.loc[rows["status"] == RED, "budget_mnok"].sum() / known.sum()
            assert red["budget_share"] == pytest.approx(expected)


def test_cohort_holds_the_projects_present_in_every_period(simulated):
    simulation, h = simulated
    last = simulation.periods[-3:]
    present = simulation.truth[simulation.truth["report_period"].isin(last)].groupby("project_id")[
        "report_period"].nunique()
    cohort = h.cohort(3)
    assert set(cohort["project_id"].astype(str)) == {str(pid) for pid in present[present == 3].index}
    assert list(cohort.columns[-3:]) == last


def test_unknown_january_stays_unknown_everywhere(ehelse_portfolio):
    h = pa.history(ehelse_portfolio)
    january = h.per_period.set_index("report_period").loc["2020-01"]
    assert january["source"] == "unknown" and january["projects"] == 54
    for figure in ("budget_total_mnok", "status_not_reported", "risk_not_reported"):
        assert pd.isna(january[figure]), figure
    april = h.per_period.set_index("report_period").loc["2020-04"]
    for figure in ("status_improved", "status_worsened", "status_unchanged", "risk_unchanged"):
        assert pd.isna(april[figure]), figure
    assert (april["joined"], april["left"], april["continuing"]) == (1, 3, 51)
    assert h.ratings.loc[h.ratings["report_period"] == "2020-01", ["count", "share", "budget_share"]].isna().all().all()
    assert set(h.ratings.loc[h.ratings["report_period"] == "2020-01", "source"]) == {"unknown"}
    assert h.red_bridge["count"].isna().all()
    assert h.stickiness["share"].isna().all()
    assert set(h.cohort()["2020-01"]) == {"unknown"}


def gmpp_key(row):
    return ("id", row.project_id.casefold()) if pd.notna(row.project_id) else ("name", row.project_name)


def gmpp_bridge(panel, previous, current):
    """The red bridge counted from the panel: projects matched by id (case-folded) where given, else by name."""
    before = {gmpp_key(r): r.status for r in panel[panel["report_period"] == previous].itertuples()}
    after = {gmpp_key(r): r.status for r in panel[panel["report_period"] == current].itertuples()}
    was = {k for k, v in before.items() if v == "Red"}
    now = {k for k, v in after.items() if v == "Red"}
    return {"red_at_start": len(was), "stayed_red": len(was & now), "left_while_red": len(was - after.keys()),
            "recovered Green": sum(after.get(k) == "Green" for k in was),
            "recovered Amber": sum(after.get(k) == "Amber" for k in was),
            "withheld_or_not_rated": sum(k in after and pd.isna(after[k]) for k in was),
            "newly_red Green": sum(before.get(k) == "Green" for k in now),
            "newly_red Amber": sum(before.get(k) == "Amber" for k in now),
            "newly_red withheld_or_not_rated": sum(k in before and pd.isna(before[k]) for k in now),
            "joined_red": len(now - before.keys()), "red_at_end": len(now)}


@pytest.fixture(scope="module")
def gmpp_history(uk_portfolio):
    return pa.history(uk_portfolio)


@pytest.mark.slow
def test_gmpp_red_bridge_2022_to_2023_equals_an_independent_count(gmpp_history, real_data):
    h = gmpp_history
    steps = h.red_bridge[(h.red_bridge["previous"] == "2022-03") & (h.red_bridge["current"] == "2023-03")]
    found = {f"{s} {lab}" if pd.notna(lab) else s: int(c) for s, lab, c in zip(steps["step"], steps["label"],
                                                                                 steps["count"])}
    expected = gmpp_bridge(pa.load_panel("uk-gmpp", real_data), "2022-03", "2023-03")
    assert (found["red_at_start"], found["red_at_end"]) == (27, 23)
    assert found == expected


@pytest.mark.slow
def test_gmpp_money_weighted_red_share_of_march_2023(gmpp_history, real_data):
    h = gmpp_history
    panel = pa.load_panel("uk-gmpp", real_data)
    rows = panel[panel["report_period"] == "2023-03"]
    expected = rows.loc[rows["status"] == "Red", "budget_mnok"].sum() / rows["budget_mnok"].dropna().sum()
    red = h.ratings[(h.ratings["report_period"] == "2023-03") & (h.ratings["label"] == "Red")]
    assert red["budget_share"].item() == pytest.approx(float(expected))
    assert red["count"].item() == 23
    older = h.ratings[h.ratings["report_period"] == "2021-03"]
    assert set(older["scale"]) == {"dca5-en", "dca3-en"}, "five-point periods also read on the coarsest scale"


def test_two_projects_with_one_name_and_no_id_stay_two_projects(panel):
    april = panel[panel["report_period"] == "2020-04"]
    twins = april.iloc[:2].assign(project_id=pd.NA, project_name="Same name")
    h = pa.history(pd.concat([panel, twins], ignore_index=True))
    assert h.per_period.set_index("report_period").at["2020-04", "projects"] == len(april) + 2
    assert (h.persistence[h.persistence["rating"] == "status"]["project_name"] == "Same name").sum() == 2
