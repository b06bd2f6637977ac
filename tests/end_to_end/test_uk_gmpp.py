"""The UK Government Major Projects Portfolio (data/raw/uk-gmpp/): ten annual files, configured only by
its profile and maps. The expected figures were counted by hand-written scripts straight from the raw
files, independently of the package, and the single transitions were read in the raw cells (the
closing note of issue 7 lists them)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.analysis import ratings

REPO = Path(__file__).resolve().parents[2]
PERIODS = ["2013-09", "2014-09", "2015-09", "2016-09", "2017-09", "2018-09", "2019-09", "2021-03", "2022-03",
           "2023-03"]
FILES = {period: f"uk_{year}.csv" for period, year in zip(PERIODS, range(2014, 2024))}


@pytest.fixture(scope="module")
def uk_raw(bundled_raw) -> Path:
    return bundled_raw / "raw" / "uk-gmpp"


def test_raw_files_are_the_published_ones_unchanged(uk_raw):
    """Every file's SHA-256 is the one SOURCE.md records for it."""
    recorded = {name: digest for digest, name in re.findall(r"^([0-9a-f]{64}) raw_transposed/(uk_\d{4}\.csv)$",
                                                            (uk_raw / "SOURCE.md").read_text(), re.M)}
    assert len(recorded) == 10
    for period, name in FILES.items():
        assert hashlib.sha256((uk_raw / period / name).read_bytes()).hexdigest() == recorded[name], name


def test_projects_per_year(uk_portfolio):
    """Non-empty project columns per file; SOURCE.md's 200, 144 and 127 count empty trailing columns."""
    counts = uk_portfolio.panel.groupby("report_period").size().to_dict()
    assert counts == dict(zip(PERIODS, [199, 188, 143, 143, 133, 133, 125, 184, 235, 244]))


RATED = {  # Green, Amber/Green, Amber, Amber/Red, Red, exempt, not rated
    "2013-09": (17, 54, 63, 37, 4, 15, 9), "2014-09": (28, 44, 64, 40, 8, 4, 0),
    "2015-09": (10, 29, 55, 38, 6, 5, 0), "2016-09": (5, 23, 71, 34, 4, 5, 1),
    "2017-09": (2, 22, 59, 38, 8, 4, 0), "2018-09": (4, 18, 66, 38, 4, 3, 0),
    "2019-09": (3, 18, 59, 32, 11, 2, 0), "2021-03": (12, 29, 84, 44, 7, 5, 3),
    "2022-03": (24, None, 170, None, 27, 11, 3), "2023-03": (26, None, 183, None, 23, 11, 1),
}


