"""The history page (issue 14): its blocks' figures on e-helse April 2020 (January has no per-project
values) and the GMPP March 2023 (ten periods), and its 100 % bar chart readable at 2, 10 and 40 periods."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.report import formatting as fmt
from portfolio_analysis.report.pages import history as v
from portfolio_analysis.report.rating_charts import stacked_share_chart
from test_charts import COLOURS, LABELS, SIZES, assert_readable, drawn, legend_texts, period_keys, texts_of


def page(portfolio: str, period: str, data):
    ctx = v.context(pa.load_portfolio(portfolio, data), period)
    return ctx, pa.history(ctx.pf, v.periods_up_to(ctx))


def words(block) -> str:
    """A block's text as a reader sees it: tags gone, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(block.html))).strip()


@pytest.fixture(scope="module")
def ehelse_page(real_data):
    return page("e-helse", "2020-04", real_data)


@pytest.fixture(scope="module")
def uk_page(real_data):
    pa.build("uk-gmpp", real_data)
    return page("uk-gmpp", "2023-03", real_data)


# --- e-helse April 2020: January is unknown and says so -----------------------------------------------

def test_ehelse_says_plainly_what_january_does_not_have(ehelse_page):
    ctx, hist = ehelse_page
    assert words(v.unknown_periods(ctx, hist)) == "Januar 2020 har ingen verdier per prosjekt: ukjent."
    bridge = v.red_bridge_table(ctx, hist)
    assert words(bridge) == ("Endringen i antall Rød-prosjekter fra januar 2020 til april 2020 er ukjent: "
                             "januar 2020 har ingen verdier per prosjekt.")
    assert bridge.data["count"].isna().all()  # unknown, not 0
    assert words(v.stickiness_sentence(ctx, hist)) == \
        "Hvor mange prosjekter som beholdt status fra januar 2020 til april 2020, er ukjent."
    persistent = v.persistently_red_list(ctx, hist)
    assert "Januar 2020 har ingen verdier per prosjekt: om prosjektene var Rød også da, er ukjent." \
        in words(persistent)


def test_ehelse_shares_april_known_january_unknown(ehelse_page):
    ctx, hist = ehelse_page
    data = v.rating_share_figure(ctx, hist).data.set_index(["report_period", "label"])
    assert data.loc[("2020-04", "Rød"), "count"] == 2 and data.loc[("2020-04", "Gul"), "count"] == 31
    assert data.loc[("2020-04", "Rød"), "share"] == pytest.approx(2 / 52)
    assert data.loc["2020-01", "share"].isna().all()
    money = v.money_share_figure(ctx, hist)
    red = money.data.set_index(["report_period", "label"]).loc[("2020-04", "Rød")]
    assert (red["budget_mnok"], red["budget_share"]) == (115.0, pytest.approx(115 / 1571))
    assert "Prosjekter med status Rød har 7 % av budsjettet i april 2020" in words(money)


def test_ehelse_timeline_shows_january_unknown_and_april_red(ehelse_page):
    ctx, hist = ehelse_page
    block = v.attention_timeline(ctx, hist)
    assert list(block.data["project_id"]) == [160, 163]
    assert list(block.data["2020-01"]) == ["unknown", "unknown"] and list(block.data["2020-04"]) == ["Rød", "Rød"]
    assert "160 Digitalisering av legemiddelområdet Direktoratet for e-helse Ukjent Rød" in words(block)


# --- the GMPP, March 2023 -----------------------------------------------------------------------------

def test_uk_red_bridge_of_the_latest_pair_adds_up_27_to_23(uk_page):
    ctx, hist = uk_page
    block = v.red_bridge_table(ctx, hist)
    steps = block.data.set_index(["step", "label"], drop=False)
    start, end = steps.loc["red_at_start", "count"].item(), steps.loc["red_at_end", "count"].item()
    assert (start, end) == (27, 23)
    assert start + (block.data["sign"] * block.data["count"]).sum() == end
    text = words(block)
    assert text.startswith("27 projects were Red in March 2022 and 23 are Red in March 2023; "
                           "8 of them were Red in both periods.")
    for line in ("Red in March 2022 27", "Recovered to Green −1", "Recovered to Amber −15",
                 "Left the portfolio while Red −2", "No rating now (exempt, not rated or not reported) −1",
                 "Newly Red from Green +1", "Newly Red from Amber +14", "Joined the portfolio as Red 0",
                 "Red in March 2023 23"):
        assert line in text


