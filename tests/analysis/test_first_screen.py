"""The overview's first screen in figures (issue 23, item 1): ``pa.first_screen``. The e-helse July 2020 cycle
made from the April files (tests/cycle_support.py) is checked against Vedlegg 1 read with the csv module and
the cycle's own edits; the GMPP's March 2023 against its published file read with the csv module
(tests/gmpp_raw.py); a hand-made portfolio of seven periods checks how far back "red since" reads."""

from __future__ import annotations

import pandas as pd
import pytest

import portfolio_analysis as pa
from cycle_support import (EPJ_LOFTET, JOURNALINNSYN, JULY_BUDGET, JULY_JOINER, JULY_LEAVER_NAMED,
                           JULY_LEAVER_UNNAMED, JULY_MISSING, JULY_MOVES, JULY_OWN_FORMATS, LEGEMIDDEL_RISK, PKI,
                           april_rows)
from gmpp_raw import cost_moves, records

RAG = ["Grønn", "Gul", "Rød"]


@pytest.fixture(scope="module")
def july(july_cycle):
    return pa.load_portfolio("e-helse", july_cycle)


def july_rows() -> dict[str, list[str]]:
    """July's projects as the cycle makes them, from Vedlegg 1 read with the csv module: id -> row (Helse Nord's
    carried with April's values, the leavers gone, the joiner added, the moves and the budget edit made)."""
    rows = {}
    for row in april_rows():
        if row[1] in (JULY_LEAVER_NAMED[0], JULY_LEAVER_UNNAMED):
            continue
        row = list(row)
        if row[1] in JULY_MOVES and row[3] != JULY_MISSING:
            row[5], row[6] = JULY_MOVES[row[1]]
        row[7] = JULY_BUDGET.get(row[1], row[7])
        rows[row[1]] = row
    rows[JULY_JOINER[1]] = JULY_JOINER
    return rows


def test_july_counts_and_moves_are_the_cycles_edits(july):
    screen = pa.first_screen(july, "2020-07")
    april = {row[1] for row in april_rows()}
    assert (screen.projects, screen.previous_projects) == (len(july_rows()), len(april))  # 51, 52
    assert (screen.joined, screen.left, screen.continuing) == (1, 2, len(april) - 2)
    moves = screen.moves.set_index("rating")
    assert moves.loc["status", "worsened"] == 1 and moves.loc["status", "improved"] == 1  # 11 and 160
    assert moves.loc["risk", "worsened"] == 0 and moves.loc["risk", "improved"] == 0
    assert screen.scale_change is None


def test_july_red_list_names_every_red_project_with_its_reason_and_since_when(july):
    screen = pa.first_screen(july, "2020-07")
    rows = july_rows()
    red_status = {int(i) for i, row in rows.items() if row[5] == "Rød"}
    red_risk = {int(i) for i, row in rows.items() if row[6] == "Rød"}
    red = screen.red.set_index("project_id")
    assert set(red.index) == red_status | red_risk == {11, 163, 101, 132, 160}
    assert screen.red_counts == {"status": len(red_status), "risk": len(red_risk)}
    # worst status first, each red the longest first; then the red risks
    assert list(screen.red["project_id"]) == [163, 11, 101, 132, 160]
    assert red.loc[163, "red_in"] == "status" and red.loc[160, "red_in"] == "risk"
    # the owners' words as the files write them: a status list takes the status comment, a risk list the risk
    # comment, else the status comment
    assert red.loc[163, "comment"] == JOURNALINNSYN and red.loc[11, "comment"] == EPJ_LOFTET
    assert red.loc[160, "comment"] == LEGEMIDDEL_RISK and red.loc[160, "comment_from"] == "risk_comment"
    assert red.loc[132, "comment"] == PKI and red.loc[132, "comment_from"] == "status_comment"
    assert pd.isna(red.loc[101, "comment"])  # Helse Nord sent nothing: no words
    # since when: 11 turned red in July; the others were red in April, and January publishes no per-project values
    assert red.loc[11, "since"] == "2020-07" and pd.isna(red.loc[11, "since_note"]) and red.loc[11, "run_periods"] == 1
    for project in (163, 101, 132, 160):
        assert (red.loc[project, "since"], red.loc[project, "since_note"]) == ("2020-04", "unknown_before")
    assert screen.since_notes == ["unknown_before"]
    # 101's values are carried: last assessed in January (April's period.yml says it did not report then either)
    assert red.loc[101, "is_carried"] and red.loc[101, "carried_from"] == "2020-01"
    assert not red.drop(index=101)["is_carried"].any()


