"""The index of all reports in a browser (issue 23, item 7): on a desktop a table, a period per row; on a
phone (390 px) each period a card that fits the screen, every figure under its own heading."""

from __future__ import annotations

import json

import pytest

from browser_support import skip_without_browser

pytestmark = pytest.mark.slow  # renders the April 2020 report set and drives a browser
skip_without_browser()

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def open_index(browser, report, viewport):  # noqa: F811 - the fixture's name
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto((report.folder.parent.parent / "index.html").resolve().as_uri(), wait_until="load")
    return context, tab


def test_the_report_records_the_figures_the_index_shows(real_report):  # noqa: F811
    import portfolio_analysis as pa

    meta = json.loads((real_report.folder / "report.json").read_text(encoding="utf-8"))
    recorded = dict(meta["index"])
    assert recorded.pop("words") == {"status": "Status", "risk": "Risiko", "money": "Budsjett 2020"}
    assert recorded["projects"] == 52 and recorded["red"] == {"status": 2, "risk": 3}
    assert recorded["money_rows"] == pytest.approx(1571) and recorded["money_published"] == 1560
    assert recorded.keys() == pa.PeriodSummary.__dataclass_fields__.keys()


def test_on_a_desktop_the_index_is_a_table_with_a_period_per_row(browser, real_report):  # noqa: F811
    context, tab = open_index(browser, real_report, DESKTOP)
    try:
        headings = tab.locator("table.index thead th").all_inner_texts()
        row = tab.locator("table.index tbody tr").first
        tops = {round(box["y"]) for box in row.locator("td, th").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().toJSON())")}
        cells = row.locator("td").all_inner_texts()
    finally:
        context.close()
    assert [" ".join(h.split()) for h in headings] == ["Periode", "Prosjekter", "Status: Rød", "Risiko: Rød",
                                                      "Budsjett 2020", "Merknader"]
    assert len(tops) == 1, "the cells of a period share one line"
    assert cells[:3] == ["52", "2", "3 (1 videreført)"]


def test_on_a_phone_each_period_is_a_card_that_fits_the_screen(browser, real_report):  # noqa: F811
    context, tab = open_index(browser, real_report, PHONE)
    try:
        width = tab.evaluate("document.documentElement.scrollWidth")
        header_shown = tab.locator("table.index thead").is_visible()
        # each figure as drawn: the heading its ::before writes above it, its text, where it sits
        cells = tab.locator("table.index tbody tr").first.locator("td").evaluate_all("""cells => cells.map(c => ({
            heading: getComputedStyle(c, '::before').content, text: c.innerText,
            box: c.getBoundingClientRect().toJSON(), size: parseFloat(getComputedStyle(c).fontSize)}))""")
    finally:
        context.close()
    assert width <= PHONE["width"]
    assert not header_shown  # each figure carries its heading instead
    shown = {cell["heading"].strip('"'): " ".join(cell["text"].split()) for cell in cells}
    assert shown["Prosjekter"] == "52" and shown["Status: Rød"] == "2" and shown["Risiko: Rød"] == "3 (1 videreført)"
    assert shown["Budsjett 2020"] == "1 571 mill. kr (publisert total 1 560 mill. kr)"
    assert shown["Merknader"].startswith("Prosjekter med verdier videreført fra januar 2020")
    boxes = [cell["box"] for cell in cells]
    assert all(box["right"] <= PHONE["width"] for box in boxes)
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]
    assert not overlapping
    assert min(cell["size"] for cell in cells) >= 12
