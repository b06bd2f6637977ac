"""Blocks about one rating (status or risk), shown on the status-change and the risk page: the
distribution, the trend, the transitions, who moved, and the ratings of joiners and leavers."""

from __future__ import annotations

import pandas as pd

from ...analysis.scales import compare_shares
from ..catalogue import Context, destination, period_name, rating, rating_colour, rating_word, share, t
from ..charts import png_of
from ..html import Block, block, figure, paragraph, table
from ..lists import Column, listed, project_table, rating_column
from ..rating_charts import rating_distribution_chart, rating_trend_chart, transition_heatmap
from .shared import reason_column, scale_breaks, scale_breaks_alt


def rating_distribution_figure(ctx: Context, distribution: pd.DataFrame, column: str) -> Block:
    """Figur 3 / 4: projects per rating in the current period, not reported counted on its own."""
    rows = distribution[(distribution["report_period"] == ctx.period)]
    labels = ctx.pf.labels_of(ctx.period)
    rows = rows[rows["label"].isin(labels) | (rows["count"] > 0)]
    title = t(ctx, f"{column}.distribution.title")
    words = [rating_word(ctx, label) for label in rows["label"]]
    chart = rating_distribution_chart(
        rows, title=title, words=words, colours=[rating_colour(ctx, label) for label in rows["label"]],
        on_scale=[label in labels for label in rows["label"]],
        texts=[f"{c} ({share(ctx, s)})" for c, s in zip(rows["count"], rows["share"])],
        rating_label=t(ctx, f"label.{column}"), count_label=t(ctx, "rating.axis.projects"),
        off_scale=t(ctx, "rating.not_on_scale"), language=ctx.language)
    counts = ", ".join(f"{w} {c}" for w, c in zip(words, rows["count"]))
    top = rows[rows["label"].isin(labels)].sort_values("count", ascending=False).iloc[0]
    takeaway = t(ctx, "rating.distribution.takeaway", share=share(ctx, top["share"]), what=t(ctx, f"word.{column}"),
                 label=top["label"], count=top["count"], projects=top["projects"])
    data = table(title, [t(ctx, f"label.{column}"), t(ctx, "label.count"), t(ctx, "label.share")],
                 [[rating(ctx, label), count, share(ctx, s, 1)]
                  for label, count, s in zip(rows["label"], rows["count"], rows["share"])], {1, 2})
    return block(figure(png_of(chart), t(ctx, f"{column}.distribution.alt", counts=counts), title,
                        t(ctx, "label.takeaway"), takeaway, t(ctx, "label.data_behind"), data),
                 data=rows.reset_index(drop=True))


