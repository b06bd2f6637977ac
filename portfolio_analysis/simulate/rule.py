"""The submission rule applied to a synthetic portfolio: from what the files hold to the truth the build must
produce (SYNTHETIC data throughout).

The rule, per period t >= 1, for every project p in the final panel of t - 1:

- p is a row of some project-list file of t: present, with the values submitted at t (not reported, values
  carried, if ``period.yml`` lists it);
- else, if p's organisation sent no row at t and t's leavers table does not name p: carried forward, a copy of
  its row of t - 1 with ``is_reported`` False, ``carried_from`` the period its values were last assessed in, and its
  budget only if t - 1's budget year is t's (else unknown);
- else p has left at t (destination from the leavers table, or None when the table does not name it).

A project in a file of t but not in the panel of t - 1 has joined at t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalogue import DESTINATIONS, FOCUS_AREAS, LABELS, ORGANISATIONS, P_PAUSED
from .details import Details, detail_columns


@dataclass(frozen=True, eq=False)
class Outcome:
    """The synthetic portfolio after the rule; arrays are (project, period)."""

    present: np.ndarray  # in the truth (a file row, or carried)
    in_file: np.ndarray  # a row of a project-list file
    reported: np.ndarray  # present with values reported this period
    origin: np.ndarray  # carried_from as a period index (-1: submitted)
    named_in: np.ndarray  # the period whose file row gave the row's name and owner (-1: absent)
    left: np.ndarray  # in t - 1's panel, gone at t
    status: np.ndarray  # levels 0-2, -1 blank
    risk: np.ndarray
    budget: np.ndarray  # tenths of a million, -1 unknown


def apply_submission_rule(keys: list[str], in_file: np.ndarray, listed: np.ndarray, actor: np.ndarray,
                          values: dict[str, np.ndarray]) -> Outcome:
    """The truth of a synthetic portfolio by the submission rule (module docstring).

    ``in_file``: project p is a row of a project-list file of period t; ``listed``: t's leavers table would
    name p if p left at t; ``actor``: p's organisation (index); ``values``: the simulated status, risk, budget
    and ``not_reported`` flags, kept for every file row."""
    pool, periods = in_file.shape
    status, risk, budget = values["status"].copy(), values["risk"].copy(), values["budget"].copy()
    present = np.zeros_like(in_file)
    reported = np.zeros_like(in_file)
    left = np.zeros_like(in_file)
    origin = np.full((pool, periods), -1, dtype=np.int64)
    named_in = np.where(in_file, np.arange(periods)[None, :], -1)
    present[:, 0] = reported[:, 0] = in_file[:, 0]
    for t in range(1, periods):
        before, here = present[:, t - 1], in_file[:, t]
        sent = np.zeros(len(ORGANISATIONS), dtype=bool)
        sent[actor[here]] = True
        carried = before & ~here & ~sent[actor] & ~listed[:, t]
        left[:, t] = before & ~here & ~carried
        present[:, t] = here | carried
        # not reported: a file row whose values are carried; only for a row that was a file row at t - 1 too,
        # so that its simulated values (those of t - 1) are the panel's of t - 1
        not_reported = here & before & in_file[:, t - 1] & values["not_reported"][:, t]
        reported[:, t] = here & ~not_reported
        # the period the values were last assessed in: t - 1, or, for a row carried into t - 1 (by the rule or
        # as its period.yml says), that row's
        source = np.where(origin[:, t - 1] >= 0, origin[:, t - 1], t - 1)
        origin[carried, t] = source[carried]
        origin[not_reported, t] = source[not_reported]
        named_in[carried, t] = named_in[carried, t - 1]
        status[carried, t], risk[carried, t] = status[carried, t - 1], risk[carried, t - 1]
        same_year = keys[t - 1][:4] == keys[t][:4]  # the header's "Budsjett YYYY"
        budget[carried, t] = budget[carried, t - 1] if same_year else -1
    return Outcome(present, in_file, reported, origin, named_in, left, status, risk, budget)


def truth_frame(keys: list[str], outcome: Outcome, attributes: dict,
                details: Details | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic truth (one row per project present in a period, sorted by period and id) and, on the
    same index, where each row comes from: ``in_file`` (a file row, else carried), ``named_in`` (the period
    index of the file row whose name and owner it shows) and ``organisation`` (index). With ``details``, the
    truth has their columns (dates, money, comments) and the sources what their cells are written from."""
    rows, cols = np.nonzero(outcome.present)
    named_in = outcome.named_in[rows, cols]
    focus = attributes["focus"][rows]
    actor = attributes["actor"][rows]
    labels = np.array([None, *LABELS], dtype=object)  # index level + 1; -1 (blank) -> None
    budget = outcome.budget[rows, cols]
    origin = outcome.origin[rows, cols]
    frame = pd.DataFrame({
        "report_period": np.array(keys, dtype=object)[cols],
        "project_id": attributes["project_id"][rows].astype("int64"),
        "project_name": attributes["name"][rows, named_in],
        "actor": np.array([o[0] for o in ORGANISATIONS], dtype=object)[actor],
        "actor_group": np.array([o[1] for o in ORGANISATIONS], dtype=object)[actor],
        "focus_area_code": np.array([f[0] for f in FOCUS_AREAS], dtype=object)[focus],
        "focus_area_name": np.array([f[1] for f in FOCUS_AREAS], dtype=object)[focus],
        "strategic_area": np.array([int(f[0].split(".")[0]) for f in FOCUS_AREAS], dtype="int64")[focus],
        "owner": pd.Series(attributes["owner"][rows], dtype=object),  # None where written "(blank)"
        "status": pd.Series(labels[outcome.status[rows, cols] + 1], dtype=object),
        "risk": pd.Series(labels[outcome.risk[rows, cols] + 1], dtype=object),
        "budget_mnok": np.where(budget >= 0, budget / 10, np.nan),
        "budget": np.where(budget >= 0, budget / 10, np.nan),  # the year's budget; budget_mnok is its alias
        "is_reported": outcome.reported[rows, cols],
        "carried_from": pd.Series([keys[o] if o >= 0 else None for o in origin], dtype=object),
    })
    written = {}
    if details is not None:
        columns, written = detail_columns(details, rows, cols, keys)
        frame = frame.assign(**{name: pd.Series(values, dtype=object) if np.asarray(values).dtype == object
                                else values for name, values in columns.items()})
    order = np.lexsort((frame["project_id"].to_numpy(), cols))
    sources = pd.DataFrame({"in_file": outcome.in_file[rows, cols][order], "named_in": named_in[order],
                            "organisation": actor[order], **{name: values[order] for name, values in written.items()}})
    return frame.iloc[order].reset_index(drop=True), sources


