"""The overview page (the period's index page): the first screen (what changed, what is red and why, what is
missing, where the money went), then the headline, key figures, submissions, budget per organisation, joiners
and leavers, the red lists, and the projects that did not report."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup  # Markup.format escapes its values

from .. import formatting as fmt
from ...analysis.budget import budget_by
from ...analysis.first_screen import FirstScreen, first_screen as analysed_first_screen
from ...analysis.overview import Headline, headline, key_figures as analysed_key_figures
from ...analysis.ratings import with_label
from ...api.portfolio import NOT_REPORTED, OTHER_SCALE, UNKNOWN
from ..catalogue import Context, context, destination, money, number, period_name, rating, rating_word, sentence, \
    share, t, unit_label
from ..charts import budget_by_actor_chart, png_of
from ..html import Block, block, figure, lines, paragraph, table
from ..lists import Column, carried_column, listed, project_table
from .shared import actor_budget_table, group_budget_table, group_name, not_reported, ratings_columns, reason_column
from .submissions import submissions_section
from .top import heading

__all__ = ["context", "heading", "first_screen", "overview_headline", "key_figures", "submissions_section",
           "figure_budget_by_actor", "joiners_and_leavers", "worst_lists", "not_reported"]


def first_screen(ctx: Context) -> Block:
    """Before any chart: one short paragraph (how many projects and what changed, what is missing, where the
    money went, in the bridge's named steps) and one compact table (what is red, since when, and the owner's
    reason); ``.data`` is the table's projects with the whole comment (:func:`portfolio_analysis.first_screen`)."""
    figures = analysed_first_screen(ctx.comparison)
    sentences = [t(ctx, "overview.first.projects", projects=figures.projects,
                   previous_projects=figures.previous_projects, joined=figures.joined, left=figures.left),
                 first_moves(ctx, figures), first_missing(ctx, figures),
                 first_money(ctx, figures)]
    text = " ".join(part for part in sentences if part)
    return block(paragraph(text, "first-screen"), red_table(ctx, figures), data=figures.red)


def first_moves(ctx: Context, figures: FirstScreen) -> str:
    """``Av prosjektene i begge periodene: status dårligere for 1, bedre for 1; risiko …``; why not where the
    periods cannot be compared project by project."""
    if figures.scale_change is not None:
        before, now = figures.scale_change
        what = t(ctx, "overview.first.and").join(t(ctx, f"word.{column}") for column in ctx.pf.rated)
        return t(ctx, "overview.first.moves_scale", what=sentence(what),
                 previous_points=before, current_points=now)
    if figures.moves["worsened"].isna().any():
        return t(ctx, "overview.first.moves_unknown")
    parts = [t(ctx, "overview.first.move" if row.worsened or row.improved else "overview.first.move_none",
               what=t(ctx, f"word.{row.rating}"), worsened=row.worsened, improved=row.improved)
             for row in figures.moves.itertuples()]
    return t(ctx, "overview.first.moves", moves="; ".join(parts))


def first_missing(ctx: Context, figures: FirstScreen) -> str:
    """Submissions not received, and the values carried forward with the period they were last assessed in."""
    found, sent = [], figures.submissions
    if sent.intake == "submissions" and sent.expected:
        found.append(t(ctx, "overview.first.not_sent", sent=sent.sent, expected=sent.expected,
                       names=", ".join(sent.not_sent)) if sent.not_sent
                     else t(ctx, "overview.first.all_sent", expected=sent.expected))
    if figures.not_given:
        found.append(t(ctx, "overview.first.not_given", parts=", ".join(
            t(ctx, "overview.first.not_given_part", what=t(ctx, f"word.{column}"),
              count=figures.not_given_counts[column], reasons=not_given_reasons(ctx, reasons))
            for column, reasons in figures.not_given.items())))
    if figures.carried_total:
        periods = figures.carried_by_period
        keys = ["overview.first.last_assessed"] if len(periods) == 1 else \
            ["overview.first.last_assessed_count"] + ["overview.first.last_assessed_more"] * (len(periods) - 1)
        parts = [t(ctx, key, count=row.projects, period=period_name(ctx, row.last_assessed))
                 for key, row in zip(keys, periods.itertuples())]
        found.append(t(ctx, "overview.first.carried", count=figures.carried_total,
                       periods=t(ctx, "overview.first.and").join(parts)))
    if figures.reporting_unclear:
        found.append(t(ctx, "overview.first.unclear", count=figures.reporting_unclear))
    return " ".join(found)


def not_given_reasons(ctx: Context, reasons: dict[str, int]) -> str:
    """`` – 11 unntatt offentlighet, 1 ikke vurdert``; nothing where every such rating is simply blank."""
    if list(reasons) == [NOT_REPORTED]:
        return ""
    return " – " + ", ".join(f"{count} {rating_word(ctx, reason).lower()}" for reason, count in reasons.items())


