"""A one-row-per-period overview of a built portfolio, as the build prints it."""

from __future__ import annotations

import pandas as pd


def summarise_periods(panel: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Per period: projects, status and risk counts (``not_reported`` counted on its own), budget sum of
    the rows and, where the period publishes one, the published total. Unknown values stay NA."""
    rows = []
    for period in periods.itertuples(index=False):
        projects = panel[panel["report_period"] == period.report_period]
        row = {"report_period": period.report_period, "projects": len(projects),
               "project_values_published": bool(period.project_values_published)}
        for column in ("status", "risk"):
            counts = projects[column].value_counts(sort=False)
            for label in projects[column].cat.categories:
                row[f"{column}_{label}"] = int(counts.get(label, 0)) if period.project_values_published else pd.NA
            row[f"{column}_not_reported"] = (int(projects[column].isna().sum()) if period.project_values_published
                                             else pd.NA)
        row["budget_rows_mnok"] = projects["budget_mnok"].sum() if period.project_values_published else pd.NA
        row["budget_published_mnok"] = getattr(period, "published_budget_mnok", pd.NA)
        rows.append(row)
    return pd.DataFrame(rows)


def describe_period(row: pd.Series, labels: list[str]) -> str:
    """One line of plain English for the build's printout."""
    text = f"{row['report_period']}  {row['projects']:>4} projects"
    if not row["project_values_published"]:
        text += "  per-project status, risk and budget not published (unknown)"
    else:
        for column in ("status", "risk"):
            counts = ", ".join(f"{row[f'{column}_{label}']} {label}" for label in labels)
            text += f"  {column}: {counts}, {row[f'{column}_not_reported']} not reported;"
        text += f"  budget of the rows {row['budget_rows_mnok']:,.0f}"
    if pd.notna(row["budget_published_mnok"]):
        text += f" (published total {row['budget_published_mnok']:,.0f})"
    return text
