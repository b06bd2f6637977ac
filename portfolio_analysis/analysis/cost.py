"""Whole-life cost between two periods (per project, and a bridge of the portfolio's total whose named steps
add up), and the year's forecast against the year's budget.

Both need money columns a portfolio may not report: a government's major-projects list may give a whole-life
cost baseline and the financial year's baseline and forecast where another portfolio gives the year's budget
only. Asked of a portfolio whose panel holds no whole-life cost (or no forecast) in any period, they raise an
error naming the portfolio rather than answer with a table of blanks (its budgets are :func:`budget.budget_decline`'s).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..api.portfolio import Portfolio, as_portfolio
from .compare import CONTINUING, JOINED, LEFT, Comparison, compare, latest_comment, why_not_comparable

INCREASED, DECREASED, UNCHANGED, NOT_COMPARABLE = "increased", "decreased", "unchanged", "not_comparable"
OVER, UNDER, WITHIN = "over", "under", "within"
THRESHOLD_PCT = 5.0  # in-year: a forecast more than 5 % over or under the year's budget
BRIDGE_STEPS = ["previous_total", "continuing_up", "continuing_down", "joined", "left", "newly_withheld",
                "newly_given", "current_total"]


def require(pf: Portfolio, column: str, what: str) -> None:
    """An error naming the portfolio when its panel gives ``column`` (or a reason for its absence) in no period."""
    marker = f"{column}_marker"
    given = column in pf.panel and (pf.panel[column].notna().any()
                                    or (marker in pf.panel and pf.panel[marker].notna().any()))
    if not given:
        raise ValueError(f"portfolio {pf.name!r} reports no {what} ({column} is given in none of its periods); "
                         "its year's budget is compared by pa.budget_decline")


@dataclass(frozen=True)
class CostChange:
    """``projects``: one row per project in either period; ``bridge``: the named steps from the previous
    total to the current one (see :func:`cost_change`)."""

    current: str
    previous: str
    projects: pd.DataFrame
    bridge: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def _count(self, move: str) -> int:
        return int((self.projects["move"] == move).sum())

    @property
    def increased(self) -> int:
        return self._count(INCREASED)

    @property
    def decreased(self) -> int:
        return self._count(DECREASED)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def not_comparable(self) -> int:
        return self._count(NOT_COMPARABLE)

    @property
    def rises(self) -> float:
        """The sum of the increases (positive)."""
        return float(self.projects.loc[self.projects["move"] == INCREASED, "change"].sum())

    @property
    def falls(self) -> float:
        """The sum of the decreases, as changes are signed (negative)."""
        return float(self.projects.loc[self.projects["move"] == DECREASED, "change"].sum())


def cost_change(data, current: str | None = None, previous: str | None = None) -> CostChange:
    """``pa.cost_change(pf, current="2023-03", previous="2022-03")`` (a Portfolio, a name or a Comparison).

    ``projects``: one row per project in either period (``membership``: continuing, joined or left),
    ``previous_cost``, ``current_cost`` (the whole-life cost baseline), ``change`` (current -
    previous), ``move`` (increased / decreased / unchanged / not_comparable), ``why`` not comparable
    (``joined``, ``left``, ``carried_forward``, ``no_cost_previous`` / ``no_cost_current`` with the file's
    reason where given, such as ``exempt``) and ``cost_comment``, the owner's narrative (current, else
    previous). ``bridge``: see :func:`cost_bridge`. Raises ValueError for a portfolio without whole-life costs.
    """
    comparison = compare(data, current, previous)
    pf, rows = comparison.pf, comparison.rows
    require(pf, "whole_life_cost", "whole-life costs")
    why = why_not_comparable(comparison, "whole_life_cost", "cost")
    before = rows["whole_life_cost_previous"].astype("Float64")
    after = rows["whole_life_cost_current"].astype("Float64")
    change = (after - before).where(why.isna())
    move = pd.Series(NOT_COMPARABLE, index=rows.index)
    move[why.isna() & (change > 0)] = INCREASED
    move[why.isna() & (change < 0)] = DECREASED
    move[why.isna() & (change == 0)] = UNCHANGED
    frame = pd.DataFrame({
        "project_id": rows["project_id"], "project_name": rows["project_name"], "actor": rows["actor"],
        "membership": rows["change"], "previous_cost": before, "current_cost": after, "change": change,
        "move": move, "why": why, "cost_comment": latest_comment(rows, "cost_comment"),
    })
    notes = [f"{period} publishes no per-project values: its costs are unknown and the bridge's steps with them."
             for period in (comparison.previous, comparison.current) if not pf.values_published(period)]
    return CostChange(comparison.current, comparison.previous, frame, cost_bridge(comparison), notes)


def cost_bridge(comparison: Comparison) -> pd.DataFrame:
    """From the previous period's total whole-life cost (of the projects that give one) to the current one,
    one row per step, each ``amount`` signed as it moves the total, so ``previous_total`` plus the six steps
    is ``current_total``:

    - ``continuing_up`` / ``continuing_down``: the rises (+) and falls (-) of projects in both periods with a
      cost in both;
    - ``joined`` (+): the costs of projects new this period; ``left`` (-): the previous costs of those gone;
    - ``newly_withheld`` (-): projects in both periods with a cost before and none now (exempt, not provided);
    - ``newly_given`` (+): projects in both periods with none before and a cost now.

    ``projects`` counts the projects each amount sums. Where a period publishes no per-project values, every
    amount is NA (unknown), never 0.
    """
    rows = comparison.rows
    before, after = rows["whole_life_cost_previous"], rows["whole_life_cost_current"]
    continuing = rows["change"] == CONTINUING
    both = continuing & before.notna() & after.notna()
    change = (after - before).where(both)
    parts = {
        "previous_total": (before.notna(), before, "the previous period's projects with a whole-life cost"),
        "continuing_up": (both & (change > 0), change, "rises of projects in both periods"),
        "continuing_down": (both & (change < 0), change, "falls of projects in both periods"),
        "joined": ((rows["change"] == JOINED) & after.notna(), after, "costs of the projects that joined"),
        "left": ((rows["change"] == LEFT) & before.notna(), -before, "previous costs of the projects that left"),
        "newly_withheld": (continuing & before.notna() & after.isna(), -before,
                           "in both periods: a cost before, none now (withheld or not given)"),
        "newly_given": (continuing & before.isna() & after.notna(), after,
                        "in both periods: no cost before, one now"),
        "current_total": (after.notna(), after, "the current period's projects with a whole-life cost"),
    }
    published = all(comparison.pf.values_published(p) for p in (comparison.previous, comparison.current))
    steps = []
    for step in BRIDGE_STEPS:
        mask, amounts, note = parts[step]
        mask = mask.fillna(False).astype(bool)
        amount = float(amounts[mask].sum()) if published else float("nan")
        steps.append({"step": step, "amount": amount, "projects": int(mask.sum()), "note": note})
    frame = pd.DataFrame(steps)
    frame.attrs = {"current": comparison.current, "previous": comparison.previous}
    return frame


@dataclass(frozen=True)
class InYear:
    """The year's forecast against the year's budget in one period (see :func:`in_year`)."""

    period: str
    projects: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def _count(self, move: str) -> int:
        return int((self.projects["move"] == move).sum())

    @property
    def over(self) -> int:
        return self._count(OVER)

    @property
    def under(self) -> int:
        return self._count(UNDER)

    @property
    def within(self) -> int:
        return self._count(WITHIN)

    @property
    def not_comparable(self) -> int:
        return self._count(NOT_COMPARABLE)

    @property
    def budget_total(self) -> float:
        """The budgets of the projects that give both a budget and a forecast."""
        return float(self.projects.loc[self.projects["move"] != NOT_COMPARABLE, "budget"].sum())

    @property
    def forecast_total(self) -> float:
        """The forecasts of the projects that give both a budget and a forecast."""
        return float(self.projects.loc[self.projects["move"] != NOT_COMPARABLE, "forecast"].sum())


def in_year(data, period: str | None = None) -> InYear:
    """``pa.in_year(pf, period="2023-03")`` (default: the latest period; a Comparison: its current one).

    ``projects``: one row per project of the period, ``budget`` and ``forecast`` (the year's), ``variance``
    (forecast - budget), ``variance_pct`` (of the budget; NA for a zero budget), ``move``: ``over`` / ``under``
    when the forecast is more than 5 % above / below the budget (exactly 5 % is ``within``; against a zero
    budget any forecast above 0 is over), ``within``, or ``not_comparable`` with ``why`` (``no_budget`` /
    ``no_forecast`` with the file's reason, ``carried_forward``, ``not_published``); ``forecast_comment``,
    the owner's narrative on the variance. Raises ValueError for a portfolio without forecasts.
    """
    if isinstance(data, Comparison):
        period = period or data.current
        data = data.pf
    pf = as_portfolio(data)
    period = period or pf.period_keys[-1]
    if period not in pf.period_keys:
        raise KeyError(f"no period {period!r} in portfolio {pf.name!r}; periods: {', '.join(pf.period_keys)}")
    require(pf, "forecast", "in-year forecasts")
    rows = pf.rows(period).reset_index(drop=True)
    budget, forecast = rows["budget"].astype("Float64"), rows["forecast"].astype("Float64")
    why = pd.Series(pd.NA, index=rows.index, dtype="string")
    if not pf.values_published(period):
        why[:] = "not_published"
    if "carried_from" in rows:
        why[why.isna() & rows["carried_from"].notna() & rows["is_reported"].eq(False).fillna(False)] = "carried_forward"
    for column in ("budget", "forecast"):
        marker = rows.get(f"{column}_marker", pd.Series(pd.NA, index=rows.index, dtype="string")).astype("string")
        reason = (f"no_{column}: " + marker).fillna(f"no_{column}")
        open_rows = why.isna() & rows[column].isna()
        why[open_rows] = reason[open_rows]
    variance = (forecast - budget).where(why.isna())
    pct = (variance / budget.abs() * 100).where(budget != 0).round(9)
    move = pd.Series(NOT_COMPARABLE, index=rows.index)
    comparable = why.isna()
    over = comparable & ((pct > THRESHOLD_PCT) | ((budget == 0) & (forecast > 0))).fillna(False)
    under = comparable & ((pct < -THRESHOLD_PCT) | ((budget == 0) & (forecast < 0))).fillna(False)
    move[comparable] = WITHIN
    move[over] = OVER
    move[under] = UNDER
    comment = rows["forecast_comment"] if "forecast_comment" in rows else pd.NA
    frame = pd.DataFrame({"project_id": rows["project_id"], "project_name": rows["project_name"],
                          "actor": rows["actor"], "budget": budget, "forecast": forecast, "variance": variance,
                          "variance_pct": pct, "move": move, "why": why, "forecast_comment": comment})
    frame["forecast_comment"] = frame["forecast_comment"].astype("string")
    notes = [] if pf.values_published(period) else [f"{period} publishes no per-project values: unknown."]
    return InYear(period, frame, notes)
