"""Names from the data are shown as written: charts draw them as text (never as matplotlib mathtext),
and the pages show them without bidirectional controls. (Long words wrapping within the page:
test_browser.py, which measures the page.)"""

from __future__ import annotations

import html
import io
import re

import pytest
from matplotlib import rc_context
from matplotlib.text import Text

import portfolio_analysis as pa
from portfolio_analysis.report import html as report_html
from portfolio_analysis.report.catalogue import Context, context
from portfolio_analysis.report.pages import budget_decline, overview, ratings
from portfolio_analysis.cli.main import main
from text_support import DOLLAR_NAME, FRAC_NAME, PERIOD, PORTFOLIO, RLO, RLO_SHOWN, write_texts_portfolio


@pytest.fixture(scope="module")
def texts_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("texts") / "data"
    write_texts_portfolio(data)
    pa.build(PORTFOLIO, data)
    return data


CHART_MODULES = (overview, budget_decline, ratings)  # the page modules that draw charts


def draw_every_chart(ctx: Context) -> None:
    decline = pa.budget_decline(ctx.comparison)
    change = pa.status_change(ctx.comparison)
    overview.figure_budget_by_actor(ctx)
    budget_decline.bridge_figure(ctx, decline)
    budget_decline.budget_by_area_figure(ctx, decline)
    ratings.rating_distribution_figure(ctx, change.distribution, "status")
    ratings.rating_trend_figure(ctx, change.trend, "status")


def svg_of(figure) -> str:
    """The figure as SVG with its texts as text elements (not glyph outlines), entities unescaped."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    return html.unescape(buffer.getvalue())


def test_names_with_dollar_signs_are_drawn_as_written(texts_data, monkeypatch):
    drawn = []
    for module in CHART_MODULES:
        png_of = module.png_of
        monkeypatch.setattr(module, "png_of", lambda figure, png_of=png_of: drawn.append(figure) or png_of(figure))
    draw_every_chart(context(pa.load_portfolio(PORTFOLIO, texts_data), PERIOD))

    assert len(drawn) == 5
    by_actor = drawn[0]
    labels = [text.get_text() for text in by_actor.axes[0].get_yticklabels()]
    assert FRAC_NAME in labels and DOLLAR_NAME in labels
    svg = svg_of(by_actor)
    assert f">{DOLLAR_NAME}</text>" in svg and f">{FRAC_NAME}</text>" in svg
    for figure in drawn:  # tick labels, bar labels, legends, titles: none is read as mathtext
        assert not [text.get_text() for text in figure.findobj(Text) if text.get_parse_math() or text.get_usetex()]


@pytest.mark.slow
def test_overview_and_budget_pages_render_with_such_names(texts_data, tmp_path, capsys):
    reports = tmp_path / "reports"
    code = main(["report", "--portfolio", PORTFOLIO, "--period", PERIOD, "--data-dir", str(texts_data),
                 "--reports-dir", str(reports)])
    assert code == 0, capsys.readouterr().err
    folder = reports / PORTFOLIO / PERIOD
    for page, charts in (("index.html", 1), ("budget_decline.html", 2)):
        content = (folder / page).read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", " ", content))
        assert DOLLAR_NAME in text and FRAC_NAME in text, page
        assert content.count('src="data:image/png;base64,') == charts, page
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert f"<td>{RLO_SHOWN}</td>" in overview  # the joiner, in the joiners table
    assert not [page.name for page in folder.glob("*.html") if RLO in page.read_text(encoding="utf-8")]


def test_bidi_controls_never_reach_a_page():
    assert str(report_html.paragraph(f"Ny {RLO}SA <b>")) == "<p>Ny SA &lt;b&gt;</p>"
    assert str(report_html.paragraph("\u2067KS\u2069 \u200fog\u200e \u061cNHN \u202a\u202b\u202c\u202d\u2066\u2068")) \
        == "<p>KS og NHN </p>"
