"""What a portfolio's profile (``raw/<portfolio>/portfolio.yml``) may hold: every key's type and value,
checked before any data is read, one problem line per wrong setting, all of them in one run."""

from __future__ import annotations

import difflib
import json
import math
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

from .languages import MONTHS
from .maps import read_map
from .paths import MAPS_DIR
from .problems import Problem

REQUIRED_KEYS = ("rating_scale", "organisations", "organisation_aliases", "tables")
MAP_KEYS = ("organisations", "organisation_aliases", "strategic_areas", "columns", "project_id_aliases",
            "value_markers")
CHOICES = {  # setting -> the values it may take; the first is the default
    "layout": ("rows", "transposed"),
    "undefined_bytes": ("error", "replace"),
    "project_ids": ("whole_numbers", "text"),
    "negative_budgets": ("error", "allowed"),
    "decimal_mark": (None, ".", ","),
    "intake": ("submissions", "published_list"),
}
PAGE_NAMES = ("overview", "status_change", "budget_decline", "risk", "history")
TABLE_NAMES = ("projects", "joiners", "leavers")
TABLE_KEYS = ("files", "required")
LANGUAGES = tuple(MONTHS)
TEXT_DEFAULTS = ("period_name", "previous_name", "year", "title")  # placeholders every report text may use


@dataclass(frozen=True)
class ProfileFile:
    """The profile being checked: its path as messages show it, and its folder (where maps are looked up)."""

    shown: str
    folder: Path

    def problem(self, key: str, value, message: str, expected: str, severity: str = "error") -> Problem:
        return Problem(self.shown, message, column=key, value=shown_value(value), expected=expected,
                       severity=severity)


def check_profile(content: dict, where: ProfileFile) -> list[Problem]:
    """Every problem of the profile's settings: errors for missing or wrong values, warnings for unknown keys."""
    problems = [where.problem(key, None, "a required setting is missing", "a value for " + key)
                for key in REQUIRED_KEYS if key not in content]
    for key, value in content.items():
        check = SETTINGS.get(key) if isinstance(key, str) else None
        if check is None:
            problems.append(unknown_key(where.shown, str(key), list(SETTINGS)))
        else:
            problems += check(value, key, where)
    if isinstance(content.get("tables"), dict):
        problems += check_required_columns(content, where)
    return problems


def unknown_key(shown: str, key: str, choices: list[str], known: str | None = None) -> Problem:
    """A warning for a key a YAML file does not know (a misspelt key would otherwise be ignored), with the
    closest known key; ``known`` says where the keys are listed when they are too many to name."""
    close = difflib.get_close_matches(key, choices, n=1)
    expected = (f"{close[0]!r}? " if close else "") + (known or "one of " + ", ".join(choices))
    return Problem(shown, f"unknown key in {Path(shown).name}, ignored", column=key, value=key, expected=expected,
                   severity="warning")


def shown_value(value) -> str:
    """A setting's value as a problem line shows it: text as it is, anything else as YAML would write it."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return json.dumps(value, ensure_ascii=False, default=str)


def resolve_map(name: str, profile_folder: Path) -> Path:
    """A map file named in a profile: beside the profile first, then in the package's maps/."""
    beside = profile_folder / name
    return beside if beside.is_file() else MAPS_DIR / name


# --- one check per kind of setting: (value, key, where) -> problems ---------------------------------

Check = Callable[[object, str, ProfileFile], list[Problem]]


def is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def text(value, key: str, where: ProfileFile) -> list[Problem]:
    return [] if is_text(value) else [where.problem(key, value, "not text", "text (in quotes where it looks like a "
                                                    "number, date or true/false), e.g. 'Nasjonal e-helseportefølje'")]


def text_list(example: str) -> Check:
    def check(value, key: str, where: ProfileFile) -> list[Problem]:
        if isinstance(value, list) and all(is_text(item) for item in value):
            return []
        return [where.problem(key, value, "not a list of texts", f"a list of texts, e.g. {example}")]
    return check


def choice(value, key: str, where: ProfileFile) -> list[Problem]:
    allowed = CHOICES[key]
    return [] if isinstance(value, str | None) and value in allowed else [
        where.problem(key, value, "unknown value", " or ".join(str(a) for a in allowed if a))]


