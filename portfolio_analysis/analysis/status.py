"""Status change between two periods: what the board asks first."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import ratings as r
from .compare import compare


@dataclass(frozen=True)
class StatusChange:
    """Every table of the status-change analysis, each a tidy DataFrame."""

    current: str
    previous: str
    distribution: pd.DataFrame  # per period and label: count, share (not_reported/unknown on their own)
    trend: pd.DataFrame  # per period and label: share, source (rows | published | unknown)
    transitions: pd.DataFrame  # continuing projects: previous status x current status
    worsened: pd.DataFrame
    improved: pd.DataFrame
    stayed_red: pd.DataFrame
    red_status: pd.DataFrame  # the current period's projects at the worst status, with the owner's comment
    joiners: pd.DataFrame  # status at entry
    leavers: pd.DataFrame  # status at exit, destination
    carried_forward: pd.DataFrame  # did not report (is_reported False; carried_from: values' period), or unclear (NA)
    compared: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def status_change(data, current: str | None = None, previous: str | None = None) -> StatusChange:
    """``pa.status_change(pf, current="2020-04", previous="2020-01")``; defaults: latest vs the one before.
    ``data`` may be a :class:`compare.Comparison` made once for several analyses."""
    comparison = compare(data, current, previous)
    pf, current, previous, compared = comparison.pf, comparison.current, comparison.previous, comparison.rows
    rows = pf.rows(current)
    did_not_report = ~rows["is_reported"].fillna(False).astype(bool) & pf.values_published(current)
    carried = rows.loc[did_not_report, r.LIST_COLUMNS + ["status", "risk", "is_reported"]
                       + [c for c in ("carried_from",) if c in rows]]
    return StatusChange(
        current=current,
        previous=previous,
        distribution=r.up_to(r.distribution(pf, "status"), current),
        trend=r.up_to(r.share_trend(pf, "status"), current),
        transitions=r.transitions(compared, "status", pf),
        worsened=r.moved(compared, "status", "worsened"),
        improved=r.moved(compared, "status", "improved"),
        stayed_red=r.moved(compared, "status", "stayed_worst"),
        red_status=r.with_label(pf, "status", current, pf.labels[-1]),
        joiners=r.joiners(compared, "status"),
        leavers=r.leavers(compared, "status"),
        carried_forward=carried.assign(is_carried_forward=carried["is_reported"].map(
            {False: True}, na_action="ignore").astype("boolean")).reset_index(drop=True),
        compared=compared,
        notes=r.unknown_notes(pf, current, previous, "status"),
    )
