"""Round trips through synthetic portfolios: what the simulator writes, the build must read back as its truth.

All data here are synthetic (portfolio_analysis.simulate): invented projects in every raw format and with
the quirks the cleaning must mend.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

import portfolio_analysis as pa
from portfolio_analysis.profile import load_profile
from portfolio_analysis.simulate import Simulation, simulate_portfolio

SCENARIOS = {
    "seed0-all-formats": dict(seed=0),
    "seed1-all-formats": dict(seed=1),
    "seed2-no-budgets-in-period-2": dict(seed=2, all_budgets_missing_period=2),
    "seed7-xlsx-and-semicolon-6-periods": dict(seed=7, periods=6, formats=("xlsx", "csv-semicolon-cp1252")),
    "seed3-no-quirks": dict(seed=3, quirks=False),
    "seed4-no-change-tables": dict(seed=4, periods=3, change_tables=False, formats=("tsv",)),
}
KEY = ["report_period", "project_id"]


@dataclass
class Built:
    settings: dict
    sim: Simulation
    panel: pd.DataFrame
    changes: pd.DataFrame
    log: pd.DataFrame
    periods: pd.DataFrame


@pytest.fixture(scope="module", params=list(SCENARIOS), ids=list(SCENARIOS))
def built(request, tmp_path_factory) -> Built:
    data = tmp_path_factory.mktemp(request.param) / "data"
    settings = SCENARIOS[request.param]
    sim = simulate_portfolio(data, **settings)
    pa.build(sim.portfolio, data)
    return Built(settings, sim, pa.load_panel(sim.portfolio, data), pa.load_reported_changes(sim.portfolio, data),
                 pa.load_quality_log(sim.portfolio, data), pa.load_periods(sim.portfolio, data))


def comparable(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Values only, sorted by key: every kind of missing (None, NaN, NA) the same."""
    out = frame[columns].sort_values(KEY, kind="stable").reset_index(drop=True).astype(object)
    return out.where(out.notna(), None)


def test_panel_equals_the_truth_on_every_column(built):
    columns = list(built.sim.truth.columns)
    assert {"report_period", "project_id", "project_name", "actor", "actor_group", "strategic_area", "status",
            "risk", "budget_mnok", "is_reported"} <= set(columns)
    assert len(built.panel) == len(built.sim.truth)
    assert_frame_equal(comparable(built.panel, columns), comparable(built.sim.truth, columns))


def test_truth_holds_only_clean_values(built):
    truth = built.sim.truth
    assert set(truth["status"].dropna()) | set(truth["risk"].dropna()) <= {"Grønn", "Gul", "Rød"}
    assert set(truth["actor_group"]) <= {"helseforvaltning", "regionale helseforetak", "andre"}
    assert truth["actor"].str.startswith(("Simulert", "Helse Simulert")).all()
    assert not truth.duplicated(KEY).any()
    assert (truth["budget_mnok"].dropna() >= 0).all()


def test_reported_joiners_and_leavers_are_the_moves_between_periods(built):
    sim, changes = built.sim, built.changes
    if not built.settings.get("change_tables", True):
        assert changes.empty
        return
    columns = ["report_period", "change", "project_id", "destination"]
    ordered = ["report_period", "change", "project_id"]
    expected = sim.events[columns].sort_values(ordered).reset_index(drop=True).astype(object)
    got = changes[columns].sort_values(ordered).reset_index(drop=True).astype(object)
    assert_frame_equal(got.where(got.notna(), None), expected.where(expected.notna(), None))
    # every move really happened in the panel
    present = set(zip(built.panel["report_period"], built.panel["project_id"]))
    previous = dict(zip(sim.periods[1:], sim.periods[:-1]))
    for row in changes.itertuples():
        here_now = (row.report_period, row.project_id) in present
        here_before = (previous[row.report_period], row.project_id) in present
        assert (here_now, here_before) == ((True, False) if row.change == "joined" else (False, True))
    # names, organisations and joiners' budgets as in the project lists
    truth = sim.truth.set_index(KEY)
    for row in changes.itertuples():
        period = row.report_period if row.change == "joined" else previous[row.report_period]
        listed = truth.loc[(period, row.project_id)]
        assert (row.project_name, row.actor) == (listed["project_name"], listed["actor"])
        if row.change == "joined":
            budgets = row.budget_mnok, listed["budget_mnok"]
            assert (pd.isna(budgets[0]) and pd.isna(budgets[1])) or budgets[0] == budgets[1]


def test_every_written_line_is_a_panel_row_or_a_logged_drop(built):
    log = built.log
    dropped = (log["action"] == "dropped") & log["source_file"].str.contains("prosjektliste")
    assert len(built.panel) + int(dropped.sum()) == built.sim.raw_data_lines
    assert int(dropped.sum()) == (2 * len(built.sim.periods) if built.settings.get("quirks", True) else 0)
    assert not (log["action"] == "warning").any(), log[log["action"] == "warning"].to_string()


