"""The charts of a rating (status or risk): the projects per rating in one period, the share of each
rating over the periods, and the transitions between two periods. Drawn like every chart (see
:mod:`.charts`)."""

from __future__ import annotations

import pandas as pd
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.patheffects import Normal, Stroke

from . import formatting as fmt
from .charts import BAR_COLOUR, HATCH, LEGEND_WRAP, NOTE_SIZE, TEXT_SIZE, UNKNOWN_COLOUR, bar_texts, category_ticks, \
    legend_below, new_figure, number_axis, scale_breaks, share_axis, swatch, wrapped

GROUPED_BARS_AT_MOST = 20  # bars in a grouped bar chart; with more, the trend is drawn as lines
NOT_A_RATING = "#BBBBBB"
OFF_SCALE_SHADE = "#999999"  # Okabe-Ito grey: counts in a row or column that is no rating of the scale
HEATMAP_WRAP = 14  # characters per line of a heatmap's row and column names
LINE_EDGE = "#333333"  # a thin dark edge around a rating's line, as bars have: the lightest ratings (green) stay
OUTLINED = [Stroke(linewidth=2.8, foreground=LINE_EDGE), Normal()]  # visible on the white page


def rating_distribution_chart(rows, *, title: str, words: list[str], colours: list[str], on_scale: list[bool],
                              texts: list[str], rating_label: str, count_label: str, off_scale: str,
                              language: str) -> Figure:
    """Projects per rating in one period (``distribution`` rows: label, count), one bar per row. A bar
    that is not a rating of the scale (not reported, exempt, unknown) is hatched, and the legend says so."""
    figure, axes = new_figure(title)
    bars = axes.bar(range(len(rows)), list(rows["count"]), color=colours, edgecolor="black", linewidth=0.5,
                    width=0.7)
    for bar, rated in zip(bars, on_scale):
        bar.set_hatch(None if rated else HATCH)
    bar_texts(axes, bars, texts)
    number_axis(axes.yaxis, language, max(list(rows["count"]) + [0]), integer=True)
    axes.set_xlabel(rating_label, fontsize=TEXT_SIZE)
    axes.set_ylabel(count_label, fontsize=TEXT_SIZE)
    category_ticks(figure, axes.xaxis, [wrapped(word, 16) for word in words])
    if not all(on_scale):
        legend_below(figure, [swatch(off_scale, NOT_A_RATING, HATCH)], None)
    return figure


def rating_trend_chart(trend, *, title: str, labels: list, words: dict, colours: dict, period_names: dict,
                       rating_title: str, share_label: str, published: str, unknown: str, off_scale: str,
                       language: str, breaks: list[tuple[str, str]] = ()) -> Figure:
    """The share of each rating per period (``trend``: report_period, label, share, source). Grouped bars
    while they fit, else one line per rating. Shares published in the report's text are hatched (open
    markers on lines); an unknown share is written as the word for unknown, a rating the period's scale
    does not have as ``off_scale``; the legend explains every hatch and marker. ``breaks``: (first period
    on a new rating scale, label) pairs, each marked by a dashed line before that period."""
    periods = sorted(trend["report_period"].unique())
    shares = trend.pivot(index="report_period", columns="label", values="share").reindex(index=periods, columns=labels)
    sources = trend.pivot(index="report_period", columns="label", values="source").reindex(index=periods,
                                                                                          columns=labels)
    figure, axes = new_figure(title, height=3.8)
    draw_series = trend_bars if len(periods) * len(labels) <= GROUPED_BARS_AT_MOST else trend_lines
    starts = [periods.index(first) for first, _ in breaks if first in periods[1:]]
    handles = trend_bars(axes, shares, sources, [colours[label] for label in labels]) \
        if draw_series is trend_bars else trend_lines(axes, shares, sources, [colours[label] for label in labels], starts)
    for handle, label in zip(handles, labels):
        handle.set_label(wrapped(words[label], LEGEND_WRAP))
    if (sources == "published").any().any():
        handles.append(published_handle(draw_series, published))
    share_axis(axes.yaxis, language, float(shares.max().max()) if shares.notna().any().any() else 0)
    axes.set_ylabel(share_label, fontsize=TEXT_SIZE)
    for x, period in enumerate(periods):
        missing = [(i, sources.loc[period, label]) for i, label in enumerate(labels)
                   if pd.isna(shares.loc[period, label])]
        write_missing(axes, x, missing, len(labels), draw_series is trend_bars, unknown, off_scale)
    scale_breaks(axes, break_positions(periods, breaks))
    names = [period_names[p] for p in periods]
    category_ticks(figure, axes.xaxis, names if len(periods) <= 4 else [name.replace(" ", "\n", 1) for name in names])
    legend_below(figure, handles, rating_title)
    return figure


