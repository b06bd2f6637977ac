"""The history page: every period up to the report's, from ``pa.history``: the share per rating and the
money behind it (each period on its own scale, a change of scale marked and said once), the red bridge of
the pair the report compares, the projects that stay red, the attention timeline (red now first) and how
sticky ratings are and, per organisation, how many ratings have not changed for three or more periods; for status and, where the portfolio rates it, risk. A period without per-project
values stays unknown and is said to be."""

from __future__ import annotations

import pandas as pd

from ...analysis.history import History
from ...analysis.scales import compare_shares
from ...analysis.unchanged import SCALE_CHANGE, UNKNOWN_PERIOD, UnchangedRatings
from ..catalogue import Context, context, money, period_name, rating, rating_colour, rating_word, sentence, share, t
from ..charts import png_of
from ..html import Block, block, figure, paragraph, table
from ..lists import Column, project_table
from ..rating_charts import stacked_share_chart
from .shared import scale_breaks, scale_breaks_alt, scale_change_note
from .top import heading

__all__ = ["context", "heading", "periods_up_to", "compared_pair", "unknown_periods", "scale_change_note",
           "rating_share_figure", "money_share_figure", "red_bridge_table", "persistently_red_list",
           "attention_timeline", "stickiness_sentence", "unchanged_ratings_table"]

TIMELINE_PERIODS = 5  # the attention timeline shows the last five periods
UNKNOWN_SOURCE = "unknown"


def periods_up_to(ctx: Context) -> list[str]:
    """The portfolio's periods up to and including the report's period: the span of its history."""
    return [period for period in ctx.pf.period_keys if period <= ctx.period]


def compared_pair(ctx: Context) -> tuple[str, str]:
    """The pair of periods the report compares (previous, current): the red bridge shows this pair."""
    return ctx.previous, ctx.period


def rated(ctx: Context, column: str) -> bool:
    """Whether the portfolio rates ``column`` (a portfolio that rates no risk shows no risk blocks)."""
    return column in ctx.pf.rated


def unknown_periods(ctx: Context, hist: History) -> Block:
    """One plain sentence per period that has no per-project values (unknown in every block below)."""
    unknown = [period for period in hist.periods if not ctx.pf.values_published(period)]
    return block(*(paragraph(sentence(t(ctx, "history.unknown_period", name=period_name(ctx, period))), "notice")
                   for period in unknown))


def span_rows(ctx: Context, hist: History, column: str) -> tuple[pd.DataFrame, list]:
    """The ratings of every period on its own scale, and the labels of all of them (the finest scale's
    order, best first): five-point periods keep Amber/Green and Amber/Red, three-point ones have none."""
    rows = hist.ratings[hist.ratings["rating"] == column]
    own = {period: getattr(ctx.pf.scale_of(period), "name", None) for period in hist.periods}
    rows = rows[[scale is None or pd.isna(scale) or scale == own[period]
                 for period, scale in zip(rows["report_period"], rows["scale"])]].reset_index(drop=True)
    scales = sorted({tuple(ctx.pf.labels_of(period)) for period in hist.periods}, key=len, reverse=True)
    labels = list(dict.fromkeys(label for scale in scales for label in scale)) or list(ctx.pf.labels)
    return rows, labels


def rating_share_figure(ctx: Context, hist: History, column: str = "status") -> Block:
    """The share of the projects per rating, one 100 % bar per period."""
    return share_figure(ctx, hist, column, "share", "history.shares") if rated(ctx, column) else block()


def money_share_figure(ctx: Context, hist: History, column: str = "status") -> Block:
    """The share of the known budgets per rating (money-weighted), one 100 % bar per period."""
    return share_figure(ctx, hist, column, "budget_share", "history.money") if rated(ctx, column) else block()


