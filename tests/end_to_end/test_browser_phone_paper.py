"""The real report sets on a phone (390 CSS px wide) and on paper (A4, Chromium's print), issue 23 item 6.

Two sets are opened, every page of each and its single file: e-helse April 2020 (against January) and the
UK GMPP March 2023 (against March 2022, with the schedule-and-cost page). On a phone:

- no page is wider than the screen: ``document.documentElement.scrollWidth <= 390``;
- no table cell is cut, with every ``<details>`` opened (the numbers behind each chart). A table's box is
  its nearest ancestor whose ``overflow-x`` scrolls or clips (``.table-box``), else the page. For every
  cell shown: (1) its content fits in the cell (``scrollWidth <= clientWidth``: nothing spills over its
  neighbours), (2) the box lies within the screen, and (3) the cell lies within the box's visible width,
  or the box scrolls sideways (``overflow-x`` auto or scroll, and ``scrollWidth > clientWidth``) and the
  cell lies within the box's scroll width, so scrolling shows it whole;
- a table that scrolls keeps its title column in view (``position: sticky``), and the overview's red lists
  stack as cards that show the project's name and its rating word;
- every chart's smallest text shows at 9 CSS px at least: its size in points (the PNG's text chunk
  ``Smallest text (pt)``, read here with Pillow) at the PNG's dpi is its size in image pixels, scaled by
  the width the browser draws the image at over the image's natural width.

On paper the single file, printed to A4 by ``page.pdf``, has on every sheet its number (``3 / 19``) and
the report's title, read from the PDF's text with pypdf; the SHA-256 of every input file is in it (the
appendix), and no section is forced onto a new sheet.
"""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from PIL import Image

from browser_support import SINGLE, Rendered, skip_without_browser

pytestmark = pytest.mark.slow  # renders two report sets and drives a browser
skip_without_browser()

PHONE = {"width": 390, "height": 800}
SMALLEST_TEXT_PX = 9
SETS = ["ehelse", "uk"]


@pytest.fixture(scope="session")
def sets(real_report, uk_2023_report) -> dict[str, Rendered]:
    return {"ehelse": real_report, "uk": uk_2023_report}


def files_of(report: Rendered) -> list[str]:
    """Every page of the set, as its report.json lists them, and its single file."""
    meta = json.loads((report.folder / "report.json").read_text(encoding="utf-8"))
    return meta["pages"] + [meta["single_file"]]


def test_both_sets_have_their_pages(sets):
    assert files_of(sets["ehelse"])[-1] == "e-helse-2020-04.html"
    assert "schedule_cost.html" in files_of(sets["uk"]) and len(files_of(sets["uk"])) == 6


CELLS_CUT = """() => {
  const CLIPS = ['auto', 'scroll', 'hidden', 'clip'];
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const screen = document.documentElement.clientWidth;
  const problems = [];
  for (const table of document.querySelectorAll('table')) {
    let box = table.parentElement;  // the nearest box that scrolls or clips, else the page
    while (box !== document.documentElement && !CLIPS.includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth;
    const edge = box.getBoundingClientRect();
    const name = (table.caption ? table.caption.innerText : table.innerText).slice(0, 50);
    if (edge.right > screen + 0.5) problems.push(`the box of '${name}' ends at ${edge.right} px`);
    for (const cell of table.querySelectorAll('th, td')) {
      if (cell.closest('thead') && getComputedStyle(cell.closest('thead')).position === 'absolute') continue;
      const r = cell.getBoundingClientRect();
      if (!r.width || !cell.getClientRects().length) continue;  // not shown
      const text = cell.innerText.slice(0, 40);
      if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`'${text}' is wider than its cell in '${name}'`);
      const right = r.right - edge.left + box.scrollLeft;  // in the box's scrolled content
      if (r.right > edge.right + 0.5 && !scrolls) problems.push(`'${text}' is cut by the box of '${name}'`);
      if (right > box.scrollWidth + 0.5) problems.push(`'${text}' lies beyond the scroll width of '${name}'`);
    }
  }
  return problems;
}"""

CHARTS = """() => [...document.querySelectorAll('img')].map(i => ({
  src: i.getAttribute('src'), shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
  alt: (i.getAttribute('alt') || '').slice(0, 60)}))"""