def break_positions(periods: list[str], breaks) -> list[tuple[float, str]]:
    """Where each scale change is drawn: halfway between its first period and the one before it."""
    return [(periods.index(first) - 0.5, label) for first, label in breaks if first in periods[1:]]


def trend_bars(axes, shares: pd.DataFrame, sources: pd.DataFrame, colours: list[str]) -> list:
    """Grouped bars, one group per period; the handles of the legend, one per rating."""
    width = 0.8 / len(shares.columns)
    handles = []
    for i, (label, colour) in enumerate(zip(shares.columns, colours)):
        xs = [x + (i - (len(shares.columns) - 1) / 2) * width for x in range(len(shares))]
        bars = axes.bar(xs, shares[label], width, color=colour, edgecolor="black", linewidth=0.5)
        for bar, source in zip(bars, sources[label]):
            bar.set_hatch(HATCH if source == "published" else None)
        handles.append(swatch("", colour))
    axes.set_xlim(-0.5, len(shares) - 0.5)  # every period keeps its place, known or not
    return handles


def trend_lines(axes, shares: pd.DataFrame, sources: pd.DataFrame, colours: list[str], starts: list[int] = ()) -> list:
    """One line per rating, a gap where the share is not known and at each change of scale (``starts``: the
    positions of the first periods on a new scale): no line joins two scales. Published shares as open markers."""
    handles = []
    xs, cut = list(range(len(shares))), sorted(starts, reverse=True)
    for start in cut:
        xs.insert(start, start - 0.5)
    for label, colour in zip(shares.columns, colours):
        ys = [float(value) if pd.notna(value) else float("nan") for value in shares[label]]
        for start in cut:
            ys.insert(start, float("nan"))
        line, = axes.plot(xs, ys, color=colour, marker="o", markersize=4, linewidth=1.8,
                          markeredgecolor=LINE_EDGE, markeredgewidth=0.5, path_effects=OUTLINED)
        published = [x for x, source in enumerate(sources[label]) if source == "published"]
        axes.plot(published, shares[label].iloc[published], linestyle="none", marker="o", markersize=6,
                  markerfacecolor="white", markeredgecolor=colour)
        handles.append(line)
    axes.set_xlim(-0.5, len(shares) - 0.5)
    return handles


def published_handle(draw_series, text: str):
    """The legend entry that explains how a share taken from the report's text is drawn."""
    if draw_series is trend_bars:
        return swatch(text, "white", HATCH)
    return Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="white",
                  markeredgecolor="black", label=wrapped(text, LEGEND_WRAP))


def write_missing(axes, x: int, missing: list, ratings: int, bars: bool, unknown: str, off_scale: str) -> None:
    """Writes, at period ``x``, why a share is not drawn: unknown, or (between bars) not on the period's
    scale. A period with no share known gets one word across its place; on lines, where a rating the
    scale lacks simply ends, only unknown shares are written."""
    unknown_here = [i for i, source in missing if source != "other_scale"]
    if bars and len(missing) == ratings:
        note(axes, x, unknown if unknown_here else off_scale, rotation=0)
    elif bars:
        width = 0.8 / ratings
        for i, source in missing:
            note(axes, x + (i - (ratings - 1) / 2) * width, off_scale if source == "other_scale" else unknown)
    elif unknown_here:
        note(axes, x, unknown)


