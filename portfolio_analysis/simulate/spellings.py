"""Raw spellings of synthetic cells: the clean values as an owner would type them, with the quirks the
cleaning must mend (SYNTHETIC data: invented projects and organisations only)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .catalogue import (ALIASES, COST_REASONS, FOCUS_AREAS, LABEL_QUIRKS, LABELS, ORGANISATIONS, P_ACTOR_QUIRK,
                        P_HYPHEN_QUIRK, P_LABEL_QUIRK, P_OWNER_BLANK, P_SPACE_QUIRK)
from .details import reason_text


def raw_text(rows: pd.DataFrame, rng, quirks: bool) -> dict[str, np.ndarray]:
    """The synthetic cells as an owner would type them: clean values, or with quirks the spellings the cleaning
    must mend."""
    n = len(rows)
    draws = rng.random((8, n))
    picks = rng.integers(0, 1 << 30, size=(3, n))
    name = rows["project_name"].to_numpy(dtype=object).copy()
    actor = rows["actor"].to_numpy(dtype=object).copy()
    owner = rows["owner"].to_numpy(dtype=object).copy()
    focus = np.array([f"{code} {text}" for code, text in zip(rows["focus_area_code"].to_numpy(dtype=object),
                                                             rows["focus_area_name"].to_numpy(dtype=object))],
                     dtype=object)
    status = np.array([label or "" for label in rows["status"].to_numpy(dtype=object)], dtype=object)
    risk = np.array([label or "" for label in rows["risk"].to_numpy(dtype=object)], dtype=object)
    if quirks:
        for column, draw, pick in ((status, draws[0], picks[0]), (risk, draws[1], picks[1])):
            for i in np.flatnonzero((draw < P_LABEL_QUIRK) & (column != "")):
                variants = LABEL_QUIRKS[LABELS.index(column[i])]
                column[i] = variants[pick[i] % len(variants)]
        spellings = {name: [a for a, o, _ in ALIASES if o == name and a != name] + [name.upper(), name.lower()]
                     for name, *_ in ORGANISATIONS}
        for i in np.flatnonzero(draws[2] < P_ACTOR_QUIRK):
            options = spellings[actor[i]]
            actor[i] = options[picks[2][i] % len(options)]
        for i in np.flatnonzero(draws[3] < P_SPACE_QUIRK):
            name[i] = " " + name[i].replace(" ", "  ", 1) + " "
        for i in np.flatnonzero(draws[4] < P_SPACE_QUIRK):
            actor[i] = actor[i] + "  "
        blank_owner = draws[5] < P_OWNER_BLANK
        if n and not blank_owner.any():
            blank_owner[int(picks[0][0] % n)] = True
        owner[blank_owner] = "(blank)"
        broken = {f"{code} {clean}": f"{code} {pdf}" for code, clean, pdf in FOCUS_AREAS if pdf}
        hyphen = draws[6] < P_HYPHEN_QUIRK
        focus[hyphen] = pd.Series(focus[hyphen], dtype=object).replace(broken).to_numpy(dtype=object)
    return {"focus": focus, "name": name, "actor": actor, "owner": owner, "status": status, "risk": risk,
            "blank_owner": owner == "(blank)", "thousands": draws[7] < 0.5}


def budget_text(budget: pd.Series, decimal: str = ".", thousands: np.ndarray | None = None) -> list[str]:
    """Synthetic budgets (million) as typed: blank unknown, ``12`` or ``12.5``; ``1 234,5`` with a decimal
    comma and thousands separators where ``thousands`` says so (space or no-break space by position)."""
    tenths = np.where(budget.isna(), -1, np.rint(budget.fillna(0).to_numpy() * 10)).astype(np.int64)
    out = []
    for i, value in enumerate(tenths):
        if value < 0:
            out.append("")
            continue
        whole, fraction = divmod(int(value), 10)
        text = str(whole)
        if thousands is not None and thousands[i] and whole >= 1000:
            separator = " " if i % 2 else "\u00a0"
            text = f"{whole:,}".replace(",", separator)
        out.append(text if fraction == 0 else f"{text}{decimal}{fraction}")
    return out


MONTHS_NB = ("jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.")
MONTHS_NB_FULL = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                  "november", "desember")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_cell(day: int, precision: int, reason: int, form: int, key: str, workbook: bool):
    """A synthetic planned date as an owner writes it: at day precision ``31.12.2021``, ``2021-12-31``,
    ``31/12/2021``, ``5.3.2021``, ``31/12/21`` (in a workbook mostly a date cell); a month ``des. 2021``, ``Dec 2021``,
    ``desember 2021``, ``2021-12``, ``12.2021``; a quarter ``Q4 2021``, ``2021-Q4``, ``4. kvartal 2021``; a year
    ``2021`` (in a workbook a number); a reason (``TBC``) instead; or blank ("")."""
    if reason >= 0:
        return reason_text(reason, key)
    if precision < 0:
        return ""
    date = dt.date.fromordinal(int(day))
    y, m, d, q = date.year, date.month, date.day, (date.month - 1) // 3 + 1
    if precision == 0:
        if workbook and form < 3:
            return dt.datetime(y, m, d)
        forms = (f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{d}.{m}.{y}",
                 f"{d:02d}/{m:02d}/{y % 100:02d}")
    elif precision == 1:
        forms = (f"{MONTHS_NB[m - 1]} {y}", f"{MONTHS_EN[m - 1]} {y}", f"{MONTHS_NB_FULL[m - 1]} {y}",
                 f"{y}-{m:02d}", f"{m:02d}.{y}")
    elif precision == 2:
        forms = (f"Q{q} {y}", f"{y}-Q{q}", f"{q}. kvartal {y}", f"Q{q} {y}", f"{y}-Q{q}")
    else:
        return y if workbook else str(y)
    return forms[form % len(forms)]


def cost_cells(tenths: np.ndarray, reason: np.ndarray, decimal: str, thousands: np.ndarray | None,
               workbook: bool) -> list:
    """Whole-life costs as written: a number, the reason written for a withheld one (``Exempt under Section
    43``), or blank."""
    cells = money_cells(tenths, decimal, thousands, workbook)
    return [COST_REASONS[r][0] if r >= 0 else cell for cell, r in zip(cells, reason)]


def money_cells(tenths: np.ndarray, decimal: str, thousands: np.ndarray | None, workbook: bool) -> list:
    """Amounts in tenths of a million (-1 blank) as written: numbers in a workbook, text otherwise."""
    values = pd.Series(np.where(tenths >= 0, tenths / 10, np.nan))
    if workbook:
        return [None if pd.isna(v) else (int(v) if float(v).is_integer() else float(v)) for v in values]
    return budget_text(values, decimal, thousands)
