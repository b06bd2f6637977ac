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


if __name__ == "__main__":
    title_rows()
    merged_header()
    merged_header_two_rows()
    several_sheets()
    two_tables()
    formula_name()
    truncated()