def language(value, key: str, where: ProfileFile) -> list[Problem]:
    return [] if isinstance(value, str) and value in LANGUAGES else [
        where.problem(key, value, "not a report language", " or ".join(LANGUAGES))]


def boolean(value, key: str, where: ProfileFile) -> list[Problem]:
    return [] if isinstance(value, bool) else [where.problem(key, value, "not true or false", "true or false")]


def budget_limit(value, key: str, where: ProfileFile) -> list[Problem]:
    if value is None or is_number(value) and value > 0:
        return []
    return [where.problem(key, value, "not a number above 0", "a number in the budget unit, e.g. 100000 (no "
                                                              "letters such as k), or null for no limit")]


def name_length_limit(value, key: str, where: ProfileFile) -> list[Problem]:
    return [] if isinstance(value, int) and not isinstance(value, bool) and value > 0 else [
        where.problem(key, value, "not a whole number above 0", "a number of characters, e.g. 200")]


def map_file(value, key: str, where: ProfileFile) -> list[Problem]:
    if not is_text(value):
        return [where.problem(key, value, "not the name of a map file", "a CSV file name, e.g. e-helse/organisations.csv")]
    if not resolve_map(value, where.folder).is_file():
        return [where.problem(key, value, "the map file is missing", "a CSV file beside portfolio.yml or in "
                                                                     "portfolio_analysis/maps/")]
    return []


def scale_name(value, key: str, where: ProfileFile) -> list[Problem]:
    names = scale_names()
    if isinstance(value, str) and value in names:
        return []
    return [where.problem(key, value, "unknown rating scale",
                          "a scale in portfolio_analysis/maps/ratings.csv: " + ", ".join(names))]


@lru_cache(maxsize=1)
def scale_names() -> tuple[str, ...]:
    return tuple(dict.fromkeys(row["scale"] for row in read_map(MAPS_DIR / "ratings.csv")))


def patterns(value, key: str, where: ProfileFile) -> list[Problem]:
    if not (isinstance(value, list) and all(is_text(item) for item in value)):
        return [where.problem(key, value, "not a list of regular expressions",
                              "a list of texts, e.g. ['^Nasjonal e-helseportefølje \\w+ \\d{4}$']")]
    problems = []
    for item in value:
        try:
            re.compile(item)
        except re.error as error:
            problems.append(where.problem(key, item, f"not a regular expression: {error.msg}",
                                          "a Python regular expression, e.g. '^Side \\d+$'"))
    return problems


def pages(value, key: str, where: ProfileFile) -> list[Problem]:
    if isinstance(value, list) and "overview" in value and all(isinstance(v, str) and v in PAGE_NAMES for v in value):
        return []
    return [where.problem(key, value, "not a list of report pages",
                          "a list with overview and any of " + ", ".join(PAGE_NAMES[1:]))]


def tables(value, key: str, where: ProfileFile) -> list[Problem]:
    if not isinstance(value, dict):
        return [where.problem(key, value, "not a mapping of tables", "indented lines 'projects:', then 'files:' and "
                                                                     "'required:' under it")]
    problems = [] if "projects" in value else [where.problem(key, shown_value(list(value)), "the profile names no "
                                                             "'projects' table", "a table named projects")]
    for name, spec in value.items():
        path = f"{key}.{name}"
        if name not in TABLE_NAMES:
            problems.append(where.problem(path, name, "unknown table", "one of " + ", ".join(TABLE_NAMES)))
        elif not isinstance(spec, dict):
            problems.append(where.problem(path, spec, "not a mapping", "indented lines 'files:' and 'required:'"))
        else:
            problems += table(spec, path, name, where)
    return problems


def table(spec: dict, path: str, name: str, where: ProfileFile) -> list[Problem]:
    problems = [unknown_key(where.shown, f"{path}.{inner}", [f"{path}.{k}" for k in TABLE_KEYS])
                for inner in spec if inner not in TABLE_KEYS]
    if "files" in spec and not is_text(spec["files"]):
        problems.append(where.problem(f"{path}.files", spec["files"], "not a file name pattern",
                                      "a shell pattern such as '*prosjekter_ut*'"))
    elif "files" not in spec and name != "projects":
        problems.append(where.problem(f"{path}.files", None, "a table other than projects needs a file name pattern",
                                      "a shell pattern such as '*prosjekter_ut*'"))
    required = spec.get("required")
    if not (isinstance(required, list) and required and all(is_text(column) for column in required)):
        problems.append(where.problem(f"{path}.required", required, "not a list of columns",
                                      "a list of standard columns, e.g. [project_id, project_name, actor]"))
    return problems


