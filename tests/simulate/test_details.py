"""The synthetic details (planned dates, next year's budget, forecast, whole-life cost, comments): what the
simulator writes, how they move between periods, and that they leave every other cell as it was.

All data here are synthetic (portfolio_analysis.simulate). The round trip through the build (panel = truth on
every column, in both layouts) is in test_simulate.py; the analyses against the truth's moves in
tests/end_to_end/test_schedule_cost_simulated.py.
"""

import csv
import hashlib
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

from portfolio_analysis.simulate import simulate_portfolio
from portfolio_analysis.simulate.moves import BRIDGE_STEPS, months_moved

OLD_COLUMNS = ["report_period", "project_id", "project_name", "actor", "actor_group", "focus_area_code",
               "focus_area_name", "strategic_area", "owner", "status", "risk", "budget_mnok", "is_reported",
               "carried_from"]
DETAILS = 9  # columns the details add to a project list


def table_rows(path: Path, transposed: bool = False) -> list[list]:
    """Every row of a synthetic table as written (cells as the file holds them), read without the package."""
    if path.suffix == ".xlsx":
        return [list(row) for row in load_workbook(path).worksheets[0].iter_rows(values_only=True)]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delimiter = "\t" if path.suffix == ".tsv" else ";" if "\r\n" in text else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if transposed:
        width = max(len(row) for row in rows)
        rows = [list(column) for column in zip(*[row + [""] * (width - len(row)) for row in rows])]
    return rows


def project_lists(sim) -> list[Path]:
    folder = sim.data_dir / "raw" / sim.portfolio
    return sorted(p for key in sim.periods for p in (folder / key).iterdir()
                  if p.suffix in (".csv", ".tsv", ".xlsx") and "nye_prosjekter" not in p.name
                  and "prosjekter_ut" not in p.name)


@pytest.mark.parametrize("submissions", ["combined", "per_organisation"])
def test_the_details_leave_every_other_cell_and_value_as_it_was(tmp_path, submissions):
    settings = dict(seed=4, periods=5, projects=25, submissions=submissions)
    with_details = simulate_portfolio(tmp_path / "with", **settings)
    without = simulate_portfolio(tmp_path / "without", details=False, **settings)
    assert_frame_equal(with_details.truth[OLD_COLUMNS], without.truth[OLD_COLUMNS])
    assert_frame_equal(with_details.events, without.events)
    assert_frame_equal(with_details.submitted, without.submitted)
    assert with_details.raw_data_lines == without.raw_data_lines
    files = project_lists(with_details)
    assert [p.name for p in files] == [p.name for p in project_lists(without)]
    for path in files:
        before = table_rows(tmp_path / "without" / path.relative_to(tmp_path / "with"))
        after = table_rows(path)
        header = next(i for i, row in enumerate(after) if "ID" in row)
        assert len(after[header]) == len(before[header]) + DETAILS, path.name
        # every cell of the other columns as before, title rows, footer and empty line included
        assert [row[:len(before[header])] for row in after] == [row[:len(before[header])] for row in before]
    assert without.schedule.empty and without.costs.empty and without.bridge.empty
    assert "budget_next_year" not in without.truth


DAY_FORMS = {"dotted": r"\d\d\.\d\d\.20\d\d", "iso": r"20\d\d-\d\d-\d\d", "slashed": r"\d\d/\d\d/20\d\d",
             "unpadded": r"\d{1,2}\.\d{1,2}\.20\d\d", "slashed_short": r"\d\d/\d\d/\d\d"}
OTHER_FORMS = {"month_nb": r"(jan\.|feb\.|mars|apr\.|mai|juni|juli|aug\.|sep\.|okt\.|nov\.|des\.) 20\d\d",
               "month_en": r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d",
               "month_nb_full": r"(januar|februar|april|august|september|oktober|november|desember) 20\d\d",
               "month_iso": r"20\d\d-\d\d", "month_dotted": r"\d\d\.20\d\d", "quarter": r"Q[1-4] 20\d\d",
               "quarter_iso": r"20\d\d-Q[1-4]", "quarter_nb": r"[1-4]\. kvartal 20\d\d", "year": r"20\d\d",
               "reason": r"TBC|Exempt under Section 43|Early planning|Ikke fastsatt|sommeren 20\d\d"}


