"""What keeps a report readable on a phone and on paper, without a browser: a chart records its smallest
text, the page never shows it under 9 px (html.chart_min_width), and the printed sheets' running title is a
CSS string no name can break out of. The browser checks are in tests/end_to_end/test_browser_phone_paper.py."""

from __future__ import annotations

import io

from PIL import Image

from portfolio_analysis.report import charts, html


def chart(note_size: float | None = None) -> bytes:
    figure, axes = charts.new_figure("Tittel")
    axes.bar(["Alfa", "Beta"], [3, 4])
    if note_size:
        axes.text(0, 1, "merknad", fontsize=note_size)
    return charts.png_of(figure)


def test_a_chart_records_its_smallest_text_and_its_dpi():
    info = Image.open(io.BytesIO(chart(6.5))).info
    assert info["Smallest text (pt)"] == "6.5"
    assert round(info["dpi"][0]) == charts.DPI
    assert html.png_info(chart(6.5))[2] == 6.5
    assert html.png_info(chart())[2] == charts.TEXT_SIZE  # the tick labels: 9 pt


def test_the_min_width_shows_the_smallest_text_at_9_px():
    png = chart(8)
    width, dpi, points = html.png_info(png)
    assert width == charts.WIDTH * charts.DPI == 880
    min_width = html.chart_min_width(png)
    assert min_width == 648  # 880 px * 9 / (8 pt at 110 dpi: 12.2 px)
    assert points * dpi / 72 * min_width / width >= 9 > points * dpi / 72 * (min_width - 1) / width
    assert f'style="--chart-min-width:{min_width}px"' in html.figure(png, "alt", "Tittel", "Hovedpoeng", "…", "Tall", "")


def test_a_png_without_the_record_shows_as_wide_as_the_page_allows():
    buffer = io.BytesIO()
    Image.new("RGB", (880, 400)).save(buffer, format="PNG", dpi=(110, 110))
    assert html.chart_min_width(buffer.getvalue()) is None
    assert "--chart-min-width" not in html.figure(buffer.getvalue(), "alt", "T", "H", "…", "D", "")


def test_the_running_title_is_a_css_string_nothing_escapes():
    shown = str(html.css_string('Fiendtlig </style><b>"portefølje"</b> & co – 2020'))
    assert shown.startswith('"') and shown.endswith('"') and shown.count('"') == 2
    assert "<" not in shown and ">" not in shown and "&" not in shown
    assert shown == r'"Fiendtlig \3c \2f style\3e \3c b\3e \22 portefølje\22 \3c \2f b\3e  \26  co \2013  2020"'


def test_project_lists_with_a_reason_stack_as_cards_and_others_scroll(ehelse_portfolio):
    from portfolio_analysis.report.catalogue import context, t
    from portfolio_analysis.report.lists import Column, project_table

    ctx = context(ehelse_portfolio, "2020-04")
    frame = ehelse_portfolio.rows("2020-04").head(3)
    reason = {"status": Column(t(ctx, "label.reason"))}
    assert '<table class="cards name-second compact">' in project_table(ctx, frame, "Liste", reason)
    assert '<table class="name-second compact">' in project_table(ctx, frame, "Liste", {"status": Column("Status")})
    assert '<table class="cards name-second compact">' in project_table(ctx, frame, "Liste", cards=True)
    assert 'data-label="Prosjekt">' in project_table(ctx, frame, "Liste", cards=True)
    assert '<div class="table-box">' in html.table("T", ["A"], [["1"]] * 13) and "compact" not in html.table(
        "T", ["A"], [["1"]] * 13)
