"""Numbers as people type them in Norwegian and English spreadsheets."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_PLAIN_POINT = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.571,5
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,571.5
NUMBER_FORMS = "a number such as 32, 12,5, 1 571 or 1571.5"


def parse_number(text: str, decimal_mark: str | None = None) -> float | None:
    """``'1 571,5'`` -> 1571.5; blank -> None; anything else raises ValueError.

    Spaces (also no-break spaces) group thousands. A lone comma is a decimal comma; where both
    separators occur, the last one is the decimal mark. A portfolio whose files always write a
    decimal point (``decimal_mark="."``) reads every comma as a thousands separator (``32,614``).
    """
    compact = _SPACES.sub("", text.replace("\u2212", "-"))
    if not compact:
        return None
    if decimal_mark == ".":
        if _PLAIN_POINT.match(compact):
            return float(compact)
        if _GROUPED_COMMA.match(compact):
            return float(compact.replace(",", ""))
        raise ValueError(f"not a number: {text!r}")
    if _PLAIN.match(compact):
        return float(compact.replace(",", "."))
    if _GROUPED_DOT.match(compact):
        return float(compact.replace(".", "").replace(",", "."))
    if _GROUPED_COMMA.match(compact):
        return float(compact.replace(",", ""))
    raise ValueError(f"not a number: {text!r}")
