"""The risk page: where the risk sits, and the projects whose risk warns before their status does."""

from __future__ import annotations

import pandas as pd

from ...analysis.risk import RiskAnalysis
from ..catalogue import Context, area_label, context, rating, t
from ..html import Block, block, paragraph
from ..lists import carried_column, listed, project_table
from .ratings import count_table, rating_distribution_figure, rating_moves, rating_trend_figure, transitions_figure
from .shared import ratings_columns, reason_column
from .top import heading

__all__ = ["context", "heading", "risk_takeaway", "rating_distribution_figure", "rating_trend_figure",
           "status_by_risk_table", "risk_lists", "transitions_figure", "rating_moves", "risk_by_actor_table",
           "risk_by_area_table"]


def risk_takeaway(ctx: Context, risk: RiskAnalysis) -> Block:
    text = t(ctx, "risk.takeaway", red=len(risk.red_risk), warning=len(risk.early_warning), label=ctx.pf.labels[-1])
    return block(paragraph(text, "headline"))


def status_by_risk_table(ctx: Context, risk: RiskAnalysis) -> Block:
    return count_table(ctx, risk.status_by_risk, t(ctx, "risk.status_by_risk"), lambda value: rating(ctx, value))


def risk_lists(ctx: Context, risk: RiskAnalysis) -> Block:
    worst = ctx.pf.labels[-1]
    lists = {t(ctx, "overview.red_risk", label=worst): risk.red_risk,
             t(ctx, "risk.early_warning", label=worst): risk.early_warning}
    columns = ratings_columns(ctx)
    return block(*(project_table(ctx, frame, caption,
                                 {**columns, **carried_column(ctx, frame), **reason_column(ctx, frame)})
                   for caption, frame in lists.items()),
                 data=pd.concat([listed(frame, caption) for caption, frame in lists.items()], ignore_index=True))


def risk_by_actor_table(ctx: Context, risk: RiskAnalysis) -> Block:
    return count_table(ctx, risk.by_actor, t(ctx, "risk.by_actor"), lambda value: value)


def risk_by_area_table(ctx: Context, risk: RiskAnalysis) -> Block:
    """Projects per risk in each strategic area, the area by its number and name."""
    names = risk.by_strategic_area["strategic_area_name"]
    counts = risk.by_strategic_area.drop(columns="strategic_area_name")
    shown = count_table(ctx, counts, t(ctx, "risk.by_area"), lambda area: area_label(ctx, area, names.get(area)))
    return block(shown, data=risk.by_strategic_area)
