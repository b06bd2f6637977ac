"""A re-sent file (issue 24, item 3): a submission whose every value is the previous period's is a warning naming
the organisation and the file, and its own pre-filled form is exempt."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import portfolio_analysis as pa
from cycle_support import (JULY_BUDGET, JULY_JOINER, JULY_MISSING, JULY_MOVES, JULY_OWN_FORMATS, SENDERS,
                           add_july, april_rows, e_helse_with_split_april)
from portfolio_analysis.intake.stale import resent_files
from portfolio_analysis.settings.periods import PeriodSpec

APRIL = PeriodSpec("2020-04", Path("2020-04"))
JULY = PeriodSpec("2020-07", Path("2020-07"))
FILE = "2020-07/Helse Vest juli.csv"
GIVEN = {FILE: {"project_id", "project_name", "actor", "status", "risk", "budget"}}


def rows(period: str, file: str, *projects, **columns) -> pd.DataFrame:
    """Panel rows: ``projects`` as (id, status, risk, budget); ``columns`` adds columns, one value per project."""
    frame = pd.DataFrame({
        "report_period": period, "project_id": pd.array([p[0] for p in projects], dtype="Int64"),
        "project_name": [f"Prosjekt {p[0]}" for p in projects], "actor": "Helse Vest RHF",
        "status": [p[1] for p in projects], "risk": [p[2] for p in projects],
        "budget": pd.array([p[3] for p in projects], dtype="Float64"), "budget_year": pd.array([2020] * len(projects), dtype="Int64"),
        "is_reported": pd.array([True] * len(projects), dtype="boolean"), "source_file": file,
        "carried_from": pd.array([pd.NA] * len(projects), dtype="string")})
    return frame.assign(**columns)


def warnings(july: pd.DataFrame, april: pd.DataFrame, given=GIVEN, periods=(APRIL, JULY), **options) -> list[str]:
    return [str(p) for p in resent_files(july, pd.concat([april, july], ignore_index=True), list(periods), given,
                                         **options)]


def test_a_file_of_last_periods_values_is_a_warning_naming_organisation_file_and_period():
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0), (2, "Grønn", "Rød", 5.0))
    july = rows("2020-07", FILE, (1, "Gul", "Gul", 10.0), (2, "Grønn", "Rød", 5.0))
    found = warnings(july, april)
    assert found == [f"{FILE}: warning: Helse Vest RHF: every value in 'Helse Vest juli.csv' is as in 2020-04 "
                     "(April 2020): re-sent?; value '2 project(s); compared: status, risk, budget'; expected the "
                     "organisation's values for 2020-07, or its word that it reviewed them and nothing changed"]


def test_this_periods_own_form_is_exempt():
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0))
    july = rows("2020-07", FILE, (1, "Gul", "Gul", 10.0))
    assert warnings(july, april, own_forms=frozenset({FILE})) == []
    assert len(warnings(july, april, own_forms=frozenset({"2020-07/another form.xlsx"}))) == 1


@pytest.mark.parametrize("july_project", [(1, "Rød", "Gul", 10.0), (1, "Gul", None, 10.0), (1, "Gul", "Gul", 9.5),
                                          (1, "Gul", "Gul", None)])
def test_any_changed_value_or_a_blanked_one_is_not_a_resend(july_project):
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0), (2, "Grønn", "Rød", 5.0))
    july = rows("2020-07", FILE, july_project, (2, "Grønn", "Rød", 5.0))
    assert warnings(july, april) == []


def test_a_project_new_in_the_file_means_it_was_edited_while_one_left_out_does_not():
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0), (2, "Grønn", "Rød", 5.0))
    assert warnings(rows("2020-07", FILE, (1, "Gul", "Gul", 10.0), (3, "Gul", "Gul", 1.0)), april) == []
    assert len(warnings(rows("2020-07", FILE, (1, "Gul", "Gul", 10.0)), april)) == 1  # a one-project file too


def test_a_renamed_project_is_an_edit():
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0))
    july = rows("2020-07", FILE, (1, "Gul", "Gul", 10.0)).assign(project_name=["Prosjekt 1, nytt navn"])
    assert warnings(july, april) == []


def test_dates_and_comments_count_where_the_file_gives_them():
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0), status_comment=["Følger plan."],
                 planned_end=["2021-12"])
    given = {FILE: GIVEN[FILE] | {"status_comment", "planned_end"}}
    same = rows("2020-07", FILE, (1, "Gul", "Gul", 10.0), status_comment=["Følger plan."], planned_end=["2021-12"])
    assert "compared: status, risk, budget, planned_end, status_comment" in warnings(same, april, given)[0]
    moved = same.assign(planned_end=["2022-06"])
    assert warnings(moved, april, given) == []
    reworded = same.assign(status_comment=["Følger plan. Neste leveranse i oktober."])
    assert warnings(reworded, april, given) == []
    assert len(warnings(reworded, april)) == 1  # a file whose header names no comment column: not compared


def test_no_comparison_with_a_period_without_per_project_values():
    january = PeriodSpec("2020-01", Path("2020-01"), project_values_published=False)
    april_rows_ = rows("2020-01", "2020-01/list.tsv", (1, "Gul", "Gul", 10.0))
    july = rows("2020-04", FILE, (1, "Gul", "Gul", 10.0))
    assert warnings(july, april_rows_, periods=(january, APRIL)) == []


def test_values_carried_into_the_previous_period_count_as_its_values():
    carried = rows("2020-04", "2020-01/hv.csv", (1, "Gul", "Gul", 10.0)).assign(
        is_reported=pd.array([False], dtype="boolean"), carried_from=pd.array(["2020-01"], dtype="string"))
    july = rows("2020-07", FILE, (1, "Gul", "Gul", 10.0))
    assert len(warnings(july, carried)) == 1


def test_rows_period_yml_says_did_not_report_are_not_compared():
    april = rows("2020-04", "2020-04/hv.csv", (1, "Gul", "Gul", 10.0))
    declared = rows("2020-07", FILE, (1, "Gul", "Gul", 10.0)).assign(is_reported=pd.array([False], dtype="boolean"))
    assert warnings(declared, april) == []


# --- the July test cycle: the files whose values equal April's, counted from the cycle's own edits

def stale_senders() -> set[str]:
    """The organisations (as the panel names them) whose July file repeats April: no rating moved, no budget
    changed, no project joined, no dates or comments added. Helse Nord RHF sends nothing."""
    changed = {row[3] for row in april_rows() if row[1] in JULY_MOVES or row[1] in JULY_BUDGET}
    changed |= {JULY_JOINER[3], JULY_MISSING, *JULY_OWN_FORMATS}
    files = {SENDERS[org][0] for org in {row[3] for row in april_rows()} - changed}
    files -= {SENDERS[org][0] for org in changed}  # Helse Sør-Øst's two spellings share a file
    names = {"Oslo Kommune": "Oslo kommune"}
    return {names.get(org, org) for org, (file, _) in SENDERS.items() if file in files and org in
            {row[3] for row in april_rows()}}


@pytest.fixture(scope="module")
def july_cycle_build(tmp_path_factory):
    data = tmp_path_factory.mktemp("stale") / "data"
    e_helse_with_split_april(data)
    add_july(data)
    return data, pa.build("e-helse", data)


@pytest.mark.slow
def test_the_july_cycle_warns_for_the_files_that_repeat_april(july_cycle_build):
    data, result = july_cycle_build
    resent = [p for p in result.outputs.problems if "re-sent?" in p.message]
    assert {p.message.split(":")[0] for p in resent} == stale_senders() == {
        "Folkehelseinstituttet", "Helse Vest RHF", "KS", "Norsk Helsenett", "Oslo kommune"}
    assert all(p.period == "2020-07" and p.severity == "warning" for p in resent)
    assert {p.file.rsplit("/", 1)[-1] for p in resent} == {
        "FHI_e-helseportefolje_202006.csv", "Helse Vest portfolio report juni 2020.csv", "KS_06_2020.tsv",
        "NHN juni 2020.xlsx", "Oslo kommune - innmelding juni 2020.csv"}
    checklist = pa.load_submissions("e-helse", data).set_index(["report_period", "actor"])
    assert checklist.loc[("2020-07", "KS"), "warnings"] == 1
    assert checklist.loc[("2020-07", "Helse Vest RHF"), "warnings"] == 2  # re-sent, and 187 gone missing
    assert checklist.loc[("2020-07", "Direktoratet for e-helse"), "warnings"] == 0
    assert not [p for p in result.outputs.problems if "re-sent?" in p.message and p.period == "2020-04"]
