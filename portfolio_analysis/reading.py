"""One generic reader for submitted tables: CSV (comma or semicolon), TSV and XLSX.

Every cell is read as text, exactly as written; interpreting it is the cleaning's job. The header row
is the first row whose cells name at least two known columns (``maps/columns.csv``), so title rows
above it are skipped. Each data row keeps its row number in the file (``source_row``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .maps import ColumnAliases
from .problems import Problem

ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = ("\t", ";", ",")
HEADER_SEARCH_ROWS = 30
MIN_KNOWN_HEADERS = 2


@dataclass
class RawTable:
    """The data rows of one file, as text, under the standard column names."""

    frame: pd.DataFrame  # standard columns as str, plus source_row
    headers: dict[str, str]  # standard column -> header as written in the file
    budget_year: int | None = None
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path, shown: str, aliases: ColumnAliases, required: tuple[str, ...]) -> RawTable:
    """Read one submitted file; problems (unreadable, no header, missing columns) come back in the table."""
    try:
        rows, numbers = read_rows(path, aliases)
    except UnreadableFile as error:
        return RawTable(pd.DataFrame(), {}, problems=[Problem(shown, str(error), expected=error.expected)])
    header_index = find_header(rows, aliases)
    if header_index is None:
        return RawTable(pd.DataFrame(), {}, problems=[Problem(
            shown, "no header row found in the first rows", expected="a header naming at least two of: "
            + ", ".join(_header_examples(aliases, required)))])
    return map_columns(rows, numbers, header_index, shown, aliases, required)


class UnreadableFile(Exception):
    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.expected = expected


def read_rows(path: Path, aliases: ColumnAliases) -> tuple[list[list[str]], list[int]]:
    """All rows of the file as lists of text, and the line (or sheet row) number where each starts."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = read_xlsx_rows(path, aliases)
        return rows, list(range(1, len(rows) + 1))
    text = decode(path.read_bytes())
    if not text.strip():
        raise UnreadableFile("the file is empty", "a header row and one row per project")
    if text.count('"') % 2:
        raise UnreadableFile("a quoted cell is never closed: the file looks truncated or damaged",
                             'every " that opens a cell closed by another "')
    delimiter = "\t" if suffix in (".tsv", ".tab") else guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, numbers, line = [], [], 1
    for row in reader:
        rows.append(row)
        numbers.append(line)
        line = reader.line_num + 1
    if not text.endswith(("\n", "\r")) and len(rows) > 1 and 0 < len(rows[-1]) < max(len(r) for r in rows[:-1]):
        raise UnreadableFile(f"the last line (line {numbers[-1]}) has {len(rows[-1])} cells where the others have "
                             f"{max(len(r) for r in rows[:-1])}, and no line break: the file looks truncated",
                             "the whole file as exported; send it again")
    return rows, numbers


def decode(content: bytes) -> str:
    if b"\x00" in content:
        raise UnreadableFile("the file is not text (it holds NUL bytes)", "a CSV or TSV text file, or an .xlsx workbook")
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the file is not text in a known encoding", "UTF-8 (with or without BOM) or Windows-1252")


def guess_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most often into the same number (> 1) of fields.

    One-field lines (titles, footers) do not vote; a tie goes to the wider split, then to tab, ``;``, ``,``.
    """
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        common = max(sorted(set(widths), reverse=True), key=widths.count) if widths else 1
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_xlsx_rows(path: Path, aliases: ColumnAliases) -> list[list[str]]:
    """The rows of the one sheet that holds a table with known columns (other sheets, such as
    instructions, are ignored). Cells a merged header covers beyond its first are blank."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(f"not a readable Excel workbook ({error.__class__.__name__}: {error})",
                             "an .xlsx file saved by Excel or LibreOffice") from error
    try:
        sheets = {sheet.title: [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
                  for sheet in workbook.worksheets}
    finally:
        workbook.close()
    with_table = [name for name, rows in sheets.items() if find_header(rows, aliases) is not None]
    if len(with_table) > 1:
        raise UnreadableFile("several sheets hold a table: " + ", ".join(repr(n) for n in with_table),
                             "one sheet with the project list per file")
    return sheets[with_table[0]] if with_table else next(iter(sheets.values()), [])


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def find_header(rows: list[list[str]], aliases: ColumnAliases) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {match.column for cell in row if cell.strip() and (match := aliases.match(cell))}
        if len(known) >= MIN_KNOWN_HEADERS:
            return index
    return None


def map_columns(rows: list[list[str]], numbers: list[int], header_index: int, shown: str,
                aliases: ColumnAliases, required: tuple[str, ...]) -> RawTable:
    header = [cell.strip() for cell in rows[header_index]]
    problems: list[Problem] = []
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    budget_year = None
    header_row = numbers[header_index]
    for position, cell in enumerate(header):
        if not cell:
            continue
        match = aliases.match(cell)
        if match is None:
            problems.append(Problem(shown, "unknown column, ignored", row=header_row, column=cell,
                                    severity="warning"))
            continue
        if match.column in headers:
            problems.append(Problem(shown, "two columns mean the same thing", row=header_row, column=cell,
                                    value=headers[match.column], expected="one column each"))
            continue
        headers[match.column] = cell
        positions[match.column] = position
        budget_year = match.year if match.year is not None else budget_year
    for column in required:
        if column not in headers:
            problems.append(Problem(shown, "a required column is missing", row=header_row, column=column,
                                    value=" | ".join(h for h in header if h),
                                    expected="a column named like " + " or ".join(
                                        repr(a) for a in aliases.examples(column)[:3]) if aliases.examples(column)
                                    else "a column for " + column))
    body = rows[header_index + 1:]
    width = len(header)
    unnamed = [position for position, cell in enumerate(header) if not cell]
    for offset, row in enumerate(body):
        number = numbers[header_index + 1 + offset]
        extra = [cell for cell in row[width:] if cell.strip()]
        if extra:
            problems.append(Problem(shown, "more cells than the header has columns", row=number,
                                    value=" | ".join(extra), expected=f"at most {width} cells"))
        for position in unnamed:
            if position < len(row) and row[position].strip():
                problems.append(Problem(shown, f"a value in column {position + 1}, which has no header (a header "
                                        "cell merged across columns?)", row=number, value=row[position],
                                        expected="a header above every column with values"))
    columns = {
        column: [row[position] if position < len(row) else "" for row in body]
        for column, position in positions.items()
    }
    frame = pd.DataFrame(columns, dtype=object)
    frame["source_row"] = numbers[header_index + 1:]
    return RawTable(frame, headers, budget_year, problems)


def _header_examples(aliases: ColumnAliases, required: tuple[str, ...]) -> list[str]:
    return [repr(aliases.examples(column)[0]) for column in required if aliases.examples(column)]
