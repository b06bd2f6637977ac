"""Budget decline: totals, where the money sits, and a bridge from last period's total to this one's."""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral

import pandas as pd

from ..api.portfolio import Portfolio, as_portfolio
from .compare import CONTINUING, JOINED, LEFT, compare
from .ratings import up_to

BRIDGE_STEPS = ["previous_total", "left", "joined", "continuing_change", "unknown", "current_total"]


def known_sum(amounts: pd.Series) -> float:
    """Sum of the known amounts; 0 for no rows at all, NaN (unknown) when every amount is missing."""
    if len(amounts) == 0:
        return 0.0
    total = amounts.sum(min_count=1)
    return float("nan") if pd.isna(total) else float(total)


def period_budget_year(pf: Portfolio, period: str) -> int | None:
    """The year the period's budgets are for (``budget_year`` of periods.parquet); None where unknown."""
    if "budget_year" not in pf.periods:
        return None
    years = pf.periods.loc[pf.periods["report_period"] == period, "budget_year"].dropna()
    return int(years.iloc[0]) if len(years) else None


def other_year(pf: Portfolio, period: str, rows: pd.DataFrame) -> pd.Series:
    """Rows of ``period`` with a known budget for another year than the period's (a file headed
    ``Budsjett 2021`` in a 2020 period): kept in the panel, never added into the period's totals."""
    year = period_budget_year(pf, period)
    if year is None or "budget_year" not in rows:
        return pd.Series(False, index=rows.index)
    return (rows["budget_mnok"].notna() & rows["budget_year"].notna() & rows["budget_year"].ne(year)).fillna(
        False).astype(bool)


def period_budgets(pf: Portfolio, period: str, rows: pd.DataFrame | None = None) -> pd.Series:
    """The budgets of the period's rows in the period's budget year; NA for another year's (see :func:`other_year`)."""
    rows = pf.rows(period) if rows is None else rows
    return rows["budget_mnok"].mask(other_year(pf, period, rows))


def budget_totals(data) -> pd.DataFrame:
    """Per period: the sum of the rows' budgets beside the published total and the difference, and the
    counts of zero, missing and 'zero means not reported' budgets, and of budgets for another year than
    the period's (``other_year_budgets``: counted apart, never in the sum); next year's budgets where the
    files give them (``next_year_rows_mnok``, ``next_year_given`` of ``projects``). Unknown stays NA."""
    pf = as_portfolio(data)
    rows = []
    for period in pf.period_keys:
        projects = pf.rows(period)
        published = pf.values_published(period)
        apart = other_year(pf, period, projects)
        budgets = projects["budget_mnok"].mask(apart)
        from_rows = known_sum(budgets) if published else float("nan")
        total = pf.published(period, "budget_mnok")
        total = float("nan") if total is None else float(total)
        rows.append({
            "report_period": period,
            "projects": len(projects),
            "budget_rows_mnok": from_rows,
            "budget_published_mnok": total,
            "difference_mnok": from_rows - total,
            "zero_budgets": int((budgets == 0).sum()) if published else pd.NA,
            "missing_budgets": int((budgets.isna() & ~apart).sum()) if published else pd.NA,
            "zero_not_reported": int(((budgets == 0) & projects["budget_is_reported"].eq(False)).sum())
            if published and "budget_is_reported" in projects else pd.NA,
            "other_year_budgets": int(apart.sum()) if published else pd.NA,
            **next_year(projects, published),
        })
    frame = pd.DataFrame(rows)
    return frame.astype({c: "Int64" for c in ("zero_budgets", "missing_budgets", "zero_not_reported",
                                              "other_year_budgets", "next_year_given")})


def next_year(projects: pd.DataFrame, published: bool) -> dict:
    """Next year's budgets where the files give them (a second ``Budsjett <year>`` column): their sum
    (``next_year_rows_mnok``, NA where no row gives one) and how many projects give one."""
    given = (projects["budget_next_year"].notna() if "budget_next_year" in projects
             else pd.Series(False, index=projects.index))
    return {"next_year_rows_mnok": known_sum(projects.loc[given, "budget_next_year"]) if published and given.any()
            else float("nan"),
            "next_year_given": int(given.sum()) if published else pd.NA}


