"""Writes the corpus files of issue 20 in formats other than text and plain .xlsx: .xls (BIFF), .ods, HTML
saved as .xls, an encrypted workbook, a Numbers file, a damaged .xls, a Strict Open XML workbook, and
.xlsx files whose cells carry escapes, fill colours and number formats. Run once by hand; the outputs are
committed and the tests only read them.

    .venv/bin/pip install xlwt msoffcrypto-tool   # writers only this script needs
    .venv/bin/python tests/corpus/make_formats.py

The bytes depend only on this script: zip entries carry a fixed timestamp, the encryption a fixed salt.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ZIP_TIME = (2021, 1, 15, 12, 0, 0)
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2020"]
ROWS = [[1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 10],
        [2, "Beta", "KS", "Rød", "Gul", 1571.5],
        [3, "Gamma", "Helse Vest RHF", "Grønn", "Rød", 0]]


def write_zip(name: str, parts: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (part, content) in enumerate(parts):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(part, ZIP_TIME), content, method)
    data = out.getvalue()
    if name:
        (HERE / name).write_bytes(data)
    return data


# --- .xls (BIFF8) -----------------------------------------------------------------------------------------

def xls_project_list() -> None:
    """An old-format workbook: a title row, the header on row 3, numbers stored as floats, a date and a
    boolean in an extra column, a blank row between projects."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Prosjekter")
    sheet.write(0, 0, "Innmelding januar 2021")
    for column, text in enumerate(HEADER + ["Oppstart", "Sluttført"]):
        sheet.write(2, column, text)
    dates = xlwt.easyxf(num_format_str="dd.mm.yyyy")
    for index, row in enumerate(ROWS):
        number = 3 + index + (index >= 2)  # row 6 (index 5) left blank
        for column, value in enumerate(row):
            sheet.write(number, column, float(value) if column in (0, 5) else value)
        sheet.write(number, 6, dt.datetime(2020, 1 + index, 15), dates)
        sheet.write(number, 7, index == 0)
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / "xls_project_list.xls").write_bytes(buffer.getvalue())
    damaged = buffer.getvalue()
    (HERE / "xls_damaged.xls").write_bytes(damaged[:1024])


def xls_looks() -> None:
    """An .xls whose budget cells are formatted as a percent and as kroner, and whose status cell of
    project 2 is empty and red."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Prosjekter")
    for column, text in enumerate(HEADER):
        sheet.write(0, column, text)
    styles = {(1, 5): xlwt.easyxf(num_format_str="0%"), (2, 3): xlwt.easyxf("pattern: pattern solid, fore_colour red"),
              (3, 5): xlwt.easyxf(num_format_str='"kr" #,##0')}
    values = [[1, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 0.25], [2, "Beta", "KS", "", "Gul", 1571.5],
              [3, "Gamma", "Helse Vest RHF", "Grønn", "Rød", 40]]
    for row, cells in enumerate(values, start=1):
        for column, value in enumerate(cells):
            if (row, column) in styles:
                sheet.write(row, column, value, styles[(row, column)])
            else:
                sheet.write(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / "xls_budget_percent_and_colour.xls").write_bytes(buffer.getvalue())


# --- .ods -------------------------------------------------------------------------------------------------

ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="Instruks"><table:table-row><table:table-cell office:value-type="string">
<text:p>Fyll inn arket Prosjekter</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="Prosjekter">
{rows}
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/>
</table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>
"""
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def ods_cell(value) -> str:
    if isinstance(value, str):
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f'<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>')
    return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
            "</table:table-cell>")


def ods_project_list() -> None:
    """An OpenDocument spreadsheet: an instructions sheet first, the list on the second sheet with a blank
    row above the header, a date column, and the trailing empty rows LibreOffice writes."""
    rows = [[], HEADER + ["Oppstart"]] + [row + [dt.date(2020, 1 + i, 15)] for i, row in enumerate(ROWS)]
    xml_rows = "\n".join("<table:table-row>" + ("".join(ods_cell(v) for v in row) or "<table:table-cell/>")
                         + "</table:table-row>" for row in rows)
    write_zip("ods_project_list.ods", [
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", ODS_CONTENT.format(rows=xml_rows).encode()),
        ("META-INF/manifest.xml", ODS_MANIFEST.encode()),
    ], stored_first=True)


