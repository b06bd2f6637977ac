"""What each file of a period folder is: a submission (a project list), another table of the portfolio
(joiners, leavers), or not used, and why.

A period arrives as the organisations send it: any number of files, any names, any supported format.
A file is a table of the profile when its name matches that table's ``files`` pattern; otherwise it is
read, and it is a project list (a submission) when its header names every column the projects table
requires. Every file ends up either used or named in a warning saying why not; a file that looks like a
table but lacks a column a submission needs is an error, never silently left out.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from pathlib import Path

from .maps import ColumnAliases, column_aliases
from .paths import display_path, printable_path
from .periods import PeriodSpec
from .problems import Problem
from .profile import DATA_SUFFIXES, PERIOD_FILE, Profile
from .rawfiles import special_file, temporary_file
from .headers import missing_columns
from .reading import TRANSPOSED, RawTable, read_table

PROJECTS = "projects"


@dataclass
class FileIntake:
    """One file of a period folder and what it was taken to be."""

    period: PeriodSpec
    path: Path
    shown: str  # as messages name it
    table: str | None  # projects, joiners, leavers, …; None: not used
    reason: str  # how the table was recognised, or why the file is not used
    raw: RawTable | None = None  # its rows, for a file that was read

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
        intake, found = take_in_file(profile, period, path, display_path(path, data), aliases)
        taken.append(intake)
        problems += [replace(p, period=p.period or period.key) for p in found]
    if not any(f.table == PROJECTS for f in taken):
        listing = "; ".join(f"{printable_path(f.path.name)}: {f.reason}" for f in taken) or "(no files)"
        problems.append(Problem(display_path(period.folder, data), "the period has no readable submission",
                                value=listing, period=period.key,
                                expected="at least one file (.csv, .tsv or .xlsx) whose header names the columns "
                                + ", ".join(profile.tables[PROJECTS].required)))
    return taken, problems


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
    by_name = [kind for kind, spec in profile.tables.items()
               if spec.files and fnmatch.fnmatch(name, spec.files.casefold())]
    if len(by_name) > 1:
        return FileIntake(period, path, shown, None, "its name fits several tables"), [Problem(
            shown, "the file's name fits several tables of the profile", value=", ".join(by_name),
            expected="a name that fits one of the tables' patterns")]
    if by_name:
        return take_in_as(profile, period, path, shown, by_name[0], f"its name fits {profile.tables[by_name[0]].files!r}")
    raw = read_table(path, shown, aliases, profile.tables[PROJECTS].required, profile.layout, profile.undefined_bytes,
                     check_required=False)
    if not raw.readable:
        return FileIntake(period, path, shown, None, "unreadable", raw), raw.problems
    if raw.header_row is None:
        return not_used("no header row naming at least two of the portfolio's columns in its first rows")
    required = profile.tables[PROJECTS].required
    missing = required_problems(raw, shown, aliases, required, profile)
    if missing:
        named = ", ".join(raw.headers) or "none"
        return FileIntake(period, path, shown, None, "a table without every column of a submission", raw), [
            replace(p, message="the file holds a table but not every column a submission needs (if it is not "
                    f"a submission, list it under ignored_files in period.yml); columns found: {named}")
            for p in missing]
    return FileIntake(period, path, shown, PROJECTS, "its header names every column of a submission", raw), raw.problems


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
    if raw.header_row is None:
        return []
    found = missing_columns(raw.headers, raw.header_cells, raw.header_row, shown, aliases, required)
    return [replace(p, record="column") for p in found] if profile.layout == TRANSPOSED else found
