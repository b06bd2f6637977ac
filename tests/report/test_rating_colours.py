"""The rating colours (maps/ratings.csv, issue 23 item 9): green to red in the order of the scale, each step
darker than the one before, neighbours apart for readers with colour vision deficiency, the same colour for
the same word on every scale, and the word always written beside the colour in the charts.

Colour vision deficiency is simulated with the matrices of Machado, Oliveira & Fernandes (2009), "A
physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6), severity 1.0 (full
dichromacy), applied to linear sRGB as the authors do; differences are CIEDE2000 in CIELAB (D65). Written out
here rather than taken from a package: ten lines of numbers are all the tests need.
"""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.text import Text

from portfolio_analysis.report.rating_charts import (rating_distribution_chart, rating_trend_chart,
                                                     stacked_share_chart, transition_heatmap)
from portfolio_analysis.settings.maps import rating_scale
from portfolio_analysis.settings.paths import MAPS_DIR

MACHADO_2009 = {  # severity 1.0, on linear RGB
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
SRGB_TO_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750), (0.0193339, 0.1191920, 0.9503041))
VISIONS = [None, *MACHADO_2009]
SCALES = ["rag-nb", "dca5-en", "dca3-en"]
FIVE = ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]

# Neighbours on a scale differ by at least this much (CIEDE2000): plainly apart with normal vision, and
# still apart, side by side in a legend or a stacked bar, under each full dichromacy.
APART_NORMAL = 15.0
APART_DICHROMAT = 10.0
LIGHTNESS_STEP = 5.0  # L* falls by at least this from one step of a scale to the next (green lightest)
BLACK_TEXT = 4.5  # WCAG contrast of the badge's black word on its colour


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def times(matrix, vector) -> list[float]:
    return [sum(m * v for m, v in zip(row, vector)) for row in matrix]


def lab(hex_colour: str, vision: str | None = None) -> tuple[float, float, float]:
    """CIELAB (D65) of the colour as a reader with ``vision`` (None: normal) sees it."""
    light = [linear(c) for c in rgb(hex_colour)]
    if vision:
        light = [min(max(c, 0.0), 1.0) for c in times(MACHADO_2009[vision], light)]
    white = times(SRGB_TO_XYZ, (1.0, 1.0, 1.0))
    x, y, z = (v / w for v, w in zip(times(SRGB_TO_XYZ, light), white))

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(one, two) -> float:
    """Sharma, Wu & Dalal (2005)'s formulation, kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = one, two
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c ** 7 / (mean_c ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c, d_h = l2 - l1, c2 - c1, 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    mean_l, mean_c = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        mean_h = h1 + h2
    elif abs(h1 - h2) <= 180:
        mean_h = (h1 + h2) / 2
    else:
        mean_h = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(mean_h - 30)) + 0.24 * math.cos(math.radians(2 * mean_h))
         + 0.32 * math.cos(math.radians(3 * mean_h + 6)) - 0.20 * math.cos(math.radians(4 * mean_h - 63)))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_c, 1 + 0.015 * mean_c * t
    r_t = (-2 * math.sqrt(mean_c ** 7 / (mean_c ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((mean_h - 275) / 25) ** 2)))))
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def relative_luminance(hex_colour: str) -> float:
    return times(SRGB_TO_XYZ, [linear(c) for c in rgb(hex_colour)])[1]


def colours_of(name: str) -> list[str]:
    scale = rating_scale(name)
    return [scale.colours[label] for label in scale.labels]


def test_the_difference_formula_gives_the_published_values():
    """Two pairs of Sharma, Wu & Dalal's table of test data, so a wrong formula cannot pass the tests below."""
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)
    assert lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)


def test_the_five_point_scale_runs_from_green_to_red_in_its_order():
    assert rating_scale("dca5-en").labels == tuple(FIVE)
    hues = [math.degrees(math.atan2(b, a)) for _, a, b in map(lab, colours_of("dca5-en"))]
    assert hues == sorted(hues, reverse=True), "each step turns from green towards red (hue angle falls)"
    assert 120 < hues[0] < 180 and 0 < hues[-1] < 45  # green at one end, red at the other


@pytest.mark.parametrize("name", SCALES)
def test_each_step_of_a_scale_is_darker_than_the_one_before(name):
    lightness = [lab(colour)[0] for colour in colours_of(name)]
    assert all(before - after >= LIGHTNESS_STEP for before, after in zip(lightness, lightness[1:])), lightness


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
@pytest.mark.parametrize("name", SCALES)
def test_neighbours_on_a_scale_stay_apart(name, vision):
    colours = colours_of(name)
    least = APART_NORMAL if vision is None else APART_DICHROMAT
    differences = [ciede2000(lab(one, vision), lab(two, vision)) for one, two in zip(colours, colours[1:])]
    assert min(differences) >= least, dict(zip(zip(rating_scale(name).labels, rating_scale(name).labels[1:]),
                                               [round(d, 1) for d in differences]))


