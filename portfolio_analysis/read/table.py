"""One generic reader for submitted tables: CSV (comma or semicolon), TSV, and workbooks (XLSX, XLS, ODS, an
HTML table), told apart by their content (:mod:`formats`).

Every cell is read as text, exactly as written; interpreting it is the cleaning's job. The header row
is the first row whose cells name at least two known columns (``maps/columns.csv``), so title rows
above it are skipped (:mod:`headers`); workbooks are read by :mod:`xlsx.workbook` and :mod:`spreadsheets`. Each
data row keeps its row number in the file (``source_row``).

Regular text files (no quotes, complete last line, no row wider than the header) are read by pandas'
C parser; every other file by Python's csv module, which can name each irregular row.

A portfolio whose files are *transposed* (``layout: transposed`` in its profile: field labels down
the first column, one project per further column) is read the same way after turning the records
round; a project's ``source_row`` is then the file column it came from.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..settings.dtypes import TEXT
from ..settings.maps import ColumnAliases
from ..settings.problems import Problem, UnreadableFile
from .delimited import (DELIMITERS, NEWLINES, Records, column_name, first_records, guess_delimiter, quote_problems,
                        split_records)
from .formats import HTML, ODS, XLS, XLSX, content_format, name_warnings
from .headers import HEADER_SEARCH_ROWS, find_header, header_examples, map_header, missing_columns
from .spreadsheets import read_html, read_ods, read_xls
from .textfile import read_text
from .xlsx.stream import MAX_CELL_CHARACTERS  # Excel's limit: more in a text cell is rows run together, or damage
from .xlsx.workbook import read_xlsx

LONE_CR = re.compile("\r(?!\n)")
IGNORED = "_ignored_text"  # text of the columns the map does not know, for the quality log only
ROWS, TRANSPOSED = "rows", "transposed"
WORKBOOK_READERS = {XLSX: read_xlsx, XLS: read_xls, ODS: read_ods, HTML: read_html}


@dataclass
class RawTable:
    """The data rows of one file, as text, under the standard column names."""

    frame: pd.DataFrame  # standard columns as text, plus source_row
    headers: dict[str, str]  # standard column -> header as written in the file
    budget_year: int | None = None
    problems: list[Problem] = field(default_factory=list)
    header_row: int | None = None  # line (or sheet row, or column when transposed) of the header; None: none found
    header_cells: tuple[str, ...] = ()  # the header as written
    readable: bool = True  # False: the file could not be read at all (not text, damaged, truncated)


def read_table(path: Path, shown: str, aliases: ColumnAliases, required: tuple[str, ...], layout: str = ROWS,
               undefined_bytes: str = "error", check_required: bool = True, sheet: str | None = None) -> RawTable:
    """Read one submitted file; problems (unreadable, no header, missing columns) come back in the table.
    With ``check_required=False`` the required columns only name examples when no header is found, and
    missing ones are left to the caller (which may not yet know which table the file is).

    ``layout`` is ``rows`` (one project per row) or ``transposed`` (one project per column);
    ``undefined_bytes`` is ``error`` or ``replace`` (bytes no known encoding defines become U+FFFD,
    each with a warning). ``sheet``: the one sheet of an .xlsx workbook to read (a table of a form)."""
    table = _read_table(path, shown, aliases, required, layout, undefined_bytes, sheet)
    if check_required:
        table.problems += missing_required(table, shown, aliases, required, layout)
    return table


def missing_required(table: RawTable, shown: str, aliases: ColumnAliases, required: tuple[str, ...],
                     layout: str = ROWS) -> list[Problem]:
    """An error for every required column the file's header lacks (none for a file without a header, which
    has its own error)."""
    if table.header_row is None:
        return []
    found = missing_columns(table.headers, table.header_cells, table.header_row, shown, aliases, required)
    return [replace(p, record="column") for p in found] if layout == TRANSPOSED else found


def _read_table(path: Path, shown: str, aliases: ColumnAliases, required: tuple[str, ...], layout: str,
                undefined_bytes: str, sheet: str | None = None) -> RawTable:
    try:
        found = content_format(path)
        if found in WORKBOOK_READERS:
            named = {"sheet": sheet} if sheet is not None and found == XLSX else {}
            rows, sheet_problems = WORKBOOK_READERS[found](path, shown, aliases, **named)
            table = table_from_rows(rows, list(range(1, len(rows) + 1)), shown, aliases, required)
            table.problems[:0] = name_warnings(path, found, shown)
            table.problems += sheet_problems
            return table
        text, decoding = read_text(path, shown, undefined_bytes)
        decoding[:0] = name_warnings(path, found, shown)
        delimiter = delimiter_of(text, path.suffix.lower(), aliases, layout)
        if layout == TRANSPOSED:
            records = split_records(text, delimiter)
            rows, numbers = transpose(records.rows)
            table = table_from_rows(rows, numbers, shown, aliases, required)
            table.problems = [replace(p, record="column") if p.row is not None else p for p in table.problems]
            table.problems[:0] = quote_problems(records, text, delimiter, shown) + long_cells(records, shown)
        else:
            table = read_regular_text(text, delimiter, shown, aliases)
            if table is None:
                records = split_records(text, delimiter)
                table = table_from_rows(records.rows, records.numbers, shown, aliases, required)
                header = list(table.header_cells) or None
                table.problems[:0] = (quote_problems(records, text, delimiter, shown, header)
                                      + long_cells(records, shown, header))
        table.problems[:0] = decoding
        return table
    except UnreadableFile as error:
        return RawTable(pd.DataFrame(), {}, problems=[Problem(shown, str(error), expected=error.expected)],
                        readable=False)


def transpose(records: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """Labels down the first column, one project per further column -> a header row and one row per
    project, numbered by the file column it came from (the labels are column 1)."""
    width = max((len(record) for record in records), default=0)
    padded = [record + [""] * (width - len(record)) for record in records]
    return [list(column) for column in zip(*padded)], list(range(1, width + 1))


def delimiter_of(text: str, suffix: str, aliases: ColumnAliases, layout: str = ROWS) -> str:
    """The delimiter found from the content, whatever the file's extension: the first of tab (for a .tsv or
    .tab), the one that splits the first records most evenly, and the others, under which a header row is
    found; the even split where none finds one."""
    guessed = guess_delimiter(text, HEADER_SEARCH_ROWS)
    first = "\t" if suffix in (".tsv", ".tab") else guessed
    for delimiter in dict.fromkeys((first, guessed, *DELIMITERS)):
        records = first_records(text, delimiter, HEADER_SEARCH_ROWS)
        if find_header(transpose(records)[0] if layout == TRANSPOSED else records, aliases) is not None:
            return delimiter
    return guessed


def read_regular_text(text: str, delimiter: str, shown: str, aliases: ColumnAliases) -> RawTable | None:
    """The fast way, for a file with no quotes (so one record per line) that ends with a line break:
    pandas' C parser. None when it does not apply: a row wider than the header, or a cell longer than a
    spreadsheet cell, is for the slow way to name."""
    if '"' in text or not text.endswith(NEWLINES):
        return None
    # Without quotes a lone CR (an old Mac's line end) can only end a line: as \n, so pandas counts lines
    # as the slow way and the user do (it skips one line too many after a lone CR).
    text = LONE_CR.sub("\n", text) if "\r" in text else text
    if has_long_line(text):
        return None
    head = split_records(first_lines(text, HEADER_SEARCH_ROWS), delimiter)
    head, numbers = head.rows, head.numbers
    header_index = find_header(head, aliases)
    if header_index is None:
        return None
    header = head[header_index]
    width = len(header)
    try:
        # One column more than the header, and never an index column: pandas would otherwise take the first
        # cells of a row wider than the header as an index and shift the rest left. A first row wider still
        # is cut with a ParserWarning, which here stops the fast way.
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            body = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, skiprows=numbers[header_index],
                               names=list(range(width + 1)), index_col=False, dtype=TEXT, keep_default_na=False,
                               na_filter=False, skip_blank_lines=False, engine="c", quoting=csv.QUOTE_NONE)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return None
    if filled_cells(body[width].fillna("")).any():
        return None
    first = numbers[header_index] + 1
    return table_from_columns(header, numbers[header_index], [body[position].fillna("") for position in range(width)],
                              range(first, first + len(body)), shown, aliases)


def first_lines(text: str, count: int) -> str:
    """The text's first ``count`` lines (``\\n`` or CR LF line ends), line breaks kept."""
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end + 1]


