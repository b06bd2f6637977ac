"""Whether a project id names one project: the names under each id compared across periods, and the ids under
each name within a period. These checks only warn and note; which rows are matched stays by id (matching.py).

A name is compared as the set of its words: its runs of letters and its runs of digits, case-folded after NFC
normalisation (``HS2 Phase1`` and ``hs2 phase 1`` are the same words; punctuation and word order do not count).
The similarity of two names is the share of their words they have in common: shared words / distinct words of
both (Jaccard; ``Armed Forces Recruitment Project`` and ``… Programme`` share 3 of 5, 0.60).

- An id whose name changes from its last period to this one, to other words:
  - similarity at least RENAME_SIMILARITY (1/3), or the names spelt alike (difflib's ratio of the case-folded
    names at least SPELT_ALIKE, 0.8: ``Martlett`` and ``Martlet``): a rename, a note in the quality log;
  - else the names are clearly different: a warning (is the id reused for another project?) where the
    organisations type their ids (``intake: submissions``); a note in a published list, whose ids are the
    publisher's own register, and a publisher may rename projects outright under them.
- Two projects whose names trade ids from one period to the next (x: A -> B and y: B -> A): one warning naming
  both, instead of two renames.
- One name (the same words) under two ids in one period: a warning naming both ids and their rows (one project
  counted twice?), once for the first period it occurs in.

The work is per distinct name and per changed (id, name) pair, never per pair of rows.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..settings.maps import id_match_key
from ..settings.problems import Problem

RENAME_SIMILARITY = 1 / 3  # below: the names share less than a third of their words
SPELT_ALIKE = 0.8  # difflib's ratio from which two names are one name misspelt (Martlett, Martlet)
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


def check_names_under_two_ids(frame: pd.DataFrame, ids: pd.Series, id_aliases=(), record: str = "row"
                              ) -> list[Problem]:
    """A warning per name (by its words) given under two or more ids in one period, at the first period it
    occurs in. ``frame``: rows with report_period, source_file, source_row, project_id (as written) and
    project_name; ``ids``: each row's id (NA where the row has none or it is not valid); ``record``: what a
    source_row is ("column" in a transposed file)."""
    if not len(frame):
        return []
    periods, _ = pd.factorize(frame["report_period"], sort=True)
    names = name_codes(frame["project_name"])
    matched = id_codes(ids, id_aliases)
    known = np.flatnonzero((names >= 0) & (matched >= 0))
    group = periods[known].astype(np.int64) * (names.max() + 1) + names[known]
    pairs = np.unique(group * (matched.max() + 1) + matched[known])  # one entry per (period, name, id)
    groups, counts = np.unique(pairs // (matched.max() + 1), return_counts=True)
    shared = groups[counts > 1]
    if not len(shared):
        return []
    at = known[np.isin(group, shared)]
    rows = frame.iloc[at][["report_period", "source_file", "source_row", "project_id", "project_name"]].assign(
        _id=matched[at], _name=names[at])
    seen: dict[tuple[int, tuple[int, ...]], list] = {}  # (name, ids) -> [first period's rows, periods]
    for (period, name), found in rows.groupby(["report_period", "_name"], sort=True):
        firsts = found.drop_duplicates("_id")
        entry = seen.setdefault((name, tuple(sorted(firsts["_id"]))), [firsts, []])
        entry[1].append(period)
    problems = []
    for found, periods_of in seen.values():
        first = found.iloc[0]
        where = ", ".join(f"{shown} ({place(file, row, first['source_file'], record)})" for shown, file, row in
                          zip(found["project_id"], found["source_file"], found["source_row"]))
        later = f"; also in {len(periods_of) - 1} later period(s)" if len(periods_of) > 1 else ""
        problems.append(Problem(
            first["source_file"], f"one name under {len(found)} project ids in {periods_of[0]}: {where}; one "
            f"project counted twice?{later}", row=int(first["source_row"]), column="project_name",
            value=str(first["project_name"]), expected="each project once per period, under one id",
            severity="warning", period=periods_of[0], record=record))
    return sorted(problems, key=lambda p: (p.period, p.file, p.row))


def name_codes(names: pd.Series) -> np.ndarray:
    """One number per set of words (-1 for a missing name or one without words), worked out per distinct name."""
    codes, uniques = pd.factorize(names)
    keys = [name_key(str(name)) for name in uniques.tolist()]
    key_codes, _ = pd.factorize(pd.Series(keys + [""], dtype=object))
    key_codes = np.where(np.array(keys + [""], dtype=object) == "", -1, key_codes)
    return key_codes[np.where(codes < 0, len(keys), codes)]


def id_codes(ids: pd.Series, id_aliases) -> np.ndarray:
    """One number per id as matched (matching.py: case-folded, through the id aliases); -1 where there is none."""
    codes, uniques = pd.factorize(ids)
    if pd.api.types.is_integer_dtype(ids.dtype):  # whole numbers: each distinct number is its own key
        return codes
    keys = [id_match_key(str(value), id_aliases) for value in uniques.tolist()]
    key_codes, _ = pd.factorize(pd.Series(keys + [""], dtype=object))
    key_codes[-1] = -1
    return key_codes[np.where(codes < 0, len(keys), codes)]


@dataclass(frozen=True)
class Change:
    """An id whose name changed from its last period (``before``) to ``period``."""

    id: int  # the id as matched, as a number
    shown: str  # as written
    before: str
    period: str
    old: str
    new: str
    old_file: str
    old_row: int
    file: str  # of the new name
    row: int
    record: str  # "row", or "column" in a transposed file

    @property
    def old_place(self) -> str:
        return place(self.old_file, self.old_row, self.file, self.record)


def check_names_across_periods(panel: pd.DataFrame, intake: str, id_aliases=(), record: str = "row"
                               ) -> list[Problem]:
    """The warnings and notes of the module docstring on the rows as submitted (``panel``: report_period,
    project_id, project_name, source_file, source_row), each id's name compared with its name in the last
    earlier period that has the id."""
    changes = name_changes(panel, id_aliases, record)
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


def name_changes(panel: pd.DataFrame, id_aliases, record: str = "row") -> list[Change]:
    """Each row whose name differs from its id's name in the id's last earlier period."""
    ids = id_codes(panel["project_id"], id_aliases)
    names, _ = pd.factorize(panel["project_name"])
    periods, _ = pd.factorize(panel["report_period"], sort=True)
    known = np.flatnonzero((ids >= 0) & (names >= 0))
    order = known[np.lexsort((periods[known], ids[known]))]  # by id, then period
    ids, names, periods = ids[order], names[order], periods[order]
    changed = np.zeros(len(order), dtype=bool)
    changed[1:] = (ids[1:] == ids[:-1]) & (periods[1:] != periods[:-1]) & (names[1:] != names[:-1])
    if not changed.any():
        return []
    new = order[np.flatnonzero(changed)]
    old = order[np.flatnonzero(changed) - 1]
    places = ["project_id", "report_period", "project_name", "source_file", "source_row"]
    now, before = (panel.iloc[at][places].astype(object).itertuples(index=False) for at in (new, old))
    return [Change(int(key), str(n.project_id), b.report_period, n.report_period, b.project_name, n.project_name,
                   b.source_file, int(b.source_row), n.source_file, int(n.source_row), record)
            for key, n, b in zip(ids[changed].tolist(), now, before)]


def renamed(change: Change, old: frozenset[str], new: frozenset[str], intake: str) -> Problem:
    score = similarity(old, new)
    shares = f"the names share {len(old & new)} of {len(old | new)} words (similarity {score:.2f}"
    if score >= RENAME_SIMILARITY:
        return rename_note(change, f"{shares}); matched by id")
    alike = spelling_similarity(change.old, change.new)
    if alike >= SPELT_ALIKE:
        return rename_note(change, f"{shares}), spelt alike ({alike:.2f}); matched by id")
    if intake == PUBLISHED_LIST:
        return rename_note(change, f"{shares}, below {RENAME_SIMILARITY:.2f}); matched by the publisher's id")
    return Problem(change.file, f"project id {change.shown} is named {change.new!r} in {change.period} but was "
                   f"{change.old!r} in {change.before} ({change.old_place}); {shares}, below "
                   f"{RENAME_SIMILARITY:.2f}): is the id reused for another project? Matched by id, as one project's "
                   "history", row=change.row, column="project_name", value=change.new,
                   expected="one project under an id in every period (a new project under a new id)",
                   severity="warning", period=change.period, record=change.record)


def rename_note(change: Change, how: str) -> Problem:
    return Problem(change.file, f"project_renamed: project id {change.shown} was {change.old!r} in {change.before} "
                   f"({change.old_place}); {how}", row=change.row, column="project_name", value=change.new,
                   severity="note", period=change.period, record=change.record)


def spelling_similarity(first: str, second: str) -> float:
    """difflib's ratio of the two names, case-folded and NFC: 2 x matching characters / all characters."""
    def fold(name):
        return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return difflib.SequenceMatcher(None, fold(first), fold(second), autojunk=False).ratio()


def traded_ids(change: Change, other: Change) -> Problem:
    """``change``: id x from name A to B; ``other``: id y from B to A."""
    first, second = sorted((change, other), key=lambda c: (c.file, c.row))
    there = place(second.file, second.row, first.file, first.record)
    return Problem(first.file, f"two projects trade ids from {first.before} to {first.period}: {second.new!r} is "
                   f"{first.shown} in {first.before} and {second.shown} in {first.period} ({there}), {first.new!r} is "
                   f"{second.shown} in {first.before} and {first.shown} in {first.period}; matched by id, so each "
                   "id's history continues the other project",
                   row=first.row, column="project_id", value=first.shown, expected="each project under the same id in "
                   "every period", severity="warning", period=first.period, record=first.record)


def place(file: str, row, here: str, record: str = "row") -> str:
    """A row as a message names it: ``row 3`` in the problem's own file, else ``file:3`` (``column 3`` and
    ``file (column 3)`` in a transposed file)."""
    if record != "row":
        return f"{record} {row}" if file == here else f"{file} ({record} {row})"
    return f"row {row}" if file == here else f"{file}:{row}"
