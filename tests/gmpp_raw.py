"""The UK GMPP's March 2022 and March 2023 files read straight from the published CSVs with the csv module,
without the package: an independent count to check the package's history and its schedule, cost and in-year
analyses against.

The files hold one project per column; the rating is the IPA's assessment, or the SRO's where the IPA gives
none (as the GMPP publishes it from 2022); ids are compared case-folded. Budgets are the whole-life cost
baseline in £ million. Both files give every planned date as an ISO day (2026-12-31), so months between two
dates are days * 12 / 365.25 rounded to 1 decimal (the rule of the package's months_between at day
precision); a cell that is not an ISO day (Exempt under Section 43, Early planning) is no date."""

from __future__ import annotations

import csv
import io
import re
import statistics
from datetime import date
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
    year_budget = next(cells for label, cells in by_label.items() if label.startswith("financial year baseline"))
    forecast = next(cells for label, cells in by_label.items() if label.startswith("financial year forecast"))
    ends = next(cells for label, cells in by_label.items() if label.startswith("project - end date"))
    commentary = by_label["departmental commentary on actions planned or taken on the ipa rag rating."]
    projects = {}
    for column, project in enumerate(ids):
        if not project.strip():
            continue
        given = (ipa[column].strip() or sro[column].strip()).casefold()
        projects[project.strip().casefold()] = {
            "rating": COLOURS.get(given, "other"), "budget": amount(costs[column]),
            "year_budget": amount(year_budget[column]), "forecast": amount(forecast[column]),
            "end": ends[column].strip() if ISO_DAY.match(ends[column].strip()) else None,
            "commentary": commentary[column].strip()}
    return projects


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def months(earlier: str, later: str) -> float:
    """Months from one ISO day to another: days * 12 / 365.25, rounded to 1 decimal."""
    days = (date.fromisoformat(later) - date.fromisoformat(earlier)).days
    return round(days * 12 / 365.25, 1)


def end_date_moves(raw: Path, start: str = "2022-03", end: str = "2023-03") -> dict:
    """Per project in either file: later / earlier / unchanged (the two days compared), or not comparable
    (joined, left, no date in either file); the median and mean months of those later."""
    before, after = records(raw, start), records(raw, end)
    counts = {"later": 0, "earlier": 0, "unchanged": 0, "not_comparable": 0}
    slips = []
    for project in set(before) | set(after):
        was, now = before.get(project, {}).get("end"), after.get(project, {}).get("end")
        if was is None or now is None:
            counts["not_comparable"] += 1
        elif now > was:
            counts["later"] += 1
            slips.append(months(was, now))
        else:
            counts["earlier" if now < was else "unchanged"] += 1
    return {**counts, "median_slip_months": statistics.median(slips), "mean_slip_months": statistics.mean(slips),
            "largest_slip_months": max(slips)}


def cost_moves(raw: Path, start: str = "2022-03", end: str = "2023-03") -> dict:
    """Whole-life cost per project in either file: increased / decreased / unchanged (a cost in both),
    not comparable; the sums of the rises and of the falls (negative); and the bridge of the totals."""
    before, after = records(raw, start), records(raw, end)
    counts = {"increased": 0, "decreased": 0, "unchanged": 0, "not_comparable": 0}
    bridge = {"previous_total": 0.0, "continuing_up": 0.0, "continuing_down": 0.0, "joined": 0.0, "left": 0.0,
              "newly_withheld": 0.0, "newly_given": 0.0, "current_total": 0.0}
    for project in set(before) | set(after):
        was = before[project]["budget"] if project in before else None
        now = after[project]["budget"] if project in after else None
        bridge["previous_total"] += was or 0.0
        bridge["current_total"] += now or 0.0
        if project not in after:
            bridge["left"] -= was or 0.0
        elif project not in before:
            bridge["joined"] += now or 0.0
        elif was is not None and now is None:
            bridge["newly_withheld"] -= was
        elif was is None and now is not None:
            bridge["newly_given"] += now
        elif was is not None and now is not None:
            bridge["continuing_up" if now > was else "continuing_down"] += now - was
        if was is None or now is None or project not in before or project not in after:
            counts["not_comparable"] += 1
        else:
            counts["increased" if now > was else "decreased" if now < was else "unchanged"] += 1
    return {**counts, "rises": bridge["continuing_up"], "falls": bridge["continuing_down"], "bridge": bridge}


def in_year_counts(raw: Path, period: str = "2023-03") -> dict:
    """The financial year's forecast against its baseline: over / under when more than 5 % above / below
    (against a zero baseline, any forecast above 0 is over), within, or not comparable (either not given);
    and the sums of both over the projects that give both."""
    counts = {"over": 0, "under": 0, "within": 0, "not_comparable": 0, "budget_total": 0.0, "forecast_total": 0.0}
    for project in records(raw, period).values():
        budget, forecast = project["year_budget"], project["forecast"]
        if budget is None or forecast is None:
            counts["not_comparable"] += 1
            continue
        counts["budget_total"] += budget
        counts["forecast_total"] += forecast
        if budget == 0:
            counts["over" if forecast > 0 else "under" if forecast < 0 else "within"] += 1
            continue
        percent = round((forecast - budget) / abs(budget) * 100, 9)
        counts["over" if percent > 5 else "under" if percent < -5 else "within"] += 1
    return counts


def red_without_commentary(raw: Path, period: str = "2023-03") -> tuple[int, list[str]]:
    """The number of red projects, and the ids of those whose departmental commentary on the rating is empty."""
    red = {p: r for p, r in records(raw, period).items() if r["rating"] == "Red"}
    return len(red), sorted(p for p, r in red.items() if not r["commentary"])
