"""Reading the workbooks that are not .xlsx: an old Excel workbook (.xls, BIFF) with xlrd, an OpenDocument
spreadsheet (.ods) with odfpy through pandas, and an HTML table (a spreadsheet saved as a web page) with
Beautiful Soup. Each sheet's cells become the rows :mod:`xlsx.workbook` reads, so every cell reads as the same
text an .xlsx cell with the same value would (``12``, ``1571.5``, ``2021-01-15T00:00:00``, ``True``), and
the table is chosen, bounded and checked as in a workbook.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator
from xml.parsers import expat

import pandas as pd
import xlrd
from bs4 import BeautifulSoup

from ..settings.maps import ColumnAliases
from ..settings.problems import Problem, UnreadableFile
from .formats import PASSWORD
from .xlsx.stream import (CURRENCY, DATE, MAX_CELLS, MAX_ROWS, NO_COLOUR, PERCENT, Cell, DeclarationRefused,
                          LimitExceeded, Look, Row, format_kind, parse_without_declarations, spaced)
from .xlsx.workbook import MAX_COLUMNS, sheet_from_rows, table_sheet

MAX_ODS_XML = 50_000_000  # bytes of an .ods file's content.xml, which odfpy reads whole
ODS_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODS_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
ODS_TABLE, ODS_ROW, ODS_NAME, ODS_ROWS_REPEATED, ODS_COLUMNS_REPEATED, ODS_CELL_STYLE = (
    ODS_TABLE_NS + name for name in ("table", "table-row", "name", "number-rows-repeated", "number-columns-repeated",
                                     "style-name"))
ODS_CELLS = (ODS_TABLE_NS + "table-cell", ODS_TABLE_NS + "covered-table-cell")
ODS_VALUE_TYPE, ODS_CURRENCY = ODS_OFFICE_NS + "value-type", ODS_OFFICE_NS + "currency"
ODS_KINDS = {"percentage": PERCENT, "currency": CURRENCY, "date": DATE}
ODS_PARAGRAPH = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
ODS_STYLE, ODS_STYLE_NAME, ODS_CELL_PROPERTIES = (ODS_STYLE_NS + "style", ODS_STYLE_NS + "name",
                                                  ODS_STYLE_NS + "table-cell-properties")
ODS_BACKGROUND = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}background-color"


def read_xls(path: Path, shown: str, aliases: ColumnAliases) -> tuple[list[list[str]], list[Problem]]:
    """The table's rows of an old Excel workbook (.xls)."""
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise UnreadableFile(*PASSWORD) from error
        raise unreadable("an old Excel workbook (.xls)", error) from error
    except (OSError, ValueError, IndexError, KeyError, AssertionError, EOFError) as error:
        raise unreadable("an old Excel workbook (.xls)", error) from error
    try:
        looks = xls_looks(book)
        sheets = [sheet_from_rows(sheet.name, sheet.visibility != 0, xls_rows(book, sheet, looks), looks)
                  for sheet in book.sheets()]
    finally:
        book.release_resources()
    return table_sheet(sheets, shown, aliases)


def xls_rows(book: xlrd.Book, sheet, looks: dict[int, Look]) -> Iterator[Row]:
    """Each row's cells with a value, and the empty ones whose style has a look (a fill colour)."""
    for index in range(sheet.nrows):
        cells = []
        for column, (kind, raw) in enumerate(zip(sheet.row_types(index), sheet.row_values(index))):
            value = xls_value(book, kind, raw)
            style = sheet.cell_xf_index(index, column) if looks else 0
            if value is not None or style in looks:
                cells.append(Cell(column + 1, value, None, style))
        info = sheet.rowinfo_map.get(index)
        yield Row(index + 1, bool(info and info.hidden), cells)


def xls_looks(book: xlrd.Book) -> dict[int, Look]:
    """The look of every cell style (XF) with a percent, date or currency format or a fill colour."""
    looks = {}
    for index, xf in enumerate(book.xf_list):
        found = book.format_map.get(xf.format_key)
        code = found.format_str if found is not None else None
        kind = DATE if found is not None and found.type == xlrd.formatting.FDT else format_kind(code)
        fill = None
        if xf.background.fill_pattern:
            rgb = book.colour_map.get(xf.background.pattern_colour_index)
            fill = "FF%02X%02X%02X" % rgb if rgb else None
            fill = None if fill in NO_COLOUR else fill
        if kind or fill:
            looks[index] = Look(kind, code, fill)
    return looks


