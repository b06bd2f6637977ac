"""``reports/index.html``: every rendered period of every portfolio, newest first, each with its figures.

The figures of a period are those its own report recorded when it was rendered (``report.json``'s
``index``: :func:`index_record`, from the analysis' :func:`pa.period_summary <.period_summary>`), never
computed here: a period rendered again brings its new figures, the others keep the ones their pages show,
and the index needs no data folder. A period rendered before its report recorded them says so.

Each portfolio's table is in its reports' language (Norwegian rows for e-helse, English for an English
profile), its headings the words its pages use (a profile's own where it has them: its rating's name, its
money measure's).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from markupsafe import Markup

from . import formatting as fmt
from ..analysis.summary import period_summary
from .catalogue import Context, t, text_in
from .html import environment, stylesheet

INDEX_FIELD = "index"  # the key of report.json holding what the index shows of the period
INDEX_CSS = Path(__file__).parent / "index.css"  # the index's own table: rows as cards on a phone


def index_record(ctx: Context) -> dict:
    """What the index shows of this period, recorded in its ``report.json``: the analysis' summary of the
    period (:class:`~portfolio_analysis.analysis.summary.PeriodSummary`, as JSON) and the report's own words
    for its rated columns and its money."""
    words = {column: t(ctx, f"label.{column}") for column in ctx.pf.rated}
    words["money"] = t(ctx, "label.budget")
    return {**period_summary(ctx.pf, ctx.period, ctx.previous).record(), "words": words}


def single_file_link(entry: dict) -> dict | None:
    """The link to a period's single file; a report rendered before there was one has none."""
    if not entry.get("single_file"):
        return None
    return {"href": f'{entry["portfolio"]}/{entry["period"]}/{entry["single_file"]}',
            "label": text_in(entry["language"], "index.single_file")}


def take_away_links(entry: dict) -> dict:
    """The period's workbook and PDF beside its single file, or the one line saying why there is no PDF; a
    report rendered before there were any has none."""
    folder = f'{entry["portfolio"]}/{entry["period"]}'
    links = [{"href": f"{folder}/{entry[field]}", "label": text_in(entry["language"], key)}
             for field, key in (("workbook", "workbook.link"), ("pdf", "pdf.link")) if entry.get(field)]
    return {"links": links, "note": entry.get("no_pdf")}


def red_cell(record: dict, column: str, language: str) -> str:
    """``2``, ``3 (1 videreført)``, or the word for unknown."""
    count, carried = record["red"].get(column), record["red_carried"].get(column)
    if count is None:
        return fmt.UNKNOWN_WORD[language]
    shown = fmt.number(count, language)
    return f'{shown} ({text_in(language, "index.red_carried").format(count=fmt.number(carried, language))})' \
        if carried else shown


def money_cell(record: dict, heading: str, language: str) -> str:
    """The sum of the rows with the published total beside it where the period publishes one; only the
    published total where the rows give none; how many give the money where some do not; the measure's
    own name where it differs from the column's (another budget year)."""
    def amount(value):
        return fmt.amount(value, language, record["unit"])

    rows, published = record["money_rows"], record["money_published"]
    notes = []
    if rows is None:
        text = amount(published)
        if published is not None:
            notes.append(text_in(language, "index.published_only"))
    else:
        text = amount(rows)
        if record["money_given"] is not None and record["money_given"] < record["projects"]:
            notes.append(text_in(language, "index.given").format(given=fmt.number(record["money_given"], language),
                                                               projects=fmt.number(record["projects"], language)))
        if published is not None:
            notes.append(text_in(language, "index.published").format(amount=amount(published)))
    if record["words"]["money"] != heading:
        notes.insert(0, record["words"]["money"])
    return f'{text} ({"; ".join(notes)})' if notes else text


