"""What the report notebooks show. Each public function takes a :class:`Context` (portfolio, periods,
language) and returns an ``IPython.display.HTML`` block: headings, takeaways computed from the data,
figures with a title, labelled axes, alt text and the numbers behind them, and tables.

Every text comes from ``maps/texts.yml`` in the portfolio's language, and every value taken from the
data is HTML-escaped, so a project named ``<script>`` shows as text. Figures are PNG images inlined
in the page and drawn on ``matplotlib.figure.Figure`` (no pyplot state), so nothing is fetched and
nothing is shown twice in a notebook.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml
from IPython.display import HTML
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import formatting as fmt
from .budget import BudgetDecline, budget_by
from .build import spreadsheet_safe
from .cleaning import without_bidi_controls
from .compare import compare_periods, resolve_periods
from .maps import scale_mapping, scale_with_labels
from .paths import MAPS_DIR
from .portfolio import CARRIED, EXEMPT, NOT_RATED, NOT_REPORTED, OTHER_SCALE, UNKNOWN, Portfolio
from .ratings import label_text, markers_of, with_label
from .risk import RiskAnalysis
from .status import StatusChange

LIST_LIMIT = 25  # longer lists show their first entries; the whole list goes beside the page as CSV
NONE_COLOUR = "#BBBBBB"
BAR_COLOUR = "#0072B2"  # Okabe-Ito blue
GROUP_COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#999999"]


@lru_cache(maxsize=None)
def texts() -> dict:
    return yaml.safe_load((MAPS_DIR / "texts.yml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Context:
    pf: Portfolio
    period: str
    previous: str
    output_dir: Path | None = None  # where full lists go as CSV beside the page; None: show only the top

    @property
    def language(self) -> str:
        return self.pf.language if self.pf.language in ("nb", "en") else "en"

    @property
    def year(self):
        row = self.pf.periods.set_index("report_period").loc[self.period]
        year = row.get("budget_year")
        return int(year) if year is not None and not pd.isna(year) else self.period[:4]


def context(pf: Portfolio, period: str | None = None, previous: str | None = None,
            output_dir: str | Path | None = None) -> Context:
    """The report's subject: ``period`` (default the latest) against ``previous`` (default the one before).
    With ``output_dir``, lists longer than :data:`LIST_LIMIT` are written there in full as CSV files."""
    current, before = resolve_periods(pf, period or None, previous or None)
    return Context(pf, current, before, Path(output_dir) if output_dir else None)


def t(ctx: Context, key: str, **values) -> str:
    """A text of the catalogue in the report's language, with the usual placeholders filled in."""
    template = ctx.pf.texts.get(key, {}).get(ctx.language) or texts()[key][ctx.language]
    defaults = {
        "period_name": fmt.period_name(ctx.period, ctx.language),
        "previous_name": fmt.period_name(ctx.previous, ctx.language),
        "year": ctx.year, "title": ctx.pf.title,
    }
    return template.format(**{**defaults, **values})


def sentence(text: str) -> str:
    """Capitalises the first letter: period names (``januar 2020``) may start a sentence."""
    return text[:1].upper() + text[1:]


def esc(value) -> str:
    """HTML-escaped text, without bidirectional controls (they would reorder the text after them)."""
    return html.escape(without_bidi_controls("" if value is None or fmt.is_missing(value) else str(value)))


def money(ctx: Context, value, signed: bool = False) -> str:
    return fmt.amount(value, ctx.language, ctx.pf.budget_unit, signed=signed)


def unit_label(ctx: Context) -> str:
    """The unit as an axis shows it: ``mill. kr``, or ``$M`` for a unit written ``${}M``."""
    return ctx.pf.budget_unit.replace("{}", "")


def share(ctx: Context, value, decimals: int = 0) -> str:
    return fmt.percent(value, ctx.language, decimals)


# --- ratings ------------------------------------------------------------------------------------------

def rating_word(ctx: Context, label) -> str:
    if fmt.is_missing(label) or label == NOT_REPORTED:
        return t(ctx, "label.not_reported")
    if label in (UNKNOWN, EXEMPT, NOT_RATED, OTHER_SCALE, CARRIED):
        return t(ctx, f"label.{label}")
    return str(label)


def rating_colour(ctx: Context, label) -> str:
    scale = scale_with_labels(tuple(ctx.pf.labels))
    return scale.colours.get(label, NONE_COLOUR) if scale and not fmt.is_missing(label) else NONE_COLOUR


def rating_html(ctx: Context, label) -> str:
    """A rating always carries its word; the colour only supports it."""
    known = not fmt.is_missing(label) and label in ctx.pf.labels
    css = "rating" if known else "rating rating-none"
    style = f' style="background:{rating_colour(ctx, label)}"' if known else ""
    return f'<span class="{css}"{style}>{esc(rating_word(ctx, label))}</span>'


# --- building blocks ----------------------------------------------------------------------------------

def table_html(caption: str, headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
               row_headers: bool = False) -> str:
    """A table whose cells are already HTML (escape data before passing it in)."""
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if i in numeric else ""}>{h}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            tag = "th" if row_headers and i == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            css = ' class="num"' if i in numeric else ' class="wrap"' if has_long_word(cell) else ""
            cells.append(f"<{tag}{scope}{css}>{cell}</{tag}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


LONG_WORD = re.compile(r"[^\s<>]{40,}")  # in a cell's text, tags left out


def has_long_word(cell: str) -> bool:
    """A cell whose text has a word too long for a column (a name of 5 000 letters): it may break
    anywhere (CSS ``.wrap``). Other cells keep their words whole, so they are not squeezed to a letter."""
    return bool(LONG_WORD.search(re.sub(r"<[^>]*>", " ", cell)))


def project_table(ctx: Context, frame: pd.DataFrame, caption: str, extra: dict | None = None) -> str:
    """Projects as a table: ID, name, organisation, then ``extra`` columns {column: (header, render)}."""
    extra = extra or {}
    if frame.empty:
        return f'<p class="list-empty"><strong>{esc(caption)}:</strong> {esc(t(ctx, "label.none"))}</p>'
    headers = [esc(t(ctx, "label.id")), esc(t(ctx, "label.project")), esc(t(ctx, "label.actor"))]
    headers += [esc(header) for header, _ in extra.values()]
    shown = frame.head(LIST_LIMIT)
    rows = [[esc(row["project_id"]), esc(row["project_name"]), esc(row["actor"])]
            + [render(row[column]) for column, (_, render) in extra.items()]
            for _, row in shown.iterrows()]
    numeric = {3 + i for i, (_, render) in enumerate(extra.values()) if getattr(render, "numeric", False)}
    table = table_html(esc(caption), headers, rows, numeric | {0})
    return table + (full_list_note(ctx, frame, caption, extra) if len(frame) > LIST_LIMIT else "")


def full_list_note(ctx: Context, frame: pd.DataFrame, caption: str, extra: dict) -> str:
    """Below a cut list: how many are shown, and a link to the whole list as CSV beside the page."""
    text = t(ctx, "label.top_of", shown=LIST_LIMIT, total=len(frame))
    if ctx.output_dir is None:
        return f'<p class="small">{esc(text)}</p>'
    name = slug(caption) + ".csv"
    columns = ["project_id", "project_name", "actor"] + list(extra)
    table = frame[columns].rename(columns={column: header for column, (header, _) in extra.items()})
    spreadsheet_safe(table).to_csv(ctx.output_dir / name, index=False, encoding="utf-8-sig")
    return (f'<p class="small">{esc(text)} <a href="{esc(name)}">'
            f'{esc(t(ctx, "label.full_list"))} ({esc(name)})</a></p>')


def slug(text: str) -> str:
    """A file name from a caption: ``Forverret status`` -> ``forverret-status``."""
    ascii_text = text.casefold().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "list"


def numeric(render):
    render.numeric = True
    return render


def figure_html(figure: Figure, title: str, alt: str, takeaway: str, data_table: str, ctx: Context) -> str:
    """The chart as an inline PNG with alt text, its takeaway, and the numbers behind it."""
    image = base64.b64encode(png_of(figure)).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{image}" alt="{esc(alt)}">'
            f"<figcaption>{esc(title)}</figcaption></figure>"
            f'<p class="takeaway"><strong>{esc(t(ctx, "label.takeaway"))}:</strong> {esc(takeaway)}</p>'
            f'<details><summary>{esc(t(ctx, "label.data_behind"))}</summary>{data_table}</details>')


def png_of(figure: Figure) -> bytes:
    """The figure as PNG, every text drawn as written. Names come from the data, and matplotlib reads
    ``$…$`` as mathtext (``Kostnad $5 og $10 AS`` drawn as "Kostnad 5og10 AS", ``$\\frac{$`` an error):
    mathtext and TeX are off for every text, and for the tick labels matplotlib makes while drawing."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    buffer = io.BytesIO()
    with rc_context({"text.parse_math": False, "text.usetex": False}):
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def new_figure(title: str, height: float = 3.6, width: float = 7.5) -> tuple[Figure, object]:
    figure = Figure(figsize=(width, height))
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def section(*parts: str) -> HTML:
    return HTML("\n".join(part for part in parts if part))


# --- page top -----------------------------------------------------------------------------------------

def heading(ctx: Context, name: str) -> HTML:
    """The page's heading, with a banner for synthetic data and a note where values are unknown."""
    parts = [f'<h1>{esc(t(ctx, "section." + name))}: {esc(ctx.pf.title)}, '
             f'{esc(fmt.period_name(ctx.period, ctx.language))}</h1>',
             f'<p class="lead">{esc(t(ctx, "page.compared"))}</p>']
    if ctx.pf.synthetic:
        parts.insert(0, f'<p class="banner">{esc(t(ctx, "page.synthetic"))}</p>')
    for period in (ctx.previous, ctx.period):
        if not ctx.pf.values_published(period):
            notice = t(ctx, "page.unknown_previous", period_name=fmt.period_name(period, ctx.language))
            parts.append(f'<p class="notice">{esc(sentence(notice))}</p>')
    parts.append(scale_note(ctx))
    parts.append(match_note(ctx))
    return section(*parts)


def scale_note(ctx: Context) -> str:
    """Where the two periods rate on different scales: how the finer one is read on the coarser."""
    before, after = ctx.pf.scale_of(ctx.previous), ctx.pf.scale_of(ctx.period)
    if before is None or after is None or before.name == after.name:
        return ""
    coarse, fine = (before, after) if len(before.labels) <= len(after.labels) else (after, before)
    read_as = "; ".join(f"{label} → {target}" for label, target in scale_mapping(fine.name, coarse.name).items()
                        if label != target)
    text = t(ctx, "page.scale_note", previous_points=len(before.labels), current_points=len(after.labels),
             points=len(coarse.labels), read_as=read_as)
    return f'<p class="notice">{esc(text)}</p>'


def match_note(ctx: Context) -> str:
    """How the two periods' projects were matched, and how many could not be."""
    compared = compare_periods(ctx.pf, ctx.period, ctx.previous)
    counts = compared["change"].value_counts()
    by = compared["matched_by"].value_counts()
    text = t(ctx, "page.match_note", continuing=int(counts.get("continuing", 0)), by_id=int(by.get("id", 0)),
             by_name=int(by.get("name", 0)), left=int(counts.get("left", 0)), joined=int(counts.get("joined", 0)))
    return f'<p class="small">{esc(text)}</p>'



# --- overview -----------------------------------------------------------------------------------------

def most_common(rows: pd.Series) -> tuple[str, int]:
    counts = rows.value_counts()
    return (str(counts.index[0]), int(counts.iloc[0])) if len(counts) else ("", 0)


def overview_headline(ctx: Context) -> HTML:
    pf = ctx.pf
    rows, before = pf.rows(ctx.period), pf.rows(ctx.previous)
    period = pf.periods.set_index("report_period").loc[ctx.period]
    status, status_count = most_common(rows["status"])
    risk, risk_count = most_common(rows["risk"])
    published = pf.published(ctx.period, "budget_mnok")
    text = t(ctx, "overview.headline" if "risk" in pf.rated else "overview.headline_status", projects=len(rows), as_of=fmt.date(period.get("as_of"), ctx.language),
             previous_projects=len(before), top_status=status, top_risk=risk,
             top_status_share=share(ctx, status_count / len(rows)) if len(rows) else "",
             top_risk_share=share(ctx, risk_count / len(rows)) if len(rows) else "",
             budget_rows=money(ctx, rows["budget_mnok"].sum() if pf.values_published(ctx.period) else None),
             budget_published=money(ctx, published))
    return section(f'<p class="headline">{esc(text)}</p>')


def key_figures(ctx: Context) -> HTML:
    """Projects, budget and the share of each rating, for the previous and the current period."""
    pf = ctx.pf
    periods = [ctx.previous, ctx.period]
    rows = [[esc(t(ctx, "label.projects"))] + [esc(fmt.number(len(pf.rows(p)), ctx.language)) for p in periods]]
    rows.append([esc(t(ctx, "label.budget", year=ctx.year) + " – " + t(ctx, "label.rows_total"))]
                + [esc(money(ctx, pf.rows(p)["budget_mnok"].sum() if pf.values_published(p) else None))
                   for p in periods])
    rows.append([esc(t(ctx, "label.budget", year=ctx.year) + " – " + t(ctx, "label.published_total"))]
                + [esc(money(ctx, pf.published(p, "budget_mnok"))) for p in periods])
    on_scale = {p: pf.labels_of(p) for p in periods}
    for column in pf.rated:
        texts_of = {p: label_text(pf.rows(p)[column], True, markers_of(pf.rows(p), f"{column}_marker")) for p in periods}
        reasons = [r for r in (EXEMPT, NOT_RATED) if any((texts_of[p] == r).any() for p in periods)]
        for label in [lab for lab in pf.labels if any(lab in on_scale[p] for p in periods)] + reasons + [NOT_REPORTED]:
            cells = []
            for p in periods:
                projects = pf.rows(p)
                if label in pf.labels and label not in on_scale[p]:
                    cells.append(esc(rating_word(ctx, OTHER_SCALE)))
                elif pf.values_published(p):
                    count = int((texts_of[p] == label).sum())
                    cells.append(esc(f"{count} ({share(ctx, count / len(projects) if len(projects) else None)})"))
                else:
                    published = pf.published_share(p, column, label) if label != NOT_REPORTED else None
                    cells.append(esc(share(ctx, published) + (" *" if published is not None else "")))
            rows.append([f'{esc(t(ctx, "label." + column))}: {rating_html(ctx, label)}'] + cells)
    headers = [""] + [esc(fmt.period_name(p, ctx.language)) for p in periods]
    note = ""
    if not all(pf.values_published(p) for p in periods):
        note = f'<p class="small">* {esc(t(ctx, "label.source_published"))}</p>'
    return section(table_html(esc(t(ctx, "overview.key_figures")), headers, rows, {1, 2}, row_headers=True), note)


def figure_budget_by_actor(ctx: Context) -> HTML:
    """Figur 1: projects and budget per organisation."""
    frame = budget_by(ctx.pf, ctx.period, "actor").sort_values("budget_mnok", ascending=True)
    title = t(ctx, "overview.figure1.title")
    figure, axes = new_figure(title, height=0.35 * len(frame) + 1.2)
    axes.barh(frame["actor"].astype(str), frame["budget_mnok"].fillna(0), color=BAR_COLOUR)
    for y, (budget, projects) in enumerate(zip(frame["budget_mnok"], frame["projects"])):
        axes.text((0 if pd.isna(budget) else budget), y, f"  {fmt.number(budget, ctx.language)} · {projects}",
                  va="center", fontsize=8)
    axes.set_xlabel(f'{t(ctx, "label.budget", year=ctx.year)} ({unit_label(ctx)})')
    axes.set_ylabel(t(ctx, "label.actor_short"))
    top = frame.iloc[-1] if len(frame) else None
    total = frame["budget_mnok"].sum()
    takeaway = t(ctx, "overview.figure1.takeaway", actor=top["actor"], amount=money(ctx, top["budget_mnok"]),
                 share=share(ctx, top["budget_mnok"] / total if total else None), projects=top["projects"]) \
        if top is not None else t(ctx, "label.none")
    data = actor_budget_table(ctx, frame.iloc[::-1])
    return section(figure_html(figure, title, t(ctx, "overview.figure1.alt"), takeaway, data, ctx))


def actor_budget_table(ctx: Context, frame: pd.DataFrame) -> str:
    headers = [esc(t(ctx, "label.actor_short")), esc(t(ctx, "label.group")), esc(t(ctx, "label.projects")),
               esc(t(ctx, "label.budget", year=ctx.year)), esc(t(ctx, "label.share")),
               esc(t(ctx, "label.zero_budgets")), esc(t(ctx, "label.missing_budgets"))]
    rows = [[esc(r["actor"]), esc(r["actor_group"]), esc(r["projects"]), esc(money(ctx, r["budget_mnok"])),
             esc(share(ctx, r["budget_share"], 1)), esc(r["zero_budgets"]), esc(r["missing_budgets"])]
            for _, r in frame.iterrows()]
    return table_html(esc(t(ctx, "budget.by_actor")), headers, rows, {2, 3, 4, 5, 6})


def figure_budget_by_group(ctx: Context) -> HTML:
    """Figur 2: cost per organisation, grouped (helseforvaltning, regionale helseforetak, andre)."""
    actors = budget_by(ctx.pf, ctx.period, "actor")
    groups = budget_by(ctx.pf, ctx.period, "actor_group")
    order = list(groups["actor_group"])
    actors = actors.assign(_group=actors["actor_group"].map({g: i for i, g in enumerate(order)}))
    actors = actors.sort_values(["_group", "budget_mnok"], ascending=[False, True])
    title = t(ctx, "overview.figure2.title")
    figure, axes = new_figure(title, height=0.35 * len(actors) + 1.4)
    colours = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(order)}
    for group in order[::-1]:
        part = actors[actors["actor_group"] == group]
        axes.barh(part["actor"].astype(str), part["budget_mnok"].fillna(0), color=colours[group], label=group)
    for y, budget in enumerate(actors["budget_mnok"]):
        axes.text(0 if pd.isna(budget) else budget, y, "  " + fmt.number(budget, ctx.language), va="center", fontsize=8)
    axes.set_xlabel(f'{t(ctx, "label.budget", year=ctx.year)} ({unit_label(ctx)})')
    axes.set_ylabel(t(ctx, "label.actor_short"))
    handles, labels = axes.get_legend_handles_labels()
    axes.legend(handles[::-1], labels[::-1], title=t(ctx, "label.group"), fontsize=8, loc="lower right")
    top = groups.iloc[0] if len(groups) else None
    takeaway = t(ctx, "overview.figure2.takeaway", group=top["actor_group"], share=share(ctx, top["budget_share"]),
                 amount=money(ctx, top["budget_mnok"])) if top is not None else t(ctx, "label.none")
    headers = [esc(t(ctx, "label.group")), esc(t(ctx, "label.projects")), esc(t(ctx, "label.budget", year=ctx.year)),
               esc(t(ctx, "label.share"))]
    rows = [[esc(r["actor_group"]), esc(r["projects"]), esc(money(ctx, r["budget_mnok"])),
             esc(share(ctx, r["budget_share"], 1))] for _, r in groups.iterrows()]
    data = table_html(esc(title), headers, rows, {1, 2, 3})
    alt = t(ctx, "overview.figure2.alt", groups=", ".join(order))
    return section(figure_html(figure, title, alt, takeaway, data, ctx))


def joiners_and_leavers(ctx: Context) -> HTML:
    """Tabell 1 and 2: projects that joined (with budget) and that left (with where they went)."""
    compared = compare_periods(ctx.pf, ctx.period, ctx.previous)
    joined = compared[compared["change"] == "joined"]
    left = compared[compared["change"] == "left"]
    budget = numeric(lambda v: esc(money(ctx, v)))
    return section(
        project_table(ctx, joined, t(ctx, "overview.joiners"),
                      {"budget_current_mnok": (t(ctx, "label.budget", year=ctx.year), budget)}),
        project_table(ctx, left, t(ctx, "overview.leavers"),
                      {"destination": (t(ctx, "label.destination"), lambda v: destination(ctx, v))}),
    )


