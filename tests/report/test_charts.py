"""Charts a board reads at a glance: each chart function drawn from tidy frames as the analysis layer
returns them, at 2, 10 and 40 periods (or bars) and with long names. No tick label touches another,
no axis carries an offset ("1e6"), no legend covers the plotted data, value axes start at zero and end
just above the data, unknown values are written as unknown, and every hatch and open marker is named
in a legend."""

from __future__ import annotations

import io
import json
import math
from itertools import combinations

import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.image import imread
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from portfolio_analysis.report import formatting as fmt
from portfolio_analysis.report import charts
from portfolio_analysis.report.rating_charts import rating_distribution_chart, rating_trend_chart
from portfolio_analysis.report.pageset import NOTEBOOKS_DIR

NBSP = "\u00a0"
LONG = "Direktoratet for e-helse og samhandling i helse- og omsorgssektoren"[:60]  # 60 characters
SIZES = (2, 10, 40)
LABELS = ["Grønn", "Gul", "Rød"]
COLOURS = {"Grønn": "#009E73", "Gul": "#F0E442", "Rød": "#D55E00"}


def long_name(i: int) -> str:
    return f"{i:02d} {LONG}"[:60]


def period_keys(count: int) -> list[str]:
    return [f"{2000 + (i * 4) // 12}-{(i * 4) % 12 + 1:02d}" for i in range(count)]


def actors(count: int, long: bool = False) -> pd.DataFrame:
    """``budget_by(…, "actor")``: largest first."""
    budgets = [float(1000 * 0.7 ** i) for i in range(count)]
    return pd.DataFrame({"actor": [long_name(i) if long else f"Aktør {i}" for i in range(count)],
                         "actor_group": [("helseforvaltning", "regionale helseforetak", "andre")[i % 3]
                                         for i in range(count)],
                         "projects": [i % 7 + 1 for i in range(count)], "budget_mnok": budgets})


def actor_chart(frame: pd.DataFrame, language: str = "nb"):
    groups = {group: f"{group}: {fmt.number(total, language)} mill. kr" for group, total
              in frame.groupby("actor_group", sort=False)["budget_mnok"].sum().items()}
    texts = [f"{p} prosj. · {fmt.number(b, language)} mill. kr" for p, b in zip(frame["projects"], frame["budget_mnok"])]
    return charts.budget_by_actor_chart(frame, title="Budsjett per aktør", texts=texts, groups=groups,
                                        group_title="Gruppe", value_label="Budsjett 2020 (mill. kr)",
                                        name_label="Aktør", language=language, unknown="ukjent")


def area_chart(count: int, long: bool = False):
    frame = pd.DataFrame({"name": [long_name(i) if long else f"{i} Område" for i in range(count)],
                          "budget_mnok": [float(600 - 10 * i) for i in range(count)]})
    return charts.budget_by_area_chart(frame, title="Budsjett per innsatsområde", value_label="Budsjett (mill. kr)",
                                       name_label="Innsatsområde", language="nb", unknown="ukjent"), frame


STEPS = ["previous_total", "left", "joined", "continuing_change", "unknown", "current_total"]


def bridge(amounts: list) -> pd.DataFrame:
    return pd.DataFrame({"step": STEPS, "amount_mnok": amounts, "projects": [54, 3, 1, 51, 0, 52],
                         "basis": ["published", "unknown", "rows", "unknown", "residual", "rows"]})


def bridge_chart(frame: pd.DataFrame, language: str = "nb", long: bool = False):
    names = {step: (long_name(i) if long else step.replace("_", " ")) for i, step in enumerate(STEPS)}
    legend = {"total": "Total", "rise": "Økning", "fall": "Nedgang", "unassigned": "Kan ikke fordeles på prosjekter"}
    return charts.bridge_chart(frame, title="Hva endret budsjettet", step_names=names, legend=legend,
                               value_label="Millioner kroner (mill. kr)", language=language, unknown="ukjent",
                               step_label="Endring, egen skala (mill. kr)")


