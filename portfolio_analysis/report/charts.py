"""Charts: matplotlib figures drawn from tables the analysis layer made, saved as PNG for the page.

Figures are drawn on ``matplotlib.figure.Figure`` (no pyplot state), so nothing is shown twice in a
notebook and nothing leaks between charts.
"""

from __future__ import annotations

import io

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

BAR_COLOUR = "#0072B2"  # Okabe-Ito blue
GROUP_COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#999999"]
RISE, FALL, UNASSIGNED = "#009E73", "#D55E00", "#999999"


def png_of(figure: Figure) -> bytes:
    """The figure as PNG, every text drawn as written. Names come from the data, and matplotlib reads
    ``$…$`` as mathtext (``Kostnad $5 og $10 AS`` drawn as "Kostnad 5og10 AS", ``$\\frac{$`` an error):
    mathtext and TeX are off for every text, and for the tick labels matplotlib makes while drawing."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    buffer = io.BytesIO()
    with rc_context({"text.parse_math": False, "text.usetex": False}):
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def new_figure(title: str, height: float = 3.6, width: float = 7.5) -> tuple[Figure, object]:
    figure = Figure(figsize=(width, height))
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes
