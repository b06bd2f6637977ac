"""Who was expected to send a submission, who sent one, and what becomes of the projects of those who
did not: the office's rule (Nasjonal e-helseportefølje April 2020, §1).

- The expected submitters of a period are the organisations with projects in the previous period, plus
  the profile's ``submitters``.
- An organisation that sent nothing keeps its projects in the portfolio: each is **carried forward** with
  its last status, risk and budget, ``is_reported = False`` and ``carried_from`` = the period whose file
  holds the values (the previous period, or an earlier one for a project carried twice). A row that a
  period.yml says did not report (in the file, values carried by the office) has ``carried_from`` = the
  previous period. A budget is carried only into a period whose budget names the same year: a 2020 budget is
  not a 2021 budget, so it is then unknown.
- A project that was in the previous period and is in no submission now has left, unless its
  organisation sent nothing. Where a leavers table names it, it left as that table says; otherwise its
  destination is not given and the build warns, per organisation, so the analyst can ask.

A portfolio published as one list (``intake: published_list``, an annual publication) has no submitters: a project
not in the list has left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .maps import RatingScale, scale_mapping
from .matching import match_projects
from .periods import PeriodSpec
from .problems import Problem
from .profile import Profile

LEFT = "left"
BY_BUILD = "_carried_by_build"  # while carrying: the row was carried here, not sent (its file is an older period's)
FACT_COLUMNS = ["report_period", "actor", "expected", "sent", "files", "rows", "carried_forward", "reporting_unclear",
                "left_named", "gone_missing"]


@dataclass
class Carried:
    """The panel with the carried rows, the facts per period and organisation, and the build's messages."""

    panel: pd.DataFrame
    facts: pd.DataFrame  # FACT_COLUMNS
    problems: list[Problem]


def carry_forward(panel: pd.DataFrame, periods: list[PeriodSpec], changes: pd.DataFrame, profile: Profile,
                  scales: dict[str, RatingScale], folders: dict[str, str]) -> Carried:
    """Applies the rule of the module docstring period by period, oldest first (a project may be carried
    through several periods; ``carried_from`` then names the period its values come from).
    ``folders`` gives each period folder as messages name it."""
    panel = panel.assign(carried_from=pd.Series(pd.NA, index=panel.index, dtype="string"), **{BY_BUILD: False})
    by_period = {key: rows.reset_index(drop=True) for key, rows in panel.groupby("report_period", sort=False)}
    leavers = leavers_by_period(changes)
    finals, facts, problems = [], [], []
    previous: pd.DataFrame | None = None
    previous_key = None
    for period in periods:
        rows = by_period.get(period.key, panel.iloc[:0])
        if previous is None:
            final, found, fact = rows, [], period_facts(period, rows, rows, set(profile.submitters), {})
        else:
            final, found, fact = next_period(rows, previous, previous_key, period,
                                             leavers.get(period.key, changes.iloc[:0]), profile, scales,
                                             folders[period.key])
        finals.append(final)
        facts.append(fact)
        problems += found
        previous, previous_key = final, period.key
    frame = (pd.concat(finals, ignore_index=True) if finals else panel).drop(columns=BY_BUILD)
    frame = frame.sort_values(["report_period", "project_id"], kind="stable").reset_index(drop=True)
    return Carried(frame, pd.concat(facts, ignore_index=True), problems)


