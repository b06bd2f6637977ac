"""The GMPP's change of rating scale (five points up to March 2021, three from March 2022) on the status-change
page and in the period charts (issue 23, item 3): said in one sentence, marked by a labelled line, named in
the alt text, and no takeaway comparing a share across it."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.pages import status_change as v
from portfolio_analysis.report.rating_charts import rating_trend_chart, stacked_share_chart
from test_charts import texts_of


def words(block) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(block.html))).strip()


def takeaway(block) -> str:
    return words(block).split("Key point: ")[1].split(" The figures behind")[0]


@pytest.fixture(scope="module")
def uk(real_data):
    pa.build("uk-gmpp", real_data)
    return pa.load_portfolio("uk-gmpp", real_data)


def trend_block(pf, period: str):
    ctx = v.context(pf, period)
    return ctx, v.rating_trend_figure(ctx, pa.status_change(ctx.comparison).trend, "status")


def test_status_page_states_the_change_and_its_chart_names_it(uk):
    ctx, block = trend_block(uk, "2023-03")
    assert words(v.scale_change_note(ctx)).startswith(
        "Delivery confidence is rated on a 5-point scale up to March 2021 and on a 3-point scale from March 2022")
    alt = re.search(r'alt="([^"]*)"', str(block.html)).group(1)
    assert alt.endswith("A dashed line between March 2021 and March 2022 marks the change from a 5-point to a "
                        "3-point scale.")
    assert takeaway(block) == "The share with delivery confidence Amber is 75% in March 2023 against 72% in March 2022."


def test_status_takeaway_of_the_first_three_point_period_compares_nothing(uk):
    """March 2022 against March 2021: 72 % three-point Amber is not 46 % five-point Amber."""
    _, block = trend_block(uk, "2022-03")
    assert takeaway(block) == ("The share with delivery confidence Amber is 72% in March 2022, the first period on "
                               "the 3-point scale; March 2021 rates on 5 points, so the shares are not compared.")


def test_a_page_within_one_scale_says_nothing_of_scales(uk, ehelse_portfolio):
    ctx, block = trend_block(uk, "2021-03")
    assert words(v.scale_change_note(ctx)) == "" and "dashed line" not in str(block.html)
    assert "against" in takeaway(block)  # five-point March 2021 against five-point September 2019
    assert words(v.scale_change_note(v.context(ehelse_portfolio, "2020-04"))) == ""


PERIODS = ["2019-09", "2021-03", "2022-03", "2023-03"]
FIVE = ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]


def trend_rows() -> pd.DataFrame:
    rows = []
    for period in PERIODS:
        three = period >= "2022-03"
        for label, value in zip(FIVE, [0.1, 0.0, 0.75, 0.0, 0.15] if three else [0.1, 0.2, 0.4, 0.2, 0.1]):
            off = three and "/" in label
            rows.append({"report_period": period, "label": label, "share": float("nan") if off else value,
                         "source": "other_scale" if off else "rows"})
    return pd.DataFrame(rows)


def test_trend_lines_never_join_two_scales_and_the_break_is_labelled():
    rows = pd.concat([trend_rows()] * 3)  # more periods than grouped bars hold: lines
    rows["report_period"] = [f"{2000 + i // 5}-0{1 + (i // 5) % 1}" for i in range(len(rows))]
    periods = sorted(rows["report_period"].unique())
    first_three = periods[2]
    rows["share"] = [float("nan") if period >= first_three and "/" in label else share
                     for period, label, share in zip(rows["report_period"], rows["label"], rows["share"])]
    figure = rating_trend_chart(
        rows, title="t", labels=FIVE, words={label: label for label in FIVE},
        colours=dict(zip(FIVE, ["#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00"])),
        period_names={p: p for p in periods}, rating_title="r", share_label="s", published="p", unknown="unknown",
        off_scale="o", language="en", breaks=[(first_three, "Scale: 5 → 3 points")])
    assert "Scale: 5 → 3 points" in texts_of(figure)
    axes = figure.axes[0]
    amber = next(line for line in axes.get_lines() if line.get_color() == "#F0E442" and line.get_linestyle() == "-")
    xs, ys = amber.get_data()
    cut = list(xs).index(1.5)  # the break, halfway between the last five-point period and the first three-point one
    assert math.isnan(ys[cut]) and not math.isnan(ys[cut - 1]) and not math.isnan(ys[cut + 1])
    dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    assert [line.get_xdata()[0] for line in dashed] == [1.5]


def test_the_stacked_share_chart_marks_the_break():
    rows = trend_rows().fillna({"share": 0.0})
    figure = stacked_share_chart(
        rows, periods=PERIODS, value="share", title="t", labels=FIVE, words={label: label for label in FIVE},
        colours=dict(zip(FIVE, ["#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00"])),
        period_names={p: p for p in PERIODS}, rating_title="r", share_label="s", unknown="unknown", off_scale="o",
        language="en", breaks=[("2022-03", "Scale: 5 → 3 points")])
    assert "Scale: 5 → 3 points" in texts_of(figure)
    assert [line.get_xdata()[0] for line in figure.axes[0].get_lines() if line.get_linestyle() == "--"] == [1.5]


def test_a_change_between_the_compared_periods_is_said_once_by_the_heading(uk):
    ctx, _ = trend_block(uk, "2022-03")
    assert words(v.scale_change_note(ctx)) == ""
    heading = words(v.heading(ctx, "status_change"))
    assert "The previous period rates on a 5-point scale and this one on a 3-point scale." in heading
