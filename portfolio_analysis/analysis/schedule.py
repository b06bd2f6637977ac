"""Schedule change between two periods: whose planned end (and start) moved later or earlier, by how many
months, and which projects are still in the portfolio past their planned end.

Dates are the panel's ISO partial text (``2021-12-31``, ``2021-12``, ``2021-Q4``, ``2021``); two dates are
compared at the coarser precision of the two (``clean/dates.py``), so a day and a year are compared as years.
A date not given is never guessed: the row is ``not_comparable`` and ``why`` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..clean.dates import months_between, precision
from .compare import LEFT, Comparison, compare, latest_comment, why_not_comparable

LATER, EARLIER, UNCHANGED, NOT_COMPARABLE = "later", "earlier", "unchanged", "not_comparable"
COLUMNS = ["project_id", "project_name", "actor", "membership", "previous_end", "current_end", "months", "move",
           "why", "previous_start", "current_start", "start_months", "start_move", "start_why", "schedule_comment"]


@dataclass(frozen=True)
class ScheduleChange:
    """``projects``: one row per project in either period (see :func:`schedule_change`); ``past_end``: the
    current period's projects whose planned end is before the period's month."""

    current: str
    previous: str
    projects: pd.DataFrame
    past_end: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def _count(self, move: str) -> int:
        return int((self.projects["move"] == move).sum())

    @property
    def later(self) -> int:
        return self._count(LATER)

    @property
    def earlier(self) -> int:
        return self._count(EARLIER)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def not_comparable(self) -> int:
        return self._count(NOT_COMPARABLE)

    @property
    def compared(self) -> int:
        """Projects with a planned end date in both periods (later, earlier or unchanged)."""
        return self.later + self.earlier + self.unchanged

    @property
    def dated(self) -> pd.DataFrame:
        """The current period's projects that give a planned end date, the earliest end first."""
        given = self.projects[self.projects["current_end"].notna() & (self.projects["membership"] != LEFT)]
        return given.sort_values(["current_end", "project_id"]).reset_index(drop=True)

    @property
    def largest(self) -> pd.DataFrame:
        """Every project whose planned end moved later, the largest slip first (all of them: ``.head(n)`` for fewer)."""
        later = self.projects[self.projects["move"] == LATER]
        return later.sort_values(["months", "project_id"], ascending=[False, True]).reset_index(drop=True)

    @property
    def median_slip_months(self) -> float:
        """Median months of the projects whose end moved later; NaN when none did. The median, not the mean,
        is the figure to quote: a few programmes move by decades."""
        return slip(self.projects, "median")

    @property
    def mean_slip_months(self) -> float:
        return slip(self.projects, "mean")


def slip(projects: pd.DataFrame, how: str) -> float:
    months = projects.loc[projects["move"] == LATER, "months"].astype("Float64").dropna()
    return float(getattr(months, how)()) if len(months) else float("nan")


