"""The schedule-and-cost page: whose planned end moved and by how much, how the sum of the whole-life costs moved
in named steps, and the year's forecast against its budget, each list with the owner's own narrative."""

from __future__ import annotations

from .. import formatting as fmt
from ...analysis.cost import CostChange, InYear, cost_change as analysed_cost_change, in_year as analysed_in_year
from ...analysis.schedule import ScheduleChange, schedule_change as analysed_schedule_change
from ..catalogue import Context, context, money, period_name, t
from ..charts import png_of, slip_chart
from ..comments import short_comment
from ..html import Block, block, figure, paragraph, table
from ..lists import Column, project_table
from .top import heading

__all__ = ["context", "heading", "schedule_change", "cost_change", "in_year", "schedule_takeaway", "slip_figure", "largest_slips", "cost_takeaway", "cost_bridge_table",
           "largest_rises", "in_year_takeaway"]


def schedule_change(ctx: Context) -> ScheduleChange | None:
    """:func:`pa.schedule_change` of the compared periods; None where neither gives a planned end date."""
    return analysed_schedule_change(ctx.comparison) if ctx.comparison.gives("planned_end") else None


def cost_change(ctx: Context) -> CostChange | None:
    """:func:`pa.cost_change` of the compared periods; None where neither gives a whole-life cost."""
    return analysed_cost_change(ctx.comparison) if ctx.comparison.gives("whole_life_cost") else None


def in_year(ctx: Context) -> InYear | None:
    """:func:`pa.in_year` of the period; None where it gives no forecast for the year."""
    return analysed_in_year(ctx.comparison) if ctx.comparison.gives("forecast", ("current",)) else None


def names(ctx: Context) -> dict[str, str]:
    return {"previous_name": period_name(ctx, ctx.previous), "period_name": period_name(ctx, ctx.period)}


def months(ctx: Context, value) -> str:
    return fmt.number(value, ctx.language, decimals=1)


def narrative(ctx: Context, header: str) -> Column:
    """The owner's narrative in short (report/comments.py), or 'ingen kommentar'."""
    none = t(ctx, "label.no_comment")
    return Column(header, lambda value: short_comment(value, ctx.pf.comment_preambles) or none)


def schedule_takeaway(ctx: Context, change: ScheduleChange | None) -> Block:
    """How many end dates moved later, earlier or not, the median and mean slip, and who is past its end; or that
    no project gives a planned end date."""
    if change is None:
        return block(paragraph(t(ctx, "schedule.none", **names(ctx)), "headline"))
    if change.compared == 0:
        text = t(ctx, "schedule.first_dates", dated=len(change.dated), **names(ctx))
        return block(paragraph(text, "headline"), data=change.projects)
    text = t(ctx, "schedule.takeaway", compared=change.compared,
             later=change.later, earlier=change.earlier, unchanged=change.unchanged,
             median=months(ctx, change.median_slip_months), mean=months(ctx, change.mean_slip_months),
             not_comparable=change.not_comparable)
    past = paragraph(t(ctx, "schedule.past_end", count=len(change.past_end))) if len(change.past_end) else None
    return block(paragraph(text, "headline"), past, data=change.projects)


CHARTED = 15  # slips drawn: the chart's own number; the table below lists every one


def slip_figure(ctx: Context, change: ScheduleChange | None) -> Block:
    """The largest slips as dots and arrows, old end date to new, with the numbers behind the chart."""
    shown = change.largest.head(CHARTED) if change is not None else None
    if shown is None or shown.empty:
        return block()
    title = t(ctx, "schedule.chart.title", count=len(shown))
    chart = slip_chart(list(shown["project_name"].astype(str)), list(shown["previous_end"]),
                       list(shown["current_end"]), title=title,
                       before_label=t(ctx, "label.previous_end"), after_label=t(ctx, "label.current_end"),
                       axis_label=t(ctx, "label.year"))
    first = shown.iloc[0]
    takeaway = t(ctx, "schedule.chart.takeaway", project=first["project_name"],
                 before=fmt.planned_date(first["previous_end"], ctx.language),
                 after=fmt.planned_date(first["current_end"], ctx.language), months=months(ctx, first["months"]))
    rows = [[r["project_name"], fmt.planned_date(r["previous_end"], ctx.language),
             fmt.planned_date(r["current_end"], ctx.language), months(ctx, r["months"])] for _, r in shown.iterrows()]
    data = table(title, [t(ctx, "label.project"), t(ctx, "label.previous_end"), t(ctx, "label.current_end"),
                         t(ctx, "label.months_later")], rows, {3})
    return block(figure(png_of(chart), t(ctx, "schedule.chart.alt"), title, t(ctx, "label.takeaway"), takeaway,
                        t(ctx, "label.data_behind"), data), data=shown)


