"""Checks on the rows being cleaned, one problem per cell, naming file, row, column, value and what was
expected (errors stop the build, warnings and notes are logged). A column's checks (:data:`columns.Check`)
take the rows, the column's name, its parsed values (None for a text column) and the context; a blank rule
(:class:`columns.Blank`) takes the rows, the column and the context."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..settings.dtypes import TEXT
from ..settings.problems import Problem
from .columns import Context
from .distinct import rows_where
from .identity import check_names_under_two_ids
from .steps import BIDI_EXPECTED, BIDI_PATTERN, FOCUS_AREA, shown_bidi_controls

FORMULA_START = ("=", "+", "-", "@")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]")
PLACE = ["report_period", "source_file", "source_row"]  # what a problem says of where its cell is


def check_bidi_controls(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[Problem]:
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


def comment_only_lines(frame: pd.DataFrame, data: tuple[str, ...], comments: tuple[str, ...]) -> list[Problem]:
    """A warning per line whose only text is a comment (a note below the table, not a project), naming its
    first comment: such a line is dropped as empty, its text kept in the log."""
    def filled(column: str) -> np.ndarray:
        return frame[column].astype(TEXT).fillna("").str.strip().ne("").to_numpy(dtype=bool)

    present = [c for c in comments if c in frame]
    has_data = np.zeros(len(frame), dtype=bool)
    for column in (c for c in data if c in frame):
        has_data |= filled(column)
    problems, told = [], np.zeros(len(frame), dtype=bool)
    for column in present:
        only = filled(column) & ~has_data & ~told
        told |= only
        problems += problems_where(frame, only, column, "the line has text only in comment columns; it is dropped "
                                   "and logged", "project rows with their name and organisation", severity="warning")
    return sorted(problems, key=lambda p: (p.file, p.row or 0))


def check_unique_ids(frame: pd.DataFrame, column: str, ids: pd.Series | None, context: Context) -> list[Problem]:
    """A project id appears at most once per period; every row of a duplicate is named, with its file
    where the rows come from two submissions. ``ids``: whole-number ids as parsed (text ids: the text)."""
    if context.profile.project_ids == "text":
        ids = frame[column].replace("", None)
    keys = pd.DataFrame({"report_period": frame["report_period"], "_id": ids})
    repeated = (ids.notna() & keys.duplicated(keep=False)).to_numpy()
    duplicated = frame.loc[repeated, PLACE + [column, "project_name"]].assign(_id=ids[repeated])
    problems = []
    for (_period, project_id), rows in duplicated.groupby(["report_period", "_id"], sort=False):
        names = " / ".join(dict.fromkeys(rows["project_name"]))
        if rows["source_file"].nunique() > 1:
            where = ", ".join(f"{file} row {row}" for file, row in zip(rows["source_file"], rows["source_row"]))
            message = f"project id {project_id} appears in two submissions ({where}; names: {names})"
        else:
            others = ", ".join(str(r) for r in rows["source_row"])
            message = f"project id {project_id} appears more than once in the period (rows {others}; names: {names})"
        problems += problems_of(rows, column, message, "each project once per period")
    return problems


def check_one_name_one_id(frame: pd.DataFrame, column: str, ids: pd.Series | None, context: Context
                          ) -> list[Problem]:
    """A warning per name given under two ids in one period (:func:`identity.check_names_under_two_ids`)."""
    if context.profile.project_ids == "text":
        ids = frame[column].mask(frame[column].eq(""))
    return check_names_under_two_ids(frame, ids, context.profile.project_id_aliases, context.record)


def check_names(frame: pd.DataFrame, column: str, values, context: Context) -> list[Problem]:
    """Names are kept as written, but ones that look like a spreadsheet formula or HTML, or are very
    long, are flagged: reports show them as text and the CSV outputs neutralise formulas."""
    names = frame[column]
    length_limit = context.profile.name_length_limit
    formula = names.str.startswith(FORMULA_START)
    markup = rows_where(names, lambda v: bool(MARKUP.search(v)))
    long = names.str.len() > length_limit
    return (problems_where(frame, formula, column, "the name starts like a spreadsheet formula; kept as text",
                           "plain text", severity="warning")
            + problems_where(frame, markup & ~formula, column, "the name contains HTML markup; kept as text",
                             "plain text", severity="warning")
            + problems_where(frame, long, column, f"the name is longer than {length_limit} characters",
                             f"a name of at most {length_limit} characters", severity="warning"))


def check_focus_areas(frame: pd.DataFrame, column: str, values, context: Context) -> list[Problem]:
    bad = rows_where(frame[column], lambda v: v != "" and not FOCUS_AREA.match(v))
    return problems_where(frame, bad, column, "focus area without its code",
                          "a code and a name, e.g. '1.1 Modernisere …'")


def check_known_organisations(frame: pd.DataFrame, column: str, values, context: Context) -> list[Problem]:
    organisations = context.profile.organisations
    bad = rows_where(frame[column], lambda v: v != "" and organisations.canonical(v) is None)
    return problems_where(frame, bad, column, f"unknown organisation, grouped as {organisations.default_group!r}",
                          "a name in the portfolio's organisation map", severity="warning")


def note_owner_lists(frame: pd.DataFrame, column: str, values, context: Context) -> list[Problem]:
    """Owner cells naming several people or organisations are kept as written and noted."""
    several = frame[column].str.contains(",", regex=False)
    return problems_where(frame, several, column, "owner_lists_several: the cell names several people or "
                          "organisations; kept as written", None, severity="note")


# --- what a blank means (columns.Blank) -------------------------------------------------------------

def blank_is_an_error(message: str, expected: str):
    """A blank rule: every blank cell is an error (``message``, ``expected``)."""
    def check(frame: pd.DataFrame, column: str, context: Context) -> list[Problem]:
        return problems_where(frame, frame[column] == "", column, message, expected)
    return check


def note_blank_ratings(frame: pd.DataFrame, column: str, context: Context) -> list[Problem]:
    """A blank status or risk in a period that publishes them is noted: it counts as not reported. Only
    the columns the portfolio rates, and not a cell whose text said why it is not given (a marker)."""
    if column not in context.profile.rated_columns:
        return []
    marked = frame[f"{column}_marker"] != "" if f"{column}_marker" in frame else False
    blank = (frame[column] == "") & ~marked & frame["report_period"].isin(context.periods_with_values)
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
