"""The synthetic details of each submission row beyond its ratings and budget: planned start and end dates (with
their precision, moving between periods), next year's budget, the year's forecast, the whole-life cost (rising,
falling, withheld) and the owners' comments (SYNTHETIC data: invented projects only).

They are drawn from a random stream of their own (``seed``, ``DETAILS_STREAM``): the ratings, budgets, names and
files' other cells are the same with or without them. A row that did not report (period.yml) repeats last
period's details, as its ratings and budget; a row carried forward copies them in :func:`carry_details`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

import numpy as np

from .catalogue import (COMMENT_DETAILS, COMMENT_OPENINGS, COST_REASONS, DATE_REASONS, DETAILS_STREAM,
                        P_COMMENT_BLANK, P_COMMENT_NEW, P_COST_BLANK, P_COST_FALL, P_COST_RISE, P_COST_WITHHELD,
                        P_DATE_BLANK, P_DATE_WITHDRAWN, P_END_EARLIER, P_END_FAR, P_END_LATER, P_FORECAST_BLANK,
                        P_LONG_COMMENT, P_NEXT_YEAR_BLANK, P_PRECISION, P_PRECISION_CHANGE, P_START_LATER,
                        PRECISIONS, SEASONS)

FORMS = 5  # spellings drawn per date cell; spellings.date_cell picks one of its precision's by this number
BLANK = -1
EXEMPT_DATE = 0  # DATE_REASONS[0] is a value marker of the synthetic profile (code "exempt")


@dataclass(frozen=True, eq=False)
class Details:
    """Per synthetic project (rows) and period (columns). Dates: ``*_day`` the true date (a proleptic ordinal),
    ``*_precision`` the precision written (0 day .. 3 year; -1 no date: blank or a reason), ``*_reason`` the
    index in DATE_REASONS written instead (-1: none), ``*_form`` which spelling. Money in tenths of a million
    (-1 not given); ``cost_reason`` the index in COST_REASONS written for a withheld cost (-1: none). Comments as
    written (None: blank)."""

    start_day: np.ndarray
    start_precision: np.ndarray
    start_reason: np.ndarray
    start_form: np.ndarray
    end_day: np.ndarray
    end_precision: np.ndarray
    end_reason: np.ndarray
    end_form: np.ndarray
    budget_next_year: np.ndarray
    forecast: np.ndarray
    whole_life_cost: np.ndarray
    cost_reason: np.ndarray
    status_comment: np.ndarray
    risk_comment: np.ndarray
    schedule_comment: np.ndarray
    cost_comment: np.ndarray


COMMENTS = ("status_comment", "risk_comment", "schedule_comment", "cost_comment")


def simulate_details(seed: int, presence: np.ndarray, budget: np.ndarray, keys: list[str], not_reported: np.ndarray,
                     plain: np.ndarray) -> Details:
    """The details of every synthetic project and period, from their own stream. ``presence``: planned presence
    (project, period); ``budget``: the simulated budgets (tenths of a million, -1 blank); ``not_reported``: rows
    whose file repeats last period's values; ``plain``: the row's file is Windows-1252 (its comments use only
    characters that code page has)."""
    rng = np.random.default_rng([seed, DETAILS_STREAM])
    pool, periods = presence.shape
    first = np.where(presence.any(axis=1), presence.argmax(axis=1), 0)
    starts = [dt.date(int(k[:4]), int(k[5:7]), 1).toordinal() for k in keys]
    start_day, end_day = _dates(rng, first, np.array(starts), periods)
    start = _written(rng, start_day, presence)
    end = _written(rng, end_day, presence)
    next_year, forecast = _year_money(rng, budget)
    cost, cost_reason = _whole_life_costs(rng, budget, first)
    comments = [_comments(rng, presence, plain, keys) for _ in COMMENTS]
    details = Details(start_day, *start, end_day, *end, next_year, forecast, cost, cost_reason, *comments)
    for t in range(1, periods):  # a row that did not report repeats last period's details
        details = copy_period(details, not_reported[:, t] & presence[:, t - 1], t)
    details = replace(details, **{name: plain_comments(rng, getattr(details, name), plain, keys) for name in COMMENTS})
    return absent(details, presence)


def copy_period(details: Details, rows: np.ndarray, t: int) -> Details:
    """``rows`` of period ``t`` take period ``t - 1``'s details (arrays are copied, never changed in place)."""
    if not rows.any():
        return details
    changed = {}
    for field in fields(Details):
        array = getattr(details, field.name).copy()
        array[rows, t] = array[rows, t - 1]
        changed[field.name] = array
    return replace(details, **changed)


