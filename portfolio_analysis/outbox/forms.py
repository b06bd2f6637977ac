"""The pre-filled form an organisation gets before a period's deadline: one .xlsx per organisation, in the
profile's language, that the intake reads back as the organisation's submission.

A form has four sheets: instructions (portfolio, organisation, period, deadline, whom to ask, what each
column means); the organisation's projects with last period's values (ids, names and organisation locked,
ratings a choice list of the scale's words, budgets numbers from 0 to the profile's limit, dates checked as
dates, comments wide and wrapping, the header frozen); a sheet for new projects with the same columns; and
one for projects leaving, with the destination a choice list of those the portfolio knows.

The workbook's custom document properties (:data:`FORM_PROPERTY` and the names beside it) say which
portfolio, period and organisation it is for and which table each sheet holds; the intake reads them back
(:mod:`read.xlsx.properties`). This module formats what :mod:`analysis.form_content` found; it computes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from ..pipeline.folders import staging_beside, swap_in, write_errors_reported
from ..read.xlsx.properties import FORM_ORGANISATION, FORM_PERIOD, FORM_PORTFOLIO, FORM_SHEETS
from ..report.catalogue import text_in
from ..report.formatting import date as date_text, number, period_name
from ..report.workbook import wrapped_height

INSTRUCTION_WIDTHS = (26, 90)  # the instructions sheet's two columns, in characters
JOINER_ROWS = 30  # blank rows made ready (validated, wrapping) on the new-projects sheet
LEAVER_ROWS = 20
LEAVER_COLUMNS = ("project_id", "project_name", "actor", "destination")
WIDTHS = {"focus_area": 36, "project_id": 9, "project_name": 40, "actor": 24, "owner": 22, "status": 11, "risk": 11,
          "budget": 14, "planned_start": 16, "planned_end": 16, "status_comment": 60, "risk_comment": 60,
          "destination": 22}
COMMENTS = ("status_comment", "risk_comment")
DATES = ("planned_start", "planned_end")
DATE_FORMAT = "DD.MM.YYYY"
BUDGET_FORMAT = "General"  # 32 shows as 32, 75.868 as typed, in the reader's decimal mark
FIRST_DAY, LAST_DAY = 1, 73050  # Excel's day numbers of 1900-01-01 and 2099-12-31
HEADER_FILL = PatternFill("solid", fgColor="FFD9E2F3")
LOCKED_FILL = PatternFill("solid", fgColor="FFEDEDED")
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class Form:
    """What one organisation's form says: the facts of the period and its projects' last values."""

    portfolio: str  # the portfolio's folder name, as the intake reads it back
    title: str
    organisation: str
    period: str
    from_period: str
    deadline: dt.date | None
    contact: str | None
    language: str
    labels: dict[str, tuple[str, ...]]  # rating column -> the scale's words, best first
    budget_year: int
    budget_unit: str
    budget_limit: float | None
    destinations: tuple[str, ...]
    columns: tuple[str, ...]  # the standard columns of the projects sheets, in order
    rows: pd.DataFrame  # analysis.form_content.form_rows

    def text(self, key: str, **values) -> str:
        return text_in(self.language, f"form.{key}").format(**values)

    def header(self, column: str) -> str:
        return self.text(f"header.{column}", year=self.budget_year)

    @property
    def sheet_names(self) -> dict[str, str]:
        return {kind: self.text(f"sheet.{kind}") for kind in ("instructions", "projects", "joiners", "leavers")}

    @property
    def file_name(self) -> str:
        name = self.text("file_name", organisation=self.organisation,
                         period_name=period_name(self.period, self.language))
        return "".join("-" if char in '/\\:*?"<>|' else char for char in name) + ".xlsx"


def write_forms(forms: list[Form], folder: Path) -> list[Path]:
    """Writes every form into ``folder``, whole or not at all: into a folder beside it, swapped in when all
    are written. Returns the forms' paths."""
    with write_errors_reported(str(folder), "nothing was written"):
        with staging_beside(folder, "forms") as staging:
            for form in forms:
                write_form(form, staging / form.file_name)
            swap_in(staging, folder)
    return [folder / form.file_name for form in forms]


def write_form(form: Form, path: Path) -> None:
    """One organisation's form, as the module docstring describes it."""
    book = Workbook()
    names = form.sheet_names
    instructions = book.active
    instructions.title = names["instructions"]
    write_instructions(form, instructions)
    projects = book.create_sheet(names["projects"])
    write_projects(form, projects, form.rows, locked=True)
    joiners = book.create_sheet(names["joiners"])
    write_projects(form, joiners, form.rows.iloc[:0], locked=False)
    leavers = book.create_sheet(names["leavers"])
    write_leavers(form, leavers, projects)
    mark(form, book)
    book.save(path)


