"""Reading an .xlsx workbook: the rows of the one sheet that holds a table, every cell as text.

The sheets are read as streams over the cells the file holds (:mod:`xlsx.sheet_xml`, over the parts
:mod:`xlsx.stream` opens), so the work stays small whatever size a sheet claims. What a reader of the workbook in Excel would not see, or what the
table cannot hold, is named: a warning for every formula below the header, every hidden or filtered-out
row that is read, and a table on a hidden sheet; an error for values beyond :data:`MAX_COLUMNS` or after
more than :data:`MAX_EMPTY_ROWS` empty rows, and for a workbook beyond the bounds of :mod:`xlsx.stream`.

What a cell's style shows is checked where it changes what is read: a budget cell whose number format
shows a percent, a date or an amount of money (a warning naming both readings), and empty status or risk
cells that carry a fill colour (a rating given by colour only, which is read as not reported).

The other workbook formats (:mod:`spreadsheets`) give their rows to :func:`sheet_from_rows` and
:func:`table_sheet`, so they are read, bounded and checked the same way.
"""

from __future__ import annotations

import datetime
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable
from xml.parsers import expat

from openpyxl.utils import get_column_letter

from ...settings.maps import ColumnAliases
from ...settings.problems import Problem, UnreadableFile
from ..headers import find_header
from .sheet_xml import SheetRows
from .stream import (DATE, MAX_CELL_CHARACTERS, MAX_CELLS, MAX_ROWS, MAX_TABLE_CHARACTERS, PERCENT, LimitExceeded, Look,
                     Row, cell_too_long, open_archive, open_workbook, spaced)

# A project list has a few dozen columns; a value further right is a stray cell, not part of the table.
MAX_COLUMNS = 200
# A run of more empty rows than this ends the table. Without such a bound one stray cell at row 1 048 576
# would make a million empty rows to read and log; a value after the run is an error naming its cell.
MAX_EMPTY_ROWS = 1000
HIDDEN, FILTERED = "hidden", "filtered"
BUDGET, RATINGS = "budget", ("status", "risk")
NUMBERS = (int, float, datetime.date, datetime.time, datetime.timedelta)  # bool is an int: excluded where used
READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, IndexError, OSError, ValueError, EOFError, SyntaxError,
               expat.ExpatError)


@dataclass
class SheetTable:
    """One sheet's rows as text: ``rows[i]`` is the sheet's row i + 1, up to its last row with a value
    (before any run of more than MAX_EMPTY_ROWS empty rows), all as wide as the widest."""

    name: str
    hidden: bool
    rows: list[list[str]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row index, column index) -> formula
    hidden_rows: dict[int, str] = field(default_factory=dict)  # row index -> HIDDEN or FILTERED
    too_wide: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, text) beyond MAX_COLUMNS
    too_far: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, text) after a long empty run
    # (row index, column index) -> the cell's look and text, for a number shown as a percent, date or currency
    # and an empty cell with a fill colour: what sheet_problems checks once the header says which column is which
    looks: dict[tuple[int, int], tuple[Look, str]] = field(default_factory=dict)


def read_xlsx(path: Path, shown: str, aliases: ColumnAliases, sheet: str | None = None
              ) -> tuple[list[list[str]], list[Problem]]:
    """The rows of the one sheet that holds a table with known columns (other sheets, such as
    instructions, are ignored), or of the sheet named ``sheet`` (one table of a form), and the problems of
    that sheet. A formula cell reads as the result Excel stored, or as the formula's text when no result
    was stored. Cells a merged header covers beyond its first are blank."""
    try:
        with open_archive(path) as archive:
            book = open_workbook(archive)
            sheets = [read_sheet(SheetRows(book, part)) for part in book.sheets
                      if sheet is None or part.name == sheet]
    except READ_ERRORS as error:
        raise UnreadableFile(f"not a readable Excel workbook ({error.__class__.__name__}: {error})",
                             "an .xlsx file saved by Excel or LibreOffice") from error
    if sheet is not None and not sheets:
        raise UnreadableFile(f"the workbook has no sheet {sheet!r}", f"the sheets of the form as sent, "
                             "without renaming them")
    return table_sheet(sheets, shown, aliases)


