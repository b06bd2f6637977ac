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

import numpy as np
import pandas as pd

from .maps import Organisations, RatingScale, ValueMarker, marker_of, normalise_key
from .numbers import NUMBER_FORMS, NumberColumn, format_reading, read_numbers
from .problems import Problem

TEXT_COLUMNS = ("focus_area", "project_id", "project_name", "actor", "owner", "status", "risk",
                "budget_mnok", "destination", "status_fallback", "risk_fallback")
RATING_COLUMNS = ("status", "risk")
MARKED_COLUMNS = ("status", "risk", "budget_mnok")  # where a text may say why the value is not given
MARKER_COLUMNS = tuple(f"{column}_marker" for column in MARKED_COLUMNS) + tuple(
    f"{column}_fallback_marker" for column in RATING_COLUMNS)
LOG_COLUMNS = ["report_period", "source_file", "source_row", "column", "raw_value", "clean_value", "rule", "action"]
FOCUS_AREA = re.compile(r"^(?P<code>(?P<area>\d+)\.\d+)\s+(?P<name>\S.*)$")
PROJECT_ID = re.compile(r"^[0-9]+(\.0+)?$")
PROJECT_ID_DIGITS = r"^([0-9]+)"
ID_DIGITS = 18  # an id of more digits does not fit a 64-bit integer
PDF_HYPHEN = re.compile(r"(?<=\w)- (?=(\w+))")
TEXT = pd.StringDtype("pyarrow")
PERIOD_SEPARATOR = "\x1f"
EMPTY_RUN = "(rows {first}–{last} empty)"  # the raw value of one log row for a run of empty lines
EMPTY_RUN_LINES = re.compile(r"^\(rows (\d+)–(\d+) empty\)$")


@dataclass(frozen=True)
class Step:
    """A cleaning step: its rule name (as written in the log), the function, and the columns it may change."""

    rule: str
    function: Callable[[pd.DataFrame], pd.DataFrame]
    columns: tuple[str, ...] = ()


# --- steps ------------------------------------------------------------------------------------------

def drop_empty_lines(frame: pd.DataFrame) -> pd.DataFrame:
    """Drops rows whose data cells are all blank (blank lines in a text file, empty spreadsheet rows)."""
    return frame[_filled_cells(frame).any(axis=1)]


def drop_footer_lines(frame: pd.DataFrame, patterns: tuple[re.Pattern[str], ...]) -> pd.DataFrame:
    """Drops page-footer lines a PDF export left in a table: one filled cell matching a footer pattern."""
    if not patterns:
        return frame
    one_cell = _filled_cells(frame).sum(axis=1).eq(1)
    cells = _data_cells(frame[one_cell])
    text = pd.Series(["".join(row).strip() for row in cells.itertuples(index=False)], index=cells.index, dtype=object)
    footer = text[text.map(lambda t: any(p.search(t) for p in patterns)).astype(bool)].index
    return frame.drop(index=footer)


