"""Cleaning: small pure functions ``DataFrame -> DataFrame`` and checks ``DataFrame -> [Problem]``.

The frame they work on holds the rows of one kind of table (project lists, joiners, leavers) from
every period, as text under the standard column names, with ``report_period``, ``source_file`` and
``source_row`` saying where each row came from. :func:`run_steps` applies the steps in order and
writes one quality-log line for every value a step changed and every row it dropped, by comparing
the frame before and after each step. No step needs to log anything itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .maps import Organisations, RatingScale, normalise_key
from .numbers import NUMBER_FORMS, parse_number
from .problems import Problem

TEXT_COLUMNS = ("focus_area", "project_id", "project_name", "actor", "owner", "status", "risk",
                "budget_mnok", "destination")
RATING_COLUMNS = ("status", "risk")
LOG_COLUMNS = ["report_period", "source_file", "source_row", "column", "raw_value", "clean_value", "rule", "action"]
FOCUS_AREA = re.compile(r"^(?P<code>(?P<area>\d+)\.\d+)\s+(?P<name>\S.*)$")
PROJECT_ID = re.compile(r"^\d+(\.0+)?$")
PDF_HYPHEN = re.compile(r"(?<=\w)- (?=(\w+))")


@dataclass(frozen=True)
class Step:
    """A cleaning step: its rule name (as written in the log), the function, and the columns it may change."""

    rule: str
    function: Callable[[pd.DataFrame], pd.DataFrame]
    columns: tuple[str, ...] = ()


# --- steps ------------------------------------------------------------------------------------------

def drop_empty_lines(frame: pd.DataFrame) -> pd.DataFrame:
    """Drops rows whose data cells are all blank (blank lines in a text file, empty spreadsheet rows)."""
    return frame[_data_cells(frame).apply(lambda s: s.str.strip() != "").any(axis=1)]


def drop_footer_lines(frame: pd.DataFrame, patterns: tuple[re.Pattern[str], ...]) -> pd.DataFrame:
    """Drops page-footer lines a PDF export left in a table: one filled cell matching a footer pattern."""
    if not patterns:
        return frame
    cells = _data_cells(frame).apply(lambda s: s.str.strip())
    filled = (cells != "").sum(axis=1)
    text = pd.Series(["".join(row) for row in cells.itertuples(index=False)], index=frame.index, dtype=object)
    matches = text.map(lambda t: any(p.search(t) for p in patterns)).astype(bool)
    return frame[~(filled.eq(1) & matches)]


def normalise_whitespace(frame: pd.DataFrame, columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Turns no-break and other spaces into plain spaces, collapses runs, strips both ends."""
    return frame.assign(**{
        column: frame[column].str.replace(r"[\s\u00a0\u202f]+", " ", regex=True).str.strip()
        for column in columns if column in frame
    })