def note(axes, x: float, word: str, rotation: int = 90) -> None:
    """A word standing at the foot of the plot where a bar or point would be."""
    axes.text(x, 0.02, word, transform=axes.get_xaxis_transform(), ha="center", va="bottom", rotation=rotation,
              fontsize=NOTE_SIZE, style="italic", color=UNKNOWN_COLOUR)


def stacked_share_chart(rows, *, periods: list[str], value: str, title: str, labels: list, words: dict,
                        colours: dict, period_names: dict, rating_title: str, share_label: str, unknown: str,
                        off_scale: str, language: str, breaks: list[tuple[str, str]] = ()) -> Figure:
    """Each period as one bar of 100 %, split by rating (``rows``: report_period, label and the share in
    column ``value``): the scale's ratings in their colours from the bottom, then what is not a rating
    (not reported, exempt, not rated), grey and hatched. A period whose shares are unknown keeps its place
    and is written as the word for unknown; period names are thinned where they would overlap. ``breaks``:
    (first period on a new rating scale, label) pairs, each marked by a dashed line before that period;
    each period's bar is split by the labels of its own scale (``rows`` hold them)."""
    extras = [label for label in pd.unique(rows["label"]) if label not in labels]
    shares = rows.pivot(index="report_period", columns="label", values=value).reindex(index=periods,
                                                                                      columns=labels + extras)
    shares = shares.astype("Float64")
    figure, axes = new_figure(title, height=3.8)
    bottom = [0.0] * len(periods)
    for label in labels + extras:
        heights = [0.0 if pd.isna(v) else float(v) for v in shares[label]]
        rated = label in labels
        axes.bar(range(len(periods)), heights, 0.7, bottom=bottom, color=colours[label] if rated else NOT_A_RATING,
                 edgecolor="black", linewidth=0.5, hatch=None if rated else HATCH)
        bottom = [b + h for b, h in zip(bottom, heights)]
    for x, period in enumerate(periods):
        if shares.loc[period].isna().all():
            note(axes, x, unknown, rotation=0 if len(periods) <= 10 else 90)
    axes.set_xlim(-0.5, len(periods) - 0.5)
    scale_breaks(axes, break_positions(periods, breaks))
    share_axis(axes.yaxis, language, 1.0)
    axes.set_ylabel(share_label, fontsize=TEXT_SIZE)
    names = [period_names[p] for p in periods]
    category_ticks(figure, axes.xaxis, names if len(periods) <= 4 else [name.replace(" ", "\n", 1) for name in names])
    handles = [swatch(words[label], colours[label]) for label in labels]
    if any(shares[label].fillna(0).gt(0).any() for label in extras):
        handles.append(swatch(off_scale, NOT_A_RATING, HATCH))
    legend_below(figure, handles, rating_title)
    return figure


