"""What moved for each project in both periods: its ratings (worse, better, the same) and its money."""

from __future__ import annotations

import pandas as pd

from .budget import in_period_years
from .compare import CONTINUING, compare

WORSE, BETTER, SAME, NOT_COMPARABLE = "worse", "better", "same", "not_comparable"


def project_changes(data, current: str | None = None, previous: str | None = None) -> pd.DataFrame:
    """One row per project in both periods, in the comparison's order: ids, names, organisation, each rated
    column's previous and current label and its move (``status_move``: ``worse``, ``better``, ``same``, or
    ``not_comparable`` where either label is not on the scale compared on), the money of both periods and
    ``change_mnok`` (NA where either is unknown or they are of different budget years), and ``carried_from``
    (a carried project's ratings did not move: its owner sent nothing)."""
    comparison = compare(data, current, previous)
    pf, labels = comparison.pf, comparison.rows.attrs.get("labels") or list(comparison.pf.labels)
    compared = in_period_years(comparison.rows, pf, comparison.previous, comparison.current)
    rows = compared[compared["change"] == CONTINUING]
    columns = ["project_id", "project_name", "actor"]
    for column in pf.rated:
        rows = rows.assign(**{f"{column}_move": rating_moves(rows[f"{column}_previous"], rows[f"{column}_current"],
                                                             labels)})
        columns += [f"{column}_previous", f"{column}_current", f"{column}_move"]
    rows = rows.assign(change_mnok=rows["budget_current_mnok"] - rows["budget_previous_mnok"])
    columns += ["budget_previous_mnok", "budget_current_mnok", "change_mnok", "carried_from"]
    return rows[columns].reset_index(drop=True)


def rating_moves(before: pd.Series, after: pd.Series, labels: list[str]) -> pd.Series:
    """``worse``, ``better``, ``same`` or ``not_comparable`` per row, by the labels' order (best first)."""
    rank = {label: position for position, label in enumerate(labels)}
    was, now = before.astype(object).map(rank), after.astype(object).map(rank)
    moves = pd.Series(NOT_COMPARABLE, index=before.index, dtype=object)
    known = was.notna() & now.notna()
    moves[known & (now > was)] = WORSE
    moves[known & (now < was)] = BETTER
    moves[known & (now == was)] = SAME
    return moves.astype("string")