def blank_out_placeholders(frame: pd.DataFrame, markers: frozenset[str],
                           columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Replaces placeholders for an empty cell, such as ``(blank)``, with a blank."""
    return frame.assign(**{
        column: frame[column].where(~frame[column].map(normalise_key).isin(markers), "")
        for column in columns if column in frame
    })


def mend_hyphenation(frame: pd.DataFrame, keeps_before: frozenset[str],
                     columns: tuple[str, ...] = ("focus_area", "project_name")) -> pd.DataFrame:
    """Joins words a PDF line break split at a hyphen (``ansvars- overganger`` -> ``ansvarsoverganger``).

    A hyphen before a conjunction is a real suspended hyphen and stays (``journal- og``), as does one
    before a capital letter, which may start a name.
    """
    def mend(text: str) -> str:
        def join_or_keep(match: re.Match[str]) -> str:
            word = match.group(1)
            return match.group(0) if word.casefold() in keeps_before or not word[0].islower() else ""
        return PDF_HYPHEN.sub(join_or_keep, text)

    return frame.assign(**{column: frame[column].map(mend) for column in columns if column in frame})


def project_id_value(text) -> int | None:
    """``'131'``, ``'131.0'`` and ``'0131'`` -> 131; anything that is not a whole number -> None."""
    return int(float(text)) if isinstance(text, str) and PROJECT_ID.match(text) else None


def parse_project_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Project ids become integers (``131.0`` from a spreadsheet -> 131); unparseable ones are left out."""
    return frame.assign(project_id=pd.array(frame["project_id"].map(project_id_value), dtype="Int64"))


def map_ratings(frame: pd.DataFrame, scale: RatingScale, columns: tuple[str, ...] = RATING_COLUMNS) -> pd.DataFrame:
    """Status and risk labels become the scale's labels (``gronn``, ``Green`` -> ``Grønn``), ordered best
    first. A blank cell means *not reported* and stays empty: it is never read as green."""
    dtype = pd.CategoricalDtype(list(scale.labels), ordered=True)
    return frame.assign(**{
        column: frame[column].map(lambda v: scale.aliases.get(normalise_key(v))).astype(dtype)
        for column in columns if column in frame
    })


def parse_budgets(frame: pd.DataFrame) -> pd.DataFrame:
    """Budgets become numbers in the portfolio's unit (``1 571,5`` -> 1571.5); blank means unknown."""
    def parse(text: str) -> float | None:
        try:
            return parse_number(text)
        except ValueError:
            return None
    return frame.assign(budget_mnok=pd.array(frame["budget_mnok"].map(parse), dtype="Float64"))


def canonicalise_organisations(frame: pd.DataFrame, organisations: Organisations) -> pd.DataFrame:
    """Organisation names become their canonical spelling (``Oslo Kommune`` -> ``Oslo kommune``,
    ``Helse Sør-Øst`` -> ``Helse Sør-Øst RHF``); names not in the map are kept as written."""
    return frame.assign(actor=frame["actor"].map(lambda v: organisations.canonical(v) or v))


def add_organisation_group(frame: pd.DataFrame, organisations: Organisations) -> pd.DataFrame:
    """Adds ``actor_group`` (e.g. helseforvaltning); organisations not in the map get the default group."""
    return frame.assign(actor_group=frame["actor"].map(organisations.group_of))


def split_focus_area(frame: pd.DataFrame, strategic_areas: dict[int, str]) -> pd.DataFrame:
    """Splits ``1.1 Modernisere ...`` into ``focus_area_code`` 1.1, ``focus_area_name`` and
    ``strategic_area`` 1 with its ``strategic_area_name``."""
    parts = frame["focus_area"].str.extract(FOCUS_AREA)
    area = pd.array(pd.to_numeric(parts["area"]), dtype="Int64")
    return frame.assign(
        focus_area_code=parts["code"],
        focus_area_name=parts["name"],
        strategic_area=area,
        strategic_area_name=pd.Series(area, index=frame.index).map(strategic_areas, na_action="ignore"),
    )


# --- checks -----------------------------------------------------------------------------------------

def check_project_ids(frame: pd.DataFrame) -> list[Problem]:
    bad = frame[~frame["project_id"].str.match(PROJECT_ID)]
    return _problems(bad, "project_id", "not a project id", "a whole number, e.g. 131")


def check_project_names(frame: pd.DataFrame) -> list[Problem]:
    return _problems(frame[frame["project_name"] == ""], "project_name", "the project has no name", "a project name")


def check_ratings(frame: pd.DataFrame, scale: RatingScale, column: str) -> list[Problem]:
    text = frame[column]
    bad = frame[(text != "") & ~text.map(normalise_key).isin(scale.aliases)]
    return _problems(bad, column, f"unknown {column} label", scale.expected())


def check_budgets(frame: pd.DataFrame, limit: float | None = None, unit: str = "") -> list[Problem]:
    """Budgets must be numbers, not negative, and (with ``limit``) not absurdly large: a budget in
    kroner typed into a column of millions."""
    problems = []
    for index, text in frame["budget_mnok"].items():
        try:
            value = parse_number(text)
        except ValueError:
            problems += _problems(frame.loc[[index]], "budget_mnok", "not a number", NUMBER_FORMS + ", or blank")
            continue
        if value is not None and value < 0:
            problems += _problems(frame.loc[[index]], "budget_mnok", "a budget cannot be negative",
                                  "zero or more, or blank if unknown")
        elif value is not None and limit is not None and value > limit:
            problems += _problems(frame.loc[[index]], "budget_mnok", "an implausibly large budget (kroner in a "
                                  "column of millions?)", f"at most {limit:,.0f} {unit}".replace(",", " ").strip())
    return problems


FORMULA_START = ("=", "+", "-", "@")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]")


def check_names(frame: pd.DataFrame, length_limit: int) -> list[Problem]:
    """Names are kept as written, but ones that look like a spreadsheet formula or HTML, or are very
    long, are flagged: reports show them as text and the CSV outputs neutralise formulas."""
    names = frame["project_name"]
    formula = names.str.startswith(FORMULA_START)
    markup = names.str.contains(MARKUP)
    long = names.str.len() > length_limit
    return (_problems(frame[formula], "project_name", "the name starts like a spreadsheet formula; kept as text",
                      "plain text", severity="warning")
            + _problems(frame[markup & ~formula], "project_name", "the name contains HTML markup; kept as text",
                        "plain text", severity="warning")
            + _problems(frame[long], "project_name", f"the name is longer than {length_limit} characters",
                        f"a name of at most {length_limit} characters", severity="warning"))


def check_focus_areas(frame: pd.DataFrame) -> list[Problem]:
    text = frame["focus_area"]
    bad = frame[(text != "") & ~text.str.match(FOCUS_AREA)]
    return _problems(bad, "focus_area", "focus area without its code", "a code and a name, e.g. '1.1 Modernisere …'")


def check_organisations_present(frame: pd.DataFrame) -> list[Problem]:
    return _problems(frame[frame["actor"] == ""], "actor", "the project has no responsible organisation",
                     "the organisation's name, e.g. Helsedirektoratet")


