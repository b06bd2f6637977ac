"""The budget page: why the budget changed since the last period, step by step, and where it sits."""

from __future__ import annotations

import pandas as pd

from ... import formatting as fmt
from ...budget import BudgetDecline
from ..catalogue import Context, context, money, period_name, share, t, unit_label
from ..charts import budget_by_area_chart, bridge_chart, png_of
from ..html import Block, block, figure, paragraph, table
from ..lists import Column, listed, project_table
from .shared import actor_budget_table
from .top import heading

__all__ = ["context", "heading", "budget_takeaway", "bridge_figure", "budget_totals_table", "budget_by_area_figure",
           "budget_by_actor_table", "largest_changes"]
TOTALS = ("previous_total", "current_total")


def basis_word(ctx: Context, basis: str) -> str:
    return t(ctx, f"label.source_{basis}")


def budget_takeaway(ctx: Context, decline: BudgetDecline) -> Block:
    bridge = decline.bridge.set_index("step")
    before, after = bridge.loc["previous_total", "amount_mnok"], bridge.loc["current_total", "amount_mnok"]
    if fmt.is_missing(before) or fmt.is_missing(after):
        return block(paragraph(t(ctx, "budget.takeaway.unknown"), "headline"))
    key = "budget.takeaway.fell" if after < before else "budget.takeaway.rose"
    text = t(ctx, key, change=money(ctx, abs(after - before)), previous_total=money(ctx, before),
             current_total=money(ctx, after), previous_basis=basis_word(ctx, bridge.loc["previous_total", "basis"]),
             current_basis=basis_word(ctx, bridge.loc["current_total", "basis"]))
    zero = decline.totals.set_index("report_period").loc[ctx.period]
    counts = t(ctx, "budget.zero_and_missing", zero=fmt.number(zero["zero_budgets"], ctx.language),
               missing=fmt.number(zero["missing_budgets"], ctx.language),
               zero_not_reported=fmt.number(zero["zero_not_reported"], ctx.language))
    return block(paragraph(text, "headline"), paragraph(counts), data=decline.totals)


def step_name(ctx: Context, step: str) -> str:
    return t(ctx, f"budget.step.{step}")


def step_note(ctx: Context, row: pd.Series) -> str:
    step = row["step"]
    if step in TOTALS:
        return t(ctx, "budget.step.note.previous_total", basis=basis_word(ctx, row["basis"]))
    if step == "unknown":
        return t(ctx, "budget.step.note.unknown")
    if row["basis"] == "unknown":
        unpublished = ctx.previous if not ctx.pf.values_published(ctx.previous) else ctx.period
        return t(ctx, "budget.step.note.unknown_step", period_name=period_name(ctx, unpublished))
    return t(ctx, f"budget.step.note.{step}", projects=row["projects"])


def bridge_figure(ctx: Context, decline: BudgetDecline) -> Block:
    """Waterfall from the previous total to the current: unknown steps written as unknown, the part no
    project explains grey and hatched, both named in the legend."""
    bridge = shown_steps(decline.bridge)
    title = t(ctx, "budget.bridge.title")
    chart = bridge_chart(bridge, title=title, step_names={step: step_name(ctx, step) for step in bridge["step"]},
                         legend={word: t(ctx, f"budget.bridge.legend.{word}")
                                 for word in ("total", "rise", "fall", "unassigned")},
                         value_label=f'{t(ctx, "budget.axis")} ({unit_label(ctx)})', language=ctx.language,
                         unknown=t(ctx, "label.unknown").lower())
    steps = bridge.set_index("step")["amount_mnok"]
    takeaway = t(ctx, "budget.bridge.takeaway" if "unknown" in steps else "budget.bridge.takeaway_all_assigned",
                 left=money(ctx, steps["left"], True), joined=money(ctx, steps["joined"], True),
                 continuing=money(ctx, steps["continuing_change"], True),
                 unknown=money(ctx, steps.get("unknown"), True))
    rows = [[step_name(ctx, r["step"]), money(ctx, r["amount_mnok"], r["step"] not in TOTALS), r["projects"],
             step_note(ctx, r)] for _, r in bridge.iterrows()]
    data = table(title, [t(ctx, "label.change"), t(ctx, "label.budget_plain"), t(ctx, "label.projects"), ""],
                 rows, {1, 2})
    return block(figure(png_of(chart), t(ctx, "budget.bridge.alt"), title, t(ctx, "label.takeaway"), takeaway,
                        t(ctx, "label.data_behind"), data), data=bridge)


