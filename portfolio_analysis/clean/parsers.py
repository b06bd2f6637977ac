"""Parsers: a column's cleaned text -> its values and the problems found reading it, in one pass
(:data:`columns.Parser`). A new kind of column (a date, an amount of money) is a parser here and a
declaration in :mod:`standard`."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..settings.dtypes import TEXT
from ..settings.maps import RatingScale, normalise_key
from ..settings.problems import Problem
from .checks import PLACE, problems_of, problems_where
from .columns import Context, Parsed
from .dates import MONTH_FIRST, read_date, slash_order_evidence
from .distinct import by_unique
from .numbers import NUMBER_FORMS, NumberColumn, footnote_marks, format_reading, read_numbers

PROJECT_ID = re.compile(r"[0-9]+(\.0+)?")  # a whole number, as a spreadsheet may write it (131.0)
ID_DIGITS = 18  # an id of more digits does not fit a 64-bit integer


# --- project ids ------------------------------------------------------------------------------------

def parse_project_ids(frame: pd.DataFrame, column: str, context: Context) -> Parsed:
    """Whole-number ids become integers (``131.0`` from a spreadsheet -> 131); one that is not a whole number
    that fits is an error, and NA. Text ids (``project_ids: text``) stay text, and a blank one is unknown."""
    if context.profile.project_ids == "text":
        return Parsed(frame[column].astype("string").replace("", pd.NA), [])
    numbers = project_ids(frame[column])
    bad = frame.loc[numbers.isna().to_numpy(), PLACE + [column]]
    long = bad[column].str.fullmatch(PROJECT_ID.pattern).fillna(False).astype(bool)
    problems = sorted(problems_of(bad[~long], column, "not a project id", "a whole number, e.g. 131")
                      + problems_of(bad[long], column, f"the project id has more than {ID_DIGITS} digits",
                                    f"a whole number of at most {ID_DIGITS} digits"), key=lambda p: (p.file, p.row))
    return Parsed(numbers, problems)


def project_ids(text: pd.Series) -> pd.Series:
    """``'131'``, ``'131.0'`` and ``'0131'`` -> 131, read as exact digits (never through a float); anything
    that is not a whole number, or has more digits than an id can hold (:data:`ID_DIGITS`), -> NA."""
    return by_unique(text.astype(TEXT).fillna(""), project_id, "Int64")


def project_id(text: str) -> int | None:
    """One id as :func:`project_ids` reads it; None where it is not a whole number that fits."""
    if not PROJECT_ID.fullmatch(text):
        return None
    digits = text.split(".")[0].lstrip("0")
    return int(digits or "0") if len(digits) <= ID_DIGITS else None


# --- ratings ----------------------------------------------------------------------------------------

def parse_ratings(frame: pd.DataFrame, column: str, context: Context) -> Parsed:
    """Status and risk labels become the scale's labels (``gronn``, ``Green`` -> ``Grønn``), ordered best
    first; a label the scale does not know is an error. A blank cell stays empty: it is never read as
    green. A period that rates on a coarser scale (``context.period_scales``) is read with that scale's
    spellings. Each distinct text is looked up once per scale."""
    scale = context.profile.scale
    groups = scale_groups(frame, scale, context.period_scales) or [(scale, [])]
    position = {label: index for index, label in enumerate(scale.labels)}
    codes = np.full(len(frame), -1, dtype=np.int64)
    problems: list[Problem] = []
    for group_scale, periods in groups:
        rows = frame if len(groups) == 1 else frame[frame["report_period"].isin(periods)]
        found = label_codes(rows[column], group_scale, position)
        if len(groups) == 1:
            codes = found
        else:
            codes[frame["report_period"].isin(periods).to_numpy()] = found
        unknown = (found < 0) & (rows[column] != "").to_numpy(dtype=bool, na_value=False)
        problems += problems_where(rows, unknown, column, f"unknown {column} label", group_scale.expected())
    if len(groups) > 1:
        problems.sort(key=lambda p: (p.file, p.row or 0))
    dtype = pd.CategoricalDtype(list(scale.labels), ordered=True)
    return Parsed(pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=frame.index), problems)


def known_rating_labels(frame: pd.DataFrame, column: str, values, context: Context) -> list[Problem]:
    """A check for a column of labels kept as text (a fallback rating): every label one the scale knows."""
    return parse_ratings(frame, column, context).problems


def label_codes(text: pd.Series, scale: RatingScale, position: dict[str, int]) -> np.ndarray:
    """Each row's place among the portfolio's labels (-1: blank or unknown), found once per distinct text."""
    codes, uniques = pd.factorize(text)
    found = np.array([position.get(scale.aliases.get(normalise_key(value)) if value else None, -1)
                      for value in uniques.tolist()] + [-1], dtype=np.int64)
    return found[np.where(codes < 0, len(uniques), codes)]


def scale_groups(frame: pd.DataFrame, scale: RatingScale,
                 period_scales: dict[str, RatingScale] | None) -> list[tuple[RatingScale, list[str]]]:
    """The scales the frame's periods rate on, each with its periods (one pass per scale, not per period)."""
    periods_of: dict[str, tuple[RatingScale, list[str]]] = {}
    for period in frame["report_period"].unique():
        period_scale = (period_scales or {}).get(period, scale)
        periods_of.setdefault(period_scale.name, (period_scale, []))[1].append(period)
    return list(periods_of.values())


