"""Ratings that never change: ``pa.unchanged_ratings(pf)`` counts, per organisation, the projects whose rating
has been the same for three (``at_least``) or more consecutive periods in which they were reported, against
how many projects it has, and lists the runs, longest first.

A rating nobody revisits is worth a question (the GAO flags ratings that never change on the US IT
Dashboard): the owner may not be assessing at all. How the periods count:

- Only the periods on the scale of the counted period, up to it (:func:`scales.span_of`): a run never crosses
  a change of rating scale (five points to three, say).
- Only periods with per-project values: a period without them (e-helse January 2020) ends every run, since
  what the owners said then is unknown. Where fewer than ``at_least`` such periods are left, nothing is
  counted and ``countable`` is False (``limit`` says why).
- A period in which the project's values were carried (its owner sent nothing, or period.yml says it did not
  report) is a copy, not an assessment: it is skipped, neither adding to the run nor ending it.
- A period in which the project is absent, or its rating is blank (not given), ends the run.
- Each rating on its own: status, and risk where the portfolio rates risk (a portfolio that rates one thing
  has ``status`` only).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..api.portfolio import Portfolio, as_portfolio
from .scales import scale_changes, span_of
from .tracks import tracked_panel

AT_LEAST = 3
SCALE_CHANGE, UNKNOWN_PERIOD, FIRST_PERIOD = "scale_change", "unknown_period", "first_period"
ORGANISATION_COLUMNS = ["actor", "rating", "projects", "unchanged", "share", "longest_run"]
RUN_COLUMNS = ["rating", "track", "project_id", "project_name", "actor", "label", "run_periods", "since",
               "carried_now"]


@dataclass(frozen=True)
class UnchangedRatings:
    """``by_organisation``: per organisation and rating, its ``projects`` in ``period``, how many of them have
    kept their rating for ``at_least`` or more reported periods (``unchanged``, ``share``) and the longest run.
    ``runs``: per project of ``period`` and rating, its current run of one rating (``run_periods``, ``since``
    the period it began; ``carried_now`` where its values in ``period`` itself were carried), longest first.
    ``periods``: the periods counted; ``limit`` why the count starts where it does (a scale change, a period
    without per-project values, or the portfolio's first period) and ``limit_period`` the period concerned."""

    period: str
    at_least: int
    periods: list[str]
    limit: str
    limit_period: str
    by_organisation: pd.DataFrame
    runs: pd.DataFrame

    @property
    def countable(self) -> bool:
        """Whether enough periods are counted for a run of ``at_least``."""
        return len(self.periods) >= self.at_least

    def total(self, rating: str = "status") -> tuple[int, int]:
        """(projects unchanged for ``at_least`` or more periods, projects) over every organisation."""
        rows = self.by_organisation[self.by_organisation["rating"] == rating]
        return int(rows["unchanged"].sum()), int(rows["projects"].sum())

    def most(self, rating: str = "status") -> dict | None:
        """The organisation with the most unchanged projects (the larger share, then its name, on a tie), as its
        row; None where no project is unchanged."""
        rows = self.by_organisation[(self.by_organisation["rating"] == rating) & (self.by_organisation["unchanged"] > 0)]
        if rows.empty:
            return None
        return rows.sort_values(["unchanged", "share", "actor"], ascending=[False, False, True]).iloc[0].to_dict()

    def longest(self) -> pd.DataFrame:
        """The runs of ``at_least`` or more periods, longest first (both ratings)."""
        runs = self.runs[self.runs["run_periods"] >= self.at_least] if self.countable else self.runs.iloc[:0]
        return runs.sort_values(["run_periods", "actor", "project_name", "rating"],
                                ascending=[False, True, True, False], kind="stable").reset_index(drop=True)


def unchanged_ratings(data, period: str | None = None, at_least: int = AT_LEAST) -> UnchangedRatings:
    """``pa.unchanged_ratings(pf, "2021-03")``: the ratings unchanged for ``at_least`` or more consecutive
    reported periods up to ``period`` (default: the latest), per organisation (see the module docstring)."""
    pf = as_portfolio(data)
    period = period or pf.period_keys[-1]
    if period not in pf.period_keys:
        raise KeyError(f"no period {period!r} in portfolio {pf.name!r}; periods: {', '.join(pf.period_keys)}")
    periods, limit, limit_period = counted_periods(pf, period)
    runs = current_runs(pf, periods) if periods else pd.DataFrame(columns=RUN_COLUMNS)
    if len(periods) < at_least:
        return UnchangedRatings(period, at_least, periods, limit, limit_period,
                                pd.DataFrame(columns=ORGANISATION_COLUMNS), runs)
    return UnchangedRatings(period, at_least, periods, limit, limit_period,
                            per_organisation(pf, period, runs, at_least), runs)


def counted_periods(pf: Portfolio, period: str) -> tuple[list[str], str, str]:
    """The periods a run may span, oldest first: those on ``period``'s scale, up to it, after the last one
    without per-project values; with why they start there and the period that says so."""
    span = [p for p in span_of(pf, period) if p <= period]
    counted: list[str] = []
    for key in reversed(span):
        if not pf.values_published(key):
            return counted[::-1], UNKNOWN_PERIOD, key
        counted.append(key)
    counted.reverse()
    starts = {change.current for change in scale_changes(pf)}
    if counted and counted[0] in starts:
        return counted, SCALE_CHANGE, counted[0]
    return counted, FIRST_PERIOD, counted[0] if counted else period


def current_runs(pf: Portfolio, periods: list[str]) -> pd.DataFrame:
    """Per project of the last of ``periods`` and rating: the run of one rating that ends in it."""
    tracked = tracked_panel(pf, periods)
    rows = pd.concat([pf.rows(p) for p in periods], ignore_index=True)
    tracked = tracked.assign(carried=(rows["carried_from"].notna() & rows["is_reported"].eq(False).fillna(False))
                             .to_numpy(dtype=bool) if "carried_from" in rows else False)
    tracked = tracked.drop_duplicates(["track", "report_period"])
    last = periods[-1]
    now = tracked[tracked["report_period"] == last]
    found = []
    for column in pf.rated:
        by_track = {track: dict(zip(part["report_period"], zip(part[column], part["carried"])))
                    for track, part in tracked[tracked["track"].isin(now["track"])].groupby("track", sort=False)}
        for project in now.itertuples(index=False):
            label, length, since = run_of(by_track[project.track], periods)
            found.append({"rating": column, "track": project.track, "project_id": project.project_id,
                          "project_name": project.project_name, "actor": project.actor, "label": label,
                          "run_periods": length, "since": since, "carried_now": bool(project.carried)})
    frame = pd.DataFrame(found, columns=RUN_COLUMNS)
    return frame.sort_values(["rating", "run_periods", "actor", "project_name"], ascending=[True, False, True, True],
                             kind="stable").reset_index(drop=True)


def run_of(ratings: dict[str, tuple], periods: list[str]) -> tuple[str | None, int, str | None]:
    """The rating of the run that ends in the last of ``periods``, its length in reported periods and the
    period it began. ``ratings``: per period present, (rating, carried)."""
    label, length, since = None, 0, None
    for key in reversed(periods):
        if key not in ratings:
            break
        rating, carried = ratings[key]
        if carried:
            continue
        if rating is None or pd.isna(rating) or (label is not None and rating != label):
            break
        label, length, since = rating, length + 1, key
    return label, length, since


def per_organisation(pf: Portfolio, period: str, runs: pd.DataFrame, at_least: int) -> pd.DataFrame:
    """Per organisation of ``period`` and rating: projects, unchanged for ``at_least`` or more, share, longest run."""
    projects = pf.rows(period)["actor"].value_counts(dropna=False)
    rows = []
    for column in pf.rated:
        mine = runs[runs["rating"] == column]
        for actor in sorted(projects.index, key=str):
            own = mine[mine["actor"].eq(actor).fillna(False) if not pd.isna(actor) else mine["actor"].isna()]
            unchanged = int((own["run_periods"] >= at_least).sum())
            total = int(projects[actor])
            rows.append({"actor": actor, "rating": column, "projects": total, "unchanged": unchanged,
                         "share": unchanged / total if total else pd.NA,
                         "longest_run": int(own["run_periods"].max()) if len(own) else 0})
    return pd.DataFrame(rows, columns=ORGANISATION_COLUMNS)
