"""``pa.pivot``: grouped figures across periods that keep an unknown value unknown, and the explore notebook."""

import nbformat
import pandas as pd
import pytest

import portfolio_analysis as pa
from conftest import REPO

EXPLORE = REPO / "notebooks" / "explore.ipynb"


def small_panel() -> pd.DataFrame:
    return pd.DataFrame({
        "report_period": ["2021-06", "2021-06", "2021-01", "2021-01", "2021-06"],
        "actor": ["A", "A", "B", "B", pd.NA],
        "budget_mnok": pd.array([1.5, None, None, None, 4.0], dtype="Float64"),
    })


def test_plain_groupby_sum_shows_january_as_zero(panel):
    """The trap pa.pivot exists for: pandas reads a group of unknown budgets as 0.0."""
    plain = panel.groupby(["actor", "report_period"]).budget_mnok.sum().unstack()
    assert plain.loc["Direktoratet for e-helse", "2020-01"] == 0.0


def test_pivot_keeps_january_budgets_unknown_and_sums_april(panel):
    table = pa.pivot(panel, values="budget_mnok", index="actor")
    assert list(table.columns) == ["2020-01", "2020-04"]
    assert table["2020-01"].isna().all()  # every organisation: January publishes no per-project budget
    assert table.loc["Direktoratet for e-helse", "2020-04"] == 635
    groups = pa.pivot(panel, values="budget_mnok", index="actor_group")
    assert groups["2020-04"].to_dict() == {"andre": 18, "helseforvaltning": 894, "regionale helseforetak": 659}
    assert groups["2020-01"].isna().all()


def test_counts_and_means_are_unknown_where_nothing_is_known(panel):
    counts = pa.pivot(panel, values="status", index="actor_group", aggfunc="count")
    assert counts["2020-01"].isna().all()
    assert counts["2020-04"].to_dict() == {"andre": 3, "helseforvaltning": 29, "regionale helseforetak": 19}
    means = pa.pivot(panel, values="budget_mnok", index="actor_group", aggfunc="mean")
    assert means["2020-01"].isna().all() and means.loc["andre", "2020-04"] == 6


def test_a_group_with_some_known_values_sums_the_known_ones_in_period_order():
    table = pa.pivot(small_panel(), values="budget_mnok", index="actor")
    assert list(table.columns) == ["2021-01", "2021-06"]
    assert table.loc["A", "2021-06"] == 1.5  # one known, one unknown: the known one
    assert pd.isna(table.loc["B", "2021-01"])  # both unknown: unknown, not 0
    assert pd.isna(table.loc["A", "2021-01"])  # no row at all: nothing to sum
    assert table.loc[pd.NA, "2021-06"] == 4.0  # a blank organisation is kept, not dropped
    counts = pa.pivot(small_panel(), values="budget_mnok", index="actor", aggfunc="count")
    assert counts.loc["A", "2021-06"] == 1 and pd.isna(counts.loc["B", "2021-01"])


def test_a_wrong_argument_says_what_is_expected():
    with pytest.raises(ValueError, match=r"^pivot: no column 'budget' in the panel; columns: report_period, actor, "
                                         r"budget_mnok$"):
        pa.pivot(small_panel(), values="budget")
    with pytest.raises(ValueError, match=r"^pivot: aggfunc 'total' is not one of sum, mean, median, min, max, count$"):
        pa.pivot(small_panel(), aggfunc="total")
    with pytest.raises(ValueError, match=r"^pivot: column 'actor' is not numeric"):
        pa.pivot(small_panel(), values="actor", index="report_period", columns="actor")


def shown(notebook) -> list[str]:
    """The text each code cell shows, in order (the parameters cell shows nothing)."""
    return ["".join(output.get("data", {}).get("text/plain", "") for output in cell.outputs)
            for cell in notebook.cells if cell.cell_type == "code" and cell.outputs]


def red_counts(bridge: str) -> dict[str, str]:
    """The red projects at the start and the end of the pair, as the bridge's table shows them."""
    return {word: line.split()[-1] for line in bridge.splitlines() for word in ("red_at_start", "red_at_end")
            if word in line.split()}


def run_explore(tmp_path, **parameters):
    import papermill

    output = tmp_path / f"{parameters['portfolio']}.ipynb"
    papermill.execute_notebook(str(EXPLORE), str(output), parameters=parameters, kernel_name="python3",
                               progress_bar=False, cwd=str(tmp_path))
    return nbformat.read(output, as_version=4)


def test_explore_is_committed_clean_and_is_no_report_page():
    from portfolio_analysis.report.render import PAGES

    notebook = nbformat.read(EXPLORE, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    assert [cell.metadata.get("tags") for cell in code][0] == ["parameters"]
    assert "explore" not in PAGES


@pytest.mark.slow
def test_explore_runs_on_e_helse_with_january_unknown(real_data, tmp_path):
    ever_red, budgets, history, bridge = shown(run_explore(tmp_path, portfolio="e-helse", data_dir=str(real_data),
                                                           project="160"))[1:]
    for project in ("Robust Mobilt Helsenett", "PKI infrastrukturløsning", "Digitalisering av legemiddelområdet",
                    "Regional EPJ Journalinnsyn"):
        assert project in ever_red
    assert "Direktoratet for e-helse     <NA>    635.0" in budgets.splitlines()
    assert [line.split()[1:3] for line in history.splitlines()[1:3]] == [["2020-01", "160"], ["2020-04", "160"]]
    assert red_counts(bridge) == {"red_at_start": "<NA>", "red_at_end": "<NA>"}  # January has no ratings: unknown, not 0


@pytest.mark.slow
def test_explore_runs_on_a_portfolio_of_ten_periods(real_data, tmp_path):
    periods, ever_red, budgets, history, bridge = shown(run_explore(tmp_path, portfolio="uk-gmpp",
                                                                    data_dir=str(real_data)))
    assert "2013-09" in periods and "2023-03" in periods
    assert "Queen Elizabeth Programme" in ever_red
    assert "2013-09" in budgets and "2023-03" in budgets and "1431.433" in budgets  # DCMS, September 2013
    assert "Public Services Network for Health (PSNH)" in history
    assert red_counts(bridge) == {"red_at_start": "27", "red_at_end": "23"}  # March 2022 -> March 2023