# --- dates ------------------------------------------------------------------------------------------

DATE_FORMS = ("a date: 31.12.2021, 2021-12-31, 31/12/2021, des. 2021, Q4 2021 or 2021, or a reason such as TBC")


def parse_dates(frame: pd.DataFrame, column: str, context: Context) -> Parsed:
    """Planned dates become ISO partial text of their precision (:mod:`dates`): ``des. 2021`` -> ``2021-12``.
    A text that is no date at all (``TBC``) was moved to the marker before (:func:`steps.separate_date_reasons`);
    one shaped like a date that is none (``31.02.2021``) is an error. Slashed dates read in the profile's order
    (``date_order``) unless their file shows the other (``03/31/2025``): then the file's, with a warning; a file
    that shows both is an error on each slashed date it cannot settle. Each distinct text is read once per order."""
    text = frame[column].astype(TEXT).fillna("")
    files = frame["source_file"] if "source_file" in frame else pd.Series("", index=frame.index)
    default = context.profile.date_order
    orders = slash_orders(text, files, default)
    order = files.map(orders).fillna(default).astype(object) if orders else pd.Series(default, index=frame.index)
    keys = text + "\0" + order.astype(str)
    read = by_unique(keys, lambda key: read_date(*key.split("\0")) if key.split("\0")[1] != "both"
                     else read_date(key.split("\0")[0], default))
    values = pd.array([r.value if r is not None and cell else None for r, cell in zip(read.tolist(), text.tolist())],
                      dtype="string")
    wrong = pd.Series([bool(cell) and r.problem is not None for r, cell in zip(read.tolist(), text.tolist())],
                      index=frame.index)
    problems = []
    for position in np.flatnonzero(wrong.to_numpy()):
        problems += problems_of(frame.iloc[position:position + 1], column,
                                f"not a date ({read.iloc[position].problem})", DATE_FORMS)
    if "both" in orders.values():
        unsettled = (order == "both") & ~wrong & text.str.contains("/", regex=False) & text.map(
            lambda cell: slash_order_evidence(cell) is None)
        problems += problems_where(frame, unsettled, column, "the date reads two ways: its file writes dates both "
                                   "day-first and month-first", "one order in the whole file, e.g. 31/03/2025")
    problems.sort(key=lambda p: (p.file, p.row or 0))
    problems += month_first_warnings(frame, column, text, files, orders)
    return Parsed(pd.Series(values, index=frame.index), problems)


def slash_orders(text: pd.Series, files: pd.Series, default: str) -> dict[str, str]:
    """Each file's order of slashed dates as its cells show it: day-first, month-first, or both; a file whose
    cells show neither is not listed (it reads in ``default``)."""
    shown: dict[str, set[str]] = {}
    for cell, file in zip(text.tolist(), files.tolist()):
        evidence = slash_order_evidence(cell) if "/" in cell else None
        if evidence:
            shown.setdefault(file, set()).add(evidence)
    return {file: next(iter(found)) if len(found) == 1 else "both" for file, found in shown.items()}


