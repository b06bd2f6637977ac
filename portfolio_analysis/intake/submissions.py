"""Who was expected to send a submission, who sent one, and what becomes of the projects of those who
did not: the office's rule (Nasjonal e-helseportefølje April 2020, §1).

- The expected submitters of a period are the organisations with projects in the previous period, plus
  the profile's ``submitters``.
- An organisation that sent nothing keeps its projects in the portfolio: each is **carried forward** with
  its last status, risk and budget, ``is_reported = False`` and ``carried_from`` = the period the values were
  last assessed in (the previous period, or an earlier one where last period's row was itself carried). A row
  that a period.yml says did not report (in the file, values carried by the office) has ``carried_from`` = the
  previous period, or the period last period's row was carried from. A budget is carried only into a period
  whose budget names the same year: a 2020 budget is not a 2021 budget, so it is then unknown.
- A project that was in the previous period and is in no submission now has left, unless its
  organisation sent nothing. Where a leavers table names it, it left as that table says; otherwise its
  destination is not given and the build warns, per organisation, so the analyst can ask.

A portfolio published as one list (``intake: published_list``, an annual publication) has no submitters: a project
not in the list has left.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..clean.parsers import YEARLY_MONEY
from ..settings.maps import RatingScale, scale_mapping
from ..settings.periods import PeriodSpec
from ..settings.problems import Problem
from ..settings.profile import Profile
from .assemble import budget_year_of
from .matching import ProjectKeys, match_keys, project_keys
from .submission_facts import Sent, organisations, period_facts, sent_per_period

LEFT = "left"


@dataclass
class Carried:
    """The panel with the carried rows, the facts per period and organisation, and the build's messages."""

    panel: pd.DataFrame
    facts: pd.DataFrame  # FACT_COLUMNS
    problems: list[Problem]


@dataclass(frozen=True)
class Final:
    """A period's final rows (its submitted rows, then the ones carried into it), what they are matched by, and
    the organisations they name."""

    key: str
    rows: pd.DataFrame  # default index
    keys: ProjectKeys
    actors: set[str]


def carry_forward(panel: pd.DataFrame, periods: list[PeriodSpec], changes: pd.DataFrame, profile: Profile,
                  scales: dict[str, RatingScale], folders: dict[str, str]) -> Carried:
    """Applies the rule of the module docstring period by period, oldest first (a project may be carried
    through several periods; ``carried_from`` then names the period its values come from).
    ``folders`` gives each period folder as messages name it."""
    panel = panel.assign(carried_from=pd.Series(pd.NA, index=panel.index, dtype="string"))
    by_period = panel.groupby("report_period", sort=False)
    submitted = {key: rows.reset_index(drop=True) for key, rows in by_period}
    keys = project_keys(panel, profile.project_id_aliases)
    at = {key: positions.tolist() for key, positions in by_period.indices.items()}
    leavers = leavers_by_period(changes)
    sent_in = sent_per_period(panel)
    finals, facts, problems = [], [], []
    previous: Final | None = None
    for period in periods:
        rows = submitted.get(period.key, panel.iloc[:0])
        sent = sent_in.get(period.key) or Sent.nothing()
        if previous is None:
            final = Final(period.key, rows, keys.at(at.get(period.key, [])), set(sent.files))
            found, fact = [], period_facts(period, sent, Counter(), set(profile.submitters), {})
        else:
            final, found, fact = next_period(rows, keys.at(at.get(period.key, [])), sent, previous, period,
                                             leavers.get(period.key, changes.iloc[:0]), profile, scales,
                                             folders[period.key])
        finals.append(final.rows)
        facts.append(fact)
        problems += found
        previous = final
    frame = pd.concat(finals, ignore_index=True) if finals else panel
    frame = frame.sort_values(["report_period", "project_id"], kind="stable").reset_index(drop=True)
    return Carried(frame, pd.concat(facts, ignore_index=True), problems)