def table_sheet(sheets: list[SheetTable], shown: str, aliases: ColumnAliases) -> tuple[list[list[str]], list[Problem]]:
    """The rows and problems of the one sheet of a workbook (of any format) that holds a table. A workbook
    whose several sheets hold a table is an error here; a pre-filled form, which holds several tables, is
    read sheet by sheet (:func:`read_xlsx` with ``sheet``)."""
    with_table = [sheet for sheet in sheets if find_header(sheet.rows, aliases) is not None]
    if len(with_table) > 1:
        raise UnreadableFile("several sheets hold a table: " + ", ".join(repr(s.name) for s in with_table),
                             "one sheet with the project list per file")
    sheet = with_table[0] if with_table else next(iter(sheets), None)
    if sheet is None:
        return [], []
    return sheet.rows, sheet_problems(sheet, shown, aliases)


def read_sheet(stream: SheetRows) -> SheetTable:
    """A sheet's rows as text, keeping only what a table can hold and noting the rest."""
    sheet = sheet_from_rows(stream.part.name, stream.part.hidden, stream.rows(), stream.book.looks)
    filtered = stream.filter_range or (0, -1)
    sheet.hidden_rows = {index: FILTERED if filtered[0] <= index + 1 <= filtered[1] else HIDDEN
                         for index in sheet.hidden_rows}
    return sheet


def sheet_from_rows(name: str, hidden_sheet: bool, rows: Iterable[Row], looks: dict[int, Look] | None = None
                    ) -> SheetTable:
    """A sheet's rows (of any workbook format) as text, keeping only what a table can hold and noting the
    rest; its hidden rows are all HIDDEN. ``looks`` are the cell styles with a look (by style index)."""
    sheet = SheetTable(name, hidden_sheet)
    looks = {**looks, **{str(style): look for style, look in looks.items()}} if looks else None
    hidden = []
    rows_read = cells_read = characters = 0
    for row in rows:
        rows_read += 1
        cells_read += len(row.cells)
        if row.number > MAX_ROWS or rows_read > MAX_ROWS:
            raise LimitExceeded(f"sheet {name!r} has more than {spaced(MAX_ROWS)} rows (Excel's limit for a sheet); "
                                "the workbook is not read", "a workbook as Excel saves it; send it again, or send "
                                "the list as .csv")
        if cells_read > MAX_CELLS:
            raise LimitExceeded(f"sheet {name!r} holds more than {spaced(MAX_CELLS)} cells (this reader's limit; a "
                                "project list holds far fewer); the workbook is not read", "the project list alone "
                                "in the workbook (delete other data), or the list sent as .csv")
        texts, formulas, marked = row_texts(row, sheet, looks)
        characters += sum(map(len, texts.values()))
        if characters > MAX_TABLE_CHARACTERS:
            raise LimitExceeded(f"sheet {name!r} holds more than {spaced(MAX_TABLE_CHARACTERS)} characters in its "
                                "cells (this reader's limit; a text used in many cells counts in each); the workbook "
                                "is not read", "the project list alone in the workbook, or the list sent as .csv")
        if not any(text.strip() for text in texts.values()):
            continue
        if row.number <= len(sheet.rows):
            raise ValueError(f"sheet {sheet.name!r} lists row {row.number} twice or out of order")
        if sheet.too_far or row.number - len(sheet.rows) - 1 > MAX_EMPTY_ROWS:
            sheet.too_far += [(row.number, column, text) for column, text in texts.items() if text.strip()]
            continue
        sheet.rows.extend([] for _ in range(row.number - len(sheet.rows) - 1))
        sheet.rows.append([texts.get(column, "") for column in range(1, max(texts) + 1)])
        sheet.formulas.update({(row.number - 1, column - 1): formula for column, formula in formulas.items()})
        sheet.looks.update({(row.number - 1, column - 1): look for column, look in marked.items()})
        if row.hidden:
            hidden.append(row.number)
    width = max(map(len, sheet.rows), default=0)  # as Excel shows it: every row as wide as the widest
    sheet.rows = [row + [""] * (width - len(row)) for row in sheet.rows]
    sheet.hidden_rows = {number - 1: HIDDEN for number in hidden}
    return sheet


