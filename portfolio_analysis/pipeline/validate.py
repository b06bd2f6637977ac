"""``portfolio-analysis validate FILE``: what the build would say about one submitted file, without
building anything. For the analyst who has just received a submission."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..clean.log import dropped_lines
from ..intake.files import PROJECTS, take_in_as, take_in_inputs
from ..read.rawfiles import special_file
from ..read.table import missing_required, read_table
from ..settings.maps import column_aliases
from ..settings.paths import data_dir as resolve_data_dir, display_path, printable_path, raw_dir
from ..settings.periods import PeriodSpec, load_period
from ..settings.problems import InputError, Problem, UsageError, raise_if_errors
from ..settings.profile import PERIOD_FILE, PERIOD_KEY, PROFILE_FILE, list_portfolios, load_profile, read_profile
from .run import as_record, with_header, clean_rows, period_scales, read_kind

if TYPE_CHECKING:  # the command path imports no pandas until it reads a file
    import pandas as pd

NOT_USED = "not used"


@dataclass
class Validation:
    file: Path
    portfolio: str
    table: str
    rows: int  # rows that would reach the processed table
    dropped: int  # lines the cleaning would drop (blank lines, page footers), each logged
    changed: int  # values the cleaning would change, each logged
    problems: list[Problem]
    reason: str = ""  # how the table was recognised, or why the file is not used

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def validate_file(path, portfolio: str | None = None, table: str | None = None, data_dir=None) -> Validation:
    """Reads and checks one file as the build would, through the portfolio's profile and maps."""
    path = Path(path)
    data = resolve_data_dir(data_dir)
    if not path.is_file():
        raise InputError([special_file(path, printable_path(str(path))) or Problem(
            printable_path(str(path)), "no such file", expected="the path of a submitted .csv, .tsv or .xlsx")])
    if path.name == PROFILE_FILE:
        return validate_profile(path, portfolio or path.resolve().parent.name, data)
    portfolio = portfolio or portfolio_of(path, data)
    profile = load_profile(data, portfolio)
    if path.name == PERIOD_FILE:
        _, problems = load_period(path.parent, data)
        return Validation(path, portfolio, "period.yml", 0, 0, 0, list(profile.problems) + problems)
    folder_problems = []
    if path.parent.parent.resolve() == profile.folder.resolve() and not PERIOD_KEY.match(path.parent.name):
        folder_problems.append(Problem(display_path(path.parent, data), "a period folder must be named after its "
                                       "period", value=path.parent.name, expected="YYYY-MM, e.g. 2020-04"))
    period_key = path.parent.name if PERIOD_KEY.match(path.parent.name) else "(no period)"
    period, period_problems = load_period(path.parent, data) if PERIOD_KEY.match(path.parent.name) else (
        PeriodSpec(period_key, path.parent), [])
    if table:
        intake, read_problems = take_in_as(profile, period, path, display_path(path, data), table, "validated")
        intakes = [intake]
    else:  # what the build would take the file to be: by its content, its name settling a tie (a form: per sheet)
        intakes, read_problems = take_in_inputs(profile, period, path, display_path(path, data),
                                                column_aliases(profile.column_map))
        intake = next((i for i in intakes if i.table == PROJECTS), intakes[0] if intakes else None)
    if intake is None:  # a form with every sheet blank
        return Validation(path, portfolio, NOT_USED, 0, 0, 0, read_problems, "a form with no rows")
    kind = intake.table or PROJECTS  # a file not used has no rows: nothing is cleaned
    rows = read_kind(profile, kind, [i for i in intakes if i.used and i.table == kind])
    rows.problems[:0] = read_problems
    frame, log, found = clean_rows(rows.frame, profile, {period_key} if kind == PROJECTS else set(),
                                   period_scales(profile, [period], data))
    found = [as_record(p, profile) for p in found]
    problems = (list(profile.problems) + folder_problems + period_problems + rows.problems
                + [with_header(p, rows.headers) for p in found])
    return Validation(path, portfolio, intake.table or NOT_USED, len(frame), dropped_lines(log),
                      int((log["action"] == "changed").sum()), problems, intake.reason)


def validate_profile(path: Path, portfolio: str, data: Path) -> Validation:
    """A portfolio.yml, wherever it is (a draft too), checked as a build would check it."""
    try:
        problems = list(read_profile(path, data, portfolio).problems)
    except InputError as error:
        problems = error.problems
    return Validation(path, portfolio, PROFILE_FILE, 0, 0, 0, problems)


