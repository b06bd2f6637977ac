"""The overview's first screen in a board member's browser (issue 23, item 1, the first "Done when" line).

- e-helse July 2020, a cycle made from the April files (tests/cycle_support.py) whose submissions carry the
  owners' comments: at 1280 x 800, each red project's name and its reason (the owner's words, or "ingen
  kommentar") lie within the first 800 pixels, measured by their bounding boxes, before any chart.
- The UK GMPP's March 2023 overview shows each red project's departmental commentary, as the published file
  (read with the csv module) writes it, in its short form.

Rendered with ``render_period`` and opened in headless Chromium as test_browser.py opens its pages (its
Chromium and its arguments; skipped where it skips): the session's one ``browser`` (tests/conftest.py)."""

from __future__ import annotations

import pytest

import portfolio_analysis as pa
from cycle_support import EPJ_LOFTET, JOURNALINNSYN, LEGEMIDDEL_RISK, PKI, add_july, e_helse_with_split_april
from gmpp_raw import records
from portfolio_analysis.report.comments import short_comment
from browser_support import render_set, skip_without_browser

pytestmark = pytest.mark.slow  # renders two periods and drives a browser
skip_without_browser()

SCREEN = {"width": 1280, "height": 800}
RED_CAPTION = {"nb": "Prosjekter med status eller risiko Rød", "en": "Projects with delivery confidence Red"}
# July's red projects and the reason the page gives each: the owner's words as the files write them (line breaks
# read as spaces), or none (101: Helse Nord sent nothing, its values are carried from January)
JULY_REASONS = {
    "Regional EPJ Journalinnsyn": JOURNALINNSYN,
    "EPJ-løftet": EPJ_LOFTET,
    "Robust Mobilt Helsenett": "Videreført, sist vurdert i januar 2020: ingen kommentar",
    "PKI infrastrukturløsning": PKI,
    "Digitalisering av legemiddelområdet": LEGEMIDDEL_RISK,
}


@pytest.fixture(scope="module")
def july_overview(tmp_path_factory):
    """(the July 2020 overview's path, the portfolio)."""
    root = tmp_path_factory.mktemp("first-screen-july")
    data = root / "data"
    e_helse_with_split_april(data)
    add_july(data)
    return render_set("e-helse", "2020-07", data, root / "reports").file("index.html"), pa.load_portfolio("e-helse", data)


def red_rows(page, language: str) -> list[dict]:
    """The first screen's red table, row by row: each cell's text and bounding box (x, y, width, height)."""
    table = page.locator("table", has=page.locator("caption", has_text=RED_CAPTION[language])).first
    return table.locator("tbody tr").evaluate_all("""rows => rows.map(row => Array.from(row.cells).map(cell => {
        const box = cell.getBoundingClientRect();
        return {text: cell.innerText.replace(/\\s+/g, ' ').trim(), x: box.x, y: box.y, width: box.width,
                bottom: box.bottom, right: box.right};
    }))""")


def first_screen_rows(browser, path, language: str) -> tuple[list[list[dict]], dict | None]:
    """The red table's rows (:func:`red_rows`) of the page at ``path`` at 1280 x 800, and the first chart's box."""
    context = browser.new_context(viewport=SCREEN)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        return red_rows(page, language), page.locator("img").first.bounding_box()
    finally:
        context.close()


def test_each_red_project_and_its_reason_is_within_the_first_800_pixels(browser, july_overview):
    path, pf = july_overview
    red = pa.first_screen(pf, "2020-07").red
    assert set(red["project_name"]) == set(JULY_REASONS)  # the analysis's red list is the one measured here
    rows, first_chart = first_screen_rows(browser, path, "nb")
    shown = {row[1]["text"]: row for row in rows}  # ID, Prosjekt, Ansvarlig virksomhet, …, Begrunnelse
    assert set(shown) == set(JULY_REASONS)
    for name, reason in JULY_REASONS.items():
        name_cell, reason_cell = shown[name][1], shown[name][-1]
        assert reason_cell["text"] == " ".join(reason.split()), name
        for cell in (name_cell, reason_cell):
            assert cell["y"] >= 0 and cell["bottom"] <= SCREEN["height"], (name, cell)
            assert cell["x"] >= 0 and cell["right"] <= SCREEN["width"], (name, cell)
        assert reason_cell["bottom"] <= first_chart["y"], name  # before any chart


def test_uk_march_2023_overview_shows_each_red_projects_commentary(browser, uk_2023_report, real_data, bundled_raw):
    path = uk_2023_report.file("index.html")
    pf = pa.load_portfolio("uk-gmpp", real_data)
    published = records(bundled_raw / "raw" / "uk-gmpp", "2023-03")
    red = {project: record["commentary"] for project, record in published.items() if record["rating"] == "Red"}
    assert len(red) == 23 and all(red.values())  # every red project has its department's words
    rows = {row[0]["text"].casefold(): row for row in first_screen_rows(browser, path, "en")[0]}
    assert set(rows) == set(red)
    for project, commentary in red.items():
        reason = rows[project][-1]["text"]
        assert reason == " ".join(short_comment(commentary, pf.comment_preambles).split()), project
        assert reason != "no comment" and not reason.startswith("Compared to financial year"), project