def destination(ctx: Context, value) -> str:
    """Where a leaver went; a leavers table that does not name it leaves it not given."""
    return esc(value if not fmt.is_missing(value) else t(ctx, "label.not_given"))


def carried_column(ctx: Context, frame: pd.DataFrame) -> dict:
    """A 'carried forward from' column for a project list where some values were carried forward."""
    if "carried_from" not in frame or not frame["carried_from"].notna().any():
        return {}
    return {"carried_from": (t(ctx, "label.carried_from"),
                             lambda v: "" if fmt.is_missing(v) else esc(fmt.period_name(v, ctx.language)))}


def worst_lists(ctx: Context) -> HTML:
    """The projects with the worst status and the worst risk (the red lists)."""
    worst = ctx.pf.labels[-1]
    ratings = {column: (t(ctx, f"label.{column}"), lambda v: rating_html(ctx, v)) for column in ctx.pf.rated}
    lists = {column: with_label(ctx.pf, column, ctx.period, worst).drop(
        columns=[c for c in ("status", "risk") if c not in ctx.pf.rated]) for column in ctx.pf.rated}
    return section(*(
        project_table(ctx, frame, t(ctx, f"overview.red_{column}", label=worst), {**ratings, **carried_column(ctx, frame)})
        for column, frame in lists.items()))


def not_reported(ctx: Context, change: StatusChange) -> HTML:
    """Projects the period says did not report (values carried forward), or where that is unclear."""
    reporting = lambda v: esc(t(ctx, "label.is_reported_unknown" if fmt.is_missing(v) else "label.is_reported_false"))
    shown = change.carried_forward.drop(columns=[c for c in ("status", "risk") if c not in ctx.pf.rated])
    return section(project_table(ctx, shown, t(ctx, "overview.not_reported"), {
        **{column: (t(ctx, f"label.{column}"), lambda v: rating_html(ctx, v)) for column in ctx.pf.rated},
        "is_reported": (t(ctx, "label.reporting"), reporting),
        **carried_column(ctx, shown),
    }))


# --- ratings (status and risk) ----------------------------------------------------------------------

def rating_distribution_figure(ctx: Context, distribution: pd.DataFrame, column: str) -> HTML:
    """Figur 3 / 4: projects per rating in the current period, not reported counted on its own."""
    rows = distribution[(distribution["report_period"] == ctx.period)]
    labels = ctx.pf.labels_of(ctx.period)
    rows = rows[rows["label"].isin(labels) | (rows["count"] > 0)]
    key = "status" if column == "status" else "risk"
    title = t(ctx, f"{key}.distribution.title")
    figure, axes = new_figure(title)
    words = [rating_word(ctx, label) for label in rows["label"]]
    bars = axes.bar(words, rows["count"], color=[rating_colour(ctx, label) for label in rows["label"]],
                    edgecolor="black", linewidth=0.5)
    for bar, label in zip(bars, rows["label"]):
        if label not in labels:
            bar.set_hatch("//")
    axes.bar_label(bars, labels=[f"{c} ({share(ctx, s)})" for c, s in zip(rows["count"], rows["share"])], fontsize=8)
    axes.set_xlabel(t(ctx, f"label.{column}"))
    axes.set_ylabel(t(ctx, "rating.axis.projects"))
    counts = ", ".join(f"{w} {c}" for w, c in zip(words, rows["count"]))
    ranked = rows[rows["label"].isin(labels)].sort_values("count", ascending=False)
    top = ranked.iloc[0]
    takeaway = t(ctx, "rating.distribution.takeaway", share=share(ctx, top["share"]), what=t(ctx, f"word.{column}"),
                 label=top["label"], count=top["count"], projects=int(rows["count"].sum()))
    data = table_html(esc(title), [esc(t(ctx, f"label.{column}")), esc(t(ctx, "label.count")), esc(t(ctx, "label.share"))],
                      [[rating_html(ctx, label), esc(count), esc(share(ctx, s, 1))]
                       for label, count, s in zip(rows["label"], rows["count"], rows["share"])], {1, 2})
    return section(figure_html(figure, title, t(ctx, f"{key}.distribution.alt", counts=counts), takeaway, data, ctx))


