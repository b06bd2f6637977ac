"""The rendered reports as a board member's browser shows them.

Every HTML page that ``render_period`` writes is opened from disk in headless Chromium (Debian's
``chromium`` package, driven by Playwright for Python through ``executable_path``; no browser is ever
downloaded) and checked: the page fetches nothing but itself, logs no error, every chart has alt text,
the rating words are there, it is in the portfolio's language, and a project named ``<script>`` shows
as text. Three portfolios are rendered once per session: the real April 2020 data, the real UK GMPP
(March 2022 against March 2021, in English, where the rating scale changes from five points to three),
and a small hostile portfolio whose project names are HTML.

Without Chromium or Playwright on a developer's machine the module is skipped with the reason; with
``CI=true`` the tests fail instead, so CI can never pass without having run them.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_support import SINGLE, Rendered, render_set, skip_without_browser
from bundled import bundled_bytes

pytestmark = pytest.mark.slow  # renders three portfolios and drives a browser
skip_without_browser()

# --- the portfolios -----------------------------------------------------------------------------------

PAGES = ["index.html", "status_change.html", "budget_decline.html", "risk.html", "history.html"]  # a period's pages
ALL_PAGES = PAGES + ["../../index.html"]  # and the reports index above them
PAGE_IDS = {page: "reports-index" if page.startswith("..") else page.removesuffix(".html") for page in ALL_PAGES}
PAGE_IDS[SINGLE] = "single-file"
PERIOD_FILES = PAGES + [SINGLE]  # what a period's folder shows
SCHEDULE = "schedule_cost.html"  # and, where the data give dates and whole-life costs (the GMPP), this page
PAGE_IDS[SCHEDULE] = "schedule_cost"
ANALYSIS_FILES = PERIOD_FILES + [SCHEDULE]
SECTIONS = {"index.html": "overview", "status_change.html": "status_change", "budget_decline.html": "budget_decline",
            "risk.html": "risk", "history.html": "history", SCHEDULE: "schedule_cost"}  # a page's section in the single file
UP_LINK = "../../index.html"  # the separate pages' link up to the index of all reports, outside the period
RATING_WORDS = ["Grønn", "Gul", "Rød"]

SCRIPT_NAME = "<script>window.__pwned = 1</script> Prosjekt"
IMG_NAME = 'Bilde <img src=x onerror="window.__pwned=2"> &amp; co'
HOSTILE_TITLE = "Fiendtlig <b>portefølje</b> & co"
HEADER = "Innsatsområde\tID\tProsjektnavn\tAnsvarlig virksomhet\tProsjekteier\tStatus\tRisiko\tBudsjett 2020\n"
AREA_1 = "1.1 Modernisere journal- og samhandlingsløsninger"
AREA_2 = "2.1 Digitale innbyggertjenester"
# The <script> project is red in both periods and its budget falls, so it is listed on every period page
# (worst lists, stayed red, red risk, largest decreases); the <img> project joins red.
HOSTILE_PERIODS = {
    "2021-01": [
        (AREA_1, 1, SCRIPT_NAME, "Helsedirektoratet", "Ola Nordmann", "Rød", "Rød", 10),
        (AREA_1, 2, "Alfa", "Direktoratet for e-helse", "Kari Nordmann", "Gul", "Gul", 20),
        (AREA_2, 3, "Beta", "Helse Vest RHF", "Per Hansen", "Grønn", "Grønn", 30),
        (AREA_2, 4, "Gamma", "KS", "", "Gul", "Grønn", 5),
    ],
    "2021-04": [
        (AREA_1, 1, SCRIPT_NAME, "Helsedirektoratet", "Ola Nordmann", "Rød", "Rød", 4),
        (AREA_1, 2, "Alfa", "Direktoratet for e-helse", "Kari Nordmann", "Rød", "Gul", 25),
        (AREA_2, 3, "Beta", "Helse Vest RHF", "Per Hansen", "Grønn", "Gul", 30),
        (AREA_2, 5, IMG_NAME, "Norsk Helsenett", "Ada Lovelace", "Rød", "Rød", 7),
    ],
}
# Pages that list the projects named above.
LISTS_SCRIPT_PROJECT = ["index.html", "status_change.html", "budget_decline.html", "risk.html", "history.html",
                        SINGLE]
LISTS_IMG_PROJECT = ["index.html", "status_change.html", "risk.html", "history.html", SINGLE]


def write_hostile(data: Path, period_yml: bool = True) -> None:
    """A portfolio 'hostile' (the e-helse profile, another name and title) with two periods of HTML names."""
    folder = data / "raw" / "hostile"
    folder.mkdir(parents=True)
    profile = bundled_bytes("data/raw/e-helse/portfolio.yml").decode("utf-8")
    profile = re.sub(r"(?m)^name: .*$", "name: hostile", profile)
    profile = re.sub(r"(?m)^title: .*$", "title: " + json.dumps(HOSTILE_TITLE, ensure_ascii=False), profile)
    (folder / "portfolio.yml").write_text(profile, encoding="utf-8")
    for period, rows in HOSTILE_PERIODS.items():
        (folder / period).mkdir()
        lines = "".join("\t".join(str(cell) for cell in row) + "\n" for row in rows)
        (folder / period / "prosjektliste.tsv").write_text(HEADER + lines, encoding="utf-8")
        if period_yml:  # an as_of date: without one the overview cannot be rendered (see test_period_without_as_of_can_be_rendered)
            (folder / period / "period.yml").write_text(
                f"title: Fiendtlig portefølje {period}\nas_of: {period}-15\n", encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory) -> Rendered:
    root = tmp_path_factory.mktemp("browser-hostile")
    write_hostile(root / "data")
    return render_set("hostile", "2021-04", root / "data", root / "reports")


@pytest.fixture(scope="session")
def uk_report(uk_reports) -> Rendered:
    """The real UK GMPP, March 2022 against March 2021, from ``report --portfolio uk-gmpp --all``."""
    code, reports, printed = uk_reports
    assert code == 0, printed
    folder = reports / "uk-gmpp" / "2022-03"
    meta = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return Rendered("uk-gmpp", "2022-03", folder, meta["language"], meta["title"])


REPORTS = {"real": "real_report", "hostile": "hostile_report", "uk": "uk_report"}
REPORT_PAGES = {"real": PAGES, "hostile": PAGES, "uk": PAGES[:3] + [SCHEDULE] + PAGES[4:]}  # the GMPP: no risk rating
LANGUAGES = {"real": "nb", "hostile": "nb", "uk": "en"}
WORDS = {"real": RATING_WORDS, "hostile": RATING_WORDS, "uk": ["Green", "Amber", "Red"]}
CASES = [pytest.param(which, page, id=f"{which}-{PAGE_IDS[page]}")
         for which in REPORTS for page in REPORT_PAGES[which] + [SINGLE] + ALL_PAGES[-1:]]

# --- the browser --------------------------------------------------------------------------------------


@dataclass
class Visit:
    """What a page did while it loaded, and what it then showed."""
    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    lang: str | None = None
    title: str = ""
    text: str = ""  # the body's visible text
    h1: str = ""
    headline: str = ""
    images: list[dict] = field(default_factory=list)  # src (first 60 characters), alt, shown (decoded and drawn)
    section_langs: list[str | None] = field(default_factory=list)
    elements: dict[str, int] = field(default_factory=dict)  # CSS selector -> how many match
    pwned: str = ""  # typeof window.__pwned, or "not evaluated" without JavaScript


COUNTED = ["script", "b", "img:not([src^='data:image/png;base64,'])", "table"]


def look(browser, path: Path, javascript: bool = True) -> Visit:
    """Opens ``path`` from disk in a fresh context and records everything the tests ask about."""
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        seen = Visit(path.resolve().as_uri())
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("requestfailed", lambda request: seen.failed.append(f"{request.url}: {request.failure}"))
        page.on("console", lambda message: seen.console_errors.append(f"{message.text} ({message.location})")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
        page.goto(seen.url, wait_until="load")
        page.wait_for_timeout(100)  # late console messages (e.g. CSP violations) arrive after load
        seen.lang = page.get_attribute("html", "lang")
        seen.title = page.title()
        seen.text = page.locator("body").inner_text()
        seen.h1 = page.locator("h1").first.inner_text()
        if page.locator("p.headline").count():
            seen.headline = page.locator("p.headline").first.inner_text()
        seen.images = page.eval_on_selector_all("img", """images => images.map(i => ({
            src: (i.getAttribute('src') || '').slice(0, 60), alt: i.getAttribute('alt'),
            shown: i.complete && i.naturalWidth > 0}))""")
        seen.section_langs = page.eval_on_selector_all("main > section", "s => s.map(x => x.getAttribute('lang'))")
        seen.elements = {selector: page.locator(selector).count() for selector in COUNTED}
        seen.pwned = page.evaluate("typeof window.__pwned") if javascript else "not evaluated"
        return seen
    finally:
        context.close()


@pytest.fixture(scope="session")
def visits(request, browser):
    """``visits(which, page)``: each page is opened once per session, its :class:`Visit` shared by the tests."""
    cache: dict[tuple[str, str], Visit] = {}

    def get(which: str, page: str) -> Visit:
        if (which, page) not in cache:
            report = request.getfixturevalue(REPORTS[which])
            cache[which, page] = look(browser, report.file(page))
        return cache[which, page]

    return get


# --- every page ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("which, page", CASES)
def test_page_fetches_nothing_and_logs_no_error(visits, which, page):
    seen = visits(which, page)
    assert seen.requests == [seen.url], "the page requested more than its own file"
    assert not seen.failed
    assert not seen.console_errors
    assert not seen.page_errors


@pytest.mark.parametrize("which, page", CASES)
def test_every_image_has_alt_text(visits, which, page):
    images = visits(which, page).images
    without_alt = [image["src"] for image in images if not (image["alt"] or "").strip()]
    assert not without_alt, f"images without alt text: {without_alt}"
    if page in ANALYSIS_FILES:  # every analysis page shows at least one chart, inlined, and it displays
        assert images, "an analysis page without a chart"
        assert all(image["src"].startswith("data:image/png;base64,") for image in images)
        assert all(image["shown"] for image in images), "a chart that does not display"


@pytest.mark.parametrize("which, page", CASES)
def test_page_language(request, visits, which, page):
    seen = visits(which, page)
    if page in ANALYSIS_FILES:
        assert request.getfixturevalue(REPORTS[which]).language == LANGUAGES[which]
        assert seen.lang == LANGUAGES[which]
    else:
        # The reports index lists every portfolio, each in its own language: its own words are English
        # and Norwegian ("Portfolio reports · Porteføljerapporter") and each portfolio's section says its
        # language.
        assert seen.lang
        assert seen.section_langs == [LANGUAGES[which]]


@pytest.mark.parametrize("which, page", [(which, page) for which in REPORTS for page in
                                         ["index.html", "status_change.html", "risk.html", SINGLE]
                                         if page in REPORT_PAGES[which] + [SINGLE]])
def test_rating_words_are_visible(visits, which, page):
    text = visits(which, page).text
    for word in WORDS[which]:
        assert re.search(rf"\b{word}\b", text), f"{word!r} not visible on {page}"


def test_real_report_headline(visits):
    """The overview states the April 2020 figures (52 projects, as of 20 March 2020)."""
    seen = visits("real", "index.html")
    assert seen.h1 == "Oversikt: Nasjonal e-helseportefølje, april 2020"
    assert "52 prosjekter per 20. mars 2020" in seen.headline


def test_uk_report_headline(visits):
    """The GMPP overview is in English with its own words: 235 projects as of 31 March 2022."""
    seen = visits("uk", "index.html")
    assert seen.h1 == "Overview: UK Government Major Projects Portfolio, March 2022"
    assert "235 projects as of 31 March 2022 (184 in March 2021)" in seen.headline
    assert "delivery confidence Amber" in seen.headline


def test_readable_without_javascript(browser, real_report):
    seen = look(browser, real_report.folder / "index.html", javascript=False)
    assert seen.h1 == "Oversikt: Nasjonal e-helseportefølje, april 2020"
    assert "52 prosjekter per 20. mars 2020" in seen.headline
    assert seen.elements["table"] > 0
    assert seen.images and all(image["shown"] for image in seen.images)
    assert not seen.console_errors and not seen.page_errors


# --- project names that are HTML ----------------------------------------------------------------------

@pytest.mark.parametrize("page", ALL_PAGES + [SINGLE], ids=PAGE_IDS.get)
def test_hostile_page_runs_nothing(visits, page):
    seen = visits("hostile", page)
    assert seen.pwned == "undefined"
    assert seen.elements["script"] == 0
    assert seen.elements["b"] == 0, "the portfolio title's <b> became an element"
    # the only images are the charts: no <img src=x> made from a project name
    assert seen.elements["img:not([src^='data:image/png;base64,'])"] == 0


@pytest.mark.parametrize("page", LISTS_SCRIPT_PROJECT, ids=PAGE_IDS.get)
def test_script_name_shows_as_text(visits, page):
    assert SCRIPT_NAME in visits("hostile", page).text


@pytest.mark.parametrize("page", LISTS_IMG_PROJECT, ids=PAGE_IDS.get)
def test_img_name_shows_as_text(visits, page):
    assert IMG_NAME in visits("hostile", page).text  # with its "&amp;" as typed, not turned into "&"


@pytest.mark.parametrize("page", ALL_PAGES + [SINGLE], ids=PAGE_IDS.get)
def test_hostile_title_shows_as_text(visits, page):
    seen = visits("hostile", page)
    assert HOSTILE_TITLE in seen.text
    if page in PERIOD_FILES:
        assert HOSTILE_TITLE in seen.title


# --- one file to send, and a period folder sent on its own (issue 13) ------------------------------

def links_and_ids(browser, path: Path) -> tuple[list[dict], list[str]]:
    """Every link of a page (as written, and as the browser resolves it) and every element id."""
    context = browser.new_context(java_script_enabled=True)
    try:
        tab = context.new_page()
        tab.goto(path.resolve().as_uri(), wait_until="load")
        links = tab.eval_on_selector_all("a[href]", "as => as.map(a => ({href: a.getAttribute('href'), url: a.href}))")
        ids = tab.eval_on_selector_all("[id]", "elements => elements.map(e => e.id)")
        return links, ids
    finally:
        context.close()


@pytest.mark.parametrize("which", REPORTS)
def test_single_file_links_only_to_itself(request, browser, which):
    report = request.getfixturevalue(REPORTS[which])
    links, ids = links_and_ids(browser, report.file(SINGLE))
    hrefs = [link["href"] for link in links]
    sections = [SECTIONS[page] for page in REPORT_PAGES[which]]
    assert hrefs[:len(sections)] == [f"#{section}" for section in sections]  # the table of contents
    outside = [href for href in hrefs if not href.startswith("#")]
    assert not outside, f"links leading outside the single file: {outside}"
    missing = [href for href in hrefs if href[1:] not in ids]
    assert not missing, f"in-page links without a target: {missing}"
    assert len(ids) == len(set(ids)), "an element id given twice"


@pytest.mark.parametrize("which", REPORTS)
def test_a_period_folder_copied_alone_keeps_its_links(request, browser, tmp_path, which):
    """Only the period's folder is sent: every link between its files still finds its file; the only
    link that does not is the separate pages' documented link up to the index of all reports."""
    from urllib.parse import unquote, urlparse

    report = request.getfixturevalue(REPORTS[which])
    copy = tmp_path / "sent" / "somewhere"
    shutil.copytree(report.folder, copy)
    single = report.file(SINGLE).name
    for page in REPORT_PAGES[which] + [single]:
        links, ids = links_and_ids(browser, copy / page)
        hrefs = [link["href"] for link in links]
        assert all(not re.match(r"[a-z][a-z0-9+.-]*:|/", href) for href in hrefs), f"{page}: a link that is not relative"
        assert hrefs.count(UP_LINK) == (0 if page == single else 1), page
        for link in links:
            if link["href"] == UP_LINK:
                continue
            target = Path(unquote(urlparse(link["url"]).path))
            assert target.is_file(), f"{page}: {link['href']} finds no file in the copied folder"
            assert target.parent == copy, f"{page}: {link['href']} leads out of the period's folder"