def check_required_columns(content: dict, where: ProfileFile) -> list[Problem]:
    """The required columns of each table must be standard columns the portfolio's column map knows: a
    column it cannot name would be missing from every file."""
    if "columns" in content and map_file(content["columns"], "columns", where):
        return []  # the setting's own problem says why
    path = resolve_map(content["columns"], where.folder) if "columns" in content else MAPS_DIR / "columns.csv"
    try:
        known = sorted({row["column"] for row in read_map(path)} - {"ignore"})
    except (OSError, UnicodeDecodeError, KeyError, ValueError, AttributeError):
        known = []
    if not known:
        return []  # reading the map itself reports why it names no column
    problems = []
    for name, spec in content["tables"].items():
        required = spec.get("required") if isinstance(spec, dict) else None
        if name not in TABLE_NAMES or not isinstance(required, list):
            continue
        problems += [where.problem(f"tables.{name}.required", column, "not a column of the column map",
                                   f"one of {', '.join(known)} ({path.name})")
                     for column in required if is_text(column) and column not in known]
    return problems


def texts(value, key: str, where: ProfileFile) -> list[Problem]:
    if not isinstance(value, dict):
        return [where.problem(key, value, "not a mapping of report texts",
                              "indented lines 'label.actor: {en: \"Department\"}'")]
    catalogue = text_catalogue()
    problems = []
    for name, by_language in value.items():
        path = f"{key}.{name}"
        if name not in catalogue:
            problems.append(unknown_key(where.shown, path, [f"{key}.{k}" for k in catalogue],
                                        "a key of portfolio_analysis/maps/texts.yml"))
        elif not (isinstance(by_language, dict) and by_language
                  and all(k in LANGUAGES and isinstance(v, str) for k, v in by_language.items())):
            problems.append(where.problem(path, by_language, "not a text per report language",
                                          "{" + ", ".join(f'{lang}: "…"' for lang in LANGUAGES) + "}"))
        else:
            problems += [where.problem(f"{path}.{lang}", template, message, expected)
                         for lang, template in by_language.items()
                         for message, expected in placeholder_problems(template, catalogue[name])]
    return problems


def placeholder_problems(template: str, catalogue_entry: dict) -> list[tuple[str, str]]:
    """A report text may use the placeholders of the catalogue's own text for that key, and no others."""
    allowed = set(TEXT_DEFAULTS).union(*(placeholders(t) or set() for t in catalogue_entry.values()))
    expected = "placeholders among " + ", ".join("{" + p + "}" for p in sorted(allowed))
    used = placeholders(template)
    if used is None:
        return [("a brace that opens no placeholder", expected + "; a brace as text is {{ or }}")]
    return [(f"unknown placeholder {{{name}}}", expected) for name in sorted(used - allowed)]


def placeholders(template: str) -> set[str] | None:
    """The names in a template's ``{braces}``; None when its braces do not pair."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError:
        return None
    return {re.split(r"[.\[]", field)[0] for field in fields}


@lru_cache(maxsize=1)
def text_catalogue() -> dict:
    return yaml.safe_load((MAPS_DIR / "texts.yml").read_text(encoding="utf-8"))


SETTINGS: dict[str, Check] = {  # every key portfolio.yml may hold, with its check
    "name": text, "title": text, "publisher": text, "language": language, "currency": text, "budget_unit": text,
    "budget_meaning": text, "rating_scale": scale_name,
    **{key: map_file for key in MAP_KEYS},
    "default_organisation_group": text,
    "footer_lines": patterns, "hyphen_keeps_before": text_list("[og, eller]"),
    "tables": tables, "synthetic": boolean, "budget_limit": budget_limit, "name_length_limit": name_length_limit,
    **{key: choice for key in CHOICES},
    "number_affixes": text_list("['$', 'M']"), "pages": pages, "texts": texts,
    "submitters": text_list("[Helse Nord RHF, KS]"),
}