def test_uk_persistently_red_are_red_in_both_latest_periods(uk_page):
    ctx, hist = uk_page
    listed = v.persistently_red_list(ctx, hist).data
    assert len(listed) == 8 and "DOH_0017_1112-Q1" in set(listed["project_id"])
    assert (listed["run_periods"] >= 2).all()
    timeline = v.attention_timeline(ctx, hist).data.set_index("project_id")
    assert list(timeline.columns[-5:]) == ["2018-09", "2019-09", "2021-03", "2022-03", "2023-03"]
    for project in listed["project_id"]:
        assert timeline.loc[project, ["2022-03", "2023-03"]].tolist() == ["Red", "Red"]


def amber_red_in_2021(raw) -> tuple[int, int]:
    """Projects rated Amber/Red in the March 2021 file, and all its projects: counted with the csv module."""
    text = (raw / "2021-03" / "uk_2021.csv").read_bytes().decode("utf-8-sig", errors="replace")
    rows = {row[0].split("\n")[0].strip(): row[1:] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
            if row}
    ratings = rows["IPA Delivery Confidence Assessment"]
    projects = [cell for cell in rows["GMPP ID Number"] if cell.strip()]
    return sum(cell.strip().casefold() == "amber/red" for cell in ratings[:len(projects)]), len(projects)


def test_uk_shares_each_period_on_its_own_scale(uk_page, real_data):
    """Five-point periods keep Amber/Green and Amber/Red (not folded into Amber), three-point ones have none."""
    ctx, hist = uk_page
    data = v.rating_share_figure(ctx, hist).data
    assert list(pd.unique(data["report_period"])) == hist.periods and len(hist.periods) == 10
    labels = data.groupby("report_period")["label"].apply(set)
    for period in hist.periods:
        mixed = {"Amber/Green", "Amber/Red"} & labels[period]
        assert mixed == (set() if period >= "2022-03" else {"Amber/Green", "Amber/Red"}), period
    for column in ("share", "budget_share"):
        totals = data.groupby("report_period")[column].sum()
        assert totals.to_numpy() == pytest.approx([1.0] * 10)
    red_now = data[(data["report_period"] == "2023-03") & (data["label"] == "Red")].iloc[0]
    assert red_now["count"] == 23
    amber_red, projects = amber_red_in_2021(real_data / "raw" / "uk-gmpp")
    row = data[(data["report_period"] == "2021-03") & (data["label"] == "Amber/Red")].iloc[0]
    assert (row["count"], row["share"]) == (amber_red, pytest.approx(amber_red / projects))


def test_uk_stickiness_in_one_sentence(uk_page):
    ctx, hist = uk_page
    assert words(v.stickiness_sentence(ctx, hist)) == (
        "70% of the 189 projects rated in both March 2022 and March 2023 kept their delivery confidence, and "
        "59% of the 232 projects rated in three or more periods never changed their delivery confidence "
        "(136 projects).")


# --- the chart ----------------------------------------------------------------------------------------

def shares(count: int) -> pd.DataFrame:
    """Shares per period and label adding up to 1 with a not-reported part; the first period unknown."""
    rows = []
    for i, period in enumerate(period_keys(count)):
        for label, share in zip(LABELS + ["not_reported"], [0.3, 0.55, 0.1, 0.05]):
            rows.append({"report_period": period, "label": label, "share": float("nan") if i == 0 else share})
    return pd.DataFrame(rows)


def stacked(frame: pd.DataFrame):
    periods = list(pd.unique(frame["report_period"]))
    return stacked_share_chart(
        frame, periods=periods, value="share", title="Andel prosjekter per status i hver periode", labels=LABELS,
        words={**{label: label for label in LABELS}, "not_reported": "Ikke oppgitt"},
        colours={**COLOURS, "not_reported": "#BBBBBB"}, period_names={p: fmt.period_name(p, "nb") for p in periods},
        rating_title="Status", share_label="Andel av prosjektene", unknown="ukjent",
        off_scale="Ingen vurdering på skalaen", language="nb")


@pytest.mark.parametrize("count", SIZES)
def test_stacked_shares_read_at_a_glance(count):
    figure = stacked(shares(count))
    assert_readable(figure)
    assert texts_of(figure).count("ukjent") == 1  # the unknown period is written, not drawn as 0 %
    assert legend_texts(figure) == LABELS + ["Ingen vurdering på skalaen"]
    assert figure.axes[0].get_ylim() == (0, 1.0)
    shown = [label.get_text() for label in figure.axes[0].get_xticklabels() if label.get_text()]
    assert shown[-1].replace("\n", " ") == fmt.period_name(period_keys(count)[-1], "nb")  # the current period


def test_stacked_shares_without_off_scale_values_do_not_explain_the_hatch():
    frame = shares(2)
    frame = frame[frame["label"] != "not_reported"]
    assert legend_texts(drawn(stacked(frame))) == LABELS