def test_july_missing_submissions_and_carried_values_with_the_period_last_assessed(july):
    screen = pa.first_screen(july, "2020-07")
    assert screen.submissions.not_sent == [JULY_MISSING]
    assert (screen.submissions.sent, screen.submissions.expected) == (9, 10)
    helse_nord = sorted(int(row[1]) for row in april_rows() if row[3] == JULY_MISSING)
    assert sorted(screen.carried["project_id"]) == helse_nord == [101, 167, 168]
    assert dict(zip(screen.carried["project_id"], screen.carried["carried_from"])) == {
        101: "2020-01", 167: "2020-04", 168: "2020-04"}
    assert screen.carried_by_period.to_dict("list") == {"last_assessed": ["2020-04", "2020-01"], "projects": [2, 1]}
    assert screen.carried_total == 3 and screen.red_has_carried
    rows = july_rows()
    blank = {column: sum(not row[index] for row in rows.values()) for column, index in (("status", 5), ("risk", 6))}
    assert screen.not_given == {"status": {"not_reported": blank["status"]}, "risk": {"not_reported": blank["risk"]}}
    assert screen.not_given_counts == blank == {"status": 1, "risk": 1}  # 131's status, 164's risk


def test_july_money_is_the_budget_bridge_in_its_named_steps(july):
    screen = pa.first_screen(july, "2020-07")
    april = {row[1]: float(row[7]) for row in april_rows()}
    rows = july_rows()
    assert screen.money_measure == "budget"
    money = screen.money.set_index("step")["amount"]
    assert money["previous_total"] == sum(april.values())  # 1 571
    assert money["left"] == -(april[JULY_LEAVER_NAMED[0]] + april[JULY_LEAVER_UNNAMED])  # −104
    assert money["joined"] == float(JULY_JOINER[7])  # +12
    assert money["continuing_change"] == float(JULY_BUDGET["107"]) - april["107"]  # −10
    assert money["current_total"] == sum(float(row[7]) for row in rows.values())
    assert money.iloc[:-1].sum() == money["current_total"]  # it adds up
    assert list(screen.money_moved["step"]) == ["left", "joined", "continuing_change"]  # the 0 step left out
    assert not screen.money_bases_differ


def test_april_against_january_says_what_is_unknown(july):
    screen = pa.first_screen(july, "2020-04")
    assert screen.moves[["worsened", "improved"]].isna().all().all()  # January publishes no per-project values
    assert screen.notes and "2020-01" in screen.notes[0]
    assert set(screen.red["since_note"]) == {"unknown_before"}
    money = screen.money.set_index("step")
    assert money.loc["previous_total", "basis"] == "published" and money.loc["current_total", "basis"] == "rows"
    assert screen.money_bases_differ
    assert list(screen.money_moved["step"]) == ["left", "joined", "continuing_change", "unknown"]
    assert money.loc[["left", "continuing_change"], "amount"].isna().all()  # unknown, never 0