def row_texts(row: Row, sheet: SheetTable, looks: dict | None = None
              ) -> tuple[dict[int, str], dict[int, str], dict[int, tuple[Look, str]]]:
    """{column: text}, {column: formula} and {column: (look, text)} of a row's cells up to MAX_COLUMNS
    (a look for a number shown as a percent, date or currency, or an empty cell with a fill); values
    further right are noted on the sheet."""
    texts, formulas, marked = {}, {}, {}
    for cell in row.cells:
        text = cell_text(cell.formula if cell.formula is not None and cell.value is None else cell.value)
        if len(text) > MAX_CELL_CHARACTERS:
            raise cell_too_long(f"{get_column_letter(cell.column)}{row.number}", sheet.name)
        if cell.column > MAX_COLUMNS:
            if text.strip():
                sheet.too_wide.append((row.number, cell.column, text))
            continue
        texts[cell.column] = text
        if cell.formula is not None:
            formulas[cell.column] = cell.formula
        look = looks.get(cell.style) if looks else None
        number = isinstance(cell.value, NUMBERS) and not isinstance(cell.value, bool)
        if look is not None and ((look.kind and number) or (look.fill and not text.strip())):
            marked[cell.column] = (look, text)
    return texts, formulas, marked


def cell_text(value) -> str:
    """A cell's value as text the cleaning reads back exactly: numbers written out in full (1e-05 is
    ``0.00001``, never an exponent), whole numbers without ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def sheet_problems(sheet: SheetTable, shown: str, aliases: ColumnAliases) -> list[Problem]:
    """Errors for values the table cannot hold; for a sheet with a header, warnings for a hidden sheet and
    for every formula, hidden and filtered-out row below the header."""
    problems = stray_value_errors(sheet, shown)
    header_index = find_header(sheet.rows, aliases)
    if header_index is None:
        return problems
    header = sheet.rows[header_index]
    if sheet.hidden:
        problems.append(Problem(shown, f"the table is on sheet {sheet.name!r}, which is hidden in the workbook; read "
                                "as the submission", value=sheet.name, severity="warning",
                                expected="the project list on a visible sheet (unhide it, or check it is the list "
                                "meant)"))
    problems += [Problem(shown, "the cell holds a spreadsheet formula; its stored result is used, or the formula's "
                         "text where none was stored", row=r + 1, column=column_name(header, c), value=formula,
                         expected="a value, not a formula", severity="warning")
                 for (r, c), formula in sorted(sheet.formulas.items()) if r > header_index]
    problems += [hidden_row_warning(sheet.rows[index], index + 1, how, header, shown)
                 for index, how in sorted(sheet.hidden_rows.items()) if index > header_index]
    return problems + look_warnings(sheet, header_index, shown, aliases)


def look_warnings(sheet: SheetTable, header_index: int, shown: str, aliases: ColumnAliases) -> list[Problem]:
    """Below the header: a warning for every budget cell whose number format shows it otherwise than it is
    read (a percent, a date, a currency), and one for each rating column whose empty cells are coloured
    (a rating shown by colour only is not read)."""
    columns = {}
    for position, cell in enumerate(sheet.rows[header_index]):
        match = aliases.match(cell) if cell.strip() else None
        if match is not None:
            columns.setdefault(match.column, position)
    header = sheet.rows[header_index]
    problems = []
    budget = columns.get(BUDGET)
    for (row, column), (look, text) in sorted(sheet.looks.items()):
        if row > header_index and column == budget and look.kind:
            problems.append(format_warning(look, text, row + 1, column, header[column], shown))
    for rating in RATINGS:
        position = columns.get(rating)
        coloured = sorted(row + 1 for (row, column), (look, text) in sheet.looks.items()
                          if row > header_index and column == position and look.fill and not text.strip())
        if coloured:
            colours = list(dict.fromkeys(sheet.looks[(row - 1, position)][0].fill for row in coloured))
            many = len(coloured) > 1
            cells = (f"{len(coloured)} empty cells of the column carry a fill colour (rows" if many
                     else "an empty cell of the column carries a fill colour (row")
            problems.append(Problem(
                shown, f"{cells} {row_ranges(coloured)}); a colour is not read as a rating, so "
                f"{'these projects are' if many else 'the project is'} read as not reported", row=coloured[0],
                column=header[position], value="fill " + ", ".join(colours[:5]), severity="warning",
                expected="the ratings typed in the cells, not only shown by colour"))
    return problems


def format_warning(look: Look, text: str, row: int, column: int, name: str, shown: str) -> Problem:
    """The budget cell's two readings: as Excel shows it, and as it is read."""
    cell = f"{get_column_letter(column + 1)}{row}"
    if look.kind == PERCENT:
        percent = format(Decimal(text) * 100, "f")
        percent = percent.rstrip("0").rstrip(".") if "." in percent else percent
        readings = f"the sheet shows {percent} %, the cell holds {text}"
    elif look.kind == DATE:
        readings = "the sheet shows a date, the cell holds a day number"
    else:
        readings = f"the sheet shows an amount of money, the cell holds {text}"
    return Problem(shown, f"the budget cell {cell} is formatted as a {look.kind} ({look.code!r}): {readings}; read "
                   f"as {text}", row=row, column=name, value=text, severity="warning",
                   expected="a plain number in the column's unit (check that the value read is the one meant)")


