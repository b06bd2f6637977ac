"""The whole build of one portfolio: find its files, read them, clean them, check them, assemble."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..clean import checks, identity, log as cleaning_log
from ..clean import steps as c
from ..clean.columns import Context, read_columns
from ..clean.log import Step
from ..clean.standard import (COLUMNS, COMMENT_COLUMNS, DATE_COLUMNS, FALLBACKS, MARKED_COLUMNS, MARKER_COLUMNS, MONEY_COLUMNS,
                              TEXT_COLUMNS, TIDIED_COLUMNS)
from ..intake.assemble import (PANEL_COLUMNS, assemble_changes, assemble_periods, assemble_projects,
                               budget_year_warnings, note_reporting, period_budget_years)
from ..intake.checklist import files_table, submissions_table
from ..intake.files import FileIntake, take_in_period
from ..intake.stale import resent_files
from ..intake.submissions import carry_forward, check_file_organisations
from ..read.table import IGNORED, TRANSPOSED
from ..settings.dtypes import TEXT
from ..settings.maps import RatingScale, missing_markers, rating_scale
from ..settings.paths import display_path
from ..settings.periods import PeriodSpec, published_count_warnings
from ..settings.problems import InputError, Problem
from ..settings.profile import PERIOD_FILE, Profile

@dataclass
class Outputs:
    """Everything a build produces for one portfolio."""

    projects: pd.DataFrame
    periods: pd.DataFrame
    reported_changes: pd.DataFrame
    quality_log: pd.DataFrame
    submissions: pd.DataFrame  # per period and organisation: sent or not, files, rows, carried, gone missing
    files: pd.DataFrame  # per file of every period folder: the table it holds, or why it is not used
    problems: list[Problem]
    input_files: list[Path]  # the files used


@dataclass
class TableRows:
    """The raw rows of one kind of table from every period, and what reading them found."""

    frame: pd.DataFrame
    headers: dict[tuple[str, str], str]  # (source_file, column) -> header as written
    file_years: dict[str, int]  # source_file -> the year its budget column names (files that name one)
    problems: list[Problem]


def build_outputs(profile: Profile, periods: list[PeriodSpec], data: Path,
                  period_problems: list[Problem] = ()) -> Outputs:
    """Reads and cleans every table of the portfolio. Errors are returned in ``problems``, never raised
    half-way, so one run reports everything that is wrong."""
    files, read_problems = [], list(profile.problems) + list(period_problems)
    for period in periods:
        taken, found = take_in_period(profile, period, data)
        files += taken
        read_problems += found
    tables = {kind: read_kind(profile, kind, [f for f in files if f.used and f.table == kind])
              for kind in profile.tables}
    with_values = {period.key for period in periods if period.project_values_published}
    scales = period_scales(profile, periods, data)
    cleaned, logs, clean_problems, shown_problems = {}, [], [], []
    for kind, rows in tables.items():
        read_problems += rows.problems
        # Only project lists carry status and risk; a blank there is worth a note.
        frame, log, found = clean_rows(rows.frame, profile, with_values if kind == "projects" else set(), scales)
        found = [as_record(p, profile) for p in found]
        clean_problems += found
        shown_problems += [with_header(p, rows.headers) for p in found]
        cleaned[kind] = frame
        logs.append(log)
    by_key = {period.key: period for period in periods}
    submitted = assemble_projects(cleaned["projects"], by_key, tables["projects"].file_years, profile)
    budget_years = period_budget_years(submitted)
    changes = assemble_changes(cleaned, profile.money)
    carried = carry_forward(submitted, periods, changes, profile, scales,
                            {p.key: display_path(p.folder, data) for p in periods})
    projects = carried.panel[PANEL_COLUMNS]
    own_forms = frozenset(f.shown for f in files if f.form_period == f.period.key)  # reviewed on this period's form
    reporting_notes = note_reporting(submitted)
    intake_problems = (budget_year_warnings(submitted, budget_years,
                                            {p.key: display_path(p.folder, data) for p in periods})
                       + check_file_organisations(submitted) + carried.problems
                       + resent_files(submitted, projects, periods, columns_given(tables["projects"].headers),
                                      profile.project_id_aliases, own_forms)
                       + published_count_warnings(periods, projects["report_period"].value_counts().to_dict(), data))
    names = identity.check_names_across_periods(submitted, profile.intake, profile.project_id_aliases,
                                                "column" if profile.layout == TRANSPOSED else "row")
    problems = (read_problems + shown_problems + reporting_notes + intake_problems
                + [with_header(p, tables["projects"].headers) for p in names])
    logs.append(cleaning_log.problems_to_log([p for p in read_problems + clean_problems + reporting_notes + intake_problems
                                              + names if p.severity != "error"]))
    return Outputs(
        projects=projects,
        periods=assemble_periods(periods, projects, budget_years, profile),
        reported_changes=changes,
        quality_log=cleaning_log.sort_log(pd.concat([cleaning_log.empty_log(), *(log for log in logs if len(log))], ignore_index=True)),
        submissions=submissions_table(carried.facts, submitted, problems),
        files=files_table(files, submitted, problems),
        problems=problems,
        input_files=sorted({f.path for f in files if f.used}),  # a form is one input per sheet
    )


def columns_given(headers: dict[tuple[str, str], str]) -> dict[str, set[str]]:
    """Per file, the standard columns its header names."""
    given: dict[str, set[str]] = {}
    for file, column in headers:
        given.setdefault(file, set()).add(column)
    return given


def period_scales(profile: Profile, periods: list[PeriodSpec], data: Path) -> dict[str, RatingScale]:
    """The scale each period rates on. A period's own scale must use the profile scale's labels, in its
    order (a 3-level Green/Amber/Red inside the 5-level one), so one panel column holds both."""
    scales = {}
    for period in periods:
        scale = rating_scale(period.rating_scale) if period.rating_scale else profile.scale
        order = [label for label in profile.scale.labels if label in scale.labels]
        if order != list(scale.labels):
            raise InputError([Problem(display_path(period.folder / PERIOD_FILE, data), "the period's rating scale does not "
                                      "fit inside the portfolio's", column="rating_scale", value=scale.name,
                                      expected="a scale whose labels are among " + ", ".join(profile.scale.labels))])
        scales[period.key] = scale
    return scales


def as_record(problem: Problem, profile: Profile) -> Problem:
    """In a transposed file a project's number is its column, and messages say so."""
    return replace(problem, record="column") if profile.layout == TRANSPOSED and problem.row is not None else problem