def normalise_whitespace(frame: pd.DataFrame, columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Turns no-break and other spaces into plain spaces, collapses runs, strips both ends."""
    return frame.assign(**{column: by_unique(frame[column], lambda v: " ".join(v.split()), TEXT)
                           for column in columns if column in frame})


def blank_out_placeholders(frame: pd.DataFrame, markers: frozenset[str],
                           columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Replaces placeholders for an empty cell, such as ``(blank)``, with a blank."""
    return frame.assign(**{
        column: frame[column].where(~by_unique(frame[column], lambda v: normalise_key(v) in markers, bool), "")
        for column in columns if column in frame
    })


def separate_markers(frame: pd.DataFrame, markers: tuple[ValueMarker, ...]) -> pd.DataFrame:
    """A text that says why a value is not given (``Exempt under Section 43 …``, ``No DCA``) moves out
    of the value into ``<column>_marker`` (``exempt``, ``not_rated``); the value becomes blank, so it
    is unknown, never a rating or an amount. A fallback column's text counts for its column."""
    changed = {}
    for column in MARKED_COLUMNS:
        for source in (column, f"{column}_fallback"):
            if source not in frame:
                continue
            found = by_unique(frame[source], lambda v: (marker_of(v, column, markers) or "") if v else "", TEXT)
            changed[f"{source}_marker"] = found
            changed[source] = frame[source].where(found == "", "")
    return frame.assign(**changed)


def take_fallback_ratings(frame: pd.DataFrame) -> pd.DataFrame:
    """Where a rating is blank (or withheld) and the fallback column gives one (the SRO's assessment
    where the IPA's is missing), the fallback is used; where neither gives one, the first reason
    given is kept."""
    changed = {}
    for column in RATING_COLUMNS:
        fallback = f"{column}_fallback"
        if fallback not in frame or f"{column}_marker" not in frame:
            continue
        use = (frame[column] == "") & (frame[fallback] != "")
        changed[column] = frame[column].where(~use, frame[fallback])
        marker = frame[f"{column}_marker"].where(~use, "")
        changed[f"{column}_marker"] = marker.where((marker != "") | (changed[column] != ""),
                                                   frame[f"{fallback}_marker"])
    return frame.assign(**changed)


def strip_number_affixes(frame: pd.DataFrame, affixes: tuple[str, ...], columns=("budget_mnok",)) -> pd.DataFrame:
    """Removes currency signs and unit letters the profile names (``$1,234.56M`` -> ``1,234.56``)."""
    if not affixes:
        return frame
    escaped = "|".join(re.escape(a) for a in affixes)
    pattern = re.compile(rf"^(?P<sign>[+\-\u2212]?)\s*(?:{escaped})*\s*(?P<number>[+\-\u2212]?\d[\d.,\s\u00a0]*?)"
                         rf"\s*(?:{escaped})*$")

    def strip(value: str) -> str:
        found = pattern.match(value)
        return (found["sign"] + found["number"]).strip() if found else value

    return frame.assign(**{column: by_unique(frame[column], strip, TEXT) for column in columns if column in frame})


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

    return frame.assign(**{column: by_unique(frame[column], mend, TEXT) for column in columns if column in frame})


# --- bidirectional controls -------------------------------------------------------------------------
# An embedding, override or isolate character (U+202E …) reorders the text after it on the page: a
# name would read backwards, or hide what follows. The controls are removed on intake, each cell warned.

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
BIDI_PATTERN = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
BIDI_EXPECTED = "text without direction controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)"


def without_bidi_controls(text: str) -> str:
    return BIDI_PATTERN.sub("", text)


def shown_bidi_controls(text: str) -> str:
    """The text with each control made visible: ``Ny \\u202eSA`` -> ``Ny <U+202E>SA``."""
    return BIDI_PATTERN.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def remove_bidi_controls(frame: pd.DataFrame, columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Removes bidirectional control characters from the text cells."""
    return frame.assign(**{column: by_unique(frame[column], without_bidi_controls, TEXT)
                           for column in columns if column in frame})


def check_bidi_controls(frame: pd.DataFrame, columns: tuple[str, ...] = TEXT_COLUMNS) -> list[Problem]:
    """A warning per cell holding a bidirectional control, with the controls shown as ``<U+202E>``."""
    problems = []
    for column in columns:
        if column not in frame:
            continue
        found = frame[by_unique(frame[column], lambda v: bool(BIDI_PATTERN.search(v)), bool)]
        shown = found.assign(**{column: found[column].map(shown_bidi_controls)})
        problems += _problems(shown, column, "a bidirectional control character that would reorder the text "
                              "on the page; removed", BIDI_EXPECTED, severity="warning")
    return sorted(problems, key=lambda p: (p.file, p.row or 0))


def project_ids(text: pd.Series) -> pd.Series:
    """``'131'``, ``'131.0'`` and ``'0131'`` -> 131, read as exact digits (never through a float); anything
    that is not a whole number, or has more digits than an id can hold (:data:`ID_DIGITS`), -> NA."""
    text = text.astype(TEXT).fillna("")
    digits = text.str.extract(PROJECT_ID_DIGITS, expand=False).str.lstrip("0").fillna("")
    fits = text.str.fullmatch(PROJECT_ID.pattern[1:-1]).fillna(False).astype(bool) & (digits.str.len() <= ID_DIGITS)
    numbers = digits.mask(digits == "", "0").where(fits, None)
    return pd.Series(pd.array(numbers.astype("Int64"), dtype="Int64"), index=text.index)


def parse_project_ids(frame: pd.DataFrame, kind: str = "whole_numbers") -> pd.DataFrame:
    """Project ids become integers (``131.0`` from a spreadsheet -> 131); unparseable ones are left out.
    Text ids (``kind="text"``) stay text, and a blank one is unknown."""
    if kind == "text":
        return frame.assign(project_id=frame["project_id"].astype("string").replace("", pd.NA))
    return frame.assign(project_id=project_ids(frame["project_id"]))


def map_ratings(frame: pd.DataFrame, scale: RatingScale, columns: tuple[str, ...] = RATING_COLUMNS,
                period_scales: dict[str, RatingScale] | None = None) -> pd.DataFrame:
    """Status and risk labels become the scale's labels (``gronn``, ``Green`` -> ``Grønn``), ordered best
    first. A blank cell means *not reported* and stays empty: it is never read as green. A period that
    rates on a coarser scale (``period_scales``) is read with that scale's spellings."""
    dtype = pd.CategoricalDtype(list(scale.labels), ordered=True)
    scale_of = rows_scales(frame, scale, period_scales)

    def label(key: str) -> str | None:
        period, _, text = key.partition(PERIOD_SEPARATOR)
        return scale_of[period].aliases.get(normalise_key(text)) if text else None

    return frame.assign(**{
        column: by_unique(frame["report_period"].astype(str) + PERIOD_SEPARATOR + frame[column].astype(str),
                          label).astype(dtype)
        for column in columns if column in frame
    })


def rows_scales(frame: pd.DataFrame, scale: RatingScale,
                period_scales: dict[str, RatingScale] | None) -> dict[str, RatingScale]:
    return {period: (period_scales or {}).get(period, scale) for period in frame["report_period"].unique()}


def parse_budgets(frame: pd.DataFrame, decimal_mark: str | None = None) -> pd.DataFrame:
    """Budgets become numbers in the portfolio's unit (``1 571,5`` -> 1571.5); blank means unknown. Each
    file's own decimal convention reads the values that could be read two ways (:func:`numbers.read_numbers`)."""
    return frame.assign(budget_mnok=read_budgets(frame, decimal_mark).values)


def read_budgets(frame: pd.DataFrame, decimal_mark: str | None = None) -> NumberColumn:
    return read_numbers(frame["budget_mnok"], frame["source_file"] if "source_file" in frame else None, decimal_mark)


def canonicalise_organisations(frame: pd.DataFrame, organisations: Organisations) -> pd.DataFrame:
    """Organisation names become their canonical spelling (``Oslo Kommune`` -> ``Oslo kommune``,
    ``Helse Sør-Øst`` -> ``Helse Sør-Øst RHF``); names not in the map are kept as written."""
    return frame.assign(actor=by_unique(frame["actor"], lambda v: organisations.canonical(v) or v, TEXT))


def add_organisation_group(frame: pd.DataFrame, organisations: Organisations) -> pd.DataFrame:
    """Adds ``actor_group`` (e.g. helseforvaltning); organisations not in the map get the default group."""
    return frame.assign(actor_group=by_unique(frame["actor"], organisations.group_of, TEXT))


def split_focus_area(frame: pd.DataFrame, strategic_areas: dict[int, str]) -> pd.DataFrame:
    """Splits ``1.1 Modernisere ...`` into ``focus_area_code`` 1.1, ``focus_area_name`` and
    ``strategic_area`` 1 with its ``strategic_area_name``."""
    codes, uniques = pd.factorize(frame["focus_area"])
    parts = pd.Series(uniques, dtype=object).astype(str).str.extract(FOCUS_AREA).take(codes)
    parts.index = frame.index
    area = pd.array(pd.to_numeric(parts["area"]), dtype="Int64")
    return frame.assign(
        focus_area_code=parts["code"],
        focus_area_name=parts["name"],
        strategic_area=area,
        strategic_area_name=pd.Series(area, index=frame.index).map(strategic_areas, na_action="ignore"),
    )


# --- checks -----------------------------------------------------------------------------------------

def check_project_ids(frame: pd.DataFrame, kind: str = "whole_numbers") -> list[Problem]:
    if kind == "text":
        return []  # any text is an id, and a project may have none (it is then matched by name)
    bad = frame[project_ids(frame["project_id"]).isna()]
    long = bad["project_id"].str.fullmatch(PROJECT_ID.pattern[1:-1]).fillna(False).astype(bool)
    return sorted(_problems(bad[~long], "project_id", "not a project id", "a whole number, e.g. 131")
                  + _problems(bad[long], "project_id", f"the project id has more than {ID_DIGITS} digits",
                              f"a whole number of at most {ID_DIGITS} digits"), key=lambda p: (p.file, p.row))


def check_project_names(frame: pd.DataFrame) -> list[Problem]:
    return _problems(frame[frame["project_name"] == ""], "project_name", "the project has no name", "a project name")


def check_ratings(frame: pd.DataFrame, scale: RatingScale, column: str,
                  period_scales: dict[str, RatingScale] | None = None) -> list[Problem]:
    if column not in frame:
        return []
    periods_of: dict[str, tuple[RatingScale, list[str]]] = {}
    for period, period_scale in rows_scales(frame, scale, period_scales).items():
        periods_of.setdefault(period_scale.name, (period_scale, []))[1].append(period)
    problems = []
    for period_scale, periods in periods_of.values():  # one pass per scale, not per period
        rows = frame if len(periods_of) == 1 else frame[frame["report_period"].isin(periods)]
        text = rows[column]
        bad = rows[(text != "") & ~by_unique(text, lambda v: normalise_key(v) in period_scale.aliases, bool)]
        problems += _problems(bad, column, f"unknown {column} label", period_scale.expected())
    return problems if len(periods_of) == 1 else sorted(problems, key=lambda p: (p.file, p.row or 0))


def check_budgets(frame: pd.DataFrame, limit: float | None = None, unit: str = "",
                  negative_allowed: bool = False, decimal_mark: str | None = None) -> list[Problem]:
    """Budgets must be numbers, not negative (unless the portfolio allows it), and (with ``limit``) not
    absurdly large: a budget in kroner typed into a column of millions. A number that reads two ways
    (``1.571``) is a warning where nothing in its file's column settles the decimal mark, and an error
    where the column writes decimals both ways."""
    numbers = read_budgets(frame, decimal_mark)
    values, invalid = numbers.values, numbers.invalid
    negative = values.lt(0).fillna(False).astype(bool) & (not negative_allowed)
    too_large = values.gt(limit).fillna(False).astype(bool) if limit is not None else negative & False
    two_ways = numbers.two_ways != ""
    flagged = frame[invalid | negative | too_large | two_ways]
    problems = []
    for index in flagged.index:  # in file order, one line per cell
        row = frame.loc[[index]]
        if invalid[index]:
            problems += _problems(row, "budget_mnok", "not a number", NUMBER_FORMS + ", or blank")
        elif negative[index]:
            problems += _problems(row, "budget_mnok", "a budget cannot be negative", "zero or more, or blank if unknown")
        elif too_large[index]:
            problems += _problems(row, "budget_mnok", "an implausibly large budget (kroner in a column of millions?)",
                                  f"at most {limit:,.0f} {unit.replace('{}', '')}".replace(",", " ").strip())
        if two_ways[index]:
            problems += two_way_number(row, numbers, index)
    return problems


def two_way_number(row: pd.DataFrame, numbers: NumberColumn, index) -> list[Problem]:
    expected = "thousands grouped by a space (1 571) or not at all (1571)"
    if numbers.conflict[index]:
        shown = " and ".join(f"'{value}'" for value in numbers.evidence[str(row["source_file"].iloc[0])].values())
        return _problems(row, "budget_mnok", f"the number reads two ways ({numbers.two_ways[index]}), and the "
                         f"column writes decimals both ways ({shown})", expected)
    read = format_reading(float(numbers.values[index]))
    return _problems(row, "budget_mnok", f"the number reads two ways ({numbers.two_ways[index]}); read as {read}, "
                     "a lone separator being the decimal mark, as no other value in the column shows which it is",
                     expected, severity="warning")


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
    bad = frame[(text != "") & ~by_unique(text, lambda v: bool(FOCUS_AREA.match(v)), bool)]
    return _problems(bad, "focus_area", "focus area without its code", "a code and a name, e.g. '1.1 Modernisere …'")


def check_organisations_present(frame: pd.DataFrame) -> list[Problem]:
    return _problems(frame[frame["actor"] == ""], "actor", "the project has no responsible organisation",
                     "the organisation's name, e.g. Helsedirektoratet")


def check_known_organisations(frame: pd.DataFrame, organisations: Organisations) -> list[Problem]:
    bad = frame[(frame["actor"] != "") & by_unique(frame["actor"], organisations.canonical).isna()]
    return _problems(bad, "actor", f"unknown organisation, grouped as {organisations.default_group!r}",
                     "a name in the portfolio's organisation map", severity="warning")


def check_unique_ids(frame: pd.DataFrame, kind: str = "whole_numbers") -> list[Problem]:
    """A project id appears at most once per period; every row of a duplicate is named, with its file
    where the rows come from two submissions."""
    keyed = frame.assign(_id=frame["project_id"].replace("", None) if kind == "text" else project_ids(frame["project_id"]))
    duplicated = keyed[keyed["_id"].notna() & keyed.duplicated(["report_period", "_id"], keep=False)]
    problems = []
    for (_period, project_id), rows in duplicated.groupby(["report_period", "_id"], sort=False):
        names = " / ".join(dict.fromkeys(rows["project_name"]))
        if rows["source_file"].nunique() > 1:
            where = ", ".join(f"{file} row {row}" for file, row in zip(rows["source_file"], rows["source_row"]))
            message = f"project id {project_id} appears in two submissions ({where}; names: {names})"
        else:
            others = ", ".join(str(r) for r in rows["source_row"])
            message = f"project id {project_id} appears more than once in the period (rows {others}; names: {names})"
        problems += _problems(rows, "project_id", message, "each project once per period")
    return problems


def note_owner_lists(frame: pd.DataFrame) -> list[Problem]:
    """Owner cells naming several people or organisations are kept as written and noted."""
    several = frame[frame["owner"].str.contains(",", regex=False)]
    return _problems(several, "owner", "owner_lists_several: the cell names several people or organisations; "
                     "kept as written", None, severity="note")


def note_blank_ratings(frame: pd.DataFrame, column: str, periods_with_values: set[str]) -> list[Problem]:
    """A blank status or risk in a period that publishes them is noted: it counts as not reported."""
    marked = frame[f"{column}_marker"] != "" if f"{column}_marker" in frame else False
    blank = frame[(frame[column] == "") & ~marked & frame["report_period"].isin(periods_with_values)]
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
    parts = [empty_log()]
    if len(after) != len(before):
        dropped = before.loc[before.index.difference(after.index)]
        parts.append(pd.DataFrame({
            "report_period": dropped["report_period"],
            "source_file": dropped["source_file"],
            "source_row": dropped["source_row"],
            "column": "",
            "raw_value": [("\t".join(row).strip() + (f" [{extra}]" if extra else "")).strip()
                          for row, extra in zip(_data_cells(dropped).itertuples(index=False), _ignored(dropped))],
            "clean_value": "",
            "rule": step.rule,
            "action": "dropped",
        }).pipe(one_row_per_empty_run))
        before = before.loc[after.index]
    for column in step.columns:
        if column not in before or column not in after:
            continue
        old, new = as_text(before[column]), as_text(after[column])
        changed = (old != new).to_numpy()
        if changed.any():
            rows = before[changed]
            parts.append(pd.DataFrame({
                "report_period": rows["report_period"], "source_file": rows["source_file"],
                "source_row": rows["source_row"], "column": column, "raw_value": old[changed],
                "clean_value": new[changed], "rule": step.rule, "action": "changed",
            }))
    return pd.concat(parts, ignore_index=True)[LOG_COLUMNS] if len(parts) > 1 else parts[0]


def one_row_per_empty_run(dropped: pd.DataFrame) -> pd.DataFrame:
    """Consecutive empty lines of a file as one log row, whose raw value names them (EMPTY_RUN): a sheet
    with thousands of empty rows gives one row, not thousands."""
    rows = dropped["source_row"].to_numpy()
    empty = (dropped["raw_value"] == "").to_numpy()
    same_file = [(values[1:] == values[:-1]) for values in (dropped["source_file"].to_numpy(),
                                                            dropped["report_period"].to_numpy())]
    follows = np.zeros(len(dropped), dtype=bool)  # an empty line right after an empty line of the same file
    follows[1:] = empty[1:] & empty[:-1] & (rows[1:] == rows[:-1] + 1) & same_file[0] & same_file[1]
    if not follows.any():
        return dropped
    starts = ~follows
    lasts = np.maximum.reduceat(rows, np.flatnonzero(starts))
    kept = dropped[starts].copy()
    kept["raw_value"] = [EMPTY_RUN.format(first=first, last=last) if last > first else value
                         for first, last, value in zip(rows[starts], lasts, kept["raw_value"])]
    return kept


def dropped_lines(log: pd.DataFrame) -> int:
    """How many lines the log says were dropped, counting every line of a run of empty lines."""
    dropped = log.loc[log["action"] == "dropped", "raw_value"].astype(str)
    runs = dropped.str.extract(EMPTY_RUN_LINES).dropna().astype(int)
    return int(len(dropped) - len(runs) + (runs[1] - runs[0] + 1).sum())


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
    """Values as the log shows them (Arrow text): blank for missing, whole numbers without ``.0``."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.astype("Float64")
        known = values.notna().to_numpy()
        numbers = values.to_numpy(dtype=float, na_value=0.0)
        whole = known & (numbers == np.round(numbers)) & (np.abs(numbers) < 1e15)
        text = np.full(len(series), "", dtype=object)
        text[whole] = numbers[whole].astype(np.int64).astype(str)
        fractional = known & ~whole
        text[fractional] = [np.format_float_positional(v, precision=15, unique=False, fractional=False, trim="-")
                            for v in numbers[fractional]]  # 15 digits, never an exponent: 0.00001, not 1e-05
        return pd.Series(pd.array(text, dtype=TEXT), index=series.index)
    return series.astype(TEXT).fillna("")


def by_unique(series: pd.Series, function, dtype=object) -> pd.Series:
    """``series.map(function)``, calling ``function`` once per distinct value (NA stays NA): the columns
    hold few distinct labels, organisations, names and budgets among many rows."""
    codes, uniques = pd.factorize(series)
    mapped = pd.array([function(value) for value in uniques] + [None], dtype=dtype)
    return pd.Series(mapped.take(np.where(codes < 0, len(uniques), codes)), index=series.index)


def _ignored(frame: pd.DataFrame) -> list[str]:
    """Text the file had in columns the maps do not know (``[…]`` in a dropped line's log entry)."""
    column = "_ignored_text"
    return list(frame[column].fillna("")) if column in frame else [""] * len(frame)


def _filled_cells(frame: pd.DataFrame) -> pd.DataFrame:
    cells = _data_cells(frame)
    return pd.DataFrame({c: (cells[c].str.strip() != "").astype(bool) for c in cells}, index=frame.index)


def _data_cells(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: frame[c].astype(TEXT).fillna("") for c in TEXT_COLUMNS if c in frame}, index=frame.index)


def _problems(rows: pd.DataFrame, column: str, message: str, expected: str | None,
              severity: str = "error") -> list[Problem]:
    return [
        Problem(file=row.source_file, row=int(row.source_row), column=column, value=str(getattr(row, column)),
                expected=expected, message=message, severity=severity, period=row.report_period)
        for row in rows.itertuples(index=False)
    ]
