"""What moved between consecutive periods of a synthetic truth: each project's planned end and start (months at the
coarser precision of the two dates) and its whole-life cost, and the bridge of the total cost (SYNTHETIC data).

Computed here from the truth alone, with arithmetic of its own (never the package's date helpers), so that tests
can hold the package's analyses against it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

RANK = {"day": 0, "month": 1, "quarter": 2, "year": 3}
MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}
BRIDGE_STEPS = ("previous_total", "continuing_up", "continuing_down", "joined", "left", "newly_withheld",
                "newly_given", "current_total")


def precision_of(date: str) -> str:
    """``2021-12-31`` day, ``2021-12`` month, ``2021-Q4`` quarter, ``2021`` year."""
    return "quarter" if "Q" in date else {10: "day", 7: "month", 4: "year"}[len(date)]


def in_units(date: str, unit: str) -> int:
    """A partial date counted in ``unit`` (month, quarter, year) since year 0."""
    year = int(date[:4])
    if unit == "year":
        return year
    quarter = int(date[-1]) if "Q" in date else (int(date[5:7]) - 1) // 3 + 1
    if unit == "quarter":
        return year * 4 + quarter - 1
    return year * 12 + int(date[5:7]) - 1


def months_moved(previous: str | None, current: str | None) -> float | None:
    """Months from ``previous`` to ``current`` (+ later) at the coarser precision of the two; two days by their
    days (days * 12 / 365.25, one decimal). None where either is not given."""
    if previous is None or current is None:
        return None
    first, second = precision_of(previous), precision_of(current)
    if first == second == "day":
        days = (dt.date.fromisoformat(current) - dt.date.fromisoformat(previous)).days
        return round(days * 12 / 365.25, 1)
    unit = max(first, second, key=RANK.get)
    unit = "month" if unit == "day" else unit
    return float((in_units(current, unit) - in_units(previous, unit)) * MONTHS_PER_UNIT[unit])


def direction(amount: float | None, up: str, down: str) -> str:
    if amount is None or amount != amount:
        return "not_comparable"
    return up if amount > 0 else down if amount < 0 else "unchanged"


def date_direction(previous: str | None, current: str | None, months: float | None) -> str:
    """Later, earlier or unchanged; two days that differ by less than a rounded tenth of a month still moved."""
    if months == 0 and previous != current and precision_of(previous) == precision_of(current) == "day":
        return "later" if dt.date.fromisoformat(current) > dt.date.fromisoformat(previous) else "earlier"
    return direction(months, "later", "earlier")


def pairs_of(truth: pd.DataFrame, keys: list[str], columns: list[str]):
    """Per consecutive pair of periods: the previous and current key, and each project's truth row (a dict of
    ``columns``, with project_id and is_reported) in either (None where it is not in that period)."""
    wanted = ["project_id", "is_reported", *columns]
    by_period = {key: {row["project_id"]: row for row in rows[wanted].to_dict("records")}
                 for key, rows in truth.groupby("report_period", sort=False)}
    for previous, current in zip(keys[:-1], keys[1:]):
        before, after = by_period.get(previous, {}), by_period.get(current, {})
        for project in sorted(set(before) | set(after)):
            yield previous, current, project, before.get(project), after.get(project)


def why_not(before, after, column: str, kind: str) -> str | None:
    """Why a value cannot be compared: the project joined or left, did not report (its values carried from
    before: ``carried_forward``, nothing moved), or the value is not given in one period (with its marker where
    one says why, e.g. ``no_date_current: TBC``)."""
    if before is None:
        return "joined"
    if after is None:
        return "left"
    if not after["is_reported"]:
        return "carried_forward"
    for row, when in ((before, "previous"), (after, "current")):
        if given(row[column]) is None:
            marker = row.get(f"{column}_marker")
            return f"no_{kind}_{when}" + (f": {marker}" if given(marker) is not None else "")
    return None


def given(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else value


def schedule_moves(truth: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per consecutive pair of periods and project in either: ``previous_end``, ``current_end``,
    ``months`` (+ later; NaN where not comparable), ``move`` (later / earlier / unchanged / not_comparable),
    ``why`` (None where comparable); the same for the planned start (``previous_start``, ``current_start``,
    ``start_months``, ``start_move``, ``start_why``)."""
    records = []
    dates = ["planned_end", "planned_end_marker", "planned_start", "planned_start_marker"]
    for previous, current, project, before, after in pairs_of(truth, keys, dates):
        record = {"previous_period": previous, "report_period": current, "project_id": project}
        for column, prefix in (("planned_end", ""), ("planned_start", "start_")):
            old = None if before is None else given(before[column])
            new = None if after is None else given(after[column])
            why = why_not(before, after, column, "date")
            months = months_moved(old, new) if why is None else None
            name = column.split("_")[1]
            record.update({f"previous_{name}": old, f"current_{name}": new,
                           f"{prefix}months": np.nan if months is None else months,
                           f"{prefix}move": date_direction(old, new, months), f"{prefix}why": why})
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[
        "previous_period", "report_period", "project_id", "previous_end", "current_end", "months", "move", "why",
        "previous_start", "current_start", "start_months", "start_move", "start_why"])