def test_quirks_are_mended_and_logged(built):
    rules = set(built.log.loc[built.log["action"] == "changed", "rule"])
    if built.settings.get("quirks", True):
        assert {"rating_label", "organisation_alias", "whitespace", "blank_placeholder"} <= rules
        assert built.sim.truth["owner"].isna().any()  # the "(blank)" owners
    else:
        # clean input: only the decimal commas of the semicolon file are read as numbers
        changed = built.log[built.log["action"] == "changed"]
        assert rules <= {"number_format"} and changed["raw_value"].str.contains(",").all()
        assert not built.sim.truth["owner"].isna().any()


def test_the_promised_cases_are_there(built):
    sim, panel = built.sim, built.panel
    # at least one project leaves and comes back under the same id (with at least three periods)
    events = sim.events
    returned = events[events["change"] == "joined"].merge(events[events["change"] == "left"], on="project_id",
                                                          suffixes=("", "_left"))
    returned = returned[returned["report_period"] > returned["report_period_left"]]
    assert len(returned) >= 1
    present = set(zip(panel["report_period"], panel["project_id"]))
    for row in returned.itertuples():
        gone = sim.periods.index(row.report_period_left)
        assert (sim.periods[gone - 1], row.project_id) in present  # there before it left
        assert (row.report_period_left, row.project_id) not in present
        assert (row.report_period, row.project_id) in present  # back, under the same id
    # a blank status in a published period is read as not reported (NA), never green
    assert panel["status"].isna().any()
    # names stay with their id, one rename at most
    assert (sim.truth.groupby("project_id")["project_name"].nunique() > 1).sum() <= 1
    # projects that did not report carry last period's status and risk
    carried = sim.truth[~sim.truth["is_reported"]]
    by_key = sim.truth.set_index(KEY)
    previous = dict(zip(sim.periods[1:], sim.periods[:-1]))
    for row in carried.itertuples():
        before = by_key.loc[(previous[row.report_period], row.project_id)]
        assert (row.status, row.risk) == (before["status"], before["risk"])
    k = built.settings.get("all_budgets_missing_period")
    if k is not None:
        in_k = panel["report_period"] == sim.periods[k]
        assert panel.loc[in_k, "budget_mnok"].isna().all()
        assert panel.loc[~in_k, "budget_mnok"].notna().mean() > 0.9


def test_periods_are_quarterly_synthetic_and_count_their_projects(built):
    sim, periods = built.sim, built.periods
    assert periods["report_period"].tolist() == sim.periods
    months = [int(p[:4]) * 12 + int(p[5:]) for p in sim.periods]
    assert {b - a for a, b in zip(months, months[1:])} <= {3}
    assert periods["title"].str.contains("syntetiske data").all()
    counts = built.panel.groupby("report_period").size()
    assert periods.set_index("report_period")["published_projects"].astype(int).to_dict() == counts.to_dict()
    profile = load_profile(sim.data_dir, sim.portfolio)
    assert profile.synthetic and profile.title == "Syntetisk portefølje (simulerte data)"


def test_every_written_file_says_the_data_are_synthetic(tmp_path):
    sim = simulate_portfolio(tmp_path, seed=5, periods=4)
    for path in (tmp_path / "raw" / sim.portfolio).rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            sheet = load_workbook(path, read_only=True).worksheets[0]
            text = str(next(sheet.iter_rows(values_only=True))[0])
        else:
            text = path.read_bytes().decode("latin-1")  # the words looked for are ASCII in every encoding
        assert "syntet" in text.casefold() or "simulert" in text.casefold(), path


def files_of(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    first = simulate_portfolio(tmp_path / "a", seed=11)
    again = simulate_portfolio(tmp_path / "b", seed=11)
    other = simulate_portfolio(tmp_path / "c", seed=12)
    files = files_of(tmp_path / "a")
    assert any(name.endswith(".xlsx") for name in files)
    assert files == files_of(tmp_path / "b")
    assert_frame_equal(first.truth, again.truth)
    assert_frame_equal(first.events, again.events)
    others = files_of(tmp_path / "c")
    changed = [name for name in files if name.endswith((".csv", ".tsv", ".xlsx")) and "prosjektliste" in name
               and files[name] != others.get(name)]
    assert len(changed) == len(first.periods)
    assert not first.truth[["project_id", "status", "budget_mnok"]].equals(other.truth[["project_id", "status",
                                                                                         "budget_mnok"]])


def test_settings_it_cannot_honour_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown formats"):
        simulate_portfolio(tmp_path, formats=("ods",))
    with pytest.raises(ValueError, match="all_budgets_missing_period"):
        simulate_portfolio(tmp_path, periods=3, all_budgets_missing_period=3)
    assert not (tmp_path / "raw").exists()
