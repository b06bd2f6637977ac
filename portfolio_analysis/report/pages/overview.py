"""The overview page (the period's index page): headline, key figures, submissions, budget per
organisation, joiners and leavers, the red lists, and the projects that did not report."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup  # Markup.format escapes its values

from ... import formatting as fmt
from ...budget import budget_by
from ...portfolio import EXEMPT, NOT_RATED, NOT_REPORTED, OTHER_SCALE
from ...ratings import label_text, markers_of, with_label
from ..catalogue import Context, context, destination, money, number, period_name, rating, rating_word, sentence, \
    share, t, unit_label
from ..charts import budget_by_actor_chart, png_of
from ..html import Block, block, figure, paragraph, table
from ..lists import Column, carried_column, listed, project_table
from .shared import actor_budget_table, group_budget_table, group_name, not_reported, ratings_columns
from .submissions import submissions_section
from .top import heading

__all__ = ["context", "heading", "overview_headline", "key_figures", "submissions_section", "figure_budget_by_actor",
           "joiners_and_leavers", "worst_lists", "not_reported"]


def most_common(rows: pd.Series) -> tuple[str, int]:
    counts = rows.value_counts()
    return (str(counts.index[0]), int(counts.iloc[0])) if len(counts) else ("", 0)


def overview_headline(ctx: Context) -> Block:
    pf = ctx.pf
    rows, before = pf.rows(ctx.period), pf.rows(ctx.previous)
    period = pf.periods.set_index("report_period").loc[ctx.period]
    status, status_count = most_common(rows["status"])
    risk, risk_count = most_common(rows["risk"])
    published = pf.published(ctx.period, "budget_mnok")
    text = t(ctx, "overview.headline" if "risk" in pf.rated else "overview.headline_status", projects=len(rows),
             as_of=fmt.date(period.get("as_of"), ctx.language), previous_projects=len(before), top_status=status,
             top_risk=risk, top_status_share=share(ctx, status_count / len(rows)) if len(rows) else "",
             top_risk_share=share(ctx, risk_count / len(rows)) if len(rows) else "",
             budget_rows=money(ctx, rows["budget_mnok"].sum() if pf.values_published(ctx.period) else None),
             budget_published=money(ctx, published))
    return block(paragraph(text, "headline"))


def key_figures(ctx: Context) -> Block:
    """Projects, budget and the share of each rating, for the previous and the current period."""
    pf = ctx.pf
    periods = [ctx.previous, ctx.period]
    rows = [[t(ctx, "label.projects")] + [number(ctx, len(pf.rows(p))) for p in periods]]
    rows.append([t(ctx, "label.budget", year=ctx.year) + " – " + t(ctx, "label.rows_total")]
                + [money(ctx, pf.rows(p)["budget_mnok"].sum() if pf.values_published(p) else None) for p in periods])
    rows.append([t(ctx, "label.budget", year=ctx.year) + " – " + t(ctx, "label.published_total")]
                + [money(ctx, pf.published(p, "budget_mnok")) for p in periods])
    on_scale = {p: pf.labels_of(p) for p in periods}
    for column in pf.rated:
        texts_of = {p: label_text(pf.rows(p)[column], True, markers_of(pf.rows(p), f"{column}_marker")) for p in periods}
        reasons = [r for r in (EXEMPT, NOT_RATED) if any((texts_of[p] == r).any() for p in periods)]
        for label in [lab for lab in pf.labels if any(lab in on_scale[p] for p in periods)] + reasons + [NOT_REPORTED]:
            cells = []
            for p in periods:
                projects = pf.rows(p)
                if label in pf.labels and label not in on_scale[p]:
                    cells.append(rating_word(ctx, OTHER_SCALE))
                elif pf.values_published(p):
                    count = int((texts_of[p] == label).sum())
                    cells.append(f"{count} ({share(ctx, count / len(projects) if len(projects) else None)})")
                else:
                    published = pf.published_share(p, column, label) if label != NOT_REPORTED else None
                    cells.append(share(ctx, published) + (" *" if published is not None else ""))
            rows.append([Markup("{}: {}").format(t(ctx, "label." + column), rating(ctx, label))] + cells)
    headers = [""] + [period_name(ctx, p) for p in periods]
    note = None
    if not all(pf.values_published(p) for p in periods):
        note = paragraph("* " + t(ctx, "label.source_published"), "small")
    data = pd.DataFrame([[str(cell) for cell in row] for row in rows], columns=["figure", *periods])
    return block(table(t(ctx, "overview.key_figures"), headers, rows, {1, 2}, row_headers=True), note, data=data)


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
        takeaway = " ".join([
            t(ctx, "overview.figure1.takeaway", actor=top["actor"], amount=money(ctx, top["budget_mnok"]),
              share=share(ctx, top["budget_share"]), projects=top["projects"]),
            t(ctx, "overview.figure2.takeaway", group=sentence(group_names[0]), share=share(ctx, group["budget_share"]),
              amount=money(ctx, group["budget_mnok"]))])
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
    """The projects with the worst status and the worst risk (the red lists)."""
    worst = ctx.pf.labels[-1]
    lists = {column: with_label(ctx.pf, column, ctx.period, worst).drop(
        columns=[c for c in ("status", "risk") if c not in ctx.pf.rated]) for column in ctx.pf.rated}
    captions = {column: t(ctx, f"overview.red_{column}", label=worst) for column in lists}
    return block(*(project_table(ctx, frame, captions[column], {**ratings_columns(ctx), **carried_column(ctx, frame)})
                   for column, frame in lists.items()),
                 data=pd.concat([listed(frame, captions[column]) for column, frame in lists.items()], ignore_index=True))
