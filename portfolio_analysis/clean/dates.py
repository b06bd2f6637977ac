"""Planned dates as the panel holds them: ISO partial text carrying its own precision.

``2021-12-31`` is a day, ``2021-12`` a month, ``2021-Q4`` a quarter, ``2021`` a year; a month or a year is a
date of that precision, never the first or last day of it. NA is an unknown date.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

PRECISIONS = ("day", "month", "quarter", "year")  # finest first
PATTERNS = {
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}


def precision(text) -> str | None:
    """``day``, ``month``, ``quarter`` or ``year`` for ISO partial text; None for NA or anything else."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    text = str(text).strip()
    for name, pattern in PATTERNS.items():
        if pattern.match(text):
            return name
    return None


def parts(text: str) -> tuple[int, int, int]:
    """(year, month, day) of a partial date, the parts it does not give as 0 (a quarter gives its first month)."""
    kind = precision(text)
    numbers = [int(n) for n in PATTERNS[kind].match(str(text).strip()).groups()]
    if kind == "quarter":
        return numbers[0], 3 * numbers[1] - 2, 0
    return tuple(numbers + [0] * (3 - len(numbers)))


def months_between(earlier, later) -> float | None:
    """Months from ``earlier`` to ``later`` (positive: ``later`` is later), both read at the coarser precision
    of the two: a year apart at year precision is 12, a quarter 3, a month 1; two days are ``days * 12 / 365.25``
    rounded to 1 decimal. None where either date is NA or not a partial date."""
    first, second = precision(earlier), precision(later)
    if first is None or second is None:
        return None
    coarser = max(first, second, key=PRECISIONS.index)
    (y1, m1, d1), (y2, m2, d2) = parts(earlier), parts(later)
    if coarser == "year":
        return float(12 * (y2 - y1))
    if coarser == "quarter":
        return float(3 * ((y2 * 4 + (m2 - 1) // 3) - (y1 * 4 + (m1 - 1) // 3)))
    if coarser == "month":
        return float((y2 * 12 + m2) - (y1 * 12 + m1))
    days = (date(y2, m2, d2) - date(y1, m1, d1)).days
    return round(days * 12 / 365.25, 1)
