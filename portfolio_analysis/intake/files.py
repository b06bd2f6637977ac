"""What each file of a period folder is: a submission (a project list), another table of the portfolio
(joiners, leavers), or not used, and why.

A period arrives as the organisations send it: any number of files, any names, any supported format.
The content of a file decides what table it is; its name only settles a tie. Every file of a table
format (:data:`profile.DATA_SUFFIXES`: .csv, .tsv, .xlsx, …) is read, and then:

1. A table's columns are the ``required`` columns its profile entry lists. A file is a *candidate* for
   the project list when its header names every column of the project list; for another table (joiners,
   leavers) when its header names every column of that table *and* its name fits that table's ``files``
   pattern *and* its header names no rating column (status, risk) that table lacks: ratings are what a
   submission reports, so a header with them is a project list's, however the file is named.
2. A candidate whose columns are all among another candidate's gives way to it: a header with every
   column of the project list is a project list, not a joiners table that happens to have more columns.
3. One candidate left: the file is that table. Where its name fits another table's pattern, that is a
   warning (``nye_prosjekter_juli.tsv`` holding a project list is read as a project list, and said so).
4. Several left (a header with every column of two tables): the name settles it; a name that fits none
   of them, or several, is an error.
5. No candidate: a file whose name fits a table is read as that table, with an error for every column
   it lacks (a file named like a joiners table whose header names a rating column is read as a broken
   project list); any other file with a header is an error (a table without every column of a
   submission). A broken submission never passes as another table or as "sent nothing".
6. No header row: an error (a file of a table format that cannot be used as a table), except for a .txt,
   which without a table is a cover letter: not used, with a warning. An unreadable file is an error.

Files that are not of a table format (a PDF, a Word letter), folders, editors' temporary files and the
files ``period.yml`` lists under ``ignored_files`` are not used, each with a warning saying why.
Carrying values forward is therefore only for an organisation that sent no file at all.

A pre-filled form (``portfolio-analysis forms``; its document properties say so, :mod:`read.xlsx.properties`)
holds several tables: it is one input per sheet the form names, each recognised by its header as above,
the form's word for the sheet's table standing in for a file name. Messages and ``source_file`` name the
first sheet (the organisation's projects) as the file, any other as ``<file> [<sheet>]``. A sheet with no
rows adds nothing and says nothing; a project the form's leavers sheet names is left out of its projects
sheets (its locked row cannot be deleted there). ``form_period`` of each input is the period the form was made for.
Any other workbook with several sheets holding a table stays an error.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from pathlib import Path

from ..read.rawfiles import special_file, temporary_file
from ..read.xlsx.properties import FormMarker, form_marker
from ..read.table import RawTable, missing_required, read_table
from ..settings.maps import ColumnAliases, column_aliases
from ..settings.paths import display_path, printable_path
from ..settings.periods import PeriodSpec
from ..settings.problems import Problem
from ..settings.profile import DATA_SUFFIXES, PERIOD_FILE, PERIOD_KEY, Profile

PROJECTS = "projects"
COVER_LETTER_SUFFIXES = {".txt"}  # a table format that also holds letters: without a table, not used
IGNORE_IT = "if the file is not a table of the portfolio, list it under ignored_files in period.yml"


@dataclass
class FileIntake:
    """One file of a period folder and what it was taken to be."""

    period: PeriodSpec
    path: Path
    shown: str  # as messages name it
    table: str | None  # projects, joiners, leavers, …; None: not used
    reason: str  # how the table was recognised, or why the file is not used
    raw: RawTable | None = None  # its rows, for a file that was read
    form_period: str | None = None  # a pre-filled form: the period it was made for; None for any other file
    sheet: str | None = None  # a form's sheet this input is (a form is one input per table sheet)

    @property
    def used(self) -> bool:
        return self.table is not None and self.raw is not None and self.raw.readable


def take_in_period(profile: Profile, period: PeriodSpec, data: Path) -> tuple[list[FileIntake], list[Problem]]:
    """Every file of the period folder, classified and (where it may be a table) read once."""
    aliases = column_aliases(profile.column_map)
    taken, problems = [], []
    for path in sorted(period.folder.iterdir()):
        if path.name == PERIOD_FILE:
            continue
        intakes, found = take_in_inputs(profile, period, path, display_path(path, data), aliases)
        taken += intakes
        problems += [replace(p, period=p.period or period.key) for p in found]
    if not any(f.table == PROJECTS for f in taken):
        listing = "; ".join(f"{printable_path(f.path.name)}: {f.reason}" for f in taken) or "(no files)"
        problems.append(Problem(display_path(period.folder, data), "the period has no readable submission",
                                value=listing, period=period.key,
                                expected="at least one file (.csv, .tsv or .xlsx) whose header names the columns "
                                + ", ".join(profile.tables[PROJECTS].required)))
    return taken, problems


def take_in_inputs(profile: Profile, period: PeriodSpec, path: Path, shown: str,
                   aliases: ColumnAliases) -> tuple[list[FileIntake], list[Problem]]:
    """What one file is: one input, or one per table sheet of a pre-filled form."""
    marker = form_marker(path) if path.is_file() and path.suffix.lower() == ".xlsx" else None
    if marker:
        return take_in_form(profile, period, path, shown, aliases, marker)
    intake, problems = take_in_file(profile, period, path, shown, aliases)
    return [intake], problems


def take_in_file(profile: Profile, period: PeriodSpec, path: Path, shown: str,
                 aliases: ColumnAliases) -> tuple[FileIntake, list[Problem]]:
    """What one file is, with the problems that decides (a file not used is a warning saying why)."""
    def not_used(reason: str) -> tuple[FileIntake, list[Problem]]:
        return FileIntake(period, path, shown, None, reason), [
            Problem(shown, f"file not used: {reason}", severity="warning")]

    name = path.name.casefold()
    if path.is_dir():
        return not_used("a folder inside the period folder")
    special = special_file(path, shown)
    if special:  # never opened: a pipe would wait forever, a device never end
        return FileIntake(period, path, shown, None, special.message), [special]
    temporary = temporary_file(path)
    if temporary:
        return not_used(temporary)
    if any(fnmatch.fnmatch(name, pattern.casefold()) for pattern in period.ignored_files):
        return not_used("period.yml lists it under ignored_files")
    if path.suffix.lower() not in DATA_SUFFIXES:
        return not_used(f"not a table file ({path.suffix or 'no extension'}); tables are "
                        + ", ".join(sorted(DATA_SUFFIXES)))
    by_name = names_fitted(profile, path)
    if len(by_name) > 1:
        return FileIntake(period, path, shown, None, "its name fits several tables"), [Problem(
            shown, "the file's name fits several tables of the profile", value=", ".join(by_name),
            expected="a name that fits one of the tables' patterns")]
    raw = read_table(path, shown, aliases, profile.tables[by_name[0] if by_name else PROJECTS].required,
                     profile.layout, profile.undefined_bytes, check_required=False)
    if by_name and (not raw.readable or raw.header_row is None):  # reading said why: one error for the file
        return FileIntake(period, path, shown, by_name[0], fits_reason(profile, by_name[0]), raw), raw.problems
    if not raw.readable:
        return FileIntake(period, path, shown, None, "unreadable", raw), raw.problems
    if raw.header_row is None:
        if path.suffix.lower() in COVER_LETTER_SUFFIXES:
            return not_used("no header row naming at least two of the portfolio's columns in its first rows")
        return FileIntake(period, path, shown, None, "a table file without a header row", raw), [
            replace(p, message=f"the file holds no table: {p.message}", expected=f"{p.expected}; {IGNORE_IT}")
            if p.severity == "error" else p for p in raw.problems]
    return classify(profile, period, path, shown, aliases, raw, by_name)


def classify(profile: Profile, period: PeriodSpec, path: Path, shown: str, aliases: ColumnAliases,
             raw: RawTable, by_name: list[str]) -> tuple[FileIntake, list[Problem]]:
    """The table a read file with a header is, by the rule in this module's docstring."""
    def missing(kind: str) -> list[Problem]:
        return required_problems(raw, shown, aliases, profile.tables[kind].required, profile)

    ratings = [column for column in profile.rated_columns if column in raw.headers]
    candidates = [kind for kind, spec in profile.tables.items() if not missing(kind) and (
        kind == PROJECTS or (kind in by_name and not set(ratings) - set(spec.required)))]
    candidates = [kind for kind in candidates if not any(
        set(profile.tables[kind].required) < set(profile.tables[other].required) for other in candidates)]
    if len(candidates) > 1:
        settled = [kind for kind in candidates if kind in by_name]
        if len(settled) != 1:
            return FileIntake(period, path, shown, None, "its header fits several tables", raw), raw.problems + [
                Problem(shown, "the file's header names every column of several tables, and its name does not say "
                        "which it is", row=raw.header_row, value=", ".join(candidates),
                        expected="a name that fits one of the patterns "
                        + ", ".join(repr(profile.tables[kind].files) for kind in candidates))]
        candidates = settled
    if candidates:
        kind = candidates[0]
        reason = "its header names every column of " + ("a submission" if kind == PROJECTS else f"the {kind} table")
        if kind in by_name:
            return FileIntake(period, path, shown, kind, f"{reason}; {fits_reason(profile, kind)}", raw), raw.problems
        return FileIntake(period, path, shown, kind, reason, raw), raw.problems + [
            name_disagrees(profile, shown, path, other, kind) for other in by_name]
    if by_name and by_name[0] != PROJECTS and ratings:
        kind = by_name[0]
        named = ", ".join(raw.headers[column] for column in ratings)
        return FileIntake(period, path, shown, None, "a project list without every column", raw), raw.problems + [
            replace(p, message=f"the file's name fits the {kind} table ({profile.tables[kind].files!r}), but its "
                    f"header names a project list's ratings ({named}): read as a project list, it lacks a "
                    "required column") for p in missing(PROJECTS)]
    if by_name:
        return (FileIntake(period, path, shown, by_name[0], fits_reason(profile, by_name[0]), raw),
                raw.problems + missing(by_name[0]))
    named = ", ".join(raw.headers) or "none"
    return FileIntake(period, path, shown, None, "a table without every column of a submission", raw), [
        replace(p, message="the file holds a table but not every column a submission needs (if it is not "
                f"a submission, list it under ignored_files in period.yml); columns found: {named}")
        for p in missing(PROJECTS)]


