"""A file in a period folder is read, or the build stops (issue 20): the format comes from the content, the
workbooks that are not .xlsx read as the same text an .xlsx gives, and the formats nobody reads here are
one clear error each, never an organisation silently carried from the last period."""

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from portfolio_analysis.settings.maps import column_aliases
from portfolio_analysis.settings.problems import errors_in
from portfolio_analysis.read.table import read_table
from portfolio_analysis.read.spreadsheets import read_xls
from portfolio_analysis.read.xlsx.workbook import read_xlsx
from portfolio_analysis.read.xlsx.stream import unescape

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REQUIRED = ("project_id", "project_name", "actor", "status", "risk", "budget")
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2020"]


def read(path: Path):
    return read_table(path, path.name, column_aliases(), required=REQUIRED)


def test_an_xls_reads_as_the_same_text_as_an_xlsx_with_the_same_values(tmp_path):
    """Ids stored as floats, a decimal, a date and a boolean: the .xls reader and the .xlsx reader give
    the same text for every cell (make_formats.py wrote the .xls)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Innmelding januar 2021"])
    sheet.append([])
    sheet.append(HEADER + ["Oppstart", "Sluttført"])
    values = [[1.0, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10.0, dt.datetime(2020, 1, 15), True],
              [2.0, "Beta", "KS", "Rød", "Gul", 1571.5, dt.datetime(2020, 2, 15), False],
              [],
              [3.0, "Gamma", "Helse Vest RHF", "Grønn", "Rød", 0.0, dt.datetime(2020, 3, 15), False]]
    for row in values:
        sheet.append(row)
    for row in range(4, 8):
        sheet[f"G{row}"].number_format = "dd.mm.yyyy"
    workbook.save(tmp_path / "same.xlsx")
    aliases = column_aliases()
    xls_rows, xls_problems = read_xls(CORPUS / "xls_project_list.xls", "x.xls", aliases)
    xlsx_rows, xlsx_problems = read_xlsx(tmp_path / "same.xlsx", "x.xls", aliases)
    assert xls_rows == xlsx_rows
    assert xls_rows[3] == ["1", "Alpha", "Helsedirektoratet", "Gul", "Grønn", "10", "2020-01-15T00:00:00", "True"]
    assert xls_problems == xlsx_problems == []


@pytest.mark.parametrize("text, decoded", [
    ("Alpha_x000D_", "Alpha\r"),
    ("Beta_x005F_x000D_", "Beta_x000D_"),  # _x005F_ is a literal underscore
    ("_x0041__x0042_", "AB"),
    ("smil _xD83D__xDE00_", "smil \U0001F600"),  # a surrogate pair is one character
    ("halv _xD83D_", "halv _xD83D_"),  # a lone surrogate stays as written
    ("_x00zz_ og x000D_", "_x00zz_ og x000D_"),
])
def test_excel_escapes_are_decoded(text, decoded):
    assert unescape(text) == decoded


def test_the_format_comes_from_the_content_not_the_name(tmp_path):
    """A CSV named .xlsx is read as text and a workbook named .csv as a workbook, each with a warning."""
    text = tmp_path / "prosjektliste.xlsx"
    text.write_text("ID;Prosjektnavn;Ansvarlig virksomhet;Status;Risiko;Budsjett 2020\n1;Alpha;KS;Gul;Gul;5\n",
                    encoding="utf-8")
    table = read(text)
    assert table.frame["project_name"].tolist() == ["Alpha"]
    assert [p.message for p in table.problems] == ["the file is named .xlsx but holds text (CSV or TSV); read as "
                                                   "what it holds"]
    workbook = tmp_path / "prosjektliste.csv"
    shutil.copyfile(CORPUS / "xlsx_title_rows.xlsx", workbook)
    table = read(workbook)
    assert table.frame["project_id"].tolist() == ["1", "2", "3"]
    assert table.problems[0].severity == "warning" and "holds an Excel workbook (.xlsx)" in table.problems[0].message


def test_a_web_page_named_csv_is_read_as_its_one_table(tmp_path):
    path = tmp_path / "prosjektliste.csv"
    path.write_bytes(b"\xef\xbb\xbf<!DOCTYPE html>\n<html><body><table><tr><th>ID</th><th>Prosjektnavn</th></tr>"
                     b"<tr><td>7</td><td>Bl\xc3\xa5 <b>fase</b>&nbsp;2</td></tr></table></body></html>")
    table = read(path)
    assert table.frame["project_name"].tolist() == ["Blå fase 2"]
    assert table.frame["source_row"].tolist() == [2]
    assert "holds an HTML table" in table.problems[0].message


def test_an_excel_binary_workbook_is_an_error_saying_what_to_do(tmp_path):
    import zipfile

    path = tmp_path / "prosjektliste.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert [str(p) for p in errors_in(read(path).problems)] == [
        "prosjektliste.xlsb: error: an Excel binary workbook (.xlsb), which is not read here; expected the workbook "
        "saved as an Excel Workbook (.xlsx), or as .csv"]


def test_an_excel_2003_xml_spreadsheet_is_an_error_saying_what_to_do(tmp_path):
    path = tmp_path / "prosjektliste.xls"
    path.write_text('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns='
                    '"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>', encoding="utf-8")
    table = read(path)
    assert not table.readable
    assert [str(p) for p in errors_in(table.problems)] == [
        "prosjektliste.xls: error: an Excel 2003 XML spreadsheet, which is not read here; expected the file saved "
        "as an Excel Workbook (.xlsx), or as .csv"]


def test_an_ods_whose_xml_declares_entities_is_refused_before_they_are_expanded(tmp_path):
    path = tmp_path / "prosjektliste.ods"
    shutil.copy(CORPUS / "ods_project_list.ods", path)
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for info, content in parts.items():
            if info.filename == "content.xml":
                content = re.sub(rb"(<\?xml[^>]*\?>)", rb'\1<!DOCTYPE d [<!ENTITY a "ha">]>', content, count=1)
            archive.writestr(info, content)
    assert [str(p) for p in errors_in(read(path).problems)] == [
        "prosjektliste.ods: error: the workbook's XML holds a document type declaration (in content.xml), which no "
        "spreadsheet program writes; the workbook is not read; expected a workbook as Excel or LibreOffice saves it "
        "(save it again from Excel)"]


def build(data: Path, capsys) -> tuple[int, str]:
    code = main(["build", "--portfolio", "mini", "--data-dir", str(data)])
    return code, capsys.readouterr().err


def test_a_period_of_xls_ods_and_an_encrypted_workbook_stops_with_one_line_for_the_encrypted_one(mini, capsys):
    """An .xls, an .ods and an encrypted workbook in the second period: one error, naming the encrypted
    file, nothing written; without it the period builds with the rows of both workbooks, none carried."""
    folder = mini / "raw" / "mini" / "2021-04"
    folder.mkdir()
    shutil.copyfile(CORPUS / "xls_project_list.xls", folder / "prosjektliste_a.xls")
    pd.DataFrame([HEADER, [4, "Delta", "Norsk Helsenett", "Gul", "Gul", 5]]).to_excel(
        folder / "prosjektliste_b.ods", engine="odf", header=False, index=False)
    shutil.copyfile(CORPUS / "encrypted_workbook.xlsx", folder / "prosjektliste_c.xlsx")
    code, err = build(mini, capsys)
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == ["data/raw/mini/2021-04/prosjektliste_c.xlsx: error: the workbook has a password (it is "
                      "encrypted); expected the workbook saved without a password (File > Info > Protect Workbook > "
                      "Encrypt with Password: clear it), or exported as .csv"]
    assert not (mini / "processed" / "mini").exists()
    (folder / "prosjektliste_c.xlsx").unlink()
    code, err = build(mini, capsys)
    assert code == 0, err
    panel = pa.load_panel("mini", mini)
    april = panel[panel["report_period"] == "2021-04"].set_index("project_id")
    assert sorted(april.index) == [1, 2, 3, 4]
    assert april.loc[4, "actor"] == "Norsk Helsenett" and april.loc[2, "budget_mnok"] == 1571.5
    assert april["carried_from"].isna().all()


# --- the simulated portfolios, their files saved in the other formats -------------------------------------------

def ods_bytes(rows: list[list[str]]) -> bytes:
    """A minimal OpenDocument spreadsheet of text cells, one table."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    cells = "\n".join("<table:table-row>" + ("".join(
        f'<table:table-cell office:value-type="string"><text:p>{escape(cell)}</text:p></table:table-cell>'
        if cell else "<table:table-cell/>" for cell in row) or "<table:table-cell/>") + "</table:table-row>"
        for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               f'<table:table table:name="Ark1">{cells}</table:table></office:spreadsheet></office:body>'
               "</office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:'
                         'manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                         'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                         "</manifest:manifest>", zipfile.ZIP_DEFLATED)
    return out.getvalue()