def first_money(ctx: Context, figures: FirstScreen) -> str:
    """The bridge in its named steps: from the previous total to the current one, and each step between that
    moved it (an unknown step says so)."""
    kind = "cost" if figures.money_measure == "whole_life_cost" else "budget"
    moved = []
    for row in figures.money_moved.itertuples():
        name = sentence_case(t(ctx, f"{kind}.step.{row.step}"))
        moved.append(t(ctx, "overview.first.step_unknown", step=name) if fmt.is_missing(row.amount)
                     else t(ctx, "overview.first.step", step=name, amount=number_signed(ctx, row.amount)))
    first, last = figures.money.iloc[0], figures.money.iloc[-1]
    totals = {"previous_total": number(ctx, first["amount"]), "current_total": number(ctx, last["amount"])}
    if figures.money_bases_differ:
        totals = {name: f'{amount} ({t(ctx, "overview.first.basis." + str(row["basis"]))})'
                  for (name, amount), row in zip(totals.items(), (first, last))}
    return t(ctx, "overview.first.money", measure=t(ctx, f"overview.first.measure.{figures.money_measure}"),
             unit=unit_label(ctx),
             steps="; ".join(moved) or t(ctx, "overview.first.no_steps"), **totals)


def number_signed(ctx: Context, value) -> str:
    """``+12``, ``−104``: a step of the bridge, in the unit its sentence names once."""
    return fmt.number(value, ctx.language, signed=True)


def sentence_case(name: str) -> str:
    """A step's name inside a sentence: ``Gikk ut`` -> ``gikk ut``."""
    return name[:1].lower() + name[1:]


def red_table(ctx: Context, figures: FirstScreen):
    """The projects at the worst label: ratings, since when, and the owner's reason in short (for a value
    carried forward, first the period it was last assessed in)."""
    if not figures.values_published:
        return None
    worst = ctx.pf.labels_of(ctx.period)[-1]
    words = t(ctx, "overview.first.or").join(t(ctx, f"word.{column}") for column in ctx.pf.rated)
    caption = t(ctx, "overview.first.red_caption", words=words, label=worst)
    if figures.red.empty:
        return paragraph(t(ctx, "overview.first.no_red", words=words, label=worst))
    reasons = reason_column(ctx, figures.red)
    columns = {**ratings_columns(ctx),
               "since": Column(t(ctx, "overview.first.since", label=worst), lambda row: since_cell(ctx, row, worst))}
    if reasons or figures.red_has_carried:
        show = reasons["comment"].show if reasons else (lambda value: None)
        columns["reason"] = Column(t(ctx, "label.reason"), lambda row: reason_cell(ctx, row, show))
    cells = list(figures.red[["since", "since_note", "carried_from", "comment"]].itertuples())
    shown = figures.red.assign(since=cells, reason=cells)
    note = None if ctx.pf.has_rating_comments(ctx.period) else paragraph(t(ctx, "overview.first.no_comments"), "small")
    return block(project_table(ctx, shown, caption, columns), since_notes(ctx, figures, worst), note)


SINCE_MARKS = {"unknown_before": "*", "scale_changed": "†", "first_period": "‡"}  # a since-note's mark in the table


def since_cell(ctx: Context, row, worst: str) -> str:
    """``april 2020 *``: the first period of the run, marked where it may have begun earlier (the note below
    the table says why)."""
    if fmt.is_missing(row.since):
        return ""
    since = period_name(ctx, row.since).replace(" ", fmt.NBSP)
    return since if fmt.is_missing(row.since_note) else f"{since}{fmt.NBSP}{SINCE_MARKS[row.since_note]}"


def since_notes(ctx: Context, figures: FirstScreen, worst: str):
    """Below the red table: what each mark of its since column means, for the marks it uses."""
    notes = [f'{SINCE_MARKS[note]} {t(ctx, "overview.first.since." + note, label=worst)}'
             for note in figures.since_notes]
    return paragraph(" ".join(notes), "small") if notes else None


def reason_cell(ctx: Context, row, show) -> str:
    """The owner's reason in short (``show``: the red lists' reason column), or for a value carried forward the
    period it was last assessed in before it; no reason column at all where the period holds no comments."""
    reason = show(row.comment)
    if fmt.is_missing(row.carried_from):
        return reason
    carried = t(ctx, "overview.first.carried_cell", period=period_name(ctx, row.carried_from))
    return f"{carried}: {reason}" if reason else carried


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
    captions = {column: t(ctx, f"overview.red_{column}", label=worst, word=t(ctx, f"word.{column}"))
                for column in lists}
    return block(*(project_table(ctx, frame, captions[column],
                                 {**ratings_columns(ctx), **carried_column(ctx, frame), **reason_column(ctx, frame)},
                                 cards=True)
                   for column, frame in lists.items()),
                 data=pd.concat([listed(frame, captions[column]) for column, frame in lists.items()], ignore_index=True))