def check_known_organisations(frame: pd.DataFrame, organisations: Organisations) -> list[Problem]:
    bad = frame[(frame["actor"] != "") & frame["actor"].map(organisations.canonical).isna()]
    return _problems(bad, "actor", f"unknown organisation, grouped as {organisations.default_group!r}",
                     "a name in the portfolio's organisation map", severity="warning")


def check_unique_ids(frame: pd.DataFrame) -> list[Problem]:
    """A project id appears at most once per period; every row of a duplicate is named."""
    keyed = frame.assign(_id=pd.array(frame["project_id"].map(project_id_value), dtype="Int64"))
    duplicated = keyed[keyed["_id"].notna() & keyed.duplicated(["report_period", "_id"], keep=False)]
    problems = []
    for (_period, project_id), rows in duplicated.groupby(["report_period", "_id"], sort=False):
        others = ", ".join(str(r) for r in rows["source_row"])
        names = " / ".join(dict.fromkeys(rows["project_name"]))
        problems += _problems(rows, "project_id", f"project id {project_id} appears more than once in the period "
                              f"(rows {others}; names: {names})", "each project once per period")
    return problems


def note_owner_lists(frame: pd.DataFrame) -> list[Problem]:
    """Owner cells naming several people or organisations are kept as written and noted."""
    several = frame[frame["owner"].str.contains(",", regex=False)]
    return _problems(several, "owner", "owner_lists_several: the cell names several people or organisations; "
                     "kept as written", None, severity="note")


def note_blank_ratings(frame: pd.DataFrame, column: str, periods_with_values: set[str]) -> list[Problem]:
    """A blank status or risk in a period that publishes them is noted: it counts as not reported."""
    blank = frame[(frame[column] == "") & frame["report_period"].isin(periods_with_values)]
    return _problems(blank, column, f"blank_{column}: not given, counted as not reported (never as green)", None,
                     severity="note")


# --- running ----------------------------------------------------------------------------------------

def run_steps(frame: pd.DataFrame, steps: list[Step]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Applies the steps in order; returns the clean frame and the log of what each step changed."""
    logs = []
    for step in steps:
        after = step.function(frame)
        logs.append(changes_between(frame, after, step))
        frame = after
    return frame, pd.concat(logs, ignore_index=True) if logs else empty_log()


def changes_between(before: pd.DataFrame, after: pd.DataFrame, step: Step) -> pd.DataFrame:
    """One log row per dropped row and per changed value in the step's columns."""
    dropped = before.loc[before.index.difference(after.index)]
    parts = [pd.DataFrame({
        "report_period": dropped["report_period"],
        "source_file": dropped["source_file"],
        "source_row": dropped["source_row"],
        "column": "",
        "raw_value": _data_cells(dropped).apply(lambda row: "\t".join(row).strip(), axis=1) if len(dropped) else "",
        "clean_value": "",
        "rule": step.rule,
        "action": "dropped",
    })]
    kept = before.loc[after.index]
    for column in step.columns:
        if column not in kept or column not in after:
            continue
        old, new = as_text(kept[column]), as_text(after[column])
        changed = old != new
        if changed.any():
            rows = kept[changed]
            parts.append(pd.DataFrame({
                "report_period": rows["report_period"], "source_file": rows["source_file"],
                "source_row": rows["source_row"], "column": column, "raw_value": old[changed],
                "clean_value": new[changed], "rule": step.rule, "action": "changed",
            }))
    return pd.concat(parts, ignore_index=True)[LOG_COLUMNS]


def problems_to_log(problems: list[Problem]) -> pd.DataFrame:
    """Warnings and notes as quality-log rows (action ``warning`` or ``note``)."""
    if not problems:
        return empty_log()
    return pd.DataFrame([{
        "report_period": p.period or "", "source_file": p.file, "source_row": p.row, "column": p.column or "",
        "raw_value": p.value or "", "clean_value": "", "rule": p.message, "action": p.severity,
    } for p in problems], columns=LOG_COLUMNS)


def empty_log() -> pd.DataFrame:
    return pd.DataFrame(columns=LOG_COLUMNS)


def as_text(series: pd.Series) -> pd.Series:
    """Values as the log shows them: blank for missing, whole numbers without ``.0``."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(object).map(lambda v: "" if pd.isna(v) else format(float(v), ".15g"))
    return series.astype(object).map(lambda v: "" if pd.isna(v) else str(v))


def _data_cells(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in TEXT_COLUMNS if c in frame]].astype(object).fillna("").astype(str)


def _problems(rows: pd.DataFrame, column: str, message: str, expected: str | None,
              severity: str = "error") -> list[Problem]:
    return [
        Problem(file=row.source_file, row=int(row.source_row), column=column, value=str(getattr(row, column)),
                expected=expected, message=message, severity=severity, period=row.report_period)
        for row in rows.itertuples(index=False)
    ]