def distribution(long: bool = False):
    rows = pd.DataFrame({"report_period": "2020-04", "label": LABELS + ["not_reported"], "count": [18, 31, 2, 1],
                         "share": [18 / 52, 31 / 52, 2 / 52, 1 / 52]})
    words = [long_name(i) if long else w for i, w in enumerate(LABELS + ["Ikke rapportert"])]
    return rating_distribution_chart(
        rows, title="Status i porteføljen", words=words, colours=[*COLOURS.values(), "#BBBBBB"],
        on_scale=[True, True, True, False], texts=[f"{c} ({fmt.percent(s, 'nb')})" for c, s in zip(rows["count"],
                                                                                                      rows["share"])],
        rating_label="Status", count_label="Antall prosjekter", off_scale="Ingen vurdering på skalaen",
        language="nb"), rows


def trend(count: int) -> pd.DataFrame:
    """Shares per period and label: the first period unknown but for a published yellow share (like
    January 2020), the second unknown altogether (like January's risk), the rest from the rows."""
    rows = []
    for i, period in enumerate(period_keys(count)):
        for j, label in enumerate(LABELS):
            share = [0.3, 0.6, 0.05][j] + 0.002 * i * (1 if j == 1 else -1 if j == 0 else 0)
            source = "rows"
            if i == 0:
                share, source = (0.56, "published") if label == "Gul" else (float("nan"), "unknown")
            elif i == 1 and count > 2:
                share, source = float("nan"), "unknown"
            rows.append({"report_period": period, "label": label, "share": share, "source": source})
    return pd.DataFrame(rows)


def trend_chart(frame: pd.DataFrame, long: bool = False, language: str = "nb"):
    periods = frame["report_period"].unique()
    return rating_trend_chart(
        frame, title="Andel prosjekter per status og periode", labels=LABELS,
        words={label: (long_name(i) if long else label) for i, label in enumerate(LABELS)}, colours=COLOURS,
        period_names={p: fmt.period_name(p, language) for p in periods}, rating_title="Status",
        share_label="Andel av prosjektene", published="Andel fra rapportens tekst", unknown="ukjent",
        off_scale="ikke på periodens skala", language=language)


def drawn(figure):
    figure.canvas.draw()
    return figure


def assert_readable(figure) -> None:
    """No tick labels overlap, no axis offset, no legend over the plotted bars or lines."""
    drawn(figure)
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            labels = [label for label in axis.get_ticklabels() if label.get_visible() and label.get_text()]
            assert labels, "an axis without tick labels"
            for a, b in combinations(labels, 2):
                assert not a.get_window_extent().overlaps(b.get_window_extent()), (a.get_text(), b.get_text())
            assert axis.get_offset_text().get_text() == ""
        data = [patch.get_window_extent() for patch in axes.patches
                if isinstance(patch, Rectangle) and patch.get_width() and math.isfinite(patch.get_height())
            and patch.get_height()]
        data += [line.get_window_extent() for line in axes.lines if len(line.get_xdata())]
        for legend in figure.legends + ([axes.get_legend()] if axes.get_legend() else []):
            box = legend.get_window_extent()
            assert not [bar for bar in data if bar.overlaps(box)]


def assert_value_axis(limits: tuple[float, float], top: float) -> None:
    """The value axis starts at zero and ends within 15 % above the largest value."""
    assert limits[0] == 0
    assert top <= limits[1] <= top * 1.15


def texts_of(figure) -> list[str]:
    return [text.get_text() for text in figure.findobj(lambda artist: hasattr(artist, "get_text"))]


def legend_texts(figure) -> list[str]:
    return [text.get_text() for legend in figure.legends for text in legend.get_texts()]


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("long", [False, True])
def test_budget_by_actor_reads_at_a_glance(count, long):
    frame = actors(count, long)
    figure = actor_chart(frame)
    assert_readable(figure)
    assert_value_axis(figure.axes[0].get_xlim(), frame["budget_mnok"].max())
    if count > 3:  # several organisations per group: coloured by group, each group's total in the legend
        assert legend_texts(figure)[:1] == ["helseforvaltning: " + fmt.number(frame["budget_mnok"].iloc[::3].sum(),
                                                                              "nb") + " mill. kr"]


