"""Which project of one period is which project of another: by id where both give one, else by exact name.

Used by the build (to carry forward the projects of an organisation that sent nothing, and to find the
projects missing from a submission) and by the period comparison.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..settings.maps import id_match_key


@dataclass(frozen=True)
class ProjectKeys:
    """What rows are matched by, one entry a row in order: the id as matched and the name (None where the row
    has none)."""

    ids: list[str | None]
    names: list[str | None]

    def __len__(self) -> int:
        return len(self.ids)

    def __add__(self, other: ProjectKeys) -> ProjectKeys:
        return ProjectKeys(self.ids + other.ids, self.names + other.names)

    def at(self, positions: list[int]) -> ProjectKeys:
        return ProjectKeys([self.ids[p] for p in positions], [self.names[p] for p in positions])


def match_projects(before: pd.DataFrame, after: pd.DataFrame, id_aliases=()) -> dict[int, tuple[int, str]]:
    """Which row of ``before`` each row of ``after`` continues: ``{after row: (before row, "id" | "name")}``,
    rows given by position (the frames the build and the comparison pass have a default index).

    Two projects are one when both have an id and the ids are equal (case-folded, and after the
    portfolio's id aliases, so ``DfT_0001`` and ``DFT_0001`` match); when either has none, when their
    project names are equal. A key that is not unique on both sides matches nothing."""
    return match_keys(project_keys(before, id_aliases), project_keys(after, id_aliases))


def project_keys(rows: pd.DataFrame, id_aliases=()) -> ProjectKeys:
    return ProjectKeys(id_keys(rows["project_id"], id_aliases), name_keys(rows["project_name"]))


def match_keys(before: ProjectKeys, after: ProjectKeys) -> dict[int, tuple[int, str]]:
    """:func:`match_projects` of rows whose keys are known (a period's keys serve twice in the build: as the new
    period's, then as the previous one's)."""
    by_id = unique_positions(before.ids, range(len(before)))
    pairs: dict[int, tuple[int, str]] = {}
    for key, j in unique_positions(after.ids, range(len(after))).items():
        if key in by_id:
            pairs[j] = (by_id[key], "id")
    taken = {i for i, _ in pairs.values()}
    open_before = [i for i in range(len(before)) if i not in taken]
    open_after = [j for j in range(len(after)) if j not in pairs]
    if not open_before or not open_after:
        return pairs
    by_name = unique_positions(before.names, open_before)
    for key, j in unique_positions(after.names, open_after).items():
        i = by_name.get(key)
        if i is not None and (before.ids[i] is None or after.ids[j] is None):
            pairs[j] = (i, "name")
    return pairs


def id_keys(ids: pd.Series, id_aliases) -> list[str | None]:
    """Each row's id as matched (None where the row has no id)."""
    texts = [None if missing else str(value) for value, missing in zip(ids.tolist(), ids.isna().tolist())]
    # a panel repeats each id in every period: the key of each distinct id is worked out once
    keys = {text: id_match_key(text, id_aliases) for text in set(texts) if text is not None}
    return [None if text is None else keys[text] for text in texts]


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