ODS_LOOKS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:automatic-styles>
<style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:background-color="#00b050"/></style:style>
<style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:background-color="#ff0000"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Prosjekter">
{rows}
</table:table></office:spreadsheet></office:body></office:document-content>
"""


def ods_looks() -> None:
    """An .ods whose budgets are a percentage and an amount in kroner, and whose risk cells of projects 2
    and 3 are empty and coloured green and red (LibreOffice's cell styles)."""
    def text(value: str, style: str = "") -> str:
        return (f'<table:table-cell{style} office:value-type="string"><text:p>{escape(value)}</text:p>'
                "</table:table-cell>")

    rows = ["<table:table-row>" + "".join(text(h) for h in HEADER) + "</table:table-row>"]
    budgets = ['<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50 %</text:p>'
               "</table:table-cell>",
               '<table:table-cell office:value-type="currency" office:currency="NOK" office:value="1571.5"><text:p>'
               "kr 1 571,50</text:p></table:table-cell>",
               '<table:table-cell office:value-type="float" office:value="0"><text:p>0</text:p></table:table-cell>']
    risks = [text("Grønn"), '<table:table-cell table:style-name="ce1"/>', '<table:table-cell table:style-name="ce2"/>']
    for row, budget, risk in zip(ROWS, budgets, risks):
        cells = [f'<table:table-cell office:value-type="float" office:value="{row[0]}"><text:p>{row[0]}</text:p>'
                 "</table:table-cell>"] + [text(v) for v in row[1:4]] + [risk, budget]
        rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    write_zip("ods_budget_percent_and_colours.ods", [
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", ODS_LOOKS.replace("{rows}", "\n".join(rows)).encode()),
        ("META-INF/manifest.xml", ODS_MANIFEST.encode()),
    ], stored_first=True)


# --- HTML, text under a workbook's name, Numbers ------------------------------------------------------------

HTML_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=Generator content="Microsoft Excel 15"></head>
<body>
{tables}
</body></html>
"""


def html_table(rows: list[list]) -> str:
    lines = ["<table border=0 cellpadding=0 cellspacing=0>"]
    for row in rows:
        cells = "".join(f"<td>{escape(str(v))}</td>" for v in row)
        lines.append(f" <tr height=20>\n  {cells}\n </tr>")
    lines.append("</table>")
    return "\n".join(lines)


def html_files() -> None:
    """Excel's "save as web page" under an .xls name (Windows-1252, as Excel writes it); and a page with two
    tables."""
    one = html_table([HEADER] + [[str(v).replace(".", ",") for v in row] for row in ROWS])
    one = one.replace("<table border=0 cellpadding=0 cellspacing=0>",
                      "<table border=0 cellpadding=0 cellspacing=0>\n <tr><td colspan=6>Innmelding januar 2021</td>"
                      "</tr>", 1)
    (HERE / "html_saved_as_xls.xls").write_bytes(HTML_PAGE.format(tables=one).encode("cp1252"))
    two = html_table([HEADER] + ROWS[:2]) + "\n<p>Avsluttede</p>\n" + html_table([HEADER] + ROWS[2:])
    (HERE / "html_two_tables.htm").write_bytes(HTML_PAGE.format(tables=two).encode("cp1252"))


def tsv_named_xls() -> None:
    text = "\t".join(HEADER) + "\n" + "".join("\t".join(str(v) for v in row) + "\n" for row in ROWS)
    (HERE / "tsv_named_xls.xls").write_bytes(text.encode("utf-8"))


def numbers_file() -> None:
    """The parts of a Numbers document (its content is Apple's own binary format; a stub here)."""
    write_zip("numbers_file.numbers", [
        ("Index/Document.iwa", b"\x00\x00\x00stub"),
        ("Index/Metadata.iwa", b"\x00\x00\x00stub"),
        ("Metadata/Properties.plist", b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict/></plist>"),
    ])


# --- encrypted ----------------------------------------------------------------------------------------------

def encrypted_workbook() -> None:
    """A good .xlsx encrypted with the password "hemmelig" (Excel's agile encryption, a fixed salt)."""
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    class FixedTime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2021, 1, 15, 12, 0, 0)

    container.datetime = FixedTime  # the container stamps its directory with the current time

    counter = iter(range(1, 1 << 30))
    agile._random_buffer = lambda size: bytes((next(counter) * 37) % 256 for _ in range(size))
    plain = (HERE / "xlsx_title_rows.xlsx").read_bytes()
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("hemmelig", out)
    (HERE / "encrypted_workbook.xlsx").write_bytes(out.getvalue())


# --- .xlsx: Strict Open XML, escapes, formats and colours -----------------------------------------------------

def xlsx_bytes(workbook, edit=None) -> bytes:
    """The workbook saved with fixed timestamps; ``edit(part name, bytes) -> bytes`` may change its parts."""
    stamp = dt.datetime(2021, 1, 15, 12, 0, 0)
    workbook.properties.creator = "tests/corpus/make_formats.py"
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    parts = []
    with zipfile.ZipFile(buffer) as source:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2021-01-15T12:00:00Z", content)
            parts.append((info.filename, edit(info.filename, content) if edit else content))
    return write_zip("", parts)


def project_sheet(title: str = "Prosjekter"):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    return workbook, sheet


def strict_open_xml() -> None:
    """A workbook saved as "Strict Open XML Spreadsheet": the transitional namespaces renamed to the
    Strict ones (purl.oclc.org), as Excel writes them."""
    def strict(name: str, content: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return content
        content = content.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                  b"http://purl.oclc.org/ooxml/spreadsheetml/main")
        content = content.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                  b"http://purl.oclc.org/ooxml/officeDocument/relationships")
        if name == "xl/workbook.xml":
            content = content.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
        return content

    workbook, _ = project_sheet()
    (HERE / "xlsx_strict_open_xml.xlsx").write_bytes(xlsx_bytes(workbook, strict))


def excel_escapes() -> None:
    """Names as Excel writes a carriage return (``_x000D_``) and a literal ``_x`` (``_x005F_``), in a shared
    and in an inline string."""
    workbook, sheet = project_sheet()
    sheet["B2"] = "Alpha fase 2_x000D_"
    sheet["B3"] = "Beta_x005F_x0031_"

    def inline(name: str, content: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return content
        cell = re.search(rb'<c r="B4"[^>]*>.*?</c>', content)[0]
        return content.replace(cell, b'<c r="B4" t="inlineStr"><is><t>Gamma_x0020_og_x0020_Delta</t></is></c>')

    (HERE / "xlsx_excel_escapes.xlsx").write_bytes(xlsx_bytes(workbook, inline))


def budget_formats() -> None:
    """Budget cells formatted as a percent (0.12 shown as 12 %) and as kroner; one plain."""
    workbook, sheet = project_sheet()
    sheet["F2"] = 0.12
    sheet["F2"].number_format = "0%"
    sheet["F3"].number_format = '"kr" #,##0.00'
    (HERE / "xlsx_budget_formats.xlsx").write_bytes(xlsx_bytes(workbook))


def status_colours() -> None:
    """The status column left empty, each cell coloured green, yellow or red instead."""
    from openpyxl.styles import PatternFill

    workbook, sheet = project_sheet()
    for row, colour in ((2, "FF00B050"), (3, "FFFFFF00"), (4, "FFFF0000")):
        sheet[f"D{row}"] = None
        sheet[f"D{row}"].fill = PatternFill("solid", fgColor=colour)
    (HERE / "xlsx_status_colours.xlsx").write_bytes(xlsx_bytes(workbook))


def entity_declaration() -> None:
    """A sheet whose XML declares entities that multiply ("billion laughs") and uses one in a name: what no
    spreadsheet program writes, refused before any entity is expanded."""
    workbook, sheet = project_sheet()
    sheet["B2"] = "LAUGHS"

    def declare(name: str, content: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return content
        laughs = b'<!DOCTYPE worksheet [<!ENTITY a "ha">' + b"".join(
            b'<!ENTITY %c "%s">' % (ord("a") + n, b"&%c;" % (ord("a") + n - 1) * 10) for n in range(1, 9)) + b"]>"
        content = content.replace(b"<worksheet", laughs + b"<worksheet", 1)
        cell = re.search(rb'<c r="B2"[^>]*>.*?</c>', content)[0]
        return content.replace(cell, b'<c r="B2" t="inlineStr"><is><t>&i;</t></is></c>')

    (HERE / "xlsx_entity_declaration.xlsx").write_bytes(xlsx_bytes(workbook, declare))


if __name__ == "__main__":
    xls_project_list()
    xls_looks()
    ods_project_list()
    ods_looks()
    html_files()
    tsv_named_xls()
    numbers_file()
    encrypted_workbook()
    strict_open_xml()
    excel_escapes()
    budget_formats()
    status_colours()
    entity_declaration()
