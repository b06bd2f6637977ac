"""Numbers as people type them in Norwegian and English spreadsheets.

A file writes its numbers one way: either a decimal comma with a dot (or space) grouping thousands
(``1.571,5``), or a decimal point with a comma grouping thousands (``1,571.5``). Most values show which
(``12,5``, ``1.571,5``, ``1571.25``); a few do not (``1.571`` and ``2,000`` read both ways). The values
that show it settle the column's convention, which then reads the others (:func:`read_numbers`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..settings.dtypes import TEXT

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_COMMA_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,[0-9]+)?$")  # 1.571,5
_POINT_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]+)?$")  # 1,571.5
_TWO_WAYS = r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}"  # 1.571, 2,000: thousands, or three decimals
_PLAIN = r"[+-]?[0-9]+(?:[.,][0-9]+)?"
COMMA, POINT = ",", "."
MARK_CODES = {COMMA: 1, POINT: 2}
NUMBER_FORMS = "a number such as 32, 12,5, 1 571 or 1571.5"


def compact_number(text: str) -> str:
    """Without grouping spaces, with ASCII digits and signs (``'١٢'``, ``'１２'`` -> ``'12'``, ``'−5'`` -> ``'-5'``).

    Only decimal digits are folded, in any script. A superscript or circled digit (``50¹``, ``①``) is a
    footnote mark as often as a digit, so it is left as it is and the text reads as no number
    (:func:`footnote_marks` names it)."""
    compact = _SPACES.sub("", text.replace("\u2212", "-"))
    if compact.isascii() or footnote_marks(compact):
        return compact
    compact = unicodedata.normalize("NFKC", compact).replace("\u2212", "-")
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in compact)


def footnote_marks(text: str) -> str:
    """The digits of ``text`` that are not decimal digits: superscripts, subscripts, circled digits
    (``'50¹'`` -> ``'¹'``)."""
    return "".join(c for c in text if c.isdigit() and not c.isdecimal())


def readings(compact: str) -> dict[str, float]:
    """The value a compact number has under each decimal mark that can read it (none: not a number)."""
    found = {}
    if _COMMA_DECIMAL.match(compact):
        found[COMMA] = float(compact.replace(".", "").replace(",", "."))
    if _POINT_DECIMAL.match(compact):
        found[POINT] = float(compact.replace(",", ""))
    return {mark: value for mark, value in found.items() if np.isfinite(value)}


def parse_number(text: str, decimal_mark: str | None = None) -> float | None:
    """``'1 571,5'`` -> 1571.5; blank -> None; anything else raises ValueError.

    Spaces (also no-break spaces) group thousands. A lone comma or point is the decimal mark; where both
    separators occur, the last one is. A portfolio whose files always write a decimal point
    (``decimal_mark="."``) reads every comma as a thousands separator (``32,614``).
    """
    compact = compact_number(text)
    if not compact:
        return None
    found = readings(compact)
    if decimal_mark in found:
        return found[decimal_mark]
    if decimal_mark is None and found:
        return found[POINT] if POINT in found and (COMMA not in found or POINT in compact) else found[COMMA]
    raise ValueError(f"not a number: {text!r}")


@dataclass(frozen=True)
class NumberColumn:
    """A column of text read as numbers. ``two_ways`` holds, for a value that reads two ways and that
    the column's convention does not settle, both readings (``'1.571 or 1 571'``); ``conflict`` is True
    where the column also writes decimals both ways, so no convention applies."""

    values: pd.Series  # Float64, NA where blank or not a number
    invalid: pd.Series  # bool: text that is not a number
    two_ways: pd.Series  # text: '' or the two readings
    conflict: pd.Series  # bool
    evidence: dict  # group -> {mark: first value that shows it}


def read_numbers(text: pd.Series, groups: pd.Series | None = None, decimal_mark: str | None = None) -> NumberColumn:
    """Reads a column of typed numbers, one decimal convention per group (a file).

    ``decimal_mark`` declared by the portfolio reads every value that way. Otherwise the values that only
    one mark can read settle the group's mark, which then reads the values that read two ways; where no
    value settles it, a lone separator is the decimal mark and the value is flagged (``two_ways``); where
    values settle it both ways, the two-way values are flagged as a ``conflict``.

    Each distinct text is read once (:func:`read_distinct`): a column repeats its values many times."""
    text = text.astype(TEXT).fillna("")
    group_of_row, group_names = pd.factorize(pd.Series("", index=text.index) if groups is None else groups)
    group_names = [str(group) for group in group_names.tolist()]  # file names; other values as their text
    codes, uniques = pd.factorize(text)
    distinct = read_distinct(pd.Series(uniques, dtype=TEXT), decimal_mark)

    def per_row(column: str) -> pd.Series:
        return pd.Series(distinct[column].array.take(codes), index=text.index)

    values, invalid, two_way = per_row("values"), per_row("invalid"), per_row("two_way")
    evidence = evidence_by_group(uniques.tolist(), codes, distinct["shows"].tolist(), group_of_row, group_names)
    if decimal_mark is not None:
        other_mark = per_row("other_mark")
        values = values.mask(other_mark).where(~two_way, per_row(decimal_mark))
        return NumberColumn(values, invalid | other_mark, pd.Series("", index=text.index, dtype=object),
                            pd.Series(False, index=text.index), evidence)
    group_marks = [evidence.get(group, {}) for group in group_names] + [{}]  # the last: a row without a group
    settled = np.array([next(iter(marks)) if len(marks) == 1 else "" for marks in group_marks], dtype=object)
    marks = settled[np.where(group_of_row < 0, len(group_names), group_of_row)]
    for mark in (COMMA, POINT):
        values = values.where(~(two_way & (marks == mark)), per_row(mark))
    unsettled = two_way & (marks == "")
    both = np.array([len(found) == 2 for found in group_marks])[np.where(group_of_row < 0, len(group_names),
                                                                         group_of_row)]
    described = pd.Series("", index=text.index, dtype=object)
    described.loc[unsettled] = per_row("described")[unsettled]
    return NumberColumn(values, invalid, described, unsettled & both, evidence)


def read_distinct(text: pd.Series, decimal_mark: str | None) -> pd.DataFrame:
    """Everything about each text that does not depend on its file: its value (NA where blank, not a
    number, or reading two ways), whether it is invalid, reads two ways, or shows a decimal mark; for a
    two-way text its reading under each mark and both readings described; with ``decimal_mark``, whether
    it writes the other mark."""
    compact = text.str.replace(r"[\s\u00a0\u202f\u2009']", "", regex=True).str.replace("\u2212", "-", regex=False)
    plain = compact.str.fullmatch(_PLAIN).fillna(False).astype(bool)
    two_way = plain & compact.str.fullmatch(_TWO_WAYS).fillna(False).astype(bool)
    values = compact.where(plain, None).str.replace(",", ".", regex=False).astype("Float64")
    shows = pd.Series(pd.array([None] * len(text), dtype=TEXT), index=text.index)
    one_way = plain & ~two_way
    shows.loc[one_way & compact.str.contains(",", regex=False)] = COMMA
    shows.loc[one_way & compact.str.contains(".", regex=False)] = POINT
    invalid = pd.Series(~np.isfinite(values.to_numpy(dtype=float, na_value=0.0)), index=text.index)
    values = values.mask(invalid)  # more digits than a float holds
    other = (compact != "") & ~plain
    for index, cell in zip(text.index[other.to_numpy()], text[other].tolist()):
        found = readings(compact_number(cell))
        if decimal_mark is not None:
            found = {decimal_mark: found[decimal_mark]} if decimal_mark in found else {}
        if not found:
            invalid.loc[index] = True
            values.loc[index] = pd.NA
        elif len(set(found.values())) == 1:
            values.loc[index] = next(iter(found.values()))
            if len(found) == 1:
                shows.loc[index] = next(iter(found))
        else:
            two_way.loc[index] = True
            values.loc[index] = parse_number(cell)
    distinct = pd.DataFrame({"values": values, "invalid": invalid, "two_way": two_way, "shows": shows})
    read_two_ways = [readings(compact_number(cell)) for cell in compact[two_way].tolist()]
    for mark in (COMMA, POINT):
        distinct[mark] = values.copy()
        if (decimal_mark is None or mark == decimal_mark) and read_two_ways:
            distinct.loc[two_way, mark] = [found[mark] for found in read_two_ways]
    if decimal_mark is not None:
        distinct["other_mark"] = one_way & compact.str.contains(POINT if decimal_mark == COMMA else COMMA, regex=False)
    else:
        distinct["described"] = ""
        distinct.loc[two_way, "described"] = [both_readings(cell) for cell in text[two_way].tolist()]
    return distinct


def evidence_by_group(texts: list[str], codes: np.ndarray, shows: list[str | None], group_of_row: np.ndarray,
                      group_names: list[str]) -> dict[str, dict[str, str]]:
    """For each group, the marks its values settle, each with the first value that shows it: ``texts`` are
    the distinct values (``codes`` says which each row holds) and ``shows`` the mark each shows, if any."""
    mark_of_text = np.array([MARK_CODES.get(mark, 0) for mark in shows] + [0], dtype=np.int64)
    row_marks = mark_of_text[np.where(codes < 0, len(shows), codes)]
    known = np.flatnonzero((row_marks > 0) & (group_of_row >= 0))
    _, firsts = np.unique(group_of_row[known] * len(MARK_CODES) + row_marks[known] - 1, return_index=True)
    evidence: dict[str, dict[str, str]] = {}
    for row in known[np.sort(firsts)]:
        evidence.setdefault(group_names[group_of_row[row]], {})[shows[codes[row]]] = texts[codes[row]]
    return evidence


def both_readings(cell: str) -> str:
    """``'2,000'`` -> ``'2 or 2 000'``: the reading used first (a lone separator as the decimal mark)."""
    first = parse_number(cell)
    others = [value for value in readings(compact_number(cell)).values() if value != first]
    return " or ".join(format_reading(value) for value in [first, *others])


def format_reading(value: float) -> str:
    """1571.0 -> '1 571', 1.571 -> '1.571': the reading without any ambiguous separator."""
    if value == int(value):
        return f"{int(value):,}".replace(",", " ")
    return format(value, "f").rstrip("0")