def test_the_old_sky_blue_amber_green_would_have_failed():
    """The check is not one every palette passes: the colours before issue 23 (Okabe-Ito, Amber/Green sky
    blue) break the darkening order."""
    old = ["#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00"]
    lightness = [lab(colour)[0] for colour in old]
    assert not all(before - after >= LIGHTNESS_STEP for before, after in zip(lightness, lightness[1:]))


@pytest.mark.parametrize("name", SCALES)
def test_the_black_word_on_a_rating_badge_stays_readable(name):
    for colour in colours_of(name):
        assert (relative_luminance(colour) + 0.05) / 0.05 >= BLACK_TEXT, colour


def test_one_word_one_colour_on_every_scale():
    """Green, Amber and Red are the same colour on the five- and three-point scales, and the Norwegian
    scale's Grønn, Gul and Rød take the colour of the English word they accept (Green, Amber, Red)."""
    with (MAPS_DIR / "ratings.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    colour_of_word: dict[str, set[str]] = {}
    for row in rows:
        for word in (row["label"], row["alias"]):
            colour_of_word.setdefault(word.casefold(), set()).add(row["colour"].upper())
    assert {word: colours for word, colours in colour_of_word.items() if len(colours) > 1} == {}
    assert rating_scale("rag-nb").colours["Gul"] == rating_scale("dca5-en").colours["Amber"]
    assert colours_of("dca3-en") == [rating_scale("dca5-en").colours[label] for label in ("Green", "Amber", "Red")]


# --- the word always written: every rating colour a chart draws is named in the chart's own text -------------

WORDS = {label: label for label in FIVE}


def texts_of(figure) -> set[str]:
    return {text.get_text().replace("\n", " ") for text in figure.findobj(Text) if text.get_text()}


def drawn_colours(figure) -> set[str]:
    """The fill colours of the patches (bars, swatches, heatmap marks) a figure draws."""
    found = set()
    for axes in figure.axes:
        for patch in axes.patches:
            if patch.get_facecolor()[3] > 0:
                found.add(to_hex(patch.get_facecolor()).upper())
    for legend in figure.legends:
        for handle in legend.legend_handles:
            if hasattr(handle, "get_facecolor"):
                found.add(to_hex(handle.get_facecolor()).upper())
    return found


def five_point_trend(periods: int) -> pd.DataFrame:
    keys = [f"{2013 + i}-09" for i in range(periods)]
    return pd.DataFrame([{"report_period": p, "label": label, "share": 0.05 + 0.04 * j, "source": "rows"}
                         for p in keys for j, label in enumerate(FIVE)])


def charts_of_the_five_point_scale():
    colours = rating_scale("dca5-en").colours
    counts = pd.DataFrame({"label": FIVE, "count": [17, 54, 63, 37, 4]})
    yield "distribution", rating_distribution_chart(
        counts, title="Projects per rating", words=FIVE, colours=[colours[label] for label in FIVE],
        on_scale=[True] * 5, texts=[str(c) for c in counts["count"]], rating_label="Delivery confidence",
        count_label="Projects", off_scale="not a rating", language="en")
    for periods in (2, 10):  # grouped bars, then lines
        trend = five_point_trend(periods)
        yield f"trend of {periods}", rating_trend_chart(
            trend, title="Share per rating", labels=FIVE, words=WORDS, colours=colours,
            period_names={p: p for p in trend["report_period"]}, rating_title="Delivery confidence",
            share_label="Share", published="published", unknown="unknown", off_scale="other scale", language="en")
    trend = five_point_trend(4)
    yield "stacked shares", stacked_share_chart(
        trend, periods=sorted(trend["report_period"].unique()), value="share", title="Shares", labels=FIVE,
        words=WORDS, colours=colours, period_names={p: p for p in trend["report_period"]},
        rating_title="Delivery confidence", share_label="Share", unknown="unknown", off_scale="other", language="en")
    matrix = pd.DataFrame([[3, 1, 0, 0, 0]] * 5, index=FIVE, columns=FIVE)
    yield "transitions", transition_heatmap(
        matrix, title="From one year to the next", scale=FIVE, words=WORDS, colours=colours, before="2021",
        after="2022", off_scale="not a rating", unknown_before=None, unknown_after=None, language="en")


@pytest.mark.parametrize("kind,figure", list(charts_of_the_five_point_scale()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_rating_colour_a_chart_draws_comes_with_its_word(kind, figure):
    colours = rating_scale("dca5-en").colours
    written = texts_of(figure)
    drawn = {label for label, colour in colours.items() if colour.upper() in drawn_colours(figure)}
    if kind.startswith("trend of 10"):  # lines, not patches: the legend's lines carry the colours
        drawn = {label for label, colour in colours.items()
                 if any(to_hex(line.get_color()).upper() == colour.upper() for line in figure.axes[0].lines)}
    assert drawn == set(FIVE), kind
    assert all(word in written for word in FIVE), (kind, sorted(written))
