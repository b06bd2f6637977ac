"""A portfolio's profile (``raw/<portfolio>/portfolio.yml``) and its periods (``raw/<portfolio>/YYYY-MM/``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .maps import Organisations, RatingScale, load_organisations, load_strategic_areas, rating_scale
from .paths import MAPS_DIR, display_path, portfolio_raw_dir, raw_dir
from .problems import InputError, Problem, raise_if_errors

PROFILE_FILE = "portfolio.yml"
PERIOD_FILE = "period.yml"
PERIOD_KEY = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
PORTFOLIO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DATA_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm"}


@dataclass(frozen=True)
class TableSpec:
    name: str
    files: str
    required: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    name: str
    folder: Path
    title: str
    language: str
    currency: str
    budget_unit: str
    scale: RatingScale
    organisations: Organisations
    strategic_areas: dict[int, str]
    footer_lines: tuple[re.Pattern[str], ...]
    hyphen_keeps_before: frozenset[str]
    tables: dict[str, TableSpec]
    map_files: tuple[Path, ...] = field(default=())


@dataclass(frozen=True)
class PeriodSpec:
    key: str
    folder: Path
    title: str | None = None
    as_of: dt.date | None = None
    source: str | None = None
    project_values_published: bool = True
    published: dict = field(default_factory=dict)
    not_reported_ids: frozenset[int] = frozenset()
    not_reported_unclear_organisations: frozenset[str] = frozenset()
    budget_not_reported_organisations: frozenset[str] = frozenset()
    budget_not_reported_except_ids: frozenset[int] = frozenset()


def list_portfolios(data: Path) -> list[str]:
    root = raw_dir(data)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / PROFILE_FILE).is_file())


def check_portfolio_name(name: str) -> None:
    if not PORTFOLIO_NAME.match(name):
        raise InputError([Problem("<command line>", "not a portfolio name", column="portfolio", value=name,
                                  expected="letters, digits, '.', '_' or '-', without path separators")])


def read_yaml(path: Path, data: Path) -> tuple[dict, list[Problem]]:
    shown = display_path(path, data)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        return {}, [Problem(shown, f"not valid YAML: {reason}", row=row, expected="a YAML mapping")]
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Problem(shown, f"cannot read the file: {error}", expected="a UTF-8 YAML file")]
    if content is None:
        return {}, []
    if not isinstance(content, dict):
        return {}, [Problem(shown, "not a mapping of keys to values", value=str(content)[:80],
                            expected="lines of the form 'key: value'")]
    return content, []


def resolve_map(name: str, profile_folder: Path) -> Path:
    """A map file named in a profile: beside the profile first, then in the package's maps/."""
    beside = profile_folder / name
    return beside if beside.is_file() else MAPS_DIR / name


def load_profile(data: Path, portfolio: str) -> Profile:
    check_portfolio_name(portfolio)
    folder = portfolio_raw_dir(data, portfolio)
    path = folder / PROFILE_FILE
    if not path.is_file():
        known = ", ".join(list_portfolios(data)) or "none"
        raise InputError([Problem(display_path(path, data), f"no portfolio {portfolio!r}: the profile file is missing",
                                  expected=f"one of the portfolios in {display_path(raw_dir(data), data)}: {known}")])
    content, problems = read_yaml(path, data)
    raise_if_errors(problems)
    shown = display_path(path, data)
    for key in ("rating_scale", "organisations", "organisation_aliases", "tables"):
        if key not in content:
            problems.append(Problem(shown, "a required setting is missing", column=key))
    raise_if_errors(problems)
    tables = {
        name: TableSpec(name, spec["files"], tuple(spec.get("required", ())))
        for name, spec in content["tables"].items()
    }
    if "projects" not in tables:
        raise InputError([Problem(shown, "the profile names no 'projects' table", column="tables")])
    organisations_file = resolve_map(content["organisations"], folder)
    aliases_file = resolve_map(content["organisation_aliases"], folder)
    areas_file = resolve_map(content["strategic_areas"], folder) if content.get("strategic_areas") else None
    return Profile(
        name=content.get("name", portfolio),
        folder=folder,
        title=content.get("title", portfolio),
        language=content.get("language", "en"),
        currency=content.get("currency", ""),
        budget_unit=content.get("budget_unit", ""),
        scale=rating_scale(content["rating_scale"]),
        organisations=load_organisations(organisations_file, aliases_file,
                                         content.get("default_organisation_group", "other")),
        strategic_areas=load_strategic_areas(areas_file) if areas_file else {},
        footer_lines=tuple(re.compile(p) for p in content.get("footer_lines", ())),
        hyphen_keeps_before=frozenset(w.casefold() for w in content.get("hyphen_keeps_before", ())),
        tables=tables,
        map_files=tuple(p for p in (organisations_file, aliases_file, areas_file) if p is not None),
    )


def discover_periods(profile: Profile, data: Path) -> list[PeriodSpec]:
    """Every period folder of the portfolio, oldest first; a badly named folder is an error."""
    problems: list[Problem] = []
    periods = []
    for folder in sorted(p for p in profile.folder.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            continue
        if not PERIOD_KEY.match(folder.name):
            problems.append(Problem(display_path(folder, data), "a period folder must be named after its period",
                                    value=folder.name, expected="YYYY-MM, e.g. 2020-04"))
            continue
        period, found = load_period(folder, data)
        problems += found
        periods.append(period)
    raise_if_errors(problems)
    if not periods:
        raise InputError([Problem(display_path(profile.folder, data), "the portfolio has no period folders",
                                  expected="subfolders named YYYY-MM")])
    return periods


def load_period(folder: Path, data: Path) -> tuple[PeriodSpec, list[Problem]]:
    path = folder / PERIOD_FILE
    if not path.is_file():
        return PeriodSpec(folder.name, folder), []
    content, problems = read_yaml(path, data)
    shown = display_path(path, data)
    as_of = content.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        problems.append(Problem(shown, "not a date", column="as_of", value=str(as_of), expected="YYYY-MM-DD"))
        as_of = None
    values = content.get("project_values", "published")
    if values not in ("published", "not_published"):
        problems.append(Problem(shown, "unknown value", column="project_values", value=str(values),
                                expected="published or not_published"))
    published = content.get("published") or {}
    for key, value in published.items():
        if key != "quotes" and not isinstance(value, (int, float)):
            problems.append(Problem(shown, "a published figure must be a number", column=f"published.{key}",
                                    value=str(value), expected="a number, e.g. 1560 or 0.60"))
    not_reported = content.get("not_reported") or {}
    budget_not_reported = content.get("budget_not_reported") or {}
    period = PeriodSpec(
        key=folder.name,
        folder=folder,
        title=content.get("title"),
        as_of=as_of,
        source=content.get("source"),
        project_values_published=values != "not_published",
        published={k: v for k, v in published.items() if k != "quotes"},
        not_reported_ids=_id_set(not_reported.get("project_ids"), shown, "not_reported.project_ids", problems),
        not_reported_unclear_organisations=frozenset(not_reported.get("unclear_organisations") or ()),
        budget_not_reported_organisations=frozenset(budget_not_reported.get("organisations") or ()),
        budget_not_reported_except_ids=_id_set(budget_not_reported.get("except_project_ids"), shown,
                                               "budget_not_reported.except_project_ids", problems),
    )
    return period, problems


def _id_set(values, shown: str, key: str, problems: list[Problem]) -> frozenset[int]:
    if values is None:
        return frozenset()
    if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
        problems.append(Problem(shown, "must be a list of project ids", column=key, value=str(values),
                                expected="e.g. [83, 101]"))
        return frozenset()
    return frozenset(values)
