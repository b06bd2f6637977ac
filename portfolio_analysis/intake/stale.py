"""A re-sent file: a submission whose every value is the previous period's, for every project in it.

The office cannot tell a reviewed "nothing changed" from last period's file sent again, so it asks
(the GAO flags ratings that never change on the US IT Dashboard for the same reason). The build warns,
naming the organisation and the file; it changes no value.

What counts:

- The values compared are those the file gives: the project's name and owner (a renamed project is an edit;
  projects are matched by id, else by name, as everywhere), status and risk, the year's budget (with the year its header
  names: a 2021 budget equal to the 2020 one is a new figure), next year's budget, the forecast, whole-life cost
  and benefits, planned start and end dates and the comments, each with the reason a value is withheld
  ("Exempt under Section 43"). A column the file's header does not name is not compared; a column it names
  but leaves blank is compared (blank against last period's value is a change).
- The previous period's values are its final rows: values the build or its period.yml carried into it count
  as its values (a file copied from the period before still equals them).
- Every project in the file must match a project of the previous period with equal values. A project new in
  the file means the file was edited: no warning. Projects left out of the file do not matter here (the build
  warns about them on their own).
- Rows period.yml says did not report (the office carried them) are not compared: the office already knows.
  A file of only such rows is not checked.
- A one-project file is checked like any other: every value of its one project unchanged is the same question,
  if weaker evidence; the warning says how many projects the file holds.
- No warning where the previous period publishes no per-project values (e-helse January 2020): nothing to
  compare with. Nor for the first period.
- ``own_forms``: files that are this period's own pre-filled form (the office sent last period's values on it
  and the organisation reviewed them there): exempt.
"""

from __future__ import annotations

import calendar

import pandas as pd

from ..clean.standard import COMMENT_COLUMNS, DATE_COLUMNS, MONEY_COLUMNS
from ..settings.periods import PeriodSpec
from ..settings.problems import Problem
from .matching import match_keys, project_keys

RATINGS = ("status", "risk")
COMPARED = ("project_name", "owner", *RATINGS, *MONEY_COLUMNS, *DATE_COLUMNS, *COMMENT_COLUMNS)
IDENTITY = ("project_name", "owner")  # compared, but not named in the message: every file gives them
ALSO = {"budget": ("budget_year",)}  # compared with a column wherever the file gives it


def resent_files(submitted: pd.DataFrame, final: pd.DataFrame, periods: list[PeriodSpec],
                 given: dict[str, set[str]], id_aliases=(), own_forms: frozenset[str] = frozenset()) -> list[Problem]:
    """A warning per file whose every value equals the previous period's (the rules of the module docstring).

    ``submitted``: the rows as sent (no carried rows); ``final``: every period's final rows (carried ones too);
    ``given``: per file, the standard columns its header names; ``own_forms``: files exempt as this period's own
    pre-filled form."""
    problems = []
    for previous, period in zip(periods[:-1], periods[1:]):
        if not (previous.project_values_published and period.project_values_published):
            continue
        before = final[final["report_period"] == previous.key].reset_index(drop=True)
        sent = submitted[submitted["report_period"] == period.key]
        for file, rows in sent.groupby("source_file", sort=True):
            if file in own_forms:
                continue
            compared = compared_columns(given.get(file, set()), before, rows)
            if is_resent(rows, before, compared, id_aliases):
                problems.append(resent_warning(file, rows, previous, period, compared))
    return problems


def compared_columns(given: set[str], before: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """The columns of :data:`COMPARED` the file gives, each with its marker and companions, as both sides hold them."""
    columns = []
    for column in COMPARED:
        if column in given:
            columns += [c for c in (column, f"{column}_marker", *ALSO.get(column, ()))
                        if c in before and c in rows]
    return columns


def is_resent(rows: pd.DataFrame, before: pd.DataFrame, compared: list[str], id_aliases) -> bool:
    """Whether every reported row of the file continues a project of ``before`` with equal values."""
    reported = rows[rows["is_reported"].ne(False).fillna(True).to_numpy(dtype=bool)].reset_index(drop=True)
    if reported.empty or not compared:
        return False
    pairs = match_keys(project_keys(before, id_aliases), project_keys(reported, id_aliases))
    if len(pairs) < len(reported):
        return False
    order = [pairs[j][0] for j in range(len(reported))]
    return all(same_values(reported[column], before[column].iloc[order]) for column in compared)


def same_values(now: pd.Series, then: pd.Series) -> bool:
    """Equal row by row, a blank equal to a blank."""
    return not differs(then.reset_index(drop=True), now.reset_index(drop=True)).any()


def differs(before: pd.Series, after: pd.Series) -> pd.Series:
    """True where a value changed, given or no longer given (unknown on both sides is no change)."""
    old, new = before.astype(object), after.astype(object)
    missing_old, missing_new = old.isna(), new.isna()
    return (missing_old != missing_new) | (~missing_old & ~missing_new & (old != new))


def resent_warning(file: str, rows: pd.DataFrame, previous: PeriodSpec, period: PeriodSpec,
                   compared: list[str]) -> Problem:
    actors = "; ".join(sorted(rows["actor"].dropna().unique().tolist())) or "an organisation"
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    shown = [c for c in compared if c in COMPARED and c not in IDENTITY]
    return Problem(file, f"{actors}: every value in '{name}' is as in {previous.key} ({month_name(previous.key)}): "
                   "re-sent?", value=f"{len(rows)} project(s); compared: {', '.join(shown)}",
                   expected=f"the organisation's values for {period.key}, or its word that it reviewed them and "
                   "nothing changed", severity="warning", period=period.key)


def month_name(key: str) -> str:
    """``2020-04`` as ``April 2020``."""
    year, month = key.split("-")
    return f"{calendar.month_name[int(month)]} {year}"