def test_budget_by_actor_labels_say_projects_then_budget_and_ticks_write_thousands_norwegian():
    frame = actors(3).assign(budget_mnok=[1650.0, 900.0, 10.0])
    figure = drawn(actor_chart(frame))
    assert "3 prosj. · 10 mill. kr" in texts_of(figure)
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert f"1{NBSP}500" in ticks or f"1{NBSP}000" in ticks, ticks
    assert not [tick for tick in ticks if "1500" in tick or "1000" in tick]


def test_an_organisation_per_group_gets_one_colour_and_no_legend():
    frame = actors(5).assign(actor_group=lambda f: f["actor"])
    figure = actor_chart(frame)
    assert figure.legends == []
    assert {patch.get_facecolor() for patch in figure.axes[0].patches} == {to_rgba(charts.BAR_COLOUR)}


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("long", [False, True])
def test_budget_by_area_reads_at_a_glance(count, long):
    figure, frame = area_chart(count, long)
    assert_readable(figure)
    assert_value_axis(figure.axes[0].get_xlim(), frame["budget_mnok"].max())


@pytest.mark.parametrize("long", [False, True])
def test_waterfall_axis_runs_to_just_above_the_totals(long):
    figure = bridge_chart(bridge([1650.0, float("nan"), 7.0, float("nan"), -86.0, 1571.0]), long=long)
    assert_readable(figure)
    assert_value_axis(figure.axes[0].get_ylim(), 1657)  # 1 650 + 7 before the −86 that cannot be assigned
    ticks = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert f"1{NBSP}500" in ticks and "1500" not in ticks
    texts = texts_of(figure)
    assert texts.count("ukjent") == 2 and "+7" in texts and "−86" in texts
    # the hatch is named in the legend, beside the colours that are drawn (no decrease is drawn)
    assert legend_texts(figure) == ["Total", "Økning", "Kan ikke fordeles på prosjekter"]


