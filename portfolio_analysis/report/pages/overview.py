"""The overview page (the period's index page): headline, key figures, submissions, budget per
organisation, joiners and leavers, the red lists, and the projects that did not report."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup  # Markup.format escapes its values

from .. import formatting as fmt
from ...analysis.budget import budget_by
from ...analysis.overview import Headline, headline, key_figures as analysed_key_figures
from ...analysis.ratings import with_label
from ...api.portfolio import OTHER_SCALE, UNKNOWN
from ..catalogue import Context, context, destination, money, number, period_name, rating, rating_word, sentence, \
    share, t, unit_label
from ..charts import budget_by_actor_chart, png_of
from ..html import Block, block, figure, paragraph, table
from ..lists import Column, carried_column, listed, project_table
from .shared import actor_budget_table, group_budget_table, group_name, not_reported, ratings_columns, reason_column
from .submissions import submissions_section
from .top import heading

__all__ = ["context", "heading", "overview_headline", "key_figures", "submissions_section", "figure_budget_by_actor",
           "joiners_and_leavers", "worst_lists", "not_reported"]


def overview_headline(ctx: Context) -> Block:
    """How many projects, the most common rating, and the budget totals the period has."""
    figures = headline(ctx.comparison)
    as_of = t(ctx, "overview.as_of", as_of=fmt.date(figures.as_of, ctx.language)) if figures.as_of is not None \
        else t(ctx, "overview.as_of_period")
    text = t(ctx, "overview.headline", projects=figures.projects, previous_projects=figures.previous_projects,
             as_of_phrase=as_of, ratings=headline_ratings(ctx, figures), budget=headline_budget(ctx, figures))
    return block(paragraph(re.sub(" {2,}", " ", text).strip(), "headline"), data=pd.DataFrame([vars(figures)]))


def headline_ratings(ctx: Context, figures: Headline) -> str:
    """``60 % av prosjektene har status Gul og 65 % har risiko Gul.``; nothing where ratings are unknown."""
    if not all(column in figures.top_labels for column in ctx.pf.rated):
        return ""
    values = {f"top_{column}": figures.top_labels[column] for column in ctx.pf.rated}
    values |= {f"top_{column}_share": share(ctx, figures.top_shares[column]) for column in ctx.pf.rated}
    values |= {f"{column}_word": t(ctx, f"word.{column}") for column in ctx.pf.rated}
    return t(ctx, "overview.headline.ratings" if "risk" in ctx.pf.rated else "overview.headline.status", **values)


def headline_budget(ctx: Context, figures: Headline) -> str:
    """The budget totals the period has: the sum of the project rows, the published total, or both."""
    rows, published = figures.budget_rows_mnok, figures.budget_published_mnok
    key = {(True, True): "both", (True, False): "rows", (False, True): "published"}.get(
        (not fmt.is_missing(rows), not fmt.is_missing(published)))
    if key is None:
        return ""
    return t(ctx, f"overview.headline.budget_{key}", budget_rows=money(ctx, rows),
             budget_published=money(ctx, published))


def key_figures(ctx: Context) -> Block:
    """Projects, budget and the share of each rating, for the previous and the current period; ``.data`` holds
    the figures (:func:`portfolio_analysis.key_figures`)."""
    figures = analysed_key_figures(ctx.comparison)
    periods = [ctx.previous, ctx.period]
    cells = {}  # (figure, label) -> period -> cell, in the order of the figures
    for _, row in figures.iterrows():
        label = None if fmt.is_missing(row["label"]) else row["label"]
        cells.setdefault((row["figure"], label), {})[row["report_period"]] = key_figure_cell(ctx, row)
    rows = [[key_figure_name(ctx, figure, label)] + [by_period[p] for p in periods]
            for (figure, label), by_period in cells.items()]
    marked = ((figures["source"] == "published") & ~figures["figure"].isin(["budget_published"])).any()
    headers = [""] + [period_name(ctx, p) for p in periods]
    note = paragraph("* " + t(ctx, "label.source_published"), "small") if marked else None
    return block(table(t(ctx, "overview.key_figures"), headers, rows, {1, 2}, row_headers=True), note, data=figures)


def key_figure_name(ctx: Context, figure: str, label) -> str:
    if figure == "projects":
        return t(ctx, "label.projects")
    if figure in ("budget_rows", "budget_published"):
        part = "label.rows_total" if figure == "budget_rows" else "label.published_total"
        return t(ctx, "label.budget", year=ctx.year) + " – " + t(ctx, part)
    return Markup("{}: {}").format(t(ctx, "label." + figure), rating(ctx, label))


def key_figure_cell(ctx: Context, row: pd.Series) -> str:
    """A count with its share, an amount, a published share (marked *), or why there is none."""
    source, value = row["source"], row["value"]
    if source == OTHER_SCALE:
        return rating_word(ctx, OTHER_SCALE)
    if source == "not_published":
        return t(ctx, "label.not_published")
    if row["figure"] == "projects":
        return number(ctx, value)
    if row["figure"] in ("budget_rows", "budget_published"):
        return money(ctx, value)
    if source == "published":
        return share(ctx, row["share"]) + " *"
    if source == UNKNOWN:
        return share(ctx, None)
    return f"{number(ctx, value)} ({share(ctx, row['share'])})"


def figure_budget_by_actor(ctx: Context) -> Block:
    """Figur 1 and 2 of the seed report in one chart: budget and projects per organisation, largest on
    top, coloured by group, with each group's total in the legend."""
    frame = budget_by(ctx.pf, ctx.period, "actor")
    groups = budget_by(ctx.pf, ctx.period, "actor_group")
    group_names = [group_name(ctx, group) for group in groups["actor_group"]]
    title = t(ctx, "overview.figure1.title")
    chart = budget_by_actor_chart(
        frame.assign(actor_group=[group_name(ctx, group) for group in frame["actor_group"]]), title=title,
        texts=[t(ctx, "overview.figure1.bar", projects=projects, amount=money(ctx, budget))
               for projects, budget in zip(frame["projects"], frame["budget_mnok"])],
        groups={name: t(ctx, "overview.figure1.group", group=name, amount=money(ctx, budget), share=share(ctx, part))
                for name, budget, part in zip(group_names, groups["budget_mnok"], groups["budget_share"])},
        group_title=t(ctx, "label.group"), value_label=f'{t(ctx, "label.budget", year=ctx.year)} ({unit_label(ctx)})',
        name_label=t(ctx, "label.actor_short"), language=ctx.language, unknown=t(ctx, "label.unknown").lower())
    takeaway = t(ctx, "label.none")
    if len(frame):
        top, group = frame.iloc[0], groups.iloc[0]
        sentences = [t(ctx, "overview.figure1.takeaway", actor=top["actor"], amount=money(ctx, top["budget_mnok"]),
                       share=share(ctx, top["budget_share"]), projects=top["projects"])]
        if len(groups) < len(frame):  # groups that gather organisations (not one group per department)
            sentences.append(t(ctx, "overview.figure2.takeaway", group=sentence(group_names[0]),
                               share=share(ctx, group["budget_share"]), amount=money(ctx, group["budget_mnok"])))
        takeaway = " ".join(sentences)
    alt = t(ctx, "overview.figure1.alt", groups=", ".join(group_names))
    return block(figure(png_of(chart), alt, title, t(ctx, "label.takeaway"), takeaway, t(ctx, "label.data_behind"),
                        actor_budget_table(ctx, frame) + group_budget_table(ctx, groups)), data=frame)


