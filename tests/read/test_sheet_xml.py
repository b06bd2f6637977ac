"""The quick sheet reader (sheet_xml) reads every row as the reference reader (ElementTree) does, and hands
a sheet it does not model, or fails on, to the reference reader."""

import io
import zipfile

import pytest

from portfolio_analysis.settings.problems import UnreadableFile
from portfolio_analysis.read.xlsx.sheet_xml import NotPlain, plain_rows
from portfolio_analysis.read.xlsx.workbook import read_sheet, read_xlsx, sheet_table
from portfolio_analysis.read.xlsx.stream import WINDOWS_EPOCH, SheetPart, SheetRows, Workbook
from portfolio_analysis.settings.maps import column_aliases

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS = ["ID", "Prosjektnavn"]


def stream(sheet: str) -> SheetRows:
    """A workbook of one sheet with this XML (two shared strings; style 1 shows dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    book = Workbook(zipfile.ZipFile(io.BytesIO(buffer.getvalue())), [], STRINGS, {1}, set(), WINDOWS_EPOCH)
    return SheetRows(book, SheetPart("Ark1", False, "xl/worksheets/sheet1.xml"))


def sheet(rows: str, after: str = "", before: str = '<?xml version="1.0" encoding="UTF-8"?>\r\n') -> str:
    return f"{before}<worksheet {MAIN}><sheetData>{rows}</sheetData>{after}</worksheet>"


AS_WRITTEN = {
    "shared and inline strings, numbers, a date": sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><v>131</v></c><c r="B2" t="inlineStr"><is><t>Alpha</t></is></c>'
        '<c r="C2" s="1"><v>44211.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c></row>'),
    "entities, character references, CDATA and line breaks in text": sheet(
        '<row r="1"><c t="inlineStr"><is><t>Alfa &amp; Beta&#10;to</t></is></c>'
        '<c t="inlineStr"><is><t><![CDATA[a<b]]> og\r\nc</t></is></c><c t="str"><v>&lt;x&gt;</v></c></row>'),
    "runs of formatted text, a phonetic run, a second <is> and <t>": sheet(
        '<row r="1"><c t="inlineStr"><is><t>Først</t><r><rPr><b/></rPr><t>Kjerne</t><t>ikke</t></r>'
        '<rPh><t>fonetisk</t></rPh><r><t xml:space="preserve"> journal </t></r><t>ikke</t></is>'
        '<is><t>andre</t></is></c><c t="inlineStr"><is><r/></is></c><c t="inlineStr"/></row>'),
    "a value with a child element, cells and rows without references, empty cells": sheet(
        '<row><c><v>1<x/>2</v></c><c/><c t="n"><v></v></c><c><v>7</v><v>8</v></c></row>'
        '<row><c r="C2"><v>3</v></c><c><extLst><v>9</v></extLst></c></row>'),
    "formulas, shared and translated, with and without results": sheet(
        '<row r="2"><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>4</v></c><c r="C2"><f>SUM(A1:A2)</f></c></row>'
        '<row r="3"><c r="B3"><f t="shared" si="0"/><v>6</v></c><c r="C3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'),
    "hidden rows and an autofilter with a condition": sheet(
        '<row r="1" hidden="1"><c><v>1</v></c></row><row r="2" hidden="true"><c><v>2</v></c></row>'
        '<row r="3" hidden="0"><c><v>3</v></c></row>',
        after='<autoFilter ref="A1:C9"><filterColumn colId="0"/></autoFilter>', before=""),
    "an autofilter without a condition": sheet('<row r="4"><c><v>1</v></c></row>', after='<autoFilter ref="A1:C9"/>'),
}


@pytest.mark.parametrize("xml", AS_WRITTEN.values(), ids=AS_WRITTEN.keys())
def test_the_quick_reader_reads_each_row_as_the_reference_reader(xml):
    reference, quick = stream(xml), stream(xml)
    assert list(plain_rows(quick)) == list(reference.rows())
    assert quick.filter_range == reference.filter_range


NOT_MODELLED = {
    "a DTD": sheet('<row r="1"><c><v>1</v></c></row>', before='<!DOCTYPE worksheet>'),
    "a comment": sheet('<row r="1"><!-- note --><c><v>1</v></c></row>'),
    "a row inside a row": sheet('<row r="2"><c><v>1</v></c><row r="1"><c><v>2</v></c></row></row>'),
    "a cell outside a row": sheet('<c r="A1"><v>1</v></c><row r="2"><c><v>2</v></c></row>'),
}


@pytest.mark.parametrize("xml", NOT_MODELLED.values(), ids=NOT_MODELLED.keys())
def test_a_sheet_the_quick_reader_does_not_model_is_read_by_the_reference_reader(xml):
    with pytest.raises(NotPlain):
        list(plain_rows(stream(xml)))
    read = stream(xml)
    assert sheet_table(read.book, read.part) == read_sheet(stream(xml))


def test_a_damaged_sheet_gets_the_reference_readers_message(tmp_path):
    """A sheet cut off mid-row: the error names what ElementTree found, as before the quick reader."""
    path = tmp_path / "skadet.xlsx"
    parts = {"xl/workbook.xml": f'<workbook {MAIN} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                                'relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>',
             "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                           'relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
                                           'formats.org/officeDocument/2006/relationships/worksheet" '
                                           'Target="worksheets/sheet1.xml"/></Relationships>',
             "xl/worksheets/sheet1.xml": sheet('<row r="1"><c t="inlineStr"><is><t>ID</t></is></c>')[:-40]}
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    with pytest.raises(UnreadableFile) as error:
        read_xlsx(path, "skadet.xlsx", column_aliases())
    assert str(error.value).startswith("not a readable Excel workbook (ParseError: ")