def share_figure(ctx: Context, hist: History, column: str, value: str, key: str) -> Block:
    rows, labels = span_rows(ctx, hist, column)
    what = t(ctx, f"word.{column}")
    title = t(ctx, f"{key}.title", what=what)
    words = {label: rating_word(ctx, label) for label in [*labels, *pd.unique(rows["label"])]}
    chart = stacked_share_chart(
        rows, periods=hist.periods, value=value, title=title, labels=labels, words=words,
        colours={label: rating_colour(ctx, label) for label in words},
        period_names={p: period_name(ctx, p) for p in hist.periods}, rating_title=t(ctx, f"label.{column}"),
        share_label=t(ctx, f"{key}.axis"), unknown=t(ctx, "label.unknown").lower(),
        off_scale=t(ctx, "rating.not_on_scale"), language=ctx.language, breaks=scale_breaks(ctx, hist.periods))
    alt = t(ctx, f"{key}.alt", what=what, first_name=period_name(ctx, hist.periods[0])) + \
        scale_breaks_alt(ctx, hist.periods)
    data = table(title, [t(ctx, "label.period"), t(ctx, f"label.{column}"), t(ctx, "label.count"),
                         t(ctx, "label.share"), t(ctx, "history.budget_column"), t(ctx, "history.budget_share")],
                 [[period_name(ctx, r["report_period"]), rating(ctx, r["label"]), shown_count(ctx, r["count"]),
                   shown_share(ctx, r["share"]), money(ctx, r["budget_mnok"]), shown_share(ctx, r["budget_share"])]
                  for _, r in rows.iterrows()], {2, 3, 4, 5})
    worst = ctx.pf.labels_of(ctx.period)[-1]
    return block(figure(png_of(chart), alt, title, t(ctx, "label.takeaway"),
                        share_takeaway(ctx, hist, rows, worst, value, key, what), t(ctx, "label.data_behind"),
                        data), data=rows)


def shown_count(ctx: Context, value) -> str:
    return t(ctx, "label.unknown").lower() if pd.isna(value) else str(value)


def shown_share(ctx: Context, value) -> str:
    return t(ctx, "label.unknown").lower() if pd.isna(value) else share(ctx, value, 1)


def share_takeaway(ctx: Context, hist: History, rows: pd.DataFrame, worst: str, value: str, key: str,
                   what: str) -> str:
    """The worst rating's share now, against the first period whose share is known; through the scale
    guard, so never across a change of scale: then against the first period on this period's scale."""
    known = rows[(rows["label"] == worst) & rows[value].notna()]
    if known.empty or known["report_period"].iloc[-1] != ctx.period:
        return t(ctx, f"{key}.takeaway_unknown", what=what, label=worst)
    compared = compare_shares(ctx.pf, rows, worst, ctx.period, known["report_period"].iloc[0], value)
    current = share(ctx, compared.current_share)
    if compared.refused:
        return t(ctx, f"{key}.takeaway_new_scale", what=what, label=worst, current=current,
                 points=compared.change.to_points)
    if compared.earlier == ctx.period:
        return t(ctx, f"{key}.takeaway_one", what=what, label=worst, current=current)
    text = t(ctx, f"{key}.takeaway", what=what, label=worst, current=current,
             first=share(ctx, compared.earlier_share), first_name=period_name(ctx, compared.earlier))
    if compared.change is not None:
        text = text[:-1] + t(ctx, "history.shares.within_scale", points=compared.change.to_points)
    return text


def red_bridge_table(ctx: Context, hist: History, column: str = "status") -> Block:
    """The red bridge of the pair the report compares (``ctx.previous`` to ``ctx.period``): red at the
    start, each flow with its sign, red at the end."""
    if not rated(ctx, column):
        return block()
    if len(hist.periods) < 2:
        return block(paragraph(t(ctx, "history.bridge.no_pair"), "notice"))
    previous, current = compared_pair(ctx)
    steps = hist.bridge(previous, current, column)
    names = {"previous_name": period_name(ctx, previous), "period_name": period_name(ctx, current)}
    named = rating_named(ctx, hist, column)
    if steps.empty:  # a history built without the report's pair (pa.history's ``pair``)
        return block(paragraph(t(ctx, "history.bridge.no_pair"), "notice"))
    if steps["count"].isna().all():
        unknown = previous if not ctx.pf.values_published(previous) else current
        return block(paragraph(t(ctx, "history.bridge.unknown", **names, label=named,
                                 name=period_name(ctx, unknown)),
                               "notice"), data=steps)
    counts = dict(zip(steps["step"], steps["count"]))
    caption = t(ctx, "history.bridge.title", label=named, **names)
    rows = [[step_name(ctx, r, named, names), signed(r)] for _, r in steps.iterrows() if r["step"] != "stayed_red"]
    takeaway = t(ctx, "history.bridge.takeaway", label=named, start=counts["red_at_start"],
                 stayed=counts["stayed_red"], end=counts["red_at_end"], **names)
    return block(paragraph(takeaway, "headline"), table(caption, [t(ctx, "history.bridge.step"),
                                                                  t(ctx, "label.count")], rows, {1}), data=steps)