def row_ranges(rows: list[int], shown: int = 10) -> str:
    """[2, 3, 4, 7] -> "2–4, 7"; after ``shown`` ranges, how many rows more."""
    ranges = []
    for row in rows:
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges[:shown])
    more = sum(b - a + 1 for a, b in ranges[shown:])
    return text + (f" and {more} more" if more else "")


def hidden_row_warning(row: list[str], number: int, how: str, header: list[str], shown: str) -> Problem:
    """A hidden or filtered-out row that is read, named by its first filled cell."""
    first = next(c for c, text in enumerate(row) if text.strip())
    if how == FILTERED:
        message, expected = (f"row {number} is filtered out by the sheet's autofilter; read as a project",
                             "every row of the list shown (clear the filter, or delete the row if it is not a project)")
    else:
        message, expected = (f"row {number} is hidden in the workbook; read as a project",
                             "every row of the list visible (unhide it, or delete it if it is not a project)")
    return Problem(shown, message, row=number, column=column_name(header, first), value=row[first],
                   expected=expected, severity="warning")


def stray_value_errors(sheet: SheetTable, shown: str) -> list[Problem]:
    """One error for the values beyond MAX_COLUMNS and one for those after a long run of empty rows, each
    naming the first such cell and counting the others."""
    last_column = get_column_letter(MAX_COLUMNS)
    problems = []
    if sheet.too_wide:
        problems.append(stray_value_error(
            sheet, shown, sheet.too_wide, f"beyond column {last_column}; not read, as a table ends at column "
            f"{last_column} (the {MAX_COLUMNS}th)",
            f"a table within columns A–{last_column} (delete the stray cell)"))
    if sheet.too_far:
        gap = sheet.too_far[0][0] - len(sheet.rows) - 1
        problems.append(stray_value_error(
            sheet, shown, sheet.too_far, f"after {gap} empty rows; not read, as a run of more than {MAX_EMPTY_ROWS} "
            f"empty rows ends the table (at row {len(sheet.rows)})",
            "the rows of the table together (delete the stray cell, or move its row up)"))
    return problems


def stray_value_error(sheet: SheetTable, shown: str, cells: list[tuple[int, int, str]], where: str,
                      expected: str) -> Problem:
    row, column, text = cells[0]
    more = f"; {len(cells) - 1} more such cells are not read either" if len(cells) > 1 else ""
    return Problem(shown, f"a value in cell {get_column_letter(column)}{row} of sheet {sheet.name!r}, {where}{more}",
                   row=row, column=get_column_letter(column), value=text, expected=expected)


def column_name(header: list[str], index: int) -> str:
    return header[index] if index < len(header) and header[index] else f"column {index + 1}"