def schedule_change(data, current: str | None = None, previous: str | None = None) -> ScheduleChange:
    """``pa.schedule_change(pf, current="2023-03", previous="2022-03")`` (a Portfolio, a portfolio's name or a
    :class:`compare.Comparison`).

    ``projects`` has one row per project in either period (``membership``: continuing, joined or left):
    ``previous_end``, ``current_end``, ``months`` (Float64, + later, at the coarser precision of the two
    dates), ``move`` (later / earlier / unchanged / not_comparable) and ``why`` it is not comparable
    (``joined``, ``left``, ``carried_forward``, ``no_date_previous`` / ``no_date_current`` with the file's
    reason where given, ``not_published_…``, ``not_a_date``);
    the same for the planned start (``previous_start``, ``current_start``, ``start_months``,
    ``start_move``, ``start_why``); and ``schedule_comment``, the owner's narrative (the current one, else
    the previous). ``move`` compares the dates themselves, so a few days later is ``later`` with ``months``
    0.0 (months are rounded to 0.1 at day precision).
    """
    comparison = compare(data, current, previous)
    pf, rows = comparison.pf, comparison.rows
    if "planned_end_previous" not in rows:
        raise ValueError(f"portfolio {pf.name!r} has no planned dates: its panel has no planned_end column "
                         "(rebuild it with a version that reads planned_start and planned_end)")
    end = date_moves(comparison, "planned_end")
    start = date_moves(comparison, "planned_start") if "planned_start_previous" in rows else None
    frame = pd.DataFrame({
        "project_id": rows["project_id"], "project_name": rows["project_name"], "actor": rows["actor"],
        "membership": rows["change"],
        "previous_end": rows["planned_end_previous"].astype("string"),
        "current_end": rows["planned_end_current"].astype("string"),
        "months": end["months"], "move": end["move"], "why": end["why"],
        "previous_start": rows.get("planned_start_previous", pd.NA),
        "current_start": rows.get("planned_start_current", pd.NA),
        "start_months": start["months"] if start is not None else pd.NA,
        "start_move": start["move"] if start is not None else NOT_COMPARABLE,
        "start_why": start["why"] if start is not None else "no_start_dates_in_panel",
        "schedule_comment": latest_comment(rows, "schedule_comment"),
    })
    frame = frame.astype({"previous_start": "string", "current_start": "string", "start_months": "Float64",
                          "start_why": "string"})
    notes = [f"{period} publishes no per-project values: its dates are unknown." for period in
             (comparison.previous, comparison.current) if not pf.values_published(period)]
    return ScheduleChange(comparison.current, comparison.previous, frame[COLUMNS],
                          past_end(comparison), notes)


def date_moves(comparison: Comparison, column: str) -> pd.DataFrame:
    """``months``, ``move`` and ``why`` of one date column between the two periods."""
    rows = comparison.rows
    why = why_not_comparable(comparison, column, "date")
    before, after = known(rows[f"{column}_previous"]), known(rows[f"{column}_current"])
    unreadable = pd.Series([precision(b) is None or precision(a) is None for b, a in zip(before, after)],
                           index=rows.index)
    why = why.mask(why.isna() & unreadable, "not_a_date")
    months = pd.array([months_between(b, a) if pd.isna(w) else None for b, a, w in zip(before, after, why)],
                      dtype="Float64")
    move = [NOT_COMPARABLE if not pd.isna(w) else direction(b, a, m)
            for b, a, m, w in zip(before, after, months, why)]
    return pd.DataFrame({"months": months, "move": move, "why": why}, index=rows.index)


def known(dates: pd.Series) -> list:
    """The dates as a list, None where unknown (the date helpers take None, not pandas' NA)."""
    return [None if pd.isna(value) else str(value) for value in dates]


def direction(before: str, after: str, months: float) -> str:
    """Later, earlier or unchanged, from the dates at their coarser precision. At day precision both texts
    are ISO days, which order as text, so a move of a few days counts though its months round to 0.0."""
    if months > 0:
        return LATER
    if months < 0:
        return EARLIER
    if precision(before) == precision(after) == "day" and before != after:
        return LATER if after > before else EARLIER
    return UNCHANGED


def past_end(comparison: Comparison) -> pd.DataFrame:
    """The current period's projects whose planned end, at its own precision, is before the period's month
    (``2023-02-28`` or ``2022`` in period ``2023-03``; not ``2023-Q1``): ``months_past`` is how long ago."""
    rows = comparison.rows
    now = rows[rows["change"] != LEFT]
    period = comparison.current
    months = pd.array([months_between(end, period) for end in known(now["planned_end_current"])], dtype="Float64")
    found = now.assign(planned_end=now["planned_end_current"].astype("string"), months_past=months,
                       status=now["status_current"], schedule_comment=latest_comment(now, "schedule_comment"))
    found = found[found["months_past"].fillna(0) > 0]
    return found[["project_id", "project_name", "actor", "planned_end", "months_past", "status",
                  "schedule_comment"]].sort_values(["months_past", "project_id"], ascending=[False, True]
                                                   ).reset_index(drop=True)
