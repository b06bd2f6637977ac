"""Writes the .xlsx files of the corpus. Run once by hand; the outputs are committed and the tests only read them.

    .venv/bin/python tests/corpus/make_xlsx.py

The bytes depend only on this script: document properties and the zip entries carry a fixed timestamp
(openpyxl stamps "modified" with the current time on save, so the saved file is rewritten).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
STAMP = dt.datetime(2021, 1, 15, 12, 0, 0)
ZIP_TIME = (2021, 1, 15, 12, 0, 0)
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2020"]


def save(workbook: Workbook, name: str) -> bytes:
    workbook.properties.creator = "tests/corpus/make_xlsx.py"
    workbook.properties.created = STAMP
    workbook.properties.modified = STAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    out = io.BytesIO()
    iso = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso, content)
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    (HERE / name).write_bytes(data)
    return data


def title_rows() -> None:
    """A title merged across the table, a line naming the sender and a blank row above the header (row 4)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Innmelding"
    ws.append(["Nasjonal e-helseportefølje: innmelding januar 2021"])
    ws.merge_cells("A1:F1")
    ws.append(["Innmeldt av: porteføljekontoret, 15.01.2021"])
    ws.append([])
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    ws.append([2.0, "Beta", "KS", "Rød", "Gul", 1571.5])
    ws.append([3, "Gamma", "Helse Vest RHF", "Grønn", "Rød", 0])
    save(wb, "xlsx_title_rows.xlsx")


def merged_header() -> None:
    """``Budsjett 2020`` merged across two columns, with a comment in the second: values under no header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER + [None])
    ws.merge_cells("F1:G1")
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10, "inkl. mva"])
    ws.append([2, "Beta", "KS", "Rød", "Gul", 5, None])
    ws.append([3, "Gamma", "KS", "Gul", "Gul", 7, "foreløpig"])
    save(wb, "xlsx_merged_header.xlsx")


def merged_header_two_rows() -> None:
    """A two-row header: ``Vurdering`` merged over Status and Risiko, the other headers merged down two rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Vurdering", None, "Budsjett 2020"])
    ws.append([None, None, None, "Status", "Risiko", None])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"):
        ws.merge_cells(cells)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    ws.append([2, "Beta", "KS", "Rød", "Gul", 5])
    save(wb, "xlsx_merged_header_two_rows.xlsx")


def several_sheets() -> None:
    """Instructions first, the project list second, a code list third: the sheet with the table is read."""
    wb = Workbook()
    guide = wb.active
    guide.title = "Veiledning"
    guide.append(["Slik fyller du ut innmeldingen"])
    guide.append(["Én rad per prosjekt. Status og risiko: Grønn, Gul eller Rød."])
    projects = wb.create_sheet("Prosjekter")
    projects.append(HEADER)
    projects.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    projects.append([2, "Beta", "KS", "Gul", "Gul", 5.5])
    projects.append([3, "Gamma", "Folkehelseinstituttet", "Rød", "Gul", 2])
    codes = wb.create_sheet("Kodeverk")
    codes.append(["Status"])
    for label in ("Grønn", "Gul", "Rød"):
        codes.append([label])
    save(wb, "xlsx_several_sheets.xlsx")


def two_tables() -> None:
    """Two sheets that each hold a project list: which one is the submission is not clear."""
    wb = Workbook()
    first = wb.active
    first.title = "Januar"
    first.append(HEADER)
    first.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    second = wb.create_sheet("April")
    second.append(HEADER)
    second.append([1, "Alpha", "Helsedirektoratet", "Rød", "Rød", 12])
    save(wb, "xlsx_two_tables.xlsx")


def formula_name() -> None:
    """A project name that is a real spreadsheet formula (no cached value, as openpyxl writes it)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, '=HYPERLINK("https://example.org/x","Klikk her")', "Helsedirektoratet", "Gul", "Grønn", 10])
    ws.append([2, "Beta", "KS", "Rød", "Gul", 5])
    save(wb, "xlsx_formula_name.xlsx")


def truncated() -> None:
    """A workbook cut off half-way, as an interrupted upload leaves it."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    data = save(wb, "truncated.xlsx")
    (HERE / "truncated.xlsx").write_bytes(data[: len(data) // 2])


def hidden_row() -> None:
    """Row 3 (project 2, budget 999) hidden: read, with a warning, as a reader in Excel would not see it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    ws.append([2, "Beta", "KS", "Rød", "Gul", 999])
    ws.append([3, "Gamma", "Folkehelseinstituttet", "Gul", "Gul", 2])
    ws.row_dimensions[3].hidden = True
    save(wb, "xlsx_hidden_row.xlsx")


def filtered_row() -> None:
    """An autofilter showing status Gul only: row 3 (Rød) is filtered out, as Excel hides it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    ws.append([2, "Beta", "KS", "Rød", "Gul", 5])
    ws.append([3, "Gamma", "Folkehelseinstituttet", "Gul", "Gul", 2])
    ws.auto_filter.ref = "A1:F4"
    ws.auto_filter.add_filter_column(3, ["Gul"])
    ws.row_dimensions[3].hidden = True
    save(wb, "xlsx_filtered_row.xlsx")


def hidden_sheet() -> None:
    """A visible cover sheet and the project list on a hidden sheet."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Forside"
    cover.append(["Innmelding januar 2021: se arket Prosjekter"])
    projects = wb.create_sheet("Prosjekter")
    projects.append(HEADER)
    projects.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    projects.append([2, "Beta", "KS", "Rød", "Gul", 5])
    projects.sheet_state = "hidden"
    save(wb, "xlsx_hidden_sheet.xlsx")


def small_numbers() -> None:
    """Budgets stored as numbers that Python writes with an exponent (1e-05, 1.5e-07)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 0.00001])
    ws.append([2, "Beta", "KS", "Rød", "Gul", 2.5])
    ws.append([3, "Gamma", "Folkehelseinstituttet", "Gul", "Gul", 1.5e-7])
    save(wb, "xlsx_small_numbers.xlsx")


def empty_rows() -> None:
    """999 empty rows between two projects (rows 3-1001): read, and one line in the quality log."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    for cell, value in zip("ABCDEF", [2, "Beta", "KS", "Rød", "Gul", 5]):
        ws[f"{cell}1002"] = value
    save(wb, "xlsx_empty_rows.xlsx")


def stray_cell_far_below() -> None:
    """A stray cell at A1048576, a million rows below the table: the sheet claims A1:F1048576."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    ws["A1048576"] = "x"
    save(wb, "xlsx_stray_cell_far_below.xlsx")


def stray_cell_far_right() -> None:
    """A stray cell at XFD2, the last column of the sheet, beside the first project."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Prosjekter"
    ws.append(HEADER)
    ws.append([1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10])
    ws["XFD2"] = "x"
    save(wb, "xlsx_stray_cell_far_right.xlsx")


if __name__ == "__main__":
    title_rows()
    merged_header()
    merged_header_two_rows()
    several_sheets()
    two_tables()
    formula_name()
    truncated()
    hidden_row()
    filtered_row()
    hidden_sheet()
    small_numbers()
    empty_rows()
    stray_cell_far_below()
    stray_cell_far_right()
