"""Checks on the rows being cleaned: functions ``DataFrame -> [Problem]``, one problem per cell, naming
file, row, column, value and what was expected (errors stop the build, warnings and notes are logged)."""

from __future__ import annotations

import re

import pandas as pd

from ..settings.maps import Organisations, RatingScale, normalise_key
from ..settings.problems import Problem
from .distinct import rows_where
from .numbers import NUMBER_FORMS, NumberColumn, footnote_marks, format_reading
from .steps import (BIDI_EXPECTED, BIDI_PATTERN, ID_DIGITS, PROJECT_ID, TEXT_COLUMNS, FOCUS_AREA, project_ids,
                    read_budgets, scale_groups, shown_bidi_controls)

FORMULA_START = ("=", "+", "-", "@")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]")
PLACE = ["report_period", "source_file", "source_row"]  # what a problem says of where its cell is


def check_bidi_controls(frame: pd.DataFrame, columns: tuple[str, ...] = TEXT_COLUMNS) -> list[Problem]:
    """A warning per cell holding a bidirectional control, with the controls shown as ``<U+202E>``."""
    problems = []
    for column in columns:
        if column not in frame:
            continue
        found = rows_where(frame[column], lambda v: bool(BIDI_PATTERN.search(v)))
        if not found.any():
            continue
        rows = frame.loc[found, PLACE + [column]]
        shown = rows.assign(**{column: rows[column].map(shown_bidi_controls)})
        problems += problems_of(shown, column, "a bidirectional control character that would reorder the text "
                              "on the page; removed", BIDI_EXPECTED, severity="warning")
    return sorted(problems, key=lambda p: (p.file, p.row or 0))


def check_project_ids(frame: pd.DataFrame, kind: str = "whole_numbers", numbers: pd.Series | None = None
                      ) -> list[Problem]:
    """Whole-number ids must be whole numbers that fit; ``numbers``: the ids as read, if already read."""
    if kind == "text":
        return []  # any text is an id, and a project may have none (it is then matched by name)
    numbers = project_ids(frame["project_id"]) if numbers is None else numbers
    bad = frame.loc[numbers.isna().to_numpy(), PLACE + ["project_id"]]
    long = bad["project_id"].str.fullmatch(PROJECT_ID.pattern).fillna(False).astype(bool)
    return sorted(problems_of(bad[~long], "project_id", "not a project id", "a whole number, e.g. 131")
                  + problems_of(bad[long], "project_id", f"the project id has more than {ID_DIGITS} digits",
                              f"a whole number of at most {ID_DIGITS} digits"), key=lambda p: (p.file, p.row))


def check_project_names(frame: pd.DataFrame) -> list[Problem]:
    return problems_where(frame, frame["project_name"] == "", "project_name", "the project has no name",
                          "a project name")


def check_ratings(frame: pd.DataFrame, scale: RatingScale, column: str,
                  period_scales: dict[str, RatingScale] | None = None) -> list[Problem]:
    if column not in frame:
        return []
    groups = scale_groups(frame, scale, period_scales)
    problems = []
    for period_scale, periods in groups:
        rows = frame if len(groups) == 1 else frame[frame["report_period"].isin(periods)]
        bad = rows_where(rows[column], lambda v: v != "" and normalise_key(v) not in period_scale.aliases)
        problems += problems_where(rows, bad, column, f"unknown {column} label", period_scale.expected())
    return problems if len(groups) == 1 else sorted(problems, key=lambda p: (p.file, p.row or 0))


def check_budgets(frame: pd.DataFrame, limit: float | None = None, unit: str = "",
                  negative_allowed: bool = False, decimal_mark: str | None = None,
                  numbers: NumberColumn | None = None) -> list[Problem]:
    """Budgets must be numbers, not negative (unless the portfolio allows it), and (with ``limit``) not
    absurdly large: a budget in kroner typed into a column of millions. A number that reads two ways
    (``1.571``) is a warning where nothing in its file's column settles the decimal mark, and an error
    where the column writes decimals both ways. ``numbers``: the frame's budgets, if already read."""
    numbers = read_budgets(frame, decimal_mark) if numbers is None else numbers
    values, invalid = numbers.values, numbers.invalid
    negative = values.lt(0).fillna(False).astype(bool) & (not negative_allowed)
    too_large = values.gt(limit).fillna(False).astype(bool) if limit is not None else negative & False
    two_ways = numbers.two_ways != ""
    flagged = frame.loc[(invalid | negative | too_large | two_ways).to_numpy(), PLACE + ["budget_mnok"]]
    problems = []
    for position, index in enumerate(flagged.index):  # in file order, one line per cell
        row = flagged.iloc[position:position + 1]
        if invalid[index] and footnote_marks(str(row["budget_mnok"].iloc[0])):
            marks = footnote_marks(str(row["budget_mnok"].iloc[0]))
            problems += problems_of(row, "budget_mnok", f"a superscript or circled digit ({marks}) in a number: a "
                                    "footnote mark or a digit, the cell does not say which; not read",
                                    "the number in plain digits, any footnote in a column of its own")
        elif invalid[index]:
            problems += problems_of(row, "budget_mnok", "not a number", NUMBER_FORMS + ", or blank")
        elif negative[index]:
            problems += problems_of(row, "budget_mnok", "a budget cannot be negative", "zero or more, or blank if unknown")
        elif too_large[index]:
            problems += problems_of(row, "budget_mnok", "an implausibly large budget (kroner in a column of millions?)",
                                  f"at most {limit:,.0f} {unit.replace('{}', '')}".replace(",", " ").strip())
        if two_ways[index]:
            problems += two_way_number(row, numbers, index)
    return problems


