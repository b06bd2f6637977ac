"""A portfolio's reporting periods: one folder ``raw/<portfolio>/YYYY-MM/`` each, with an optional
``period.yml`` saying what the period's report says about itself (see the README for its keys)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .paths import display_path
from .problems import InputError, Problem, raise_if_errors
from .profile import PERIOD_FILE, PERIOD_KEY, Profile, read_yaml
from .profile_schema import scale_names
from .schema import Key, Model, SettingsFile, boolean, check_settings, choice, is_number, is_whole, mapping, passes, \
    text, text_list

NAMES = passes(lambda value: value is None or isinstance(value, list) and all(isinstance(v, str) for v in value),
               "must be a list of names", "e.g. [Helse Nord RHF]")
IDS = passes(lambda value: value is None or isinstance(value, list) and all(is_whole(v) for v in value),
             "must be a list of project ids", "e.g. [83, 101]")
QUOTES = Key(text_list("not a list of quotes", "a list of texts, one quoted sentence each", nullable=True), (),
             "the sentences of the period's report the figures or names come from")


TEXT = text("text (in quotes where it looks like a number or a date)")


def mapping_of(model: Model):
    """A mapping of period.yml; left out, empty or null, it holds nothing."""
    return mapping(model, "must be a mapping of keys to values",
                   lambda key: f"indented 'key: value' lines under {key}:", empty_is_none=True)


PUBLISHED = Model(
    {"quotes": QUOTES,
     "projects": Key(passes(lambda value: is_whole(value) and value >= 0, "a published count of projects must be a "
                            "whole number", "a whole number of 0 or more, e.g. 52"), None,
                     "the number of projects the period's report publishes"),
     "budget_mnok": Key(passes(is_number, "a published figure must be a number", "a number, e.g. 1560"), None,
                        "the budget total the period's report publishes")},
    patterns=((re.compile(r"^(status|risk)_[a-z]+_share\Z"),
               Key(passes(lambda value: is_number(value) and 0 <= value <= 1, "a published share must be a number "
                          "from 0 to 1", "a share such as 0.60 for 60 %"), None,
                   "the share of projects with a rating (status_yellow_share: the share rated yellow)")),),
    suggest=("projects", "budget_mnok", "status_yellow_share", "quotes"))

PERIOD = Model({  # every key period.yml may hold, in the order problems are told
    "title": Key(TEXT, None, "the period's report title"),
    "as_of": Key(passes(lambda value: value is None or isinstance(value, dt.date), "not a date", "YYYY-MM-DD"), None,
                 "the date the period's data are as of"),
    "source": Key(TEXT, None, "where the data come from"),
    "deadline": Key(passes(lambda value: value is None or isinstance(value, dt.date), "not a date", "YYYY-MM-DD"), None,
                    "the date the organisations' submissions for the period are due"),
    "project_values": Key(choice(("published", "not_published")), "published",
                          "not_published: per-project status, risk and budget are unknown"),
    "rating_scale": Key(passes(lambda value: value is None or isinstance(value, str) and value in scale_names(),
                               "unknown rating scale", "a scale in portfolio_analysis/maps/ratings.csv"), None,
                        "the scale the period rates on when it is not the profile's"),
    "synthetic": Key(boolean(), False, "written by the simulator"),
    "published": Key(mapping_of(PUBLISHED), None, "figures the period's report publishes"),
    "not_reported": Key(mapping_of(Model({
        "project_ids": Key(IDS, None, "projects whose values the office carried from the previous period"),
        "organisations": Key(NAMES, None, "the same for every project of these organisations"),
        "unclear_organisations": Key(NAMES, None, "most of their projects did not report: is_reported unknown"),
        "quotes": QUOTES})), None, "who did not report this period"),
    "budget_not_reported": Key(mapping_of(Model({
        "organisations": Key(NAMES, None, "whose zero budgets mean not reported"),
        "except_project_ids": Key(IDS, None, "projects of those organisations whose zero is a zero"),
        "quotes": QUOTES})), None, "whose budgets were not reported"),
    "ignored_files": Key(NAMES, None, "files or patterns in the folder that are not tables of the portfolio"),
})


@dataclass(frozen=True)
class PeriodSpec:
    key: str
    folder: Path
    rating_scale: str | None = None  # when the period rates on another scale than the profile's
    title: str | None = None
    as_of: dt.date | None = None
    source: str | None = None
    deadline: dt.date | None = None  # when the organisations' submissions are due
    project_values_published: bool = True
    published: dict = field(default_factory=dict)
    not_reported_ids: frozenset[int] = frozenset()
    not_reported_organisations: frozenset[str] = frozenset()  # every row of these was carried by the office
    not_reported_unclear_organisations: frozenset[str] = frozenset()
    budget_not_reported_organisations: frozenset[str] = frozenset()
    budget_not_reported_except_ids: frozenset[int] = frozenset()
    ignored_files: tuple[str, ...] = ()  # files of the folder that are not tables of the portfolio (patterns)


def check_period_argument(value: str | None, column: str = "period") -> None:
    """A period named on the command line is YYYY-MM; anything else is an :class:`InputError` saying so."""
    if value is not None and not PERIOD_KEY.match(value):
        raise InputError([Problem("<command line>", "not a reporting period", column=column, value=value,
                                  expected="YYYY-MM, e.g. 2020-04")])


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
        if is_coming(folder):
            problems.append(coming_note(period, data))
            continue
        periods.append(period)
    raise_if_errors(problems)
    if not periods:
        raise InputError([Problem(display_path(profile.folder, data), "the portfolio has no period folders",
                                  expected="subfolders named YYYY-MM")])
    return periods, problems


def is_coming(folder: Path) -> bool:
    """A period set up before any file arrived: its folder holds nothing but ``period.yml`` (and hidden
    files). It is not built until a file arrives; its forms can be made (``portfolio-analysis forms``)."""
    return not any(path.name != PERIOD_FILE and not path.name.startswith(".") for path in folder.iterdir())


def coming_periods(profile: Profile, data: Path) -> list[PeriodSpec]:
    """The periods of :func:`is_coming`, oldest first (a malformed ``period.yml`` is left to the build)."""
    folders = sorted(p for p in profile.folder.iterdir() if p.is_dir() and PERIOD_KEY.match(p.name) and is_coming(p))
    return [load_period(folder, data)[0] for folder in folders]


def coming_note(period: PeriodSpec, data: Path) -> Problem:
    deadline = f"deadline {period.deadline.isoformat()}" if period.deadline else "no deadline set"
    return Problem(display_path(period.folder, data), f"no files yet ({deadline}): the period is not built until "
                   "its first file arrives", period=period.key, severity="note",
                   expected="the organisations' files in the folder beside period.yml")


def load_period(folder: Path, data: Path) -> tuple[PeriodSpec, list[Problem]]:
    path = folder / PERIOD_FILE
    if not path.is_file():
        return PeriodSpec(folder.name, folder), []
    content, problems = read_yaml(path, data)
    problems += check_settings(content, PERIOD, SettingsFile(display_path(path, data), folder, show=str))
    values = PERIOD.values(content, problems)
    not_reported, budget_not_reported = values["not_reported"], values["budget_not_reported"]
    period = PeriodSpec(
        key=folder.name,
        folder=folder,
        rating_scale=values["rating_scale"],
        title=values["title"],
        as_of=values["as_of"],
        source=values["source"],
        deadline=values["deadline"],
        project_values_published=values["project_values"] != "not_published",
        published={k: v for k, v in values["published"].items() if k != "quotes" and v is not None},
        not_reported_ids=frozenset(not_reported["project_ids"] or ()),
        not_reported_organisations=frozenset(not_reported["organisations"] or ()),
        not_reported_unclear_organisations=frozenset(not_reported["unclear_organisations"] or ()),
        budget_not_reported_organisations=frozenset(budget_not_reported["organisations"] or ()),
        budget_not_reported_except_ids=frozenset(budget_not_reported["except_project_ids"] or ()),
        ignored_files=tuple(values["ignored_files"] or ()),
    )
    return period, problems


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
