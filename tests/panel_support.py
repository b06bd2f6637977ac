"""Small hand-made portfolios for the analyses' tests: a panel with the issue-22 columns (planned dates, money,
markers, comments) built from a few dicts, one per project per period, wrapped in a :class:`pa.Portfolio`."""

from __future__ import annotations

import pandas as pd

import portfolio_analysis as pa

LABELS = ["Green", "Amber", "Red"]
TEXT = ["report_period", "project_id", "project_name", "actor", "actor_group", "carried_from",
        "planned_start", "planned_end", "planned_start_marker", "planned_end_marker", "whole_life_cost_marker",
        "forecast_marker", "budget_marker", "status_comment", "risk_comment", "schedule_comment", "cost_comment",
        "forecast_comment"]
MONEY = ["budget_mnok", "budget", "budget_next_year", "forecast", "whole_life_cost", "benefits"]


def hand_portfolio(rows: list[dict], unpublished: tuple[str, ...] = (), name: str = "hand",
                   without: tuple[str, ...] = ()) -> pa.Portfolio:
    """A portfolio of ``rows`` (each at least ``report_period`` and ``project_id``); a column no row gives is
    NA; ``unpublished`` periods publish no per-project values; ``without`` leaves columns out of the panel."""
    panel = pd.DataFrame(rows)
    defaults = {"project_name": panel["project_id"].map(lambda pid: f"Project {pid}"), "actor": "Org A",
                "actor_group": "andre", "strategic_area": pd.NA, "status": "Amber", "risk": "Amber",
                "is_reported": True}
    for column, value in defaults.items():
        if column not in panel:
            panel[column] = value
    for column in TEXT:
        if column not in panel:
            panel[column] = pd.NA
        panel[column] = panel[column].astype("string")
    for column in MONEY:
        panel[column] = panel[column].astype("Float64") if column in panel else pd.array([pd.NA] * len(panel),
                                                                                          dtype="Float64")
    panel["strategic_area"] = panel["strategic_area"].astype("Int64")
    panel["is_reported"] = panel["is_reported"].astype("boolean")
    for column in ("status", "risk"):
        panel[column] = pd.Categorical(panel[column], categories=LABELS, ordered=True)
    panel = panel.drop(columns=list(without))
    periods = sorted(panel["report_period"].unique())
    table = pd.DataFrame({"report_period": periods,
                          "project_values_published": [p not in unpublished for p in periods],
                          "projects": [int((panel["report_period"] == p).sum()) for p in periods]})
    changes = pd.DataFrame(columns=["report_period", "change", "project_id", "destination"])
    return pa.Portfolio(name, panel, table, changes)