def mark(form: Form, book: Workbook) -> None:
    """The document properties that tell the intake what the form is."""
    names = form.sheet_names
    book.properties.title = form.text("title", title=form.title, period_name=period_name(form.period, form.language))
    book.properties.subject = form.organisation
    book.properties.creator = "portfolio-analysis"
    for name, value in ((FORM_PORTFOLIO, form.portfolio), (FORM_PERIOD, form.period),
                        (FORM_ORGANISATION, form.organisation),
                        (FORM_SHEETS, json.dumps({names["projects"]: "projects", names["joiners"]: "projects",
                                                  names["leavers"]: "leavers"}, ensure_ascii=False))):
        book.custom_doc_props.append(StringProperty(name=name, value=value))


def write_instructions(form: Form, sheet) -> None:
    """Portfolio, organisation, period, deadline, whom to ask; how to fill in the form; what each column means."""
    names, language = form.sheet_names, form.language
    contact = form.contact or form.text("contact_unknown")
    deadline = date_text(form.deadline, language) if form.deadline else form.text("deadline_not_set", contact=contact)
    sheet.append([form.text("title", title=form.title, period_name=period_name(form.period, language))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    facts = (("portfolio", form.title), ("organisation", form.organisation),
             ("period", period_name(form.period, language)), ("deadline", deadline),
             ("from", form.text("from_values", period_name=period_name(form.from_period, language))),
             ("contact", contact))
    for label, value in facts:
        sheet.append([form.text(f"label.{label}"), value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    sheet.append([form.text("how.heading")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    from_name = period_name(form.from_period, language)
    for line in (form.text("how.projects", sheet=names["projects"], from_name=from_name),
                 form.text("how.joiners", sheet=names["joiners"]),
                 form.text("how.leavers", sheet=names["leavers"], projects=names["projects"]),
                 form.text("how.return")):
        sheet.append([line])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[sheet.max_row].height = wrapped_height(line, INSTRUCTION_WIDTHS[0] + INSTRUCTION_WIDTHS[1])
    sheet.append([])
    sheet.append([form.text("columns.heading")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    sheet.append([form.text("columns.column"), form.text("columns.meaning")])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for column in (*form.columns, "destination"):
        sheet.append([form.header(column), meaning(form, column)])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(vertical="top")
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[sheet.max_row].height = wrapped_height(meaning(form, column), INSTRUCTION_WIDTHS[1])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = INSTRUCTION_WIDTHS
    sheet.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)


def meaning(form: Form, column: str) -> str:
    if column in form.labels:
        return form.text(f"meaning.{column}", labels=", ".join(form.labels[column]))
    if column == "budget":
        return form.text("meaning.budget", year=form.budget_year, unit=form.budget_unit or "", limit=limit_text(form))
    if column == "destination":
        return form.text("meaning.destination", sheet=form.sheet_names["leavers"],
                         destinations=", ".join(form.destinations) or "–")
    return form.text(f"meaning.{column}")


def limit_text(form: Form) -> str:
    if form.budget_limit is None:
        return ""
    return form.text("meaning.budget_limit", limit=number(form.budget_limit, form.language))


def write_projects(form: Form, sheet, rows: pd.DataFrame, locked: bool) -> None:
    """The projects sheet (``locked``: the identity columns locked, the sheet protected) or the new-projects
    sheet (blank rows, nothing locked), under the form's headers."""
    columns = list(form.columns)
    write_header(form, sheet, columns)
    for values in rows[columns].itertuples(index=False):
        sheet.append([None] * len(columns))
        for position, (column, value) in enumerate(zip(columns, values), start=1):
            put(sheet.cell(sheet.max_row, position), column, value)
    last = 1 + (len(rows) if locked else JOINER_ROWS)
    for row in range(2, last + 1):
        for position, column in enumerate(columns, start=1):
            cell = sheet.cell(row, position)
            style_cell(cell, column)
            if locked and column in ("project_id", "project_name", "actor"):
                cell.fill = LOCKED_FILL
            else:
                cell.protection = UNLOCKED
    validate(form, sheet, columns, last)
    if not locked and "actor" in columns:
        organisation_choice(form, sheet, get_column_letter(columns.index("actor") + 1), last)
    if locked:
        sheet.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)


def write_leavers(form: Form, sheet, projects) -> None:
    """The sheet of projects leaving: id (a choice of the form's projects), name, organisation, destination."""
    columns = list(LEAVER_COLUMNS)
    write_header(form, sheet, columns)
    last = 1 + LEAVER_ROWS
    for row in range(2, last + 1):
        for position, column in enumerate(columns, start=1):
            style_cell(sheet.cell(row, position), column)
    letter = {column: get_column_letter(position) for position, column in enumerate(columns, start=1)}
    if len(form.rows):
        id_column = get_column_letter(list(form.columns).index("project_id") + 1)
        ids_range = f"${id_column}$2:${id_column}${len(form.rows) + 1}"
        ids = DataValidation(type="list", allow_blank=True, showErrorMessage=True, showInputMessage=False,
                             formula1=f"{quote_sheetname(projects.title)}!{ids_range}")
        ids.add(f"{letter['project_id']}2:{letter['project_id']}{last}")
        sheet.add_data_validation(ids)
    organisation_choice(form, sheet, letter["actor"], last)
    if form.destinations:
        destination = DataValidation(type="list", formula1=choice_list(form.destinations), allow_blank=True,
                                     showErrorMessage=True, errorStyle="warning", showInputMessage=True,
                                     prompt=form.text("prompt.destination"), error=form.text("error.destination"))
        destination.add(f"{letter['destination']}2:{letter['destination']}{last}")
        sheet.add_data_validation(destination)


def write_header(form: Form, sheet, columns: list[str]) -> None:
    sheet.append([form.header(column) for column in columns])
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(1, position)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(position)].width = WIDTHS.get(column, 16)
    sheet.row_dimensions[1].height = max(wrapped_height(form.header(column), WIDTHS.get(column, 16))
                                         for column in columns)
    sheet.freeze_panes = "A2"


def put(cell, column: str, value) -> None:
    """A value as the intake reads it back: a day as a date cell, any other date (a month, a quarter, the
    owner's words) as its text, a budget as a number, text always as text (never run as a formula)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return
    if column in DATES and len(str(value)) == 10:
        try:
            cell.value = dt.date.fromisoformat(str(value))
            return
        except ValueError:
            pass
    if column == "budget":
        cell.value = float(value)
        return
    if column == "project_id" and str(value).isdigit():
        cell.value = int(value)
        return
    cell.value = str(value)
    cell.data_type = "s"  # a text starting with "=" stays text


def style_cell(cell, column: str) -> None:
    if column in COMMENTS:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    else:
        cell.alignment = Alignment(vertical="top")
    if column in DATES:
        cell.number_format = DATE_FORMAT
    elif column == "budget":
        cell.number_format = BUDGET_FORMAT


def validate(form: Form, sheet, columns: list[str], last: int) -> None:
    """Ratings as a choice of the scale's words, budgets as numbers from 0 to the limit, dates as dates."""
    if last < 2:
        return

    def cells(column: str) -> str:
        letter = get_column_letter(columns.index(column) + 1)
        return f"{letter}2:{letter}{last}"

    for column, labels in form.labels.items():
        if column in columns:
            words = ", ".join(labels)
            rating = DataValidation(type="list", formula1=choice_list(labels), allow_blank=True, showErrorMessage=True,
                                    showInputMessage=True, prompt=form.text("prompt.rating", labels=words),
                                    error=form.text("error.rating", labels=words))
            rating.add(cells(column))
            sheet.add_data_validation(rating)
    if "budget" in columns:
        bounds = ({"operator": "between", "formula1": "0", "formula2": repr(float(form.budget_limit))}
                  if form.budget_limit is not None else {"operator": "greaterThanOrEqual", "formula1": "0"})
        budget = DataValidation(type="decimal", allow_blank=True, showErrorMessage=True, showInputMessage=True,
                                prompt=form.text("prompt.budget", unit=form.budget_unit or "", limit=limit_text(form)),
                                error=form.text("error.budget", limit=limit_text(form)), **bounds)
        budget.add(cells("budget"))
        sheet.add_data_validation(budget)
    for column in DATES:
        if column in columns:
            # a warning, not a stop: a month or a quarter is a date of that precision, never its first day
            day = DataValidation(type="date", operator="between", formula1=str(FIRST_DAY), formula2=str(LAST_DAY),
                                 allow_blank=True, showErrorMessage=True, errorStyle="warning", showInputMessage=True,
                                 prompt=form.text("prompt.date"), error=form.text("error.date"))
            day.add(cells(column))
            sheet.add_data_validation(day)


def organisation_choice(form: Form, sheet, letter: str, last: int) -> None:
    choice = DataValidation(type="list", formula1=choice_list((form.organisation,)), allow_blank=True,
                            showErrorMessage=True, showInputMessage=True,
                            prompt=form.text("prompt.organisation", organisation=form.organisation),
                            error=form.text("error.organisation", organisation=form.organisation))
    choice.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(choice)


def choice_list(words) -> str:
    """A list validation's inline choices (Excel allows 255 characters; a comma inside a word cannot be one)."""
    return '"' + ",".join(str(word).replace('"', "'") for word in words) + '"'
