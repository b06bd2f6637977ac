"""Numbers and dates as the report's readers write them: ``1 571 mill. kr`` and ``59,6 %`` in
Norwegian (bokmål), ``1,571`` and ``59.6%`` in English. Missing values read as the word for unknown."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..settings.languages import MONTHS

NBSP = "\u00a0"
MINUS = "\u2212"
UNKNOWN_WORD = {"nb": "ukjent", "en": "unknown"}


def is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def half_up(value: float, decimals: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def number(value, language: str, decimals: int = 0, signed: bool = False) -> str:
    """``1571`` -> ``1 571`` (nb, no-break space) or ``1,571`` (en); ``-86`` -> ``−86``."""
    if is_missing(value):
        return UNKNOWN_WORD[language]
    value = half_up(float(value), decimals)  # readers expect 0.5 -> 1, not Python's round-half-even
    text = f"{abs(value):,.{decimals}f}"
    if language == "nb":
        text = text.replace(",", NBSP).replace(".", ",")
    sign = MINUS if value < 0 else ("+" if signed and value > 0 else "")
    return sign + text


def amount(value, language: str, unit: str, decimals: int = 0, signed: bool = False) -> str:
    """``1571, "nb", "mill. kr"`` -> ``1 571 mill. kr``; a unit with ``{}`` places the number itself:
    ``1571, "en", "${}M"`` -> ``$1,571M``."""
    if is_missing(value):
        return UNKNOWN_WORD[language]
    text = number(value, language, decimals, signed)
    if "{}" in unit:
        sign = text[0] if text[:1] in (MINUS, "+") else ""
        return sign + unit.replace("{}", text[len(sign):])
    return f"{text}{NBSP}{unit}" if unit else text


def percent(share, language: str, decimals: int = 0) -> str:
    """``0.596`` -> ``60 %`` (nb, with a no-break space) or ``60%`` (en); ``decimals=1`` -> ``59,6 %``."""
    if is_missing(share):
        return UNKNOWN_WORD[language]
    text = number(100 * float(share), language, decimals)
    return f"{text}{NBSP}%" if language == "nb" else f"{text}%"


def date(value, language: str) -> str:
    """``2020-03-20`` -> ``20. mars 2020`` (nb) or ``20 March 2020`` (en)."""
    if is_missing(value):
        return UNKNOWN_WORD[language]
    if not isinstance(value, dt.date):
        value = dt.date.fromisoformat(str(value)[:10])
    month = MONTHS[language][value.month - 1]
    return f"{value.day}. {month} {value.year}" if language == "nb" else f"{value.day} {month} {value.year}"


def planned_date(value, language: str) -> str:
    """A date of its precision as readers write it: ``2021-12-31`` -> ``31. desember 2021`` / ``31 December
    2021``; ``2021-12`` -> ``desember 2021``; ``2021-Q4`` -> ``4. kvartal 2021`` / ``Q4 2021``; ``2021``."""
    if is_missing(value):
        return UNKNOWN_WORD[language]
    text = str(value)
    if len(text) == 10:
        return date(text, language)
    if "Q" in text:
        year, quarter = text.split("-Q")
        return f"{quarter}. kvartal {year}" if language == "nb" else f"Q{quarter} {year}"
    return period_name(text, language) if len(text) == 7 else text


def period_name(period: str, language: str) -> str:
    """``2020-04`` -> ``april 2020`` (nb) or ``April 2020`` (en)."""
    year, month = period.split("-")
    return f"{MONTHS[language][int(month) - 1]} {year}"
