"""One generic reader for submitted tables: CSV (comma or semicolon), TSV, and workbooks (XLSX, XLS, ODS, an
HTML table), told apart by their content (:mod:`formats`).

Every cell is read as text, exactly as written; interpreting it is the cleaning's job. The header row
is the first row whose cells name at least two known columns (``maps/columns.csv``), so title rows
above it are skipped (:mod:`headers`); workbooks are read by :mod:`xlsx` and :mod:`spreadsheets`. Each
data row keeps its row number in the file (``source_row``).

Regular text files (no quotes, complete last line, no row wider than the header) are read by pandas'
C parser; every other file by Python's csv module, which can name each irregular row.

A portfolio whose files are *transposed* (``layout: transposed`` in its profile: field labels down
the first column, one project per further column) is read the same way after turning the records
round; a project's ``source_row`` is then the file column it came from.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .delimited import NEWLINES, guess_delimiter, quote_problems, split_records
from .headers import HEADER_SEARCH_ROWS, MISSING_COLUMN, find_header, header_examples, map_header
from .maps import ColumnAliases
from .problems import Problem, UnreadableFile
from .formats import HTML, ODS, XLS, XLSX, content_format, name_warnings
from .spreadsheets import read_html, read_ods, read_xls
from .xlsx import read_xlsx

ENCODINGS = ("utf-8-sig", "cp1252")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Excel's "Unicode text" export: UTF-16 LE with its BOM
UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")  # a two-byte UTF-8 letter (æ, ø, å, é, …)
LINE_BOUNDARY = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # where str.splitlines splits
TEXT = pd.StringDtype("pyarrow")  # cells as text, in Arrow: the cleaning's string operations run vectorised
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
               undefined_bytes: str = "error", check_required: bool = True) -> RawTable:
    """Read one submitted file; problems (unreadable, no header, missing columns) come back in the table.
    With ``check_required=False`` the required columns only name examples when no header is found, and
    missing ones are left to the caller (which may not yet know which table the file is).

    ``layout`` is ``rows`` (one project per row) or ``transposed`` (one project per column);
    ``undefined_bytes`` is ``error`` or ``replace`` (bytes no known encoding defines become U+FFFD,
    each with a warning)."""
    table = _read_table(path, shown, aliases, required, layout, undefined_bytes)
    if not check_required:
        table.problems = [p for p in table.problems if p.message != MISSING_COLUMN]
    return table


def _read_table(path: Path, shown: str, aliases: ColumnAliases, required: tuple[str, ...], layout: str,
                undefined_bytes: str) -> RawTable:
    try:
        found = content_format(path)
        if found in WORKBOOK_READERS:
            rows, sheet_problems = WORKBOOK_READERS[found](path, shown, aliases)
            table = table_from_rows(rows, list(range(1, len(rows) + 1)), shown, aliases, required)
            table.problems[:0] = name_warnings(path, found, shown)
            table.problems += sheet_problems
            return table
        text, decoding = read_text(path, shown, undefined_bytes)
        decoding[:0] = name_warnings(path, found, shown)
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else guess_delimiter(text, HEADER_SEARCH_ROWS)
        if layout == TRANSPOSED:
            records = split_records(text, delimiter)
            rows, numbers = transpose(records.rows)
            table = table_from_rows(rows, numbers, shown, aliases, required)
            table.problems = [replace(p, record="column") if p.row is not None else p for p in table.problems]
            table.problems[:0] = quote_problems(records, text, delimiter, shown)
        else:
            table = read_regular_text(text, delimiter, shown, aliases, required)
            if table is None:
                records = split_records(text, delimiter)
                table = table_from_rows(records.rows, records.numbers, shown, aliases, required)
                table.problems[:0] = quote_problems(records, text, delimiter, shown, list(table.header_cells) or None)
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


def read_text(path: Path, shown: str = "", undefined_bytes: str = "error") -> tuple[str, list[Problem]]:
    """The file's text, refused when it is empty or not text; and a
    warning for every undefined byte replaced (``undefined_bytes="replace"``)."""
    content = path.read_bytes()
    try:
        text, problems = decode(content), []
    except UnreadableFile:
        if undefined_bytes != "replace" or b"\x00" in content or not has_undefined_bytes(content):
            raise
        text, problems = decode_replacing(content, shown)
    if not text.strip():
        raise UnreadableFile("the file is empty", "a header row and one row per project")
    return text, problems


def has_undefined_bytes(content: bytes) -> bool:
    try:
        content.decode("cp1252")
    except UnicodeDecodeError:
        return not UTF8_LETTER.search(content)  # a mix of UTF-8 and Windows-1252 stays an error
    return False


def decode_replacing(content: bytes, shown: str) -> tuple[str, list[Problem]]:
    """Windows-1252 text with a few bytes it does not define (0x81, 0x8d, 0x8f, 0x90, 0x9d): each becomes
    U+FFFD and is reported with its line, so nobody mistakes the replacement for the original."""
    text = content.decode("cp1252", errors="replace")
    problems = []
    for match in re.finditer(rb"[\x81\x8d\x8f\x90\x9d]", content):
        line = content.count(b"\n", 0, match.start()) + 1
        context = content[max(0, match.start() - 30):match.end() + 30].decode("cp1252", errors="replace")
        problems.append(Problem(shown, f"byte 0x{match.group()[0]:02x} is not a Windows-1252 character; read as "
                                "U+FFFD (\ufffd)", row=line, value=" ".join(context.split()),
                                expected="text in one encoding", severity="warning"))
    return text, problems


def read_regular_text(text: str, delimiter: str, shown: str, aliases: ColumnAliases,
                      required: tuple[str, ...]) -> RawTable | None:
    """The fast way, for a file with no quotes (so one record per line) that ends with a line break:
    pandas' C parser. None when it does not apply or a row is wider than the header."""
    if '"' in text or not text.endswith(NEWLINES):
        return None
    head = split_records(first_lines(text, HEADER_SEARCH_ROWS), delimiter)
    head, numbers = head.rows, head.numbers
    header_index = find_header(head, aliases)
    if header_index is None:
        return None
    header = head[header_index]
    try:
        body = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, skiprows=numbers[header_index],
                           names=list(range(len(header))), dtype=TEXT, keep_default_na=False, na_filter=False,
                           skip_blank_lines=False, engine="c", quoting=csv.QUOTE_NONE)
    except (pd.errors.ParserError, ValueError):
        return None
    first = numbers[header_index] + 1
    return table_from_columns(header, numbers[header_index], [body[position].fillna("") for position in body],
                              range(first, first + len(body)), shown, aliases, required)