def take_in_form(profile: Profile, period: PeriodSpec, path: Path, shown: str, aliases: ColumnAliases,
                 marker: FormMarker) -> tuple[list[FileIntake], list[Problem]]:
    """A pre-filled form: one input per sheet with rows, by the rule in this module's docstring."""
    taken, problems = [], []
    if marker.period != period.key and PERIOD_KEY.match(period.key):
        problems.append(Problem(shown, f"the form was made for {marker.period}, but is in the folder of {period.key}",
                                value=marker.period, severity="warning",
                                expected=f"the form for {period.key} (or the file moved to {marker.period}'s folder)"))
    for position, (sheet, kind) in enumerate(marker.sheets.items()):
        if kind not in profile.tables:
            continue
        sheet_shown = shown if position == 0 else f"{shown} [{sheet}]"  # the form's own list is the file
        raw = read_table(path, sheet_shown, aliases, profile.tables[kind].required, profile.layout,
                         profile.undefined_bytes, check_required=False, sheet=sheet)
        if raw.readable and raw.header_row is not None and not has_rows(raw):
            continue
        intake, found = classify(profile, period, path, sheet_shown, aliases, raw, [kind]) if (
            raw.readable and raw.header_row is not None) else (
            FileIntake(period, path, sheet_shown, None, "unreadable", raw), raw.problems)
        reason = f"sheet {sheet!r} of the form for {marker.organisation}, {marker.period}"
        reason += f": the {intake.table} table" if intake.table else f": {intake.reason}"
        taken.append(replace(intake, reason=reason, form_period=marker.period, sheet=sheet))
        problems += found
    return without_leavers(taken), problems


