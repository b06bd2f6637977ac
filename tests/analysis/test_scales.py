"""Where a portfolio's rating scale changes (``pa.scale_changes``), read from the periods' declarations alone,
and the guard every takeaway comparing two periods' rating shares goes through (``pa.compare_shares``): it
never compares a share across a change of scale."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import portfolio_analysis as pa


def declared_scales(raw: Path) -> dict[str, str]:
    """Each GMPP period's scale, read straight from its period.yml (the portfolio's own where it names none)."""
    default = yaml.safe_load((raw / "portfolio.yml").read_text(encoding="utf-8"))["rating_scale"]
    return {folder.name: (yaml.safe_load((folder / "period.yml").read_text(encoding="utf-8")) or {}).get(
        "rating_scale", default) for folder in sorted(raw.iterdir()) if (folder / "period.yml").is_file()}


@pytest.fixture(scope="module")
def uk(real_data):
    pa.build("uk-gmpp", real_data)
    return pa.load_portfolio("uk-gmpp", real_data)


def test_the_gmpp_changes_scale_once_where_its_period_files_say(uk, real_data):
    scales = declared_scales(real_data / "raw" / "uk-gmpp")
    keys = sorted(scales)
    expected = [(a, b, scales[a], scales[b]) for a, b in zip(keys[:-1], keys[1:]) if scales[a] != scales[b]]
    assert expected == [("2021-03", "2022-03", "dca5-en", "dca3-en")]  # what the raw files declare
    changes = pa.scale_changes(uk)
    assert [(c.previous, c.current, c.from_scale, c.to_scale) for c in changes] == expected
    change = changes[0]
    assert (change.from_points, change.to_points) == (5, 3)
    assert change.merged == {"Amber/Green": "Amber", "Amber/Red": "Amber"}
    assert pa.scale_spans(uk) == [keys[:8], keys[8:]]
    assert pa.scale_changes(uk, ["2013-09", "2019-09", "2021-03"]) == []  # a span within one scale


def test_e_helse_rates_on_one_scale(ehelse_portfolio):
    assert pa.scale_changes(ehelse_portfolio) == []
    assert pa.scale_spans(ehelse_portfolio) == [ehelse_portfolio.period_keys]


def shares_across(uk) -> pd.DataFrame:
    """A takeaway's input built across the change: the share of Red in four periods, two on either side."""
    return pd.DataFrame({"report_period": ["2013-09", "2021-03", "2022-03", "2023-03"], "label": ["Red"] * 4,
                         "share": [0.02, 0.04, 0.11, 0.09]})


def test_the_guard_moves_a_comparison_across_the_change_to_the_current_scale(uk):
    compared = pa.compare_shares(uk, shares_across(uk), "Red", "2023-03", "2013-09")
    assert (compared.asked, compared.earlier) == ("2013-09", "2022-03")  # not 2013's five-point Red
    assert (compared.current_share, compared.earlier_share) == (0.09, 0.11)
    assert compared.change is not None and compared.change.current == "2022-03" and not compared.refused


def test_the_guard_refuses_a_pair_that_spans_the_change(uk):
    compared = pa.compare_shares(uk, shares_across(uk), "Red", "2022-03", "2021-03")
    assert compared.refused and compared.earlier is None and compared.earlier_share is None
    assert compared.current_share == 0.11 and compared.change.from_points == 5


def test_the_guard_lets_a_pair_on_one_scale_through(uk):
    compared = pa.compare_shares(uk, shares_across(uk), "Red", "2021-03", "2013-09")
    assert (compared.earlier, compared.earlier_share, compared.change) == ("2013-09", 0.02, None)


def test_the_guard_reads_each_period_on_its_own_scale(uk):
    """History's ratings hold five-point periods twice (own scale, and read on three points): the guard reads
    the own-scale row, so a 2021 Amber is the five-point Amber, not Amber with Amber/Green and Amber/Red."""
    hist = pa.history(uk, ["2019-09", "2021-03"])
    rows = hist.ratings[hist.ratings["rating"] == "status"]
    compared = pa.compare_shares(uk, rows, "Amber", "2021-03", "2019-09")
    own = rows[(rows["report_period"] == "2021-03") & (rows["label"] == "Amber") & (rows["scale"] == "dca5-en")]
    assert compared.current_share == pytest.approx(own["share"].item())
