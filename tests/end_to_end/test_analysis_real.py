"""The three analyses on the real data, January 2020 -> April 2020 (shared/DOMAIN.md)."""

import math

import pandas as pd
import pytest

import portfolio_analysis as pa


@pytest.fixture(scope="module")
def pf(real_data):
    return pa.load_portfolio("e-helse", real_data)


def test_joiners_and_leavers_with_destinations(pf):
    compared = pa.compare_periods(pf, current="2020-04", previous="2020-01")
    assert len(compared) == 55
    assert compared["change"].value_counts().to_dict() == {"continuing": 51, "left": 3, "joined": 1}
    assert set(compared.loc[compared["change"] == "joined", "project_id"]) == {131}
    left = compared[compared["change"] == "left"].set_index("project_id")
    assert left["destination"].to_dict() == {142: "Pauset", 143: "Forvaltning", 183: "Pauset"}
    assert not compared["name_changed"].any()
    assert not compared["previous_values_published"].any() and compared["current_values_published"].all()
    assert pa.reported_change_mismatches(pf, "2020-04", "2020-01").empty


def test_defaults_are_the_latest_period_and_the_one_before(pf):
    compared = pa.compare_periods(pf)
    assert compared.attrs == {"current": "2020-04", "previous": "2020-01", "labels": ["Grønn", "Gul", "Rød"]}
    with pytest.raises(ValueError, match="'2020-01' is the first of portfolio 'e-helse'"):
        pa.compare_periods(pf, current="2020-01")
    with pytest.raises(KeyError, match="no period '2019-10'"):
        pa.compare_periods(pf, current="2020-04", previous="2019-10")


def test_bare_panel_works_but_knows_no_destinations(pf):
    compared = pa.compare_periods(pf.panel, "2020-04", "2020-01")
    assert set(compared.loc[compared["change"] == "left", "project_id"]) == {142, 143, 183}
    assert compared["destination"].isna().all()


def test_budget_bridge_adds_up_and_shows_the_unknown(pf):
    bridge = pa.budget_bridge(pf, current="2020-04", previous="2020-01").set_index("step")
    assert list(bridge.index) == ["previous_total", "left", "joined", "continuing_change", "unknown", "current_total"]
    assert bridge.loc["previous_total", "amount_mnok"] == 1650  # published: January has no per-project budgets
    assert bridge.loc["current_total", "amount_mnok"] == 1571  # the rows of Vedlegg 1
    assert bridge.loc["joined", "amount_mnok"] == 7 and bridge.loc["joined", "projects"] == 1
    assert math.isnan(bridge.loc["left", "amount_mnok"]) and bridge.loc["left", "projects"] == 3
    assert "unknown: 2020-01 publishes no per-project budgets" in bridge.loc["left", "note"]
    assert math.isnan(bridge.loc["continuing_change", "amount_mnok"])
    assert bridge.loc["unknown", "amount_mnok"] == 1571 - 1650 - 7
    middle = bridge["amount_mnok"].iloc[1:-1].fillna(0).sum()
    assert bridge.loc["previous_total", "amount_mnok"] + middle == bridge.loc["current_total", "amount_mnok"]


def test_budget_totals_rows_beside_published(pf):
    totals = pa.budget_totals(pf).set_index("report_period")
    assert totals.loc["2020-04", "budget_rows_mnok"] == 1571
    assert totals.loc["2020-04", "budget_published_mnok"] == 1560
    assert totals.loc["2020-04", "difference_mnok"] == 11
    assert totals.loc["2020-04", ["zero_budgets", "missing_budgets", "zero_not_reported"]].tolist() == [9, 0, 2]
    assert math.isnan(totals.loc["2020-01", "budget_rows_mnok"]) and pd.isna(totals.loc["2020-01", "zero_budgets"])