def leavers_by_period(changes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The leavers tables' rows, per period."""
    left = changes[changes["change"] == LEFT]
    return {key: rows.reset_index(drop=True) for key, rows in left.groupby("report_period", sort=False)}


def next_period(rows: pd.DataFrame, keys: ProjectKeys, sent: Sent, previous: Final, period: PeriodSpec,
                leavers: pd.DataFrame, profile: Profile, scales: dict[str, RatingScale], folder: str
                ) -> tuple[Final, list[Problem], pd.DataFrame]:
    """One period's final rows: its submitted rows (``keys``: theirs) plus the carried ones; its messages and
    facts. ``leavers``: the period's rows of the leavers tables."""
    aliases = profile.project_id_aliases
    pairs = match_keys(previous.keys, keys)
    rows = with_declared_carried(rows, pairs, previous)
    gone_at = unmatched(previous, pairs)
    gone = previous.rows.iloc[gone_at].reset_index(drop=True)
    named = np.zeros(len(gone), dtype=bool)
    if len(leavers) and len(gone):
        named[list(match_keys(project_keys(leavers, aliases), previous.keys.at(gone_at)))] = True
    expected = previous.actors | set(profile.submitters)
    missing = expected - set(sent.files) if profile.intake == "submissions" else set()
    carry = gone["actor"].isin(missing).fillna(False).to_numpy(dtype=bool) & ~named
    carried, notes = (carried_rows(gone[carry], previous.key, period, rows, scales, profile.money) if carry.any()
                      else (None, []))
    unnamed = gone[~carry & ~named] if (~carry & ~named).any() else gone.iloc[:0]
    problems = notes + missing_submissions(gone, carry, named, missing, period, previous.key, folder)
    if profile.intake == "submissions":
        problems += gone_missing(unnamed, sent, period, previous.key, folder)
    carried_by_actor = organisations(carried["actor"]) if carried is not None else Counter()
    fact = period_facts(period, sent, carried_by_actor,
                        expected if profile.intake == "submissions" else set(sent.files),
                        {"left_named": organisations(gone["actor"][named]),
                         "gone_missing": organisations(unnamed["actor"])})
    if carried is None:
        return Final(period.key, rows, keys, set(sent.files)), problems, fact
    final = Final(period.key, pd.concat([rows, carried], ignore_index=True), keys + project_keys(carried, aliases),
                  set(sent.files) | set(carried_by_actor))
    return final, problems, fact


def with_declared_carried(rows: pd.DataFrame, pairs: dict[int, tuple[int, str]], previous: Final) -> pd.DataFrame:
    """The rows a period.yml says did not report (the office carried them) are carried from the period their
    values were last assessed in: last period, or the period last period's row was itself carried from."""
    not_reported = rows["is_reported"].eq(False).fillna(False).tolist()
    declared = np.zeros(len(rows), dtype=bool)
    declared[[j for j in pairs if not_reported[j]]] = True
    if not declared.any():
        return rows
    source = pd.Series(previous.key, index=rows.index, dtype="string")
    before = previous.rows["carried_from"].tolist()
    for j, (i, _how) in pairs.items():
        if declared[j] and not pd.isna(before[i]):
            source.iloc[j] = before[i]
    return rows.assign(carried_from=rows["carried_from"].mask(declared, source))


def unmatched(previous: Final, pairs: dict[int, tuple[int, str]]) -> list[int]:
    """The positions of last period's rows that no row of this period continues."""
    matched = {i for i, _how in pairs.values()}
    return [i for i in range(len(previous.rows)) if i not in matched]


def carried_rows(gone: pd.DataFrame, previous_key: str, period: PeriodSpec, rows: pd.DataFrame,
                 scales: dict[str, RatingScale], money: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Last period's rows of the organisations that sent nothing, as this period's: values carried, and
    ``carried_from`` the period they were last assessed in (a row carried into last period, by the build or
    as its period.yml says, keeps its ``carried_from``).
    A year's money (budget, next year's budget, forecast) is not carried into a period of another budget year:
    it is unknown there; whole-life costs, dates and comments are carried as they were."""
    year = budget_year_of(rows["budget_year"])
    year = pd.NA if year is None else year
    other_year = (gone["budget_year"].notna() & gone["budget"].notna() & (
        pd.isna(year) or gone["budget_year"].ne(year).fillna(True))).to_numpy(dtype=bool)
    notes = [Problem(file, f"carried_budget_other_year: the {budget_year} budget is not carried into "
                     f"{period.key}, whose budget is for {year}; it is unknown", row=row, column="budget",
                     value=f"{budget:g}", severity="note", period=period.key)
             for file, row, budget_year, budget in columns(gone[other_year] if other_year.any() else gone.iloc[:0],
                                                           "source_file", "source_row", "budget_year", "budget")]
    scale = scales.get(period.key)
    yearly = {column: gone[column].mask(other_year, pd.NA) for column in YEARLY_MONEY if column in gone}
    return gone.assign(
        carried_from=gone["carried_from"].fillna(previous_key),
        **yearly, budget_mnok=yearly.get(money, gone["budget_mnok"]), report_period=period.key,
        is_reported=pd.array([False] * len(gone), dtype="boolean"),
        budget_is_reported=pd.array([False] * len(gone), dtype="boolean"),
        budget_year=pd.array([year] * len(gone), dtype="Int64"),
        status=on_scale(gone["status"], scale, scales), risk=on_scale(gone["risk"], scale, scales)), notes


def on_scale(ratings: pd.Series, scale: RatingScale | None, scales: dict[str, RatingScale]) -> pd.Series:
    """Carried ratings read on the period's scale where it is coarser (Amber/Green -> Amber)."""
    given = set(ratings.dropna().astype(str).unique().tolist())
    if scale is None or given <= set(scale.labels):
        return ratings
    finer = next(s for s in scales.values() if given <= set(s.labels))
    return ratings.astype(object).map(scale_mapping(finer.name, scale.name)).astype(ratings.dtype)


def missing_submissions(gone: pd.DataFrame, carry: np.ndarray, named: np.ndarray, missing: set[str],
                        period: PeriodSpec, previous_key: str, folder: str) -> list[Problem]:
    """A warning per organisation that sent nothing, naming what became of its projects."""
    problems = []
    listed = list(columns(gone, "project_id", "project_name")) if missing else []
    for actor in sorted(missing):
        mine = gone["actor"].eq(actor).fillna(False).to_numpy(dtype=bool)
        carried, left = [p for p, keep in zip(listed, mine & carry) if keep], int((mine & named).sum())
        text = (f"{actor} sent no submission for {period.key}; its {len(carried)} project(s) are carried forward "
                f"from {previous_key}" if len(carried) else f"{actor} sent no submission for {period.key}")
        if left:
            text += f"; {left} left as the leavers table says"
        if not len(carried) and not left:
            text += f" (it had no projects in {previous_key})"
        problems.append(Problem(folder, text, column="actor", value=project_list(carried) or None,
                                expected="a submission from every organisation with projects in the portfolio",
                                severity="warning", period=period.key))
    return problems


def gone_missing(unnamed: pd.DataFrame, sent: Sent, period: PeriodSpec, previous_key: str,
                 folder: str) -> list[Problem]:
    """A warning per organisation whose submission leaves out projects no leavers table names."""
    if unnamed.empty:
        return []
    problems = []
    for actor, lost in unnamed[["actor", "project_id", "project_name"]].groupby("actor", sort=True, dropna=False):
        files = [] if pd.isna(actor) else sent.files.get(actor, [])
        problems.append(Problem(
            files[0] if len(files) == 1 else folder,
            f"{len(lost)} project(s) of {actor} in {previous_key} are neither in its submission for {period.key} nor "
            "in a leavers table: counted as left, destination not given", column="project_id",
            value=project_list(columns(lost, "project_id", "project_name")),
            expected="each project of the last period listed again, or named with where it went in the leavers table",
            severity="warning", period=period.key))
    return problems


def project_list(projects) -> str:
    """``projects``: (project_id, project_name) pairs."""
    return "; ".join(f"{project_id} {name}" if not pd.isna(project_id) else str(name) for project_id, name in projects)


def columns(rows: pd.DataFrame, *names: str):
    """The rows' values of the named columns, one tuple a row (as itertuples gives them, without the frame's
    other columns)."""
    return zip(*(rows[name].tolist() for name in names))


def check_file_organisations(submitted: pd.DataFrame) -> list[Problem]:
    """In a period of several submissions, a row naming another organisation than the one more than half of
    its file's rows name is a warning. A period of one combined list is not checked."""
    problems = []
    files_per_period = submitted.groupby("report_period")["source_file"].nunique()
    several = submitted[submitted["report_period"].map(files_per_period).gt(1)]
    for file, rows in several[several["source_file"].isin(mixed_files(several))].groupby("source_file", sort=True):
        counts = rows["actor"].value_counts()
        if len(counts) < 2 or counts.iloc[0] * 2 <= len(rows):
            continue
        main = counts.index[0]
        for row in rows[rows["actor"].ne(main).fillna(False)].itertuples():
            problems.append(Problem(file, f"the row names {row.actor} while the rest of the file names {main}",
                                    row=row.source_row, column="actor", value=row.actor,
                                    expected="one organisation's projects per submission (check the organisation)",
                                    severity="warning", period=row.report_period))
    return problems


def mixed_files(rows: pd.DataFrame) -> list[str]:
    """The files whose rows name more than one organisation."""
    organisations_per_file = rows.groupby("source_file")["actor"].nunique()
    return organisations_per_file.index[organisations_per_file > 1].tolist()