def has_long_line(text: str) -> bool:
    """Whether a line is longer than a spreadsheet cell may be (so a cell of it may be)."""
    return len(text) > MAX_CELL_CHARACTERS and max(map(len, text.split("\n"))) > MAX_CELL_CHARACTERS


def long_cells(records: Records, shown: str, header: list[str] | None = None) -> list[Problem]:
    """An error for every cell longer than a spreadsheet cell holds: no export writes one, so it is rows
    run together (a quote never closed) or a damaged file, and a spreadsheet could not show it."""
    if sum(map(len, itertools.chain.from_iterable(records.rows))) <= MAX_CELL_CHARACTERS:
        return []
    return [Problem(shown, f"a cell of {len(cell)} characters, more than a spreadsheet cell holds", row=number,
                    column=column_name(header, position), value=cell,
                    expected=f"at most {MAX_CELL_CHARACTERS} characters in a cell")
            for row, number in zip(records.rows, records.numbers)
            for position, cell in enumerate(row) if len(cell) > MAX_CELL_CHARACTERS]


def table_from_rows(rows: list[list[str]], numbers: list[int], shown: str, aliases: ColumnAliases,
                    required: tuple[str, ...]) -> RawTable:
    """The table below the header row of parsed rows; cells beyond the header's width are errors."""
    header_index = find_header(rows, aliases)
    if header_index is None:
        return RawTable(pd.DataFrame(), {}, problems=[Problem(
            shown, "no header row found in the first rows", expected="a header naming at least two of: "
            + ", ".join(header_examples(aliases, required)))])
    header = rows[header_index]
    width = len(header)
    body = rows[header_index + 1:]
    body_numbers = numbers[header_index + 1:]
    wide = [Problem(shown, "more cells than the header has columns", row=number,
                    column=f"column {width + 1 + next(i for i, c in enumerate(row[width:]) if c.strip())}",
                    value=" | ".join(c for c in row[width:] if c.strip()), expected=f"at most {width} cells")
            for row, number in zip(body, body_numbers) if any(c.strip() for c in row[width:])]
    cells = [row[:width] + [""] * (width - len(row)) for row in body]
    columns = [list(column) for column in zip(*cells)] if cells else [[] for _ in range(width)]
    table = table_from_columns(header, numbers[header_index], columns, body_numbers, shown, aliases)
    table.problems[:0] = wide
    return table