STICKY = """() => [...document.querySelectorAll('.table-box')].filter(b => b.scrollWidth > b.clientWidth)
  .map(b => { const table = b.querySelector('table');
              const cell = table.querySelector(table.classList.contains('name-second') ? 'tbody td:nth-child(2)'
                                                                                     : 'tbody tr > :first-child');
              return [(table.caption ? table.caption.innerText : '').slice(0, 50),
                      cell ? getComputedStyle(cell).position : 'no cell']; })"""


def smallest_text_px(image: dict) -> float:
    """The chart's smallest text on screen (CSS px), from the PNG's own dpi and smallest-text record."""
    png = base64.b64decode(image["src"].split(",", 1)[1])
    info = Image.open(io.BytesIO(png)).info
    assert "Smallest text (pt)" in info, f"the chart '{image['alt']}' does not record its smallest text"
    points, dpi = float(info["Smallest text (pt)"]), info["dpi"][0]
    return points * dpi / 72 * image["shown"] / image["natural"]


@pytest.fixture(scope="module")
def on_phone(browser, sets):
    """``on_phone(which, page)``: what a 390 px wide screen shows of a page, measured once."""
    seen = {}

    def get(which: str, page: str) -> dict:
        if (which, page) not in seen:
            context = browser.new_context(viewport=PHONE)
            try:
                tab = context.new_page()
                tab.goto(sets[which].folder.joinpath(page).resolve().as_uri(), wait_until="load")
                seen[which, page] = {
                    "width": tab.evaluate("document.documentElement.scrollWidth"),
                    "charts": tab.evaluate(CHARTS),
                    "sticky": tab.evaluate(STICKY),
                    "cut": tab.evaluate(CELLS_CUT),  # last: it opens every <details>
                    "cards": tab.eval_on_selector_all("table.cards", """ts => ts.map(t => ({
                        caption: t.caption ? t.caption.innerText : '',
                        display: getComputedStyle(t.querySelector('tbody tr')).display,
                        cards: [...t.querySelectorAll('tbody tr')].map(r => Object.fromEntries(
                            [...r.querySelectorAll('td')].map(c => [c.dataset.label, c.innerText])))}))"""),
                }
            finally:
                context.close()
        return seen[which, page]

    return get


PAGES = [pytest.param(which, index, id=f"{which}-{index}") for which in SETS for index in range(6)]


def page_of(sets, which: str, index: int) -> str:
    files = files_of(sets[which])
    if index >= len(files):
        pytest.skip(f"the {which} set has {len(files)} files")
    return files[index]


@pytest.mark.parametrize("which, index", PAGES)
def test_no_page_is_wider_than_a_phone(on_phone, sets, which, index):
    seen = on_phone(which, page_of(sets, which, index))
    assert seen["width"] <= PHONE["width"]


@pytest.mark.parametrize("which, index", PAGES)
def test_no_table_cell_is_cut_on_a_phone(on_phone, sets, which, index):
    seen = on_phone(which, page_of(sets, which, index))
    assert seen["cut"] == []
    assert all(position == "sticky" for _, position in seen["sticky"]), seen["sticky"]


@pytest.mark.parametrize("which, index", PAGES)
def test_chart_text_is_at_least_9_px_on_a_phone(on_phone, sets, which, index):
    charts = on_phone(which, page_of(sets, which, index))["charts"]
    too_small = {image["alt"]: round(smallest_text_px(image), 1) for image in charts
                 if smallest_text_px(image) < SMALLEST_TEXT_PX}
    assert not too_small


def test_the_cut_check_finds_a_cut_cell_and_a_spilling_one(browser):
    """The check above on two tables it must fault: one in a box that clips instead of scrolling, one whose
    cell's content is wider than the cell (a fixed table layout)."""
    context = browser.new_context(viewport=PHONE)
    try:
        tab = context.new_page()
        tab.set_content("""<div style="overflow-x:hidden"><table><caption>clipped</caption><tr>
            <td style="white-space:nowrap">Alfa alfa alfa alfa alfa alfa alfa alfa alfa alfa alfa alfa alfa</td>
            <td>Beta</td></tr></table></div>
            <table style="table-layout:fixed;width:200px"><caption>spilling</caption><tr>
            <td style="width:50px;white-space:nowrap">Gamma gamma gamma gamma</td><td>Delta</td></tr></table>""")
        problems = tab.evaluate(CELLS_CUT)
    finally:
        context.close()
    assert "'Beta' is cut by the box of 'clipped'" in problems
    assert "'Gamma gamma gamma gamma' is wider than its cell in 'spilling'" in problems


