"""The model of a portfolio's profile (``raw/<portfolio>/portfolio.yml``): every key with its check, its
default and what it is for (:data:`PROFILE`), checked before any data is read, one problem line per wrong
setting, all of them in one run."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

import yaml

from .languages import MONTHS
from .maps import current_column, read_map
from .paths import MAPS_DIR
from .problems import Problem
from .schema import (Key, Model, SettingsFile, boolean, check_settings, choice, is_number, is_text, is_whole, passes,
                     shown_value, text, text_list, unknown_key)

PAGE_NAMES = ("overview", "status_change", "budget_decline", "schedule_cost", "risk", "history")
HISTORY_PAGE = "history"  # in every report set, whatever pages a profile lists
TABLE_NAMES = ("projects", "joiners", "leavers")
TABLE_KEYS = ("files", "required")
LANGUAGES = tuple(MONTHS)
TEXT_DEFAULTS = ("period_name", "previous_name", "year", "title")  # placeholders every report text may use


def check_profile(content: dict, where: SettingsFile) -> list[Problem]:
    """Every problem of the profile's settings: errors for missing or wrong values, warnings for unknown keys."""
    problems = check_settings(content, PROFILE, where)
    if isinstance(content.get("tables"), dict):
        problems += check_required_columns(content, where)
    return problems


def report_pages(listed) -> tuple[str, ...]:
    """The pages of a report set: those the profile lists, and the history page, which every set has."""
    return tuple(dict.fromkeys([*listed, HISTORY_PAGE]))


def resolve_map(name: str, profile_folder: Path) -> Path:
    """A map file named in a profile: beside the profile first, then in the package's maps/."""
    beside = profile_folder / name
    return beside if beside.is_file() else MAPS_DIR / name


# --- the checks of the profile's own kinds of value: (value, key, where) -> problems ----------------

def map_file(value, key: str, where: SettingsFile) -> list[Problem]:
    if not is_text(value):
        return [where.problem(key, value, "not the name of a map file", "a CSV file name, e.g. e-helse/organisations.csv")]
    if not resolve_map(value, where.folder).is_file():
        return [where.problem(key, value, "the map file is missing", "a CSV file beside portfolio.yml or in "
                                                                     "portfolio_analysis/maps/")]
    return []


def scale_name(value, key: str, where: SettingsFile) -> list[Problem]:
    names = scale_names()
    if isinstance(value, str) and value in names:
        return []
    return [where.problem(key, value, "unknown rating scale",
                          "a scale in portfolio_analysis/maps/ratings.csv: " + ", ".join(names))]


@lru_cache(maxsize=1)
def scale_names() -> tuple[str, ...]:
    return tuple(dict.fromkeys(row["scale"] for row in read_map(MAPS_DIR / "ratings.csv")))


def patterns(value, key: str, where: SettingsFile) -> list[Problem]:
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


def tables(value, key: str, where: SettingsFile) -> list[Problem]:
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


def table(spec: dict, path: str, name: str, where: SettingsFile) -> list[Problem]:
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


def check_required_columns(content: dict, where: SettingsFile) -> list[Problem]:
    """The required columns of each table must be standard columns the portfolio's column map knows: a
    column it cannot name would be missing from every file."""
    if "columns" in content and map_file(content["columns"], "columns", where):
        return []  # the setting's own problem says why
    path = resolve_map(content["columns"], where.folder) if "columns" in content else MAPS_DIR / "columns.csv"
    try:
        known = sorted({current_column(row["column"]) for row in read_map(path)} - {"ignore"})
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
                     for column in required if is_text(column) and required_column(column, content.get("money", "budget")) not in known]
    return problems


def required_column(column: str, money) -> str:
    """A required column as the package now names it: ``budget_mnok`` (kept for one release) is the money the
    profile compares (``money``)."""
    return money if column == "budget_mnok" and isinstance(money, str) else current_column(column)


def texts(value, key: str, where: SettingsFile) -> list[Problem]:
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




# --- the model: every key portfolio.yml may hold, in the order problems are told ------------------------

TEXT = text("text (in quotes where it looks like a number, date or true/false), e.g. 'Nasjonal e-helseportefølje'")
LANGUAGE = passes(lambda value: isinstance(value, str) and value in LANGUAGES, "not a report language",
                  " or ".join(LANGUAGES))
BUDGET_LIMIT = passes(lambda value: value is None or is_number(value) and value > 0, "not a number above 0",
                      "a number in the budget unit, e.g. 100000 (no letters such as k), or null for no limit")
NAME_LENGTH_LIMIT = passes(lambda value: is_whole(value) and value > 0, "not a whole number above 0",
                           "a number of characters, e.g. 200")
