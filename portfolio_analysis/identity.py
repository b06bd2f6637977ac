"""Whether a project id names one project: the names under each id compared across periods, and the ids under
each name within a period. These checks only warn and note; which rows are matched stays by id (matching.py).

A name is compared as the set of its words: its runs of letters and its runs of digits, case-folded after NFC
normalisation (``HS2 Phase1`` and ``hs2 phase 1`` are the same words; punctuation and word order do not count).
The similarity of two names is the share of their words they have in common: shared words / distinct words of
both (Jaccard; ``Armed Forces Recruitment Project`` and ``… Programme`` share 3 of 5, 0.60).

- An id whose name changes from its last period to this one, to other words:
  - similarity at least RENAME_SIMILARITY: a rename, a note in the quality log;
  - below it, the names are clearly different: a warning (is the id reused for another project?) where the
    organisations type their ids (``intake: submissions``); a note in a published list, whose ids are the
    publisher's own register (the UK GMPP renames projects outright under them).
- Two projects whose names trade ids from one period to the next (x: A -> B and y: B -> A): one warning naming
  both, instead of two renames.
- One name (the same words) under two ids in one period: a warning naming both ids and their rows (one project
  counted twice?), once for the first period it occurs in.

The work is per distinct name and per changed (id, name) pair, never per pair of rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .distinct import by_unique
from .matching import id_keys
from .problems import Problem

RENAME_SIMILARITY = 1 / 3  # below: the names share less than a third of their words, clearly different
WORD = re.compile(r"[^\W\d_]+|\d+")
PUBLISHED_LIST = "published_list"


def name_words(name: str) -> frozenset[str]:
    """The words a name is compared by: runs of letters and runs of digits, case-folded, NFC."""
    return frozenset(WORD.findall(unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())))


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """Shared words / distinct words of both names (1.0 for two names without words)."""
    both = first | second
    return len(first & second) / len(both) if both else 1.0


def name_key(name: str) -> str:
    """One text per set of words, for grouping rows by name ("" for a name without words)."""
    return " ".join(sorted(name_words(name)))


def check_names_under_two_ids(frame: pd.DataFrame, ids: list[str | None]) -> list[Problem]:
    """A warning per name (by its words) given under two or more ids in one period, at the first period it
    occurs in. ``frame``: rows with report_period, source_file, source_row, project_id (as written) and
    project_name; ``ids``: each row's id as matched (None where the row has none or it is not valid)."""
    if not len(frame):
        return []
    rows = pd.DataFrame({"period": frame["report_period"].to_numpy(dtype=object),
                         "key": by_unique(frame["project_name"], name_key).to_numpy(dtype=object),
                         "id": np.array(ids, dtype=object), "shown": frame["project_id"].to_numpy(dtype=object),
                         "file": frame["source_file"].to_numpy(dtype=object),
                         "row": frame["source_row"].to_numpy(), "name": frame["project_name"].to_numpy(dtype=object)})
    rows = rows[rows["id"].notna() & rows["key"].ne("")]
    distinct = rows.drop_duplicates(["period", "key", "id"])
    shared = distinct[distinct.duplicated(["period", "key"], keep=False)]
    if shared.empty:
        return []
    seen: dict[tuple[str, tuple[str, ...]], list] = {}  # (name key, ids) -> [first period's rows, periods]
    for (period, _key), group in shared.sort_values("period", kind="stable").groupby(["period", "key"], sort=False):
        found = seen.setdefault((_key, tuple(sorted(group["id"]))), [group, []])
        found[1].append(period)
    problems = []
    for group, periods in seen.values():
        first = group.iloc[0]
        where = ", ".join(f"{shown} ({place(file, row, first['file'])})"
                          for shown, file, row in zip(group["shown"], group["file"], group["row"]))
        later = f"; also in {len(periods) - 1} later period(s)" if len(periods) > 1 else ""
        problems.append(Problem(
            first["file"], f"one name under {len(group)} project ids in {periods[0]}: {where}; one project counted "
            f"twice?{later}", row=int(first["row"]), column="project_name", value=str(first["name"]),
            expected="each project once per period, under one id", severity="warning", period=periods[0]))
    return sorted(problems, key=lambda p: (p.period, p.file, p.row))


@dataclass(frozen=True)
class Change:
    """An id whose name changed from its last period (``before``) to ``period``."""

    id: str  # as matched
    shown: str  # as written
    before: str
    period: str
    old: str
    new: str
    old_file: str
    old_row: int
    file: str  # of the new name
    row: int

    @property
    def old_place(self) -> str:
        return place(self.old_file, self.old_row, self.file)


