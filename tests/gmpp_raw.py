"""The UK GMPP's March 2022 and March 2023 delivery confidence read straight from the published CSV files
with the csv module, without the package: an independent count to check the package's history against.

The files hold one project per column; the rating is the IPA's assessment, or the SRO's where the IPA gives
none (as the GMPP publishes it from 2022); ids are compared case-folded. Budgets are the whole-life cost
baseline in £ million."""

from __future__ import annotations

import csv
import io
from pathlib import Path

FILES = {"2022-03": "2022-03/uk_2022.csv", "2023-03": "2023-03/uk_2023.csv"}
COLOURS = {"red": "Red", "amber": "Amber", "green": "Green"}


def records(raw: Path, period: str) -> dict[str, dict]:
    """Project id -> {"rating": Red | Amber | Green | other, "budget": float | None}, from the files of
    ``raw`` (a data folder's ``raw/uk-gmpp``)."""
    text = (raw / FILES[period]).read_bytes().decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    by_label = {row[0].split("\n")[0].strip().casefold(): row[1:] for row in rows if row}
    ids = by_label["gmpp id number"]
    ipa = by_label["ipa delivery confidence assessment"]
    sro = by_label["sro delivery confidence assessment"]
    costs = next(cells for label, cells in by_label.items() if label.startswith("total baseline whole life costs"))
    projects = {}
    for column, project in enumerate(ids):
        if not project.strip():
            continue
        given = (ipa[column].strip() or sro[column].strip()).casefold()
        projects[project.strip().casefold()] = {"rating": COLOURS.get(given, "other"), "budget": amount(costs[column])}
    return projects


def amount(cell: str) -> float | None:
    text = cell.replace("\ufffd", "").replace("£", "").replace(",", "").strip()
    try:
        return float(text)
    except ValueError:
        return None


def red_bridge(raw: Path, start: str = "2022-03", end: str = "2023-03") -> dict[str, int]:
    """Red at the start, where those went, where the new reds came from, red at the end."""
    before, after = records(raw, start), records(raw, end)
    red_before = {p for p, r in before.items() if r["rating"] == "Red"}
    red_after = {p for p, r in after.items() if r["rating"] == "Red"}
    bridge = {"red_start": len(red_before), "stayed_red": len(red_before & red_after),
              "left_while_red": len(red_before - set(after)), "red_end": len(red_after),
              "joined_red": len(red_after - set(before))}
    for rating in ("Amber", "Green", "other"):
        bridge[f"recovered_to_{rating}"] = sum(after[p]["rating"] == rating for p in red_before if p in after)
        bridge[f"newly_red_from_{rating}"] = sum(before[p]["rating"] == rating for p in red_after if p in before)
    return bridge


def red_share_of_money(raw: Path, period: str = "2023-03") -> float:
    """The budgets of the red projects over the known budgets of all projects."""
    projects = records(raw, period).values()
    known = [p for p in projects if p["budget"] is not None]
    return sum(p["budget"] for p in known if p["rating"] == "Red") / sum(p["budget"] for p in known)
