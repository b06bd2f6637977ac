"""A page that shows fewer projects than its list holds says how many of how many ("25 av 69"), and writes the
whole list beside the page; a list it shows whole says nothing of the kind.

The analyses return every row (tests/analysis/test_full_lists.py); the number a page shows is the page's
own (``report/lists.py``'s ``LIST_LIMIT``). The UK GMPP's March 2022 -> March 2023 budget page lists 69
rises and 29 falls of whole-life cost, counted here from the panel rows.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.lists import LIST_LIMIT, project_table
from portfolio_analysis.report.pages import budget_decline as v


def shown_rows(table_html: str) -> int:
    """The project rows of a page table (its rows but the header)."""
    return len(re.findall(r"<tr>", table_html)) - 1


def tables_and_notes(page: str) -> list[tuple[str, str]]:
    """Each table's caption with the sentence under it (empty where there is none)."""
    found = re.findall(r"<caption>(.*?)</caption>.*?</table>(?:</div>)?\s*(?:<p class=\"small\">(.*?)(?:<a |</p>))?", page, re.S)
    return [(caption, note.strip()) for caption, note in found]


@pytest.fixture(scope="module")
def uk_rises_and_falls(uk_portfolio) -> tuple[int, int]:
    before = uk_portfolio.rows("2022-03").set_index("project_id")["budget_mnok"].dropna()
    after = uk_portfolio.rows("2023-03").set_index("project_id")["budget_mnok"].dropna()
    both = before.index.intersection(after.index)
    change = after[both] - before[both]
    return int((change > 0).sum()), int((change < 0).sum())


def test_the_uk_budget_page_shows_25_of_69_rises_and_says_so(uk_portfolio, uk_rises_and_falls, tmp_path):
    rises, falls = uk_rises_and_falls
    assert (rises, falls) == (69, 29)
    ctx = v.context(uk_portfolio, "2023-03", "2022-03", output_dir=tmp_path)
    block = v.largest_changes(ctx, pa.budget_decline(ctx.comparison))
    page = html.unescape(str(block.html))
    assert tables_and_notes(page) == [("Largest increases", f"Showing the first {LIST_LIMIT} of {rises}."),
                                      ("Largest decreases", f"Showing the first {LIST_LIMIT} of {falls}.")]
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert [shown_rows(table) for table in tables] == [LIST_LIMIT, LIST_LIMIT] == [25, 25]
    whole = pd.read_csv(tmp_path / "largest-increases.csv", encoding="utf-8-sig")
    assert len(whole) == rises and whole["Change"].sum() == pytest.approx(25_744)  # linked beside the page
    assert len(pd.read_csv(tmp_path / "largest-decreases.csv", encoding="utf-8-sig")) == falls
    assert len(block.data) == rises + falls  # the data behind the block is the whole of both lists


def test_a_cut_list_says_how_many_of_how_many_in_norwegian(april_context, tmp_path):
    frame = pd.DataFrame({"project_id": range(1, 70), "project_name": [f"Prosjekt {i}" for i in range(1, 70)],
                          "actor": "KS"})
    shown = str(project_table(replace(april_context, output_dir=tmp_path), frame, "Største økninger"))
    assert shown_rows(shown) == 25
    assert "Viser de 25 første av 69." in shown and 'href="storste-okninger.csv"' in shown


def test_a_list_shown_whole_says_no_count(april_context):
    frame = pd.DataFrame({"project_id": [1, 2], "project_name": ["Alfa", "Beta"], "actor": "KS"})
    shown = str(project_table(april_context, frame, "Største økninger"))
    assert shown_rows(shown) == 2 and "Viser" not in shown and " av " not in shown