def test_dates_are_written_in_every_form_the_intake_reads(tmp_path):
    found: dict[str, int] = {}
    date_cells = year_numbers = 0
    for seed, fmt in ((0, ("tsv", "csv", "csv-semicolon-cp1252")), (1, ("xlsx",))):
        sim = simulate_portfolio(tmp_path / str(seed), seed=seed, periods=4, projects=40, formats=fmt)
        for path in project_lists(sim):
            rows = table_rows(path)
            header = next(i for i, row in enumerate(rows) if "ID" in row)
            columns = [rows[header].index("Planlagt startdato"), rows[header].index("Planlagt sluttdato")]
            for row in rows[header + 1:]:
                for cell in (row[c] for c in columns if c < len(row)):
                    if isinstance(cell, dt.datetime):
                        date_cells += 1
                    elif isinstance(cell, int):
                        year_numbers += 1
                    elif cell:
                        form = next((name for name, pattern in {**DAY_FORMS, **OTHER_FORMS}.items()
                                     if re.fullmatch(pattern, cell)), None)
                        assert form is not None, cell
                        found[form] = found.get(form, 0) + 1
    assert set(found) == set(DAY_FORMS) | set(OTHER_FORMS)
    assert date_cells > 10 and year_numbers > 0  # workbooks: day-precision dates as date cells, years as numbers


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    return simulate_portfolio(tmp_path_factory.mktemp("moved") / "data", seed=9, periods=6, projects=60)


def test_the_truth_holds_dates_of_every_precision_and_the_reasons_for_none(moved):
    truth = moved.truth
    for column in ("planned_start", "planned_end"):
        given = truth[column].dropna()
        shapes = given.map(lambda d: "quarter" if "Q" in d else {10: "day", 7: "month", 4: "year"}[len(d)])
        assert set(shapes) == {"day", "month", "quarter", "year"}
        assert (shapes == "day").mean() > 0.3
        markers = truth[f"{column}_marker"]
        assert truth.loc[markers.notna(), column].isna().all()  # a reason, never a date beside it
    reasons = set(truth["planned_end_marker"].dropna()) | set(truth["planned_start_marker"].dropna())
    assert "exempt" in reasons and "TBC" in reasons and any(r.startswith("sommeren ") for r in reasons)
    assert (truth["planned_end"].isna() & truth["planned_end_marker"].isna()).any()  # blank: unknown, no reason
    assert set(truth["whole_life_cost_marker"].dropna()) == {"exempt", "not_provided"}
    assert truth.loc[truth["whole_life_cost_marker"].notna(), "whole_life_cost"].isna().all()
    # about half give next year's budget, most a forecast
    assert 0.3 < truth["budget_next_year"].notna().mean() < 0.7
    assert truth["forecast"].notna().mean() > 0.7
    ratio = (truth["forecast"] / truth["budget"]).dropna()
    assert (ratio > 1.05).any() and (ratio < 0.95).any() and ((ratio - 1).abs() <= 0.05).mean() > 0.5


def test_comments_keep_line_breaks_and_other_scripts(moved):
    comments = pd.concat([moved.truth[c] for c in ("status_comment", "risk_comment", "schedule_comment",
                                                   "cost_comment")]).dropna()
    text = "".join(comments)
    assert comments.str.contains("\n").any() and comments.str.contains("\n\n").any()
    for sample in ("ŋ", "č", "ال", "项目", "プロジェクト", "🚧", '"', ";", ","):
        assert sample in text, sample
    assert comments.str.len().max() > 2000
    assert not comments.str.match(r"^\s|.*\s$").any()
    assert moved.truth["status_comment"].isna().any()