@pytest.mark.parametrize("period", PERIODS)
def test_delivery_confidence_per_year(uk_portfolio, period):
    """Five points to 2021, three from 2022 (IPA's assessment, else the SRO's); FOI exemptions and
    'No DCA' / 'Reset' / 'not in a position …' are counted apart, never as a rating or as blank."""
    counts = ratings.distribution(uk_portfolio, "status").query("report_period == @period").set_index("label")["count"]
    labels = ["Green", "Amber/Green", "Amber", "Amber/Red", "Red", "exempt", "not_rated"]
    expected = dict(zip(labels, RATED[period]))
    assert {label: counts.get(label) for label, n in expected.items() if n is not None} == \
        {label: n for label, n in expected.items() if n is not None}
    assert counts["not_reported"] == 0
    assert uk_portfolio.labels_of(period) == (["Green", "Amber", "Red"] if period >= "2022" else
                                    ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"])


JOINS = {  # continuing, joined, left; by name to 2019-09, by id from 2019-09 -> 2021-03
    "2014-09": (123, 65, 76), "2015-09": (68, 75, 120), "2016-09": (105, 38, 38), "2017-09": (88, 45, 55),
    "2018-09": (96, 37, 37), "2019-09": (101, 24, 32), "2021-03": (89, 95, 36), "2022-03": (159, 76, 25),
    "2023-03": (206, 38, 29),
}


@pytest.mark.parametrize("period", JOINS)
def test_projects_matched_between_years(uk_portfolio, period):
    compared = pa.compare_periods(uk_portfolio, period)
    counts = compared["change"].value_counts()
    assert (counts["continuing"], counts["joined"], counts["left"]) == JOINS[period]
    by = set(compared["matched_by"].dropna())
    assert by == ({"id"} if period >= "2021" else {"name"})


def test_ids_match_across_their_change_of_spelling(uk_portfolio):
    """2019-09 writes DfT_/MoD_/MoJ_/DH_, 2021-03 DFT_/MOD_/MOJ_/DOH_: 8 projects need the case-folding
    or the DH_ -> DOH_ alias (maps/uk-gmpp/project_id_aliases.csv) to be found again."""
    compared = pa.compare_periods(uk_portfolio, "2021-03", "2019-09")
    before = uk_portfolio.rows("2019-09").set_index("project_name")["project_id"]
    continuing = compared[compared["change"] == "continuing"]
    respelled = continuing[continuing["name_previous"].map(before) != continuing["project_id"]]
    assert len(respelled) == 8
    assert "DOH_" in " ".join(respelled["project_id"]) and "DFT_" in " ".join(respelled["project_id"])


TRANSITIONS = {  # period: (rows: previous label -> counts per current label), worse, better
    "2018-09": ({"Amber/Green": [1, 2, 6, 0, 0], "Amber": [1, 4, 29, 8, 1], "Amber/Red": [1, 3, 11, 17, 0],
                 "Red": [0, 1, 3, 3, 1]}, 15, 28),
    "2021-03": ({"Amber/Green": [4, 4, 4, 0, 0], "Amber": [2, 8, 26, 5, 1], "Amber/Red": [2, 1, 9, 11, 1],
                 "Red": [0, 3, 2, 1, 1]}, 11, 32),
    "2022-03": ({"Green": [0, 3, 0], "Amber": [16, 110, 15], "Red": [0, 5, 2]}, 18, 21),
    "2023-03": ({"Green": [7, 9, 1], "Amber": [16, 118, 14], "Red": [1, 15, 8]}, 24, 32),
}


@pytest.mark.parametrize("period", TRANSITIONS)
def test_delivery_confidence_transitions(uk_portfolio, period):
    """2021-03 -> 2022-03 compares five points with three: Amber/Green and Amber/Red read as Amber
    (maps/scale_mappings.csv), so 2021's 44 Amber/Red and 29 Amber/Green count in the Amber row."""
    change = pa.status_change(uk_portfolio, period)
    rows, worse, better = TRANSITIONS[period]
    labels = uk_portfolio.labels_of(period) if period != "2021-03" else uk_portfolio.labels
    for label, counts in rows.items():
        assert [int(change.transitions.loc[label, c]) for c in labels] == counts, label
    assert (len(change.worsened), len(change.improved)) == (worse, better)


def test_a_report_of_an_earlier_period_shows_no_later_one(uk_portfolio):
    """Rendered again today, the March 2021 report still ends at March 2021: trend, distribution and
    budget totals stop at the report's period."""
    change, decline = pa.status_change(uk_portfolio, "2021-03"), pa.budget_decline(uk_portfolio, "2021-03")
    for frame in (change.trend, change.distribution, decline.totals):
        assert frame["report_period"].max() == "2021-03"
    assert sorted(change.trend["report_period"].unique())[0] == "2013-09"


SINGLE = [  # project, period, previous, current: read in the raw cells
    ("Crossrail Programme", "2018-09", "Amber", "Red"),  # uk_2018 column AE, uk_2019 column AG; matched by name
    ("Emergency Services Mobile Communications Programme (ESMCP)", "2017-09", "Amber", "Red"),
    ("DFT_0001_1112-Q1", "2021-03", "Red", "Amber/Red"),  # written 'Amber/red' in uk_2021
    ("DFT_0001_1112-Q1", "2022-03", "Amber", "Amber"),  # 2021 Amber/Red read on the three-point scale
    ("DFT_0041_2021-Q1", "2023-03", "Green", "Red"),  # HS2 Phase 2a
    ("HO_0016_1213-Q1", "2023-03", "Amber", "Red"),
]


@pytest.mark.parametrize("project, period, before, after", SINGLE)
def test_single_transitions(uk_portfolio, project, period, before, after):
    compared = pa.compare_periods(uk_portfolio, period)
    row = compared[(compared["project_id"] == project) | (compared["project_name"] == project)]
    assert len(row) == 1
    assert (row["status_previous"].item(), row["status_current"].item()) == (before, after)


def test_crossrail_keeps_its_column_in_the_file(uk_portfolio):
    """In a transposed file a project's source_row is its column: Crossrail is column AE (31) of uk_2018."""
    row = uk_portfolio.rows("2017-09").query("project_name == 'Crossrail Programme'")
    assert row["source_row"].item() == 31
    assert row["source_file"].item().endswith("2017-09/uk_2018.csv")


def test_whole_life_cost_is_the_budget(uk_portfolio):
    """£ formats (2015 '£18.00m', 2016-2022 '£11,751.97'), FOI exemptions and 'not provided' texts."""
    totals = pa.budget_totals(uk_portfolio).set_index("report_period")
    assert totals.loc["2018-09", "budget_rows_mnok"] == pytest.approx(441_798.76)
    assert totals.loc["2023-03", "budget_rows_mnok"] == pytest.approx(471_818)
    markers = uk_portfolio.panel.groupby("report_period")["budget_marker"].value_counts().unstack(fill_value=0)
    assert markers.loc["2018-09", "exempt"] == 15 and uk_portfolio.rows("2018-09")["budget_mnok"].notna().sum() == 118
    assert markers.loc["2023-03", "exempt"] == 46 and markers.loc["2023-03", "not_provided"] == 3
    assert (uk_portfolio.rows("2022-03")["budget_mnok"] == 32_614).sum() == 1  # '£32,614' is not 32.614
    rail = uk_portfolio.rows("2016-09").query("project_name.str.startswith('Rail Franchising')")
    assert rail["budget_mnok"].item() == pytest.approx(-7169.20)  # net of income, allowed by the profile


def test_departments_aliases_and_lineages(uk_portfolio):
    actors = set(uk_portfolio.panel["actor"])
    assert not actors & {"MoD", "MoJ", "DfT", "DoH", "DOH", "DoH Capital", "DoH Non Capital"}
    groups = uk_portfolio.panel.drop_duplicates("actor").set_index("actor")["actor_group"]
    assert groups["BIS"] == groups["BEIS"] == groups["DESNZ"] == groups["DSIT"]
    assert groups["FCO"] == groups["DFID"] == groups["FCDO"]
    assert groups["DH"] == groups["DHSC"] and groups["DCLG"] == groups["DLUHC"]


def test_undefined_byte_is_replaced_and_logged(real_data):
    log = pa.load_quality_log("uk-gmpp", real_data)
    warning = log[log["rule"].str.contains("0x9d")]
    assert len(warning) == 1 and warning["source_file"].item().endswith("uk_2020.csv")
    assert "Quantum\ufffd prison system" in warning["raw_value"].item()


def test_no_code_names_the_portfolio():
    """Everything specific to the GMPP is data: profile, maps, texts. The code never names it. (A whole-life cost
    is a standard column any portfolio may give, since issue 22; the GMPP's words for it stay in its texts.)"""
    code = [*(REPO / "portfolio_analysis").rglob("*.py"), *(REPO / "portfolio_analysis").rglob("*.ipynb"), *(REPO / "notebooks").glob("*.ipynb")]
    named = [p.name for p in code if re.search(r"gmpp|uk-|£|delivery confidence",
                                               p.read_text(encoding="utf-8"), re.I)]
    assert named == []


@pytest.mark.slow
def test_report_all_renders_every_compared_period_in_english(uk_reports):
    code, reports, printed = uk_reports
    assert code == 0, printed
    folders = sorted(p.name for p in (reports / "uk-gmpp").iterdir() if not p.name.startswith(("_", ".")))
    assert folders == PERIODS[1:]  # the first year has nothing to compare with: it is each report's history
    for period in folders:
        pages = sorted(p.name for p in (reports / "uk-gmpp" / period).glob("*.html"))
        assert pages == ["budget_decline.html", "history.html", "index.html", "schedule_cost.html",
                         "status_change.html", f"uk-gmpp-{period}.html"]
        index = (reports / "uk-gmpp" / period / "index.html").read_text(encoding="utf-8")
        assert '<html lang="en"' in index and "Delivery confidence" in index
    text = (reports / "uk-gmpp" / "2022-03" / "status_change.html").read_text(encoding="utf-8")
    assert "5-point scale and this one on a 3-point scale" in text
    assert "Amber/Green → Amber; Amber/Red → Amber" in text
    overview = (reports / "uk-gmpp" / "2022-03" / "index.html").read_text(encoding="utf-8")
    assert "159 projects are in both periods; 25 left and 76 joined." in overview  # all matched by id: no names
    assert "are in both periods;" not in text  # said once, on the overview
    assert "matched by exact name" not in overview
    assert "£494,181m" in (reports / "uk-gmpp" / "2022-03" / "index.html").read_text(encoding="utf-8")
    schedule = (reports / "uk-gmpp" / "2023-03" / "schedule_cost.html").read_text(encoding="utf-8")
    assert "51 moved their end date later, 11 earlier, and 117 kept it" in schedule  # issue 22's counts
    assert "Schedule and cost" in (reports / "uk-gmpp" / "2023-03" / "uk-gmpp-2023-03.html").read_text(encoding="utf-8")


def test_a_wrong_rating_in_a_transposed_file_names_its_column(uk_raw, tmp_path):
    """A rating the period's (three-point) scale does not know: file, the project's column, the label,
    the value and the labels expected; the build stops with exit code 1."""
    import shutil

    from portfolio_analysis.cli.main import main

    data = tmp_path / "data"
    shutil.copytree(uk_raw, data / "raw" / "uk-gmpp")
    path = data / "raw" / "uk-gmpp" / "2022-03" / "uk_2022.csv"
    content = path.read_bytes()
    at = content.index(b";Green;")  # the first Green of the file: project column 25
    path.write_bytes(content[:at] + b";Amber/Green;" + content[at + 7:])
    from portfolio_analysis.pipeline.validate import validate_file

    result = validate_file(path, data_dir=data)
    [error] = [p for p in result.problems if p.severity == "error"]
    assert str(error) == ("data/raw/uk-gmpp/2022-03/uk_2022.csv (column 25): error: unknown status label; column 'IPA "
                          "Delivery Confidence Assessment (A Delivery Confidence Assessment of the project at a fixed "
                          "point in time, using a three-point scale, Red – Amber – Green; definitions in the IPA Annual "
                          "Report on Major Projects)'; value 'Amber/Green'; expected one of Green, Amber, Red (any "
                          "case, English or without æøå), or blank for not reported")
    assert main(["build", "--portfolio", "uk-gmpp", "--data-dir", str(data)]) == 1
    assert not (data / "processed" / "uk-gmpp").exists()


def test_name_match_after_some_ids_matched():
    """A period where only some projects have ids: ids match first, the rest by name, each to its own row."""
    from portfolio_analysis.intake.matching import match_projects

    before = pd.DataFrame({"project_id": ["A_1", None, None], "project_name": ["Alpha", "Beta", "Gamma"]})
    after = pd.DataFrame({"project_id": [None, "a_1", None], "project_name": ["Gamma", "Alpha renamed", "Beta"]})
    assert match_projects(before, after) == {1: (0, "id"), 0: (2, "name"), 2: (1, "name")}


def raw_fields(raw: Path, file: str, labels: dict[str, str]) -> dict[str, dict[str, str]]:
    """Project name -> {field: cell as written}, from one GMPP file with the csv module (labels: field -> the
    start of its label, case-folded)."""
    content = (raw / file).read_bytes()
    text = content.decode("utf-8-sig") if content[:3] == b"\xef\xbb\xbf" else content.decode("cp1252", "replace")
    first = text.split("\n", 1)[0]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ","))
    by_label = {row[0].strip().casefold(): row[1:] for row in rows if row}
    cells = {field: next(v for k, v in by_label.items() if k.startswith(start)) for field, start in labels.items()}
    names = next(v for k, v in by_label.items() if k == "project name")
    return {" ".join(name.split()): {field: cells[field][i] for field in labels} for i, name in enumerate(names)
            if name.strip()}


