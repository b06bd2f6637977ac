"""``pa.period_summary``: a period's projects, red counts, money total and warnings, as the index of all
reports shows them (issue 23, item 7), each figure counted again here from the raw files with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

import portfolio_analysis as pa
from cycle_support import JULY_BUDGET, JULY_JOINER, JULY_LEAVER_NAMED, JULY_LEAVER_UNNAMED, JULY_MISSING, JULY_MOVES, \
    add_july, e_helse_with_split_april
from gmpp_raw import records

VEDLEGG_1 = "raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv"


def project_rows(path: Path) -> list[dict]:
    """Vedlegg 1's project rows: a row with all eight cells (the PDF's page footer and blank lines are not)."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter="\t"))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:] if len(row) == len(header)]


def test_april_2020_counted_from_vedlegg_1(ehelse_portfolio, real_data):
    rows = project_rows(real_data / VEDLEGG_1)
    period = yaml.safe_load((real_data / "raw/e-helse/2020-04/period.yml").read_text(encoding="utf-8"))
    summary = pa.period_summary(ehelse_portfolio, "2020-04")
    assert summary.projects == len(rows) == 52
    assert summary.worst == "Rød"
    assert summary.red == {"status": sum(r["Status"] == "Rød" for r in rows),
                           "risk": sum(r["Risiko"] == "Rød" for r in rows)} == {"status": 2, "risk": 3}
    assert summary.money == "budget" and summary.unit == "mill. kr"
    assert summary.money_rows == pytest.approx(sum(float(r["Budsjett 2020"]) for r in rows if r["Budsjett 2020"]))
    assert summary.money_given == sum(bool(r["Budsjett 2020"]) for r in rows)
    assert summary.money_published == period["published"]["budget_mnok"] == 1560
    # the period says who did not report (83 DIS, 101 Robust mobilt helsenett): carried from January
    carried = {str(i) for i in period["not_reported"]["project_ids"]}
    assert summary.carried_forward == len(carried) == 2 and summary.carried_from == ["2020-01"]
    assert summary.red_carried == {"status": sum(r["Status"] == "Rød" for r in rows if r["ID"] in carried),
                                   "risk": sum(r["Risiko"] == "Rød" for r in rows if r["ID"] in carried)}
    assert summary.red_carried["risk"] == 1  # 101's red risk "blir stående som i januar"
    # "de fleste prosjektene til Helse Nord": which of its others reported is not known
    unclear = [r for r in rows if r["Ansvarlig virksomhet"] in period["not_reported"]["unclear_organisations"]
               and r["ID"] not in carried]
    assert summary.reporting_unclear == len(unclear) and summary.unclear_organisations == ["Helse Nord RHF"]
    assert summary.not_sent == [] and summary.sent == summary.expected == 10
    assert not summary.scale_changed and summary.previous == "2020-01"


def test_january_2020_has_only_its_published_figures(ehelse_portfolio, real_data):
    period = yaml.safe_load((real_data / "raw/e-helse/2020-01/period.yml").read_text(encoding="utf-8"))
    summary = pa.period_summary(ehelse_portfolio, "2020-01")
    assert summary.previous is None and not summary.values_published
    assert summary.red == {"status": None, "risk": None}  # unknown, never 0
    assert summary.money_rows is None and summary.money_given is None
    assert summary.money_published == period["published"]["budget_mnok"] == 1650
    assert summary.projects == period["published"]["projects"] == 54


@pytest.mark.parametrize("period", ["2022-03", "2023-03"])
def test_the_gmpp_counted_from_its_published_files(uk_portfolio, real_data, period):
    projects = records(real_data / "raw" / "uk-gmpp", period)
    summary = pa.period_summary(uk_portfolio, period)
    assert summary.projects == len(projects)
    assert summary.red == {"status": sum(p["rating"] == "Red" for p in projects.values())}
    assert summary.money == "whole_life_cost" and summary.unit == "£{}m"
    given = [p["budget"] for p in projects.values() if p["budget"] is not None]
    assert summary.money_rows == pytest.approx(sum(given)) and summary.money_given == len(given)
    assert summary.money_published is None
    assert summary.intake == "published_list" and summary.not_sent == [] and summary.carried_forward == 0


def test_the_gmpp_scale_change_is_stated_against_the_period_compared_with(uk_portfolio):
    changed = pa.period_summary(uk_portfolio, "2022-03")
    assert changed.previous == "2021-03" and changed.scale_changed
    assert changed.scale_before == ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]
    assert changed.scale_after == ["Green", "Amber", "Red"]
    assert not pa.period_summary(uk_portfolio, "2023-03").scale_changed
    assert not pa.period_summary(uk_portfolio, "2021-03").scale_changed
    # compared across the change from further back, the change is stated too
    assert pa.period_summary(uk_portfolio, "2023-03", "2019-09").scale_changed


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    data = tmp_path_factory.mktemp("july") / "data"
    april = e_helse_with_split_april(data)
    add_july(data)
    pa.build("e-helse", data)
    return pa.load_portfolio("e-helse", data), project_rows_of(data, april)


def project_rows_of(data: Path, april: Path) -> list[dict]:
    """The July cycle's projects counted with the csv module from the bundled Vedlegg 1 and the edits the
    cycle makes (tests/cycle_support.py): Helse Nord's rows stay (carried), two leave, one joins."""
    from bundled import REPO

    rows = project_rows(REPO / "data" / VEDLEGG_1)
    july = []
    for row in rows:
        if row["ID"] in (JULY_LEAVER_NAMED[0], JULY_LEAVER_UNNAMED):
            continue
        row = dict(row)
        if row["ID"] in JULY_MOVES and row["Ansvarlig virksomhet"] != JULY_MISSING:
            row["Status"], row["Risiko"] = JULY_MOVES[row["ID"]]
        row["Budsjett 2020"] = JULY_BUDGET.get(row["ID"], row["Budsjett 2020"])
        july.append(row)
    header = list(rows[0])
    return july + [dict(zip(header, JULY_JOINER))]


def test_a_july_cycle_warns_of_the_organisation_that_sent_nothing(july):
    pf, rows = july
    summary = pa.period_summary(pf, "2020-07")
    assert summary.previous == "2020-04" and summary.projects == len(rows) == 51
    assert summary.not_sent == [JULY_MISSING]
    missing = [r for r in rows if r["Ansvarlig virksomhet"] == JULY_MISSING]
    # carried from April, where 101's values were already January's: the periods they were last assessed in
    assert summary.carried_forward == len(missing) == 3 and summary.carried_from == ["2020-01", "2020-04"]
    assert summary.red == {"status": sum(r["Status"] == "Rød" for r in rows),
                           "risk": sum(r["Risiko"] == "Rød" for r in rows)}
    assert summary.red_carried == {"status": sum(r["Status"] == "Rød" for r in missing),
                                   "risk": sum(r["Risiko"] == "Rød" for r in missing)}
    assert summary.money_rows == pytest.approx(sum(float(r["Budsjett 2020"]) for r in rows if r["Budsjett 2020"]))


def test_the_record_is_plain_json(uk_portfolio):
    import json

    record = pa.period_summary(uk_portfolio, "2022-03").record()
    assert json.loads(json.dumps(record, allow_nan=False)) == record