def absent(details: Details, present: np.ndarray) -> Details:
    """No detail where a project is not in the period."""
    changed = {}
    for field in fields(Details):
        array = getattr(details, field.name).copy()
        array[~present] = None if array.dtype == object else BLANK
        changed[field.name] = array
    return replace(details, **changed)


def carry_details(details: Details, carried: np.ndarray, same_year: list[bool]) -> Details:
    """A row carried forward (``carried``: project, period) copies its row of the period before; next year's
    budget and the forecast (a year's money) only into a period of the same budget year, as the year's budget;
    dates, whole-life cost and comments always."""
    for t in range(1, carried.shape[1]):
        details = copy_period(details, carried[:, t], t)
        if not same_year[t]:
            yearly = {}
            for name in ("budget_next_year", "forecast"):
                yearly[name] = getattr(details, name).copy()
                yearly[name][carried[:, t], t] = BLANK
            details = replace(details, **yearly)
    return details


def _dates(rng, first: np.ndarray, period_start: np.ndarray, periods: int) -> tuple[np.ndarray, np.ndarray]:
    """True planned start and end days: the start up to two years before the project's first period, the end
    half a year to five years after it; then per period the end slips later (a few by years), earlier, or
    stays, and now and then the start moves later."""
    pool = first.size
    start = period_start[first] - rng.integers(0, 720, size=pool)
    end = start + rng.integers(180, 1800, size=pool)
    start_days, end_days = np.zeros((pool, periods), np.int64), np.zeros((pool, periods), np.int64)
    for t in range(periods):
        if t:
            draw, far, months = rng.random((3, pool))
            later = draw < P_END_LATER
            earlier = (draw >= P_END_LATER) & (draw < P_END_LATER + P_END_EARLIER)
            slip = np.where(far < P_END_FAR, 24 + np.floor(months * 48), 1 + rng.geometric(0.3, size=pool) - 1)
            back = 1 + np.floor(months * 6)
            shift = np.rint(np.where(later, slip, np.where(earlier, -back, 0)) * 30.44)
            moved = t > first
            end = np.where(moved, end + shift.astype(np.int64), end)
            start_move = moved & (rng.random(pool) < P_START_LATER)
            start = np.where(start_move, start + rng.integers(20, 180, size=pool), start)
            end = np.maximum(end, start + 120)  # a project ends after it starts
        start_days[:, t], end_days[:, t] = start, end
    return start_days, end_days


