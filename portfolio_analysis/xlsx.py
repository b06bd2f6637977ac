"""Reading an .xlsx workbook: the rows of the one sheet that holds a table, every cell as text, and a
warning for every formula below the header."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .headers import find_header
from .maps import ColumnAliases
from .problems import Problem, UnreadableFile


def read_xlsx_rows(path: Path, aliases: ColumnAliases) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    """The rows of the one sheet that holds a table with known columns (other sheets, such as
    instructions, are ignored), and the formulas in it by (row index, column index). A formula cell
    reads as the result Excel stored, or as the formula's text when no result was stored. Cells a
    merged header covers beyond its first are blank."""
    from openpyxl import load_workbook

    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(f"not a readable Excel workbook ({error.__class__.__name__}: {error})",
                             "an .xlsx file saved by Excel or LibreOffice") from error
    sheets, found = {}, {}
    try:
        for sheet, written in zip(values.worksheets, formulas.worksheets):
            rows, cells = [], {}
            for r, (stored, typed) in enumerate(zip(sheet.iter_rows(values_only=True),
                                                    written.iter_rows(values_only=True))):
                row = []
                for c, (value, source) in enumerate(zip(stored, typed)):
                    is_formula = isinstance(source, str) and source.startswith("=")
                    if is_formula:
                        cells[r, c] = source
                    row.append(cell_text(source if is_formula and value is None else value))
                rows.append(row)
            sheets[sheet.title], found[sheet.title] = rows, cells
    finally:
        values.close()
        formulas.close()
    with_table = [name for name, rows in sheets.items() if find_header(rows, aliases) is not None]
    if len(with_table) > 1:
        raise UnreadableFile("several sheets hold a table: " + ", ".join(repr(n) for n in with_table),
                             "one sheet with the project list per file")
    name = with_table[0] if with_table else next(iter(sheets), None)
    return (sheets[name], found[name]) if name is not None else ([], {})


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def formula_warnings(rows: list[list[str]], formulas: dict[tuple[int, int], str], shown: str,
                     aliases: ColumnAliases) -> list[Problem]:
    """A warning for every formula cell below the header: a submission should hold values."""
    header_index = find_header(rows, aliases)
    if header_index is None:
        return []
    header = rows[header_index]
    return [Problem(shown, "the cell holds a spreadsheet formula; its stored result is used, or the formula's text "
                    "where none was stored", row=r + 1, column=header[c] if c < len(header) and header[c]
                    else f"column {c + 1}", value=formula, expected="a value, not a formula", severity="warning")
            for (r, c), formula in sorted(formulas.items()) if r > header_index]
