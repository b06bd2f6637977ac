"""Which row of a submitted table is its header, and which standard column each header cell names
(through the portfolio's column map): unknown headers are warnings, missing required ones errors
(:func:`missing_columns`, for the caller that knows which table a file is)."""

from __future__ import annotations

from dataclasses import replace

from ..settings.maps import IGNORE, NEXT_YEAR_COLUMNS, ColumnAliases
from ..settings.problems import Problem

HEADER_SEARCH_ROWS = 30
MIN_KNOWN_HEADERS = 2
MISSING_COLUMN = "a required column is missing"


def find_header(rows: list[list[str]], aliases: ColumnAliases) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {match.column for cell in row if cell.strip() and (match := aliases.match(cell))}
        if len(known) >= MIN_KNOWN_HEADERS:
            return index
    return None


def map_header(header: list[str], header_row: int, shown: str, aliases: ColumnAliases):
    """Which standard column each header cell names; unknown headers are warnings (missing required columns
    are for the caller to name, :func:`missing_columns`: only it knows which table the file is)."""
    problems: list[Problem] = []
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    budget_year = None
    years: dict[str, int | None] = {}  # the year the first header of a column names
    for position, cell in enumerate(header):
        if not cell:
            continue
        match = aliases.match(cell)
        if match is None:
            problems.append(Problem(shown, "unknown column, ignored", row=header_row, column=cell, value=cell,
                                    expected=f"a header listed in {aliases.source}, or no such column", severity="warning"))
            continue
        if match.column == IGNORE:
            continue
        years[match.column] = years.get(match.column, match.year)
        if match.column in headers and is_next_year(match, years):
            match = replace(match, column=NEXT_YEAR_COLUMNS[match.column])
        if match.column in headers:
            problems.append(Problem(shown, "two columns mean the same thing", row=header_row, column=cell,
                                    value=headers[match.column], expected="one column each"))
            continue
        headers[match.column] = cell
        positions[match.column] = position
        if match.column not in NEXT_YEAR_COLUMNS.values():
            budget_year = match.year if match.year is not None else budget_year
    return headers, positions, budget_year, problems


def is_next_year(match, years: dict[str, int | None]) -> bool:
    """A second header of a column that names the year after its first (``Budsjett 2021`` after
    ``Budsjett 2020``): the column's next-year companion (:data:`maps.NEXT_YEAR_COLUMNS`)."""
    first = years.get(match.column)
    return (match.column in NEXT_YEAR_COLUMNS and first is not None and match.year is not None
            and match.year == first + 1)


def missing_columns(headers: dict[str, str], header: list[str] | tuple[str, ...], header_row: int | None, shown: str,
                    aliases: ColumnAliases, required: tuple[str, ...]) -> list[Problem]:
    """An error for every required column the header does not name."""
    problems = []
    for column in required:
        if column not in headers:
            examples = aliases.examples(column)
            problems.append(Problem(shown, MISSING_COLUMN, row=header_row, column=column,
                                    value=" | ".join(h for h in header if h),
                                    expected="a column named like " + " or ".join(repr(a) for a in examples[:3])
                                    if examples else "a column for " + column))
    return problems


def header_examples(aliases: ColumnAliases, required: tuple[str, ...]) -> list[str]:
    return [repr(aliases.examples(column)[0]) for column in required if aliases.examples(column)]