def test_cp1252_files_hold_only_comments_the_code_page_can_write(tmp_path):
    sim = simulate_portfolio(tmp_path, seed=3, periods=4, projects=40, formats=("csv-semicolon-cp1252", "tsv"))
    plain = sim.truth["report_period"].isin(sim.periods[0::2])  # formats alternate: cp1252 in periods 0 and 2
    comments = sim.truth.loc[plain, ["status_comment", "risk_comment"]].stack().dropna()
    assert len(comments) > 20
    assert all(c.encode("cp1252").decode("cp1252") == c for c in comments)
    others = sim.truth.loc[~plain, ["status_comment", "risk_comment"]].stack().dropna()
    assert any(not all(ord(ch) < 256 for ch in c) for c in others)


def test_end_dates_slip_earlier_stay_or_are_withdrawn_and_costs_move(moved):
    schedule, costs, truth = moved.schedule, moved.costs, moved.truth
    moves = schedule["move"].value_counts()
    assert {"later", "earlier", "unchanged", "not_comparable"} <= set(moves.index)
    assert moves["later"] > moves["earlier"] > 0
    later = schedule[schedule["move"] == "later"]
    assert later["months"].max() >= 24 and later["months"].median() <= 6  # a few slip by years
    assert (schedule.loc[schedule["move"] == "unchanged", "months"] == 0).all()
    why = schedule["why"].dropna()
    assert {"joined", "left"} <= set(why)
    assert why.str.startswith("no_date_current").any() and why.str.startswith("no_date_previous").any()
    assert why.str.contains(": TBC").any() and why.str.contains(": exempt").any()
    assert schedule["start_move"].eq("later").any()
    # every pair of periods has a row per project in either period
    for (previous, current), rows in schedule.groupby(["previous_period", "report_period"]):
        either = set(truth.loc[truth["report_period"].isin([previous, current]), "project_id"])
        assert sorted(rows["project_id"]) == sorted(either)
    moves = costs["move"].value_counts()
    assert {"increased", "decreased", "unchanged", "not_comparable"} <= set(moves.index)
    assert costs["why"].dropna().str.contains(": exempt").any()
    comparable = costs[costs["why"].isna()]
    assert (comparable["change"] == (comparable["current_cost"] - comparable["previous_cost"]).round(1)).all()


def test_the_cost_bridge_adds_up_and_names_withheld_and_newly_given(moved):
    bridge = moved.bridge
    for _pair, steps in bridge.groupby(["previous_period", "report_period"]):
        amounts = steps.set_index("step")["amount"]
        assert list(amounts.index) == list(BRIDGE_STEPS)
        assert amounts.drop("current_total").sum() == pytest.approx(amounts["current_total"], abs=0.05)
    totals = bridge.pivot(index=["previous_period", "report_period"], columns="step", values="amount")
    assert (totals["newly_withheld"] < 0).any() and (totals["newly_given"] > 0).any()
    assert (totals["continuing_up"] > 0).all() and (totals["continuing_down"] < 0).any()
    # the totals are the truth's sums of the whole-life costs given
    sums = moved.truth.groupby("report_period")["whole_life_cost"].sum()
    for (previous, current), row in totals.iterrows():
        assert row["previous_total"] == pytest.approx(sums[previous]) and row["current_total"] == pytest.approx(
            sums[current])


@pytest.mark.parametrize(("previous", "current", "months"), [
    ("2021-12-31", "2022-03", 3.0),     # a day against a month: months
    ("2021-12-31", "2022-Q1", 3.0),     # against a quarter: one quarter
    ("2021-Q4", "2021-11-30", 0.0),     # the same quarter
    ("2021-06", "2023", 24.0),          # against a year: years
    ("2022", "2021-Q1", -12.0),
    ("2021-01-01", "2021-07-02", 6.0),  # two days: 182 days * 12 / 365.25 = 5.98
    ("2021-03-01", "2021-03-11", 0.3),
    ("2021-03", "2021-02", -1.0),
    (None, "2021", None),
])
def test_the_truths_months_are_counted_at_the_coarser_precision(previous, current, months):
    assert months_moved(previous, current) == months


