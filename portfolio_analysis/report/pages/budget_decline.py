"""The budget page: why the budget changed since the last period, step by step, and where it sits."""

from __future__ import annotations

import pandas as pd

from .. import formatting as fmt
from ...analysis.budget import BudgetDecline
from ..catalogue import Context, area_label, context, money, period_name, share, t, unit_label
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
    """The change of the budget between totals of the same basis (published totals first, else the sums of
    the project rows), then the totals of the other basis that the periods have."""
    change = decline.change.set_index("basis")
    like = [basis for basis in change.index if not fmt.is_missing(change.loc[basis, "change_mnok"])]
    if like:
        sentences = [change_sentence(ctx, like[0], change.loc[like[0]])]
        sentences += [other_totals(ctx, basis, change.loc[basis]) for basis in change.index if basis != like[0]]
    elif change[["previous_mnok", "current_mnok"]].notna().any(axis=None):
        sentences = [t(ctx, "budget.takeaway.no_common_basis")]
        sentences += [other_totals(ctx, basis, change.loc[basis]) for basis in change.index]
    else:
        sentences = [t(ctx, "budget.takeaway.unknown")]
    text = " ".join(sentence for sentence in sentences if sentence)
    zero = decline.totals.set_index("report_period").loc[ctx.period]
    counts = t(ctx, "budget.zero_and_missing", zero=fmt.number(zero["zero_budgets"], ctx.language),
               missing=fmt.number(zero["missing_budgets"], ctx.language))
    if not fmt.is_missing(zero["zero_not_reported"]) and zero["zero_not_reported"] > 0:  # only what there is
        counts += " " + t(ctx, "budget.zero_not_reported",
                          zero_not_reported=fmt.number(zero["zero_not_reported"], ctx.language))
    counts_known = not fmt.is_missing(zero["zero_budgets"])
    return block(paragraph(text, "headline"), paragraph(counts) if counts_known else None, data=decline.change)


def change_sentence(ctx: Context, basis: str, row: pd.Series) -> str:
    before, after = row["previous_mnok"], row["current_mnok"]
    key = "budget.takeaway." + ("fell" if after < before else "rose" if after > before else "same")
    return t(ctx, key, change=money(ctx, abs(after - before)), previous_total=money(ctx, before),
             current_total=money(ctx, after), basis=t(ctx, f"label.totals_{basis}"))


def other_totals(ctx: Context, basis: str, row: pd.Series) -> str:
    """``Sum av prosjektene: 1 571 mill. kr i april 2020.``; nothing where neither period has that total."""
    amounts = [t(ctx, "budget.takeaway.amount_in", amount=money(ctx, row[column]), period=period_name(ctx, period))
               for column, period in (("previous_mnok", ctx.previous), ("current_mnok", ctx.period))
               if not fmt.is_missing(row[column])]
    what = t(ctx, "label.published_total" if basis == "published" else "label.rows_total")
    return t(ctx, "budget.takeaway.other", what=what, amounts="; ".join(amounts)) if amounts else ""


def bridge_takeaway(ctx: Context, bridge: pd.DataFrame) -> str:
    """Which totals the bridge joins, then its steps."""
    totals = bridge.set_index("step")
    joins = t(ctx, "budget.bridge.joins", previous_total=money(ctx, totals.loc["previous_total", "amount_mnok"]),
              current_total=money(ctx, totals.loc["current_total", "amount_mnok"]),
              previous_basis=total_word(ctx, totals.loc["previous_total", "basis"]),
              current_basis=total_word(ctx, totals.loc["current_total", "basis"]))
    if totals.loc["previous_total", "basis"] != totals.loc["current_total", "basis"]:
        joins += " " + t(ctx, "budget.bridge.mixed_bases")
    steps = totals["amount_mnok"]
    return joins + " " + t(ctx, "budget.bridge.takeaway" if "unknown" in steps else "budget.bridge.takeaway_all_assigned",
                           left=money(ctx, steps["left"], True), joined=money(ctx, steps["joined"], True),
                           continuing=money(ctx, steps["continuing_change"], True),
                           unknown=money(ctx, steps.get("unknown"), True))


def total_word(ctx: Context, basis: str) -> str:
    return t(ctx, f"label.total_{basis}") if basis in ("published", "rows") else t(ctx, "label.unknown").lower()


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
    takeaway = bridge_takeaway(ctx, bridge)
    rows = [[step_name(ctx, r["step"]), money(ctx, r["amount_mnok"], r["step"] not in TOTALS), r["projects"],
             step_note(ctx, r)] for _, r in bridge.iterrows()]
    data = table(title, [t(ctx, "label.change"), t(ctx, "label.budget_plain"), t(ctx, "label.projects"), ""],
                 rows, {1, 2})
    return block(figure(png_of(chart), t(ctx, "budget.bridge.alt"), title, t(ctx, "label.takeaway"), takeaway,
                        t(ctx, "label.data_behind"), data), data=bridge)


def shown_steps(bridge: pd.DataFrame) -> pd.DataFrame:
    """The bridge as the page shows it: the step that cannot be assigned only when it holds an amount that
    shows as more than 0, never as "0 mill. kr" (projects without a budget are counted above the bridge)."""
    amount = bridge["amount_mnok"]
    nothing = (bridge["step"] == "unknown") & amount.notna() & (amount.abs() < 0.5)
    return bridge[~nothing].reset_index(drop=True)


def budget_totals_table(ctx: Context, decline: BudgetDecline) -> Block:
    """Per period the sum of the project rows beside the published total; the published total and the
    difference only where some period publishes a total, and "not published" for a period that does not."""
    totals = decline.totals
    has_published = totals["budget_published_mnok"].notna().any()
    headers = [t(ctx, "label.period"), t(ctx, "label.projects"), t(ctx, "label.rows_total")]
    headers += [t(ctx, "label.published_total"), t(ctx, "label.difference")] if has_published else []
    headers += [t(ctx, "label.zero_budgets"), t(ctx, "label.missing_budgets")]
    rows = []
    for _, r in totals.iterrows():
        published = [published_or_not(ctx, r["budget_published_mnok"]),
                     money(ctx, r["difference_mnok"], True) if not fmt.is_missing(r["budget_published_mnok"])
                     else ""] if has_published else []
        rows.append([period_name(ctx, r["report_period"]), r["projects"], money(ctx, r["budget_rows_mnok"]),
                     *published, fmt.number(r["zero_budgets"], ctx.language),
                     fmt.number(r["missing_budgets"], ctx.language)])
    caption = t(ctx, "budget.totals" if has_published else "budget.totals_rows")
    return block(table(caption, headers, rows, set(range(1, len(headers)))), data=totals)


def published_or_not(ctx: Context, amount) -> str:
    return t(ctx, "label.not_published") if fmt.is_missing(amount) else money(ctx, amount)


def budget_by_area_figure(ctx: Context, decline: BudgetDecline) -> Block:
    """Budget per strategic area; nothing for a portfolio whose projects name no strategic area."""
    frame = decline.by_strategic_area.copy()
    if frame["strategic_area"].isna().all():
        return block()
    frame["name"] = [area_label(ctx, area, name) for area, name in zip(frame["strategic_area"],
                                                                        frame["strategic_area_name"])]
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
    """Every continuing project whose budget rose, and every one whose budget fell, largest first: a list
    longer than the page's :data:`~portfolio_analysis.report.lists.LIST_LIMIT` shows its first entries, says
    how many of how many ("Viser de 25 første av 69.") and links the whole list beside the page."""
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
