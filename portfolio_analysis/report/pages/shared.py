"""Blocks shown on more than one page: budget per organisation and group, the projects that did not report,
and the changes of rating scale a page's periods span (a sentence, and the breaks its charts mark)."""

from __future__ import annotations

import pandas as pd

from .. import formatting as fmt
from ...analysis.scales import ScaleChange, scale_changes
from ...analysis.status import StatusChange
from ..catalogue import Context, money, period_name, rating, rating_word, share, t
from ..comments import short_comment
from ..html import Block, block, paragraph, table
from ..lists import Column, carried_column, project_table, rating_column


def actor_budget_table(ctx: Context, frame: pd.DataFrame):
    headers = [t(ctx, "label.actor_short"), t(ctx, "label.group"), t(ctx, "label.projects"),
               t(ctx, "label.budget", year=ctx.year), t(ctx, "label.share"), t(ctx, "label.zero_budgets"),
               t(ctx, "label.missing_budgets")]
    rows = [[r["actor"], r["actor_group"], r["projects"], money(ctx, r["budget_mnok"]),
             share(ctx, r["budget_share"], 1), r["zero_budgets"], r["missing_budgets"]] for _, r in frame.iterrows()]
    return table(t(ctx, "budget.by_actor"), headers, rows, {2, 3, 4, 5, 6})


def group_name(ctx: Context, group) -> str:
    """An organisation group as the page names it; a group the data does not give is unknown."""
    return t(ctx, "label.unknown").lower() if fmt.is_missing(group) else str(group)


def group_budget_table(ctx: Context, groups: pd.DataFrame):
    """Budget and projects per organisation group (``budget_by(…, "actor_group")``)."""
    headers = [t(ctx, "label.group"), t(ctx, "label.projects"), t(ctx, "label.budget", year=ctx.year),
               t(ctx, "label.share")]
    rows = [[group_name(ctx, r["actor_group"]), r["projects"], money(ctx, r["budget_mnok"]),
             share(ctx, r["budget_share"], 1)] for _, r in groups.iterrows()]
    return table(t(ctx, "overview.figure2.title"), headers, rows, {1, 2, 3})


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


def reason_column(ctx: Context, frame: pd.DataFrame) -> dict[str, Column]:
    """The owner's reason beside each project of a list (its ``comment``, in short: report/comments.py), or
    'ingen kommentar'; no column where the period's files hold no comments at all."""
    if "comment" not in frame or not ctx.pf.has_rating_comments(ctx.period):
        return {}
    none = t(ctx, "label.no_comment")
    return {"comment": Column(t(ctx, "label.reason"),
                              lambda value: short_comment(value, ctx.pf.comment_preambles) or none)}


def scale_change_note(ctx: Context, periods: list[str] | None = None, column: str = "status") -> Block:
    """One sentence per change of rating scale among ``periods`` (default: every period up to the
    report's): where it lies, that shares are not compared across it, and how single projects followed
    across it are read (the scale map), if at all. A change between the two periods the page compares is
    left to the page's heading, which states it already (:func:`top.scale_note`): said once per page."""
    span = periods if periods is not None else [p for p in ctx.pf.period_keys if p <= ctx.period]
    return block(*(paragraph(scale_change_sentence(ctx, change, column), "notice")
                   for change in scale_changes(ctx.pf, span)
                   if not ctx.previous <= change.previous < change.current <= ctx.period))


def scale_change_sentence(ctx: Context, change: ScaleChange, column: str = "status") -> str:
    what = t(ctx, f"word.{column}")
    pairs = "; ".join(f"{rating_word(ctx, label)} → {rating_word(ctx, target)}" for label, target in
                      change.merged.items())
    read_as = t(ctx, "page.scale_change.read_as", pairs=pairs) if pairs else \
        "" if change.mapping else t(ctx, "page.scale_change.no_map")
    return t(ctx, "page.scale_change", What=what[:1].upper() + what[1:], from_points=change.from_points,
             to_points=change.to_points, previous_name=period_name(ctx, change.previous),
             period_name=period_name(ctx, change.current), read_as=read_as)


def scale_breaks(ctx: Context, periods: list[str]) -> list[tuple[str, str]]:
    """What a chart over ``periods`` marks: (the first period on a new scale, the label of the break)."""
    return [(change.current, t(ctx, "page.scale_break", from_points=change.from_points, to_points=change.to_points))
            for change in scale_changes(ctx.pf, periods)]


def scale_breaks_alt(ctx: Context, periods: list[str]) -> str:
    """The sentences a chart's alt text adds for the breaks it marks ("" where there are none)."""
    return "".join(" " + t(ctx, "page.scale_break.alt", from_points=change.from_points, to_points=change.to_points,
                           previous_name=period_name(ctx, change.previous),
                           period_name=period_name(ctx, change.current))
                   for change in scale_changes(ctx.pf, periods))