def portfolio_of(path: Path, data: Path) -> str:
    """The portfolio a file belongs to: from its place under raw/, else the only portfolio there is, else
    the only portfolio whose column map names every column the file's table requires."""
    try:
        return path.resolve().relative_to(raw_dir(data).resolve()).parts[0]
    except (ValueError, IndexError):
        pass
    portfolios = list_portfolios(data)
    if len(portfolios) == 1:
        return portfolios[0]
    fitting = [name for name in portfolios if header_fits(path, name, data)]
    if len(fitting) == 1:
        return fitting[0]
    choose = "choose one with --portfolio: " + (", ".join(portfolios) or "(no portfolio in "
                                                + display_path(raw_dir(data), data) + ")")
    if fitting:
        raise UsageError(f"the header of {path} fits the column maps of several portfolios ({', '.join(fitting)}); "
                         + choose)
    raise UsageError(f"the header of {path} fits no portfolio's column map; " + choose)


def header_fits(path: Path, portfolio: str, data: Path) -> bool:
    """The file's header names every column its table requires, through the portfolio's column map (a
    portfolio whose profile has errors fits nothing)."""
    try:
        profile = load_profile(data, portfolio)
    except InputError:
        return False
    required = profile.tables[table_of(path, profile)].required
    aliases = column_aliases(profile.column_map)
    raw = read_table(path, str(path), aliases, required, profile.layout, profile.undefined_bytes,
                     check_required=False)
    return raw.readable and raw.header_row is not None and not missing_required(raw, str(path), aliases, required)


def table_of(path: Path, profile) -> str:
    for name, spec in profile.tables.items():
        if fnmatch.fnmatch(path.name.casefold(), spec.files.casefold()):
            return name
    return "projects"


@dataclass
class PeriodValidation:
    """What the build would take each file of one period folder to be, and every problem of the period."""

    folder: Path
    portfolio: str
    period: str
    files: pd.DataFrame  # as files.parquet: file, table, used, reason, rows, errors, warnings
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def validate_period(folder, portfolio: str | None = None, data_dir=None) -> PeriodValidation:
    """Reads and checks every file of a period folder as the build would, writing nothing. A folder of a
    portfolio is checked with the periods before it (who sent nothing, who left); any other folder named
    YYYY-MM alone, as the portfolio's only period."""
    from .build import check_portfolio
    from .run import build_outputs

    folder = Path(folder)
    data = resolve_data_dir(data_dir)
    if not PERIOD_KEY.match(folder.resolve().name):
        raise InputError([Problem(display_path(folder, data), "a period folder must be named after its period",
                                  value=folder.resolve().name, expected="YYYY-MM, e.g. 2020-04")])
    portfolio = portfolio or folder_portfolio(folder, data)
    profile = load_profile(data, portfolio)
    key = folder.resolve().name
    if folder.resolve().parent == profile.folder.resolve():
        outputs = check_portfolio(portfolio, data)
    else:
        period, period_problems = load_period(folder, data)
        raise_if_errors(period_problems)
        outputs = build_outputs(profile, [period], data, period_problems)
    shown, profile_shown = display_path(folder, data), display_path(profile.folder / PROFILE_FILE, data)
    problems = [p for p in outputs.problems if p.severity != "note" and (
        p.period == key or p.file in (shown, profile_shown) or p.file.startswith(shown + "/"))]
    files = outputs.files[outputs.files["report_period"] == key].reset_index(drop=True)
    listed = outputs.reported_changes.groupby("source_file").size()  # the rows of joiners and leavers tables
    files["rows"] = [rows or int(listed.get(file, 0)) for file, rows in zip(files["file"], files["rows"])]
    return PeriodValidation(folder, portfolio, key, files, problems)


def folder_portfolio(folder: Path, data: Path) -> str:
    """The portfolio a period folder belongs to: from its place under raw/, else the only portfolio there is."""
    try:
        return folder.resolve().relative_to(raw_dir(data).resolve()).parts[0]
    except (ValueError, IndexError):
        pass
    portfolios = list_portfolios(data)
    if len(portfolios) == 1:
        return portfolios[0]
    raise UsageError(f"{folder} is not a period folder under {display_path(raw_dir(data), data)}; choose its portfolio "
                     "with --portfolio: " + (", ".join(portfolios) or "(no portfolio)"))
