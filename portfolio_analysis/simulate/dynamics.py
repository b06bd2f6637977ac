"""The synthetic dynamics: which invented projects are planned in which period, their values, and which
synthetic organisations skip a period.

Everything here is SYNTHETIC (syntetiske data). The *planned* presence is what the organisations would report
if every one of them sent its file every period; :mod:`.rule` turns it into the truth the build must produce.
"""

from __future__ import annotations

import re

import numpy as np

from .catalogue import (FOCUS_AREAS, FORMATS, LAYOUTS, NAME_FIRST, NAME_SECOND, NAME_SUFFIX, ORGANISATIONS,
                        OWNER_FIRST, OWNER_LAST, P_BLANK_BUDGET, P_BLANK_RATING, P_LEAVE, P_NOT_REPORTED, P_RETURN,
                        P_SKIP, P_STEP, P_UNLISTED_LEAVER, P_ZERO_BUDGET, SUBMISSIONS, TEXT_FORMATS)


def period_keys(start: str, periods: int) -> list[str]:
    """The synthetic portfolio's period keys: ``YYYY-MM`` every three months from ``start``."""
    year, month = (int(part) for part in start.split("-"))
    months = [year * 12 + month - 1 + 3 * i for i in range(periods)]
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]


def check_arguments(portfolio, periods, projects, start, formats, all_budgets_missing_period, submissions,
                    layout="rows") -> None:
    """Refuses settings the synthetic portfolio cannot honour, before anything is written."""
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", portfolio):
        raise ValueError(f"not a portfolio name: {portfolio!r}")
    if periods < 1 or projects < 1:
        raise ValueError("periods and projects must be at least 1")
    if not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", start):
        raise ValueError(f"start must be YYYY-MM, not {start!r}")
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        raise ValueError(f"unknown formats {unknown}; expected some of {FORMATS}")
    if all_budgets_missing_period is not None and not 0 <= all_budgets_missing_period < periods:
        raise ValueError(f"all_budgets_missing_period must be a period index 0..{periods - 1}")
    if submissions not in SUBMISSIONS:
        raise ValueError(f"unknown submissions {submissions!r}; expected one of {SUBMISSIONS}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    if layout == "transposed" and set(formats) - set(TEXT_FORMATS):
        raise ValueError(f"a transposed portfolio is read from text files only: formats {formats} include a "
                         f"workbook; expected some of {TEXT_FORMATS}")


def simulate_presence(rng, periods: int, projects: int, returning_project: bool) -> np.ndarray:
    """Which synthetic projects (rows; the first ``projects`` start the portfolio) are in which period (columns).

    Projects leave, some come back later, and joiners keep the portfolio near ``projects``."""
    active = np.ones(projects, dtype=bool)
    left = np.zeros(projects, dtype=bool)
    columns = [active.copy()]
    for _ in range(1, periods):
        leave = active & (rng.random(active.size) < P_LEAVE)
        come_back = ~active & left & (rng.random(active.size) < P_RETURN)
        left |= leave
        active = (active & ~leave) | come_back
        joining = int(rng.poisson(max(projects - int(active.sum()), 0) * 0.9 + 0.02 * projects))
        joining = max(joining, int(not active.any()))  # a period always has a project list with projects
        active = np.concatenate([active, np.ones(joining, dtype=bool)])
        left = np.concatenate([left, np.zeros(joining, dtype=bool)])
        columns.append(active.copy())
    presence = np.zeros((active.size, periods), dtype=bool)
    for t, column in enumerate(columns):
        presence[: column.size, t] = column
    if returning_project and periods >= 3 and not has_return(presence).any():
        presence[0, 1], presence[0, 2] = False, True  # project 0 (in the first period) pauses, then returns
        if not presence[:, 1].any():  # a stand-in joins for one period, so that no period is empty
            presence = np.vstack([presence, np.eye(1, periods, 1, dtype=bool)])
    return presence


def has_return(presence: np.ndarray) -> np.ndarray:
    """Per synthetic project: it was in, then out, then in again."""
    seen = np.cumsum(presence, axis=1) > 0
    gap_before = np.zeros_like(presence)
    gap_before[:, 1:] = seen[:, :-1] & ~presence[:, :-1]
    gap_seen = np.cumsum(gap_before, axis=1) > 0
    return (presence & gap_seen).any(axis=1)


def project_attributes(rng, pool: int, periods: int) -> dict[str, np.ndarray]:
    """What stays the same per synthetic project: id, name (one may be renamed), organisation, focus area,
    owner (invented people)."""
    ids = np.sort(rng.choice(np.arange(10, 10 + 4 * pool), size=pool, replace=False))
    first, second = rng.integers(len(NAME_FIRST), size=pool), rng.integers(len(NAME_SECOND), size=pool)
    suffix = rng.integers(len(NAME_SUFFIX), size=pool)
    names = np.array(once_each([f"{NAME_FIRST[a]} {NAME_SECOND[b]}{NAME_SUFFIX[c]}"
                                for a, b, c in zip(first, second, suffix)]), dtype=object)
    weights = np.array([w for *_, w in ORGANISATIONS], dtype=float)
    actor = rng.choice(len(ORGANISATIONS), size=pool, p=weights / weights.sum())
    focus = rng.integers(len(FOCUS_AREAS), size=pool)
    owners = np.array([f"{OWNER_FIRST[a]} {OWNER_LAST[b]}" for a, b in
                       zip(rng.integers(len(OWNER_FIRST), size=pool), rng.integers(len(OWNER_LAST), size=pool))],
                      dtype=object)
    names_by_period = np.repeat(names[:, None], periods, axis=1)
    renamed, from_period = int(rng.integers(pool)), int(rng.integers(1, periods)) if periods > 1 else 0
    if periods > 1:
        names_by_period[renamed, from_period:] = names[renamed] + " videreføring"
    return {"project_id": ids, "name": names_by_period, "actor": actor, "focus": focus, "owner": owners}


def once_each(names: list[str]) -> list[str]:
    """Each project its own name, as in a real portfolio (one name under two ids is warned of as one project
    counted twice): a name drawn again gets ' del 2', ' del 3', … (no draw of the generator is added)."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} del {seen[name]}")
    return unique


def simulate_values(rng, presence: np.ndarray, missing_status_project: bool,
                     all_budgets_missing_period: int | None) -> dict[str, np.ndarray]:
    """Synthetic status and risk levels (0-2, -1 blank), budgets in tenths of a million (-1 blank) and who did
    not report.

    A latent status, risk and budget move every period for every project; a period shows them with a few
    blanks and zeros, except for projects that did not report, whose values are carried from last period."""
    pool, periods = presence.shape
    status, risk = np.full((pool, periods), -1, np.int8), np.full((pool, periods), -1, np.int8)
    budget = np.full((pool, periods), -1, np.int64)
    not_reported = np.zeros((pool, periods), dtype=bool)
    latent_status = rng.choice(3, size=pool, p=(0.35, 0.55, 0.10))
    latent_risk = rng.choice(3, size=pool, p=(0.30, 0.60, 0.10))
    latent_budget = np.exp(rng.normal(3.0, 1.1, size=pool)) * 10  # tenths of a million
    latent_budget[rng.random(pool) < 0.03] *= 40  # a few programmes above a billion (thousands separators)
    latent_budget[min(1, pool - 1)] = max(latent_budget[min(1, pool - 1)], 12_345.0)
    whole = rng.random(pool) < 0.6  # most budgets are whole millions
    with_projects = np.flatnonzero(presence.any(axis=0))  # period 0 at least
    forced_blank_period = int(with_projects[rng.integers(with_projects.size)])
    for t in range(periods):
        if t:
            latent_status = np.clip(latent_status + rng.choice((-1, 0, 1), size=pool, p=P_STEP), 0, 2)
            latent_risk = np.clip(latent_risk + rng.choice((-1, 0, 1), size=pool, p=P_STEP), 0, 2)
            latent_budget = latent_budget * np.exp(rng.normal(0.0, 0.12, size=pool))
        tenths = np.maximum(np.rint(latent_budget), 1).astype(np.int64)
        tenths = np.where(whole, np.maximum(np.rint(tenths / 10), 1).astype(np.int64) * 10, tenths)
        draws = rng.random((5, pool))
        status[:, t] = np.where(draws[0] < P_BLANK_RATING, -1, latent_status)
        risk[:, t] = np.where(draws[1] < P_BLANK_RATING, -1, latent_risk)
        budget[:, t] = np.where(draws[2] < P_ZERO_BUDGET, 0, np.where(draws[3] < P_BLANK_BUDGET, -1, tenths))
        if t:
            carried = presence[:, t] & presence[:, t - 1] & (draws[4] < P_NOT_REPORTED)
            not_reported[:, t] = carried
            status[carried, t], risk[carried, t] = status[carried, t - 1], risk[carried, t - 1]
            budget[carried, t] = budget[carried, t - 1]
        if all_budgets_missing_period == t:
            budget[:, t] = -1
        here = presence[:, t]
        if missing_status_project and t == forced_blank_period and not (status[here, t] == -1).any():
            candidates = np.flatnonzero(here & ~not_reported[:, t])
            candidates = candidates if candidates.size else np.flatnonzero(here)
            status[rng.choice(candidates), t] = -1
    status[~presence], risk[~presence], budget[~presence] = -1, -1, -1
    return {"status": status, "risk": risk, "budget": budget, "not_reported": not_reported}


def planned_by_organisation(planned: np.ndarray, actor: np.ndarray) -> np.ndarray:
    """Per synthetic organisation (rows) and period (columns): it has at least one planned project."""
    has = np.zeros((len(ORGANISATIONS), planned.shape[1]), dtype=bool)
    for t in range(planned.shape[1]):
        has[np.unique(actor[planned[:, t]]), t] = True
    return has


def draw_skips(rng, planned: np.ndarray, actor: np.ndarray) -> np.ndarray:
    """Which synthetic organisations (rows) send nothing in which period (columns).

    From the second period on, an organisation with projects the period before skips with probability
    ``P_SKIP``; with two periods or more at least one skips. Every period keeps at least one organisation
    that sends (a period is never without a project list)."""
    periods = planned.shape[1]
    has = planned_by_organisation(planned, actor)
    draws = rng.random(has.shape)
    skip = np.zeros_like(has)
    for t in range(1, periods):
        eligible = has[:, t - 1] | skip[:, t - 1]  # a skipper's projects were carried into t - 1
        skip[:, t] = eligible & (draws[:, t] < P_SKIP)
        if not (has[:, t] & ~skip[:, t]).any():  # nobody would send: the largest planned sender does
            skip[int(np.argmax(np.bincount(actor[planned[:, t]], minlength=has.shape[0]))), t] = False
    if periods >= 2 and not skip.any():
        senders = has[:, 1:].sum(axis=0)
        candidates = [(o, t) for o, t in zip(*np.nonzero(has[:, :-1])) if senders[t] - has[o, t + 1] >= 1]
        if candidates:
            o, t = candidates[int(rng.integers(len(candidates)))]
            skip[o, t + 1] = True
    return skip


def draw_listed(rng, planned: np.ndarray, actor: np.ndarray, skip: np.ndarray, change_tables: bool,
                per_organisation: bool) -> np.ndarray:
    """Per synthetic project (rows) and period (columns): the period's leavers table would name it if it left.

    Without change tables nothing is listed. Combined: every leaver is listed. Per organisation: a skipping
    organisation's projects never, and a share ``P_UNLISTED_LEAVER`` of the others is left out."""
    if not change_tables:
        return np.zeros_like(planned)
    if not per_organisation:
        return np.ones_like(planned)
    return ~skip[actor] & ~(rng.random(planned.shape) < P_UNLISTED_LEAVER)