def period_total(pf: Portfolio, period: str) -> tuple[float, str]:
    """The period's total and its basis: the rows where per-project budgets exist, else the published
    total, else unknown (NaN)."""
    if pf.values_published(period):
        total = known_sum(period_budgets(pf, period))
        if not pd.isna(total):
            return total, "rows"
    published = pf.published(period, "budget_mnok")
    return (float("nan"), "unknown") if published is None else (float(published), "published")


def budget_bridge(data, current: str | None = None, previous: str | None = None) -> pd.DataFrame:
    """From the previous total to the current one, one row per step: ``previous_total``, minus the leavers'
    previous budgets (``left``), plus the joiners' budgets (``joined``), plus the change of continuing
    projects (``continuing_change``), then ``unknown``: whatever per-project figures cannot explain
    (missing budgets, or a period that publishes none), so the steps always add up and nothing is
    invented, and ``current_total``. A step that cannot be computed has amount NA and says why.
    ``basis`` says where each amount comes from: ``rows`` (per-project figures), ``published`` (the
    period's published total), ``residual`` (the unknown step) or ``unknown``."""
    comparison = compare(data, current, previous)
    pf, current, previous = comparison.pf, comparison.current, comparison.previous
    compared = in_period_years(comparison.rows, pf, previous, current)
    previous_total, previous_basis = period_total(pf, previous)
    current_total, current_basis = period_total(pf, current)
    previous_known, current_known = pf.values_published(previous), pf.values_published(current)
    left = compared[compared["change"] == LEFT]
    joined = compared[compared["change"] == JOINED]
    continuing = compared[compared["change"] == CONTINUING]
    both_known = continuing["budget_previous_mnok"].notna() & continuing["budget_current_mnok"].notna()
    both_published = previous_known and current_known
    steps = [
        ("previous_total", previous_total, len(pf.rows(previous)), previous_basis,
         f"{previous}, from the {previous_basis}"),
        ("left", -known_sum(left["budget_previous_mnok"]) if previous_known else float("nan"), len(left),
         "rows" if previous_known else "unknown",
         "previous budgets of the projects that left" if previous_known
         else f"unknown: {previous} publishes no per-project budgets"),
        ("joined", known_sum(joined["budget_current_mnok"]) if current_known else float("nan"), len(joined),
         "rows" if current_known else "unknown",
         "budgets of the projects that joined" if current_known
         else f"unknown: {current} publishes no per-project budgets"),
        ("continuing_change",
         known_sum((continuing["budget_current_mnok"] - continuing["budget_previous_mnok"])[both_known])
         if both_published else float("nan"), len(continuing), "rows" if both_published else "unknown",
         "change of the projects in both periods" if both_published
         else "unknown: per-project budgets are published for only one of the two periods"),
    ]
    explained = sum(amount for _, amount, _, _, _ in steps[1:] if pd.notna(amount))
    steps.append(("unknown", current_total - previous_total - explained,
                  projects_missing_a_budget(compared, previous_known, current_known), "residual",
                  "what per-project figures cannot explain: missing budgets and unpublished steps"))
    steps.append(("current_total", current_total, len(pf.rows(current)), current_basis,
                  f"{current}, from the {current_basis}"))
    frame = pd.DataFrame(steps, columns=["step", "amount_mnok", "projects", "basis", "note"])
    no_known_budget = frame["amount_mnok"].isna() & (frame["basis"] == "rows")
    frame.loc[no_known_budget, "basis"] = "unknown"
    frame.loc[no_known_budget, "note"] = "unknown: none of these projects has a known budget"
    frame.attrs = {"current": current, "previous": previous}
    return frame


