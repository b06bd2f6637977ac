"""Cleaning steps: small pure functions ``DataFrame -> DataFrame``.

The frame they work on holds the rows of one kind of table (project lists, joiners, leavers) from
every period, as text under the standard column names, with ``report_period``, ``source_file`` and
``source_row`` saying where each row came from. :func:`log.run_steps` applies them in order
and logs every value a step changed and every row it dropped, so no step logs anything itself. The
checks that find problems in the same frames are in :mod:`checks`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..settings.maps import Organisations, RatingScale, ValueMarker, marker_of, normalise_key
from .distinct import by_unique, rows_where, text_by_unique
from .numbers import NumberColumn, read_numbers

TEXT_COLUMNS = ("focus_area", "project_id", "project_name", "actor", "owner", "status", "risk",
                "budget_mnok", "destination", "status_fallback", "risk_fallback")
RATING_COLUMNS = ("status", "risk")
MARKED_COLUMNS = ("status", "risk", "budget_mnok")  # where a text may say why the value is not given
MARKER_COLUMNS = tuple(f"{column}_marker" for column in MARKED_COLUMNS) + tuple(
    f"{column}_fallback_marker" for column in RATING_COLUMNS)
FOCUS_AREA = re.compile(r"^(?P<code>(?P<area>\d+)\.\d+)\s+(?P<name>\S.*)$")
PROJECT_ID = re.compile(r"[0-9]+(\.0+)?")  # a whole number, as a spreadsheet may write it (131.0)
ID_DIGITS = 18  # an id of more digits does not fit a 64-bit integer
PDF_HYPHEN = re.compile(r"(?<=\w)- (?=(\w+))")
TEXT = pd.StringDtype("pyarrow")


# --- steps ------------------------------------------------------------------------------------------

def drop_empty_lines(frame: pd.DataFrame) -> pd.DataFrame:
    """Drops rows whose data cells are all blank (blank lines in a text file, empty spreadsheet rows)."""
    return frame[filled_cells(frame, up_to=1) > 0]


def drop_footer_lines(frame: pd.DataFrame, patterns: tuple[re.Pattern[str], ...]) -> pd.DataFrame:
    """Drops page-footer lines a PDF export left in a table: one filled cell matching a footer pattern."""
    if not patterns:
        return frame
    one_cell = filled_cells(frame, up_to=2) == 1
    cells = data_cells(frame[one_cell])
    text = pd.Series(["".join(row).strip() for row in zip(*(cells[c].tolist() for c in cells))], index=cells.index,
                     dtype=object)
    footer = text[text.map(lambda t: any(p.search(t) for p in patterns)).astype(bool)].index
    return frame.drop(index=footer) if len(footer) else frame


def normalise_whitespace(frame: pd.DataFrame, columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Turns no-break and other spaces into plain spaces, collapses runs, strips both ends."""
    return frame.assign(**{column: text_by_unique(frame[column], lambda v: " ".join(v.split()))
                           for column in columns if column in frame})


def blank_out_placeholders(frame: pd.DataFrame, markers: frozenset[str],
                           columns: tuple[str, ...] = TEXT_COLUMNS) -> pd.DataFrame:
    """Replaces placeholders for an empty cell, such as ``(blank)``, with a blank."""
    changed = {}
    for column in columns:
        if column in frame:
            placeholder = rows_where(frame[column], lambda v: normalise_key(v) in markers)
            if placeholder.any():
                changed[column] = frame[column].where(~placeholder, "")
    return frame.assign(**changed)


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
            kept = found == ""
            if not kept.all():
                changed[source] = frame[source].where(kept, "")
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

    return frame.assign(**{column: text_by_unique(frame[column], strip) for column in columns if column in frame})


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

    return frame.assign(**{column: text_by_unique(frame[column], mend) for column in columns if column in frame})


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
    return frame.assign(**{column: text_by_unique(frame[column], without_bidi_controls)
                           for column in columns if column in frame})


def project_ids(text: pd.Series) -> pd.Series:
    """``'131'``, ``'131.0'`` and ``'0131'`` -> 131, read as exact digits (never through a float); anything
    that is not a whole number, or has more digits than an id can hold (:data:`ID_DIGITS`), -> NA."""
    return by_unique(text.astype(TEXT).fillna(""), project_id, "Int64")


def project_id(text: str) -> int | None:
    """One id as :func:`project_ids` reads it; None where it is not a whole number that fits."""
    if not PROJECT_ID.fullmatch(text):
        return None
    digits = text.split(".")[0].lstrip("0")
    return int(digits or "0") if len(digits) <= ID_DIGITS else None


def parse_project_ids(frame: pd.DataFrame, kind: str = "whole_numbers", numbers: pd.Series | None = None
                      ) -> pd.DataFrame:
    """Project ids become integers (``131.0`` from a spreadsheet -> 131); unparseable ones are left out.
    Text ids (``kind="text"``) stay text, and a blank one is unknown. ``numbers``: the ids as read by
    :func:`project_ids`, if already read."""
    if kind == "text":
        return frame.assign(project_id=frame["project_id"].astype("string").replace("", pd.NA))
    return frame.assign(project_id=project_ids(frame["project_id"]) if numbers is None else numbers)