def cost_moves(truth: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per consecutive pair of periods and project in either: ``previous_cost``, ``current_cost`` (whole-life
    cost), ``change``, ``move`` (increased / decreased / unchanged / not_comparable) and ``why``."""
    records = []
    for previous, current, project, before, after in pairs_of(truth, keys, ["whole_life_cost",
                                                                            "whole_life_cost_marker"]):
        old = None if before is None else given(before["whole_life_cost"])
        new = None if after is None else given(after["whole_life_cost"])
        why = why_not(before, after, "whole_life_cost", "cost")
        change = round(new - old, 1) if why is None else None
        records.append({"previous_period": previous, "report_period": current, "project_id": project,
                        "previous_cost": old, "current_cost": new, "change": change,
                        "move": direction(change, "increased", "decreased"), "why": why,
                        "in_previous": before is not None, "in_current": after is not None})
    frame = pd.DataFrame.from_records(records, columns=[
        "previous_period", "report_period", "project_id", "previous_cost", "current_cost", "change", "move", "why",
        "in_previous", "in_current"])
    return frame.astype({"previous_cost": float, "current_cost": float, "change": float})


def cost_bridge(costs: pd.DataFrame) -> pd.DataFrame:
    """Per pair of periods, the total whole-life cost from one to the other in named steps (BRIDGE_STEPS) that add
    up: continuing projects up and down, projects joining and leaving (with their cost where given), costs newly
    withheld (a continuing project's cost given before, not now) and newly given (the reverse)."""
    rows = []
    for (previous, current), moves in costs.groupby(["previous_period", "report_period"], sort=False):
        both = moves["in_previous"] & moves["in_current"]
        old, new, change = (moves[c].fillna(0.0) for c in ("previous_cost", "current_cost", "change"))
        steps = {
            "previous_total": old.sum(),
            "continuing_up": change[both & (change > 0)].sum(),
            "continuing_down": change[both & (change < 0)].sum(),
            "joined": new[~moves["in_previous"]].sum(),
            "left": -old[~moves["in_current"]].sum(),
            "newly_withheld": -old[both & moves["previous_cost"].notna() & moves["current_cost"].isna()].sum(),
            "newly_given": new[both & moves["previous_cost"].isna() & moves["current_cost"].notna()].sum(),
            "current_total": new.sum(),
        }
        rows += [{"previous_period": previous, "report_period": current, "step": step, "amount": round(amount, 1)}
                 for step, amount in steps.items()]
    return pd.DataFrame.from_records(rows, columns=["previous_period", "report_period", "step", "amount"])


def in_year_moves(truth: pd.DataFrame) -> pd.DataFrame:
    """Per truth row, the year's forecast against the year's budget: ``variance``, ``move`` over / under (more
    than 5 % above / below the budget; exactly 5 % is within; against a zero budget any forecast above 0 is
    over), within, or not_comparable with ``why`` (``carried_forward``, ``no_budget``, ``no_forecast``). Counted
    in tenths of a million, whole numbers, so that exactly 5 % is exactly 5 %."""
    records = []
    wanted = ["report_period", "project_id", "is_reported", "budget", "forecast"]
    for row in truth.reindex(columns=wanted).to_dict("records"):  # reindex: no details, no forecast column
        budget, forecast = given(row["budget"]), given(row["forecast"])
        why = ("carried_forward" if not row["is_reported"] else "no_budget" if budget is None
               else "no_forecast" if forecast is None else None)
        move, variance = "not_comparable", None
        if why is None:
            b, f = round(budget * 10), round(forecast * 10)
            variance = (f - b) / 10
            over = 100 * (f - b) > 5 * b if b else f > 0
            under = 100 * (f - b) < -5 * b if b else f < 0
            move = "over" if over else "under" if under else "within"
        records.append({"report_period": row["report_period"], "project_id": row["project_id"], "budget": budget,
                        "forecast": forecast, "variance": variance, "move": move, "why": why})
    frame = pd.DataFrame.from_records(records, columns=["report_period", "project_id", "budget", "forecast",
                                                        "variance", "move", "why"])
    return frame.astype({"budget": float, "forecast": float, "variance": float})