def two_way_number(row: pd.DataFrame, numbers: NumberColumn, index) -> list[Problem]:
    expected = "thousands grouped by a space (1 571) or not at all (1571)"
    if numbers.conflict[index]:
        shown = " and ".join(f"'{value}'" for value in numbers.evidence[str(row["source_file"].iloc[0])].values())
        return problems_of(row, "budget_mnok", f"the number reads two ways ({numbers.two_ways[index]}), and the "
                         f"column writes decimals both ways ({shown})", expected)
    read = format_reading(float(numbers.values[index]))
    return problems_of(row, "budget_mnok", f"the number reads two ways ({numbers.two_ways[index]}); read as {read}, "
                     "a lone separator being the decimal mark, as no other value in the column shows which it is",
                     expected, severity="warning")


def check_names(frame: pd.DataFrame, length_limit: int) -> list[Problem]:
    """Names are kept as written, but ones that look like a spreadsheet formula or HTML, or are very
    long, are flagged: reports show them as text and the CSV outputs neutralise formulas."""
    names = frame["project_name"]
    formula = names.str.startswith(FORMULA_START)
    markup = rows_where(names, lambda v: bool(MARKUP.search(v)))
    long = names.str.len() > length_limit
    return (problems_where(frame, formula, "project_name", "the name starts like a spreadsheet formula; kept as text",
                           "plain text", severity="warning")
            + problems_where(frame, markup & ~formula, "project_name", "the name contains HTML markup; kept as text",
                             "plain text", severity="warning")
            + problems_where(frame, long, "project_name", f"the name is longer than {length_limit} characters",
                             f"a name of at most {length_limit} characters", severity="warning"))


def check_focus_areas(frame: pd.DataFrame) -> list[Problem]:
    bad = rows_where(frame["focus_area"], lambda v: v != "" and not FOCUS_AREA.match(v))
    return problems_where(frame, bad, "focus_area", "focus area without its code",
                          "a code and a name, e.g. '1.1 Modernisere …'")


def check_organisations_present(frame: pd.DataFrame) -> list[Problem]:
    return problems_where(frame, frame["actor"] == "", "actor", "the project has no responsible organisation",
                          "the organisation's name, e.g. Helsedirektoratet")


def check_known_organisations(frame: pd.DataFrame, organisations: Organisations) -> list[Problem]:
    bad = rows_where(frame["actor"], lambda v: v != "" and organisations.canonical(v) is None)
    return problems_where(frame, bad, "actor", f"unknown organisation, grouped as {organisations.default_group!r}",
                          "a name in the portfolio's organisation map", severity="warning")


def check_unique_ids(frame: pd.DataFrame, kind: str = "whole_numbers", numbers: pd.Series | None = None
                     ) -> list[Problem]:
    """A project id appears at most once per period; every row of a duplicate is named, with its file
    where the rows come from two submissions. ``numbers``: whole-number ids as read, if already read."""
    if kind == "text":
        ids = frame["project_id"].replace("", None)
    else:
        ids = project_ids(frame["project_id"]) if numbers is None else numbers
    keys = pd.DataFrame({"report_period": frame["report_period"], "_id": ids})
    repeated = (ids.notna() & keys.duplicated(keep=False)).to_numpy()
    duplicated = frame.loc[repeated, PLACE + ["project_id", "project_name"]].assign(_id=ids[repeated])
    problems = []
    for (_period, project_id), rows in duplicated.groupby(["report_period", "_id"], sort=False):
        names = " / ".join(dict.fromkeys(rows["project_name"]))
        if rows["source_file"].nunique() > 1:
            where = ", ".join(f"{file} row {row}" for file, row in zip(rows["source_file"], rows["source_row"]))
            message = f"project id {project_id} appears in two submissions ({where}; names: {names})"
        else:
            others = ", ".join(str(r) for r in rows["source_row"])
            message = f"project id {project_id} appears more than once in the period (rows {others}; names: {names})"
        problems += problems_of(rows, "project_id", message, "each project once per period")
    return problems


def note_owner_lists(frame: pd.DataFrame) -> list[Problem]:
    """Owner cells naming several people or organisations are kept as written and noted."""
    several = frame["owner"].str.contains(",", regex=False)
    return problems_where(frame, several, "owner", "owner_lists_several: the cell names several people or "
                          "organisations; kept as written", None, severity="note")


def note_blank_ratings(frame: pd.DataFrame, column: str, periods_with_values: set[str]) -> list[Problem]:
    """A blank status or risk in a period that publishes them is noted: it counts as not reported."""
    marked = frame[f"{column}_marker"] != "" if f"{column}_marker" in frame else False
    blank = (frame[column] == "") & ~marked & frame["report_period"].isin(periods_with_values)
    return problems_where(frame, blank, column, f"blank_{column}: not given, counted as not reported (never as green)",
                          None, severity="note")


def problems_where(frame: pd.DataFrame, where: pd.Series, column: str, message: str, expected: str | None,
                   severity: str = "error") -> list[Problem]:
    """One problem per row of ``frame`` where ``where`` holds; only the columns a problem names are taken."""
    rows = where.to_numpy(dtype=bool, na_value=False) if isinstance(where, pd.Series) else where
    if not rows.any():
        return []
    return problems_of(frame.loc[rows, PLACE + [column]], column, message, expected, severity)


def problems_of(rows: pd.DataFrame, column: str, message: str, expected: str | None,
                severity: str = "error") -> list[Problem]:
    """One problem per row of ``rows``, naming its file, row, period and the cell's value."""
    return [
        Problem(file=file, row=int(row), column=column, value=str(value), expected=expected, message=message,
                severity=severity, period=period)
        for file, row, value, period in zip(list(rows["source_file"]), list(rows["source_row"]), list(rows[column]),
                                            list(rows["report_period"]))
    ]