PAGES = passes(lambda value: isinstance(value, list) and "overview" in value
               and all(isinstance(v, str) and v in PAGE_NAMES for v in value), "not a list of report pages",
               "a list with overview and any of " + ", ".join(PAGE_NAMES[1:]))


def texts_of(example: str, help: str) -> Key:
    return Key(text_list("not a list of texts", f"a list of texts, e.g. {example}"), (), help)


def one_of(*allowed, help: str) -> Key:
    """A key with a few allowed values, the first its default."""
    return Key(choice(allowed), allowed[0], help)


PROFILE = Model({
    "name": Key(TEXT, None, "the portfolio's name in reports; default: its folder's name"),
    "title": Key(TEXT, None, "the reports' title; default: the portfolio's folder name"),
    "publisher": Key(TEXT, None, "who publishes the portfolio's reports"),
    "contact": Key(TEXT, None, "whom the organisations ask about a form (a name, an office, an address); default: "
                   "the publisher"),
    "language": Key(LANGUAGE, "en", "the reports' language: " + " or ".join(LANGUAGES)),
    "currency": Key(TEXT, "", "the budgets' currency, e.g. NOK"),
    "budget_unit": Key(TEXT, "", "the budget column's unit as reports write it, e.g. mill. kr or '${}M'"),
    "budget_meaning": Key(TEXT, "", "what the budget column means, e.g. budget for the year"),
    "rating_scale": Key(scale_name, None, "the scale of status and risk, a scale of maps/ratings.csv",
                        required=True),
    "organisations": Key(map_file, None, "the map of organisations and their groups", required=True),
    "organisation_aliases": Key(map_file, None, "the map of organisation spellings", required=True),
    "default_organisation_group": Key(TEXT, "other", "the group of an organisation its map gives none"),
    "strategic_areas": Key(map_file, None, "the map of strategic area numbers to names"),
    "columns": Key(map_file, "columns.csv", "the column map: header spellings -> standard columns"),
    "project_id_aliases": Key(map_file, None, "the map of id spellings that name the same project"),
    "value_markers": Key(map_file, None, "the map of texts that say why a value is not given (exempt, ...)"),
    "tables": Key(tables, None, "the tables of a period and the columns each requires", required=True),
    "money": one_of("budget", "whole_life_cost", help="the money the budget pages compare: budget (the year's) "
                    "or whole_life_cost (the whole-life cost baseline); budget_mnok is a copy of it for one release"),
    "date_order": one_of("day-first", "month-first", help="how a slashed date such as 03/04/2025 reads where its "
                         "file does not show it (31/03/2025 shows day-first)"),
    "comment_preambles": Key(patterns, (), "regular expressions of a templated opening sentence of the owners' "
                             "comments, left out of their short form (the full text is kept)"),
    "budget_limit": Key(BUDGET_LIMIT, 100_000, "a project budget above this is a unit mistake; null: no limit"),
    "name_length_limit": Key(NAME_LENGTH_LIMIT, 200, "longer project names are flagged"),
    "synthetic": Key(boolean(), False, "generated by portfolio_analysis.simulate: every output must say so"),
    "layout": one_of("rows", "transposed", help="rows: one project per row; transposed: one per column"),
    "undefined_bytes": one_of("error", "replace", help="a byte the file's encoding does not define: an "
                                                       "error, or replaced with a warning per byte"),
    "project_ids": one_of("whole_numbers", "text", help="whole_numbers (131), or text (DFT_0001_1112-Q1), "
                                                        "which may be blank"),
    "negative_budgets": one_of("error", "allowed", help="allowed where a cost net of income can be negative"),
    "decimal_mark": one_of(None, ".", ",", help="null: a lone comma is decimal (12,5); '.': commas group "
                                                "thousands"),
    "number_affixes": texts_of("['$', 'M']", "currency signs and unit letters around amounts: $, M"),
    "footer_lines": Key(patterns, (), "regular expressions of lines below a table that are not rows"),
    "hyphen_keeps_before": texts_of("[og, eller]", "words before which a line-end hyphen is kept (PDF text)"),
    "intake": one_of("submissions", "published_list", help="submissions: each organisation sends its own file "
                     "and one that sends nothing is carried forward; published_list: one list for the whole "
                     "portfolio, a project not in it has left"),
    "submitters": texts_of("[Helse Nord RHF, KS]", "organisations expected every period, beyond those with "
                           "projects last period"),
    "pages": Key(PAGES, ("overview", "status_change", "budget_decline", "risk"),
                 "the report's pages; history is always added"),
    "texts": Key(texts, {}, "report texts in the portfolio's own words: key -> {language: text}"),
})
SETTINGS = PROFILE.keys  # every key portfolio.yml may hold