def test_dates_comments_and_money_of_march_2023_are_the_files_own(uk_portfolio, bundled_raw):
    """Every project of the March 2023 file: its commentary byte for byte, its ISO end date, its year's budget and
    whole-life cost as the file gives them; budget_mnok is the whole-life cost (the profile's money)."""
    raw = raw_fields(bundled_raw / "raw" / "uk-gmpp", "2023-03/uk_2023.csv", {
        "comment": "departmental commentary", "end": "project - end date", "budget": "financial year baseline",
        "cost": "total baseline whole life costs"})
    rows = uk_portfolio.rows("2023-03").set_index("project_name")
    assert len(raw) == len(rows) == 244
    for name, cells in raw.items():
        row = rows.loc[name]
        assert (row["status_comment"] if pd.notna(row["status_comment"]) else "") == cells["comment"], name
        assert (row["planned_end"] if pd.notna(row["planned_end"]) else None) == (
            cells["end"].strip() if re.fullmatch(r"\d{4}-\d\d-\d\d", cells["end"].strip()) else None), name
    given = rows["whole_life_cost"].notna()
    assert uk_portfolio.money == "whole_life_cost"
    assert (rows.loc[given, "budget_mnok"] == rows.loc[given, "whole_life_cost"]).all()
    assert given.sum() == sum(re.fullmatch(r"-?[\d,.]+", c["cost"].replace("£", "").strip()) is not None
                              for c in raw.values())


def test_older_files_dates_are_day_first_and_two_digit_years_are_this_century(uk_portfolio):
    rows = uk_portfolio.rows("2017-09").set_index("project_name")  # the 2018 file: '30/06/08', '31/12/40'
    gdf = rows.loc["Geological Disposal Facility Programme (GDF)"]
    assert (gdf["planned_start"], gdf["planned_end"]) == ("2008-06-30", "2040-12-31")
    assert uk_portfolio.rows("2013-09")["planned_end"].dropna().str.fullmatch(r"\d{4}-\d\d-\d\d").all()
