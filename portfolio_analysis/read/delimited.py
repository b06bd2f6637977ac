"""Delimited text (CSV, semicolon CSV, TSV) split into records by the CSV rules, and a check of what the
quotes did.

A cell wholly enclosed in quotes may hold the delimiter, ``""`` for a quote, and line breaks. Any other
quote is text (``27"``, ``"Alfa" fase 2``): it is kept as written and noted, never stripped. A quoted cell
that spans line breaks is normal in a spreadsheet export (a cell with Alt+Enter), but two stray quotes can
make one such cell of several whole rows; :func:`quote_problems` names the lines where that happened.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from ..settings.problems import Problem, UnreadableFile

LINE_BREAK = re.compile(r"\r\n|\n|\r")
NEWLINES = ("\n", "\r")
DELIMITERS = ("\t", ";", ",")


@dataclass
class QuotedSpan:
    """A quoted cell that runs over line breaks: from the line where its quote opens to where it closes."""

    first: int
    last: int
    record: int  # the record's place among the records (0-based)
    cell: int  # the cell's place in its record (0-based)
    text: str  # the cell as read


@dataclass
class Records:
    """The records of a text, the line where each starts, and what the quotes did."""

    rows: list[list[str]]
    numbers: list[int]
    spans: list[QuotedSpan] = field(default_factory=list)
    text_quotes: list[tuple[int, int, str]] = field(default_factory=list)  # (line, cell, cell text)


def split_records(text: str, delimiter: str) -> Records:
    """Every record of a CSV/TSV text as a list of cells, and the line where each starts. A last line
    shorter than the rest and without a line break means the file was cut off."""
    records = tokenise(text, delimiter)
    rows, numbers = records.rows, records.numbers
    if not text.endswith(NEWLINES) and records.text_quotes and records.text_quotes[-1][0] == numbers[-1] \
            and records.text_quotes[-1][2].startswith('"') and records.text_quotes[-1][2].count('"') == 1:
        raise UnreadableFile("a quoted cell is never closed: the file looks truncated or damaged",
                             'every " that opens a cell closed by another "')
    if not text.endswith(NEWLINES) and len(rows) > 1 and 0 < len(rows[-1]) < max(len(r) for r in rows[:-1]):
        raise UnreadableFile(f"the last line (line {numbers[-1]}) has {len(rows[-1])} cells where the others have "
                             f"{max(len(r) for r in rows[:-1])}, and no line break: the file looks truncated",
                             "the whole file as exported; send it again")
    return records


def tokenise(text: str, delimiter: str) -> Records:
    """The CSV rules, keeping track of lines: a line without quotes is split as it is; elsewhere a cell
    that opens with a quote runs to the quote that is followed by a delimiter or a line break. A quoted
    part followed by more text (``"Alfa" fase 2``) is read on to the delimiter, as the csv module reads
    it, but kept as written, quotes and all."""
    separator = re.escape(delimiter)
    quoted = re.compile(rf'"((?:[^"]++|"")*+)"(?={separator}|\r|\n|\Z)')
    opened = re.compile(r'"(?:[^"]++|"")*+"')
    unquoted = re.compile(rf"[^{separator}\r\n]*")
    records = Records([], [])
    position, line, end = 0, 1, len(text)
    while position < end:
        first = line
        line_break = LINE_BREAK.search(text, position)
        segment = text[position:line_break.start() if line_break else end]
        if '"' not in segment:
            records.rows.append(segment.split(delimiter) if segment else [])
            records.numbers.append(line)
            position, line = (line_break.end() if line_break else end), line + 1
            continue
        row = []
        while True:
            start = position
            enclosed = quoted.match(text, position) if text.startswith('"', position) else None
            if enclosed:  # a whole quoted cell
                cell, position = enclosed.group(1).replace('""', '"'), enclosed.end()
            else:  # quotes as text, also a quoted part followed by more text: kept as written
                loose = opened.match(text, position) if text.startswith('"', position) else None
                position = unquoted.match(text, loose.end() if loose else position).end()
                cell = text[start:position]
                if '"' in cell:
                    records.text_quotes.append((line, len(row), cell))
            breaks = len(LINE_BREAK.findall(text, start, position)) if '"' in cell or enclosed else 0
            if breaks:
                records.spans.append(QuotedSpan(line, line + breaks, len(records.rows), len(row), cell))
            line += breaks
            row.append(cell)
            if position >= end:
                break
            if text[position] == delimiter:
                position += 1
                continue
            position = LINE_BREAK.match(text, position).end()
            break
        records.rows.append(row)
        records.numbers.append(first)
        line += 1
    return records


def quote_problems(records: Records, text: str, delimiter: str, shown: str,
                   header: list[str] | None = None) -> list[Problem]:
    """An error for every quoted cell that swallowed whole rows (two or more of its lines are complete
    rows on their own, or the record ends up wider than the others), and a note for every quote read
    as text."""
    problems = []
    widths = Counter(len(row) for row in records.rows if len(row) > 1)
    width = widths.most_common(1)[0][0] if widths else 1
    lines = LINE_BREAK.split(text) if records.spans else []  # as tokenise counts lines
    for span in records.spans:
        record = records.rows[span.record]
        complete = sum(line.count(delimiter) + 1 >= width for line in lines[span.first - 1:span.last])
        if complete >= 2 or len(record) > width:
            problems.append(Problem(
                shown, f"a quote opened at line {span.first} closes at line {span.last}: rows {span.first}–{span.last} "
                "would become one; is the quote meant as text?", row=span.first,
                column=column_name(header, span.cell), value=quoted_ends(span.text, delimiter),
                expected='quotes only around a whole cell, and "" for a quote inside a quoted cell'))
    problems += [Problem(shown, "a quote mark that does not enclose the whole cell is read as text", row=line,
                         column=column_name(header, cell), value=value, expected=None, severity="note")
                 for line, cell, value in records.text_quotes]
    return problems


def quoted_ends(cell: str, delimiter: str) -> str:
    """Where a quote opened and where it closed, as written: ``'"Beta … Zeta"'``."""
    lines = LINE_BREAK.split(cell)
    return f'"{lines[0].split(delimiter)[0]} … {lines[-1].split(delimiter)[-1]}"'


def column_name(header: list[str] | None, cell: int) -> str:
    if header is not None and cell < len(header) and header[cell].strip():
        return header[cell].strip()
    return f"column {cell + 1}"


def guess_delimiter(text: str, search_rows: int) -> str:
    """The delimiter that splits the first records most often into the same number (> 1) of fields.

    Records, not lines: a quoted cell may hold line breaks. One-field records (titles, footers) do not
    vote; a tie goes to the wider split, then to tab, ``;``, ``,``.
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in first_records(text, delimiter, search_rows)
                  if len(row) > 1 and any(cell.strip() for cell in row)]
        common = max(sorted(set(widths), reverse=True), key=widths.count) if widths else 1
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def first_records(text: str, delimiter: str, count: int) -> list[list[str]]:
    """The first ``count`` records by the csv module's rules, cells of any length (its default limit of
    128 KiB a field would stop the reading with an error)."""
    limit = csv.field_size_limit(sys.maxsize)
    try:
        return list(itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), count))
    finally:
        csv.field_size_limit(limit)
