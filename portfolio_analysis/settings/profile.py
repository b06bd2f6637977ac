"""A portfolio's profile (``raw/<portfolio>/portfolio.yml``) and its periods (``raw/<portfolio>/YYYY-MM/``)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .maps import (Organisations, RatingScale, ValueMarker, column_aliases, load_id_aliases, load_organisations,
                   load_strategic_areas, load_value_markers, rating_scale)
from .paths import MAPS_DIR, display_path, portfolio_raw_dir, raw_dir
from .problems import InputError, Problem, raise_if_errors
from .profile_schema import PROFILE, check_profile, report_pages, required_column, resolve_map
from .schema import SettingsFile

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there, else pure Python
PROFILE_FILE = "portfolio.yml"
PERIOD_FILE = "period.yml"
# \Z, not $: a name ending in a line break ("2020-07\n") is not a period
PERIOD_KEY = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\Z")
PORTFOLIO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
DATA_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".htm", ".html",
                 ".numbers"}


DEFAULTS = PROFILE.defaults()


@dataclass(frozen=True)
class TableSpec:
    name: str
    files: str | None  # shell pattern of the table's file names; None: found by its header (projects only)
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
    # the settings below mean what PROFILE (profile_schema.py) says, and default to its defaults
    synthetic: bool = DEFAULTS["synthetic"]
    budget_limit: float | None = DEFAULTS["budget_limit"]
    name_length_limit: int = DEFAULTS["name_length_limit"]
    column_map: Path = MAPS_DIR / DEFAULTS["columns"]
    layout: str = DEFAULTS["layout"]
    undefined_bytes: str = DEFAULTS["undefined_bytes"]
    project_ids: str = DEFAULTS["project_ids"]
    project_id_aliases: tuple[tuple[re.Pattern[str], str], ...] = ()
    value_markers: tuple[ValueMarker, ...] = ()
    negative_budgets: str = DEFAULTS["negative_budgets"]
    money: str = DEFAULTS["money"]
    date_order: str = DEFAULTS["date_order"]
    comment_preambles: tuple[re.Pattern[str], ...] = ()
    number_affixes: tuple[str, ...] = DEFAULTS["number_affixes"]
    decimal_mark: str | None = DEFAULTS["decimal_mark"]
    pages: tuple[str, ...] = report_pages(DEFAULTS["pages"])
    texts: dict = field(default_factory=dict)
    intake: str = DEFAULTS["intake"]
    submitters: tuple[str, ...] = DEFAULTS["submitters"]  # in the organisation map's spelling
    publisher: str | None = DEFAULTS["publisher"]
    contact: str | None = DEFAULTS["contact"]  # whom the organisations ask about a form; None: the publisher
    problems: tuple[Problem, ...] = ()  # warnings about the profile itself (unknown keys), shown by every build

    @property
    def rated_columns(self) -> tuple[str, ...]:
        """The ratings the portfolio's project lists carry (status, and risk where there is one)."""
        return tuple(column for column in ("status", "risk") if column in self.tables["projects"].required)


NAME_RULE = "letters, digits, '.', '_' or '-', starting with a letter or digit, without spaces or path separators"


def list_portfolios(data: Path) -> list[str]:
    """Every folder of raw/ with a portfolio.yml and a valid name (see :func:`misnamed_portfolios`)."""
    return sorted(folder.name for folder in portfolio_folders(data) if PORTFOLIO_NAME.match(folder.name))


def misnamed_portfolios(data: Path) -> list[Problem]:
    """A warning for each folder of raw/ with a portfolio.yml whose name cannot be a portfolio's: it is
    skipped, and the other portfolios are built as usual."""
    return [Problem(display_path(folder, data), "the folder's name cannot be a portfolio name; the folder is skipped",
                    value=folder.name, expected="a folder name of " + NAME_RULE, severity="warning")
            for folder in portfolio_folders(data) if not PORTFOLIO_NAME.match(folder.name)]


def portfolio_folders(data: Path) -> list[Path]:
    root = raw_dir(data)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / PROFILE_FILE).is_file())


def check_portfolio_name(name: str) -> None:
    if not PORTFOLIO_NAME.match(name):
        raise InputError([Problem("<command line>", "not a portfolio name", column="portfolio", value=name,
                                  expected=NAME_RULE)])


PACKAGE_SETTINGS = "profile.yml"  # in maps/<portfolio>/: the package's own settings for a portfolio it ships