def warnings(record: dict, language: str) -> list[str]:
    """What a reader must know before reading the period's figures, one sentence each."""
    def say(key, **values):
        return text_in(language, f"index.{key}").format(**values)

    def names(items):
        return ", ".join(items)

    found = []
    if not record["values_published"]:
        found.append(say("unknown_values"))
    if record["not_sent"]:
        found.append(say("not_sent", names=names(record["not_sent"])))
    if record["carried_forward"]:
        found.append(say("carried", count=fmt.number(record["carried_forward"], language),
                         periods=names(fmt.period_name(p, language) for p in record["carried_from"])))
    if record["reporting_unclear"]:
        found.append(say("unclear", count=fmt.number(record["reporting_unclear"], language),
                         names=names(record["unclear_organisations"])))
    if record["gone_missing"]:
        found.append(say("gone_missing", count=fmt.number(record["gone_missing"], language)))
    if record["scale_before"] is not None:
        found.append(say("scale_change", previous_name=fmt.period_name(record["previous"], language),
                         period_name=fmt.period_name(record["period"], language),
                         before=len(record["scale_before"]), after=len(record["scale_after"]),
                         before_labels=", ".join(record["scale_before"]),
                         after_labels=", ".join(record["scale_after"]), worst=record["worst"]))
    return found


def portfolio_table(portfolio: str, entries: list[dict]) -> dict:
    """One portfolio's section: its periods newest first, in its reports' language, with its figures. The
    headings take the words of the newest period that recorded them."""
    rows = sorted(entries, key=lambda e: e["period"], reverse=True)
    language = rows[0]["language"]
    recorded = [e[INDEX_FIELD] for e in rows if e.get(INDEX_FIELD)]
    newest = recorded[0] if recorded else None
    rated = list(newest["red"]) if newest else []
    headings = {"period": text_in(language, "index.period"), "projects": text_in(language, "label.projects"),
                "red": [text_in(language, "index.red").format(rating=newest["words"][column], worst=newest["worst"])
                        for column in rated],
                "money": newest["words"]["money"] if newest else "", "warnings": text_in(language, "index.warnings")}
    periods = []
    for entry in rows:
        record = entry.get(INDEX_FIELD)
        row = {"href": f'{portfolio}/{entry["period"]}/index.html', "name": fmt.period_name(entry["period"], language),
               "period": entry["period"], "generated": entry["generated"], "single_file": single_file_link(entry),
               "take_away": take_away_links(entry),
               "compared": text_in(language, "index.compared").format(
                   previous_name=fmt.period_name(entry["previous"], language)) if entry.get("previous") else "",
               "recorded": record is not None}
        synthetic = [text_in(language, "page.synthetic")] if entry.get("synthetic") else []
        if record is not None:
            row.update(projects=fmt.number(record["projects"], language),
                       red=[red_cell(record, column, language) for column in rated],
                       money=money_cell(record, headings["money"], language),
                       warnings=synthetic + warnings(record, language))
        else:
            row.update(warnings=synthetic + [text_in(language, "index.not_recorded")])
        periods.append(row)
    return {"title": rows[0]["title"], "language": language, "headings": headings, "recorded": newest is not None,
            "no_warnings": text_in(language, "index.no_warnings"), "entries": periods}


def write_reports_index(root: Path) -> Path:
    """Writes the index of the reports under ``root`` from each period's ``report.json``."""
    entries = []
    for meta_file in sorted(root.glob("*/*/report.json")):
        if meta_file.parts[-3].startswith(("_", ".")) or meta_file.parts[-2].startswith("."):
            continue
        entries.append(json.loads(meta_file.read_text(encoding="utf-8")))
    portfolios = [portfolio_table(portfolio, [e for e in entries if e["portfolio"] == portfolio])
                  for portfolio in sorted({e["portfolio"] for e in entries})]
    env = environment()
    body = Markup("<h1>Portfolio reports · Porteføljerapporter</h1>\n") + Markup(
        env.get_template("index.html.j2").render(portfolios=portfolios))
    css = stylesheet() + "\n" + INDEX_CSS.read_text(encoding="utf-8")
    page = env.get_template("page.html.j2").render(language="en", title="Portfolio reports", css=Markup(css),
                                                   links=[], body=body, provenance=None)
    index = root / "index.html"
    temporary = index.with_name(".index.html.tmp")
    try:
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, index)
    finally:
        temporary.unlink(missing_ok=True)
    return index
