"""``pa.unchanged_ratings`` (issue 24, item 3): per organisation, the projects whose rating has been the same for
three or more consecutive reported periods; carried periods skipped, never across a change of rating scale."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import portfolio_analysis as pa
from bundled import bundled_bytes
from portfolio_analysis.api.portfolio import Portfolio

LABELS = ["Grønn", "Gul", "Rød"]


def portfolio(ratings: dict[tuple[str, int], tuple], unknown: tuple[str, ...] = ()) -> Portfolio:
    """A hand-made portfolio: ``ratings`` (period, project) -> (status, risk[, carried]); project 1-2 of A, 3 of B."""
    rows = []
    for (period, project), (status, risk, *carried) in ratings.items():
        was_carried = bool(carried and carried[0])
        rows.append({"report_period": period, "project_id": project, "project_name": f"P{project}",
                     "actor": "A" if project < 3 else "B", "status": status, "risk": risk, "budget_mnok": 1.0,
                     "is_reported": not was_carried, "carried_from": "earlier" if was_carried else None})
    panel = pd.DataFrame(rows).astype({"project_id": "Int64", "is_reported": "boolean", "carried_from": "string"})
    for column in ("status", "risk"):
        panel[column] = pd.Categorical(panel[column], categories=LABELS, ordered=True)
    periods = sorted(panel["report_period"].unique().tolist() + list(unknown))
    frame = pd.DataFrame({"report_period": periods, "project_values_published": [p not in unknown for p in periods],
                          "rating_scale": "rag-nb"})
    return Portfolio("test", panel, frame, pd.DataFrame())


def test_three_reported_periods_of_one_rating_count_per_organisation():
    pf = portfolio({("2021-01", 1): ("Gul", "Gul"), ("2021-04", 1): ("Gul", "Rød"), ("2021-07", 1): ("Gul", "Rød"),
                    ("2021-01", 2): ("Gul", "Gul"), ("2021-04", 2): ("Rød", "Gul"), ("2021-07", 2): ("Rød", "Gul"),
                    ("2021-04", 3): ("Grønn", "Grønn"), ("2021-07", 3): ("Grønn", "Grønn")})
    found = pa.unchanged_ratings(pf)
    assert found.countable and found.periods == ["2021-01", "2021-04", "2021-07"]
    table = found.by_organisation.set_index(["actor", "rating"])
    assert table.loc[("A", "status"), ["projects", "unchanged", "longest_run"]].tolist() == [2, 1, 3]
    assert table.loc[("A", "risk"), ["projects", "unchanged", "longest_run"]].tolist() == [2, 1, 3]
    assert table.loc[("B", "status"), ["projects", "unchanged", "longest_run"]].tolist() == [1, 0, 2]
    assert found.total("status") == (1, 3)
    assert found.most("status")["actor"] == "A"
    assert found.longest()[["rating", "project_id", "run_periods", "since"]].values.tolist() == [
        ["status", 1, 3, "2021-01"], ["risk", 2, 3, "2021-01"]]


def test_a_carried_period_neither_counts_nor_ends_the_run():
    pf = portfolio({("2021-01", 1): ("Gul", "Gul"), ("2021-04", 1): ("Gul", "Gul", True),
                    ("2021-07", 1): ("Gul", "Gul"), ("2021-10", 1): ("Gul", "Gul")})
    run = pa.unchanged_ratings(pf).runs.set_index("rating").loc["status"]
    assert (run["run_periods"], run["since"]) == (3, "2021-01")


def test_a_blank_rating_an_absence_or_a_period_without_values_ends_the_run():
    blank = portfolio({("2021-01", 1): ("Gul", "Gul"), ("2021-04", 1): (None, "Gul"),
                       ("2021-07", 1): ("Gul", "Gul"), ("2021-10", 1): ("Gul", "Gul")})
    assert blank.panel is not None and pa.unchanged_ratings(blank).by_organisation.set_index("rating").loc[
        "status", "longest_run"] == 2
    absent = portfolio({("2021-01", 1): ("Gul", "Gul"), ("2021-04", 2): ("Gul", "Gul"),
                        ("2021-07", 1): ("Gul", "Gul"), ("2021-10", 1): ("Gul", "Gul")})
    assert pa.unchanged_ratings(absent).runs.set_index(["rating", "project_id"]).loc[("status", 1), "run_periods"] == 2
    unknown = portfolio({("2020-10", 1): ("Gul", "Gul"), ("2021-04", 1): ("Gul", "Gul"),
                         ("2021-07", 1): ("Gul", "Gul")}, unknown=("2021-01",))
    found = pa.unchanged_ratings(unknown)
    assert not found.countable and (found.limit, found.limit_period, found.periods) == (
        "unknown_period", "2021-01", ["2021-04", "2021-07"])
    assert found.by_organisation.empty


def test_e_helse_cannot_count_yet_january_has_no_per_project_values(july_cycle):
    found = pa.unchanged_ratings(pa.load_portfolio("e-helse", july_cycle), "2020-07")
    assert not found.countable
    assert (found.limit, found.limit_period, found.periods) == ("unknown_period", "2020-01", ["2020-04", "2020-07"])


def test_the_gmpp_never_counts_across_its_change_of_scale(uk_portfolio):
    found = pa.unchanged_ratings(uk_portfolio, "2023-03")
    assert not found.countable
    assert (found.limit, found.limit_period, found.periods) == ("scale_change", "2022-03", ["2022-03", "2023-03"])
    assert set(found.runs["rating"]) == {"status"}  # delivery confidence only: no risk
    assert found.runs["run_periods"].max() == 2


# --- one department against the raw GMPP files, read with the csv module alone

GMPP_FILES = [("2013-09", "uk_2014.csv"), ("2014-09", "uk_2015.csv"), ("2015-09", "uk_2016.csv"),
              ("2016-09", "uk_2017.csv"), ("2017-09", "uk_2018.csv"), ("2018-09", "uk_2019.csv"),
              ("2019-09", "uk_2020.csv"), ("2021-03", "uk_2021.csv")]  # the five-point span up to March 2021
FIVE_POINTS = {"red", "amber/red", "amber", "amber/green", "green"}


def raw_projects(period: str, name: str) -> list[dict]:
    """A transposed GMPP file (one column per project) as one dict per project: id (None before 2020's file),
    name, department and delivery confidence (None where it is not a label of the five-point scale)."""
    data = bundled_bytes(f"data/raw/uk-gmpp/{period}/{name}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",")
                                  else ",") if r]

    def row(*starts):
        return next((r for r in rows if r[0].strip().lower().startswith(starts)), None)
    ids, names, departments = row("gmpp id"), row("project name"), row("department")
    ratings = row("mpa rag rating", "ipa rag rating", "ipa delivery confidence")
    projects = []
    for i in range(1, len(names)):
        label = "".join(ratings[i].split()).lower()
        projects.append({"id": ids[i].strip().lower() if ids else None, "name": " ".join(names[i].split()),
                         "department": departments[i].strip(), "rating": label if label in FIVE_POINTS else None})
    return projects


def same_project(a: dict, b: dict) -> bool:
    """By id where both files give one, else by name."""
    return a["id"] == b["id"] if a["id"] and b["id"] else a["name"] == b["name"]


def raw_runs(department: str) -> list[int]:
    """The run of one delivery confidence ending in March 2021 of each of the department's projects then."""
    files = [raw_projects(period, name) for period, name in GMPP_FILES]
    runs = []
    for project in [p for p in files[-1] if p["department"] == department]:
        run, current = 0, project
        for earlier in reversed(files[:-1]):
            if current["rating"] is None:
                break
            run += 1
            match = [p for p in earlier if same_project(p, current)]
            if len(match) != 1 or match[0]["rating"] != project["rating"]:
                break
            current = match[0]
        else:
            run += current["rating"] is not None
        runs.append(run)
    return runs


@pytest.mark.slow
def test_one_departments_unchanged_ratings_match_the_raw_gmpp_files(uk_portfolio):
    runs = raw_runs("DWP")
    found = pa.unchanged_ratings(uk_portfolio, "2021-03")
    assert found.countable and found.periods == [period for period, _ in GMPP_FILES]
    dwp = found.by_organisation.set_index(["actor", "rating"]).loc[("DWP", "status")]
    assert dwp["projects"] == len(runs) == 5
    assert dwp["unchanged"] == sum(run >= 3 for run in runs) == 1
    assert dwp["longest_run"] == max(runs) == 6  # Universal Credit: Amber from September 2015 to March 2021
    mine = found.runs[(found.runs["actor"] == "DWP")]
    assert sorted(mine["run_periods"].tolist()) == sorted(runs)