def rating_trend_figure(ctx: Context, trend: pd.DataFrame, column: str) -> Block:
    """Share of each rating per period; shares that come from the report's text are hatched (open
    markers on lines), unknown shares written as unknown."""
    what = t(ctx, f"word.{column}")
    title = t(ctx, "rating.trend.title", what=what)
    labels = ctx.pf.labels
    periods = sorted(trend["report_period"].unique())
    chart = rating_trend_chart(
        trend, title=title, labels=labels, words={label: rating_word(ctx, label) for label in labels},
        colours={label: rating_colour(ctx, label) for label in labels},
        period_names={p: period_name(ctx, p) for p in periods},
        rating_title=t(ctx, f"label.{column}"), share_label=t(ctx, "rating.axis.share"),
        published=t(ctx, "rating.trend.published"), unknown=t(ctx, "label.unknown").lower(),
        off_scale=t(ctx, "label.source_other_scale"), language=ctx.language, breaks=scale_breaks(ctx, periods))
    focus = labels[len(labels) // 2]  # the middle label: yellow, the one the boards watch
    rows = [[period_name(ctx, r["report_period"]), rating(ctx, r["label"]), share(ctx, r["share"], 1),
             t(ctx, "label.source_" + r["source"])] for _, r in trend.iterrows()]
    data = table(title, [t(ctx, "label.period"), t(ctx, f"label.{column}"), t(ctx, "label.share"),
                         t(ctx, "label.source")], rows, {2})
    alt = t(ctx, "rating.trend.alt", what=what) + scale_breaks_alt(ctx, periods)
    return block(figure(png_of(chart), alt, title, t(ctx, "label.takeaway"),
                        trend_takeaway(ctx, trend, focus, what), t(ctx, "label.data_behind"), data), data=trend)


def trend_takeaway(ctx: Context, trend: pd.DataFrame, label: str, what: str) -> str:
    """The share of ``label`` now against the previous period, through the scale guard: never across a
    change of scale (then against the first period on this scale, or no comparison at all)."""
    compared = compare_shares(ctx.pf, trend, label, ctx.period, ctx.previous)
    current = share(ctx, compared.current_share)
    if compared.refused:
        return t(ctx, "rating.trend.takeaway_new_scale", what=what, label=label, current=current,
                 points=compared.change.to_points, previous_points=compared.change.from_points)
    previous = share(ctx, compared.earlier_share)  # the same as written: say it once, as unchanged
    return t(ctx, "rating.trend.takeaway_same" if current == previous else "rating.trend.takeaway", what=what,
             label=label, current=current, previous=previous, previous_name=period_name(ctx, compared.earlier))


def transitions_figure(ctx: Context, result, column: str) -> Block:
    """Continuing projects from the previous rating (rows) to the current one (columns): an annotated
    heatmap of the analysis' ``result.transitions``, the table behind it. A period with no per-project
    ratings makes its side unknown, said across the cells, never drawn as zeros."""
    matrix = result.transitions
    what = t(ctx, f"word.{column}")
    What = what[:1].upper() + what[1:]
    unknown_before = None if ctx.pf.values_published(ctx.previous) else t(ctx, "rating.unknown_moves", what=what)
    unknown_after = None if ctx.pf.values_published(ctx.period) else t(
        ctx, "rating.unknown_moves", what=what, previous_name=period_name(ctx, ctx.period))
    labels = [*matrix.index, *matrix.columns]
    title = t(ctx, "rating.transitions.title", what=what)
    chart = transition_heatmap(
        matrix, title=title, scale=list(ctx.pf.labels), words={label: rating_word(ctx, label) for label in labels},
        colours={label: rating_colour(ctx, label) for label in labels},
        before=t(ctx, "rating.transitions.before", What=What), after=t(ctx, "rating.transitions.after", What=What),
        off_scale=t(ctx, "rating.not_on_scale"), unknown_before=unknown_before, unknown_after=unknown_after,
        language=ctx.language)
    if unknown_before:  # and what can be read: the current ratings of the projects in both periods
        takeaway = unknown_before + " " + t(ctx, "rating.transitions.takeaway_unknown", what=what,
                                            continuing=ctx.comparison.matching["continuing"])
    elif unknown_after:
        takeaway = unknown_after
    else:
        takeaway = t(ctx, "rating.transitions.takeaway", what=what, continuing=ctx.comparison.matching["continuing"],
                     worsened=len(result.worsened), improved=len(result.improved))
    headers = [""] + [rating(ctx, c) for c in matrix.columns]
    shown = matrix[(matrix != 0).any(axis=1)] if unknown_before else matrix  # no rows of zeros for unknown ratings
    rows = [[rating(ctx, index)] + list(row) for index, row in shown.iterrows()]
    data = table(t(ctx, "rating.transitions"), headers, rows, set(range(1, len(headers))), row_headers=True)
    return block(figure(png_of(chart), t(ctx, "rating.transitions.alt", what=what), title, t(ctx, "label.takeaway"),
                        takeaway, t(ctx, "label.data_behind"), data), data=matrix)


def rating_moves(ctx: Context, result, column: str) -> Block:
    """Worsened, improved and stayed-worst lists, each project with its owner's reason of this period (or
    'unknown' when the previous period has no values)."""
    what = t(ctx, f"word.{column}")
    What = what[:1].upper() + what[1:]
    if not ctx.pf.values_published(ctx.previous):
        return block(paragraph(t(ctx, "rating.unknown_moves", what=what), "notice"))
    columns = {f"{column}_previous": rating_column(ctx, t(ctx, "label.previous")),
               f"{column}_current": rating_column(ctx, t(ctx, "label.current"))}
    lists = {t(ctx, "rating.worsened", what=what, What=What): result.worsened,
             t(ctx, "rating.improved", what=what, What=What): result.improved,
             t(ctx, "rating.stayed_worst", what=what, What=What, label=ctx.pf.labels[-1]): result.stayed_red}
    return block(*(project_table(ctx, frame, caption, {**columns, **reason_column(ctx, frame)})
                   for caption, frame in lists.items()),
                 data=pd.concat([listed(frame, caption) for caption, frame in lists.items()], ignore_index=True))


def rating_joiners_leavers(ctx: Context, result, column: str) -> Block:
    what = t(ctx, f"word.{column}")
    What = what[:1].upper() + what[1:]
    joiners_caption, leavers_caption = t(ctx, "rating.joiners", what=what), t(ctx, "rating.leavers", what=what)
    return block(
        project_table(ctx, result.joiners, joiners_caption,
                      {f"{column}_at_entry": rating_column(ctx, t(ctx, "rating.at_entry", What=What))}),
        project_table(ctx, result.leavers, leavers_caption, {
            f"{column}_at_exit": rating_column(ctx, t(ctx, "rating.at_exit", What=What, what=what)),
            "destination": Column(t(ctx, "label.destination"), lambda value: destination(ctx, value))}),
        data=pd.concat([listed(result.joiners, joiners_caption), listed(result.leavers, leavers_caption)],
                       ignore_index=True))


def count_table(ctx: Context, counts: pd.DataFrame, caption: str, index_render) -> Block:
    """Projects per rating (columns) of each row, the rating columns as badges."""
    headers = [""] + [rating(ctx, c) if c in ctx.pf.labels or c in ("not_reported", "unknown")
                      else t(ctx, "label.projects") for c in counts.columns]
    rows = [[index_render(index)] + list(row) for index, row in counts.iterrows()]
    return block(table(caption, headers, rows, set(range(1, len(headers))), row_headers=True), data=counts)

