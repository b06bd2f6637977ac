"""The period as a workbook (issue 24, item 4): the sheets a reader filters, in the report's words, with the
same numbers as the raw files and the pages."""

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

import portfolio_analysis as pa
from bundled import REPO
from portfolio_analysis.report.catalogue import context
from portfolio_analysis.report.workbook import workbook_name, write_workbook

APRIL = REPO / "data" / "raw" / "e-helse" / "2020-04"
FILES = [("e-helse/2020-04/vedlegg1_prosjektliste.tsv", "0" * 64)]


def raw_rows(name: str) -> list[dict]:
    with open(APRIL / name, encoding="utf-8", newline="") as file:
        return [row for row in csv.DictReader(file, delimiter="\t") if (row.get("ID") or "").strip().isdigit()]


def sheet_rows(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.fixture(scope="module")
def april_book(ehelse_portfolio, tmp_path_factory):
    path = tmp_path_factory.mktemp("workbook") / "e-helse-2020-04.xlsx"
    write_workbook(context(ehelse_portfolio, "2020-04"), path, "2026-12-06 12:00 UTC", FILES)
    return load_workbook(path)


@pytest.fixture(scope="module")
def uk_book(uk_portfolio, tmp_path_factory):
    path = tmp_path_factory.mktemp("workbook") / "uk-gmpp-2023-03.xlsx"
    write_workbook(context(uk_portfolio, "2023-03"), path, "2026-12-06 12:00 UTC", FILES)
    return load_workbook(path)


def test_name_is_portfolio_and_period(april_context):
    assert workbook_name(april_context) == "e-helse-2020-04.xlsx"


def test_projects_sheet_holds_the_april_file_s_52_projects_and_their_budgets(april_book):
    raw = raw_rows("vedlegg1_prosjektliste.tsv")
    projects = sheet_rows(april_book, "Prosjekter")
    budget = "Budsjett april 2020 (mill. kr)"
    assert len(projects) == len(raw) == 52
    assert sorted(row["ID"] for row in projects) == sorted(int(row["ID"]) for row in raw)  # numbers: 11 before 100
    raw_sum = sum(float(row["Budsjett 2020"].replace(",", ".")) for row in raw if row["Budsjett 2020"].strip())
    assert sum(row[budget] for row in projects if row[budget] is not None) == pytest.approx(raw_sum)
    assert round(raw_sum) == 1571
    by_id = {str(row["ID"]): row for row in projects}
    for row in raw:  # each project's ratings as its row gives them; a blank is an empty cell, never a word
        assert by_id[row["ID"].strip()]["Status"] == (row["Status"].strip() or None), row["ID"]


def test_numbers_are_numbers_with_a_number_format(april_book):
    sheet = april_book["Prosjekter"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Budsjett april 2020 (mill. kr)") + 1
    cells = [sheet.cell(row, column) for row in range(2, sheet.max_row + 1)]
    assert all(isinstance(cell.value, (int, float)) for cell in cells if cell.value is not None)  # 74.0 reads as 74
    assert {cell.number_format for cell in cells if cell.value is not None} == {"#,##0.0"}


def test_every_table_has_words_for_headers_a_frozen_header_and_a_filter(april_book, uk_book):
    for book in (april_book, uk_book):
        for sheet in book.worksheets[1:]:
            headers = [cell.value for cell in sheet[1]]
            assert all(header and "_" not in header for header in headers), (sheet.title, headers)
            assert sheet.freeze_panes == "A2", sheet.title
            assert sheet.auto_filter.ref == sheet.dimensions, sheet.title


def test_the_sheets_a_reader_filters(april_book, uk_book):
    assert april_book.sheetnames == ["Om", "Prosjekter", "Nye prosjekter", "Gikk ut", "Endringer", "Budsjettbro",
                                     "Rød status", "Rød risiko"]
    assert uk_book.sheetnames == ["About", "Projects", "Joined", "Left", "Changes", "Bridge", "Cost bridge",
                                  "Red delivery confidence"]


def test_joined_and_left_as_tabell_1_and_2(april_book):
    joined = sheet_rows(april_book, "Nye prosjekter")
    raw_joined = raw_rows("tabell1_nye_prosjekter.tsv")
    assert [(str(r["ID"]), r["Budsjett april 2020 (mill. kr)"]) for r in joined] == \
        [(r["ID"], float(r["Budsjett 2020 (mill)"])) for r in raw_joined]
    assert joined[0]["Status"] is None  # 131 gives no status: unknown, an empty cell
    left = {str(r["ID"]): r["Veien videre"] for r in sheet_rows(april_book, "Gikk ut")}
    for row in raw_rows("tabell2_prosjekter_ut.tsv"):
        assert left[row["ID"]] == row["Veien videre"]
    assert set(left) == {"142", "143", "183"}


def test_red_lists_are_the_pages_red_lists(april_book):
    assert {str(r["ID"]) for r in sheet_rows(april_book, "Rød status")} == {"160", "163"}
    assert {str(r["ID"]) for r in sheet_rows(april_book, "Rød risiko")} == {"101", "132", "160"}
    carried = {str(r["ID"]): r["Videreført fra"] for r in sheet_rows(april_book, "Rød risiko")}
    assert carried["101"] == "januar 2020"


def test_budget_bridge_gives_the_page_s_steps(april_book):
    steps = {r["Steg"]: r["Beløp (mill. kr)"] for r in sheet_rows(april_book, "Budsjettbro")}
    assert steps["Total januar 2020"] == 1650
    assert steps["Total april 2020"] == 1571
    assert steps["Nye"] == 7
    assert steps["Gikk ut"] is None  # January publishes no per-project budgets: unknown, not 0


def test_about_sheet_says_what_an_empty_cell_means_and_lists_the_inputs(april_book):
    text = [row[0] for row in april_book["Om"].iter_rows(values_only=True) if row[0]]
    assert text[0] == "Nasjonal e-helseportefølje: april 2020 mot januar 2020"
    assert any(line.startswith("En tom celle er en ukjent verdi") for line in text)
    assert FILES[0][0] in text
    facts = {row[0]: row[1] for row in april_book["Om"].iter_rows(values_only=True) if row[0]}
    assert facts["Data per"] == dt.datetime(2020, 3, 20)


def test_uk_changes_and_cost_bridge_are_the_analyses(uk_book, uk_portfolio):
    comparison = pa.compare(uk_portfolio, "2023-03", "2022-03")
    moves = [r["Change of delivery confidence"] for r in sheet_rows(uk_book, "Changes")]
    change = pa.status_change(comparison)
    assert moves.count("worse") == len(change.worsened) == 24
    assert moves.count("better") == len(change.improved) == 32
    bridge = [r["Amount (£m)"] for r in sheet_rows(uk_book, "Cost bridge")]
    assert bridge == pa.cost_change(comparison).bridge["amount"].tolist()
    projects = sheet_rows(uk_book, "Projects")
    assert len(projects) == 244
    ends = [r["Planned end"] for r in projects if r["Planned end"] is not None]
    assert all(isinstance(value, (dt.datetime, str)) for value in ends)
    assert sum(isinstance(value, dt.datetime) for value in ends) > 200


@pytest.mark.slow
def test_the_published_workbook_shows_what_the_pages_show(real_report):
    """The set's workbook, read back, against the overview page's text and the index's links."""
    import html
    import re

    folder = real_report.folder
    book = load_workbook(folder / "e-helse-2020-04.xlsx")
    page = html.unescape(re.sub(r"<[^>]+>", " ", (folder / "index.html").read_text(encoding="utf-8")))
    page = re.sub(r"[ \t\n]+", " ", page)  # not \s: the no-break space of 1 571 stays
    projects = sheet_rows(book, "Prosjekter")
    total = sum(r["Budsjett april 2020 (mill. kr)"] or 0 for r in projects)
    assert "52 prosjekter nå" in page and f"{round(total):,}".replace(",", "\u00a0") in page  # 1 571
    for sheet in ("Rød status", "Rød risiko"):
        for row in sheet_rows(book, sheet):
            assert row["Prosjekt"] in page
    for name in ("index.html", "risk.html"):
        assert '<a href="e-helse-2020-04.xlsx">regneark (xlsx)</a>' in (folder / name).read_text(encoding="utf-8")
    index = (folder.parents[1] / "index.html").read_text(encoding="utf-8")
    assert '<a href="e-helse/2020-04/e-helse-2020-04.xlsx">regneark (xlsx)</a>' in index


def test_a_rating_or_cost_not_given_says_why_in_the_words_of_the_pages(uk_book, uk_portfolio):
    projects = sheet_rows(uk_book, "Projects")
    ratings = [r["Delivery confidence"] for r in projects]
    assert ratings.count("Exempt (withheld)") == 11 and ratings.count("Not rated") == 1  # as the build counts them
    rows = uk_portfolio.rows("2023-03")
    cost = "Whole-life cost March 2023 (£m)"
    withheld = [r for r in projects if r[cost] is None and r["Why not given"] is not None]
    assert len(withheld) == int((rows["budget_mnok"].isna() & rows["budget_marker"].notna()).sum()) > 0
    assert {r["Why not given"] for r in withheld} <= {"Exempt (withheld)", "Not rated", "Not provided"}
