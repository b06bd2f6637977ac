"""The receipts of the July 2020 test cycle in a browser, as an organisation's contact opens them: on a desktop
(1280 CSS px) and on a phone (390), no page is wider than the screen; on a phone each table's rows stack as cards
that show the project's name and every value under its column's name; the page fetches nothing."""

from __future__ import annotations

import pytest

import portfolio_analysis as pa
from browser_support import skip_without_browser
from cycle_support import JULY_MISSING, add_july, e_helse_with_split_april
from portfolio_analysis.outbox.receipts import write_receipts
from portfolio_analysis.settings.profile import load_profile

pytestmark = pytest.mark.slow  # builds a cycle and drives a browser
skip_without_browser()

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 800}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser-receipts") / "data"
    e_helse_with_split_april(data)
    add_july(data, left_out=("138",))
    out = tmp_path_factory.mktemp("receipts") / "2020-07"
    write_receipts(pa.receipts("e-helse", "2020-07", data_dir=data), load_profile(data, "e-helse"), out)
    return out


def opened(browser, folder, organisation, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto((folder / f"{organisation}.html").as_uri())
    return context, tab, requests


@pytest.mark.parametrize("organisation", ["Helsedirektoratet", "Direktoratet for e-helse", JULY_MISSING])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_receipt_is_wider_than_the_screen(browser, folder, organisation, viewport):
    context, tab, requests = opened(browser, folder, organisation, viewport)
    try:
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert requests == [(folder / f"{organisation}.html").as_uri()]  # nothing fetched beyond the page itself
    finally:
        context.close()


def test_on_a_phone_the_changes_are_cards_with_each_value_named(browser, folder):
    context, tab, _ = opened(browser, folder, "Direktoratet for e-helse", PHONE)
    try:
        cards = tab.evaluate("""() => [...document.querySelectorAll('table.cards')].map(table => ({
            caption: table.caption ? table.caption.innerText : '',
            display: getComputedStyle(table).display,
            rows: [...table.tBodies[0].rows].map(row => [...row.cells].map(cell =>
                [cell.dataset.label, cell.innerText.trim(), getComputedStyle(cell).display]))}))""")
        assert cards and all(card["display"] == "block" for card in cards)
        budget = next(card for card in cards if card["caption"] == "Budsjetter som er endret")
        assert budget["rows"] == [[["ID", "107", "block"], ["Prosjekt", "Helsedataprogrammet", "block"],
                                   ["Før (april 2020)", "260\u00a0mill. kr", "block"],
                                   ["Nå (juli 2020)", "250\u00a0mill. kr", "block"],
                                   ["Endring", "−10\u00a0mill. kr", "block"]]]
    finally:
        context.close()


def test_on_a_phone_a_file_and_a_problem_are_cards_of_named_lines(browser, folder):
    context, tab, _ = opened(browser, folder, "Helsedirektoratet", PHONE)
    try:
        cells = tab.evaluate("""() => [...document.querySelectorAll('table.cards:not(.name-second) td')].map(cell =>
            [cell.dataset.label, cell.innerText.trim(), getComputedStyle(cell).position])""")
        assert ["Fil", "hdir_2020_06.csv", "static"] in cells and ["Rader", "15", "static"] in cells
        assert ["Verdi", "138 Oppfølgingsteam", "static"] in cells
    finally:
        context.close()
