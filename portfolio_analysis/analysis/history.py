"""History across many periods: ``pa.history(pf)`` gives per-period figures, the red bridge of every pair,
how long projects stay red, how sticky ratings are, a fixed cohort and an attention timeline.

A period that publishes no per-project values (e-helse January 2020) stays unknown: its per-project
figures are NA (``source = unknown``), never 0, and so is every pair that touches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from ..api.portfolio import NOT_REPORTED, UNKNOWN, Portfolio, as_portfolio
from ..clean.dates import months_between
from .compare import BESIDE, CONTINUING, JOINED, LEFT, Comparison, compare
from .ratings import carried, label_text, moved
from .red_history import persistence, persistently_red, red_bridge, stickiness, stickiness_span
from .tracks import coarsest_scale, on_scale, tracked_panel

ROWS = "rows"  # per-project figures counted from the project rows


@dataclass(frozen=True)
class History:
    """Tidy frames over the periods of a portfolio (see :func:`history`)."""

    periods: list[str]
    per_period: pd.DataFrame  # one row per period: projects, budget, joined/left/continuing, moves
    ratings: pd.DataFrame  # per period, rating, scale and label: count, share, budget, budget_share
    red_bridge: pd.DataFrame  # per pair and rating: the steps from red at the start to red at the end
    persistence: pd.DataFrame  # per project now present and rating: the current run at the worst rating
    persistently_red: pd.DataFrame  # every run of two or more consecutive red periods
    stickiness: pd.DataFrame  # per pair and rating: share of continuing projects whose rating did not change
    stickiness_span: pd.DataFrame  # per rating: share of projects rated in 3+ periods that never changed
    tracked: pd.DataFrame = field(repr=False)  # the panel rows with a track key, ratings on the coarsest scale
    worst: str = ""  # the worst label of the span's coarsest scale (red)
    projects: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # per project: slip and cost growth

    def cohort(self, n: int | None = None, rating: str = "status") -> pd.DataFrame:
        """The projects present in every one of the last ``n`` periods (default: all), one column per period
        with the rating (on the span's coarsest scale; ``unknown``/``not_reported`` where not given)."""
        periods = self.periods[-n:] if n else self.periods
        rows = self.tracked[self.tracked["report_period"].isin(periods)]
        present = rows.groupby("track")["report_period"].nunique()
        return wide_ratings(rows[rows["track"].isin(present[present == len(periods)].index)], rating, periods)

    def timeline(self, n: int | None = None, rating: str = "status") -> pd.DataFrame:
        """Project x period ratings over the last ``n`` periods (default: all) for the projects that need
        attention: red (the worst rating) now, or in any of those periods; with the organisation (``actor``).
        Each period's rating as that period rated it (on its own scale: a five-point Amber/Red stays
        Amber/Red); the projects red in the last period first, then by organisation and name."""
        periods = self.periods[-n:] if n else self.periods
        rows = self.tracked[self.tracked["report_period"].isin(periods)]
        attention = rows.loc[rows[rating] == self.worst, "track"].unique()
        own = f"{rating}_as_rated" if f"{rating}_as_rated" in rows else rating
        table = wide_ratings(rows[rows["track"].isin(attention)], own, periods)
        red_now = table[periods[-1]].eq(self.worst).fillna(False) if periods else False
        return table.assign(_later=~red_now).sort_values("_later", kind="stable").drop(
            columns="_later").reset_index(drop=True)

    def bridge(self, previous: str, current: str, rating: str = "status") -> pd.DataFrame:
        """The red bridge's steps from ``previous`` to ``current`` (empty where that pair was not compared)."""
        steps = self.red_bridge
        return steps[(steps["previous"] == previous) & (steps["current"] == current)
                     & (steps["rating"] == rating)].reset_index(drop=True)


def history(data, periods: list[str] | None = None, pair: tuple[str, str] | None = None) -> History:
    """``pa.history(pf)``: the history of every period of the portfolio (or of ``periods``, in order).

    ``pair``: (previous, current), a pair the report compares; its red bridge is added where it is not one
    of consecutive periods (a report that compares March 2022 with September 2019).

    ``projects``: one row per project ever present, with its cumulative slip and cost growth since it
    first appeared (:func:`project_growth`).

    Pairs of consecutive periods are compared by :func:`compare.compare` (on the coarser scale of the two
    where they differ); runs, cohorts and the span's stickiness read every period on the span's coarsest scale.
    """
    pf = as_portfolio(data)
    periods = sorted(periods) if periods else pf.period_keys
    missing = [p for p in periods if p not in pf.period_keys]
    if missing:
        raise KeyError(f"no period {missing[0]!r} in portfolio {pf.name!r}; periods: {', '.join(pf.period_keys)}")
    ratings_only = replace(pf, panel=pf.panel.drop(columns=[c for c in BESIDE if c in pf.panel]))  # lighter pairs
    comparisons = [compare(ratings_only, current, previous) for previous, current in zip(periods[:-1], periods[1:])]
    tracked = tracked_panel(pf, periods)
    worst = coarse_worst(pf, periods)
    bridged = comparisons
    if pair is not None and tuple(pair) not in {(c.previous, c.current) for c in comparisons} \
            and pair[0] != pair[1] and all(p in pf.period_keys for p in pair):
        bridged = comparisons + [compare(ratings_only, pair[1], pair[0])]
    return History(periods, per_period(pf, periods, comparisons), ratings_frame(pf, periods),
                   red_bridge(pf, bridged), persistence(pf, tracked, periods, worst),
                   persistently_red(pf, tracked, periods, worst), stickiness(pf, comparisons),
                   stickiness_span(pf, tracked), tracked, worst, projects=project_growth(tracked))


def coarse_worst(pf: Portfolio, periods: list[str]) -> str:
    scale = coarsest_scale(pf, periods)
    return scale.labels[-1] if scale is not None else pf.labels[-1]


def wide_ratings(rows: pd.DataFrame, rating: str, periods: list[str]) -> pd.DataFrame:
    """One row per project, one column per period: the rating, or why it is not given."""
    text = label_text(rows[rating], rows["values_published"].astype(bool))
    table = rows.assign(_text=text).pivot(index="track", columns="report_period", values="_text")
    table = table.reindex(columns=periods)
    names = rows.sort_values("report_period").groupby("track")[["project_id", "project_name", "actor"]].last()
    frame = names.join(table).reset_index()
    frame.columns.name = None
    return frame.sort_values(["actor", "project_name"], na_position="last").reset_index(drop=True)


def per_period(pf: Portfolio, periods: list[str], comparisons: list[Comparison]) -> pd.DataFrame:
    """One row per period; moves are counted against the period before it (NA for the first period)."""
    by_current = {c.current: c for c in comparisons}
    return pd.DataFrame([period_row(pf, period, by_current.get(period)) for period in periods])


def period_row(pf: Portfolio, period: str, compared: Comparison | None) -> dict:
    rows = pf.rows(period)
    known = pf.values_published(period)
    budgets = rows["budget_mnok"]
    row = {"report_period": period, "source": ROWS if known else UNKNOWN, "projects": len(rows),
           "budget_total_mnok": budgets.sum(min_count=1) if known else pd.NA,
           "budgets_known": int(budgets.notna().sum()) if known else pd.NA,
           "carried_forward": carried_count(rows)}
    for column in pf.rated:
        blank = rows[column].isna()
        if f"{column}_marker" in rows:
            blank &= rows[f"{column}_marker"].isna()
        row[f"{column}_not_reported"] = int(blank.sum()) if known else pd.NA
    row.update(pair_counts(pf, compared))
    return row


def carried_count(rows: pd.DataFrame) -> int:
    if "carried_from" not in rows:
        return 0
    return int((rows["carried_from"].notna() & rows["is_reported"].eq(False).fillna(False)).sum())


def pair_counts(pf: Portfolio, compared: Comparison | None) -> dict:
    """Joined, left, continuing; and per rating improved/worsened/unchanged among continuing projects rated
    in both periods (NA when either period's values are unknown, or for the first period)."""
    counts: dict = {"joined": pd.NA, "left": pd.NA, "continuing": pd.NA}
    for column in pf.rated:
        counts.update({f"{column}_improved": pd.NA, f"{column}_worsened": pd.NA, f"{column}_unchanged": pd.NA})
    if compared is None:
        return counts
    frame = compared.rows
    for change in (JOINED, LEFT, CONTINUING):
        counts[change] = int((frame["change"] == change).sum())
    if not (pf.values_published(compared.previous) and pf.values_published(compared.current)):
        return counts
    for column in pf.rated:
        improved, worsened = len(moved(frame, column, "improved")), len(moved(frame, column, "worsened"))
        counts[f"{column}_improved"], counts[f"{column}_worsened"] = improved, worsened
        counts[f"{column}_unchanged"] = int(unchanged(frame, column).sum())
    return counts


def unchanged(frame: pd.DataFrame, column: str) -> pd.Series:
    """Continuing projects rated in both periods (not carried forward) whose rating is the same."""
    before, after = frame[f"{column}_previous"], frame[f"{column}_current"]
    rated = (frame["change"] == CONTINUING) & before.notna() & after.notna() & ~carried(frame)
    return rated & (before.astype(object) == after.astype(object))


def ratings_frame(pf: Portfolio, periods: list[str]) -> pd.DataFrame:
    """Per period, rating (status/risk), scale and label: ``count``, ``share`` of the period's projects,
    ``budget_mnok`` and ``budget_share`` (of the period's known budgets). Every period on its own scale,
    and, where the span's scales differ, also on the coarsest (``scale`` names it)."""
    coarse = coarsest_scale(pf, periods)
    rows = []
    for period in periods:
        own = pf.scale_of(period)
        targets = [own] + ([coarse] if coarse is not None and own is not None and own.name != coarse.name else [])
        for column in pf.rated:
            for target in targets:
                rows += label_rows(pf, period, column, target)
    return pd.DataFrame(rows)


def label_rows(pf: Portfolio, period: str, column: str, target) -> list[dict]:
    projects = pf.rows(period)
    known = pf.values_published(period)
    markers = projects[f"{column}_marker"] if f"{column}_marker" in projects else None
    text = label_text(on_scale(pf, period, projects[column], target), True, markers)
    budgets = projects["budget_mnok"].astype("Float64")
    total = budgets.sum(min_count=1)
    labels = list(target.labels) if target is not None else pf.labels_of(period)
    extras = [label for label in pd.unique(text) if label not in labels] if known else []
    out = []
    for label in labels + sorted(set(extras) - {None}, key=lambda x: (x != NOT_REPORTED, x)):
        hit = text == label
        count = int(hit.sum())
        money = budgets[hit].sum(min_count=1)
        out.append({"report_period": period, "rating": column,
                    "scale": target.name if target is not None else pd.NA, "label": label,
                    "count": count if known else pd.NA,
                    "share": count / len(projects) if known and len(projects) else pd.NA,
                    "budget_mnok": (0.0 if pd.isna(money) and pd.notna(total) else money) if known else pd.NA,
                    "budget_share": ((0.0 if pd.isna(money) else money) / total) if known and pd.notna(total)
                    and total else pd.NA,
                    "source": ROWS if known else UNKNOWN})
    return out


def project_growth(tracked: pd.DataFrame) -> pd.DataFrame:
    """One row per project (track) of the span: the periods it was in (``first_period``, ``last_period``,
    ``periods``); the first planned end it gave and the latest (``first_end``, ``latest_end`` and the periods
    that gave them) and ``slip_months`` between them (+ later, at the coarser precision of the two); the
    first whole-life cost it gave and the latest (``first_cost``, ``latest_cost`` and their periods),
    ``cost_growth`` (latest - first) and ``cost_growth_pct`` (of the first; NA for a first cost of 0).

    "First" and "latest" are of the periods that give a value: a date or cost withheld in some periods is
    skipped, never read as a change; NA where no period gives one (or the panel holds no such column)."""
    rows = tracked.sort_values("report_period", kind="stable")
    columns = ["track", "project_id", "project_name", "actor", "first_period", "last_period", "periods",
               "first_end", "first_end_period", "latest_end", "latest_end_period", "slip_months",
               "first_cost", "first_cost_period", "latest_cost", "latest_cost_period", "cost_growth",
               "cost_growth_pct"]
    order = pd.Index(pd.unique(rows["track"]), name="track")  # tracks in the order they first appear
    by_track = rows.groupby("track", sort=False)
    latest_row = by_track.tail(1).set_index("track").reindex(order)
    out = latest_row[["project_id", "project_name", "actor"]].copy()  # as the latest period writes them
    out["first_period"] = by_track["report_period"].first()
    out["last_period"] = by_track["report_period"].last()
    out["periods"] = by_track.size()
    for column, key in (("planned_end", "end"), ("whole_life_cost", "cost")):
        given = rows[rows[column].notna()] if column in rows else rows.iloc[0:0]
        for end, at in (("first", given.groupby("track", sort=False).head(1)),
                        ("latest", given.groupby("track", sort=False).tail(1))):
            found = at.set_index("track")
            out[f"{end}_{key}"] = found[column].reindex(out.index) if column in found else pd.NA
            out[f"{end}_{key}_period"] = found["report_period"].reindex(out.index)
    out["slip_months"] = [pd.NA if pd.isna(first) else months_between(str(first), str(latest))
                          for first, latest in zip(out["first_end"].tolist(), out["latest_end"].tolist())]
    first_cost = out["first_cost"].astype("Float64")
    out["cost_growth"] = out["latest_cost"].astype("Float64") - first_cost
    out["cost_growth_pct"] = out["cost_growth"] / first_cost.mask((first_cost == 0).fillna(False)) * 100
    out = out.reset_index()
    frame = out[columns]
    return frame.astype({"first_end": "string", "latest_end": "string", "slip_months": "Float64",
                         "first_cost": "Float64", "latest_cost": "Float64", "cost_growth": "Float64",
                         "cost_growth_pct": "Float64", "first_end_period": "string", "latest_end_period": "string",
                         "first_cost_period": "string", "latest_cost_period": "string"}).sort_values(
        ["actor", "project_name"], na_position="last").reset_index(drop=True)
