"""Which project of one period is which project of another: by id where both give one, else by exact name.

Used by the build (to carry forward the projects of an organisation that sent nothing, and to find the
projects missing from a submission) and by the period comparison.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from .maps import id_match_key


def match_projects(before: pd.DataFrame, after: pd.DataFrame, id_aliases=()) -> dict[int, tuple[int, str]]:
    """Which row of ``before`` each row of ``after`` continues: ``{after row: (before row, "id" | "name")}``,
    rows given by position (the frames the build and the comparison pass have a default index).

    Two projects are one when both have an id and the ids are equal (case-folded, and after the
    portfolio's id aliases, so ``DfT_0001`` and ``DFT_0001`` match); when either has none, when their
    project names are equal. A key that is not unique on both sides matches nothing."""
    ids_before, ids_after = id_keys(before["project_id"], id_aliases), id_keys(after["project_id"], id_aliases)
    by_id = unique_positions(ids_before, range(len(before)))
    pairs: dict[int, tuple[int, str]] = {}
    for key, j in unique_positions(ids_after, range(len(after))).items():
        if key in by_id:
            pairs[j] = (by_id[key], "id")
    taken = {i for i, _ in pairs.values()}
    open_before = [i for i in range(len(before)) if i not in taken]
    open_after = [j for j in range(len(after)) if j not in pairs]
    if not open_before or not open_after:
        return pairs
    by_name = unique_positions(name_keys(before["project_name"]), open_before)
    for key, j in unique_positions(name_keys(after["project_name"]), open_after).items():
        i = by_name.get(key)
        if i is not None and (ids_before[i] is None or ids_after[j] is None):
            pairs[j] = (i, "name")
    return pairs


def id_keys(ids: pd.Series, id_aliases) -> list[str | None]:
    """Each row's id as matched (None where the row has no id)."""
    return [None if missing else id_match_key(str(value), id_aliases)
            for value, missing in zip(ids.tolist(), ids.isna().tolist())]


def name_keys(names: pd.Series) -> list[str | None]:
    """Each row's name as matched: exactly as given (None where the row has no name)."""
    return [None if missing else str(value) for value, missing in zip(names.tolist(), names.isna().tolist())]


def unique_positions(keys: list[str | None], positions) -> dict[str, int]:
    """Key -> position, for the keys that occur once among ``keys`` at ``positions`` (None is no key)."""
    found = {keys[p]: p for p in positions}  # a repeated key keeps its last position
    if len(found) < len(positions):
        counts = Counter(keys[p] for p in positions)
        found = {key: p for key, p in found.items() if counts[key] == 1}
    found.pop(None, None)
    return found