def in_period_years(compared: pd.DataFrame, pf: Portfolio, previous: str, current: str) -> pd.DataFrame:
    """The compared rows with each budget for another year than its period's taken as unknown, so no step
    adds one year's budgets into another's totals."""
    def apart_ids(period: str) -> set:
        rows = pf.rows(period)
        return set(rows.loc[other_year(pf, period, rows).to_numpy(), "project_id"].dropna().tolist())

    before, after = apart_ids(previous), apart_ids(current)
    if not before and not after:
        return compared
    return compared.assign(
        budget_previous_mnok=compared["budget_previous_mnok"].mask(compared["project_id"].isin(before)),
        budget_current_mnok=compared["budget_current_mnok"].mask(compared["project_id"].isin(after)))


def projects_missing_a_budget(compared: pd.DataFrame, previous_known: bool, current_known: bool) -> int:
    """Projects without a budget in a period they are in (and that publishes budgets): a joiner has no
    previous budget because it did not exist then, a leaver no current one; neither is missing."""
    in_previous = compared["change"].isin([LEFT, CONTINUING])
    in_current = compared["change"].isin([JOINED, CONTINUING])
    missing_before = in_previous & compared["budget_previous_mnok"].isna() & previous_known
    missing_now = in_current & compared["budget_current_mnok"].isna() & current_known
    return int((missing_before | missing_now).sum())


def budget_by(data, period: str, by: str) -> pd.DataFrame:
    """Budget and project count per ``actor``, ``actor_group`` or ``strategic_area`` in one period
    (Figur 1 and 2), with zero and missing budgets counted, largest first."""
    pf = as_portfolio(data)
    rows = pf.rows(period)
    published = pf.values_published(period)
    apart = other_year(pf, period, rows)
    grouped = rows.assign(budget_mnok=rows["budget_mnok"].mask(apart), other_year=apart).groupby(
        by, dropna=False, observed=True)
    frame = pd.DataFrame({
        "projects": grouped.size(),
        "budget_mnok": grouped["budget_mnok"].sum(min_count=1) if published else float("nan"),
        "zero_budgets": grouped["budget_mnok"].apply(lambda b: int((b == 0).sum())),
        "missing_budgets": grouped["budget_mnok"].apply(lambda b: int(b.isna().sum())) - grouped["other_year"].sum(),
        "other_year_budgets": grouped["other_year"].sum().astype(int),
    }).reset_index()
    total = frame["budget_mnok"].sum()
    frame["budget_share"] = frame["budget_mnok"] / total if published and total else float("nan")
    if by == "actor":
        frame.insert(1, "actor_group", frame["actor"].map(rows.drop_duplicates("actor").set_index("actor")["actor_group"]))
    if by == "strategic_area":
        frame.insert(1, "strategic_area_name", area_names(pf, frame["strategic_area"]))
    return frame.sort_values(["budget_mnok", "projects", by], ascending=[False, False, True]).reset_index(drop=True)


def area_names(pf: Portfolio, areas: pd.Series) -> pd.Series:
    """The name of each strategic area (``1`` -> ``Digitalisering av arbeidsprosesser``); NA where not named."""
    if "strategic_area_name" not in pf.panel:
        return pd.Series(pd.NA, index=areas.index, dtype="string")
    names = pf.panel.dropna(subset=["strategic_area"]).drop_duplicates("strategic_area")
    return areas.map(names.set_index("strategic_area")["strategic_area_name"]).astype("string")


def budget_change(data, current: str | None = None, previous: str | None = None) -> pd.DataFrame:
    """The change of the budget compared like with like: one row per ``basis``, ``published`` (the totals
    the periods' reports publish) and ``rows`` (the sums of the project rows), with ``previous_mnok``,
    ``current_mnok`` and ``change_mnok``; NaN where a period does not have that total."""
    comparison = compare(data, current, previous)
    totals = budget_totals(comparison.pf).set_index("report_period")
    rows = []
    for basis, column in (("published", "budget_published_mnok"), ("rows", "budget_rows_mnok")):
        before, after = float(totals.loc[comparison.previous, column]), float(totals.loc[comparison.current, column])
        rows.append({"basis": basis, "previous_mnok": before, "current_mnok": after, "change_mnok": after - before})
    return pd.DataFrame(rows)


