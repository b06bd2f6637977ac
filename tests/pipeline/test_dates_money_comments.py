"""An organisation's dates, next year's budget and comments, in its own column names and forms, reach the panel:
dates with their precision, reasons kept, comments exactly as written."""

import pandas as pd

import portfolio_analysis as pa
from conftest import write_projects
from portfolio_analysis.cli.main import main

HEADER = "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\tBudsjett 2021\t"


def build(data, capsys) -> tuple[int, str]:
    code = main(["build", "--portfolio", "mini", "--data-dir", str(data)])
    return code, capsys.readouterr().err


def test_dates_budgets_and_comments_in_an_organisations_own_forms(mini, capsys):
    comment = "Prosjektet er 8 måneder bak plan,\nog sluttdato  sommeren 2021 nås ikke. ansvars- overganger"
    write_projects(mini, HEADER + "Oppstart\tSluttdato\tStatuskommentar\tKommentar til risiko\n"
                   "1\tAlpha\tHelsedirektoratet\tRød\tGul\t10\t12\t31.01.2019\tdes. 2021\t\"" + comment + "\"\tلا\n"
                   "2\tBeta\tKS\tGul\tGul\t5\t\t2019\tQ4 2022\t\tNøkkelressurser slutter 🙁\n"
                   "3\tGamma\tKS\tGrønn\tGrønn\t7\t8\t15/03/2020\tTBC\t\t\n")
    code, err = build(mini, capsys)
    assert code == 0, err
    panel = pa.load_panel("mini", mini).set_index("project_id")
    assert panel["planned_start"].tolist() == ["2019-01-31", "2019", "2020-03-15"]
    assert panel["planned_end"].tolist()[:2] == ["2021-12", "2022-Q4"] and pd.isna(panel.loc[3, "planned_end"])
    assert panel.loc[3, "planned_end_marker"] == "TBC"  # the reason, as written
    assert panel.loc[1, "status_comment"] == comment  # line break, double space and hyphen kept
    assert panel.loc[1, "risk_comment"] == "لا" and panel.loc[2, "risk_comment"] == "Nøkkelressurser slutter 🙁"
    assert panel["budget"].tolist() == [10.0, 5.0, 7.0] and panel["budget_mnok"].tolist() == [10.0, 5.0, 7.0]
    assert panel["budget_next_year"].tolist()[::2] == [12.0, 8.0] and pd.isna(panel.loc[2, "budget_next_year"])
    assert set(panel["budget_year"]) == {2020}  # the first Budsjett column's year; the second is next year's
    totals = pa.budget_totals(pa.load_portfolio("mini", mini)).iloc[0]  # the seed's §3: next year, and who gave none
    assert (totals["next_year_rows_mnok"], totals["next_year_given"], totals["projects"]) == (20.0, 2, 3)
    log = pa.load_quality_log("mini", mini)
    assert not log["column"].isin(["status_comment", "risk_comment"]).any()  # the log never changes a comment
    assert ((log["column"] == "planned_end") & (log["raw_value"] == "des. 2021") & (log["clean_value"] == "2021-12")).any()


def test_a_date_that_is_no_date_is_an_error_naming_the_cell(mini, capsys):
    write_projects(mini, HEADER + "Sluttdato\n1\tAlpha\tHelsedirektoratet\tGul\tGul\t10\t\t31.02.2021\n")
    code, err = build(mini, capsys)
    assert code == 1
    assert ("data/raw/mini/2021-01/prosjektliste.tsv:2: error: not a date (no day 31 in February 2021); column "
            "'Sluttdato'; value '31.02.2021'; expected a date: 31.12.2021, 2021-12-31, 31/12/2021, des. 2021, Q4 2021 "
            "or 2021, or a reason such as TBC") in err
    assert not (mini / "processed" / "mini").exists()


def test_a_file_that_shows_month_first_dates_is_read_so_with_a_warning(mini, capsys):
    write_projects(mini, HEADER + "Sluttdato\n1\tAlpha\tHelsedirektoratet\tGul\tGul\t10\t\t03/04/2022\n"
                   "2\tBeta\tKS\tGul\tGul\t5\t\t12/31/2022\n")
    code, err = build(mini, capsys)
    assert code == 0
    assert "prosjektliste.tsv:3: warning: the file writes dates month-first" in err
    assert pa.load_panel("mini", mini)["planned_end"].tolist() == ["2022-03-04", "2022-12-31"]


def test_a_file_that_writes_both_orders_is_an_error_on_the_date_it_cannot_read(mini, capsys):
    write_projects(mini, HEADER + "Sluttdato\n1\tAlpha\tHelsedirektoratet\tGul\tGul\t10\t\t03/04/2022\n"
                   "2\tBeta\tKS\tGul\tGul\t5\t\t12/31/2022\n3\tGamma\tKS\tGul\tGul\t5\t\t31/12/2022\n")
    code, err = build(mini, capsys)
    assert code == 1
    assert ("prosjektliste.tsv:2: error: the date reads two ways: its file writes dates both day-first and "
            "month-first; column 'Sluttdato'; value '03/04/2022'") in err


def test_the_budget_limit_is_for_a_years_money_not_a_whole_life_cost(mini, capsys):
    """kroner typed into a column of millions is caught in the year's budget; a whole-life cost of 150 000 million
    (a large programme over decades) is not."""
    write_projects(mini, HEADER + "Totalkostnad\n1\tAlpha\tHelsedirektoratet\tGul\tGul\t10\t\t150000\n")
    code, err = build(mini, capsys)
    assert code == 0, err
    assert pa.load_panel("mini", mini)["whole_life_cost"].tolist() == [150000.0]
    write_projects(mini, HEADER + "Totalkostnad\n1\tAlpha\tHelsedirektoratet\tGul\tGul\t150000\t\t150000\n")
    code, err = build(mini, capsys)
    assert code == 1 and "error: an implausibly large budget" in err and "column 'Budsjett 2020'" in err
