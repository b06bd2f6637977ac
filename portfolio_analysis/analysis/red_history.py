"""The red parts of a portfolio's history: the red bridge of each pair of periods, how long projects stay
red, and how sticky ratings are. Used by :func:`history.history`.

The bridge adds up: ``red_at_start`` + the signed flows (``sign`` -1 out of red, +1 into red) = ``red_at_end``,
and ``red_at_start`` = ``stayed_red`` + the outflows, ``red_at_end`` = ``stayed_red`` + the inflows.
"""

from __future__ import annotations

import pandas as pd

from ..api.portfolio import Portfolio
from .compare import CONTINUING, JOINED, LEFT, Comparison
from .ratings import carried
from .tracks import runs

NOT_GIVEN = "withheld_or_not_rated"  # no rating in the period: exempt, not rated or not reported


def red_bridge(pf: Portfolio, comparisons: list[Comparison]) -> pd.DataFrame:
    """Per pair of consecutive periods and rating: ``step``, ``label`` (the rating recovered to or come
    from), ``sign`` and ``count``. NA counts where either period's values are unknown."""
    rows = []
    for compared in comparisons:
        for column in pf.rated:
            rows += bridge_steps(pf, compared, column)
    return pd.DataFrame(rows, columns=["previous", "current", "rating", "step", "label", "sign", "count"]).astype(
        {"count": "Int64", "sign": "Int64"})


def bridge_steps(pf: Portfolio, compared: Comparison, column: str) -> list[dict]:
    frame, labels = compared.rows, compared.rows.attrs["labels"]
    red = labels[-1]
    known = pf.values_published(compared.previous) and pf.values_published(compared.current)
    before, after = frame[f"{column}_previous"].astype(object), frame[f"{column}_current"].astype(object)
    change = frame["change"]
    was_red, is_red = before.eq(red).fillna(False), after.eq(red).fillna(False)
    staying = change == CONTINUING
    steps = [("red_at_start", pd.NA, 0, was_red & (change != JOINED)),
             ("stayed_red", pd.NA, 0, staying & was_red & is_red)]
    steps += [("recovered", label, -1, staying & was_red & after.eq(label).fillna(False)) for label in labels[:-1]]
    steps += [("left_while_red", pd.NA, -1, (change == LEFT) & was_red),
              (NOT_GIVEN, pd.NA, -1, staying & was_red & after.isna())]
    steps += [("newly_red", label, 1, staying & is_red & before.eq(label).fillna(False)) for label in labels[:-1]]
    steps += [("newly_red", NOT_GIVEN, 1, staying & is_red & before.isna()),
              ("joined_red", pd.NA, 1, (change == JOINED) & is_red),
              ("red_at_end", pd.NA, 0, is_red & (change != LEFT))]
    return [{"previous": compared.previous, "current": compared.current, "rating": column, "step": step,
             "label": label, "sign": sign, "count": int(mask.sum()) if known else pd.NA}
            for step, label, sign, mask in steps]


def persistence(pf: Portfolio, tracked: pd.DataFrame, periods: list[str], worst: str) -> pd.DataFrame:
    """Per project in the last period and rating: ``rating_now``, ``worst_run`` (the number of consecutive
    periods up to the last one at the worst rating, 0 when not at it now, NA when the last period is
    unknown), ``worst_since`` (the run's first period) and ``run_may_be_longer`` (the period before the run
    publishes no values, so the run may have started earlier)."""
    last = periods[-1] if periods else None
    now = tracked[tracked["report_period"] == last]
    rows = []
    for column in pf.rated:
        series = series_by_track(tracked, column, periods)
        for _, project in now.iterrows():
            rows.append({"rating": column, "track": project["track"], "project_id": project["project_id"],
                         "project_name": project["project_name"], "actor": project["actor"],
                         "rating_now": project[column], **current_run(series[project["track"]], periods, worst)})
    return pd.DataFrame(rows, columns=["rating", "track", "project_id", "project_name", "actor", "rating_now",
                                       "worst_run", "worst_since", "run_may_be_longer"]).astype({"worst_run": "Int64"})


