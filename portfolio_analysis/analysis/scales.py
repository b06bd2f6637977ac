"""Where a portfolio's rating scale changes, and the one guard every comparison of two periods' rating
shares goes through.

The scale of each period is declared once, in its ``period.yml`` (``rating_scale``; else the portfolio's
own), and how the labels of a finer scale read on a coarser one in ``maps/scale_mappings.csv``. From those
declarations alone, ``pa.scale_changes(pf)`` says where the scale changes and how ratings map across the
change. A share of a rating is a different measure on either side of a change (a three-point Red is not a
five-point Red: the NAO and the IPA footnote the change rather than map across it), so
``pa.compare_shares`` never compares two periods across one: it returns the comparison within the current
period's span instead, or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..api.portfolio import Portfolio, as_portfolio
from ..settings.maps import scale_mapping


@dataclass(frozen=True)
class ScaleChange:
    """The scale changes between two consecutive periods: ``previous`` (the last on ``from_scale``) and
    ``current`` (the first on ``to_scale``). ``mapping`` reads the finer scale's labels on the coarser one
    (from ``maps/scale_mappings.csv``; empty where the map gives none: the ratings do not map)."""

    previous: str
    current: str
    from_scale: str
    to_scale: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def from_points(self) -> int:
        return len(self.from_labels)

    @property
    def to_points(self) -> int:
        return len(self.to_labels)

    @property
    def merged(self) -> dict[str, str]:
        """The labels the mapping folds into another (Amber/Green -> Amber), not those read as themselves."""
        return {label: target for label, target in self.mapping.items() if label != target}


@dataclass(frozen=True)
class ShareComparison:
    """A rating's share in ``current`` against ``earlier``, the period :func:`compare_shares` allows:
    ``asked`` when no scale change lies between the two, else the first period with a known share on the
    current period's scale (None where there is none before ``current``). ``change`` is the scale change
    that moved (or refused) the comparison."""

    label: str
    current: str
    current_share: float | None
    asked: str
    earlier: str | None
    earlier_share: float | None
    change: ScaleChange | None = None

    @property
    def refused(self) -> bool:
        """No comparison is possible within the current period's scale."""
        return self.earlier is None


def scale_changes(data, periods: list[str] | None = None) -> list[ScaleChange]:
    """``pa.scale_changes(pf)``: every change of rating scale between consecutive periods (of ``periods``,
    default all), in order; empty for a portfolio that rates every period on one scale."""
    pf = as_portfolio(data)
    keys = sorted(periods) if periods else pf.period_keys
    changes = []
    for previous, current in zip(keys[:-1], keys[1:]):
        before, after = pf.scale_of(previous), pf.scale_of(current)
        if before is None or after is None or before.name == after.name:
            continue
        changes.append(ScaleChange(previous, current, before.name, after.name, tuple(before.labels),
                                   tuple(after.labels), mapping_between(before.name, after.name,
                                                                        len(before.labels), len(after.labels))))
    return changes


def mapping_between(before: str, after: str, before_points: int, after_points: int) -> dict[str, str]:
    """The finer scale's labels read on the coarser one, or {} where the map does not give them all."""
    fine, coarse = (before, after) if before_points >= after_points else (after, before)
    try:
        return scale_mapping(fine, coarse)
    except KeyError:
        return {}


def scale_spans(data, periods: list[str] | None = None) -> list[list[str]]:
    """The periods (of ``periods``, default all) in runs rated on one scale, split at every change."""
    pf = as_portfolio(data)
    keys = sorted(periods) if periods else pf.period_keys
    starts = {change.current for change in scale_changes(pf, keys)}
    spans: list[list[str]] = []
    for period in keys:
        if not spans or period in starts:
            spans.append([])
        spans[-1].append(period)
    return spans


def span_of(pf: Portfolio, period: str, periods: list[str] | None = None) -> list[str]:
    """The periods rated on the same scale as ``period``, without a change between them."""
    return next(span for span in scale_spans(pf, periods) if period in span)


def compare_shares(data, shares: pd.DataFrame, label: str, current: str, earlier: str,
                   value: str = "share") -> ShareComparison:
    """``pa.compare_shares(pf, shares, "Red", "2023-03", "2013-09")``: the guard of every takeaway that
    compares two periods' shares of a rating. ``shares``: long rows (``report_period``, ``label``, ``value``;
    with a ``scale`` column, each period's row on its own scale is read).

    Where a scale change lies between ``earlier`` and ``current``, the comparison is never made across it:
    ``earlier`` becomes the first period from ``earlier`` on with a known share on ``current``'s scale, or
    None (refused) where ``current`` is the first such period."""
    pf = as_portfolio(data)
    span = span_of(pf, current)
    between = [change for change in scale_changes(pf) if earlier < change.current <= current]
    own = own_scale_rows(pf, shares[shares["label"] == label])
    known = own[own[value].notna()].set_index("report_period")[value]
    now = known.get(current)
    if not between:
        then = known.get(earlier)
        return ShareComparison(label, current, now, earlier, earlier, then)
    candidates = [period for period in span if earlier <= period < current and period in known.index]
    first = candidates[0] if candidates else None
    return ShareComparison(label, current, now, earlier, first, known.get(first) if first else None, between[-1])


def own_scale_rows(pf: Portfolio, rows: pd.DataFrame) -> pd.DataFrame:
    """Each period's rows on the scale it rates on (where ``rows`` give a ``scale``), one per period."""
    if "scale" in rows:
        own = {period: getattr(pf.scale_of(period), "name", None) for period in pd.unique(rows["report_period"])}
        keep = [pd.isna(scale) or scale == own.get(period) for period, scale in zip(rows["report_period"],
                                                                                   rows["scale"])]
        rows = rows[keep]
    return rows.drop_duplicates("report_period")