def xls_value(book: xlrd.Book, kind: int, raw):
    """A cell's value as the .xlsx reader gives it: a number, a date, a boolean, an error's text (#N/A)."""
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(raw, book.datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return raw  # a date style on a number no date has: the number, as written
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(raw)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(raw, f"#ERROR{raw}")
    return raw if raw != "" else None


def read_ods(path: Path, shown: str, aliases: ColumnAliases) -> tuple[list[list[str]], list[Problem]]:
    """The table's rows of an OpenDocument spreadsheet (.ods), once :func:`scan_ods` has found that the
    cells it would unfold stay within the workbook bounds (and which cells have a look)."""
    try:
        looks = scan_ods(path)
        frames = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf",
                               keep_default_na=False, na_filter=False)
    except (LimitExceeded, DeclarationRefused):
        raise
    except Exception as error:  # odfpy and pandas raise many kinds on a damaged file; each is the same answer
        raise unreadable("an OpenDocument spreadsheet (.ods)", error) from error
    sheets = [sheet_from_rows(str(name), False, frame_rows(frame, looks.get(str(name), {})), looks.get(str(name)))
              for name, frame in frames.items()]
    return table_sheet(sheets, shown, aliases)


def scan_ods(path: Path) -> dict[str, dict[tuple[int, int], Look]]:
    """One streaming pass over the spreadsheet's XML before odfpy reads it. Raises LimitExceeded when the
    XML is larger than :data:`MAX_ODS_XML` (odfpy holds it whole), or when its repeated rows and cells
    (``number-rows-repeated``, ``number-columns-repeated``) would unfold into more rows or cells than a
    sheet is read with; trailing empty cells and rows, which LibreOffice writes repeated to the sheet's
    end, are not unfolded and do not count. Returns, by sheet, the look of each cell (row, column) that
    holds a percent, currency or date value, or is empty with a background colour."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > MAX_ODS_XML:
            raise LimitExceeded(f"the spreadsheet's content is {info.file_size // 1_000_000} MB of XML, more than "
                                f"{MAX_ODS_XML // 1_000_000} MB (this reader's limit for an .ods; a project list is "
                                "far smaller); the workbook is not read", "the project list alone in the workbook, "
                                "or the list sent as .xlsx or .csv")
        scan = OdsScan()
        parser = expat.ParserCreate(None, "}")
        parser.StartElementHandler = scan.start
        parser.EndElementHandler = scan.end
        with archive.open(info) as source:
            for _ in parse_without_declarations(parser, source, info.filename):
                pass
    return scan.looks


class OdsScan:
    """The expat handlers of :func:`scan_ods`: each table's rows and cells as pandas unfolds them, the
    background colour of each cell style, and the looks of the cells."""

    def __init__(self):
        self.fills: dict[str, str] = {}  # cell style name -> background colour
        self.style: str | None = None  # the cell style being read
        self.looks: dict[str, dict[tuple[int, int], Look]] = {}
        self.name, self.rows, self.cells, self.empty_rows, self.next_row = "", 0, 0, 0, 1
        self.repeat = self.width = self.filled = 0
        self.row_looks: list[tuple[int, int, Look]] = []  # (first column, repeat, look) of the open row

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == ODS_STYLE:
            self.style = attributes.get(ODS_STYLE_NAME)
        elif name == ODS_CELL_PROPERTIES and self.style is not None:
            colour = attributes.get(ODS_BACKGROUND, "transparent").lower()
            if colour not in ("transparent", "#ffffff"):
                self.fills[self.style] = colour.lstrip("#").upper()
        elif name == ODS_TABLE:
            self.name, self.rows, self.cells, self.empty_rows, self.next_row = attributes.get(ODS_NAME, ""), 0, 0, 0, 1
            self.looks[self.name] = {}
        elif name == ODS_ROW:
            self.repeat, self.width, self.filled, self.row_looks = int(attributes.get(ODS_ROWS_REPEATED, 1)), 0, 0, []
        elif name in ODS_CELLS:
            repeat = int(attributes.get(ODS_COLUMNS_REPEATED, 1))
            kind = ODS_KINDS.get(attributes.get(ODS_VALUE_TYPE))
            fill = None if ODS_VALUE_TYPE in attributes else self.fills.get(attributes.get(ODS_CELL_STYLE))
            if (kind or fill) and self.width < MAX_COLUMNS:
                code = " ".join(filter(None, (attributes.get(ODS_VALUE_TYPE), attributes.get(ODS_CURRENCY))))
                self.row_looks.append((self.width + 1, min(repeat, MAX_COLUMNS - self.width),
                                       Look(kind, code or None, fill)))
            self.width += repeat
            if ODS_VALUE_TYPE in attributes:
                self.filled = self.width
        elif name == ODS_PARAGRAPH:
            self.filled = self.width

    def end(self, name: str) -> None:
        if name == ODS_STYLE:
            self.style = None
        if name != ODS_ROW:
            return
        first = self.next_row
        self.next_row += self.repeat
        if not self.filled:
            self.empty_rows += self.repeat
            return
        self.rows += self.empty_rows + self.repeat
        self.cells += self.repeat * self.filled
        self.empty_rows = 0
        if self.rows > MAX_ROWS:
            raise LimitExceeded(f"sheet {self.name!r} has more than {spaced(MAX_ROWS)} rows (Excel's limit for a "
                                "sheet); the workbook is not read", "a workbook as LibreOffice saves it; send it "
                                "again, or send the list as .csv")
        if self.cells > MAX_CELLS:
            raise LimitExceeded(f"sheet {self.name!r} holds more than {spaced(MAX_CELLS)} cells (this reader's limit; "
                                "a project list holds far fewer); the workbook is not read", "the project list alone "
                                "in the workbook (delete other data), or the list sent as .csv")
        looks = self.looks[self.name]
        for column, repeat, look in self.row_looks:
            for row in range(first, first + self.repeat):
                looks.update({(row, c): look for c in range(column, min(column + repeat, self.filled + 1))})


def frame_rows(frame: pd.DataFrame, looks: dict[tuple[int, int], Look]) -> Iterator[Row]:
    """The rows of a sheet pandas read, each cell with its (row, column) as its style when it has a look,
    and the empty cells that have one."""
    for index, values in enumerate(frame.itertuples(index=False, name=None)):
        number = index + 1
        cells = []
        for column, value in enumerate(values, start=1):
            value = ods_value(value)
            if value is not None or (number, column) in looks:
                cells.append(Cell(column, value, None, (number, column)))
        yield Row(number, False, cells)


def ods_value(value):
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def read_html(path: Path, shown: str, aliases: ColumnAliases) -> tuple[list[list[str]], list[Problem]]:
    """The rows of the one table of an HTML file; a cell spanning columns is followed by empty cells, as a
    merged cell in a workbook."""
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    tables = [table for table in soup.find_all("table") if table.find_parent("table") is None]
    if len(tables) != 1:
        raise UnreadableFile(f"the HTML file holds {len(tables) or 'no'} table{'s' if len(tables) != 1 else ''}",
                             "one table with the project list per file (save the sheet alone as a web page, "
                             "or as .csv)")
    rows = []
    for number, tr in enumerate((tr for tr in tables[0].find_all("tr") if tr.find_parent("table") is tables[0]),
                                start=1):
        cells, column = [], 0
        for td in tr.find_all(("td", "th"), recursive=False):
            column += 1
            text = " ".join(td.get_text(" ").split())
            if text:
                cells.append(Cell(column, text, None))
            column += max(span(td.get("colspan")) - 1, 0)
        rows.append(Row(number, False, cells))
    return table_sheet([sheet_from_rows("HTML table", False, rows)], shown, aliases)


def span(value) -> int:
    try:
        return min(int(value), 1000)
    except (TypeError, ValueError):
        return 1


def unreadable(what: str, error: Exception) -> UnreadableFile:
    return UnreadableFile(f"not a readable workbook: {what} that cannot be read ({error.__class__.__name__}: "
                          f"{error})", "the workbook as saved by Excel or LibreOffice; send it again, or save it "
                          "as .xlsx")
