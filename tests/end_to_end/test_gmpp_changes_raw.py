"""pa.schedule_change, pa.cost_change and pa.in_year on the UK GMPP against an independent count from the raw
files (tests/gmpp_raw.py reads the published CSVs with the csv module, not the package): March 2022 -> March 2023."""

import pytest

import portfolio_analysis as pa
from gmpp_raw import cost_moves, end_date_moves, in_year_counts, red_without_commentary

PREVIOUS, CURRENT = "2022-03", "2023-03"


@pytest.fixture(scope="module")
def raw(real_data):
    return real_data / "raw" / "uk-gmpp"


@pytest.fixture(scope="module")
def comparison(uk_portfolio):
    return pa.compare(uk_portfolio, current=CURRENT, previous=PREVIOUS)


def test_end_date_moves_equal_the_count_from_the_raw_files(comparison, raw):
    change, counted = pa.schedule_change(comparison), end_date_moves(raw)
    found = {"later": change.later, "earlier": change.earlier, "unchanged": change.unchanged,
             "not_comparable": change.not_comparable}
    assert found == {key: counted[key] for key in found} == {"later": 51, "earlier": 11, "unchanged": 117,
                                                             "not_comparable": 94}
    assert change.median_slip_months == counted["median_slip_months"] == 14.4
    assert change.mean_slip_months == pytest.approx(counted["mean_slip_months"])
    assert change.largest["months"].iloc[0] == counted["largest_slip_months"] == 252.0
    assert len(change.largest) == 51  # every later project, none cut off


def test_whole_life_cost_moves_and_bridge_equal_the_count_from_the_raw_files(comparison, raw):
    change, counted = pa.cost_change(comparison), cost_moves(raw)
    found = {"increased": change.increased, "decreased": change.decreased, "unchanged": change.unchanged,
             "not_comparable": change.not_comparable}
    assert found == {key: counted[key] for key in found} == {"increased": 69, "decreased": 29, "unchanged": 50,
                                                             "not_comparable": 125}
    assert (change.rises, change.falls) == pytest.approx((counted["rises"], counted["falls"])) == (25744, -4686)
    bridge = change.bridge.set_index("step")["amount"]
    assert bridge.to_dict() == pytest.approx(counted["bridge"])
    assert bridge["previous_total"] + bridge.iloc[1:-1].sum() == pytest.approx(bridge["current_total"])
    assert bridge["current_total"] - bridge["previous_total"] == pytest.approx(-22363)  # the README's "fell by"


def test_in_year_over_and_under_equal_the_count_from_the_raw_files(uk_portfolio, raw):
    result, counted = pa.in_year(uk_portfolio, CURRENT), in_year_counts(raw, CURRENT)
    assert (result.over, result.under, result.within, result.not_comparable) == (
        counted["over"], counted["under"], counted["within"], counted["not_comparable"]) == (29, 105, 73, 37)
    assert (result.budget_total, result.forecast_total) == pytest.approx(
        (counted["budget_total"], counted["forecast_total"]))


def test_every_red_project_of_march_2023_has_commentary(uk_portfolio, raw):
    reds, without = red_without_commentary(raw, CURRENT)
    rows = uk_portfolio.rows(CURRENT)
    red = rows[rows["status"] == "Red"]
    assert (len(red), reds) == (23, 23)
    assert without == [] and red["status_comment"].notna().all()


def test_a_portfolios_name_is_enough(real_data, monkeypatch, comparison):
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(real_data))
    by_name = pa.schedule_change("uk-gmpp", current=CURRENT, previous=PREVIOUS)
    assert (by_name.later, by_name.median_slip_months) == (51, 14.4)
    assert pa.cost_change("uk-gmpp").bridge.equals(pa.cost_change(comparison).bridge)