def shown_steps(bridge: pd.DataFrame) -> pd.DataFrame:
    """The bridge as the page shows it: the step that cannot be assigned only when something is unknown
    (an amount, or a project without a budget), never as "0 mill. kr, 0 projects"."""
    amount = bridge["amount_mnok"]
    nothing = (bridge["step"] == "unknown") & (bridge["projects"] == 0) & amount.notna() & (amount.abs() < 1e-9)
    return bridge[~nothing].reset_index(drop=True)


def budget_totals_table(ctx: Context, decline: BudgetDecline) -> Block:
    headers = [t(ctx, "label.period"), t(ctx, "label.projects"), t(ctx, "label.rows_total"),
               t(ctx, "label.published_total"), t(ctx, "label.difference"), t(ctx, "label.zero_budgets"),
               t(ctx, "label.missing_budgets")]
    rows = [[period_name(ctx, r["report_period"]), r["projects"], money(ctx, r["budget_rows_mnok"]),
             money(ctx, r["budget_published_mnok"]), money(ctx, r["difference_mnok"], True),
             fmt.number(r["zero_budgets"], ctx.language), fmt.number(r["missing_budgets"], ctx.language)]
            for _, r in decline.totals.iterrows()]
    return block(table(t(ctx, "budget.totals"), headers, rows, {1, 2, 3, 4, 5, 6}), data=decline.totals)


def budget_by_area_figure(ctx: Context, decline: BudgetDecline) -> Block:
    """Budget per strategic area; nothing for a portfolio whose projects name no strategic area."""
    frame = decline.by_strategic_area.copy()
    if frame["strategic_area"].isna().all():
        return block()
    names = ctx.pf.panel.drop_duplicates("strategic_area").set_index("strategic_area")["strategic_area_name"]
    frame["name"] = [f"{int(a)} {names.get(a, '')}" if not fmt.is_missing(a) else t(ctx, "label.unknown")
                     for a in frame["strategic_area"]]
    frame = frame.sort_values("budget_mnok", ascending=False, kind="stable").reset_index(drop=True)
    title = t(ctx, "budget.by_area.title")
    chart = budget_by_area_chart(frame, title=title,
                                 value_label=f'{t(ctx, "label.budget", year=ctx.year)} ({unit_label(ctx)})',
                                 name_label=t(ctx, "label.strategic_area"), language=ctx.language,
                                 unknown=t(ctx, "label.unknown").lower())
    top = frame.iloc[0]
    takeaway = t(ctx, "budget.by_area.takeaway", area=top["name"], amount=money(ctx, top["budget_mnok"]),
                 share=share(ctx, top["budget_share"]))
    rows = [[r["name"], r["projects"], money(ctx, r["budget_mnok"]), share(ctx, r["budget_share"], 1)]
            for _, r in frame.iterrows()]
    data = table(title, [t(ctx, "label.strategic_area"), t(ctx, "label.projects"),
                         t(ctx, "label.budget", year=ctx.year), t(ctx, "label.share")], rows, {1, 2, 3})
    return block(figure(png_of(chart), t(ctx, "budget.by_area.alt"), title, t(ctx, "label.takeaway"), takeaway,
                        t(ctx, "label.data_behind"), data), data=frame)


def budget_by_actor_table(ctx: Context, decline: BudgetDecline) -> Block:
    return block(actor_budget_table(ctx, decline.by_actor), data=decline.by_actor)


def largest_changes(ctx: Context, decline: BudgetDecline) -> Block:
    if not (ctx.pf.values_published(ctx.previous) and ctx.pf.values_published(ctx.period)):
        return block(paragraph(t(ctx, "rating.unknown_moves", what=t(ctx, "label.budget_plain").lower()), "notice"))
    columns = {
        "budget_previous_mnok": Column(t(ctx, "label.budget_previous"), lambda v: money(ctx, v), numeric=True),
        "budget_current_mnok": Column(t(ctx, "label.budget_current"), lambda v: money(ctx, v), numeric=True),
        "change_mnok": Column(t(ctx, "label.change"), lambda v: money(ctx, v, True), numeric=True),
    }
    lists = {t(ctx, "budget.increases"): decline.increases, t(ctx, "budget.decreases"): decline.decreases}
    return block(*(project_table(ctx, frame, caption, columns) for caption, frame in lists.items()),
                 data=pd.concat([listed(frame, caption) for caption, frame in lists.items()], ignore_index=True))