def check_names_across_periods(panel: pd.DataFrame, intake: str, id_aliases=()) -> list[Problem]:
    """The warnings and notes of the module docstring on the rows as submitted (``panel``: report_period,
    project_id, project_name, source_file, source_row), each id's name compared with its name in the last
    earlier period that has the id."""
    changes = name_changes(panel, id_aliases)
    if not changes:
        return []
    words = {name: name_words(name) for change in changes for name in (change.old, change.new)}
    changes = [c for c in changes if words[c.old] != words[c.new]]
    swapped, problems = set(), []
    by_names = {(c.before, c.period, words[c.old], words[c.new]): c for c in changes}
    for change in changes:
        other = by_names.get((change.before, change.period, words[change.new], words[change.old]))
        if other is None or other.id == change.id or change in swapped:
            continue
        swapped |= {change, other}
        problems.append(traded_ids(change, other))
    for change in changes:
        if change not in swapped:
            problems.append(renamed(change, words[change.old], words[change.new], intake))
    return sorted(problems, key=lambda p: (p.period, p.file, p.row))


def name_changes(panel: pd.DataFrame, id_aliases) -> list[Change]:
    """Each row whose name differs from its id's name in the id's last earlier period."""
    rows = pd.DataFrame({"id": id_keys(panel["project_id"], id_aliases), "period": panel["report_period"].to_numpy(
        dtype=object), "name": panel["project_name"].astype(object).to_numpy(), "shown": panel["project_id"].astype(
        object).to_numpy(), "file": panel["source_file"].to_numpy(dtype=object), "row": panel["source_row"].to_numpy()})
    rows = rows[rows["id"].notna() & rows["name"].notna()].sort_values(["id", "period"], kind="stable")
    ids, periods, names = (rows[c].to_numpy(dtype=object) for c in ("id", "period", "name"))
    changed = np.zeros(len(rows), dtype=bool)
    changed[1:] = (ids[1:] == ids[:-1]) & (periods[1:] != periods[:-1]) & (names[1:] != names[:-1])
    if not changed.any():
        return []
    at = np.flatnonzero(changed)
    files, places, shown = rows["file"].to_numpy(dtype=object), rows["row"].to_numpy(), rows["shown"].to_numpy(dtype=object)
    return [Change(ids[i], str(shown[i]), periods[i - 1], periods[i], names[i - 1], names[i],
                   files[i - 1], int(places[i - 1]), files[i], int(places[i])) for i in at.tolist()]


def renamed(change: Change, old: frozenset[str], new: frozenset[str], intake: str) -> Problem:
    score = similarity(old, new)
    shares = f"the names share {len(old & new)} of {len(old | new)} words (similarity {score:.2f}"
    if score >= RENAME_SIMILARITY:
        return Problem(change.file, f"project_renamed: project id {change.shown} was {change.old!r} in "
                       f"{change.before} ({change.old_place}); {shares}); matched by id", row=change.row,
                       column="project_name", value=change.new, severity="note", period=change.period)
    if intake == PUBLISHED_LIST:
        return Problem(change.file, f"project_renamed: project id {change.shown} was {change.old!r} in "
                       f"{change.before} ({change.old_place}); {shares}, below {RENAME_SIMILARITY:.2f}); matched by "
                       "the publisher's id", row=change.row, column="project_name", value=change.new,
                       severity="note", period=change.period)
    return Problem(change.file, f"project id {change.shown} is named {change.new!r} in {change.period} but was "
                   f"{change.old!r} in {change.before} ({change.old_place}); {shares}, below "
                   f"{RENAME_SIMILARITY:.2f}): is the id reused for another project? Matched by id, as one project's "
                   "history", row=change.row, column="project_name", value=change.new,
                   expected="one project under an id in every period (a new project under a new id)",
                   severity="warning", period=change.period)


def traded_ids(change: Change, other: Change) -> Problem:
    """``change``: id x from name A to B; ``other``: id y from B to A."""
    first, second = sorted((change, other), key=lambda c: (c.file, c.row))
    there = place(second.file, second.row, first.file)
    return Problem(first.file, f"two projects trade ids from {first.before} to {first.period}: {second.new!r} is "
                   f"{first.shown} in {first.before} and {second.shown} in {first.period} ({there}), {first.new!r} is "
                   f"{second.shown} in {first.before} and {first.shown} in {first.period}; matched by id, so each "
                   "id's history continues the other project",
                   row=first.row, column="project_id", value=first.shown,
                   expected="each project under the same id in every period", severity="warning", period=first.period)


def place(file: str, row, here: str) -> str:
    """A row as a message names it: ``row 3`` in the problem's own file, else ``file:3``."""
    return f"row {row}" if file == here else f"{file}:{row}"