def month_first_warnings(frame: pd.DataFrame, column: str, text: pd.Series, files: pd.Series,
                         orders: dict[str, str]) -> list[Problem]:
    """One warning per file read month-first: the first cell that shows it."""
    problems = []
    for file, order in orders.items():
        if order != MONTH_FIRST:
            continue
        first = next(i for i, (cell, f) in enumerate(zip(text.tolist(), files.tolist()))
                     if f == file and slash_order_evidence(cell) == MONTH_FIRST)
        problems += problems_of(frame.iloc[first:first + 1], column, "the file writes dates month-first (as this "
                                "one shows); its slashed dates are read month-first", "day-first dates, e.g. 31/03/2025",
                                severity="warning")
    return problems


# --- budgets ---

YEARLY_MONEY = ("budget", "budget_next_year", "forecast")  # one year's money: budget_limit applies, carried within
# its year only-------------------------------------------------------------------------------------

def parse_budgets(frame: pd.DataFrame, column: str, context: Context) -> Parsed:
    """Budgets become numbers in the portfolio's unit (``1 571,5`` -> 1571.5); blank means unknown. Each
    file's own decimal convention reads the values that could be read two ways (:func:`numbers.read_numbers`).

    A budget must be a number, not negative (unless the portfolio allows it), and (with ``budget_limit``) not
    absurdly large: a budget in kroner typed into a column of millions. A number that reads two ways
    (``1.571``) is a warning where nothing in its file's column settles the decimal mark, and an error
    where the column writes decimals both ways."""
    profile = context.profile
    numbers = read_numbers(frame[column], frame["source_file"] if "source_file" in frame else None,
                           profile.decimal_mark)
    limit = profile.budget_limit if column in YEARLY_MONEY else None  # a whole-life cost may well exceed it
    return Parsed(numbers.values, budget_problems(frame, column, numbers, limit, profile.budget_unit,
                                                  profile.negative_budgets == "allowed"))


def budget_problems(frame: pd.DataFrame, column: str, numbers: NumberColumn, limit: float | None, unit: str,
                    negative_allowed: bool) -> list[Problem]:
    values, invalid = numbers.values, numbers.invalid
    negative = values.lt(0).fillna(False).astype(bool) & (not negative_allowed)
    too_large = values.gt(limit).fillna(False).astype(bool) if limit is not None else negative & False
    two_ways = numbers.two_ways != ""
    flagged = frame.loc[(invalid | negative | too_large | two_ways).to_numpy(), PLACE + [column]]
    problems = []
    for position, index in enumerate(flagged.index):  # in file order, one line per cell
        row = flagged.iloc[position:position + 1]
        marks = footnote_marks(str(row[column].iloc[0])) if invalid[index] else ""
        if marks:
            problems += problems_of(row, column, f"a superscript or circled digit ({marks}) in a number: a "
                                    "footnote mark or a digit, the cell does not say which; not read",
                                    "the number in plain digits, any footnote in a column of its own")
        elif invalid[index]:
            problems += problems_of(row, column, "not a number", NUMBER_FORMS + ", or blank")
        elif negative[index]:
            problems += problems_of(row, column, "a budget cannot be negative", "zero or more, or blank if unknown")
        elif too_large[index]:
            problems += problems_of(row, column, "an implausibly large budget (kroner in a column of millions?)",
                                    f"at most {limit:,.0f} {unit.replace('{}', '')}".replace(",", " ").strip())
        if two_ways[index]:
            problems += two_way_number(row, column, numbers, index)
    return problems


def two_way_number(row: pd.DataFrame, column: str, numbers: NumberColumn, index) -> list[Problem]:
    expected = "thousands grouped by a space (1 571) or not at all (1571)"
    if numbers.conflict[index]:
        shown = " and ".join(f"'{value}'" for value in numbers.evidence[str(row["source_file"].iloc[0])].values())
        return problems_of(row, column, f"the number reads two ways ({numbers.two_ways[index]}), and the "
                           f"column writes decimals both ways ({shown})", expected)
    read = format_reading(float(numbers.values[index]))
    return problems_of(row, column, f"the number reads two ways ({numbers.two_ways[index]}); read as {read}, "
                       "a lone separator being the decimal mark, as no other value in the column shows which it is",
                       expected, severity="warning")
