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
    gaps = {row["report_period"]: gap_sentence(ctx, row) for _, row in decline.totals.iterrows()
            if row["report_period"] in (ctx.previous, ctx.period) and gap_sentence(ctx, row)}
    if like:
        sentences = [change_sentence(ctx, like[0], change.loc[like[0]])]
        if same_basis(decline.bridge) == like[0]:
            sentences += [steps_sentence(ctx, shown_steps(decline.bridge))]
        sentences += [other_totals(ctx, basis, change.loc[basis], gaps) for basis in change.index if basis != like[0]]
    elif change[["previous_mnok", "current_mnok"]].notna().any(axis=None):
        sentences = [t(ctx, "budget.takeaway.no_common_basis")]
        sentences += [other_totals(ctx, basis, change.loc[basis], gaps) for basis in change.index]
    else:
        sentences = [t(ctx, "budget.takeaway.unknown")]
    sentences += list(gaps.values())
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


def same_basis(bridge: pd.DataFrame) -> str | None:
    """The basis both of the bridge's totals are on (``rows``, ``published``), None where they differ."""
    bases = set(bridge.loc[bridge["step"].isin(TOTALS), "basis"])
    return bases.pop() if len(bases) == 1 else None


def other_totals(ctx: Context, basis: str, row: pd.Series, gaps: dict | None = None) -> str:
    """``Sum av prosjektene: 1 571 mill. kr i april 2020.``; nothing where neither period has that total, or where
    the period's sentence on the gap between its totals (``gaps``, by period) gives it."""
    amounts = [t(ctx, "budget.takeaway.amount_in", amount=money(ctx, row[column]), period=period_name(ctx, period))
               for column, period in (("previous_mnok", ctx.previous), ("current_mnok", ctx.period))
               if not fmt.is_missing(row[column]) and period not in (gaps or {})]
    what = t(ctx, "label.published_total" if basis == "published" else "label.rows_total")
    return t(ctx, "budget.takeaway.other", what=what, amounts="; ".join(amounts)) if amounts else ""


def steps_sentence(ctx: Context, bridge: pd.DataFrame) -> str:
    """The bridge's named steps (``Trinn for trinn: prosjekter som gikk ut −104 mill. kr, …``), the part no project
    explains among them where the bridge shows it; nothing where no step between the totals is known."""
    steps = bridge.set_index("step")["amount_mnok"]
    between = steps.drop(list(TOTALS), errors="ignore")
    if between.isna().all():
        return ""
    words = {name: money(ctx, steps.get(name), True) if not fmt.is_missing(steps.get(name))
             else t(ctx, "label.unknown").lower() for name in ("left", "joined", "continuing_change", "unknown")}
    return t(ctx, "budget.steps_unassigned" if "unknown" in steps else "budget.steps", left=words["left"],
             joined=words["joined"], continuing=words["continuing_change"], unknown=words["unknown"])


def gap_sentence(ctx: Context, row: pd.Series) -> str:
    """Where a period has both the sum of its project rows and a published total that differ: both, and that the
    sources do not say what the difference is (they do not: the April 2020 report publishes 1,56 milliarder
    beside rows that sum to 1 571)."""
    if fmt.is_missing(row["difference_mnok"]) or abs(row["difference_mnok"]) < 0.5:
        return ""
    return t(ctx, "budget.gap", period_name=period_name(ctx, row["report_period"]),
             rows=money(ctx, row["budget_rows_mnok"]), published=money(ctx, row["budget_published_mnok"]),
             difference=money(ctx, abs(row["difference_mnok"])))


def bridge_takeaway(ctx: Context, bridge: pd.DataFrame) -> str:
    """Which totals the bridge joins, then what its part that no project explains holds (the steps themselves are
    the page's lede: :func:`budget_takeaway`)."""
    totals = bridge.set_index("step")
    joins = t(ctx, "budget.bridge.joins", previous_total=money(ctx, totals.loc["previous_total", "amount_mnok"]),
              current_total=money(ctx, totals.loc["current_total", "amount_mnok"]),
              previous_basis=total_word(ctx, totals.loc["previous_total", "basis"]),
              current_basis=total_word(ctx, totals.loc["current_total", "basis"]))
    if same_basis(bridge) is None:  # the lede compares like with like, so the steps are said here
        joins += " " + t(ctx, "budget.bridge.mixed_bases") + " " + steps_sentence(ctx, bridge)
    if "unknown" not in totals.index:
        return joins + " " + t(ctx, "budget.bridge.takeaway_all_assigned")
    missing = totals.loc["unknown", "projects"]
    return joins + " " + t(ctx, "budget.bridge.takeaway" if missing else "budget.bridge.takeaway_uncomputed", unknown=money(ctx, totals.loc["unknown", "amount_mnok"], True),
                           projects=totals.loc["unknown", "projects"])


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
                         unknown=t(ctx, "label.unknown").lower(),
                         step_label=t(ctx, "budget.axis_steps", unit=unit_label(ctx)))
    takeaway = bridge_takeaway(ctx, bridge)
    rows = [[step_name(ctx, r["step"]), money(ctx, r["amount_mnok"], r["step"] not in TOTALS), r["projects"],
             step_note(ctx, r)] for _, r in bridge.iterrows()]
    data = table(title, [t(ctx, "label.step"), t(ctx, "label.amount"), t(ctx, "label.projects"),
                         t(ctx, "budget.bridge.note")],
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
