"""The period as a workbook: ``<portfolio>-<period>.xlsx`` beside the single file, one sheet per table a
reader would filter.

The sheets hold the tables the pages show, from the same analyses (``ctx.comparison``, ``pa.project_changes``,
``pa.budget_decline``, ``pa.cost_change``, the red lists): the period's projects, those that joined, those
that left (with where they went), the changes of the projects in both periods, the budget bridge, the cost
bridge where the periods give whole-life costs, and a red list per rated column. A first sheet, "About",
gives the title, the periods, the source, the as-of date, how to read the sheets and the input files.

Headers are the report's words in its language (``maps/texts.yml``); numbers stay numbers with a number
format (the reader's spreadsheet shows them in its locale), full dates are dates, and a date given only as a
month or a year stays text of that precision. An unknown value is an empty cell, never 0; where the
submission says why, the reason is in a column beside it. Every sheet has its header frozen and an autofilter.
This module formats; it computes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import formatting as fmt
from ..analysis.changes import project_changes
from ..analysis.budget import budget_decline
from ..analysis.cost import cost_change
from ..analysis.ratings import with_label
from .catalogue import Context, area_label, period_name, rating_word, t, unit_label
from .pages.budget_decline import shown_steps, step_name, step_note

MONEY_FORMAT = "#,##0.0"
COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
SHEET_NAME_LIMIT = 31  # Excel's
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})
OTHER_MONEY = ("budget", "budget_next_year", "forecast", "whole_life_cost")  # beside the portfolio's own money
DATES = ("planned_start", "planned_end")
COMMENTS = ("status_comment", "risk_comment", "schedule_comment", "cost_comment", "forecast_comment")
ABOUT_WIDTH = 110  # the About sheet's two columns together, in characters
WIDTHS = {"text": 24, "name": 46, "money": 14, "count": 10, "date": 12, "rating": 14, "comment": 60, "id": 12}


@dataclass(frozen=True)
class Field:
    """One column of a sheet: the frame's column, its header, and how a value is written."""

    source: str
    header: str
    kind: str = "text"  # text, name, id, money, count, date, rating, comment
    shown: Callable | None = None  # value -> what the cell holds (a word), for text columns


@dataclass(frozen=True)
class Sheet:
    name: str
    frame: pd.DataFrame
    fields: list[Field]


def workbook_name(ctx: Context) -> str:
    return f"{ctx.pf.name}-{ctx.period}.xlsx"


def write_workbook(ctx: Context, path: Path, generated: str, files: list[tuple[str, str]]) -> None:
    """Writes the period's workbook to ``path``; ``files``: (file, SHA-256) of every input, as the pages'
    provenance lists them."""
    book = Workbook()
    sheets = workbook_sheets(ctx)
    write_about(ctx, book.active, sheets, generated, files)
    for sheet in sheets:
        write_sheet(ctx, book.create_sheet(sheet_name(sheet.name)), sheet)
    book.save(path)


def sheet_name(name: str) -> str:
    return name.translate(FORBIDDEN_IN_SHEET_NAMES)[:SHEET_NAME_LIMIT]


def workbook_sheets(ctx: Context) -> list[Sheet]:
    """The sheets after "About", in the order a reader meets the tables on the pages."""
    comparison = ctx.comparison
    projects = period_projects(ctx)
    sheets = [Sheet(t(ctx, "workbook.sheet.projects"), projects, project_fields(ctx, projects)),
              Sheet(t(ctx, "workbook.sheet.joined"), comparison.changed("joined"), joined_fields(ctx)),
              Sheet(t(ctx, "workbook.sheet.left"), comparison.changed("left"), left_fields(ctx)),
              Sheet(t(ctx, "workbook.sheet.changes"), project_changes(comparison), change_fields(ctx))]
    sheets.append(Sheet(t(ctx, "workbook.sheet.budget_bridge"), budget_bridge_rows(ctx), bridge_fields(ctx)))
    if comparison.gives("whole_life_cost"):
        sheets.append(Sheet(t(ctx, "workbook.sheet.cost_bridge"), cost_change(comparison).bridge.assign(
            step=lambda frame: [t(ctx, f"cost.step.{step}") for step in frame["step"]]), cost_bridge_fields(ctx)))
    worst = ctx.pf.labels[-1]
    for column in ctx.pf.rated:
        word = t(ctx, f"word.{column}")
        sheets.append(Sheet(t(ctx, "workbook.sheet.red", label=worst, word=word),
                            with_label(ctx.pf, column, ctx.period, worst), red_fields(ctx)))
    return sheets


def period_projects(ctx: Context) -> pd.DataFrame:
    """The period's rows, each strategic area written as the pages write it (``4 Helsehjelp på nye måter``)."""
    rows = ctx.pf.rows(ctx.period).reset_index(drop=True)
    if "strategic_area" not in rows:
        return rows
    names = rows.get("strategic_area_name", pd.Series(pd.NA, index=rows.index))
    return rows.assign(strategic_area_label=[None if fmt.is_missing(area) else area_label(ctx, area, name)
                                             for area, name in zip(rows["strategic_area"], names)])


