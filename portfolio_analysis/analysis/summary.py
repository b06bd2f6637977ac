"""One period in one line, as the index of all reports shows it beside the link to the period's report:
how many projects, how many red, the money total, and what a reader must be warned of before reading
the figures (submissions not received, values carried forward or not known to be reported, projects gone
missing, a rating scale that changed since the period compared with)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from ..api.portfolio import Portfolio, as_portfolio
from .budget import budget_totals, period_budgets
from .overview import period_submissions
from .scales import scale_changes


@dataclass(frozen=True)
class PeriodSummary:
    """The period's figures; ``None`` where the period does not give one (unknown, never 0)."""

    portfolio: str
    period: str
    previous: str | None  # the period compared with: a scale change is stated against it
    projects: int
    values_published: bool  # False: the period publishes no per-project ratings or money (January 2020)
    worst: str  # the worst label of the period's scale (Rød, Red): what "red" counts
    red: dict[str, int | None]  # per rated column (status, risk): projects rated ``worst``
    red_carried: dict[str, int | None]  # ... of which carried forward (rated in an earlier period)
    money: str  # the profile's money measure: budget or whole_life_cost
    unit: str  # the profile's unit, e.g. "mill. kr" or "${}M"
    money_rows: float | None  # the sum of the rows' money where given
    money_given: int | None  # projects whose money is given
    money_published: float | None  # the total the period's report publishes, where it does
    intake: str  # submissions (each organisation sends), or published_list (nobody sends)
    expected: int  # organisations expected to send (submissions only)
    sent: int
    not_sent: list[str] = field(default_factory=list)  # organisations that sent nothing
    carried_forward: int = 0  # projects whose values were carried forward from an earlier period
    carried_from: list[str] = field(default_factory=list)  # the periods those values were last given in
    reporting_unclear: int = 0  # projects not known to have reported, nor known not to have (period.yml)
    unclear_organisations: list[str] = field(default_factory=list)  # ... their organisations
    gone_missing: int = 0  # projects missing from their organisation's submission, destination not given
    scale_before: list[str] | None = None  # the compared period's labels where its scale differs, best first
    scale_after: list[str] | None = None  # ... and this period's

    @property
    def scale_changed(self) -> bool:
        return self.scale_before is not None

    def record(self) -> dict:
        """The summary as plain JSON values (a report's ``report.json``)."""
        return asdict(self)


def period_summary(data, period: str | None = None, previous: str | None = None) -> PeriodSummary:
    """``pa.period_summary(pf, "2020-04")``: the period's projects, red counts, money total and warnings.

    ``previous`` (default: the period before, None for the first) is the period a scale change is
    stated against. Red counts every project the period rates with its scale's worst label, carried
    values included (``red_carried`` says how many of them are); money is the profile's measure summed
    over the rows where given, in the period's budget year."""
    pf = as_portfolio(data)
    period = period or pf.period_keys[-1]
    previous = previous or pf.previous_period(period)
    rows = pf.rows(period)
    published = pf.values_published(period)
    worst = pf.labels_of(period)[-1]
    carried = carried_rows(rows)
    unclear = (rows["is_reported"].isna() if published and "is_reported" in rows
               else pd.Series(False, index=rows.index)).astype(bool)
    red, red_carried = {}, {}
    for column in pf.rated:
        hit = rows[column].eq(worst).fillna(False).astype(bool)
        red[column] = int(hit.sum()) if published else None
        red_carried[column] = int((hit & carried).sum()) if published else None
    money = period_budgets(pf, period, rows)
    totals = budget_totals(pf).set_index("report_period").loc[period]
    sent = period_submissions(pf, period)
    before, after = pf.labels_of(previous) if previous else None, pf.labels_of(period)
    changed = previous is not None and bool(scale_changes(pf, [previous, period]))
    return PeriodSummary(
        portfolio=pf.name, period=period, previous=previous, projects=len(rows), values_published=published,
        worst=worst, red=red, red_carried=red_carried, money=pf.money, unit=pf.budget_unit,
        money_rows=plain(totals["budget_rows_mnok"]), money_given=int(money.notna().sum()) if published else None,
        money_published=plain(totals["budget_published_mnok"]),
        intake=sent.intake, expected=sent.expected, sent=sent.sent, not_sent=sent.not_sent,
        carried_forward=int(carried.sum()),
        carried_from=sorted({str(p) for p in rows.loc[carried, "carried_from"]}) if carried.any() else [],
        reporting_unclear=int(unclear.sum()), unclear_organisations=sorted({str(a) for a in rows.loc[unclear, "actor"]}),
        gone_missing=sent.gone_missing, scale_before=before if changed else None,
        scale_after=after if changed else None)


def carried_rows(rows: pd.DataFrame) -> pd.Series:
    """The rows whose values were carried forward: their owner did not report this period."""
    if "carried_from" not in rows:
        return pd.Series(False, index=rows.index)
    return (rows["carried_from"].notna() & rows["is_reported"].eq(False).fillna(False)).astype(bool)


def plain(value) -> float | None:
    """A float, or None for a missing value (JSON has no NaN)."""
    return None if value is None or pd.isna(value) else float(value)
