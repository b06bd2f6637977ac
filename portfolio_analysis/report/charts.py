"""Charts: matplotlib figures drawn from tables the analysis layer made, saved as PNG for the page.

Every chart is a pure function of its data and its words (titles, axis labels, legend texts, the
word for unknown), handed in by the page, which looks them up in the catalogue. Figures are drawn on
``matplotlib.figure.Figure`` (no pyplot state), so nothing is shown twice in a notebook and nothing
leaks between charts.

What every chart shares (the board reads them side by side): one width and one type scale, value
axes from zero to just above the data, tick numbers as the page writes numbers (``1 500`` in
Norwegian), no axis offset ("1e6"), legends outside the plotted data, a legend entry for every hatch
or marker, and an unknown value drawn as the word for unknown, never as an empty place that reads as 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import textwrap
from itertools import combinations

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import formatting as fmt

BAR_COLOUR = "#0072B2"  # Okabe-Ito blue
GROUP_COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#999999"]
RISE, FALL, UNASSIGNED = "#009E73", "#D55E00", "#999999"
BRIDGE_COLOURS = {"total": BAR_COLOUR, "rise": RISE, "fall": FALL, "unassigned": UNASSIGNED}
UNKNOWN_COLOUR = "#555555"

WIDTH = 8.0  # inches; at DPI every chart is 880 px wide and shows at its own size on the page
DPI = 110
TITLE_SIZE, TEXT_SIZE, NOTE_SIZE = 11, 9, 8  # the one type scale: titles; axes and ticks; bar labels and legends
HEADROOM = 1.1  # value axes end 10 % above the largest value
HATCH = "//"
LEGEND_ROW = 100  # characters of legend text that fit on one row under the plot
LEGEND_WRAP = 50
SMALL_STEPS = 0.1  # a bridge whose largest step is below this share of its larger total draws its steps on their own scale
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


def png_of(figure: Figure) -> bytes:
    """The figure as PNG, every text drawn as written. Names come from the data, and matplotlib reads
    ``$…$`` as mathtext (``Kostnad $5 og $10 AS`` drawn as "Kostnad 5og10 AS", ``$\\frac{$`` an error):
    mathtext and TeX are off for every text, and for the tick labels matplotlib makes while drawing."""
    plain(figure)
    buffer = io.BytesIO()
    with rc_context(PLAIN_TEXT):
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Smallest text (pt)": f"{smallest_text(figure):g}"})
    return buffer.getvalue()


def smallest_text(figure: Figure) -> float:
    """The size (points) of the smallest text the figure shows: the page keeps it readable on a phone
    (html.chart_min_width)."""
    sizes = [text.get_fontsize() for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip()]
    sizes += [FontProperties(size=axis.get_tick_params()["labelsize"]).get_size_in_points() for axes in figure.axes for axis in (axes.xaxis, axes.yaxis)
              if axes.get_visible() and axis.get_visible() and "labelsize" in axis.get_tick_params()]  # drawn later
    return min(sizes, default=NOTE_SIZE)


def plain(figure: Figure) -> None:
    for text in figure.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


def draw(figure: Figure) -> None:
    """Lays the figure out and draws it, so texts can be measured."""
    plain(figure)
    with rc_context(PLAIN_TEXT):
        figure.canvas.draw()


def new_figure(title: str, height: float = 3.6, width_ratios: list | None = None) -> tuple[Figure, object]:
    """A figure of the common width with its title above everything else (legends placed above the
    plot sit between the title and the plot); with ``width_ratios``, that many plots side by side (a list)."""
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(title, x=0.01, ha="left", fontsize=TITLE_SIZE, fontweight="bold")
    panels = list(figure.subplots(1, len(width_ratios), width_ratios=width_ratios)) if width_ratios else \
        [figure.add_subplot()]
    for axes in panels:
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(labelsize=TEXT_SIZE)
    return figure, panels if width_ratios else panels[0]


def wrapped(text: str, width: int) -> str:
    """A label on lines of at most ``width`` characters (a longer word stays whole)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def number_axis(axis, language: str, top: float, integer: bool = False) -> None:
    """A value axis from zero to just above ``top``, its ticks written as the page writes numbers."""
    top = top * HEADROOM if top > 0 else 1
    axis.axes.set_xlim(0, top) if axis.axis_name == "x" else axis.axes.set_ylim(0, top)
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=integer))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt.number(value, language, decimals_for(axis))))


