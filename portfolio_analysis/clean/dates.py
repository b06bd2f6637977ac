"""Dates with their precision: a planned start or end as a spreadsheet gives it (``31.12.2021``, ``2021-12-31``,
an Excel date cell, ``31/03/2025``, ``des. 2021``, ``Q4 2021``, ``2021``) becomes ISO partial text that says
how precise it is: ``2021-12-31`` (day), ``2021-12`` (month), ``2021-Q4`` (quarter), ``2021`` (year). A month
or a year is a date of that precision, never the first or last day of it.

:func:`months_between` compares two such dates at the coarser precision of the two."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

DAY, MONTH, QUARTER, YEAR = "day", "month", "quarter", "year"
PRECISIONS = (DAY, MONTH, QUARTER, YEAR)  # finest first
DAY_FIRST, MONTH_FIRST = "day-first", "month-first"

# month names and their abbreviations, Norwegian and English, as organisations write them
MONTHS = {
    1: ("januar", "jan", "january"), 2: ("februar", "feb", "february"), 3: ("mars", "mar", "march"),
    4: ("april", "apr"), 5: ("mai", "may"), 6: ("juni", "jun", "june"), 7: ("juli", "jul", "july"),
    8: ("august", "aug"), 9: ("september", "sep", "sept"), 10: ("oktober", "okt", "oct", "october"),
    11: ("november", "nov"), 12: ("desember", "des", "dec", "december"),
}
MONTH_NUMBER = {name: number for number, names in MONTHS.items() for name in names}
MONTH_NAME = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))

YEAR_TEXT = r"(?P<year>(?:19|20)\d\d)"
ISO_DAY = re.compile(rf"{YEAR_TEXT}-(?P<month>\d\d?)-(?P<day>\d\d?)(?:[T ]00:00(?::00(?:\.0+)?)?)?")
DOTTED_DAY = re.compile(rf"(?P<day>\d\d?)\.(?P<month>\d\d?)\.{YEAR_TEXT}")
SLASHED_DAY = re.compile(r"(?P<first>\d\d?)/(?P<second>\d\d?)/(?P<year>\d\d(?:\d\d)?)")
ISO_MONTH = re.compile(rf"{YEAR_TEXT}-(?P<month>\d\d?)")
DOTTED_MONTH = re.compile(rf"(?P<month>\d\d?)[./]{YEAR_TEXT}")
NAMED_MONTH = re.compile(rf"(?:(?P<day>\d\d?)\.?\s*)?(?P<name>{MONTH_NAME})\.?,?\s*{YEAR_TEXT}", re.IGNORECASE)
QUARTER_TEXT = re.compile(rf"(?:q(?P<q1>[1-4])\s*[-/]?\s*{YEAR_TEXT}|(?P<y2>(?:19|20)\d\d)\s*[-/]?\s*q(?P<q2>[1-4])"
                          rf"|(?P<q3>[1-4])\.\s*kvartal\s+(?P<y3>(?:19|20)\d\d))", re.IGNORECASE)
YEAR_ONLY = re.compile(YEAR_TEXT)
DATE_SHAPED = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?|\d+(?:[.,]\d+)?")  # digits: meant as a date


@dataclass(frozen=True)
class ReadDate:
    """A cell read as a date: ``value`` the ISO partial text, or None; ``problem`` why a cell shaped like a date
    is not one (``31.02.2021``); a text that is not shaped like a date is neither (it is a reason: ``TBC``)."""

    value: str | None
    problem: str | None = None


def read_date(text: str, order: str = DAY_FIRST) -> ReadDate:
    """One cell as a date of its precision (see the module); ``order`` says how ``03/04/2025`` reads."""
    text = text.strip()
    for pattern, read in ((ISO_DAY, iso_day), (DOTTED_DAY, iso_day), (ISO_MONTH, month_of),
                          (DOTTED_MONTH, month_of), (NAMED_MONTH, named_month), (QUARTER_TEXT, quarter_of)):
        found = pattern.fullmatch(text)
        if found:
            return read(found)
    found = SLASHED_DAY.fullmatch(text)
    if found:
        return slashed_day(found, order)
    if YEAR_ONLY.fullmatch(text):
        return ReadDate(text)
    if DATE_SHAPED.fullmatch(text):
        return ReadDate(None, "not a date")
    return ReadDate(None)


def day_of(year: int, month: int, day: int) -> ReadDate:
    if not 1 <= month <= 12:
        return ReadDate(None, f"no month {month}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return ReadDate(None, f"no day {day} in {calendar.month_name[month]} {year}")
    return ReadDate(f"{year:04d}-{month:02d}-{day:02d}")


def iso_day(found: re.Match[str]) -> ReadDate:
    return day_of(int(found["year"]), int(found["month"]), int(found["day"]))


def month_of(found: re.Match[str]) -> ReadDate:
    month = int(found["month"])
    return ReadDate(f"{found['year']}-{month:02d}") if 1 <= month <= 12 else ReadDate(None, f"no month {month}")


def named_month(found: re.Match[str]) -> ReadDate:
    month = MONTH_NUMBER[found["name"].casefold()]
    if found["day"]:
        return day_of(int(found["year"]), month, int(found["day"]))
    return ReadDate(f"{found['year']}-{month:02d}")


def quarter_of(found: re.Match[str]) -> ReadDate:
    year = found["year"] or found["y2"] or found["y3"]
    return ReadDate(f"{year}-Q{found['q1'] or found['q2'] or found['q3']}")


def slashed_day(found: re.Match[str], order: str) -> ReadDate:
    first, second, year = int(found["first"]), int(found["second"]), found["year"]
    full_year = int(year) if len(year) == 4 else datetime.datetime.strptime(year, "%y").year
    day, month = (first, second) if order == DAY_FIRST else (second, first)
    return day_of(full_year, month, day)


def slash_order_evidence(text: str) -> str | None:
    """What one slashed date shows of its file's order: ``31/03/2025`` is day-first, ``03/31/2025`` month-first,
    ``03/04/2025`` nothing (None)."""
    found = SLASHED_DAY.fullmatch(text.strip())
    if not found:
        return None
    first, second = int(found["first"]), int(found["second"])
    if first > 12 >= second:
        return DAY_FIRST
    if second > 12 >= first:
        return MONTH_FIRST
    return None


# --- comparing dates of different precision ----------------------------------------------------------

def precision(date: str | None) -> str | None:
    """``2021-12-31`` -> day, ``2021-12`` -> month, ``2021-Q4`` -> quarter, ``2021`` -> year; None for NA."""
    if not isinstance(date, str) or not date:  # None, pandas' NA, NaN
        return None
    if "Q" in date:
        return QUARTER
    return {10: DAY, 7: MONTH, 4: YEAR}.get(len(date))


def at_precision(date: str, to: str) -> tuple[int, int]:
    """A date as (year, number of units into the year) at the coarser precision ``to``: month 1-12, quarter 1-4."""
    year = int(date[:4])
    if to == YEAR:
        return year, 0
    if "Q" in date:
        return year, int(date[-1])
    month = int(date[5:7])
    return (year, (month - 1) // 3 + 1) if to == QUARTER else (year, month)


def coarser(first: str, second: str) -> str:
    return max(first, second, key=PRECISIONS.index)


def months_between(earlier: str | None, later: str | None) -> float | None:
    """Months from ``earlier`` to ``later`` (positive: later), at the coarser precision of the two: two days by
    their days (days * 12 / 365.25, to one decimal), otherwise whole months, quarters (3 months) or years (12).
    None where either date is unknown."""
    first, second = precision(earlier), precision(later)
    if first is None or second is None:
        return None
    if first == second == DAY:
        days = (datetime.date.fromisoformat(str(later)) - datetime.date.fromisoformat(str(earlier))).days
        return round(days * 12 / 365.25, 1)
    unit = coarser(first, second)
    (year_a, part_a), (year_b, part_b) = at_precision(str(earlier), unit), at_precision(str(later), unit)
    per_year = {YEAR: 1, QUARTER: 4, MONTH: 12, DAY: 12}[unit]
    return float(((year_b - year_a) * per_year + (part_b - part_a)) * 12 // per_year)