def map_ratings(frame: pd.DataFrame, scale: RatingScale, columns: tuple[str, ...] = RATING_COLUMNS,
                period_scales: dict[str, RatingScale] | None = None) -> pd.DataFrame:
    """Status and risk labels become the scale's labels (``gronn``, ``Green`` -> ``Grønn``), ordered best
    first. A blank cell means *not reported* and stays empty: it is never read as green. A period that
    rates on a coarser scale (``period_scales``) is read with that scale's spellings."""
    dtype = pd.CategoricalDtype(list(scale.labels), ordered=True)
    groups = scale_groups(frame, scale, period_scales) or [(scale, [])]
    position = {label: index for index, label in enumerate(scale.labels)}

    def label_codes(text: pd.Series, group_scale: RatingScale) -> np.ndarray:
        """Each row's place among the scale's labels (-1: blank or unknown), found once per distinct text."""
        codes, uniques = pd.factorize(text)
        label = scale_labeller(group_scale)
        found = np.array([position.get(label(value), -1) for value in uniques.tolist()] + [-1], dtype=np.int64)
        return found[np.where(codes < 0, len(uniques), codes)]

    def labels(column: str) -> pd.Categorical:
        if len(groups) == 1:  # one scale: no need to know the period of each row
            return pd.Categorical.from_codes(label_codes(frame[column], groups[0][0]), dtype=dtype)
        codes = np.full(len(frame), -1, dtype=np.int64)
        for group_scale, periods in groups:
            rows = frame["report_period"].isin(periods).to_numpy()
            codes[rows] = label_codes(frame.loc[rows, column], group_scale)
        return pd.Categorical.from_codes(codes, dtype=dtype)

    return frame.assign(**{column: pd.Series(labels(column), index=frame.index) for column in columns
                           if column in frame})


def scale_labeller(scale: RatingScale):
    """The scale's label for a rating as written; None for a blank or unknown one."""
    return lambda text: scale.aliases.get(normalise_key(text)) if text else None


def scale_groups(frame: pd.DataFrame, scale: RatingScale,
                 period_scales: dict[str, RatingScale] | None) -> list[tuple[RatingScale, list[str]]]:
    """The scales the frame's periods rate on, each with its periods (one pass per scale, not per period)."""
    periods_of: dict[str, tuple[RatingScale, list[str]]] = {}
    for period, period_scale in rows_scales(frame, scale, period_scales).items():
        periods_of.setdefault(period_scale.name, (period_scale, []))[1].append(period)
    return list(periods_of.values())


def rows_scales(frame: pd.DataFrame, scale: RatingScale,
                period_scales: dict[str, RatingScale] | None) -> dict[str, RatingScale]:
    return {period: (period_scales or {}).get(period, scale) for period in frame["report_period"].unique()}


def parse_budgets(frame: pd.DataFrame, decimal_mark: str | None = None,
                  numbers: NumberColumn | None = None) -> pd.DataFrame:
    """Budgets become numbers in the portfolio's unit (``1 571,5`` -> 1571.5); blank means unknown. Each
    file's own decimal convention reads the values that could be read two ways (:func:`numbers.read_numbers`).
    ``numbers``: the frame's budgets, if already read (:func:`read_budgets`)."""
    return frame.assign(budget_mnok=(read_budgets(frame, decimal_mark) if numbers is None else numbers).values)


def read_budgets(frame: pd.DataFrame, decimal_mark: str | None = None) -> NumberColumn:
    return read_numbers(frame["budget_mnok"], frame["source_file"] if "source_file" in frame else None, decimal_mark)


def canonicalise_organisations(frame: pd.DataFrame, organisations: Organisations) -> pd.DataFrame:
    """Organisation names become their canonical spelling (``Oslo Kommune`` -> ``Oslo kommune``,
    ``Helse Sør-Øst`` -> ``Helse Sør-Øst RHF``); names not in the map are kept as written."""
    return frame.assign(actor=text_by_unique(frame["actor"], lambda v: organisations.canonical(v) or v))


def add_organisation_group(frame: pd.DataFrame, organisations: Organisations) -> pd.DataFrame:
    """Adds ``actor_group`` (e.g. helseforvaltning); organisations not in the map get the default group."""
    return frame.assign(actor_group=by_unique(frame["actor"], organisations.group_of, TEXT))


def split_focus_area(frame: pd.DataFrame, strategic_areas: dict[int, str]) -> pd.DataFrame:
    """Splits ``1.1 Modernisere ...`` into ``focus_area_code`` 1.1, ``focus_area_name`` and
    ``strategic_area`` 1 with its ``strategic_area_name``."""
    codes, uniques = pd.factorize(frame["focus_area"])  # each distinct focus area split once
    parts = pd.Series(uniques, dtype=object).astype(str).str.extract(FOCUS_AREA)
    area = pd.Series(pd.array(pd.to_numeric(parts["area"]), dtype="Int64"))
    parts = pd.DataFrame({"code": parts["code"], "name": parts["name"], "area": area,
                          "area_name": area.map(strategic_areas, na_action="ignore")}).take(codes)
    parts.index = frame.index
    return frame.assign(
        focus_area_code=parts["code"],
        focus_area_name=parts["name"],
        strategic_area=parts["area"].array,
        strategic_area_name=parts["area_name"],
    )


def filled_cells(frame: pd.DataFrame, up_to: int) -> np.ndarray:
    """How many data cells of each row hold more than white space, counted up to ``up_to``: a row that has
    reached it is not looked at again, so the columns after the first few cost little."""
    counts = np.zeros(len(frame), dtype=np.int64)
    for column in (c for c in TEXT_COLUMNS if c in frame):
        open_rows = np.flatnonzero(counts < up_to)
        if not len(open_rows):
            break
        cells = frame[column] if len(open_rows) == len(frame) else frame[column].iloc[open_rows]
        counts[open_rows] += (cells.astype(TEXT).fillna("").str.strip() != "").to_numpy(dtype=bool, na_value=False)
    return counts


def data_cells(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: frame[c].astype(TEXT).fillna("") for c in TEXT_COLUMNS if c in frame}, index=frame.index)
