"""Workbooks read over the cells they hold: bounded work whatever size a sheet claims, the bounds on
columns and on runs of empty rows, and the parts of a workbook as Excel writes them (shared strings,
date styles, shared formulas), checked against openpyxl's own reading of the same file."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from portfolio_analysis.settings.maps import column_aliases
from portfolio_analysis.read.table import IGNORED, read_table
from portfolio_analysis.read.xlsx.workbook import MAX_EMPTY_ROWS, cell_text

REPO = Path(__file__).resolve().parents[2]
SHOWN = "raw/mini/2021-01/prosjektliste.xlsx"
REQUIRED = ("project_id", "project_name", "actor", "status", "risk", "budget")
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2021"]
ONE_GIGABYTE_KB = 1024 * 1024


def read(path):
    return read_table(path, SHOWN, column_aliases(), required=REQUIRED)


def workbook_with(path: Path, cells: dict[str, object]) -> Path:
    """A one-sheet workbook: the header, project 1 in row 2, and ``cells`` (e.g. a stray cell)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Prosjekter"
    sheet.append(HEADER)
    sheet.append([1, "Alpha", "KS", "Gul", "Grønn", 10])
    for reference, value in cells.items():
        sheet[reference] = value
    workbook.save(path)
    return path


MEASURE = """
import json, resource, sys
from portfolio_analysis.cli.main import main
codes = [main(["validate", path, "--portfolio", "mini", "--data-dir", sys.argv[1]]) for path in sys.argv[2:]]
print(json.dumps({"codes": codes, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def test_a_stray_cell_in_the_last_row_or_column_is_one_error_and_memory_stays_bounded(mini):
    """A 5 KB file whose sheet claims A1:XFD1048576 (once MemoryError at 6.6 GB) or A1:A1048576 (once
    3.3 GB and a million log rows): one error naming the cell, read in one process that stays under 1 GB."""
    folder = mini / "raw" / "mini" / "2021-01"
    corner = workbook_with(folder / "hjørne.xlsx", {"XFD1048576": "x"})
    bottom = workbook_with(folder / "bunn.xlsx", {"A1048576": "x"})
    assert corner.stat().st_size < 6000 and bottom.stat().st_size < 6000
    result = subprocess.run([sys.executable, "-c", MEASURE, str(mini), str(corner), str(bottom)],
                            capture_output=True, text=True, timeout=300, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    measured = json.loads(result.stdout.splitlines()[-1])
    assert measured["codes"] == [1, 1], result.stderr
    assert measured["peak_kb"] < ONE_GIGABYTE_KB, measured
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    corner, bottom = (path.relative_to(mini.parent).as_posix() for path in (corner, bottom))
    assert errors == [
        f"{corner}:1048576: error: a value in cell XFD1048576 of sheet 'Prosjekter', beyond column GR; not read, as "
        "a table ends at column GR (the 200th); column 'XFD'; value 'x'; expected a table within columns A–GR "
        "(delete the stray cell)",
        f"{bottom}:1048576: error: a value in cell A1048576 of sheet 'Prosjekter', after 1048573 empty rows; not "
        "read, as a run of more than 1000 empty rows ends the table (at row 2); column 'A'; value 'x'; expected the "
        "rows of the table together (delete the stray cell, or move its row up)"]


def test_the_size_a_sheet_claims_is_not_read(tmp_path):
    """A <dimension> of A1:XFD1048576 over two rows: the two rows, nothing else, no problem."""
    path = workbook_with(tmp_path / "prosjektliste.xlsx", {})
    claimed = tmp_path / "claimed.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(claimed, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', content)
                assert count == 1
            target.writestr(info, content)
    table = read(claimed)
    assert table.problems == []
    assert table.frame[["project_id", "project_name", "source_row"]].values.tolist() == [["1", "Alpha", 2]]


def test_a_run_of_empty_rows_up_to_the_limit_is_read_one_more_ends_the_table(tmp_path):
    last_read = 2 + MAX_EMPTY_ROWS + 1
    within = read(workbook_with(tmp_path / "innenfor.xlsx", {f"A{last_read}": 2, f"B{last_read}": "Beta"}))
    assert within.problems == []
    assert within.frame.loc[within.frame["project_id"] != "", "source_row"].tolist() == [2, last_read]
    beyond = read(workbook_with(tmp_path / "utenfor.xlsx", {f"A{last_read + 1}": 2, f"B{last_read + 1}": "Beta"}))
    assert [p.message for p in beyond.problems] == [
        f"a value in cell A{last_read + 1} of sheet 'Prosjekter', after 1001 empty rows; not read, as a run of more "
        "than 1000 empty rows ends the table (at row 2); 1 more such cells are not read either"]
    assert beyond.frame["project_id"].tolist() == ["1"]


def test_cell_text_writes_numbers_in_full():
    assert [cell_text(v) for v in (0.00001, 1.5e-7, 1e20, 2.0, 1571.5, 131, None, True)] == [
        "0.00001", "0.00000015", "100000000000000000000", "2", "1571.5", "131", "", "True"]


# --- a workbook as Excel writes it -----------------------------------------------------------------

PARTS = {
    "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>""",
    "_rels/.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>""",
    "xl/workbook.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Innmelding" sheetId="1" r:id="rId1"/></sheets></workbook>""",
    "xl/_rels/workbook.xml.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>""",
    "xl/sharedStrings.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">