def test_the_red_lists_stack_as_cards_with_name_and_rating_word(on_phone):
    lists = {table["caption"]: table for table in on_phone("ehelse", "index.html")["cards"]}
    # the first screen's red projects with their reasons, and the two red lists further down
    assert set(lists) == {"Prosjekter med status eller risiko Rød", "Prosjekter med status Rød",
                          "Prosjekter med risiko Rød"}
    assert {table["display"] for table in lists.values()} == {"block"}  # a card per project, not a table row
    first = lists["Prosjekter med status eller risiko Rød"]["cards"]
    assert sorted(card["ID"] for card in first) == ["101", "132", "160", "163"]
    status = lists["Prosjekter med status Rød"]["cards"]
    assert len(status) == 2  # 160 and 163, as the seed's April report names them
    assert [card["Prosjekt"] for card in status] == ["Digitalisering av legemiddelområdet", "Regional EPJ Journalinnsyn"]
    assert [card["Status"] for card in status] == ["Rød", "Rød"]  # the rating's word, under its column's name
    risk = lists["Prosjekter med risiko Rød"]["cards"]
    assert sorted(card["ID"] for card in risk) == ["101", "132", "160"]
    assert {card["Risiko"] for card in risk} == {"Rød"}


def test_the_uk_red_list_shows_each_reason_as_a_card(on_phone):
    lists = {table["caption"]: table for table in on_phone("uk", "index.html")["cards"]}
    red = [table for caption, table in lists.items() if caption.endswith("Red")]
    assert red and red[0]["display"] == "block"
    assert all(card["Reason"].strip() for card in red[0]["cards"])  # the commentary, or "no comment"


# --- on paper -----------------------------------------------------------------------------------------

def printed(browser, path) -> tuple[bytes, list[str]]:
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(path.resolve().as_uri(), wait_until="load")
        breaks = tab.eval_on_selector_all("main > section", "s => s.map(x => getComputedStyle(x).breakBefore)")
        return tab.pdf(format="A4"), breaks
    finally:
        context.close()


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("which", SETS)
def test_the_printed_single_file_numbers_its_sheets_and_names_the_report(browser, sets, which):
    from pypdf import PdfReader

    report = sets[which]
    pdf, breaks = printed(browser, report.file(SINGLE))
    reader = PdfReader(io.BytesIO(pdf))
    sheets = len(reader.pages)
    texts = [page.extract_text() for page in reader.pages]
    title = without_spaces(f"{report.title} – {'april 2020' if which == 'ehelse' else 'March 2023'}")
    assert sheets > 5
    for number, text in enumerate(texts, 1):
        assert f"{number} / {sheets}" in text, f"sheet {number} has no page number"
        assert title in without_spaces(text), f"sheet {number} does not name the report"
    assert set(breaks) == {"auto"}  # no section forced onto a new sheet: none is left half empty for it


@pytest.mark.parametrize("which", SETS)
def test_the_printed_single_file_ends_with_the_hash_of_each_input_file(browser, sets, real_data, which):
    import hashlib

    from pypdf import PdfReader

    report = sets[which]
    pdf, _ = printed(browser, report.file(SINGLE))
    text = without_spaces("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    folder = real_data / "raw" / report.portfolio
    periods = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name <= report.period)
    tables = [f for period in periods for f in sorted((folder / period).iterdir()) if f.suffix in (".tsv", ".csv")]
    assert tables and len(periods) == (2 if which == "ehelse" else 10)
    for file in tables + [folder / "portfolio.yml"]:
        assert hashlib.sha256(file.read_bytes()).hexdigest() in text, f"{file.name}: no SHA-256 in the print"