def test_uk_lists_are_cut_and_the_whole_list_is_named_not_linked_in_the_single_file(visits, uk_report):
    """UK lists are over 25 rows: the pages link the CSV beside them, the single file names it."""
    csv_files = sorted(p.name for p in uk_report.folder.glob("*.csv"))
    assert csv_files
    text = visits("uk", SINGLE).text
    for name in csv_files:
        assert f"The whole list is the CSV file {name} in the report's folder." in text


def test_single_file_prints_as_one_document(browser, real_report):
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(real_report.file(SINGLE).resolve().as_uri(), wait_until="load")
        pdf = tab.pdf(format="A4")
        tab.emulate_media(media="print")
        nav_shown = tab.locator("header nav").is_visible()
        breaks = tab.eval_on_selector_all("main > section", "s => s.map(x => getComputedStyle(x).breakBefore)")
        tables_behind_figures = tab.locator("details table")
        first_table_shown = tables_behind_figures.first.is_visible()
        cut = tab.eval_on_selector_all("figure, tr", "s => s.filter(x => getComputedStyle(x).breakInside !== 'avoid').length")
    finally:
        context.close()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 100_000  # the charts are in it
    sheets = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert sheets >= len(PAGES)
    assert not nav_shown
    assert breaks == ["auto"] * len(PAGES)  # the sections flow on: none forced onto a new sheet (issue 23)
    assert first_table_shown, "the numbers behind a figure stay hidden on paper"
    assert cut == 0


