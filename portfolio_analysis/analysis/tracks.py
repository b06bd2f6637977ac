"""One project followed across many periods: a track key per panel row, and ratings on the span's coarsest scale.

A project keeps its track while :func:`matching.match_projects` matches it from one period to the next;
a project with an id keeps the same track when it leaves and later comes back.
"""

from __future__ import annotations

import pandas as pd

from ..api.portfolio import Portfolio
from ..intake.matching import match_projects
from ..settings.maps import RatingScale, id_match_key, scale_mapping

TRACK_COLUMNS = ["report_period", "track", "project_id", "project_name", "actor"]
FOLLOWED = ["planned_end", "whole_life_cost"]  # followed across periods where the panel holds them (history's projects)


def coarsest_scale(pf: Portfolio, periods: list[str]) -> RatingScale | None:
    """The scale with the fewest labels among the periods' scales (None when none is known)."""
    scales = [pf.scale_of(period) for period in periods]
    known = [scale for scale in scales if scale is not None]
    return min(known, key=lambda scale: len(scale.labels)) if known else None


def on_scale(pf: Portfolio, period: str, ratings: pd.Series, target: RatingScale | None) -> pd.Series:
    """The period's ratings read on ``target`` (through ``maps/scale_mappings.csv``), as text; NA stays NA."""
    own = pf.scale_of(period)
    text = ratings.astype(object).where(ratings.notna(), None)
    if own is None or target is None or own.name == target.name:
        return text
    return text.map(scale_mapping(own.name, target.name))


def tracked_panel(pf: Portfolio, periods: list[str]) -> pd.DataFrame:
    """The panel rows of ``periods`` with a ``track`` key, each rating (``status``, ``risk``) on the span's
    coarsest scale as text (and as the period rated it, on its own scale, in ``status_as_rated``, ...), ``values_published`` per row, and the planned end and whole-life cost where the
    panel holds them."""
    coarse = coarsest_scale(pf, periods)
    frames, previous = [], None
    for period in periods:
        rows = pf.rows(period).reset_index(drop=True)
        keys = own_keys(rows, pf.id_aliases)
        if previous is not None:
            tracks = previous["track"].tolist()
            for j, (i, _) in match_projects(previous, rows, pf.id_aliases).items():
                keys[j] = tracks[i]
        rows = rows.assign(track=unique_within_period(keys), values_published=pf.values_published(period))
        for column in pf.rated:
            rows[f"{column}_as_rated"] = on_scale(pf, period, rows[column], None)
            rows[column] = on_scale(pf, period, rows[column], coarse)
        frames.append(rows)
        previous = rows
    columns = TRACK_COLUMNS + list(pf.rated) + [f"{column}_as_rated" for column in pf.rated] + [
        "budget_mnok", "values_published"] + [
        column for column in FOLLOWED if column in pf.panel]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def own_keys(rows: pd.DataFrame, aliases) -> list[str]:
    """A row's track key before matching: its id (as matched), else its name."""
    return [f"id:{id_match_key(str(pid), aliases)}" if not pd.isna(pid) else f"name:{name}"
            for pid, name in zip(rows["project_id"].tolist(), rows["project_name"].tolist())]


def unique_within_period(keys: list[str]) -> list[str]:
    """Two rows of one period are two projects even where their keys agree (a name given twice, no id)."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def runs(present: list[bool], hit: list[bool]) -> list[tuple[int, int]]:
    """(start, end) index pairs of the runs of consecutive positions where the project is present and ``hit``."""
    found, start = [], None
    for index, (here, yes) in enumerate(zip(present, hit)):
        if here and yes:
            start = index if start is None else start
        elif start is not None:
            found.append((start, index - 1))
            start = None
    if start is not None:
        found.append((start, len(hit) - 1))
    return found