def leavers_by_period(changes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The leavers tables' rows, per period."""
    left = changes[changes["change"] == LEFT]
    return {key: rows.reset_index(drop=True) for key, rows in left.groupby("report_period", sort=False)}


def next_period(rows: pd.DataFrame, previous: pd.DataFrame, previous_key: str, period: PeriodSpec,
                leavers: pd.DataFrame, profile: Profile, scales: dict[str, RatingScale], folder: str):
    """One period's final rows: its submitted rows plus the carried ones; its messages and facts.
    ``leavers``: the period's rows of the leavers tables."""
    pairs = match_projects(previous, rows, profile.project_id_aliases)
    rows = with_declared_carried(rows, pairs, previous_key)
    gone = unmatched(previous, pairs, previous_key)
    named = pd.Series(False, index=gone.index)
    if len(leavers) and len(gone):
        named[list(match_projects(leavers, gone, profile.project_id_aliases))] = True
    sent = actors(rows)
    expected = actors(previous) | set(profile.submitters)
    missing = expected - sent if profile.intake == "submissions" else set()
    carry = gone["actor"].isin(missing).fillna(False) & ~named
    carried, notes = carried_rows(gone[carry], period, rows, scales)
    unnamed = gone[~carry & ~named]
    problems = notes + missing_submissions(gone, carry, named, missing, period, previous_key, folder)
    if profile.intake == "submissions":
        problems += gone_missing(unnamed, rows, period, previous_key, folder)
    final = pd.concat([rows, carried], ignore_index=True) if len(carried) else rows
    left_named = gone[named]["actor"].value_counts().to_dict()
    fact = period_facts(period, rows, final, expected if profile.intake == "submissions" else sent,
                        {"left_named": left_named, "gone_missing": unnamed["actor"].value_counts().to_dict()})
    return final, problems, fact


def with_declared_carried(rows: pd.DataFrame, pairs: dict[int, tuple[int, str]], previous_key: str) -> pd.DataFrame:
    """The rows a period.yml says did not report (the office carried them) are carried from last period."""
    not_reported = rows["is_reported"].eq(False).fillna(False).to_numpy(dtype=bool)
    declared = [j for j in pairs if not_reported[j]]
    if not declared:
        return rows
    carried_from = rows["carried_from"].copy()
    carried_from.iloc[declared] = previous_key
    return rows.assign(carried_from=carried_from)


def unmatched(previous: pd.DataFrame, pairs: dict[int, tuple[int, str]], previous_key: str) -> pd.DataFrame:
    """Last period's rows that no row of this period continues, with the period whose file holds their values
    (a row carried into last period by the build keeps its source's)."""
    kept = np.ones(len(previous), dtype=bool)
    kept[[i for i, _how in pairs.values()]] = False
    gone = previous[kept].reset_index(drop=True)
    gone["carried_from"] = gone["carried_from"].where(gone[BY_BUILD], previous_key).fillna(previous_key)
    return gone


def actors(rows: pd.DataFrame) -> set[str]:
    """The organisations the rows name."""
    return set(rows["actor"].dropna().unique().tolist())


def carried_rows(gone: pd.DataFrame, period: PeriodSpec, rows: pd.DataFrame,
                 scales: dict[str, RatingScale]) -> tuple[pd.DataFrame, list[Problem]]:
    """Last period's rows of the organisations that sent nothing, as this period's: values carried
    (``carried_from`` already names the period whose file holds them)."""
    if gone.empty:
        return gone, []
    carried = gone.copy()
    year = rows["budget_year"].dropna().iloc[0] if rows["budget_year"].notna().any() else pd.NA
    other_year = carried["budget_year"].notna() & carried["budget_mnok"].notna() & (
        pd.isna(year) or carried["budget_year"].ne(year).fillna(True))
    notes = [Problem(file, f"carried_budget_other_year: the {budget_year} budget is not carried into "
                     f"{period.key}, whose budget is for {year}; it is unknown", row=row, column="budget_mnok",
                     value=f"{budget:g}", severity="note", period=period.key)
             for file, row, budget_year, budget in columns(carried[other_year], "source_file", "source_row",
                                                           "budget_year", "budget_mnok")]
    carried.loc[other_year, "budget_mnok"] = pd.NA
    carried = carried.assign(report_period=period.key, is_reported=pd.array([False] * len(carried), dtype="boolean"),
                             budget_is_reported=pd.array([False] * len(carried), dtype="boolean"),
                             budget_year=pd.array([year] * len(carried), dtype="Int64"),
                             **{BY_BUILD: True})
    scale = scales.get(period.key)
    for column in ("status", "risk"):
        carried[column] = on_scale(carried[column], scale, scales)
    return carried, notes


def on_scale(ratings: pd.Series, scale: RatingScale | None, scales: dict[str, RatingScale]) -> pd.Series:
    """Carried ratings read on the period's scale where it is coarser (Amber/Green -> Amber)."""
    if scale is None or ratings.isna().all() or set(ratings.dropna().astype(str)) <= set(scale.labels):
        return ratings
    finer = next(s for s in scales.values() if set(ratings.dropna().astype(str)) <= set(s.labels))
    return ratings.astype(object).map(scale_mapping(finer.name, scale.name)).astype(ratings.dtype)


def missing_submissions(gone: pd.DataFrame, carry: pd.Series, named: pd.Series, missing: set[str],
                        period: PeriodSpec, previous_key: str, folder: str) -> list[Problem]:
    """A warning per organisation that sent nothing, naming what became of its projects."""
    problems = []
    listed = gone[["project_id", "project_name"]]
    for actor in sorted(missing):
        mine = gone["actor"].eq(actor).fillna(False)
        carried, left = listed[mine & carry], listed[mine & named]
        text = (f"{actor} sent no submission for {period.key}; its {len(carried)} project(s) are carried forward "
                f"from {previous_key}" if len(carried) else f"{actor} sent no submission for {period.key}")
        if len(left):
            text += f"; {len(left)} left as the leavers table says"
        if not len(carried) and not len(left):
            text += f" (it had no projects in {previous_key})"
        problems.append(Problem(folder, text, column="actor", value=project_list(carried) or None,
                                expected="a submission from every organisation with projects in the portfolio",
                                severity="warning", period=period.key))
    return problems


def gone_missing(unnamed: pd.DataFrame, rows: pd.DataFrame, period: PeriodSpec, previous_key: str,
                 folder: str) -> list[Problem]:
    """A warning per organisation whose submission leaves out projects no leavers table names."""
    problems = []
    sent = files_by_actor(rows)
    for actor, lost in unnamed[["actor", "project_id", "project_name"]].groupby("actor", sort=True, dropna=False):
        files = sent.get(actor, [])
        problems.append(Problem(
            files[0] if len(files) == 1 else folder,
            f"{len(lost)} project(s) of {actor} in {previous_key} are neither in its submission for {period.key} nor "
            "in a leavers table: counted as left, destination not given", column="project_id",
            value=project_list(lost), expected="each project of the last period listed again, or named with where it "
            "went in the leavers table", severity="warning", period=period.key))
    return problems


def project_list(rows: pd.DataFrame) -> str:
    return "; ".join(f"{project_id} {name}" if not pd.isna(project_id) else str(name)
                     for project_id, name in columns(rows, "project_id", "project_name"))


def columns(rows: pd.DataFrame, *names: str):
    """The rows' values of the named columns, one tuple a row (as itertuples gives them, without the frame's
    other columns)."""
    return zip(*(rows[name].tolist() for name in names))


def files_by_actor(rows: pd.DataFrame) -> dict[str, list[str]]:
    """The files each organisation's rows come from, sorted."""
    files: dict[str, set[str]] = {}
    for actor, file in columns(rows[rows["actor"].notna()], "actor", "source_file"):
        files.setdefault(actor, set()).add(file)
    return {actor: sorted(found) for actor, found in files.items()}


def period_facts(period: PeriodSpec, rows: pd.DataFrame, final: pd.DataFrame, expected: set[str], moved: dict
                 ) -> pd.DataFrame:
    """One row per organisation expected or sending in the period (``rows``: its submitted rows)."""
    key = period.key
    files = files_by_actor(rows)
    actors = sorted(expected | set(files))
    sent = rows["actor"].value_counts().to_dict()
    carried = final.loc[final["is_reported"].eq(False).fillna(False), "actor"].value_counts().to_dict()
    unclear = final.loc[final["is_reported"].isna() & period.project_values_published, "actor"].value_counts().to_dict()
    return pd.DataFrame({
        "report_period": key, "actor": actors, "expected": [a in expected for a in actors],
        "sent": [a in files for a in actors], "files": ["; ".join(files.get(a, [])) for a in actors],
        "rows": [int(sent.get(a, 0)) for a in actors],
        "carried_forward": [int(carried.get(a, 0)) for a in actors],
        "reporting_unclear": [int(unclear.get(a, 0)) for a in actors],
        "left_named": [int(moved.get("left_named", {}).get(a, 0)) for a in actors],
        "gone_missing": [int(moved.get("gone_missing", {}).get(a, 0)) for a in actors],
    }, columns=FACT_COLUMNS)


def check_file_organisations(submitted: pd.DataFrame) -> list[Problem]:
    """In a period of several submissions, a row naming another organisation than the one more than half of
    its file's rows name is a warning. A period of one combined list is not checked."""
    problems = []
    files_per_period = submitted.groupby("report_period")["source_file"].nunique()
    several = submitted["report_period"].map(files_per_period).gt(1)
    for file, rows in submitted[several].groupby("source_file", sort=True):
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