def identity_fields(ctx: Context) -> list[Field]:
    return [Field("project_id", t(ctx, "label.id"), "id"), Field("project_name", t(ctx, "label.project"), "name"),
            Field("actor", t(ctx, "label.actor"))]


def rating_fields(ctx: Context, suffix: str = "") -> list[Field]:
    return [Field(f"{column}{suffix}", t(ctx, f"label.{column}"), "rating") for column in ctx.pf.rated]


def money_header(ctx: Context, key: str) -> str:
    return f"{t(ctx, key)} ({unit_label(ctx)})"


def project_fields(ctx: Context, rows: pd.DataFrame) -> list[Field]:
    """The period's projects: who, where, the ratings, the money (and why not given), the dates, the
    comments, and whether the values are the owner's own this period or carried forward."""
    def given(column):
        return column in rows and rows[column].notna().any()

    fields = identity_fields(ctx) + [Field("actor_group", t(ctx, "label.group"))]
    if given("strategic_area"):
        fields.append(Field("strategic_area_label", t(ctx, "label.strategic_area")))
    fields += rating_fields(ctx)
    fields.append(Field("budget_mnok", money_header(ctx, "label.budget_current"), "money"))
    if given("budget_marker"):
        fields.append(Field("budget_marker", t(ctx, "workbook.col.why_not_given"), shown=marker_word(ctx)))
    for column in OTHER_MONEY:
        if column != ctx.pf.money and given(column):
            fields.append(Field(column, money_header(ctx, f"workbook.col.{column}"), "money"))
    fields += [Field(column, t(ctx, f"workbook.col.{column}"), "date") for column in DATES if given(column)]
    fields += [Field(column, t(ctx, f"workbook.col.{column}"), "comment") for column in COMMENTS if given(column)]
    fields.append(Field("is_reported", t(ctx, "label.reporting"), shown=reported_word(ctx)))
    if given("carried_from"):
        fields.append(Field("carried_from", t(ctx, "label.carried_from"), shown=lambda p: period_name(ctx, p)))
    return fields


def joined_fields(ctx: Context) -> list[Field]:
    return identity_fields(ctx) + rating_fields(ctx, "_current") + [
        Field("budget_current_mnok", money_header(ctx, "label.budget_current"), "money")]


def left_fields(ctx: Context) -> list[Field]:
    return identity_fields(ctx) + rating_fields(ctx, "_previous") + [
        Field("budget_previous_mnok", money_header(ctx, "label.budget_previous"), "money"),
        Field("destination", t(ctx, "label.destination"))]


def change_fields(ctx: Context) -> list[Field]:
    """Per rated column its label in both periods and the move; the money of both periods and the change."""
    fields = identity_fields(ctx)
    move = move_word(ctx)
    for column in ctx.pf.rated:
        what = t(ctx, f"label.{column}")
        fields += [Field(f"{column}_previous", t(ctx, "workbook.col.previous", what=what), "rating"),
                   Field(f"{column}_current", t(ctx, "workbook.col.current", what=what), "rating"),
                   Field(f"{column}_move", t(ctx, "workbook.col.move", word=t(ctx, f"word.{column}")), shown=move)]
    return fields + [Field("budget_previous_mnok", money_header(ctx, "label.budget_previous"), "money"),
                     Field("budget_current_mnok", money_header(ctx, "label.budget_current"), "money"),
                     Field("change_mnok", money_header(ctx, "label.change"), "money"),
                     Field("carried_from", t(ctx, "label.carried_from"), shown=lambda p: period_name(ctx, p))]


def budget_bridge_rows(ctx: Context) -> pd.DataFrame:
    """The budget page's bridge, its steps and notes in the page's words."""
    bridge = shown_steps(budget_decline(ctx.comparison).bridge)
    return bridge.assign(step_name=[step_name(ctx, step) for step in bridge["step"]],
                         step_note=[step_note(ctx, row) for _, row in bridge.iterrows()])


def bridge_fields(ctx: Context) -> list[Field]:
    return [Field("step_name", t(ctx, "label.step")), Field("amount_mnok", money_header(ctx, "label.amount"), "money"),
            Field("projects", t(ctx, "label.projects"), "count"), Field("step_note", t(ctx, "budget.bridge.note"),
                                                                        "comment")]


def cost_bridge_fields(ctx: Context) -> list[Field]:
    return [Field("step", t(ctx, "label.step")), Field("projects", t(ctx, "label.projects"), "count"),
            Field("amount", money_header(ctx, "label.amount"), "money")]


def red_fields(ctx: Context) -> list[Field]:
    return identity_fields(ctx) + rating_fields(ctx) + [
        Field("budget_mnok", money_header(ctx, "label.budget_current"), "money"),
        Field("carried_from", t(ctx, "label.carried_from"), shown=lambda p: period_name(ctx, p)),
        Field("comment", t(ctx, "label.reason"), "comment")]


def marker_word(ctx: Context) -> Callable:
    return lambda marker: t(ctx, f"label.{marker}")