def test_budget_per_organisation_and_group_figur_1_and_2(pf):
    by_group = pa.budget_by(pf, "2020-04", "actor_group").set_index("actor_group")
    assert by_group["budget_mnok"].to_dict() == {"helseforvaltning": 894, "regionale helseforetak": 659, "andre": 18}
    assert by_group["projects"].to_dict() == {"helseforvaltning": 30, "regionale helseforetak": 19, "andre": 3}
    by_actor = pa.budget_by(pf, "2020-04", "actor").set_index("actor")
    assert by_actor.loc["Direktoratet for e-helse", ["projects", "budget_mnok"]].tolist() == [10, 635]
    assert by_actor.loc["Helsedirektoratet", ["projects", "budget_mnok"]].tolist() == [15, 233]
    assert by_actor.loc["Helse Nord RHF", ["budget_mnok", "zero_budgets"]].tolist() == [1, 2]
    assert by_actor.index[0] == "Direktoratet for e-helse"  # largest first
    by_area = pa.budget_by(pf, "2020-04", "strategic_area").set_index("strategic_area")
    assert by_area["budget_mnok"].sum() == 1571 and by_area.loc[6, "budget_mnok"] == 5


def test_status_change_trend_uses_published_share_for_january(pf):
    change = pa.status_change(pf, current="2020-04", previous="2020-01")
    trend = change.trend.set_index(["report_period", "label"])
    assert trend.loc[("2020-01", "Gul"), "share"] == 0.56 and trend.loc[("2020-01", "Gul"), "source"] == "published"
    assert trend.loc[("2020-04", "Gul"), "share"] == 31 / 52 and trend.loc[("2020-04", "Gul"), "source"] == "rows"
    assert trend.loc[("2020-04", "Rød"), "share"] == 2 / 52
    assert math.isnan(trend.loc[("2020-01", "Rød"), "share"]) and trend.loc[("2020-01", "Rød"), "source"] == "unknown"
    assert any("2020-01 publishes no per-project status" in note for note in change.notes)


def test_status_distribution_counts_not_reported_on_its_own(pf):
    dist = pa.status_change(pf).distribution.set_index(["report_period", "label"])["count"]
    assert [dist[("2020-04", label)] for label in ("Grønn", "Gul", "Rød", "not_reported", "unknown")] == [18, 31, 2, 1, 0]
    assert dist[("2020-01", "unknown")] == 54 and dist[("2020-01", "Gul")] == 0


def test_status_transitions_from_an_unknown_january(pf):
    change = pa.status_change(pf)
    # 83 (DIS) and 101 did not report in 2020 (period.yml): their Gul is carried, not a new assessment
    assert change.transitions.loc["unknown"].to_dict() == {"Grønn": 18, "Gul": 29, "Rød": 2, "carried_forward": 2}
    assert change.transitions.drop(index="unknown").to_numpy().sum() == 0
    assert change.worsened.empty and change.improved.empty and change.stayed_red.empty
    assert change.joiners.set_index("project_id")["status_at_entry"].to_dict() == {131: "not_reported"}
    assert change.leavers.set_index("project_id")["status_at_exit"].to_dict() == {
        142: "unknown", 143: "unknown", 183: "unknown"}


def test_carried_forward_as_far_as_the_report_says(pf):
    carried = pa.status_change(pf).carried_forward.set_index("project_id")
    assert sorted(carried.index) == [83, 101, 167, 168]
    assert carried.loc[[83, 101], "is_carried_forward"].tolist() == [True, True]
    assert carried.loc[[167, 168], "is_carried_forward"].isna().all()  # "de fleste" of Helse Nord: not said which


def test_risk_lists_and_tables(pf):
    risk = pa.risk_analysis(pf, current="2020-04", previous="2020-01")
    assert set(risk.red_risk["project_id"]) == {160, 132, 101}
    assert set(risk.early_warning["project_id"]) == {132, 101}
    assert risk.status_by_risk.loc["Rød"].to_dict() == {"Grønn": 0, "Gul": 1, "Rød": 1, "not_reported": 0}
    assert risk.status_by_risk.loc["not_reported"].to_dict() == {"Grønn": 1, "Gul": 0, "Rød": 0, "not_reported": 0}
    assert risk.status_by_risk.to_numpy().sum() == 52
    trend = risk.trend.set_index(["report_period", "label"])
    assert trend.loc[("2020-04", "Gul"), "share"] == 34 / 52
    assert risk.by_actor.loc["Helse Nord RHF", ["Grønn", "Gul", "Rød", "projects"]].tolist() == [1, 1, 1, 3]
    assert risk.by_strategic_area.loc[5, "Rød"] == 2 and risk.by_strategic_area.index[0] == 5
    assert risk.transitions.loc["unknown"].sum() == 51