def has_rows(raw: RawTable) -> bool:
    """Whether any row below the header holds a value."""
    return any(raw.frame[column].str.strip().ne("").any() for column in raw.headers)


def without_leavers(taken: list[FileIntake]) -> list[FileIntake]:
    """The form's inputs with the projects its leavers sheet names left out of its projects sheets."""
    leaving = {text.strip() for intake in taken if intake.table == "leavers" and intake.used
               for text in intake.raw.frame.get("project_id", ()) if text.strip()}
    if not leaving:
        return taken
    return [replace(intake, raw=replace(intake.raw, frame=intake.raw.frame[
        ~intake.raw.frame["project_id"].str.strip().isin(leaving)].reset_index(drop=True)))
            if intake.table == PROJECTS and intake.used and "project_id" in intake.raw.frame else intake
            for intake in taken]


def names_fitted(profile: Profile, path: Path) -> list[str]:
    """The tables whose ``files`` pattern the file's name fits (case-insensitively)."""
    name = path.name.casefold()
    return [kind for kind, spec in profile.tables.items() if spec.files and fnmatch.fnmatch(name, spec.files.casefold())]


def fits_reason(profile: Profile, kind: str) -> str:
    return f"its name fits {profile.tables[kind].files!r}"


def name_disagrees(profile: Profile, shown: str, path: Path, named: str, kind: str) -> Problem:
    pattern = profile.tables[named].files
    what = "a project list" if kind == PROJECTS else f"the {kind} table"
    return Problem(shown, f"the file's name fits the {named} table's pattern {pattern!r}, but its header names every "
                   f"column of {what}: read as {what}", value=path.name,
                   expected=f"a name that does not fit {pattern!r} for {what} (rename the file to silence this)",
                   severity="warning")


def take_in_as(profile: Profile, period: PeriodSpec, path: Path, shown: str, kind: str,
               reason: str) -> tuple[FileIntake, list[Problem]]:
    """A file read as the table ``kind``, with an error for every column of that table it lacks."""
    aliases = column_aliases(profile.column_map)
    raw = read_table(path, shown, aliases, profile.tables[kind].required, profile.layout, profile.undefined_bytes,
                     check_required=False)
    return (FileIntake(period, path, shown, kind, reason, raw),
            raw.problems + required_problems(raw, shown, aliases, profile.tables[kind].required, profile))


def required_problems(raw: RawTable, shown: str, aliases: ColumnAliases, required: tuple[str, ...],
                      profile: Profile) -> list[Problem]:
    """Errors for the required columns a file's header lacks (none for a file without a header, which has
    its own error)."""
    return missing_required(raw, shown, aliases, required, profile.layout)