def with_package_settings(content: dict, portfolio: str, data: Path) -> tuple[dict, list[Problem]]:
    """The profile with the package's own settings for the portfolio (``maps/<portfolio>/profile.yml``), where
    there are any: keys the package came to need after the portfolio's raw folder, which is never edited, was
    delivered. A key there takes precedence; report texts are merged key by key."""
    path = MAPS_DIR / portfolio / PACKAGE_SETTINGS
    if not path.is_file():
        return content, []
    package, problems = read_yaml(path, data)
    texts = {**(content.get("texts") or {}), **(package.get("texts") or {})} if "texts" in package else None
    merged = {**content, **package}
    if texts is not None:
        merged["texts"] = texts
    return merged, problems


def read_yaml(path: Path, data: Path) -> tuple[dict, list[Problem]]:
    shown = display_path(path, data)
    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        value = lines[row - 1].strip() if row is not None and row <= len(lines) else None
        column = f"column {mark.column + 1}" if mark is not None else None
        return {}, [Problem(shown, f"not valid YAML: {reason}", row=row, column=column, value=value,
                            expected="a YAML mapping")]
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Problem(shown, f"cannot read the file: {error}", expected="a UTF-8 YAML file")]
    if content is None:
        return {}, []
    if not isinstance(content, dict):
        return {}, [Problem(shown, "not a mapping of keys to values", value=str(content)[:80],
                            expected="lines of the form 'key: value'")]
    return content, []


def load_profile(data: Path, portfolio: str) -> Profile:
    """The portfolio's profile. Every setting is checked before any data is read: a wrong one raises
    :class:`InputError` with one problem per setting; unknown keys are warnings kept in ``problems``."""
    check_portfolio_name(portfolio)
    folder = portfolio_raw_dir(data, portfolio)
    path = folder / PROFILE_FILE
    if not path.is_file():
        known = ", ".join(list_portfolios(data)) or "none"
        raise InputError([Problem(display_path(path, data), f"no portfolio {portfolio!r}: the profile file is missing",
                                  expected=f"one of the portfolios in {display_path(raw_dir(data), data)}: {known}")])
    return read_profile(path, data, portfolio)