def _written(rng, days: np.ndarray, presence: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How each date cell is written: its precision (an owner keeps one, changing now and then), a reason
    instead of a date, or blank; and which spelling."""
    pool, periods = days.shape
    precision = np.zeros((pool, periods), np.int64)
    current = rng.choice(len(PRECISIONS), size=pool, p=P_PRECISION)
    for t in range(periods):
        change = rng.random(pool) < P_PRECISION_CHANGE
        current = np.where(change, rng.choice(len(PRECISIONS), size=pool, p=P_PRECISION), current)
        precision[:, t] = current
    draw = rng.random((pool, periods))
    reason = np.where(draw < P_DATE_WITHDRAWN, rng.integers(len(DATE_REASONS), size=(pool, periods)), BLANK)
    blank = (draw >= P_DATE_WITHDRAWN) & (draw < P_DATE_WITHDRAWN + P_DATE_BLANK)
    precision[(reason >= 0) | blank | ~presence] = BLANK
    form = rng.integers(FORMS, size=(pool, periods))
    return precision, reason, form


def _year_money(rng, budget: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Next year's budget (given by about half) and the year's forecast: most within 5 % of the budget, some
    10-40 % over or under, one exactly 5 % over and one exactly 5 % under; none where the year's budget is not
    given."""
    shape = budget.shape
    draws = rng.random((4, *shape))
    base = np.maximum(budget, 0).astype(float)
    next_year = np.rint(base * (0.6 + 0.8 * draws[0]) / 10) * 10
    next_year = np.where((draws[1] < P_NEXT_YEAR_BLANK) | (budget <= 0), BLANK, np.maximum(next_year, 10))
    factor = np.where(draws[2] < 0.15, 1.1 + 0.3 * draws[3], np.where(draws[2] < 0.25, 0.9 - 0.3 * draws[3],
                                                                       0.96 + 0.08 * draws[3]))
    forecast = np.rint(base * factor)
    forecast = np.where((rng.random(shape) < P_FORECAST_BLANK) | (budget <= 0), BLANK, np.maximum(forecast, 1))
    # the edges: a forecast exactly 5 % over one budget and exactly 5 % under another (within, not over or under)
    edges = np.flatnonzero((budget > 0) & (budget % 20 == 0))
    for sign, cell in zip((1, -1), rng.permutation(edges)[:2]):
        forecast.flat[cell] = budget.flat[cell] + sign * budget.flat[cell] // 20
    return next_year.astype(np.int64), forecast.astype(np.int64)


def _whole_life_costs(rng, budget: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The whole-life cost (tenths of a million): two to eight times the largest yearly budget, rising or
    falling by a few to some tens of per cent between periods, now and then withheld (a reason written) or not
    given (blank), and given again later."""
    pool, periods = budget.shape
    largest = np.maximum(budget.max(axis=1), 50).astype(float)
    latent = np.rint(largest * (2 + 6 * rng.random(pool)) / 10) * 10
    cost = np.zeros((pool, periods), np.int64)
    reason = np.full((pool, periods), BLANK, np.int64)
    for t in range(periods):
        draw, size, hide = rng.random((3, pool))
        if t:
            step = np.maximum(np.rint(latent * (0.02 + 0.3 * size)), 1)
            moved = t > first
            latent = np.where(moved & (draw < P_COST_RISE), latent + step,
                              np.where(moved & (draw >= P_COST_RISE) & (draw < P_COST_RISE + P_COST_FALL),
                                       np.maximum(latent - step, 10), latent))
        withheld = hide < P_COST_WITHHELD
        blank = (hide >= P_COST_WITHHELD) & (hide < P_COST_WITHHELD + P_COST_BLANK)
        cost[:, t] = np.where(withheld | blank, BLANK, latent)
        reason[withheld, t] = rng.integers(len(COST_REASONS), size=int(withheld.sum()))
    return cost, reason


def _comments(rng, presence: np.ndarray, plain: np.ndarray, keys: list[str]) -> np.ndarray:
    """One comment column: per project and period a new comment, last period's, or none. A comment has one to
    three lines, sometimes a detail after an empty line, some are long; in a Windows-1252 file only sentences
    that code page can hold."""
    pool, periods = presence.shape
    out = np.full((pool, periods), None, dtype=object)
    draws = rng.random((2, pool, periods))
    picks = rng.integers(0, 1 << 30, size=(4, pool, periods))
    for t in range(periods):
        for p in np.flatnonzero(presence[:, t]):
            previous = out[p, t - 1] if t else None
            draw = draws[0, p, t]
            if draw < P_COMMENT_BLANK:
                continue
            if previous is not None and draw >= P_COMMENT_BLANK + P_COMMENT_NEW and (
                    not plain[p, t] or fits_cp1252(previous)):
                out[p, t] = previous
                continue
            out[p, t] = compose(picks[:, p, t], draws[1, p, t], plain[p, t], keys[t])
    return out


def plain_comments(rng, comments: np.ndarray, plain: np.ndarray, keys: list[str]) -> np.ndarray:
    """A comment repeated into a Windows-1252 file that the code page cannot hold is written anew (the owner
    retyped it)."""
    out = comments.copy()
    for p, t in zip(*np.nonzero(plain)):
        if out[p, t] is not None and not fits_cp1252(out[p, t]):
            out[p, t] = compose(rng.integers(0, 1 << 30, size=4), 1.0, True, keys[t])
    return out


def compose(picks: np.ndarray, long: float, plain: bool, key: str) -> str:
    """One invented comment from the catalogue's sentences."""
    openings = [o for o in COMMENT_OPENINGS if not plain or fits_cp1252(o)]
    opening = openings[picks[0] % len(openings)].format(
        months=2 + picks[1] % 11, season=SEASONS[picks[1] % len(SEASONS)], year=int(key[:4]) + 1 + picks[2] % 2)
    detail = COMMENT_DETAILS[picks[3] % len(COMMENT_DETAILS)]
    text = opening if not detail else opening + ("\n" if picks[3] % 2 else " ") + detail
    if long < P_LONG_COMMENT:
        text = "\n".join([text] + [f"{i}. {opening}" for i in range(1, 40)])
    return text


def fits_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def iso_date(day: int, precision: int) -> str | None:
    """A true date written at a precision as the panel holds it: ``2021-12-31``, ``2021-12``, ``2021-Q4``,
    ``2021``; None for no date."""
    if precision < 0:
        return None
    date = dt.date.fromordinal(int(day))
    return (f"{date:%Y-%m-%d}", f"{date:%Y-%m}", f"{date.year}-Q{(date.month - 1) // 3 + 1}",
            f"{date.year}")[precision]


def detail_columns(details: Details, rows: np.ndarray, cols: np.ndarray, keys: list[str]) -> tuple[dict, dict]:
    """For the truth rows at (``rows``, ``cols``): the clean values the build must produce (the truth's columns)
    and what each cell is written from (day, precision, form and reason of each date; money in tenths; the
    withheld cost's reason)."""
    def dates(prefix: str) -> tuple[list, list]:
        day, precision, reason = (getattr(details, f"{prefix}_{part}")[rows, cols] for part in ("day", "precision",
                                                                                                 "reason"))
        values = [iso_date(d, p) for d, p in zip(day, precision)]
        markers = [None if r < 0 else "exempt" if r == EXEMPT_DATE else reason_text(r, keys[c])
                   for r, c in zip(reason, cols)]
        return values, markers

    def money(tenths: np.ndarray) -> np.ndarray:
        return np.where(tenths >= 0, tenths / 10, np.nan)

    start, start_marker = dates("start")
    end, end_marker = dates("end")
    cost_reason = details.cost_reason[rows, cols]
    truth = {
        "planned_start": start, "planned_start_marker": start_marker,
        "planned_end": end, "planned_end_marker": end_marker,
        "budget_next_year": money(details.budget_next_year[rows, cols]),
        "forecast": money(details.forecast[rows, cols]),
        "whole_life_cost": money(details.whole_life_cost[rows, cols]),
        "whole_life_cost_marker": [COST_REASONS[r][1] if r >= 0 else None for r in cost_reason],
        **{name: getattr(details, name)[rows, cols] for name in COMMENTS},
    }
    written = {f"{prefix}_{part}": getattr(details, f"{prefix}_{part}")[rows, cols]
               for prefix in ("start", "end") for part in ("day", "precision", "reason", "form")}
    written["cost_reason"] = cost_reason
    return truth, written


def reason_text(reason: int, key: str) -> str:
    """The text written in a date cell instead of a date."""
    return DATE_REASONS[reason].format(year=key[:4])
