"""The single file of a period (report/single.py): every page in one file that leads nowhere outside itself."""

import json
import re
from html.parser import HTMLParser

import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.catalogue import Context
from portfolio_analysis.report.html import full_list
from portfolio_analysis.report.render import PAGES as ALL_PAGES
from portfolio_analysis.report.single import section_body

from portfolio_analysis.settings.profile import Profile

# the pages of an e-helse (and a simulated) report: their profiles list no pages, so the default ones (no
# schedule-and-cost page: the e-health template gives no planned dates or whole-life costs)
PAGES = {name: page for name, page in ALL_PAGES.items() if name in Profile.pages}

SECTIONS_OF_FILES = {page: name for name, page in PAGES.items()}


@pytest.fixture(scope="module")
def ctx(real_data):
    return Context(pa.load_portfolio("e-helse", real_data), "2020-04", "2020-01")


class Anchors(HTMLParser):
    """The ids and link targets of an HTML text."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])


def anchors(html: str) -> Anchors:
    parser = Anchors()
    parser.feed(html)
    return parser


def test_ids_get_their_section_and_links_follow(ctx):
    body = ('<div id="cell-id=risk-1"><h2 id="top">Risiko</h2><a href="#top">opp</a>'
            '<label for="choice">Valg</label><input id="choice"></div>')
    assert section_body(ctx, "risk", body, SECTIONS_OF_FILES) == (
        '<div id="risk-cell-id=risk-1"><h2 id="risk-top">Risiko</h2><a href="#risk-top">opp</a>'
        '<label for="risk-choice">Valg</label><input id="risk-choice"/></div>')


def test_links_to_the_other_pages_point_to_their_sections(ctx):
    body = '<p><a href="status_change.html">Statusendring</a> og <a href="index.html#cell-id=overview-3">oversikt</a></p>'
    assert section_body(ctx, "risk", body, SECTIONS_OF_FILES) == (
        '<p><a href="#status_change">Statusendring</a> og <a href="#overview-cell-id=overview-3">oversikt</a></p>')


def test_a_link_outside_the_period_keeps_its_text_only(ctx):
    body = '<p>Se <a href="../../index.html">alle rapporter</a> og <a href="https://example.org/x">kilden</a>.</p>'
    assert section_body(ctx, "overview", body, SECTIONS_OF_FILES) == "<p>Se alle rapporter og kilden.</p>"


def test_the_link_to_a_full_list_becomes_a_note_naming_its_file(ctx):
    note = str(full_list("Viser de 25 første av 40.", "Hele listen som CSV", "forverret-status.csv"))
    assert '<a class="full-list" href="forverret-status.csv">' in note  # as the separate page shows it
    assert section_body(ctx, "status_change", note, SECTIONS_OF_FILES) == (
        '<p class="small">Viser de 25 første av 40. '
        "Hele listen er CSV-filen forverret-status.csv i rapportens mappe.</p>")


def test_a_hostile_name_stays_text(ctx):
    body = "<td>&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp;amp; co</td>"
    assert section_body(ctx, "risk", body, SECTIONS_OF_FILES) == body


# --- the file the report writes -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def april(real_reports):
    code, reports = real_reports
    assert code == 0
    return reports


@pytest.mark.slow  # renders the April 2020 report set
def test_the_april_2020_report_has_one_file_listed_and_linked_beside_the_period(april):
    folder = april / "e-helse" / "2020-04"
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["single_file"] == "e-helse-2020-04.html"
    index = (april / "index.html").read_text(encoding="utf-8")
    assert ('<a href="e-helse/2020-04/index.html">april 2020</a> · '
            '<a href="e-helse/2020-04/e-helse-2020-04.html">alt i én fil</a>') in index


@pytest.mark.slow  # renders the April 2020 report set
def test_the_single_file_holds_every_page_and_leads_nowhere_else(april):
    folder = april / "e-helse" / "2020-04"
    single = (folder / "e-helse-2020-04.html").read_text(encoding="utf-8")
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert single.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', single)[0] == \
        re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', page)[0]
    assert "<script" not in single
    assert "<title>Nasjonal e-helseportefølje – april 2020</title>" in single
    found = anchors(single)
    sections = ["overview", "status_change", "budget_decline", "risk", "history"]
    assert found.hrefs[:5] == [f"#{name}" for name in sections]  # the table of contents
    assert [i for i in found.ids if i in sections] == sections
    assert len(found.ids) == len(set(found.ids)), "an id given twice"
    assert all(href.startswith("#") and href[1:] in found.ids for href in found.hrefs)
    # every page's figures and words, once each
    images = sum((folder / name).read_text(encoding="utf-8").count("<img ") for name in PAGES.values())
    assert single.count("<img ") == images
    assert "Porteføljen har 52 prosjekter per 20. mars 2020 (54 i januar 2020)" in single
    assert single.count("Risiko: Nasjonal e-helseportefølje, april 2020</h1>") == 1
    assert single.count("<footer") == 1 and '<footer id="about">' in single and "Data per 20. mars 2020." in single