def reported_word(ctx: Context) -> Callable:
    """True: reported; False: carried forward; unknown: unclear (never left blank: it is what the cell says)."""
    return lambda value: t(ctx, "workbook.reported." + ({True: "yes", False: "carried"}.get(value, "unclear")))


def move_word(ctx: Context) -> Callable:
    return lambda move: t(ctx, f"workbook.move.{move}")


def cell_value(ctx: Context, field: Field, row: pd.Series):
    """What one cell holds: a number, a date, a word, or None (an empty cell: unknown)."""
    value = row.get(field.source) if field.source in row else None
    if field.kind == "rating":
        return rating_cell(ctx, field, row, value)
    if field.source == "is_reported":
        return field.shown(None if fmt.is_missing(value) else bool(value))
    if fmt.is_missing(value):
        return None
    if field.kind in ("money", "count"):
        return float(value) if field.kind == "money" else int(value)
    if field.kind == "date":
        return date_cell(str(value))
    if field.kind == "id" and str(value).isdigit():
        return int(value)  # whole-number ids sort and filter as numbers (11 before 100); text ids stay text
    return field.shown(value) if field.shown else str(value)


def rating_cell(ctx: Context, field: Field, row: pd.Series, value):
    """The rating's word; where the rating is not given, the reason the submission gives (exempt, not
    rated) or an empty cell."""
    if not fmt.is_missing(value):
        return rating_word(ctx, value)
    marker = row.get(marker_column(field.source))
    return None if fmt.is_missing(marker) else t(ctx, f"label.{marker}")


def marker_column(column: str) -> str:
    """Where a rating's reason for not being given is: ``status`` -> ``status_marker``, ``status_previous``
    -> ``status_marker_previous`` (as the comparison names them)."""
    for side in ("_previous", "_current"):
        if column.endswith(side):
            return f"{column[:-len(side)]}_marker{side}"
    return f"{column}_marker"


def date_cell(text: str):
    """A full ISO date as a date; a month or a year as text of that precision."""
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else text
    except ValueError:
        return text


def write_sheet(ctx: Context, sheet, content: Sheet) -> None:
    """One table: its header in bold, frozen, with an autofilter; each column its width and number format."""
    sheet.append([field.header for field in content.fields])
    for _, row in content.frame.iterrows():
        sheet.append([cell_value(ctx, field, row) for field in content.fields])
    for index, field in enumerate(content.fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(WIDTHS.get(field.kind, WIDTHS["text"]), min(len(field.header) + 2, 40))
        number_format = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "date": DATE_FORMAT}.get(field.kind)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if number_format and not isinstance(cell.value, str):
                cell.number_format = number_format
            if field.kind == "comment":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def write_about(ctx: Context, sheet, sheets: list[Sheet], generated: str, files: list[tuple[str, str]]) -> None:
    """The first sheet: the report's title and periods, where the data come from, what each sheet holds,
    how to read an empty cell, and the input files with their SHA-256."""
    sheet.title = sheet_name(t(ctx, "workbook.sheet.about"))
    headings = {t(ctx, f"workbook.about.{key}") for key in ("sheets", "legend", "inputs", "file")}
    period = ctx.pf.periods.set_index("report_period").loc[ctx.period]
    sheet.append([t(ctx, "workbook.about.heading")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    facts = [("workbook.about.period", period_name(ctx, ctx.period)),
             ("workbook.about.previous", period_name(ctx, ctx.previous)),
             ("workbook.about.source", None if fmt.is_missing(period.get("source")) else str(period.get("source"))),
             ("workbook.about.as_of", None if fmt.is_missing(period.get("as_of")) else date_cell(str(period.get("as_of"))[:10])),
             ("workbook.about.generated", generated)]
    for key, value in facts:
        sheet.append([t(ctx, key), value])
    sheet.append([])
    sheet.append([t(ctx, "workbook.about.sheets")])
    for content in sheets:
        sheet.append([sheet_name(content.name), len(content.frame)])
    sheet.append([])
    sheet.append([t(ctx, "workbook.about.legend")])
    for key in ("unknown", "amounts", "dates", "carried"):  # a sentence across both columns, wrapped
        sheet.append([t(ctx, f"workbook.about.{key}", why=t(ctx, "workbook.col.why_not_given"), unit=unit_label(ctx))])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[sheet.max_row].height = wrapped_height(sheet.cell(sheet.max_row, 1).value, ABOUT_WIDTH)
    sheet.append([])
    sheet.append([t(ctx, "workbook.about.inputs")])
    sheet.append([t(ctx, "workbook.about.file"), "SHA-256"])
    for file, sha256 in files:
        sheet.append([file, sha256])
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2):  # a date or a count beside its label, not far right
        cell.alignment = Alignment(horizontal="left")
        if isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value in headings:
            sheet.cell(row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 40, ABOUT_WIDTH - 40


def wrapped_height(text: str, width: float) -> float:
    """A row's height in points for a wrapped text in a column ``width`` characters wide: Excel and
    LibreOffice keep a generated row one line high unless told."""
    lines = sum(max(1, math.ceil(len(part) / (width * 1.1))) for part in text.split("\n"))
    return 15.0 * lines + 3
