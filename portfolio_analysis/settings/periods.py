"""A portfolio's reporting periods: one folder ``raw/<portfolio>/YYYY-MM/`` each, with an optional
``period.yml`` saying what the period's report says about itself (see the README for its keys)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .maps import rating_scale
from .paths import display_path
from .problems import InputError, Problem, raise_if_errors
from .profile import PERIOD_FILE, PERIOD_KEY, Profile, read_yaml
from .profile_schema import is_number, is_text, unknown_key

# Every key period.yml may hold, with the keys each mapping may hold; anything else is a warning.
PERIOD_KEYS = {
    "title": None, "as_of": None, "source": None, "project_values": None, "rating_scale": None, "synthetic": None,
    "published": None,  # its keys are checked by PUBLISHED_KEY
    "not_reported": ("project_ids", "organisations", "unclear_organisations", "quotes"),
    "budget_not_reported": ("organisations", "except_project_ids", "quotes"),
    "ignored_files": None,
}
PUBLISHED_KEY = re.compile(r"^(projects|budget_mnok|quotes|(status|risk)_[a-z]+_share)\Z")


@dataclass(frozen=True)
class PeriodSpec:
    key: str
    folder: Path
    rating_scale: str | None = None  # when the period rates on another scale than the profile's
    title: str | None = None
    as_of: dt.date | None = None
    source: str | None = None
    project_values_published: bool = True
    published: dict = field(default_factory=dict)
    not_reported_ids: frozenset[int] = frozenset()
    not_reported_organisations: frozenset[str] = frozenset()  # every row of these was carried by the office
    not_reported_unclear_organisations: frozenset[str] = frozenset()
    budget_not_reported_organisations: frozenset[str] = frozenset()
    budget_not_reported_except_ids: frozenset[int] = frozenset()
    ignored_files: tuple[str, ...] = ()  # files of the folder that are not tables of the portfolio (patterns)


def discover_periods(profile: Profile, data: Path) -> tuple[list[PeriodSpec], list[Problem]]:
    """Every period folder of the portfolio, oldest first, and the warnings its ``period.yml`` files give;
    a badly named folder or a malformed ``period.yml`` is an error (raised)."""
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
        problems += [replace(p, period=p.period or period.key) for p in found]
        periods.append(period)
    raise_if_errors(problems)
    if not periods:
        raise InputError([Problem(display_path(profile.folder, data), "the portfolio has no period folders",
                                  expected="subfolders named YYYY-MM")])
    return periods, problems


def load_period(folder: Path, data: Path) -> tuple[PeriodSpec, list[Problem]]:
    path = folder / PERIOD_FILE
    if not path.is_file():
        return PeriodSpec(folder.name, folder), []
    content, problems = read_yaml(path, data)
    shown = display_path(path, data)
    problems += unknown_keys(content, shown)
    as_of = content.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        problems.append(Problem(shown, "not a date", column="as_of", value=str(as_of), expected="YYYY-MM-DD"))
        as_of = None
    values = content.get("project_values", "published")
    if values not in ("published", "not_published"):
        problems.append(Problem(shown, "unknown value", column="project_values", value=str(values),
                                expected="published or not_published"))
    problems += text_problems(content, shown)
    published = _mapping(content, "published", shown, problems)
    problems += published_problems(published, shown)
    not_reported = _mapping(content, "not_reported", shown, problems)
    budget_not_reported = _mapping(content, "budget_not_reported", shown, problems)
    scale = content.get("rating_scale")
    if scale is not None:
        try:
            rating_scale(scale)
        except KeyError:
            problems.append(Problem(shown, "unknown rating scale", column="rating_scale", value=str(scale),
                                    expected="a scale in portfolio_analysis/maps/ratings.csv"))
            scale = None
    period = PeriodSpec(
        key=folder.name,
        folder=folder,
        rating_scale=scale,
        title=content.get("title"),
        as_of=as_of,
        source=content.get("source"),
        project_values_published=values != "not_published",
        published={k: v for k, v in published.items() if k != "quotes"},
        not_reported_ids=_id_set(not_reported.get("project_ids"), shown, "not_reported.project_ids", problems),
        not_reported_organisations=_names(not_reported.get("organisations"), shown, "not_reported.organisations",
                                          problems),
        not_reported_unclear_organisations=_names(not_reported.get("unclear_organisations"), shown,
                                                  "not_reported.unclear_organisations", problems),
        budget_not_reported_organisations=_names(budget_not_reported.get("organisations"), shown,
                                                 "budget_not_reported.organisations", problems),
        budget_not_reported_except_ids=_id_set(budget_not_reported.get("except_project_ids"), shown,
                                               "budget_not_reported.except_project_ids", problems),
        ignored_files=tuple(_names(content.get("ignored_files"), shown, "ignored_files", problems, ordered=True)),
    )
    return period, problems


def unknown_keys(content: dict, shown: str) -> list[Problem]:
    """A warning for every key period.yml does not know (a misspelt key would otherwise be ignored)."""
    problems = []
    for key, value in content.items():
        if key not in PERIOD_KEYS:
            problems.append(unknown_key(shown, str(key), list(PERIOD_KEYS)))
        elif isinstance(value, dict):
            allowed = PERIOD_KEYS[key]
            for inner in value:
                known = PUBLISHED_KEY.match(str(inner)) if key == "published" else str(inner) in (allowed or ())
                if not known:
                    choices = ["projects", "budget_mnok", "status_yellow_share", "quotes"] if key == "published" \
                        else list(allowed or ())
                    problems.append(unknown_key(shown, f"{key}.{inner}", [f"{key}.{c}" for c in choices]))
    return problems


def text_problems(content: dict, shown: str) -> list[Problem]:
    """title and source are text, synthetic is true or false, and every quotes list holds texts."""
    problems = [Problem(shown, "not text", column=key, value=str(content[key]),
                        expected="text (in quotes where it looks like a number or a date)")
                for key in ("title", "source") if key in content and not is_text(content[key])]
    if "synthetic" in content and not isinstance(content["synthetic"], bool):
        problems.append(Problem(shown, "not true or false", column="synthetic", value=str(content["synthetic"]),
                                expected="true or false"))
    for key in ("published", "not_reported", "budget_not_reported"):
        quotes = content[key].get("quotes") if isinstance(content.get(key), dict) else None
        if quotes is not None and not (isinstance(quotes, list) and all(is_text(q) for q in quotes)):
            problems.append(Problem(shown, "not a list of quotes", column=f"{key}.quotes", value=str(quotes),
                                    expected="a list of texts, one quoted sentence each"))
    return problems


def published_problems(published: dict, shown: str) -> list[Problem]:
    """A published count is a whole number, a total a number, a share a number from 0 to 1."""
    problems = []
    for key, value in published.items():
        column = f"published.{key}"
        if key == "quotes":
            continue
        if str(key).endswith("_share"):
            if not (is_number(value) and 0 <= value <= 1):
                problems.append(Problem(shown, "a published share must be a number from 0 to 1", column=column,
                                        value=str(value), expected="a share such as 0.60 for 60 %"))
        elif key == "projects":
            if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                problems.append(Problem(shown, "a published count of projects must be a whole number", column=column,
                                        value=str(value), expected="a whole number of 0 or more, e.g. 52"))
        elif not is_number(value):
            problems.append(Problem(shown, "a published figure must be a number", column=column,
                                    value=str(value), expected="a number, e.g. 1560"))
    return problems


def published_count_warnings(periods: list[PeriodSpec], rows: dict[str, int], data: Path) -> list[Problem]:
    """A warning for each period whose ``published.projects`` differs from the number of its project rows:
    the published figure is kept beside the rows, as the published budget total is."""
    problems = []
    for period in periods:
        published, found = period.published.get("projects"), rows.get(period.key, 0)
        if published is not None and published != found:
            difference = f"{abs(found - published)} {'more' if found > published else 'fewer'}"
            problems.append(Problem(
                display_path(period.folder / PERIOD_FILE, data),
                f"the period's rows hold {found} projects, {difference} than the {published} its report publishes",
                column="published.projects", value=str(published), period=period.key, severity="warning",
                expected="as many projects as published; a submission missing or a row too many?"))
    return problems


def _mapping(content: dict, key: str, shown: str, problems: list[Problem]) -> dict:
    value = content.get(key) or {}
    if not isinstance(value, dict):
        problems.append(Problem(shown, "must be a mapping of keys to values", column=key, value=str(value),
                                expected=f"indented 'key: value' lines under {key}:"))
        return {}
    return value


def _id_set(values, shown: str, key: str, problems: list[Problem]) -> frozenset[int]:
    if values is None:
        return frozenset()
    if not isinstance(values, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        problems.append(Problem(shown, "must be a list of project ids", column=key, value=str(values),
                                expected="e.g. [83, 101]"))
        return frozenset()
    return frozenset(values)


def _names(values, shown: str, key: str, problems: list[Problem], ordered: bool = False):
    if values is None:
        return () if ordered else frozenset()
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problems.append(Problem(shown, "must be a list of names", column=key, value=str(values),
                                expected="e.g. [Helse Nord RHF]"))
        return () if ordered else frozenset()
    return tuple(values) if ordered else frozenset(values)