def step_name(ctx: Context, row, worst: str, names: dict) -> str:
    label = row["label"]
    word = t(ctx, "history.bridge.not_given") if label == "withheld_or_not_rated" else \
        "" if pd.isna(label) else rating_word(ctx, label)
    return t(ctx, f"history.bridge.{row['step']}", label=worst, other=word, **names)


def signed(row) -> str:
    """A flow with its sign (−2, +14); the start and the end as they are."""
    count = int(row["count"])
    if row["sign"] == 0 or count == 0:
        return str(count)
    return f"+{count}" if row["sign"] > 0 else f"\u2212{count}"


def persistently_red_list(ctx: Context, hist: History, column: str = "status") -> Block:
    """The projects at the worst rating now and in at least the period before, longest runs first."""
    if not rated(ctx, column):
        return block()
    runs = hist.persistently_red
    now = runs[(runs["rating"] == column) & runs["red_now"]].sort_values(
        ["run_periods", "actor", "project_name"], ascending=[False, True, True]).reset_index(drop=True)
    caption = sentence(t(ctx, "history.persistent.title", label=rating_named(ctx, hist, column)))
    columns = {"run_periods": Column(t(ctx, "history.persistent.periods"), numeric=True),
               "from_period": Column(t(ctx, "history.persistent.since"), lambda value: period_name(ctx, value))}
    before = hist.periods[-2] if len(hist.periods) > 1 else None
    unknown = before is not None and not ctx.pf.values_published(before)
    note = paragraph(sentence(t(ctx, "history.persistent.unknown", name=period_name(ctx, before),
                                label=rating_named(ctx, hist, column))), "notice") if unknown else None
    return block(project_table(ctx, now, caption, columns), note, data=now)


def attention_timeline(ctx: Context, hist: History, column: str = "status", n: int = TIMELINE_PERIODS) -> Block:
    """The projects that need attention (at the worst rating now or in one of the last ``n`` periods) with
    their rating in each of those periods, as badges with the word."""
    if not rated(ctx, column):
        return block()
    timeline = hist.timeline(n, column).drop(columns="track")
    periods = [p for p in timeline.columns if p in hist.periods]
    absent = t(ctx, "history.timeline.absent")
    columns = {p: Column(period_name(ctx, p), lambda value: absent if pd.isna(value) else rating(ctx, value))
               for p in periods}
    caption = t(ctx, "history.timeline.title", label=rating_named(ctx, hist, column), periods=len(periods))
    return block(project_table(ctx, timeline, caption, columns), data=timeline)


def rating_named(ctx: Context, hist: History, column: str) -> str:
    """The worst rating as a caption names it: ``Rød`` for status, ``risiko Rød`` for risk beside it."""
    return hist.worst if column == "status" else f'{t(ctx, f"word.{column}")} {hist.worst}'