def first_lines(text: str, count: int) -> str:
    """The text's first ``count`` lines as ``str.splitlines`` counts them, line breaks kept."""
    for number, boundary in enumerate(LINE_BOUNDARY.finditer(text), start=1):
        if number == count:
            return text[:boundary.end()]
    return text


def decode(content: bytes) -> str:
    if content.startswith(UTF16_BOMS):
        try:
            return content.decode("utf-16")  # the BOM says which byte order
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"the file starts as UTF-16 text but byte {error.start} is not UTF-16: the "
                                 "file looks truncated or damaged", "the whole file as exported; send it again"
                                 ) from error
    if b"\x00" in content:
        raise UnreadableFile("the file is not text (it holds NUL bytes)", "a CSV or TSV text file, or an .xlsx workbook")
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and UTF8_LETTER.search(content):
            raise UnreadableFile("the file mixes two encodings: most of it is UTF-8, some of it Windows-1252, so "
                                 "letters such as æøå would come out garbled", "one encoding for the whole file "
                                 "(save it again as UTF-8)")
        return text
    raise UnreadableFile("the file is not text in a known encoding", "UTF-8 (with or without BOM), UTF-16 with BOM, "
                         "or Windows-1252")


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
    table = table_from_columns(header, numbers[header_index], columns, body_numbers, shown, aliases, required)
    table.problems[:0] = wide
    return table


def table_from_columns(header: list[str], header_row: int, columns: list, numbers, shown: str,
                       aliases: ColumnAliases, required: tuple[str, ...]) -> RawTable:
    """Maps the header to standard columns and keeps those of ``columns`` (one list or text series per
    header cell, as in the file) as text, each row with its line number in ``numbers``. A value under an
    empty header is an error."""
    header = [cell.strip() for cell in header]
    headers, positions, budget_year, problems = map_header(header, header_row, shown, aliases, required)
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