def test_waterfall_in_millions_of_pounds_has_no_offset_and_english_thousands():
    figure = bridge_chart(bridge([541951.0, -86649.0, 36393.0, 37481.0, -34996.0, 494181.0]), language="en")
    assert_readable(figure)
    assert_value_axis(figure.axes[0].get_ylim(), 541951)
    assert "500,000" in [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert legend_texts(figure) == ["Total", "Økning", "Nedgang", "Kan ikke fordeles på prosjekter"]


def step_bar_heights(figure, amounts: list[float]) -> list[float]:
    """The height in pixels of the saved PNG of each bar whose data height is one of ``amounts``."""
    charts.draw(figure)
    bars = [patch for axes in figure.axes for patch in axes.patches if isinstance(patch, Rectangle)]
    return [abs(bar.get_window_extent().height) * charts.DPI / figure.dpi
            for amount in amounts for bar in bars if bar.get_height() == pytest.approx(amount)]


@pytest.mark.parametrize("steps", [[-13.0, 12.0, -10.0], [-2.0, 1.0, -1.0]])
def test_steps_small_against_the_totals_are_drawn_so_they_can_be_read(steps):
    """The July e-helse bridge: steps of 1 % of the totals would be 2-pixel slivers on an axis from 0 to 1 600;
    they stand on their own axis beside the totals, every step bar at least 20 px high, the totals still from 0."""
    amounts = [1571.0, steps[0], steps[1], steps[2], float("nan"), 1571.0 + sum(steps)]
    frame = bridge(amounts)[lambda f: f["step"] != "unknown"].reset_index(drop=True)
    assert max(abs(a) for a in steps) < 0.02 * 1571
    figure = bridge_chart(frame)
    heights = step_bar_heights(figure, steps)
    assert len(heights) == 3 and min(heights) >= 20, heights
    assert_readable(figure)
    totals_axes, steps_axes = figure.axes[:2]
    assert totals_axes.get_ylim()[0] == 0  # the totals keep their bars from zero
    assert steps_axes.get_ylabel() == "Endring, egen skala (mill. kr)"  # the steps' own scale is named
    assert all(fmt.number(a, "nb", signed=True) in texts_of(figure) for a in steps)


def test_steps_large_against_the_totals_share_the_totals_axis():
    figure = bridge_chart(bridge([541951.0, -86649.0, 36393.0, 37481.0, -34996.0, 494181.0]), language="en")
    assert len([axes for axes in figure.axes if axes.patches]) == 1
    assert min(step_bar_heights(figure, [-86649.0, 36393.0, 37481.0, -34996.0])) >= 15  # 7 % of the totals


@pytest.mark.parametrize("long", [False, True])
def test_distribution_explains_its_hatch(long):
    figure, rows = distribution(long)
    assert_readable(figure)
    assert_value_axis(figure.axes[0].get_ylim(), 31)
    assert legend_texts(figure) == ["Ingen vurdering på skalaen"]
    hatched = [patch.get_hatch() for patch in figure.axes[0].patches]
    assert hatched == [None, None, None, "//"]
    assert "31 (60\u00a0%)" in texts_of(figure)


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("long", [False, True])
def test_trend_reads_at_a_glance(count, long):
    frame = trend(count)
    figure = trend_chart(frame, long)
    assert_readable(figure)
    assert_value_axis(figure.axes[0].get_ylim(), frame["share"].max())
    assert legend_texts(figure)[-1] == "Andel fra rapportens tekst"  # the hatch or open marker, named
    assert "ukjent" in texts_of(figure)  # the unknown shares are written, not left blank as 0 %
    shown = [label.get_text() for label in figure.axes[0].get_xticklabels() if label.get_text()]
    assert shown[-1].replace("\n", " ") == fmt.period_name(period_keys(count)[-1], "nb")  # the current period


def test_trend_period_with_no_share_known_is_written_unknown_once():
    frame = trend(3)
    frame.loc[frame["report_period"] == frame["report_period"].iloc[0], ["share", "source"]] = [float("nan"),
                                                                                                  "unknown"]
    figure = drawn(trend_chart(frame))
    words = [text for text in figure.axes[0].texts if text.get_text() == "ukjent"]
    assert len(words) == 2  # one for each of the two unknown periods, in its place
    plot = figure.axes[0].get_window_extent()
    ticks = [tick.get_window_extent() for tick in figure.axes[0].get_xticklabels()][:2]
    for word, tick in zip(words, ticks):
        box = word.get_window_extent()
        assert plot.x0 < box.x0 < box.x1 < plot.x1 and tick.x0 < (box.x0 + box.x1) / 2 < tick.x1
    assert "Andel fra rapportens tekst" not in legend_texts(figure)  # nothing published, nothing to explain


def test_trend_crowded_as_bars_is_drawn_as_lines():
    assert len(drawn(trend_chart(trend(2))).axes[0].lines) == 0
    assert len(drawn(trend_chart(trend(10))).axes[0].lines) > 0


def test_every_chart_has_one_width_and_one_type_scale():
    figures = [actor_chart(actors(10, True)), area_chart(6)[0], bridge_chart(bridge([1650.0, None, 7.0, None,
                                                                                     -86.0, 1571.0])),
               distribution()[0], trend_chart(trend(2)), trend_chart(trend(40))]
    widths = {imread(io.BytesIO(charts.png_of(figure))).shape[1] for figure in figures}
    assert widths == {charts.WIDTH * charts.DPI}
    for figure in map(drawn, figures):
        axes = figure.axes[0]
        ticks = [label for axis in (axes.xaxis, axes.yaxis) for label in axis.get_ticklabels()]
        assert {label.get_fontsize() for label in ticks} == {charts.TEXT_SIZE}
        assert {label.get_fontsize() for label in (axes.xaxis.label, axes.yaxis.label) if label.get_text()} \
            == {charts.TEXT_SIZE}
        title = [text for text in figure.findobj(Text) if text.get_text() == figure.get_suptitle()]
        assert [text.get_fontsize() for text in title] == [charts.TITLE_SIZE]


def test_overview_draws_the_budget_per_organisation_once():
    cells = json.loads((NOTEBOOKS_DIR / "overview.ipynb").read_text(encoding="utf-8"))["cells"]
    calls = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    assert [call for call in calls if "figure_budget_by" in call] == ["v.figure_budget_by_actor(ctx)"]
