"""Grouped figures across periods that keep an unknown value unknown.

pandas' ``groupby(...).sum()`` turns a group whose every value is unknown into 0: e-health January 2020
publishes no per-project budgets, so its budget per organisation would read 0.0. ``pivot`` returns NA
for such a group, whatever the aggregate, and sums, counts and averages only the values that are known.
"""

from __future__ import annotations

import pandas as pd

from ..api.portfolio import Portfolio

AGGREGATES = ("sum", "mean", "median", "min", "max", "count")


def pivot(data: Portfolio | pd.DataFrame, values: str = "budget_mnok", index: str | list[str] = "actor",
          columns: str = "report_period", aggfunc: str = "sum") -> pd.DataFrame:
    """``values`` aggregated per ``index`` (rows) and ``columns`` (default: one column per period, in period
    order): ``pa.pivot(panel, values="budget_mnok", index="actor_group")``.

    A cell is NA where its group has no known value (every value unknown or not reported, or no row at all);
    otherwise it aggregates the known values only. ``count`` counts the known values. Rows whose index is
    blank are kept, under an NA label, so no row drops out of the totals."""
    panel = data.panel if isinstance(data, Portfolio) else data
    keys = [*([index] if isinstance(index, str) else index), columns]
    check_arguments(panel, values, keys, aggfunc)
    grouped = panel.groupby(keys, observed=True, dropna=False, sort=True)[values]
    known = grouped.count()
    figures = grouped.agg(aggfunc).astype("Int64" if aggfunc == "count" else "Float64")
    table = figures.where(known > 0).unstack(columns)
    table.columns.name = columns
    return table


def check_arguments(panel: pd.DataFrame, values: str, keys: list[str], aggfunc: str) -> None:
    missing = [name for name in (values, *keys) if name not in panel.columns]
    if missing:
        raise ValueError(f"pivot: no column {', '.join(map(repr, missing))} in the panel; "
                         f"columns: {', '.join(panel.columns)}")
    if aggfunc not in AGGREGATES:
        raise ValueError(f"pivot: aggfunc {aggfunc!r} is not one of {', '.join(AGGREGATES)}")
    if aggfunc != "count" and not pd.api.types.is_numeric_dtype(panel[values]):
        raise ValueError(f"pivot: column {values!r} is not numeric ({panel[values].dtype}); "
                         f"use aggfunc='count' to count its known values")