def test_gmpp_march_2023_red_list_is_the_files_with_every_departments_commentary(uk_portfolio, bundled_raw):
    raw = bundled_raw / "raw" / "uk-gmpp"
    now, before = records(raw, "2023-03"), records(raw, "2022-03")
    screen = pa.first_screen(uk_portfolio, "2023-03")
    red = screen.red.assign(key=screen.red["project_id"].str.casefold()).set_index("key")
    expected = {project for project, record in now.items() if record["rating"] == "Red"}
    assert set(red.index) == expected and len(red) == 23
    assert {project: red.loc[project, "comment"].strip() for project in red.index} == {
        project: now[project]["commentary"] for project in red.index}
    assert red["comment"].notna().all()
    # red since March 2022 where the March 2022 file rates it Red too, else since March 2023
    assert {project: red.loc[project, "since"] for project in red.index} == {
        project: "2022-03" if before.get(project, {}).get("rating") == "Red" else "2023-03" for project in red.index}
    assert screen.red_counts == {"status": 23}
    # withheld or not rated: every project the file rates neither Red, Amber nor Green
    assert screen.not_given_counts == {"status": sum(record["rating"] == "other" for record in now.values())}
    assert screen.not_given == {"status": {"exempt": 11, "not_rated": 1}}


def test_gmpp_money_is_the_whole_life_cost_bridge(uk_portfolio, bundled_raw):
    screen = pa.first_screen(uk_portfolio, "2023-03")
    assert screen.money_measure == "whole_life_cost"
    counted = cost_moves(bundled_raw / "raw" / "uk-gmpp")["bridge"]
    money = screen.money.set_index("step")["amount"]
    assert list(money.index) == list(counted)
    for step, amount in counted.items():
        assert money[step] == pytest.approx(amount, abs=0.01), step
    assert list(screen.money_moved["step"]) == list(counted)[1:-1]


def test_gmpp_march_2022_is_not_compared_across_the_scale_change(uk_portfolio):
    screen = pa.first_screen(uk_portfolio, "2022-03")
    assert screen.scale_change == (5, 3)
    red = screen.red.set_index("project_id")
    assert set(red["since"]) == {"2022-03"}  # a run starts no earlier than the three-point scale
    # Red in March 2021 on the five-point scale too: said, not counted as the same Red
    assert red.loc["MOD_0017_1112-Q1", "since_note"] == "scale_changed"
    was_red = uk_portfolio.rows("2021-03").set_index("project_name")["status"].astype(object).eq("Red")
    marked = red[red["since_note"] == "scale_changed"]
    assert set(marked["project_name"]) <= set(was_red[was_red].index)


def test_red_since_reads_back_as_far_as_the_longest_run():
    """Seven periods: a run of all seven reaches the first period of the data, one of five begins in the third,
    one begins now; more than the first window of four periods is read."""
    periods = ["2019-01", "2019-04", "2019-07", "2019-10", "2020-01", "2020-04", "2020-07"]
    runs = {1: 7, 2: 5, 3: 1, 4: 0}  # project -> red in its last n periods
    rows = [(period, project, f"P{project}", "Rød" if i >= len(periods) - red else "Gul")
            for project, red in runs.items() for i, period in enumerate(periods)]
    frame = pd.DataFrame(rows, columns=["report_period", "project_id", "project_name", "status"])
    ratings = pd.Categorical(frame["status"], RAG, ordered=True)
    panel = frame.assign(
        project_id=frame["project_id"].astype("Int64"), actor="KS", actor_group="andre", status=ratings,
        risk=ratings, strategic_area=pd.array([1] * len(frame), dtype="Int64"),
        budget_mnok=pd.array([10.0] * len(frame), dtype="Float64"), is_reported=True,
        carried_from=pd.array([pd.NA] * len(frame), dtype="string"))
    pf = pa.Portfolio("seven", panel, pd.DataFrame({"report_period": periods, "project_values_published": True}),
                      pd.DataFrame(columns=["report_period", "change", "project_id", "destination"]))
    red = pa.first_screen(pf).red.set_index("project_id")
    assert list(pa.first_screen(pf).red["project_id"]) == [1, 2, 3]  # the longest run first
    assert (red.loc[1, "since"], red.loc[1, "run_periods"], red.loc[1, "since_note"]) == ("2019-01", 7, "first_period")
    assert (red.loc[2, "since"], red.loc[2, "run_periods"]) == ("2019-07", 5) and pd.isna(red.loc[2, "since_note"])
    assert (red.loc[3, "since"], red.loc[3, "run_periods"]) == ("2020-07", 1)
    assert red.loc[1, "red_in"] == "status, risk"
