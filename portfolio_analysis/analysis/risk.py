"""Risk: where it sits, whether it moves, and which projects warn early."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import ratings as r
from ..api.portfolio import as_portfolio
from .budget import area_names
from .compare import compare


@dataclass(frozen=True)
class RiskAnalysis:
    """Every table of the risk analysis."""

    current: str
    previous: str
    distribution: pd.DataFrame
    trend: pd.DataFrame
    status_by_risk: pd.DataFrame  # current period: status (rows) x risk (columns)
    transitions: pd.DataFrame
    worsened: pd.DataFrame
    improved: pd.DataFrame
    stayed_red: pd.DataFrame  # worst risk in both periods
    red_risk: pd.DataFrame
    early_warning: pd.DataFrame  # red risk while status is not red
    by_actor: pd.DataFrame
    by_strategic_area: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def risk_by(data, period: str, by: str) -> pd.DataFrame:
    """Projects per risk label (``not_reported`` on its own) for each ``actor`` or ``strategic_area``; per
    strategic area also its name (``strategic_area_name``, the first column)."""
    pf = as_portfolio(data)
    rows = pf.rows(period)
    text = r.label_text(rows["risk"], pf.values_published(period))
    table = pd.crosstab(rows[by], pd.Categorical(text, r.categories(pf)), dropna=False)
    table.columns = table.columns.astype(str)
    table = table.loc[:, [c for c in table.columns if c in pf.labels or table[c].sum()]]
    table.columns.name = "risk"
    table = table.assign(projects=table.sum(axis=1)).sort_values(pf.labels[::-1] + ["projects"], ascending=False)
    if by == "strategic_area":
        table.insert(0, "strategic_area_name", area_names(pf, table.index.to_series()).to_numpy())
    return table


def status_by_risk(data, period: str) -> pd.DataFrame:
    pf = as_portfolio(data)
    rows = pf.rows(period)
    published = pf.values_published(period)
    order = r.categories(pf)
    table = pd.crosstab(pd.Categorical(r.label_text(rows["status"], published), order),
                        pd.Categorical(r.label_text(rows["risk"], published), order), dropna=False)
    table = r.drop_empty_extras(table, pf.labels)
    table.index.name, table.columns.name = "status", "risk"
    return table


def early_warning(data, period: str) -> pd.DataFrame:
    """Projects with the worst risk while their status is not (yet) the worst: red risk, status not red; with
    the owner's ``comment`` on the risk (else on the status), ``comment_from`` saying which."""
    pf = as_portfolio(data)
    rows = pf.rows(period)
    worst = pf.labels[-1]
    hit = rows[(rows["risk"] == worst) & (rows["status"] != worst).fillna(True)]
    extra = [c for c in ("carried_from",) if c in rows]
    listed = hit[r.LIST_COLUMNS + ["status", "risk", "budget_mnok"] + extra]
    return r.with_comment(listed, hit, "risk").reset_index(drop=True)


def risk_analysis(data, current: str | None = None, previous: str | None = None) -> RiskAnalysis:
    """``pa.risk_analysis(pf, current="2020-04", previous="2020-01")``, or of a :class:`compare.Comparison`."""
    comparison = compare(data, current, previous)
    pf, current, previous, compared = comparison.pf, comparison.current, comparison.previous, comparison.rows
    return RiskAnalysis(
        current=current, previous=previous,
        distribution=r.up_to(r.distribution(pf, "risk"), current),
        trend=r.up_to(r.share_trend(pf, "risk"), current),
        status_by_risk=status_by_risk(pf, current),
        transitions=r.transitions(compared, "risk", pf),
        worsened=r.moved(compared, "risk", "worsened"),
        improved=r.moved(compared, "risk", "improved"),
        stayed_red=r.moved(compared, "risk", "stayed_worst"),
        red_risk=r.with_label(pf, "risk", current, pf.labels[-1]),
        early_warning=early_warning(pf, current),
        by_actor=risk_by(pf, current, "actor"),
        by_strategic_area=risk_by(pf, current, "strategic_area"),
        notes=r.unknown_notes(pf, current, previous, "risk"),
    )