def largest_slips(ctx: Context, change: ScheduleChange | None) -> Block:
    """Every project whose planned end moved later, the largest slip first, with its schedule narrative; where no
    project has an end date in both periods, the period's planned end dates, the earliest first."""
    if change is None:
        return block()
    if change.compared == 0:
        return planned_ends(ctx, change)
    columns = {
        "previous_end": Column(t(ctx, "label.previous_end", **names(ctx)), lambda v: fmt.planned_date(v, ctx.language)),
        "current_end": Column(t(ctx, "label.current_end", **names(ctx)), lambda v: fmt.planned_date(v, ctx.language)),
        "months": Column(t(ctx, "label.months_later"), lambda v: months(ctx, v), numeric=True),
        "schedule_comment": narrative(ctx, t(ctx, "label.reason")),
    }
    return block(project_table(ctx, change.largest, t(ctx, "schedule.largest"), columns), data=change.largest)


def planned_ends(ctx: Context, change: ScheduleChange) -> Block:
    """The period's projects with a planned end date, the earliest first, with their schedule narrative where
    any is given."""
    columns = {
        "current_end": Column(t(ctx, "label.current_end", **names(ctx)), lambda v: fmt.planned_date(v, ctx.language)),
    }
    if change.dated["schedule_comment"].notna().any():
        columns["schedule_comment"] = narrative(ctx, t(ctx, "label.reason"))
    return block(project_table(ctx, change.dated, t(ctx, "schedule.planned_ends", **names(ctx)), columns),
                 data=change.dated)


def bridge_amounts(cost: CostChange) -> dict[str, float]:
    return dict(zip(cost.bridge["step"], cost.bridge["amount"]))


def cost_takeaway(ctx: Context, cost: CostChange | None) -> Block:
    """The sum of the whole-life costs and each named step that moved it: never a bare net; or that no project
    gives a whole-life cost."""
    if cost is None:
        return block(paragraph(t(ctx, "cost.none", **names(ctx)), "headline"))
    steps = bridge_amounts(cost)
    text = t(ctx, "cost.takeaway", previous_total=money(ctx, steps["previous_total"]),
             current_total=money(ctx, steps["current_total"]), up=money(ctx, steps["continuing_up"]),
             down=money(ctx, -steps["continuing_down"]), joined=money(ctx, steps["joined"]),
             left=money(ctx, -steps["left"]), withheld=money(ctx, -steps["newly_withheld"]),
             given=money(ctx, steps["newly_given"]))
    return block(paragraph(text, "headline"), data=cost.bridge)


def cost_bridge_table(ctx: Context, cost: CostChange | None) -> Block:
    """The bridge's named steps as a table that adds up: each step's amount, signed, and its projects."""
    if cost is None:
        return block()
    rows = [[t(ctx, f"cost.step.{r['step']}", **names(ctx)), r["projects"],
             money(ctx, r["amount"], r["step"] not in ("previous_total", "current_total"))]
            for _, r in cost.bridge.iterrows()]
    shown = table(t(ctx, "cost.bridge", **names(ctx)), [t(ctx, "label.step"), t(ctx, "label.projects"),
                                                   t(ctx, "label.amount")], rows, {1, 2})
    return block(shown, data=cost.bridge)


def largest_rises(ctx: Context, cost: CostChange | None) -> Block:
    """Every project in both periods whose whole-life cost rose, the largest rise first, with its cost narrative."""
    if cost is None:
        return block()
    rises = cost.projects[cost.projects["move"] == "increased"].sort_values("change", ascending=False)
    columns = {
        "previous_cost": Column(t(ctx, "label.cost_previous", **names(ctx)), lambda v: money(ctx, v), numeric=True),
        "current_cost": Column(t(ctx, "label.cost_current", **names(ctx)), lambda v: money(ctx, v), numeric=True),
        "change": Column(t(ctx, "label.change"), lambda v: money(ctx, v, True), numeric=True),
        "cost_comment": narrative(ctx, t(ctx, "label.reason")),
    }
    return block(project_table(ctx, rises, t(ctx, "cost.rises"), columns), data=rises)


def in_year_takeaway(ctx: Context, in_year: InYear | None) -> Block:
    """The year's forecast against its budget: how many more than 5 % over and under, and the sums; or that the
    period gives no forecast."""
    if in_year is None:
        return block(paragraph(t(ctx, "in_year.none", **names(ctx))))
    both = in_year.over + in_year.under + in_year.within
    text = t(ctx, "in_year.takeaway", period_name=period_name(ctx, ctx.period), over=in_year.over,
             under=in_year.under, within=in_year.within, both=both, budget_total=money(ctx, in_year.budget_total),
             forecast_total=money(ctx, in_year.forecast_total), not_comparable=in_year.not_comparable)
    return block(paragraph(text, "headline"), data=in_year.projects)
