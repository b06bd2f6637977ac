"""The overview's figures: the headline, the key figures of two periods, and the period's submissions
(who sent, who did not, what went missing). The report's overview page only formats them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..api.portfolio import EXEMPT, NOT_RATED, NOT_REPORTED, OTHER_SCALE, UNKNOWN, Portfolio
from .budget import budget_totals
from .compare import Comparison, compare
from .ratings import distribution

KEY_FIGURE_COLUMNS = ["figure", "label", "report_period", "value", "share", "source"]


@dataclass(frozen=True)
class Headline:
    """The overview's first sentence in figures. Amounts are NaN where the period does not have them."""

    current: str
    previous: str
    projects: int
    previous_projects: int
    as_of: pd.Timestamp | None
    top_labels: dict[str, str]  # per rated column (status, risk): its most common label this period
    top_shares: dict[str, float]  # ... and that label's share of the period's projects
    budget_rows_mnok: float  # the sum of the project rows' budgets
    budget_published_mnok: float  # the total the period's report publishes


def headline(data, current: str | None = None, previous: str | None = None) -> Headline:
    """``pa.headline(comparison)``: projects now and before, the most common rating, the budget totals."""
    comparison = compare(data, current, previous)
    pf, current, previous = comparison.pf, comparison.current, comparison.previous
    totals = budget_totals(pf).set_index("report_period")
    top_labels, top_shares = {}, {}
    for column in pf.rated:
        counts = distribution(pf, column)
        rated = counts[(counts["report_period"] == current) & counts["label"].isin(pf.labels_of(current))
                       & (counts["count"] > 0)]
        if pf.values_published(current) and len(rated):
            top = rated.sort_values("count", ascending=False, kind="stable").iloc[0]
            top_labels[column], top_shares[column] = str(top["label"]), float(top["share"])
    as_of = pf.periods.set_index("report_period").loc[current].get("as_of")
    return Headline(current=current, previous=previous, projects=int(totals.loc[current, "projects"]),
                    previous_projects=int(totals.loc[previous, "projects"]),
                    as_of=None if as_of is None or pd.isna(as_of) else pd.Timestamp(as_of),
                    top_labels=top_labels, top_shares=top_shares,
                    budget_rows_mnok=float(totals.loc[current, "budget_rows_mnok"]),
                    budget_published_mnok=float(totals.loc[current, "budget_published_mnok"]))


def key_figures(data, current: str | None = None, previous: str | None = None) -> pd.DataFrame:
    """The overview's key figures of the two periods, long format: one row per figure, label and period.

    ``figure`` is ``projects``, ``budget_rows`` (sum of the project rows), ``budget_published`` (only where
    some period of the two publishes a total) or a rated column (``status``, ``risk``) with its ``label``:
    every label of the scale, ``exempt`` / ``not_rated`` where used, and ``not_reported`` (blank).
    ``value`` is the count or amount, ``share`` a rating's share of the period's projects; ``source`` says
    where it comes from: ``rows``, ``published``, ``unknown`` (the period publishes no per-project values
    and no such figure), ``not_published`` (no published total) or ``other_scale``."""
    comparison = compare(data, current, previous)
    pf = comparison.pf
    periods = [comparison.previous, comparison.current]
    totals = budget_totals(pf).set_index("report_period")
    rows = [("projects", None, p, totals.loc[p, "projects"], float("nan"), "rows") for p in periods]
    rows += [("budget_rows", None, p, totals.loc[p, "budget_rows_mnok"], float("nan"),
              "rows" if pf.values_published(p) else UNKNOWN) for p in periods]
    published = totals.loc[periods, "budget_published_mnok"]
    if published.notna().any():
        rows += [("budget_published", None, p, published[p], float("nan"),
                  "published" if pd.notna(published[p]) else "not_published") for p in periods]
    for column in pf.rated:
        rows += rating_figures(pf, comparison, column)
    frame = pd.DataFrame(rows, columns=KEY_FIGURE_COLUMNS)
    frame.attrs = {"current": comparison.current, "previous": comparison.previous}
    return frame


def rating_figures(pf: Portfolio, comparison: Comparison, column: str) -> list[tuple]:
    """Key figure rows of one rating: count and share where the period publishes ratings, else its
    published share (or unknown); a label not on a period's scale is ``other_scale``."""
    periods = [comparison.previous, comparison.current]
    counts = distribution(pf, column).set_index(["report_period", "label"])
    used = {label for (p, label), count in counts["count"].items() if p in periods and count > 0}
    labels = [label for label in pf.labels if any(label in pf.labels_of(p) for p in periods)]
    labels += [reason for reason in (EXEMPT, NOT_RATED) if reason in used] + [NOT_REPORTED]
    rows = []
    for label in labels:
        for p in periods:
            if label in pf.labels and label not in pf.labels_of(p):
                rows.append((column, label, p, float("nan"), float("nan"), OTHER_SCALE))
            elif pf.values_published(p):
                found = counts.loc[(p, label)]
                rows.append((column, label, p, int(found["count"]), float(found["share"]), "rows"))
            else:
                share = pf.published_share(p, column, label) if label != NOT_REPORTED else None
                rows.append((column, label, p, float("nan"), float("nan") if share is None else float(share),
                             UNKNOWN if share is None else "published"))
    return rows


@dataclass(frozen=True)
class PeriodSubmissions:
    """The checklist of one period as the overview shows it (``Portfolio.submissions``)."""

    period: str
    intake: str  # submissions, or published_list: one list for the whole portfolio, nobody "sends"
    rows: pd.DataFrame  # organisations expected or that sent, those that sent nothing first
    sent: int
    expected: int
    not_sent: list[str] = field(default_factory=list)
    gone_missing: int = 0  # projects missing from their organisation's submission, destination not given
    gone_missing_by_actor: list[tuple[str, int]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the file names of the period (published_list)


def period_submissions(pf: Portfolio, period: str) -> PeriodSubmissions:
    """Who sent for ``period``, who did not, and what went missing, from the build's checklist."""
    rows = pf.submissions
    rows = rows[rows["report_period"] == period] if len(rows) else rows
    if pf.intake != "submissions":
        files = sorted({name.rsplit("/", 1)[-1] for cell in rows.get("files", pd.Series(dtype=object)).dropna()
                        for name in str(cell).split("; ") if name})
        return PeriodSubmissions(period, pf.intake, rows.reset_index(drop=True), 0, 0, files=files)
    if not len(rows):
        return PeriodSubmissions(period, pf.intake, rows, 0, 0)
    expected = rows[rows["expected"] | rows["sent"]]
    ordered = expected.assign(_sent=expected["sent"].astype(int)).sort_values(["_sent", "actor"]).drop(columns="_sent")
    gone = rows[rows["gone_missing"] > 0]
    return PeriodSubmissions(
        period, pf.intake, ordered.reset_index(drop=True), sent=int(expected["sent"].sum()), expected=len(expected),
        not_sent=[str(actor) for actor in expected.loc[~expected["sent"], "actor"]],
        gone_missing=int(rows["gone_missing"].sum()),
        gone_missing_by_actor=[(str(r.actor), int(r.gone_missing)) for r in gone.itertuples()])