def transition_heatmap(matrix: pd.DataFrame, *, title: str, scale: list, words: dict, colours: dict, before: str,
                       after: str, off_scale: str, unknown_before: str | None, unknown_after: str | None,
                       language: str) -> Figure:
    """Continuing projects by previous rating (rows) and current rating (columns), the count in each
    cell (``matrix``: the analysis' transitions, as computed). Cells between two ratings of ``scale`` are
    shaded in one sequential blue, the darker the more projects (on a square-root scale, so that a few
    projects stay visible beside one crowded cell; the counts are written in every cell); cells of a row or column that is no
    rating (not given, unknown, carried forward: kept, never dropped) in grey, and the legend says so. A
    rating next to its name carries its colour. When a period has no per-project ratings
    (``unknown_before`` / ``unknown_after``: the sentence that says so), its rows or columns of the
    scale are hatched and that sentence is written across them: unknown, never drawn as zeros."""
    import seaborn as sns  # here, not at import: the pages import this module in every kernel

    rows, columns = list(matrix.index), list(matrix.columns)
    counts = matrix.to_numpy(dtype=float)
    rated = [[r in scale and c in scale for c in columns] for r in rows]
    unknown = [[(unknown_before is not None and r in scale) or (unknown_after is not None and c in scale)
                for c in columns] for r in rows]
    shown = [[not unknown[i][j] for j in range(len(columns))] for i in range(len(rows))]
    top = max([counts[i][j] for i in range(len(rows)) for j in range(len(columns)) if shown[i][j]] + [1])
    texts = [[fmt.number(counts[i][j], language) if shown[i][j] else "" for j in range(len(columns))]
             for i in range(len(rows))]
    figure, axes = new_figure(title, height=1.9 + 0.42 * len(rows))
    frame = pd.DataFrame(counts)
    for palette, mask in ((BAR_COLOUR, [[not (s and r) for s, r in zip(srow, rrow)] for srow, rrow in zip(shown, rated)]),
                          (OFF_SCALE_SHADE, [[not s or r for s, r in zip(srow, rrow)] for srow, rrow in zip(shown, rated)])):
        if all(all(row) for row in mask):
            continue  # no cell of this kind (or all unknown)
        sns.heatmap(frame, mask=pd.DataFrame(mask), ax=axes, cmap=sns.light_palette(palette, as_cmap=True),
                    norm=PowerNorm(0.5, vmin=0, vmax=top), annot=pd.DataFrame(texts).to_numpy(), fmt="", cbar=False, linewidths=2,
                    linecolor="white", annot_kws={"fontsize": TEXT_SIZE})
    for i in range(len(rows)):
        for j in range(len(columns)):
            if unknown[i][j]:
                axes.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor=NOT_A_RATING, hatch=HATCH,
                                         linewidth=0))
    blocked = [(i, j) for i in range(len(rows)) for j in range(len(columns)) if unknown[i][j]]
    if blocked:
        say = unknown_before if unknown_before is not None else unknown_after
        x = (min(j for _, j in blocked) + max(j for _, j in blocked) + 1) / 2
        y = (min(i for i, _ in blocked) + max(i for i, _ in blocked) + 1) / 2
        axes.text(x, y, wrapped(say, 60), ha="center", va="center", fontsize=TEXT_SIZE, style="italic",
                  color=UNKNOWN_COLOUR, bbox={"facecolor": "white", "edgecolor": "none", "pad": 3})
    axes.set_xlim(-0.12, len(columns))  # room for the rating colours beside the names
    axes.set_ylim(len(rows), -0.12)
    for i, label in enumerate(rows):
        if label in scale:
            axes.add_patch(Rectangle((-0.1, i + 0.08), 0.07, 0.84, facecolor=colours[label], edgecolor="black",
                                     linewidth=0.4))
    for j, label in enumerate(columns):
        if label in scale:
            axes.add_patch(Rectangle((j + 0.08, -0.1), 0.84, 0.07, facecolor=colours[label], edgecolor="black",
                                     linewidth=0.4))
    axes.xaxis.tick_top()
    axes.xaxis.set_label_position("top")
    axes.set_xticks([j + 0.5 for j in range(len(columns))], [wrapped(words[c], HEATMAP_WRAP) for c in columns])
    axes.set_yticks([i + 0.5 for i in range(len(rows))], [wrapped(words[r], HEATMAP_WRAP) for r in rows])
    axes.tick_params(length=0, labelsize=TEXT_SIZE, rotation=0)
    for tick, label in [*zip(axes.get_xticklabels(), columns), *zip(axes.get_yticklabels(), rows)]:
        tick.set_style("normal" if label in scale else "italic")
    axes.set_xlabel(after, fontsize=TEXT_SIZE, fontweight="bold", labelpad=8)
    axes.set_ylabel(before, fontsize=TEXT_SIZE, fontweight="bold", labelpad=8)
    axes.spines[:].set_visible(False)
    if not all(r for row in rated for r in row):
        legend_below(figure, [swatch(off_scale, OFF_SCALE_SHADE)], None)
    return figure
