"""``portfolio-analysis validate FILE``: what the build would say about one submitted file, without
building anything. For the analyst who has just received a submission."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from .paths import data_dir as resolve_data_dir, display_path, raw_dir
from .cleaning_log import dropped_lines
from .intake import take_in_as
from .pipeline import _as_record, _with_header, clean_rows, period_scales, read_kind
from .problems import InputError, Problem
from .periods import PeriodSpec, load_period
from .profile import PERIOD_FILE, PERIOD_KEY, list_portfolios, load_profile


@dataclass
class Validation:
    file: Path
    portfolio: str
    table: str
    rows: int  # rows that would reach the processed table
    dropped: int  # lines the cleaning would drop (blank lines, page footers), each logged
    changed: int  # values the cleaning would change, each logged
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def validate_file(path, portfolio: str | None = None, table: str | None = None, data_dir=None) -> Validation:
    """Reads and checks one file as the build would, through the portfolio's profile and maps."""
    path = Path(path)
    data = resolve_data_dir(data_dir)
    if not path.is_file():
        raise InputError([Problem(str(path), "no such file", expected="the path of a submitted .csv, .tsv or .xlsx")])
    portfolio = portfolio or portfolio_of(path, data)
    profile = load_profile(data, portfolio)
    if path.name == PERIOD_FILE:
        _, problems = load_period(path.parent, data)
        return Validation(path, portfolio, "period.yml", 0, 0, 0, problems)
    table = table or table_of(path, profile)
    folder_problems = []
    if path.parent.parent.resolve() == profile.folder.resolve() and not PERIOD_KEY.match(path.parent.name):
        folder_problems.append(Problem(display_path(path.parent, data), "a period folder must be named after its "
                                       "period", value=path.parent.name, expected="YYYY-MM, e.g. 2020-04"))
    period_key = path.parent.name if PERIOD_KEY.match(path.parent.name) else "(no period)"
    period, period_problems = load_period(path.parent, data) if PERIOD_KEY.match(path.parent.name) else (
        PeriodSpec(period_key, path.parent), [])
    intake, read_problems = take_in_as(profile, period, path, display_path(path, data), table, "validated")
    rows = read_kind(profile, table, [intake] if intake.used else [])
    rows.problems[:0] = read_problems
    frame, log, found = clean_rows(rows.frame, profile, {period_key} if table == "projects" else set(),
                                   period_scales(profile, [period], data))
    found = [_as_record(p, profile) for p in found]
    problems = folder_problems + period_problems + rows.problems + [_with_header(p, rows.headers) for p in found]
    return Validation(path, portfolio, table, len(frame), dropped_lines(log),
                      int((log["action"] == "changed").sum()), problems)


def portfolio_of(path: Path, data: Path) -> str:
    """The portfolio a file belongs to: from its place under raw/, else the only portfolio there is."""
    try:
        return path.resolve().relative_to(raw_dir(data).resolve()).parts[0]
    except (ValueError, IndexError):
        pass
    portfolios = list_portfolios(data)
    if len(portfolios) == 1:
        return portfolios[0]
    raise InputError([Problem(str(path), "which portfolio's rules apply is not clear", column="--portfolio",
                              expected="--portfolio, one of: " + (", ".join(portfolios) or "(none found)"))])


def table_of(path: Path, profile) -> str:
    for name, spec in profile.tables.items():
        if fnmatch.fnmatch(path.name.casefold(), spec.files.casefold()):
            return name
    return "projects"