def html_bytes(rows: list[list[str]]) -> bytes:
    from xml.sax.saxutils import escape

    body = "\n".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<html><head><meta charset=utf-8></head><body><table>\n{body}\n</table></body></html>".encode()


def test_a_simulated_portfolio_saved_as_ods_and_html_builds_the_same_panel_and_loses_nothing(tmp_path):
    """Every table file of a simulated portfolio (per organisation, with the quirks) saved again as an .ods
    or as a web page named .xls, line for line: the same panel, every line processed or logged."""
    from portfolio_analysis.simulate import simulate_portfolio
    from test_nothing_lost import assert_nothing_lost, table_files

    data = tmp_path / "data"
    # without the details: their comments hold line breaks, which a line-by-line copy would split
    sim = simulate_portfolio(data, periods=3, projects=12, seed=7, formats=("tsv",), submissions="per_organisation",
                             details=False)
    pa.build(sim.portfolio, data)
    before = pa.load_panel(sim.portfolio, data)
    for index, path in enumerate(table_files(data, sim.portfolio)):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8-sig").splitlines()]
        target = path.with_suffix(".ods" if index % 2 else ".xls")
        target.write_bytes(ods_bytes(rows) if index % 2 else html_bytes(rows))
        path.unlink()
    pa.build(sim.portfolio, data)
    after = pa.load_panel(sim.portfolio, data)
    assert set(after["source_file"].str[-4:]) == {".ods", ".xls"}
    same = [column for column in before.columns if column not in ("source_file", "carried_from")]
    pd.testing.assert_frame_equal(after[same], before[same])
    assert_nothing_lost(data, sim.portfolio)