# --- the GMPP's change of scale (issue 23, item 3) and the finished page (item 8) ------------------------

SCALE_SENTENCE = ("Delivery confidence is rated on a 5-point scale up to March 2021 and on a 3-point scale from "
                  "March 2022: a share before and a share after the change are not the same measure, so no share "
                  "is compared across it; projects followed across it are read so: Amber/Green → Amber; "
                  "Amber/Red → Amber.")


def alt_of(block) -> str:
    return re.search(r'alt="([^"]*)"', str(block.html)).group(1)


def test_uk_history_states_and_marks_the_change_of_scale(uk_page):
    ctx, hist = uk_page
    assert words(v.scale_change_note(ctx)) == SCALE_SENTENCE
    for figure in (v.rating_share_figure(ctx, hist), v.money_share_figure(ctx, hist)):
        assert alt_of(figure).endswith("A dashed line between March 2021 and March 2022 marks the change from a "
                                       "5-point to a 3-point scale.")


def test_uk_history_takeaway_compares_red_within_the_three_point_scale(uk_page):
    """Not "9% ... Red in March 2023, against 2% in September 2013": a three-point Red against a five-point one."""
    ctx, hist = uk_page
    text = words(v.rating_share_figure(ctx, hist))
    assert "9% of the projects have delivery confidence Red in March 2023, against 11% in March 2022, the first " \
           "period on the 3-point scale." in text
    assert "September 2013." not in text.split("Key point")[1].split("The figures behind")[0]


def test_uk_history_of_march_2022_compares_no_share(real_data):
    ctx, hist = page("uk-gmpp", "2022-03", real_data)
    takeaway = words(v.rating_share_figure(ctx, hist)).split("Key point: ")[1].split(" The figures behind")[0]
    assert takeaway == ("11% of the projects have delivery confidence Red in March 2022, the first period on the "
                        "3-point scale; earlier periods rate on another scale and are not compared.")


def test_ehelse_history_says_nothing_of_scales(ehelse_page):
    ctx, hist = ehelse_page
    assert words(v.scale_change_note(ctx)) == ""
    assert "dashed line" not in alt_of(v.rating_share_figure(ctx, hist))


def test_the_red_bridge_is_of_the_pair_the_report_compares(real_data):
    """March 2023 against September 2019 (not the latest pair, March 2022): red at the start is September
    2019's Red, counted from the panel."""
    ctx = v.context(pa.load_portfolio("uk-gmpp", real_data), "2023-03", "2019-09")
    hist = pa.history(ctx.pf, v.periods_up_to(ctx), pair=v.compared_pair(ctx))
    block = v.red_bridge_table(ctx, hist)
    assert set(block.data["previous"]) == {"2019-09"} and set(block.data["current"]) == {"2023-03"}
    panel = pa.load_panel("uk-gmpp", real_data)
    red_2019 = int((panel[panel["report_period"] == "2019-09"]["status"] == "Red").sum())
    steps = block.data.set_index("step")
    assert steps.loc["red_at_start", "count"].item() == red_2019
    assert red_2019 + (block.data["sign"] * block.data["count"]).sum() == steps.loc["red_at_end", "count"].item() == 23
    assert words(block).startswith(f"{red_2019} projects were Red in September 2019 and 23 are Red in March 2023")


def test_uk_timeline_lists_the_projects_red_now_first_each_period_on_its_own_scale(uk_page):
    ctx, hist = uk_page
    timeline = v.attention_timeline(ctx, hist).data
    red_now = timeline["2023-03"].eq("Red").tolist()
    assert red_now == sorted(red_now, reverse=True) and sum(red_now) == 23
    assert not red_now[-1]  # some were red earlier only
    assert "Amber/Red" in set(timeline["2021-03"])  # a five-point period keeps its own words
    assert not {"Amber/Red", "Amber/Green"} & set(timeline["2022-03"])


def test_ehelse_risk_beside_status_the_gmpp_has_none(ehelse_page, uk_page):
    ctx, hist = ehelse_page
    risk = v.rating_share_figure(ctx, hist, "risk").data.set_index(["report_period", "label"])
    assert risk.loc[("2020-04", "Rød"), "count"] == 3  # 160, 132 and 101 (the seed's red risks)
    assert risk.loc[("2020-04", "Gul"), "share"] == pytest.approx(34 / 52)  # the seed's 65 %
    assert "risiko Rød" in words(v.attention_timeline(ctx, hist, "risk"))
    uk_ctx, uk_hist = uk_page
    for show in (v.rating_share_figure, v.money_share_figure, v.red_bridge_table, v.stickiness_sentence,
                 v.persistently_red_list, v.attention_timeline):
        assert words(show(uk_ctx, uk_hist, "risk")) == ""