def stickiness_sentence(ctx: Context, hist: History, column: str = "status") -> Block:
    """How many continuing projects kept their rating over the latest pair, and over the whole span."""
    if not rated(ctx, column):
        return block()
    what = t(ctx, f"word.{column}")
    pairs = hist.stickiness[hist.stickiness["rating"] == column]
    span = hist.stickiness_span[hist.stickiness_span["rating"] == column]
    if pairs.empty or pd.isna(pairs["share"].iloc[-1]):
        return block(paragraph(t(ctx, "history.stickiness.unknown", what=what), "headline"), data=pairs)
    latest = pairs.iloc[-1]
    text = t(ctx, "history.stickiness.pair", what=what, share=share(ctx, latest["share"]),
             continuing=latest["continuing_rated"], previous_name=period_name(ctx, latest["previous"]),
             period_name=period_name(ctx, latest["current"]))
    if not span.empty and span["projects"].iloc[0]:
        text = text[:-1] + t(ctx, "history.stickiness.span", what=what, share=share(ctx, span["share"].iloc[0]),
                             projects=span["projects"].iloc[0], never=span["never_changed"].iloc[0])
    return block(paragraph(text, "headline"), data=pd.concat([pairs, span], ignore_index=True))


def unchanged_ratings_table(ctx: Context, unchanged: UnchangedRatings) -> Block:
    """Per organisation, how many of its projects have kept their rating for ``at_least`` or more reported
    periods (``pa.unchanged_ratings``), one sentence on the largest share, and the longest runs; or one
    sentence saying why it cannot be counted yet."""
    if not unchanged.countable:
        return block(paragraph(not_countable(ctx, unchanged), "notice"), data=unchanged.runs)
    rated_here = [column for column in ("status", "risk") if rated(ctx, column)]
    what = t(ctx, "word.status")
    done, total = unchanged.total("status")
    most = unchanged.most("status")
    headline = (t(ctx, "stale.headline", unchanged=most["unchanged"], projects=most["projects"], actor=most["actor"],
                  what=what, at_least=unchanged.at_least, all_unchanged=done, all_projects=total) if most else
                t(ctx, "stale.headline_none", what=what, at_least=unchanged.at_least, all_projects=total))
    wide = unchanged.by_organisation.pivot(index="actor", columns="rating", values="unchanged")
    first = unchanged.by_organisation[unchanged.by_organisation["rating"] == "status"].set_index("actor")
    one = "_one" if len(rated_here) == 1 else ""  # one rating: the caption names it, the narrow headers need not
    headers = [t(ctx, "label.actor"), t(ctx, "label.projects")] + [
        t(ctx, f"stale.column.unchanged{one}", what=t(ctx, f"word.{column}"), at_least=unchanged.at_least)
        for column in rated_here] + [t(ctx, f"stale.column.longest{one}", what=what)]
    rows = [[actor, str(first.at[actor, "projects"])] + [str(wide.at[actor, column]) for column in rated_here]
            + [str(first.at[actor, "longest_run"])] for actor in first.index]
    caption = t(ctx, "stale.title", at_least=unchanged.at_least)
    runs = unchanged.longest()
    columns = {"rating": Column(t(ctx, "stale.runs.of"), lambda value: t(ctx, f"label.{value}")),
               "label": Column(t(ctx, "stale.runs.rating"), lambda value: rating(ctx, value)),
               "run_periods": Column(t(ctx, "history.persistent.periods"), numeric=True),
               "since": Column(t(ctx, "history.persistent.since"), lambda value: period_name(ctx, value))}
    if len(rated_here) < 2:
        columns.pop("rating")
    return block(paragraph(headline, "headline"), table(caption, headers, rows, set(range(1, len(headers)))),
                 project_table(ctx, runs, t(ctx, "stale.runs.title", at_least=unchanged.at_least), columns),
                 paragraph(t(ctx, "stale.how"), "notice"), data=unchanged.by_organisation)


def not_countable(ctx: Context, unchanged: UnchangedRatings) -> str:
    """Why the unchanged ratings cannot be counted yet: a period without per-project values, a change of
    scale, or too few periods in all."""
    key = {UNKNOWN_PERIOD: "stale.unknown_period", SCALE_CHANGE: "stale.scale_change"}.get(unchanged.limit,
                                                                                          "stale.first_period")
    names = ", ".join(period_name(ctx, period) for period in unchanged.periods)
    return t(ctx, key, name=period_name(ctx, unchanged.limit_period), count=len(unchanged.periods), names=names,
             at_least=unchanged.at_least)