def events_frame(rng, keys: list[str], outcome: Outcome, listed: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """Every join and leave of a synthetic project between consecutive periods of the truth. A leaver the
    leavers table names went to 'Pauset' (always when it comes back later) or 'Forvaltning'; one it does not
    name has destination None."""
    present = outcome.present
    parts = []
    for t in range(1, len(keys)):
        joined = np.flatnonzero(present[:, t] & ~present[:, t - 1])
        left = np.flatnonzero(outcome.left[:, t])
        returns = present[left, t:].any(axis=1)
        paused = returns | (rng.random(left.size) < P_PAUSED)
        destination = np.where(paused, DESTINATIONS[1], DESTINATIONS[0]).astype(object)
        destination[~listed[left, t]] = None
        parts.append(pd.DataFrame({"report_period": keys[t], "project_id": ids[joined], "change": "joined",
                                   "destination": None}))
        parts.append(pd.DataFrame({"report_period": keys[t], "project_id": ids[left], "change": "left",
                                   "destination": destination}))
    columns = ["report_period", "project_id", "change", "destination"]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "project_id" else object) for c in columns})
    frame = pd.concat(parts, ignore_index=True)[columns].astype({"project_id": "int64", "destination": object})
    frame["destination"] = frame["destination"].where(frame["destination"].notna(), None)
    return frame.sort_values(["report_period", "change", "project_id"], kind="stable").reset_index(drop=True)


def submitted_frame(keys: list[str], outcome: Outcome, actor: np.ndarray, files: dict) -> pd.DataFrame:
    """One row per synthetic period and organisation expected (projects in the panel of t - 1) or sending
    (rows in a file of t): report_period, actor, sent, file (``files[(t, organisation index)]`` or None)."""
    records = []
    for t, key in enumerate(keys):
        sending = set(actor[outcome.in_file[:, t]].tolist())
        expected = set(actor[outcome.present[:, t - 1]].tolist()) if t else set()
        for o in sorted(sending | expected, key=lambda o: ORGANISATIONS[o][0]):
            records.append((key, ORGANISATIONS[o][0], o in sending, files.get((t, o)) if o in sending else None))
    columns = list(zip(*records)) or [(), (), (), ()]
    return pd.DataFrame({name: pd.Series(list(values), dtype=bool if name == "sent" else object)
                         for name, values in zip(["report_period", "actor", "sent", "file"], columns)})
