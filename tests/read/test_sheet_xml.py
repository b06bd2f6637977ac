"""The one sheet reader (read/xlsx/sheet_xml.py): every cell of what spreadsheet programs write reads as openpyxl
reads it (values, formulas, hidden rows, the autofilter); a Strict Open XML workbook as the same workbook saved
transitional; a document type or entity declaration anywhere in a workbook is refused with one clear error, its
entities never expanded; XML that is not a worksheet's shape is an error, not a guess."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_analysis.read.xlsx.sheet_xml import SheetRows
from portfolio_analysis.read.xlsx.stream import DeclarationRefused, open_archive, open_workbook
from portfolio_analysis.read.xlsx.workbook import read_xlsx
from portfolio_analysis.settings.maps import column_aliases
from portfolio_analysis.settings.problems import UnreadableFile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'spreadsheetml.sharedStrings+xml"/>'
         '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'spreadsheetml.styles+xml"/></Types>')
STRINGS = ['<si><t>ID</t></si>', '<si><t>Prosjektnavn</t></si>',
           '<si><r><rPr><b/></rPr><t>Kjerne</t></r><r><t xml:space="preserve">journal på tvers</t></r></si>',
           '<si><t>linje\nto</t><rPh sb="0" eb="1"><t>fonetisk</t></rPh></si>']
STYLES = ('<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/>'
          '</numFmts><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill/></fill></fills>'
          '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
          '<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>')


def workbook(path: Path, rows: str, after: str = "", sheet_head: str = HEAD, strings_head: str = HEAD,
             namespaces: tuple[str, str] = (MAIN, RELS), **parts: str) -> Path:
    """A workbook of one sheet "Ark1" whose <sheetData> holds ``rows`` (and ``after`` it, the rest of the
    worksheet); shared strings :data:`STRINGS`; style 1 shows a date, style 2 a date and time."""
    main, rels = namespaces
    contents = {
        "[Content_Types].xml": TYPES,
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{HEAD}<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
                           '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}">'
                                      f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
                                      f'<Relationship Id="rId2" Type="{rels}/sharedStrings" Target="sharedStrings.xml"/>'
                                      f'<Relationship Id="rId3" Type="{rels}/styles" Target="styles.xml"/>'
                                      '</Relationships>',
        "xl/sharedStrings.xml": f'{strings_head}<sst xmlns="{main}">{"".join(STRINGS)}</sst>',
        "xl/styles.xml": HEAD + STYLES.format(main=main),
        "xl/worksheets/sheet1.xml": f'{sheet_head}<worksheet xmlns="{main}"><sheetData>{rows}</sheetData>{after}'
                                    '</worksheet>',
    }
    contents.update({name.replace("__", "/").replace("_xml", ".xml"): text for name, text in parts.items()})
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in contents.items():
            archive.writestr(name, text)
    return path


def read_rows(path: Path) -> tuple[list, tuple[int, int] | None]:
    with open_archive(path) as archive:
        stream = SheetRows(open_workbook(archive), open_workbook(archive).sheets[0])
        return list(stream.rows()), stream.filter_range


AS_WRITTEN = {
    "shared strings (one in formatted runs, one with a phonetic run), numbers, dates, a boolean, an "
    "error": '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
             '<row r="2"><c r="A2"><v>131</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c>'
             '<c r="D2" s="1"><v>44211</v></c><c r="E2" s="2"><v>44211.5</v></c><c r="F2" t="b"><v>1</v></c>'
             '<c r="G2" t="e"><v>#N/A</v></c><c r="H2"><v>1E-05</v></c><c r="I2"><v>-2.5</v></c></row>',
    "inline strings: plain, in runs with a phonetic run, with entities, character references and CDATA":
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Alpha</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>Kjerne</t></r><rPh sb="0" eb="1"><t>fonetisk</t></rPh>'
        '<r><t xml:space="preserve"> journal </t></r></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Alfa &amp; Beta&#10;to <![CDATA[a<b]]></t></is></c>'
        '<c r="D1" t="str"><v>&lt;x&gt;</v></c></row>',
    "comments and processing instructions between and inside elements":
        '<!-- skjult notat --><row r="1"><?mso-application progid="Excel.Sheet"?><c r="A1"><!-- a --><v>7</v></c>'
        '<c r="B1" t="inlineStr"><is><t>før<!-- midt -->etter</t></is></c></row><!-- slutt -->',
    "formulas: plain, shared and translated to each cell, with and without a stored result, a text result":
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>4</v></c>'
        '<c r="C2"><f>SUM(A1:A2)</f></c></row>'
        '<row r="3"><c r="B3"><f t="shared" si="0"/><v>6</v></c><c r="C3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
        '<row r="4"><c r="B4"><f t="shared" si="0"/><v>8</v></c></row>',
    "cells and rows without references, empty cells, rows with gaps":
        '<row><c><v>1</v></c><c/><c t="s"><v>0</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>'
        '<row r="9" spans="1:2"><c r="B9" s="1"/></row>',
    "hidden rows and an autofilter with a condition": (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" hidden="1"><c r="A2"><v>2</v></c></row>'
        '<row r="3" hidden="true"><c r="A3"><v>3</v></c></row><row r="4" hidden="0"><c r="A4"><v>4</v></c></row>',
        '<autoFilter ref="A1:C9"><filterColumn colId="0"><filters><filter val="4"/></filters></filterColumn>'
        '</autoFilter>'),
    "an autofilter without a condition": ('<row r="1"><c r="A1"><v>1</v></c></row>', '<autoFilter ref="A1:C9"/>'),
    "merged cells": ('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"/><c r="C1"/></row>'
                     '<row r="2"><c r="A2"><v>5</v></c></row>', '<mergeCells count="1"><mergeCell ref="A1:C1"/>'
                                                                 '</mergeCells>'),
}


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on parts it does not model
@pytest.mark.parametrize("sheet", AS_WRITTEN.values(), ids=AS_WRITTEN.keys())
def test_every_cell_reads_as_openpyxl_reads_it(sheet, tmp_path):
    rows, after = sheet if isinstance(sheet, tuple) else (sheet, "")
    path = workbook(tmp_path / "prosjektliste.xlsx", rows, after)
    read, filter_range = read_rows(path)
    values, formulas = load_workbook(path, data_only=True).active, load_workbook(path).active
    cells = {(row.number, cell.column): cell for row in read for cell in row.cells}
    assert cells, "the sheet reads as empty"
    assert {key: cell.value for key, cell in cells.items()} == {
        key: values.cell(*key).value for key in cells}
    assert {key: cell.formula for key, cell in cells.items()} == {
        key: formula if isinstance(formula := formulas.cell(*key).value, str) and formula.startswith("=") else None
        for key in cells}
    assert not {(r, c) for r, c in values._cells if values.cell(r, c).value is not None} - set(cells)
    assert {row.number for row in read if row.hidden} == {
        number for number, dimension in values.row_dimensions.items() if dimension.hidden}
    conditions = values.auto_filter.ref and values.auto_filter.filterColumn
    assert filter_range == ((2, 9) if conditions else None)


def test_a_strict_open_xml_workbook_reads_as_the_same_workbook_saved_transitional(tmp_path):
    rows, after = AS_WRITTEN["hidden rows and an autofilter with a condition"]
    rows += ('<row r="5"><c r="A5" t="s"><v>2</v></c><c r="B5" s="1"><v>44211</v></c><c r="C5" t="inlineStr">'
             '<is><t>Beta</t></is></c><c r="D5"><f t="shared" ref="D5:D6" si="0">A4*2</f><v>8</v></c></row>'
             '<row r="6"><c r="D6"><f t="shared" si="0"/><v>10</v></c></row>')
    strict = ("http://purl.oclc.org/ooxml/spreadsheetml/main", "http://purl.oclc.org/ooxml/officeDocument/relationships")
    transitional = read_rows(workbook(tmp_path / "transitional.xlsx", rows, after))
    assert read_rows(workbook(tmp_path / "strict.xlsx", rows, after, namespaces=strict)) == transitional
    assert transitional[1] == (2, 9) and len(transitional[0]) == 6


def test_only_the_sheets_own_autofilter_hides_rows_not_a_custom_views(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="5" hidden="1"><c r="A5"><v>5</v></c></row>'
    view = ('<customSheetViews><customSheetView guid="{00000000-0000-0000-0000-000000000001}">'
            '<autoFilter ref="A4:B9"><filterColumn colId="1"/></autoFilter></customSheetView></customSheetViews>')
    assert read_rows(workbook(tmp_path / "egen.xlsx", rows, AS_WRITTEN["hidden rows and an autofilter with a "
                                                                       "condition"][1] + view))[1] == (2, 9)
    assert read_rows(workbook(tmp_path / "visning.xlsx", rows, view))[1] is None


LAUGHS = ('<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
DECLARATIONS = {
    "a document type declaration in the sheet": dict(sheet_head=HEAD + "<!DOCTYPE worksheet>"),
    "entities declared in the sheet and used in a cell": dict(
        sheet_head=HEAD + LAUGHS, rows='<row r="2"><c r="A2" t="inlineStr"><is><t>&lol3;</t></is></c></row>'),
    "an external entity in the sheet": dict(
        sheet_head=HEAD + '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        rows='<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>'),
    "entities in the shared strings": dict(strings_head=HEAD + LAUGHS),
    "a document type declaration in the workbook part": dict(
        xl__workbook_xml=f'{HEAD}<!DOCTYPE workbook><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                         '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "entities in the styles": dict(xl__styles_xml=HEAD + LAUGHS + STYLES.format(main=MAIN)),
}


@pytest.mark.parametrize("case", DECLARATIONS.values(), ids=DECLARATIONS.keys())
def test_a_declaration_anywhere_refuses_the_workbook_with_one_clear_error(case, tmp_path):
    case = {"rows": '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>', **case}
    path = workbook(tmp_path / "prosjektliste.xlsx", **case)
    with pytest.raises(DeclarationRefused) as refused:
        read_xlsx(path, "prosjektliste.xlsx", column_aliases())
    assert str(refused.value).startswith("the workbook's XML holds a document type declaration (in xl/")
    assert "save it again from Excel" in refused.value.expected


NOT_A_WORKSHEET = {
    "a row inside a row": ('<row r="2"><c r="A2"><v>1</v></c><row r="3"><c r="A3"><v>2</v></c></row></row>',
                           "ValueError: sheet 'Ark1' holds a row inside a row, which no spreadsheet program writes"),
    "a cell outside a row": ('<row r="1"><c r="A1"><v>1</v></c></row><c r="A2"><v>2</v></c>',
                             "ValueError: sheet 'Ark1' holds a cell outside a row (after row 1)"),
    "a cell inside a cell": ('<row r="1"><c r="A1"><c r="B1"><v>2</v></c></c></row>',
                             "ValueError: sheet 'Ark1' holds a cell or row inside a cell"),
    "a sheet cut off mid-row": ("xl/worksheets/sheet1.xml", "ExpatError: "),
    "shared strings cut off": ("xl/sharedStrings.xml", "ExpatError: "),
}


@pytest.mark.parametrize("case", NOT_A_WORKSHEET.values(), ids=NOT_A_WORKSHEET.keys())
def test_xml_that_is_not_a_worksheets_shape_is_an_error_naming_it(case, tmp_path):
    rows, message = case
    cut = rows if rows.startswith("xl/") else None  # a part whose end is cut off
    path = workbook(tmp_path / "prosjektliste.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' if cut else rows)
    if cut:
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        parts[cut] = parts[cut][:-30]
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    with pytest.raises(UnreadableFile) as error:
        read_xlsx(path, "prosjektliste.xlsx", column_aliases())
    assert str(error.value).startswith("not a readable Excel workbook (" + message)