def joiners_and_leavers(ctx: Context) -> Block:
    """Tabell 1 and 2: projects that joined (with budget) and that left (with where they went)."""
    joined, left = ctx.comparison.changed("joined"), ctx.comparison.changed("left")
    budget = Column(t(ctx, "label.budget", year=ctx.year), lambda value: money(ctx, value), numeric=True)
    joiners_caption, leavers_caption = t(ctx, "overview.joiners"), t(ctx, "overview.leavers")
    return block(
        project_table(ctx, joined, joiners_caption, {"budget_current_mnok": budget}),
        project_table(ctx, left, leavers_caption,
                      {"destination": Column(t(ctx, "label.destination"), lambda value: destination(ctx, value))}),
        data=pd.concat([listed(joined, joiners_caption), listed(left, leavers_caption)], ignore_index=True))


def worst_lists(ctx: Context) -> Block:
    """The projects with the worst status and the worst risk (the red lists), each with its owner's reason; the
    block's data hold the whole comment and the column it came from (``comment``, ``comment_from``)."""
    worst = ctx.pf.labels[-1]
    lists = {column: with_label(ctx.pf, column, ctx.period, worst).drop(
        columns=[c for c in ("status", "risk") if c not in ctx.pf.rated]) for column in ctx.pf.rated}
    captions = {column: t(ctx, f"overview.red_{column}", label=worst) for column in lists}
    return block(*(project_table(ctx, frame, captions[column],
                                 {**ratings_columns(ctx), **carried_column(ctx, frame), **reason_column(ctx, frame)},
                                 cards=True)
                   for column, frame in lists.items()),
                 data=pd.concat([listed(frame, captions[column]) for column, frame in lists.items()], ignore_index=True))
