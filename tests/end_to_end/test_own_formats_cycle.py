"""A per-organisation e-health period where some organisations send planned dates and comments in their own
columns and formats (issue 22, "Done when" 2): the period builds, each date reads with its precision, a date
given in words stays unknown with those words kept, every comment is kept exactly as written, and the
comments reach the red lists' data, in the analyses and in the report's blocks.

The July 2020 cycle of tests/cycle_support.py (made up for the tests from the real April 2020 list)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import portfolio_analysis as pa
from cycle_support import EPJ_LOFTET, JOURNALINNSYN, JULY_OWN_FORMATS, LEGEMIDDEL_RISK, PKI, add_july, \
    e_helse_with_split_april
from portfolio_analysis.clean.dates import precision
from portfolio_analysis.report.pages import overview, risk as risk_page, status_change as status_page


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """(data folder, build result) of e-helse with April split per organisation and the July cycle."""
    data = tmp_path_factory.mktemp("own-formats") / "data"
    e_helse_with_split_april(data)
    add_july(data)
    return data, pa.build("e-helse", data)


@pytest.fixture(scope="module")
def july(cycle):
    return pa.load_portfolio("e-helse", cycle[0])


def by_id(pf: pa.Portfolio, period: str = "2020-07") -> pd.DataFrame:
    return pf.rows(period).set_index("project_id")


def text_of(block) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(block.html))).split())


def rows_of(block) -> list[str]:
    """Each table row as its cells' text joined by ' | '."""
    return [" | ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
                       for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", str(block.html), re.S)]


def test_the_period_builds_and_its_own_columns_are_known(cycle, july):
    _, result = cycle
    problems = [str(p) for p in result.outputs.problems if "/2020-07/" in str(p)]
    assert not [p for p in problems if ": error:" in p]
    for extra, _ in JULY_OWN_FORMATS.values():
        for header in extra:  # every column an organisation named its own way is read, none is left unknown
            assert not [p for p in problems if "unknown column" in p and repr(header) in p], header
    assert len(july.rows("2020-07")) == 51  # 52 in April, two left, one joined; Helse Nord's three carried


def test_planned_dates_read_with_their_precision(july):
    rows = by_id(july)
    ends = {11: "2022-06-30", 160: "2021-12-31", 107: "2025-12-31",  # Excel date cells
            139: "2021-12-31", 5: "2022-12-31",  # 31.12.2021 in a Windows-1252 CSV
            181: "2021-12", 182: "2021",  # des. 2021, 2021
            132: "2021-Q4", 111: "2022-Q2"}  # Q4 2021
    assert {project: rows.loc[project, "planned_end"] for project in ends} == ends
    assert [precision(rows.loc[p, "planned_end"]) for p in (11, 139, 181, 132, 182)] == [
        "day", "day", "month", "quarter", "year"]
    assert rows.loc[11, "planned_start"] == "2019-01-01" and pd.isna(rows.loc[107, "planned_start"])


def test_a_date_given_in_words_is_unknown_with_the_words_kept(july):
    rows = by_id(july)
    assert pd.isna(rows.loc[163, "planned_end"])
    assert rows.loc[163, "planned_end_marker"] == "sommeren 2021"
    assert pd.isna(rows.loc[164, "planned_end"]) and pd.isna(rows.loc[164, "planned_end_marker"])  # left blank


def test_comments_are_kept_exactly_as_written_whatever_the_column_is_called(july):
    rows = by_id(july)
    assert rows.loc[11, "status_comment"] == EPJ_LOFTET  # Kommentar til status, over two lines
    assert rows.loc[160, "risk_comment"] == LEGEMIDDEL_RISK  # Kommentar til risiko
    assert rows.loc[163, "status_comment"] == JOURNALINNSYN  # Kommentar
    assert rows.loc[132, "status_comment"] == PKI  # Statuskommentar
    assert rows.loc[139, "status_comment"] == "Følger plan.\nNeste leveranse i oktober."  # a quoted cell, CRLF file
    assert pd.isna(rows.loc[81, "status_comment"]) and pd.isna(rows.loc[160, "status_comment"])
    assert not july.has_rating_comments("2020-04") and july.has_rating_comments("2020-07")


def test_the_comments_reach_the_red_lists_of_the_analyses(july):
    def reasons(frame):
        return {p: (None if pd.isna(c) else c, None if pd.isna(s) else s)
                for p, c, s in zip(frame["project_id"], frame["comment"], frame["comment_from"])}
    change = pa.status_change(july, "2020-07", "2020-04")
    assert reasons(change.worsened) == {11: (EPJ_LOFTET, "status_comment")}  # newly red, in the owner's words
    assert reasons(change.red_status) == {11: (EPJ_LOFTET, "status_comment"), 163: (JOURNALINNSYN, "status_comment")}
    risk = pa.risk_analysis(july, "2020-07", "2020-04")
    assert reasons(risk.red_risk) == {160: (LEGEMIDDEL_RISK, "risk_comment"), 132: (PKI, "status_comment"),
                                      101: (None, None)}  # Helse Nord sent nothing: carried, no words
    assert reasons(risk.early_warning) == reasons(risk.red_risk)


def test_the_comments_reach_the_red_lists_of_the_report(july):
    ctx = overview.context(july, "2020-07")
    block = overview.worst_lists(ctx)
    rows = rows_of(block)
    assert ("11 | EPJ-løftet | Direktoratet for e-helse | Rød | Gul | Prosjektet er forsinket etter omprioriteringer "
            "under covid-19. Ny plan legges fram i august.") in rows
    assert any(row.startswith("163 | Regional EPJ Journalinnsyn") and row.endswith(JOURNALINNSYN) for row in rows)
    red_status = block.data[block.data["list"] == "Prosjekter med status Rød"].set_index("project_id")
    assert red_status.loc[11, "comment"] == EPJ_LOFTET and red_status.loc[163, "comment"] == JOURNALINNSYN
    risk_rows = rows_of(risk_page.risk_lists(ctx, pa.risk_analysis(ctx.comparison)))
    assert any(row.startswith("101 | Robust Mobilt Helsenett") and row.endswith("ingen kommentar") for row in risk_rows)
    assert any(row.startswith("132 | PKI infrastrukturløsning") and "fabrikken i Kina er stengt." in row
               for row in risk_rows)
    moves = status_page.rating_moves(ctx, pa.status_change(ctx.comparison), "status")
    assert ("11 | EPJ-løftet | Direktoratet for e-helse | Gul | Rød | Prosjektet er forsinket etter "
            "omprioriteringer under covid-19. Ny plan legges fram i august.") in rows_of(moves)


def test_the_july_set_has_a_schedule_page_as_organisations_send_dates_and_april_has_none(july, tmp_path):
    from portfolio_analysis.report.pages import schedule_cost as schedule_page
    from portfolio_analysis.report.render import pages_of

    july_ctx = schedule_page.context(july, "2020-07", "2020-04", output_dir=tmp_path)
    april_ctx = schedule_page.context(july, "2020-04", None, output_dir=tmp_path)
    assert "schedule_cost" in pages_of(july_ctx) and "schedule_cost" not in pages_of(april_ctx)
    in_words = {"sommeren 2021"}  # a date given in words stays unknown
    dated = sum(1 for columns, cells in JULY_OWN_FORMATS.values() for row in cells.values()
                for column, cell in zip(columns, row) if "sluttdato" in column.lower() and cell and cell not in in_words)
    schedule = text_of(schedule_page.schedule_takeaway(july_ctx, schedule_page.schedule_change(july_ctx)))
    assert (f"{dated} prosjekter oppgir planlagt sluttdato i juli 2020, men ingen har sluttdato i både april 2020 og "
            "juli 2020") in schedule
    cost = text_of(schedule_page.cost_takeaway(july_ctx, schedule_page.cost_change(july_ctx)))
    assert "Ingen av prosjektene oppgir totalkostnad (kostnad over hele levetiden) i april 2020 eller juli 2020." in cost
    assert schedule_page.in_year(july_ctx) is None  # no organisation sends a forecast for the year