# --- a period without as_of (no browser needed) --------------------------------------------------

def test_period_without_as_of_can_be_rendered(tmp_path):
    import portfolio_analysis as pa
    from portfolio_analysis.report import render
    from portfolio_analysis.report.pages import overview as v

    data = tmp_path / "data"
    write_hostile(data, period_yml=False)
    ctx = v.context(pa.load_portfolio("hostile", data), "2021-04")
    # 4 rows, and KS's project 4 carried forward: KS sent nothing for 2021-04
    # no date to give: the headline names the period, and the provenance leaves "Data per" out
    assert "5 prosjekter i april 2021 (" in v.overview_headline(ctx).html
    provenance = render.provenance_html(ctx, render.input_files(ctx, data), "2026-11-27 09:00 UTC")
    assert "ukjent" not in provenance and "Data per" not in provenance


# --- names that are hard to show (issue 12) ---------------------------------------------------------

VIEWPORT = {"width": 1280, "height": 800}
# red (so on the history page too), and its budget rose
LISTS_LONG_NAME = ["index.html", "status_change.html", "budget_decline.html", "history.html", SINGLE]


@pytest.fixture(scope="session")
def texts_report(tmp_path_factory) -> Rendered:
    """text_support's portfolio: names with dollar signs, a 5 000-letter word, a right-to-left override."""
    from text_support import PERIOD, PORTFOLIO, write_texts_portfolio

    root = tmp_path_factory.mktemp("browser-texts")
    write_texts_portfolio(root / "data")
    return render_set(PORTFOLIO, PERIOD, root / "data", root / "reports")


@pytest.mark.parametrize("page", PERIOD_FILES, ids=lambda page: PAGE_IDS[page])
def test_a_5000_letter_name_wraps_within_the_page(browser, texts_report, page):
    from text_support import DOLLAR_NAME, LONG_NAME, RLO, RLO_SHOWN

    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = context.new_page()
        tab.goto(texts_report.file(page).resolve().as_uri(), wait_until="load")
        assert tab.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
        # each table too: the notebook's output area would otherwise scroll a table 42 000 px wide
        widest = tab.eval_on_selector_all("table", "tables => Math.max(...tables.map(t => t.scrollWidth))")
        assert widest <= VIEWPORT["width"]
        text = tab.locator("body").inner_text()
    finally:
        context.close()
    assert (LONG_NAME in text) == (page in LISTS_LONG_NAME)  # shown whole, wrapped by the browser only
    assert RLO not in text
    if page in ("index.html", SINGLE):
        assert DOLLAR_NAME in text and RLO_SHOWN in text
