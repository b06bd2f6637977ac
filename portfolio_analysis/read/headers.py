"""Which row of a submitted table is its header, and which standard column each header cell names
(through the portfolio's column map): unknown headers are warnings, missing required ones errors
(:func:`missing_columns`, for the caller that knows which table a file is)."""

from __future__ import annotations

from ..settings.maps import IGNORE, ColumnAliases
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
        if match.column in headers:
            problems.append(Problem(shown, "two columns mean the same thing", row=header_row, column=cell,
                                    value=headers[match.column], expected="one column each"))
            continue
        headers[match.column] = cell
        positions[match.column] = position
        budget_year = match.year if match.year is not None else budget_year
    return headers, positions, budget_year, problems


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
