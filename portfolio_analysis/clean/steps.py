"""Cleaning steps: small pure functions ``DataFrame -> DataFrame``.

The frame they work on holds the rows of one kind of table (project lists, joiners, leavers) from
every period, as text under the standard column names, with ``report_period``, ``source_file`` and
``source_row`` saying where each row came from. :func:`log.run_steps` applies them in order
and logs every value a step changed and every row it dropped, so no step logs anything itself. A step
over every text column is given the columns (:data:`standard.TEXT_COLUMNS`). Reading a column's text as
values is its parser's job (:mod:`parsers`); the checks that find problems are in :mod:`checks`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..settings.dtypes import TEXT
from ..settings.maps import Organisations, ValueMarker, marker_of, normalise_key
from .dates import read_date
from .distinct import by_unique, rows_where, text_by_unique

FOCUS_AREA = re.compile(r"^(?P<code>(?P<area>\d+)\.\d+)\s+(?P<name>\S.*)$")
PDF_HYPHEN = re.compile(r"(?<=\w)- (?=(\w+))")


# --- steps ------------------------------------------------------------------------------------------

def drop_empty_lines(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Drops rows whose data cells are all blank (blank lines in a text file, empty spreadsheet rows)."""
    return frame[filled_cells(frame, columns, up_to=1) > 0]


def drop_footer_lines(frame: pd.DataFrame, patterns: tuple[re.Pattern[str], ...], columns: tuple[str, ...]
                      ) -> pd.DataFrame:
    """Drops page-footer lines a PDF export left in a table: one filled cell matching a footer pattern."""
    if not patterns:
        return frame
    one_cell = filled_cells(frame, columns, up_to=2) == 1
    cells = data_cells(frame[one_cell], columns)
    text = pd.Series(["".join(row).strip() for row in zip(*(cells[c].tolist() for c in cells))], index=cells.index,
                     dtype=object)
    footer = text[text.map(lambda t: any(p.search(t) for p in patterns)).astype(bool)].index
    return frame.drop(index=footer) if len(footer) else frame


def normalise_whitespace(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Turns no-break and other spaces into plain spaces, collapses runs, strips both ends."""
    return frame.assign(**{column: text_by_unique(frame[column], lambda v: " ".join(v.split()))
                           for column in columns if column in frame})


def blank_out_placeholders(frame: pd.DataFrame, markers: frozenset[str], columns: tuple[str, ...]) -> pd.DataFrame:
    """Replaces placeholders for an empty cell, such as ``(blank)``, with a blank."""
    changed = {}
    for column in columns:
        if column in frame:
            placeholder = rows_where(frame[column], lambda v: normalise_key(v) in markers)
            if placeholder.any():
                changed[column] = frame[column].where(~placeholder, "")
    return frame.assign(**changed)


def separate_markers(frame: pd.DataFrame, markers: tuple[ValueMarker, ...], marked: tuple[str, ...],
                     fallbacks: dict[str, str]) -> pd.DataFrame:
    """A text that says why a value is not given (``Exempt under Section 43 …``, ``No DCA``) moves out
    of the value of a ``marked`` column into ``<column>_marker`` (``exempt``, ``not_rated``); the value
    becomes blank, so it is unknown, never a rating or an amount. A fallback column's text counts for its
    column (``fallbacks``: column -> its fallback)."""
    changed = {}
    for column in marked:
        for source in (column, fallbacks.get(column)):
            if source is None or source not in frame:
                continue
            found = by_unique(frame[source], lambda v: (marker_of(v, column, markers) or "") if v else "", TEXT)
            changed[f"{source}_marker"] = found
            kept = found == ""
            if not kept.all():
                changed[source] = frame[source].where(kept, "")
    return frame.assign(**changed)


def separate_date_reasons(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """A date cell whose text is no date at all (``TBC``, ``Early planning``, ``sommeren 2021``) says why the date
    is not given: the text moves, as written, to ``<column>_marker`` and the date is unknown. A text shaped like a
    date (``31.02.2021``) stays, for its parser to name."""
    changed = {}
    for column in columns:
        if column not in frame:
            continue
        reason = by_unique(frame[column], lambda v: v if v and is_reason(v) else "", TEXT)
        if (reason != "").any():
            changed[f"{column}_marker"] = frame[f"{column}_marker"].where(reason == "", reason)
            changed[column] = frame[column].where(reason == "", "")
    return frame.assign(**changed)


def is_reason(text: str) -> bool:
    read = read_date(text)
    return read.value is None and read.problem is None


def take_fallback_ratings(frame: pd.DataFrame, fallbacks: dict[str, str]) -> pd.DataFrame:
    """Where a rating is blank (or withheld) and its fallback column (``fallbacks``: column -> fallback)
    gives one (the SRO's assessment where the IPA's is missing), the fallback is used; where neither gives
    one, the first reason given is kept."""
    changed = {}
    for column, fallback in fallbacks.items():
        if fallback not in frame or f"{column}_marker" not in frame:
            continue
        use = (frame[column] == "") & (frame[fallback] != "")
        changed[column] = frame[column].where(~use, frame[fallback])
        marker = frame[f"{column}_marker"].where(~use, "")
        changed[f"{column}_marker"] = marker.where((marker != "") | (changed[column] != ""),
                                                   frame[f"{fallback}_marker"])
    return frame.assign(**changed)


def strip_number_affixes(frame: pd.DataFrame, affixes: tuple[str, ...], columns: tuple[str, ...]) -> pd.DataFrame:
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


def remove_bidi_controls(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Removes bidirectional control characters from the text cells."""
    return frame.assign(**{column: text_by_unique(frame[column], without_bidi_controls)
                           for column in columns if column in frame})


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


def filled_cells(frame: pd.DataFrame, columns: tuple[str, ...], up_to: int) -> np.ndarray:
    """How many data cells of each row hold more than white space, counted up to ``up_to``: a row that has
    reached it is not looked at again, so the columns after the first few cost little."""
    counts = np.zeros(len(frame), dtype=np.int64)
    for column in (c for c in columns if c in frame):
        open_rows = np.flatnonzero(counts < up_to)
        if not len(open_rows):
            break
        cells = frame[column] if len(open_rows) == len(frame) else frame[column].iloc[open_rows]
        counts[open_rows] += (cells.astype(TEXT).fillna("").str.strip() != "").to_numpy(dtype=bool, na_value=False)
    return counts


def data_cells(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: frame[c].astype(TEXT).fillna("") for c in columns if c in frame}, index=frame.index)