def read_profile(path: Path, data: Path, portfolio: str) -> Profile:
    """The profile in ``path`` (maps named in it are looked up beside it first), checked as :func:`load_profile`
    says; ``portfolio`` is its name where the profile gives none."""
    folder = path.parent
    content, problems = read_yaml(path, data)
    raise_if_errors(problems)
    content, found = with_package_settings(content, portfolio, data)
    problems += found
    raise_if_errors(problems)
    where = SettingsFile(display_path(path, data), folder)
    problems += check_profile(content, where)
    raise_if_errors(problems)
    maps, found = load_maps(content, where)
    problems += found
    raise_if_errors(problems)
    values = PROFILE.values(content)
    submitters, found = canonical_submitters(values["submitters"], maps.organisations, where)
    problems += found
    raise_if_errors(problems)
    tables = {name: TableSpec(name, spec.get("files"), tuple(required_column(column, values["money"])
                                                             for column in spec["required"]))
              for name, spec in values["tables"].items()}
    return Profile(
        name=values["name"] or portfolio,
        folder=folder,
        title=values["title"] or portfolio,
        language=values["language"],
        currency=values["currency"],
        budget_unit=values["budget_unit"],
        scale=rating_scale(values["rating_scale"]),
        organisations=maps.organisations,
        strategic_areas=maps.strategic_areas,
        footer_lines=tuple(re.compile(p) for p in values["footer_lines"]),
        hyphen_keeps_before=frozenset(w.casefold() for w in values["hyphen_keeps_before"]),
        tables=tables,
        map_files=maps.files,
        synthetic=values["synthetic"],
        budget_limit=values["budget_limit"],
        name_length_limit=values["name_length_limit"],
        column_map=maps.column_map,
        layout=values["layout"],
        undefined_bytes=values["undefined_bytes"],
        project_ids=values["project_ids"],
        project_id_aliases=maps.project_id_aliases,
        value_markers=maps.value_markers,
        negative_budgets=values["negative_budgets"],
        money=values["money"],
        date_order=values["date_order"],
        comment_preambles=tuple(re.compile(p) for p in values["comment_preambles"]),
        pages=report_pages(values["pages"]),
        number_affixes=tuple(values["number_affixes"]),
        decimal_mark=values["decimal_mark"],
        texts=dict(values["texts"]),
        intake=values["intake"],
        submitters=submitters,
        publisher=values["publisher"],
        contact=values["contact"] or values["publisher"],
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class ProfileMaps:
    """The map files a profile names, read."""

    organisations: Organisations
    strategic_areas: dict[int, str]
    column_map: Path
    project_id_aliases: tuple[tuple[re.Pattern[str], str], ...]
    value_markers: tuple[ValueMarker, ...]
    files: tuple[Path, ...]  # every map file used, for the build's fingerprint


MAP_COLUMNS = {  # the columns each map file must have
    "organisations": ("organisation", "group"),
    "organisation_aliases": ("alias", "organisation"),
    "strategic_areas": ("strategic_area", "strategic_area_name"),
    "columns": ("column", "alias"),
    "project_id_aliases": ("pattern", "replacement"),
    "value_markers": ("column", "pattern", "marker"),
}


MAP_ROWS = {  # what each row of a map must hold
    "organisations": "a name and its group on each row",
    "organisation_aliases": "on each row an alias and an organisation of the organisations map",
    "strategic_areas": "on each row a whole number and its name",
    "columns": "on each row a standard column and a header spelling",
    "project_id_aliases": "on each row a regular expression and its replacement",
    "value_markers": "on each row a column, a regular expression and a marker",
}


def load_maps(content: dict, where: SettingsFile) -> tuple[ProfileMaps | None, list[Problem]]:
    """Reads the map files the (checked) profile names; a map without its columns, or with a row that cannot
    be read (a strategic area that is no number, a bad pattern, an alias of an unknown organisation), is one
    problem naming the setting."""
    paths = {key: resolve_map(content[key], where.folder) for key in MAP_COLUMNS if key in content}
    paths.setdefault("columns", MAPS_DIR / PROFILE.default("columns"))
    problems = [problem for key, path in paths.items() for problem in map_header_problems(key, path, where)]
    if problems:
        return None, problems

    def read(key: str, loader, default):
        if key not in paths:
            return default
        try:
            return loader(paths[key])
        except (ValueError, LookupError, re.error, csv.Error) as error:
            problems.append(where.problem(key, content.get(key, paths[key].name), f"a row of the map cannot be read: "
                                          f"{error}", MAP_ROWS[key]))
            return default

    group = PROFILE.values(content)["default_organisation_group"]
    organisations = read("organisation_aliases", lambda aliases: load_organisations(paths["organisations"], aliases,
                                                                                    group), None)
    maps = ProfileMaps(
        organisations=organisations,
        strategic_areas=read("strategic_areas", load_strategic_areas, {}),
        column_map=paths["columns"],
        project_id_aliases=read("project_id_aliases", load_id_aliases, ()),
        value_markers=read("value_markers", load_value_markers, ()),
        files=tuple(paths[key] for key in MAP_COLUMNS if key in content),
    )
    read("columns", column_aliases, None)
    return maps, problems


def map_header_problems(key: str, path: Path, where: SettingsFile) -> list[Problem]:
    """The map must be UTF-8 CSV whose first line names its columns, and no row may be wider than that line."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return [where.problem(key, path.name, f"cannot read the map: {error}", "a UTF-8 CSV file")]
    header = [cell.strip() for cell in rows[0]] if rows else []
    missing = [column for column in MAP_COLUMNS[key] if column not in header]
    if missing:
        return [where.problem(key, path.name, "the map lacks the column(s) " + ", ".join(missing),
                              "a CSV file whose first line names the columns " + ", ".join(MAP_COLUMNS[key]))]
    wide = next((number for number, row in enumerate(rows[1:], 2) if len(row) > len(header)), None)
    if wide is not None:
        return [where.problem(key, path.name, f"line {wide} of the map has more cells than its header",
                              "one cell per column named in the first line (quote a cell that holds a comma)")]
    return []


def canonical_submitters(names: list[str], organisations: Organisations,
                         where: SettingsFile) -> tuple[tuple[str, ...], list[Problem]]:
    """The ``submitters`` roster in the organisation map's spelling; a name it does not know is an error."""
    found, problems = [], []
    for name in names:
        canonical = organisations.canonical(name)
        if canonical is None:
            problems.append(where.problem("submitters", name, "not an organisation of the portfolio",
                                          "a name in the organisation map"))
        else:
            found.append(canonical)
    return tuple(dict.fromkeys(found)), problems