def share_axis(axis, language: str, top: float) -> None:
    """A share axis from 0 % to just above ``top``."""
    axis.axes.set_ylim(0, min(top * HEADROOM, 1.0) if top > 0 else 1.0)
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt.percent(value, language, decimals_for(axis, 2))))


def decimals_for(axis, shift: int = 0) -> int:
    """The decimals the axis' tick step needs (0.5 steps need one; 1 000 steps none)."""
    ticks = axis.get_majorticklocs()
    step = min((b - a for a, b in zip(ticks, ticks[1:]) if b > a), default=1)
    decimals = 0
    while step * 10 ** (decimals + shift) < 1 - 1e-9 and decimals < 3:
        decimals += 1
    return decimals


def legend_below(figure: Figure, handles: list, title: str | None = None) -> None:
    """The legend under the plot, outside the data: on one row where the entries fit, else in columns."""
    longest = max(len(line) for handle in handles for line in handle.get_label().splitlines())
    columns = len(handles) if sum(len(h.get_label()) for h in handles) <= LEGEND_ROW else max(1, LEGEND_ROW // longest)
    figure.legend(handles=handles, title=title, loc="outside lower left", ncols=min(columns, len(handles)),
                  fontsize=NOTE_SIZE, title_fontsize=NOTE_SIZE, frameon=False, alignment="left")


def scale_breaks(axes, breaks) -> None:
    """Marks each change of rating scale: a dashed vertical line at ``x`` (between the last period on the
    old scale and the first on the new) with its label written just above the plot, clear of the data."""
    for x, label in breaks:
        axes.axvline(x, color=UNKNOWN_COLOUR, linestyle="--", linewidth=1.2, zorder=5)
        axes.text(x, 1.01, label, transform=axes.get_xaxis_transform(), ha="center", va="bottom",
                  fontsize=NOTE_SIZE, color=UNKNOWN_COLOUR, clip_on=False)


def swatch(label: str, colour: str, hatch: str | None = None) -> Patch:
    return Patch(facecolor=colour, edgecolor="black", linewidth=0.5, hatch=hatch, label=wrapped(label, LEGEND_WRAP))


def overlapping(labels) -> bool:
    """Whether two of the labels touch or stand closer than a space."""
    boxes = [label.get_window_extent().padded(label.get_fontsize() * 0.25) for label in labels
             if label.get_visible() and label.get_text()]
    return any(a.overlaps(b) for a, b in combinations(boxes, 2))


def category_ticks(figure: Figure, axis, names: list[str]) -> None:
    """One tick per category at 0, 1, …; where the labels would overlap, every second (third, …) label
    is shown, always the last one (the current period), the others keep a tick mark without a label."""
    count = len(names)
    axis.set_ticks(range(count), minor=True)
    for step in range(1, count + 1):
        shown = [i for i in range(count) if (count - 1 - i) % step == 0]
        axis.set_ticks(shown, [names[i] for i in shown])
        draw(figure)
        if not overlapping(axis.get_ticklabels()):
            return


def bar_texts(axes, bars, texts: list[str]) -> None:
    axes.bar_label(bars, labels=texts, fontsize=NOTE_SIZE, padding=3)


def horizontal_bars(title: str, names: list[str], values: list, texts: list[str], colours: list[str], *,
                    value_label: str, name_label: str, language: str, unknown: str) -> tuple[Figure, object]:
    """Bars from the top down in the order given, each with its text at its end; an unknown value is
    drawn as the word for unknown at zero."""
    names = [wrapped(name, 32) for name in names]
    lines = max([len(name.splitlines()) for name in names] + [1])
    figure, axes = new_figure(title, height=(0.12 + 0.16 * lines) * len(names) + 1.6)
    known = [0 if fmt.is_missing(v) else v for v in values]
    positions = list(range(len(names)))[::-1]
    bars = axes.barh(positions, known, color=colours, height=0.7)
    bar_texts(axes, bars, [unknown if fmt.is_missing(v) else text for v, text in zip(values, texts)])
    axes.set_yticks(positions, names)
    axes.set_ylim(-0.6, len(names) - 0.4)
    number_axis(axes.xaxis, language, max(known + [0]))
    axes.set_xlabel(value_label, fontsize=TEXT_SIZE)
    axes.set_ylabel(name_label, fontsize=TEXT_SIZE)
    return figure, axes


def budget_by_actor_chart(frame, *, title: str, texts: list[str], groups: dict, group_title: str, value_label: str,
                          name_label: str, language: str, unknown: str) -> Figure:
    """Budget per organisation in the order of ``frame`` (``budget_by(…, "actor")``: actor, actor_group,
    budget_mnok), largest on top; ``texts``: the text at each bar. Coloured by group with ``groups``
    (group: legend text) as the legend, where groups gather organisations and their colours stay apart."""
    grouped = 1 < len(groups) <= len(GROUP_COLOURS) and len(groups) < len(frame)
    colour_of = {group: GROUP_COLOURS[i] for i, group in enumerate(groups)} if grouped else {}
    colours = [colour_of.get(group, BAR_COLOUR) for group in frame["actor_group"]]
    figure, _ = horizontal_bars(title, list(frame["actor"].astype(str)), list(frame["budget_mnok"]), texts, colours,
                                value_label=value_label, name_label=name_label, language=language, unknown=unknown)
    if grouped:
        legend_below(figure, [swatch(text, colour_of[group]) for group, text in groups.items()], group_title)
    return figure


def budget_by_area_chart(frame, *, title: str, value_label: str, name_label: str, language: str,
                         unknown: str) -> Figure:
    """Budget per strategic area, largest on top. ``frame``: name and budget_mnok, in the order to show."""
    texts = [fmt.number(value, language) for value in frame["budget_mnok"]]
    figure, _ = horizontal_bars(title, list(frame["name"].astype(str)), list(frame["budget_mnok"]), texts,
                                [BAR_COLOUR] * len(frame), value_label=value_label, name_label=name_label,
                                language=language, unknown=unknown)
    return figure


def bridge_chart(bridge, *, title: str, step_names: dict, legend: dict, value_label: str, language: str,
                 unknown: str, step_label: str | None = None) -> Figure:
    """Waterfall from the previous total to the current (``BudgetDecline.bridge``: step, amount_mnok).
    A step that cannot be computed is drawn as the word for unknown; the part no project explains is
    grey and hatched. ``legend``: the words for total, rise, fall and unassigned. Where every step is small
    against the totals (below :data:`SMALL_STEPS` of the larger), the totals stand on their axis from zero and the
    steps beside them on their own axis of the change (``step_label``), so a step of 10 beside a total of 1 600
    is a bar that can be read, not a sliver."""
    totals = ("previous_total", "current_total")
    largest_total = bridge.loc[bridge["step"].isin(totals), "amount_mnok"].abs().max()
    steps = bridge.loc[~bridge["step"].isin(totals), "amount_mnok"].dropna().abs()
    split = not steps.empty and not fmt.is_missing(largest_total) and steps.max() < SMALL_STEPS * largest_total
    if split:
        shown = [bridge[bridge["step"].isin(totals)], bridge[~bridge["step"].isin(totals)]]
        figure, panels = new_figure(title, height=4.0, width_ratios=[len(part) for part in shown])
    else:
        shown = [bridge]
        figure, panels = new_figure(title, height=4.0)
        panels = [panels]
    drawn = set()
    for axes, part in zip(panels, shown):
        levels = waterfall(axes, part, totals, drawn, language, unknown, start=0.0)
        if split and part is shown[1]:
            change_axis(axes, language, levels)
            axes.set_ylabel(step_label or value_label, fontsize=TEXT_SIZE)
        else:
            number_axis(axes.yaxis, language, max(levels))
            axes.set_ylabel(value_label, fontsize=TEXT_SIZE)
    for axes, part in zip(panels, shown):
        category_ticks(figure, axes.xaxis, [wrapped(step_names[step], 14) for step in part["step"]])
    legend_below(figure, [swatch(legend[kind], colour, HATCH if kind == "unassigned" else None)
                          for kind, colour in BRIDGE_COLOURS.items() if kind in drawn])
    return figure


def waterfall(axes, part, totals: tuple, drawn: set, language: str, unknown: str, start: float) -> list[float]:
    """The bars of a bridge's rows on one plot, each step from where the one before ended (a total from zero);
    returns the levels the bars reach, for the axis."""
    level, levels = start, [start]
    for x, row in enumerate(part.itertuples()):
        amount = row.amount_mnok
        if fmt.is_missing(amount):
            axes.text(x, level, unknown, ha="center", va="bottom", fontsize=NOTE_SIZE, style="italic",
                      color=UNKNOWN_COLOUR)
            continue
        if row.step in totals:
            bottom, kind, level = 0.0, "total", amount
        else:
            bottom, level = level, level + amount
            kind = "unassigned" if row.step == "unknown" else ("rise" if amount >= 0 else "fall")
        levels += [bottom, bottom + amount]
        drawn.add(kind)
        bar = axes.bar(x, amount, bottom=bottom, color=BRIDGE_COLOURS[kind], edgecolor="black", linewidth=0.5,
                       width=0.6, hatch=HATCH if row.step == "unknown" else None)
        bar_texts(axes, bar, [fmt.number(amount, language, signed=row.step not in totals)])
    axes.set_xlim(-0.6, len(part) - 0.4)
    return levels


def change_axis(axes, language: str, levels: list[float]) -> None:
    """An axis of the change from the previous total: zero marked by a line, room above and below the steps,
    ticks signed as the page writes a change (``+10``, ``−10``)."""
    low, high = min(levels + [0.0]), max(levels + [0.0])
    room = (high - low) * 0.2 or 1.0
    axes.set_ylim(low - room, high + room)
    axes.axhline(0, color="black", linewidth=0.8)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    axes.yaxis.set_major_formatter(FuncFormatter(
        lambda value, _: fmt.number(value, language, decimals_for(axes.yaxis), signed=abs(value) > 1e-9)))


def date_position(date: str) -> float:
    """Where a planned date of its precision sits on a time axis, in years: a day at its day, a month, quarter
    or year at the middle of its span (a drawing position only: the tables write the date as given)."""
    year = int(date[:4])
    if len(date) == 10:
        day = dt.date.fromisoformat(date)
        return year + (day.timetuple().tm_yday - 0.5) / (366 if calendar.isleap(year) else 365)
    if "Q" in date:
        return year + (int(date[-1]) - 0.5) / 4
    return year + (int(date[5:7]) - 0.5) / 12 if len(date) == 7 else year + 0.5


def slip_chart(names: list[str], before: list[str], after: list[str], *, title: str, before_label: str,
               after_label: str, axis_label: str) -> Figure:
    """Dot and arrow per project, from the top down in the order given: its planned end then (hollow dot) and
    now (filled dot), on one axis of years."""
    names = [wrapped(name, 32) for name in names]
    lines = max([len(name.splitlines()) for name in names] + [1])
    figure, axes = new_figure(title, height=(0.12 + 0.16 * lines) * len(names) + 1.8)
    positions = list(range(len(names)))[::-1]
    starts, ends = [date_position(d) for d in before], [date_position(d) for d in after]
    for y, start, end in zip(positions, starts, ends):
        axes.annotate("", xy=(end, y), xytext=(start, y),
                      arrowprops={"arrowstyle": "-|>", "color": BAR_COLOUR, "linewidth": 1.2, "shrinkA": 3,
                                  "shrinkB": 4})
    axes.scatter(starts, positions, s=28, facecolors="white", edgecolors=BAR_COLOUR, linewidths=1.2, zorder=3)
    axes.scatter(ends, positions, s=28, color=BAR_COLOUR, zorder=3)
    axes.set_yticks(positions, names)
    axes.set_ylim(-0.6, len(names) - 0.4)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))
    axes.set_xlabel(axis_label, fontsize=TEXT_SIZE)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    legend_below(figure, [Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                                 markeredgecolor=BAR_COLOUR, label=before_label),
                          Line2D([], [], marker="o", linestyle="", color=BAR_COLOUR, label=after_label)])
    return figure
