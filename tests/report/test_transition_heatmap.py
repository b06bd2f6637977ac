"""The transition matrix drawn as an annotated heatmap (issue 21, item 9): counts in the cells, the
Okabe-Ito blue for cells between two ratings, grey for rows and columns that are no rating, and an
unknown side said in words, never drawn as zeros."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_rgba
from matplotlib.image import imread

import portfolio_analysis as pa
from portfolio_analysis.report import charts
from portfolio_analysis.report.rating_charts import OFF_SCALE_SHADE, transition_heatmap
from test_charts import assert_readable, drawn, legend_texts, texts_of

SCALE = ["Grønn", "Gul", "Rød"]
COLOURS = {"Grønn": "#009E73", "Gul": "#F0E442", "Rød": "#D55E00"}
WORDS = {**{label: label for label in SCALE}, "unknown": "Ukjent", "not_reported": "Ikke oppgitt",
         "carried_forward": "Ikke rapportert (videreført)", "exempt": "Unntatt offentlighet"}
UNKNOWN = "Ukjent: januar 2020 har ikke status per prosjekt."


def matrix(rows: dict, columns: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, index=columns).T
    frame.index.name, frame.columns.name = "status_previous", "status_current"
    return frame


def heatmap(frame: pd.DataFrame, unknown_before: str | None = None, words: dict = WORDS):
    return transition_heatmap(frame, title="Fra januar 2020 til april 2020: status", scale=SCALE, words=words,
                              colours=COLOURS, before="Status i januar 2020", after="Status i april 2020",
                              off_scale="Ingen vurdering på skalaen", unknown_before=unknown_before,
                              unknown_after=None, language="nb")


KNOWN = matrix({"Grønn": [7, 9, 1, 0, 0], "Gul": [16, 1180, 14, 2, 1], "Rød": [1, 15, 8, 1, 0],
                "exempt": [0, 5, 0, 6, 0]}, SCALE + ["exempt", "carried_forward"])
# January 2020: no per-project values, so every continuing project's previous status is unknown
JANUARY = matrix({"Grønn": [0, 0, 0, 0], "Gul": [0, 0, 0, 0], "Rød": [0, 0, 0, 0], "unknown": [18, 29, 2, 2]},
                 SCALE + ["carried_forward"])


def cell_texts(figure) -> list[str]:
    return [text.get_text() for text in figure.axes[0].texts]


def test_every_count_is_written_in_its_cell_in_the_page_s_numbers():
    figure = drawn(heatmap(KNOWN))
    assert_readable(figure)
    assert sorted(cell_texts(figure)) == sorted(charts.fmt.number(v, "nb") for v in KNOWN.to_numpy().ravel())
    assert "1\u00a0180" in cell_texts(figure)  # thousands as the page writes them
    assert legend_texts(figure) == ["Ingen vurdering på skalaen"]  # grey is explained
    ticks = [label.get_text().replace("\n", " ") for label in figure.axes[0].get_xticklabels()]
    assert ticks == ["Grønn", "Gul", "Rød", "Unntatt offentlighet", "Ikke rapportert (videreført)"]
    rows = [label.get_text().replace("\n", " ") for label in figure.axes[0].get_yticklabels()]
    assert rows == ["Grønn", "Gul", "Rød", "Unntatt offentlighet"]


def test_cells_between_ratings_are_blue_the_others_grey_and_no_colour_bar():
    figure = drawn(heatmap(KNOWN))
    meshes = [m for m in figure.axes[0].collections if isinstance(m, QuadMesh)]
    assert len(meshes) == 2 and len(figure.axes) == 1  # no colour bar: the counts are written
    blue, grey = meshes
    assert to_rgba(charts.BAR_COLOUR) in [tuple(c) for c in blue.get_facecolors()]  # the busiest cell: full blue
    greys = [tuple(c) for c in grey.get_facecolors()]
    assert all(c[0] == pytest.approx(c[1], abs=0.02) == pytest.approx(c[2], abs=0.02) for c in greys)
    assert blue.get_array().count() == 9  # the 3 x 3 cells of the scale
    assert grey.get_array().count() == KNOWN.size - 9
    assert OFF_SCALE_SHADE == "#999999"


def test_an_unknown_previous_period_is_said_in_words_not_drawn_as_zeros():
    figure = drawn(heatmap(JANUARY, unknown_before=UNKNOWN))
    assert_readable(figure)
    written = cell_texts(figure)
    assert written.count(UNKNOWN) == 1
    assert sorted(t for t in written if t != UNKNOWN) == ["18", "2", "2", "29"]  # the unknown row only; no 0
    hatched = [p for p in figure.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 3 * 4  # every cell of the rows of the scale


def test_long_words_stay_apart_and_the_chart_has_the_common_width():
    words = {**WORDS, "Grønn": "Grønn som i helt etter planen", "Gul": "Gul som i noe avvik fra planen",
             "Rød": "Rød som i alvorlig avvik"}
    figure = heatmap(KNOWN, words=words)
    assert_readable(figure)
    assert imread(io.BytesIO(charts.png_of(figure))).shape[1] == charts.WIDTH * charts.DPI
    assert "Status i april 2020" in texts_of(figure) and "Status i januar 2020" in texts_of(figure)


@pytest.fixture(scope="module")
def ctx(real_data):
    from portfolio_analysis.report.pages import status_change

    return status_change.context(pa.load_portfolio("e-helse", real_data), "2020-04", "", None)


def test_the_page_draws_the_analysis_transitions_and_says_january_is_unknown(ctx):
    from portfolio_analysis.report.pages import risk, status_change

    for page, result, column in ((status_change, pa.status_change(ctx.comparison), "status"),
                                 (risk, pa.risk_analysis(ctx.comparison), "risk")):
        block = page.transitions_figure(ctx, result, column)
        assert block.data is result.transitions  # computed by the analysis, drawn as it is
        html = str(block.html)
        what = "status" if column == "status" else "risiko"
        assert (f'alt="Fra januar 2020 til april 2020: {what} for prosjektene i begge periodene. Varmekart' in html
                and "data:image/png;base64," in html)  # the chart's title leads its alt text, not a caption
        assert f"Ukjent: januar 2020 har ikke {'status' if column == 'status' else 'risiko'} per prosjekt." in html