def read_kind(profile: Profile, kind: str, taken: list[FileIntake]) -> TableRows:
    """The rows of every file taken as one kind of table, as text under the standard columns."""
    frames, places, headers, years, problems = [], [], {}, {}, []
    for intake in taken:
        table, shown, period = intake.raw, intake.shown, intake.period
        if "source_row" not in table.frame:  # no header: no rows to check
            continue
        if kind == "projects" and not any(table.frame[c].str.strip().ne("").any() for c in table.headers):
            problems.append(Problem(shown, "the project list has a header but no rows", period=period.key,
                                    expected="one row per project below the header"))
        headers.update({(shown, column): header for column, header in table.headers.items()})
        if table.budget_year is not None:
            years[shown] = table.budget_year
        frames.append(table.frame)
        places.append((period.key, shown))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"source_row": []})
    if frames:  # each file's period and name, repeated over its rows
        lengths = [len(table) for table in frames]
        frame["report_period"] = np.repeat(np.array([key for key, _ in places], dtype=object), lengths)
        frame["source_file"] = np.repeat(np.array([shown for _, shown in places], dtype=object), lengths)
    text = {column: frame[column].astype(TEXT).fillna("") if column in frame
            else pd.Series("", index=frame.index, dtype=TEXT) for column in TEXT_COLUMNS + MARKER_COLUMNS}
    frame = pd.DataFrame({
        "report_period": frame.get("report_period", pd.Series(dtype=object)).astype(object),
        "source_file": frame.get("source_file", pd.Series(dtype=object)).astype(object),
        "source_row": frame["source_row"].astype("int64"),
        **text,
        IGNORED: frame[IGNORED].astype(TEXT).fillna("") if IGNORED in frame else pd.Series("", index=frame.index,
                                                                                        dtype=TEXT),
    }, index=frame.index)
    return TableRows(frame, headers, years, problems)


def clean_rows(frame: pd.DataFrame, profile: Profile, periods_with_values: set[str],
               scales: dict[str, RatingScale] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """The cleaning chain: tidy the text, read every column once (its values and its problems), then write
    the values and derive the columns made from them. Returns frame, log and problems."""
    text, organisations = TIDIED_COLUMNS, profile.organisations  # comments are the owners' words: never tidied
    tidy, tidy_log = cleaning_log.run_steps(frame, [
        # bidi first: a line of only direction controls is empty
        Step("bidi_control", lambda f: c.remove_bidi_controls(f, text), text),
        Step("empty_line", lambda f: c.drop_empty_lines(f, text)),  # a line of only a comment: a warning
        Step("page_footer", lambda f: c.drop_footer_lines(f, profile.footer_lines, text)),
        Step("whitespace", lambda f: c.normalise_whitespace(f, text), text),
        Step("blank_placeholder", lambda f: c.blank_out_placeholders(f, missing_markers(), text), text),
        Step("value_marker", lambda f: c.separate_markers(f, profile.value_markers, MARKED_COLUMNS, FALLBACKS),
             text + MARKER_COLUMNS),
        Step("date_reason", lambda f: c.separate_date_reasons(f, DATE_COLUMNS), DATE_COLUMNS + MARKER_COLUMNS),
        Step("rating_fallback", lambda f: c.take_fallback_ratings(f, FALLBACKS), tuple(FALLBACKS) + MARKER_COLUMNS),
        Step("currency_affix", lambda f: c.strip_number_affixes(f, profile.number_affixes, MONEY_COLUMNS),
             MONEY_COLUMNS),
    ])
    values, problems = read_columns(tidy, COLUMNS, Context(profile, scales, frozenset(periods_with_values)))
    clean, clean_log = cleaning_log.run_steps(tidy, [
        Step("pdf_hyphenation", lambda f: c.mend_hyphenation(f, profile.hyphen_keeps_before),
             ("focus_area", "project_name")),
        *(Step(column.rule, lambda f, name=column.name: f.assign(**{name: values[name]}), (column.name,))
          for column in COLUMNS if column.name in values),
        Step("organisation_alias", lambda f: c.canonicalise_organisations(f, organisations), ("actor",)),
        Step("organisation_group", lambda f: c.add_organisation_group(f, organisations)),
        Step("focus_area_split", lambda f: c.split_focus_area(f, profile.strategic_areas)),
    ])
    return (clean, pd.concat([tidy_log, clean_log], ignore_index=True),
            checks.check_bidi_controls(frame, text) + checks.comment_only_lines(frame, text, COMMENT_COLUMNS) + problems)


def with_header(problem: Problem, headers: dict[tuple[str, str], str]) -> Problem:
    """Names a problem's column as the file writes it (``Budsjett 2020``), not by its standard name."""
    header = headers.get((problem.file, problem.column))
    return replace(problem, column=" ".join(header.split())) if header else problem