def table_from_columns(header: list[str], header_row: int, columns: list, numbers, shown: str,
                       aliases: ColumnAliases) -> RawTable:
    """Maps the header to standard columns and keeps those of ``columns`` (one list or text series per
    header cell, as in the file) as text, each row with its line number in ``numbers``. A value under an
    empty header is an error."""
    header = [cell.strip() for cell in header]
    headers, positions, budget_year, problems = map_header(header, header_row, shown, aliases)
    row_numbers = np.fromiter(numbers, dtype=np.int64, count=len(numbers))
    cells = [pd.array(column, dtype=TEXT) for column in columns]
    for position in [p for p, cell in enumerate(header) if not cell]:
        filled = filled_cells(cells[position])
        for number, value in zip(row_numbers[filled], cells[position][filled].tolist()):
            problems.append(Problem(shown, f"a value in column {position + 1}, which has no header (a header cell "
                                    "merged across columns?)", row=int(number), value=value,
                                    expected="a header above every column with values"))
    frame = {column: cells[position] for column, position in positions.items()}
    ignored = [position for position in range(len(cells)) if position not in positions.values() and
               position < len(header) and header[position]]
    if ignored:  # text in ignored columns: kept for the log, so a line with only such text is not lost
        parts = zip(*(pd.Series(cells[position]).str.strip().tolist() for position in ignored))
        frame[IGNORED] = pd.array([" | ".join(v for v in row if v) for row in parts], dtype=TEXT)
        known = np.zeros(len(row_numbers), dtype=bool)
        for column in positions:
            known |= filled_cells(frame[column])
        only_ignored = (frame[IGNORED] != "").to_numpy(dtype=bool) & ~known
        for number, text in zip(row_numbers[only_ignored], frame[IGNORED][only_ignored].tolist()):
            problems.append(Problem(shown, "the line has text only in ignored columns; it is dropped and logged",
                                    row=int(number), column=" | ".join(header[p] for p in ignored), value=text,
                                    expected="project rows in the known columns", severity="warning"))
    frame["source_row"] = row_numbers
    return RawTable(pd.DataFrame(frame, index=range(len(row_numbers))), headers, budget_year, problems, header_row,
                    tuple(header))


def filled_cells(column) -> np.ndarray:
    """Whether each cell of a text column holds more than white space."""
    return (pd.Series(column).str.strip() != "").to_numpy(dtype=bool)