def test_a_transposed_portfolio_is_written_turned_round(tmp_path):
    sim = simulate_portfolio(tmp_path, seed=2, periods=3, layout="transposed")
    assert "layout: transposed" in (tmp_path / "raw" / sim.portfolio / "portfolio.yml").read_text(encoding="utf-8")
    for path in project_lists(sim):
        assert path.suffix in (".tsv", ".csv")
        rows = table_rows(path, transposed=True)
        header = next(i for i, row in enumerate(rows) if "ID" in row)
        assert "Planlagt sluttdato" in rows[header]
        assert rows[0][0].startswith("SYNTETISKE DATA")  # the title: the top of the first column
    with pytest.raises(ValueError, match="transposed portfolio is read from text files only"):
        simulate_portfolio(tmp_path / "x", layout="transposed", formats=("xlsx",))
    with pytest.raises(ValueError, match="unknown layout"):
        simulate_portfolio(tmp_path / "y", layout="sideways")


def test_forecasts_are_over_under_within_and_exactly_five_per_cent_is_within(moved):
    in_year = moved.in_year
    assert len(in_year) == len(moved.truth)
    assert {"over", "under", "within", "not_comparable"} <= set(in_year["move"])
    assert {"no_budget", "no_forecast"} <= set(in_year["why"].dropna())
    compared = in_year.dropna(subset=["variance"])
    exact = compared[(compared["variance"] * 100).round(6).abs() == (compared["budget"] * 5).round(6)]
    assert (exact["variance"] > 0).any() and (exact["variance"] < 0).any()
    assert (exact["move"] == "within").all()
    pct = compared["variance"] / compared["budget"] * 100
    assert (compared.loc[pct > 5.001, "move"] == "over").all() and (compared.loc[pct < -5.001, "move"] == "under").all()


# SHA-256 of the files simulate_portfolio(seed=13, periods=5) wrote before the details existed (main at 41f1d9a);
# workbooks are left out (their bytes follow openpyxl's version).
BEFORE_DETAILS = {
    "portfolio.yml": "ca3a04598b79c1c20309933bf72f869b4fd1dbcf0bb153789f5626a365dba796",
    "2021-01/vedlegg1_prosjektliste.tsv": "87cedbbe5951e4413b0b3aa43aa6bc8887911e9c39170196622927c1ebab827a",
    "2021-04/vedlegg1_prosjektliste.csv": "d5a5f83f71e26975e7ddd2e0315eb952d5ee182b6bee5806487b3b0a6f3a82dc",
    "2021-07/vedlegg1_prosjektliste.csv": "487cb7e0a5e714e90b6922e0c20c3368b4a5e3a17155c21935e2d32c271ac095",
    "2022-01/vedlegg1_prosjektliste.tsv": "73b01de200c3155ecfc7c1b895ce3f3cc543092a9442325f5efebf72ae5fc82d",
    "2022-01/tabell1_nye_prosjekter.tsv": "fdf24ee1f1181a30d7a58f02eb1a65aac2efe23aeb7694b57dee2d5f5a21967f",
    "2022-01/period.yml": "b4e91cdcdebde76b0cf1e2ec16a90d1db6e917fc28d2e637bcd4608aaea5d3cf",
}


def test_without_details_the_files_are_byte_for_byte_those_written_before_them(tmp_path):
    sim = simulate_portfolio(tmp_path, seed=13, periods=5, details=False)
    folder = tmp_path / "raw" / sim.portfolio
    assert {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in BEFORE_DETAILS} == \
        BEFORE_DETAILS
    assert not (folder / "value_markers.csv").exists()
