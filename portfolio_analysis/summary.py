"""The build's printout: one line of plain English per period, from the same functions the reports use."""

from __future__ import annotations

import pandas as pd

from .budget import budget_totals
from .portfolio import EXEMPT, NOT_RATED, NOT_REPORTED, Portfolio
from .ratings import distribution


def period_lines(pf: Portfolio) -> list[str]:
    """``2020-04    52 projects  status: 18 Grønn, 31 Gul, 2 Rød, 1 not reported; …``."""
    counts = {column: distribution(pf, column).set_index(["report_period", "label"])["count"]
              for column in pf.rated}
    totals = budget_totals(pf).set_index("report_period")
    lines = []
    for period in pf.period_keys:
        text = f"{period}  {totals.loc[period, 'projects']:>4} projects"
        if not pf.values_published(period):
            text += "  per-project status, risk and budget not published (unknown)"
        else:
            for column, count in counts.items():
                labels = ", ".join(f"{count[period, label]} {label}" for label in pf.labels_of(period))
                reasons = ", ".join(f"{count[period, reason]} {reason.replace('_', ' ')}"
                                    for reason in (EXEMPT, NOT_RATED) if count.get((period, reason), 0))
                text += f"  {column}: {labels}, {reasons + ', ' if reasons else ''}{count[period, NOT_REPORTED]} not reported;"
            text += f"  budget of the rows {_thousands(totals.loc[period, 'budget_rows_mnok'])}"
        published = totals.loc[period, "budget_published_mnok"]
        if pd.notna(published):
            text += f" (published total {_thousands(published)})"
        lines.append(text)
    return lines


def _thousands(value) -> str:
    return "unknown" if pd.isna(value) else f"{value:,.0f}"