def rating_trend_figure(ctx: Context, trend: pd.DataFrame, column: str) -> HTML:
    """Share of each rating per period; shares that come from the report's text are hatched."""
    what = t(ctx, f"word.{column}")
    title = t(ctx, "rating.trend.title", what=what)
    periods = sorted(trend["report_period"].unique())
    labels = ctx.pf.labels
    figure, axes = new_figure(title)
    width = 0.8 / len(labels)
    for i, label in enumerate(labels):
        rows = trend[trend["label"] == label].set_index("report_period").reindex(periods)
        xs = [p + (i - (len(labels) - 1) / 2) * width for p in range(len(periods))]
        bars = axes.bar(xs, rows["share"].fillna(0), width, color=rating_colour(ctx, label), edgecolor="black",
                        linewidth=0.5, label=label)
        for bar, source in zip(bars, rows["source"]):
            if source == "published":
                bar.set_hatch("//")
    axes.set_xticks(range(len(periods)), [fmt.period_name(p, ctx.language) for p in periods])
    axes.set_xlabel(t(ctx, "label.period"))
    axes.set_ylabel(t(ctx, "rating.axis.share"))
    axes.yaxis.set_major_formatter(lambda value, _: share(ctx, value))
    axes.legend(fontsize=8, title=t(ctx, f"label.{column}"))
    focus = labels[len(labels) // 2]  # the middle label: yellow, the one the boards watch
    now = trend[(trend["report_period"] == ctx.period) & (trend["label"] == focus)]["share"].squeeze()
    before = trend[(trend["report_period"] == ctx.previous) & (trend["label"] == focus)]["share"].squeeze()
    takeaway = t(ctx, "rating.trend.takeaway", what=what, label=focus, current=share(ctx, now),
                 previous=share(ctx, before))
    rows = [[esc(fmt.period_name(r["report_period"], ctx.language)), rating_html(ctx, r["label"]),
             esc(share(ctx, r["share"], 1)), esc(t(ctx, "label.source_" + r["source"]))] for _, r in trend.iterrows()]
    data = table_html(esc(title), [esc(t(ctx, "label.period")), esc(t(ctx, f"label.{column}")),
                                   esc(t(ctx, "label.share")), esc(t(ctx, "label.source"))], rows, {2})
    return section(figure_html(figure, title, t(ctx, "rating.trend.alt", what=what), takeaway, data, ctx))


def transitions_table(ctx: Context, matrix: pd.DataFrame, column: str) -> HTML:
    headers = [""] + [rating_html(ctx, c) for c in matrix.columns]
    rows = [[rating_html(ctx, index)] + [esc(v) for v in row] for index, row in matrix.iterrows()]
    caption = esc(t(ctx, "rating.transitions"))
    return section(table_html(caption, headers, rows, set(range(1, len(headers))), row_headers=True))


def rating_moves(ctx: Context, result, column: str) -> HTML:
    """Worsened, improved and stayed-worst lists (or 'unknown' when the previous period has no values)."""
    what = t(ctx, f"word.{column}")
    What = what[:1].upper() + what[1:]
    worst = ctx.pf.labels[-1]
    if not ctx.pf.values_published(ctx.previous):
        return section(f'<p class="notice">{esc(t(ctx, "rating.unknown_moves", what=what))}</p>')
    render = {f"{column}_previous": (t(ctx, "label.previous"), lambda v: rating_html(ctx, v)),
              f"{column}_current": (t(ctx, "label.current"), lambda v: rating_html(ctx, v))}
    stayed = result.stayed_red
    return section(
        project_table(ctx, result.worsened, t(ctx, "rating.worsened", what=what, What=What), render),
        project_table(ctx, result.improved, t(ctx, "rating.improved", what=what, What=What), render),
        project_table(ctx, stayed, t(ctx, "rating.stayed_worst", what=what, What=What, label=worst), render),
    )


def rating_joiners_leavers(ctx: Context, result, column: str) -> HTML:
    what = t(ctx, f"word.{column}")
    What = what[:1].upper() + what[1:]
    joiners = result.joiners
    leavers = result.leavers
    return section(
        project_table(ctx, joiners, t(ctx, "rating.joiners", what=what),
                      {f"{column}_at_entry": (t(ctx, "rating.at_entry", What=What), lambda v: rating_html(ctx, v))}),
        project_table(ctx, leavers, t(ctx, "rating.leavers", what=what), {
            f"{column}_at_exit": (t(ctx, "rating.at_exit", What=What, what=what), lambda v: rating_html(ctx, v)),
            "destination": (t(ctx, "label.destination"), lambda v: destination(ctx, v))}),
    )


# --- budget -------------------------------------------------------------------------------------------

def basis_word(ctx: Context, basis: str) -> str:
    return t(ctx, f"label.source_{basis}")


def budget_takeaway(ctx: Context, decline: BudgetDecline) -> HTML:
    bridge = decline.bridge.set_index("step")
    before, after = bridge.loc["previous_total", "amount_mnok"], bridge.loc["current_total", "amount_mnok"]
    if fmt.is_missing(before) or fmt.is_missing(after):
        return section(f'<p class="headline">{esc(t(ctx, "budget.takeaway.unknown"))}</p>')
    key = "budget.takeaway.fell" if after < before else "budget.takeaway.rose"
    text = t(ctx, key, change=money(ctx, abs(after - before)), previous_total=money(ctx, before),
             current_total=money(ctx, after), previous_basis=basis_word(ctx, bridge.loc["previous_total", "basis"]),
             current_basis=basis_word(ctx, bridge.loc["current_total", "basis"]))
    zero = decline.totals.set_index("report_period").loc[ctx.period]
    counts = t(ctx, "budget.zero_and_missing", zero=fmt.number(zero["zero_budgets"], ctx.language),
               missing=fmt.number(zero["missing_budgets"], ctx.language),
               zero_not_reported=fmt.number(zero["zero_not_reported"], ctx.language))
    return section(f'<p class="headline">{esc(text)}</p>', f"<p>{esc(counts)}</p>")


def step_name(ctx: Context, step: str) -> str:
    return t(ctx, f"budget.step.{step}")


def step_note(ctx: Context, row: pd.Series) -> str:
    step = row["step"]
    if step in ("previous_total", "current_total"):
        return t(ctx, "budget.step.note.previous_total", basis=basis_word(ctx, row["basis"]))
    if step == "unknown":
        return t(ctx, "budget.step.note.unknown")
    if row["basis"] == "unknown":
        unpublished = ctx.previous if not ctx.pf.values_published(ctx.previous) else ctx.period
        return t(ctx, "budget.step.note.unknown_step", period_name=fmt.period_name(unpublished, ctx.language))
    return t(ctx, f"budget.step.note.{step}", projects=row["projects"])


def bridge_figure(ctx: Context, decline: BudgetDecline) -> HTML:
    """Waterfall from the previous total to the current: unknown steps empty, the unexplained part hatched."""
    bridge = shown_steps(decline.bridge)
    title = t(ctx, "budget.bridge.title")
    figure, axes = new_figure(title, height=4)
    level = 0.0
    for x, row in enumerate(bridge.itertuples()):
        amount = row.amount_mnok
        if row.step in ("previous_total", "current_total"):
            bottom, height, colour = 0, (0 if pd.isna(amount) else amount), "#0072B2"
            level = 0 if pd.isna(amount) else amount
        else:
            if pd.isna(amount):
                axes.text(x, level, t(ctx, "label.unknown").lower(), ha="center", va="bottom", fontsize=8,
                          style="italic")
                continue
            bottom, height = level, amount
            colour = "#999999" if row.step == "unknown" else ("#009E73" if amount >= 0 else "#D55E00")
            level += amount
        bar = axes.bar(x, height, bottom=bottom, color=colour, edgecolor="black", linewidth=0.5,
                       hatch="//" if row.step == "unknown" else None)
        axes.bar_label(bar, labels=[fmt.number(amount, ctx.language, signed=row.step not in (
            "previous_total", "current_total"))], fontsize=8)
    axes.set_xticks(range(len(bridge)), [step_name(ctx, s) for s in bridge["step"]], fontsize=8, rotation=15)
    top = max([v for v in bridge["amount_mnok"].cumsum() if pd.notna(v)] + list(bridge["amount_mnok"].dropna()) + [1])
    axes.set_ylim(top=top * 1.12)
    axes.title.set_position((0, 1.04))
    axes.set_ylabel(f'{t(ctx, "budget.axis")} ({unit_label(ctx)})')
    axes.set_xlabel(t(ctx, "label.change"))
    steps = bridge.set_index("step")["amount_mnok"]
    takeaway = t(ctx, "budget.bridge.takeaway" if "unknown" in steps else "budget.bridge.takeaway_all_assigned",
                 left=money(ctx, steps["left"], True), joined=money(ctx, steps["joined"], True),
                 continuing=money(ctx, steps["continuing_change"], True),
                 unknown=money(ctx, steps.get("unknown"), True))
    rows = [[esc(step_name(ctx, r["step"])), esc(money(ctx, r["amount_mnok"], r["step"] not in (
        "previous_total", "current_total"))), esc(r["projects"]), esc(step_note(ctx, r))]
            for _, r in bridge.iterrows()]
    data = table_html(esc(title), [esc(t(ctx, "label.change")), esc(t(ctx, "label.budget_plain")),
                                   esc(t(ctx, "label.projects")), ""], rows, {1, 2})
    return section(figure_html(figure, title, t(ctx, "budget.bridge.alt"), takeaway, data, ctx))


def shown_steps(bridge: pd.DataFrame) -> pd.DataFrame:
    """The bridge as the page shows it: the step that cannot be assigned only when something is unknown
    (an amount, or a project without a budget), never as "0 mill. kr, 0 projects"."""
    amount = bridge["amount_mnok"]
    nothing = (bridge["step"] == "unknown") & (bridge["projects"] == 0) & amount.notna() & (amount.abs() < 1e-9)
    return bridge[~nothing].reset_index(drop=True)


def budget_totals_table(ctx: Context, decline: BudgetDecline) -> HTML:
    headers = [esc(t(ctx, "label.period")), esc(t(ctx, "label.projects")), esc(t(ctx, "label.rows_total")),
               esc(t(ctx, "label.published_total")), esc(t(ctx, "label.difference")),
               esc(t(ctx, "label.zero_budgets")), esc(t(ctx, "label.missing_budgets"))]
    rows = [[esc(fmt.period_name(r["report_period"], ctx.language)), esc(r["projects"]),
             esc(money(ctx, r["budget_rows_mnok"])), esc(money(ctx, r["budget_published_mnok"])),
             esc(money(ctx, r["difference_mnok"], True)), esc(fmt.number(r["zero_budgets"], ctx.language)),
             esc(fmt.number(r["missing_budgets"], ctx.language))] for _, r in decline.totals.iterrows()]
    return section(table_html(esc(t(ctx, "budget.totals")), headers, rows, {1, 2, 3, 4, 5, 6}))


def budget_by_area_figure(ctx: Context, decline: BudgetDecline) -> HTML:
    """Budget per strategic area; nothing for a portfolio whose projects name no strategic area."""
    frame = decline.by_strategic_area.copy()
    if frame["strategic_area"].isna().all():
        return section()
    names = ctx.pf.panel.drop_duplicates("strategic_area").set_index("strategic_area")["strategic_area_name"]
    frame["name"] = [f"{int(a)} {names.get(a, '')}" if not fmt.is_missing(a) else t(ctx, "label.unknown")
                     for a in frame["strategic_area"]]
    frame = frame.sort_values("budget_mnok")
    title = t(ctx, "budget.by_area.title")
    figure, axes = new_figure(title, height=0.4 * len(frame) + 1.2)
    axes.barh(frame["name"], frame["budget_mnok"].fillna(0), color=BAR_COLOUR)
    for y, budget in enumerate(frame["budget_mnok"]):
        axes.text(0 if pd.isna(budget) else budget, y, "  " + fmt.number(budget, ctx.language), va="center", fontsize=8)
    axes.set_xlabel(f'{t(ctx, "label.budget", year=ctx.year)} ({unit_label(ctx)})')
    axes.set_ylabel(t(ctx, "label.strategic_area"))
    top = frame.iloc[-1]
    takeaway = t(ctx, "budget.by_area.takeaway", area=top["name"], amount=money(ctx, top["budget_mnok"]),
                 share=share(ctx, top["budget_share"]))
    rows = [[esc(r["name"]), esc(r["projects"]), esc(money(ctx, r["budget_mnok"])), esc(share(ctx, r["budget_share"], 1))]
            for _, r in frame.iloc[::-1].iterrows()]
    data = table_html(esc(title), [esc(t(ctx, "label.strategic_area")), esc(t(ctx, "label.projects")),
                                   esc(t(ctx, "label.budget", year=ctx.year)), esc(t(ctx, "label.share"))], rows, {1, 2, 3})
    return section(figure_html(figure, title, t(ctx, "budget.by_area.alt"), takeaway, data, ctx))


def budget_by_actor_table(ctx: Context, decline: BudgetDecline) -> HTML:
    return section(actor_budget_table(ctx, decline.by_actor))


def largest_changes(ctx: Context, decline: BudgetDecline) -> HTML:
    if not (ctx.pf.values_published(ctx.previous) and ctx.pf.values_published(ctx.period)):
        return section(f'<p class="notice">{esc(t(ctx, "rating.unknown_moves", what=t(ctx, "label.budget_plain").lower()))}</p>')
    render = {
        "budget_previous_mnok": (t(ctx, "label.budget_previous"), numeric(lambda v: esc(money(ctx, v)))),
        "budget_current_mnok": (t(ctx, "label.budget_current"), numeric(lambda v: esc(money(ctx, v)))),
        "change_mnok": (t(ctx, "label.change"), numeric(lambda v: esc(money(ctx, v, True)))),
    }
    return section(project_table(ctx, decline.increases, t(ctx, "budget.increases"), render),
                   project_table(ctx, decline.decreases, t(ctx, "budget.decreases"), render))


# --- risk ---------------------------------------------------------------------------------------------

def risk_takeaway(ctx: Context, risk: RiskAnalysis) -> HTML:
    text = t(ctx, "risk.takeaway", red=len(risk.red_risk), warning=len(risk.early_warning), label=ctx.pf.labels[-1])
    return section(f'<p class="headline">{esc(text)}</p>')


def count_table(ctx: Context, table: pd.DataFrame, caption: str, index_render) -> HTML:
    columns = [c for c in table.columns]
    headers = [""] + [rating_html(ctx, c) if c in ctx.pf.labels or c in (NOT_REPORTED, UNKNOWN)
                      else esc(t(ctx, "label.projects")) for c in columns]
    rows = [[index_render(index)] + [esc(v) for v in row] for index, row in table.iterrows()]
    return section(table_html(esc(caption), headers, rows, set(range(1, len(headers))), row_headers=True))


def status_by_risk_table(ctx: Context, risk: RiskAnalysis) -> HTML:
    return count_table(ctx, risk.status_by_risk, t(ctx, "risk.status_by_risk"), lambda v: rating_html(ctx, v))


def risk_lists(ctx: Context, risk: RiskAnalysis) -> HTML:
    worst = ctx.pf.labels[-1]
    ratings = {"status": (t(ctx, "label.status"), lambda v: rating_html(ctx, v)),
               "risk": (t(ctx, "label.risk"), lambda v: rating_html(ctx, v))}
    return section(project_table(ctx, risk.red_risk, t(ctx, "overview.red_risk", label=worst),
                                 {**ratings, **carried_column(ctx, risk.red_risk)}),
                   project_table(ctx, risk.early_warning, t(ctx, "risk.early_warning", label=worst),
                                 {**ratings, **carried_column(ctx, risk.early_warning)}))


def risk_by_actor_table(ctx: Context, risk: RiskAnalysis) -> HTML:
    return count_table(ctx, risk.by_actor, t(ctx, "risk.by_actor"), esc)


def risk_by_area_table(ctx: Context, risk: RiskAnalysis) -> HTML:
    names = ctx.pf.panel.drop_duplicates("strategic_area").set_index("strategic_area")["strategic_area_name"]
    return count_table(ctx, risk.by_strategic_area, t(ctx, "risk.by_area"),
                       lambda a: esc(f"{a} {names.get(a, '')}" if not fmt.is_missing(a) else t(ctx, "label.unknown")))