<si><t>ID</t></si><si><t>Prosjektnavn</t></si><si><t>Ansvarlig virksomhet</t></si><si><t>Status</t></si>
<si><t>Risiko</t></si><si><t>Budsjett 2021</t></si>
<si><r><rPr><b/></rPr><t>Kjerne</t></r><r><t xml:space="preserve">journal på tvers</t></r></si>
<si><t>Helse Sør-Øst RHF</t></si><si><t>Gul</t></si><si><t>Frist</t></si>
</sst>""",
    "xl/styles.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>
</styleSheet>""",
    "xl/worksheets/sheet1.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:G3"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>9</v></c></row>
<row r="2"><c r="A2"><v>131</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>7</v></c><c r="D2" t="s"><v>8</v></c><c r="E2" t="s"><v>8</v></c><c r="F2"><f>10+2.5</f><v>12.5</v></c><c r="G2" s="1"><v>44211</v></c></row>
<row r="3"><c><v>132</v></c><c t="inlineStr"><is><t>Beta</t></is></c><c t="str"><f>"K"&amp;"S"</f><v>KS</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c r="F3"><f t="shared" ref="F3:F4" si="0">F2*2</f><v>25</v></c><c r="G3" s="2"><v>44212.5</v></c></row>
<row r="4"><c r="A4"><v>1E-05</v></c><c r="F4"><f t="shared" si="0"/><v>50</v></c></row>
</sheetData></worksheet>""",
}


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl, on the minimal styles.xml
def test_a_workbook_as_excel_writes_it_reads_as_openpyxl_reads_it(tmp_path):
    """Shared strings (one in two formatted runs), a custom and a built-in date style, a shared formula,
    a formula's text result, a boolean, an error value and cells without a reference: each cell's text is
    what openpyxl reads for it, and the formulas are warned with their text."""
    path = tmp_path / "prosjektliste.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
    table = read(path)
    values = load_workbook(path, data_only=True).active
    expected = {column: [cell_text(values.cell(row, position).value) for row in (2, 3, 4)]
                for column, position in (("project_id", 1), ("project_name", 2), ("actor", 3), ("status", 4),
                                         ("risk", 5), ("budget", 6))}
    assert table.frame[list(expected)].to_dict(orient="list") == expected
    assert expected == {"project_id": ["131", "132", "0.00001"],
                        "project_name": ["Kjernejournal på tvers", "Beta", ""], "actor": ["Helse Sør-Øst RHF", "KS", ""],
                        "status": ["Gul", "True", ""], "risk": ["Gul", "#N/A", ""], "budget": ["12.5", "25", "50"]}
    warned = [(p.row, p.column, p.value) for p in table.problems if "formula" in p.message]
    assert warned == [(2, "Budsjett 2021", "=10+2.5"), (3, "Ansvarlig virksomhet", '="K"&"S"'),
                      (3, "Budsjett 2021", "=F2*2"), (4, "Budsjett 2021", "=F3*2")]
    unknown = [p for p in table.problems if p.message == "unknown column, ignored"]
    assert [p.value for p in unknown] == ["Frist"]
    dates = [cell_text(values.cell(row, 7).value) for row in (2, 3, 4)]
    assert table.frame[IGNORED].tolist() == dates == ["2021-01-15T00:00:00", "2021-01-16T12:00:00", ""]
