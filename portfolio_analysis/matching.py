"""Which project of one period is which project of another: by id where both give one, else by exact name.

Used by the build (to carry forward the projects of an organisation that sent nothing, and to find the
projects missing from a submission) and by the period comparison.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .maps import id_match_key


def match_projects(before: pd.DataFrame, after: pd.DataFrame, id_aliases=()) -> dict[int, tuple[int, str]]:
    """Which row of ``before`` each row of ``after`` continues: ``{after row: (before row, "id" | "name")}``.

    Two projects are one when both have an id and the ids are equal (case-folded, and after the
    portfolio's id aliases, so ``DfT_0001`` and ``DFT_0001`` match); when either has none, when their
    project names are equal. A key that is not unique on both sides matches nothing."""
    pairs: dict[int, tuple[int, str]] = {}
    id_before = unique_keys(before["project_id"], lambda v: id_match_key(str(v), id_aliases))
    id_after = unique_keys(after["project_id"], lambda v: id_match_key(str(v), id_aliases))
    for key, j in id_after.items():
        if key in id_before:
            pairs[j] = (id_before[key], "id")
    has_id_before, has_id_after = before["project_id"].notna().to_numpy(), after["project_id"].notna().to_numpy()
    taken = {i for i, _ in pairs.values()}
    open_before = before[np.array([i not in taken for i in range(len(before))], dtype=bool)]
    open_after = after[np.array([j not in pairs for j in range(len(after))], dtype=bool)]
    name_before = unique_keys(open_before["project_name"], str)
    for key, j in unique_keys(open_after["project_name"], str).items():
        i = name_before.get(key)
        if i is not None and not (has_id_before[i] and has_id_after[j]):
            pairs[j] = (i, "name")
    return pairs


def unique_keys(values: pd.Series, key) -> dict[str, int]:
    """Key -> row (the index label, which is the row's position in the period's frame), for the keys that
    occur once (missing values have no key)."""
    keys = [key(v) if not pd.isna(v) else None for v in values]
    counts = pd.Series([k for k in keys if k is not None], dtype=object).value_counts()
    return {k: index for index, k in zip(values.index, keys) if k is not None and counts[k] == 1}
