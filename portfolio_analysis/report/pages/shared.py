"""Blocks shown on more than one page: budget per organisation, and the projects that did not report."""

from __future__ import annotations

import pandas as pd

from ... import formatting as fmt
from ...budget import budget_by
from ...status import StatusChange
from ..catalogue import Context, money, rating, share, t, unit_label
from ..charts import GROUP_COLOURS, new_figure, png_of
from ..html import Block, block, figure, table
from ..lists import Column, carried_column, project_table, rating_column


def actor_budget_table(ctx: Context, frame: pd.DataFrame):
    headers = [t(ctx, "label.actor_short"), t(ctx, "label.group"), t(ctx, "label.projects"),
               t(ctx, "label.budget", year=ctx.year), t(ctx, "label.share"), t(ctx, "label.zero_budgets"),
               t(ctx, "label.missing_budgets")]
    rows = [[r["actor"], r["actor_group"], r["projects"], money(ctx, r["budget_mnok"]),
             share(ctx, r["budget_share"], 1), r["zero_budgets"], r["missing_budgets"]] for _, r in frame.iterrows()]
    return table(t(ctx, "budget.by_actor"), headers, rows, {2, 3, 4, 5, 6})


def figure_budget_by_group(ctx: Context) -> Block:
    """Figur 2: cost per organisation, grouped (helseforvaltning, regionale helseforetak, andre)."""
    actors = budget_by(ctx.pf, ctx.period, "actor")
    groups = budget_by(ctx.pf, ctx.period, "actor_group")
    order = list(groups["actor_group"])
    actors = actors.assign(_group=actors["actor_group"].map({g: i for i, g in enumerate(order)}))
    actors = actors.sort_values(["_group", "budget_mnok"], ascending=[False, True])
    title = t(ctx, "overview.figure2.title")
    chart, axes = new_figure(title, height=0.35 * len(actors) + 1.4)
    colours = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(order)}
    for group in order[::-1]:
        part = actors[actors["actor_group"] == group]
        axes.barh(part["actor"].astype(str), part["budget_mnok"].fillna(0), color=colours[group], label=group)
    for y, budget in enumerate(actors["budget_mnok"]):
        axes.text(0 if pd.isna(budget) else budget, y, "  " + fmt.number(budget, ctx.language), va="center", fontsize=8)
    axes.set_xlabel(f'{t(ctx, "label.budget", year=ctx.year)} ({unit_label(ctx)})')
    axes.set_ylabel(t(ctx, "label.actor_short"))
    handles, labels = axes.get_legend_handles_labels()
    axes.legend(handles[::-1], labels[::-1], title=t(ctx, "label.group"), fontsize=8, loc="lower right")
    top = groups.iloc[0] if len(groups) else None
    takeaway = t(ctx, "overview.figure2.takeaway", group=top["actor_group"], share=share(ctx, top["budget_share"]),
                 amount=money(ctx, top["budget_mnok"])) if top is not None else t(ctx, "label.none")
    headers = [t(ctx, "label.group"), t(ctx, "label.projects"), t(ctx, "label.budget", year=ctx.year),
               t(ctx, "label.share")]
    rows = [[r["actor_group"], r["projects"], money(ctx, r["budget_mnok"]), share(ctx, r["budget_share"], 1)]
            for _, r in groups.iterrows()]
    alt = t(ctx, "overview.figure2.alt", groups=", ".join(order))
    return block(figure(png_of(chart), alt, title, t(ctx, "label.takeaway"), takeaway, t(ctx, "label.data_behind"),
                        table(title, headers, rows, {1, 2, 3})), data=groups)


def not_reported(ctx: Context, change: StatusChange) -> Block:
    """Projects the period says did not report (values carried forward), or where that is unclear."""
    def reporting(value):
        return t(ctx, "label.is_reported_unknown" if fmt.is_missing(value) else "label.is_reported_false")
    shown = change.carried_forward.drop(columns=[c for c in ("status", "risk") if c not in ctx.pf.rated])
    columns = {column: rating_column(ctx, t(ctx, f"label.{column}")) for column in ctx.pf.rated}
    columns["is_reported"] = Column(t(ctx, "label.reporting"), reporting)
    return block(project_table(ctx, shown, t(ctx, "overview.not_reported"), {**columns, **carried_column(ctx, shown)}),
                 data=shown)


def ratings_columns(ctx: Context) -> dict[str, Column]:
    """The status and risk columns of a project list (risk only where the portfolio rates it)."""
    return {column: Column(t(ctx, f"label.{column}"), lambda value: rating(ctx, value)) for column in ctx.pf.rated}