def series_by_track(tracked: pd.DataFrame, column: str, periods: list[str]) -> dict[str, tuple[list, list, list]]:
    """Per track, per period of the span: present, rating (None where absent or not given) and values
    published (True where absent); from one pass over the rows (a track's first row of a period counts)."""
    place = {period: index for index, period in enumerate(periods)}
    rows = tracked.drop_duplicates(["track", "report_period"])
    series: dict[str, tuple[list, list, list]] = {}
    for track, period, rating, published in zip(rows["track"].tolist(), rows["report_period"].tolist(),
                                                rows[column].astype(object).tolist(),
                                                rows["values_published"].tolist()):
        if track not in series:
            series[track] = ([False] * len(periods), [None] * len(periods), [True] * len(periods))
        if period in place:
            present, ratings, published_in = series[track]
            present[place[period]] = True
            ratings[place[period]] = rating if pd.notna(rating) else None
            published_in[place[period]] = bool(published)
    return series


def current_run(series: tuple[list, list, list], periods: list[str], worst: str) -> dict:
    present, ratings, published = series
    if not published[-1]:
        return {"worst_run": pd.NA, "worst_since": pd.NA, "run_may_be_longer": True}
    length = 0
    for index in range(len(periods) - 1, -1, -1):
        if not (present[index] and ratings[index] == worst):
            break
        length += 1
    start = len(periods) - length
    before_unknown = length > 0 and start > 0 and present[start - 1] and not published[start - 1]
    return {"worst_run": length, "worst_since": periods[start] if length else pd.NA,
            "run_may_be_longer": bool(before_unknown)}


def persistently_red(pf: Portfolio, tracked: pd.DataFrame, periods: list[str], worst: str) -> pd.DataFrame:
    """Every run of two or more consecutive periods at the worst rating: project, ``run_periods``,
    ``from_period``, ``to_period`` and ``red_now`` (the run reaches the last period)."""
    rows = []
    latest_rows = tracked.sort_values("report_period", kind="stable").drop_duplicates("track", keep="last")
    latest_of = dict(zip(latest_rows["track"].tolist(), latest_rows.to_dict("records")))
    for column in pf.rated:
        for track, (present, ratings, _) in series_by_track(tracked, column, periods).items():
            latest = latest_of[track]
            for start, end in runs(present, [rating == worst for rating in ratings]):
                if end > start:
                    rows.append({"rating": column, "track": track, "project_id": latest["project_id"],
                                 "project_name": latest["project_name"], "actor": latest["actor"],
                                 "run_periods": end - start + 1, "from_period": periods[start],
                                 "to_period": periods[end], "red_now": end == len(periods) - 1})
    return pd.DataFrame(rows, columns=["rating", "track", "project_id", "project_name", "actor", "run_periods",
                                       "from_period", "to_period", "red_now"])


def stickiness(pf: Portfolio, comparisons: list[Comparison]) -> pd.DataFrame:
    """Per pair and rating: ``continuing_rated`` (continuing projects rated in both periods, not carried
    forward), ``unchanged`` and ``share`` (NA where either period is unknown)."""
    rows = []
    for compared in comparisons:
        known = pf.values_published(compared.previous) and pf.values_published(compared.current)
        frame = compared.rows
        for column in pf.rated:
            before, after = frame[f"{column}_previous"], frame[f"{column}_current"]
            rated = (frame["change"] == CONTINUING) & before.notna() & after.notna() & ~carried(frame)
            same = rated & (before.astype(object) == after.astype(object))
            total, kept = int(rated.sum()), int(same.sum())
            rows.append({"previous": compared.previous, "current": compared.current, "rating": column,
                         "continuing_rated": total if known else pd.NA, "unchanged": kept if known else pd.NA,
                         "share": kept / total if known and total else pd.NA})
    return pd.DataFrame(rows, columns=["previous", "current", "rating", "continuing_rated", "unchanged", "share"])


def stickiness_span(pf: Portfolio, tracked: pd.DataFrame) -> pd.DataFrame:
    """Per rating over the span: ``projects`` rated in three or more periods (on the coarsest scale),
    ``never_changed`` (one rating in all of them) and ``share``."""
    rows = []
    for column in pf.rated:
        rated = tracked[tracked[column].notna()]
        periods = rated.groupby("track")["report_period"].nunique()
        many = periods[periods >= 3].index
        distinct = rated[rated["track"].isin(many)].groupby("track")[column].nunique()
        projects, never = len(many), int((distinct == 1).sum())
        rows.append({"rating": column, "projects": projects, "never_changed": never,
                     "share": never / projects if projects else pd.NA})
    return pd.DataFrame(rows, columns=["rating", "projects", "never_changed", "share"])