def largest_changes(data, current: str | None = None, previous: str | None = None,
                    n: int | None = None) -> pd.DataFrame:
    """Every continuing project whose budget changed between two periods it has a budget in, by change
    (``change_mnok``): the increases first, largest first, then the decreases, the largest last. ``n`` keeps
    only the ``n`` largest increases and the ``n`` largest decreases; by default every row is returned."""
    comparison = compare(data, current, previous)
    compared = in_period_years(comparison.rows, comparison.pf, comparison.previous, comparison.current)
    rows = compared[(compared["change"] == CONTINUING) & compared["budget_previous_mnok"].notna()
                    & compared["budget_current_mnok"].notna()]
    rows = rows.assign(change_mnok=rows["budget_current_mnok"] - rows["budget_previous_mnok"])
    rows = rows[rows["change_mnok"] != 0]
    rows = rows[["project_id", "project_name", "actor", "budget_previous_mnok", "budget_current_mnok",
                 "change_mnok"]].sort_values("change_mnok", ascending=False)
    if n is not None:
        rises, falls = rows[rows["change_mnok"] > 0], rows[rows["change_mnok"] < 0]
        rows = pd.concat([first_rows(rises, n), first_rows(falls.iloc[::-1], n).iloc[::-1]])
    return rows.reset_index(drop=True)


def first_rows(rows: pd.DataFrame, n: int | None) -> pd.DataFrame:
    """The first ``n`` rows, or every row where ``n`` is None (no list is cut unless the caller asks)."""
    if n is None:
        return rows
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
        raise ValueError(f"n must be a whole number of rows, 0 or more, or None for every row; got {n!r}")
    return rows.head(int(n))


@dataclass(frozen=True)
class BudgetDecline:
    """Every table of the budget-decline analysis."""

    current: str
    previous: str
    totals: pd.DataFrame
    bridge: pd.DataFrame
    change: pd.DataFrame  # the change per basis, like with like (budget_change)
    by_actor: pd.DataFrame
    by_group: pd.DataFrame
    by_strategic_area: pd.DataFrame
    increases: pd.DataFrame  # every continuing project whose budget rose, largest first (``n=``: the n largest)
    decreases: pd.DataFrame  # every continuing project whose budget fell, largest fall first
    notes: list[str] = field(default_factory=list)


def budget_decline(data, current: str | None = None, previous: str | None = None,
                   n: int | None = None) -> BudgetDecline:
    """``pa.budget_decline(pf, current="2020-04", previous="2020-01")``, or of a :class:`compare.Comparison`.
    ``increases`` and ``decreases`` hold every continuing project whose budget rose or fell; ``n`` keeps the
    ``n`` largest of each."""
    comparison = compare(data, current, previous)
    pf, current, previous = comparison.pf, comparison.current, comparison.previous
    changes = largest_changes(comparison)
    notes = [f"{period} publishes no per-project budgets: its total is the published one and the steps that "
             "need per-project figures are unknown." for period in (previous, current) if not pf.values_published(period)]
    for period in dict.fromkeys((previous, current)):
        apart = int(other_year(pf, period, pf.rows(period)).sum())
        if apart:
            notes.append(f"{period}: {apart} budget(s) for another year than the period's "
                         f"{period_budget_year(pf, period)} are counted apart, in no total or step.")
    return BudgetDecline(
        current=current, previous=previous, totals=up_to(budget_totals(pf), current), bridge=budget_bridge(comparison),
        change=budget_change(comparison),
        by_actor=budget_by(pf, current, "actor"), by_group=budget_by(pf, current, "actor_group"),
        by_strategic_area=budget_by(pf, current, "strategic_area"),
        increases=first_rows(changes[changes["change_mnok"] > 0], n).reset_index(drop=True),
        decreases=first_rows(changes[changes["change_mnok"] < 0].sort_values("change_mnok"), n)
        .reset_index(drop=True),
        notes=notes,
    )
