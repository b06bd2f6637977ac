"""The processed tables assembled from the clean rows: the submitted project rows with what the period files
say about reporting, one row per period, and the joiners and leavers as the reports list them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..clean.standard import COMMENT_COLUMNS, DATE_COLUMNS
from ..settings.periods import PeriodSpec
from ..settings.problems import Problem
from ..settings.profile import Profile

PANEL_COLUMNS = [
    "report_period", "project_id", "project_name", "actor", "actor_group", "focus_area_code", "focus_area_name",
    "strategic_area", "strategic_area_name", "owner", "status", "risk", "budget_mnok", "budget_year",
    "is_reported", "budget_is_reported", "carried_from", "status_marker", "risk_marker", "budget_marker",
    "budget", "budget_next_year", "forecast", "whole_life_cost", "benefits", "forecast_marker",
    "whole_life_cost_marker", "benefits_marker", "planned_start", "planned_end", "planned_start_marker",
    "planned_end_marker", "status_comment", "risk_comment", "schedule_comment", "cost_comment", "forecast_comment",
    "source_file", "source_row",
]
MONEY_ALIAS = "budget_mnok"  # for one release: a copy of the money the profile compares (``money``)
CHANGE_COLUMNS = ["report_period", "change", "project_id", "project_name", "actor", "actor_group", "budget_mnok",
                  "destination", "source_file", "source_row"]
CHANGE_KINDS = {"joiners": "joined", "leavers": "left"}
TEXT_ONLY = COMMENT_COLUMNS + DATE_COLUMNS  # text in the panel, NA where none


def assemble_projects(clean: pd.DataFrame, periods: dict[str, PeriodSpec], file_years: dict[str, int],
                      profile: Profile) -> pd.DataFrame:
    """The submitted rows: one per project per period, with what the period files say about reporting
    (the rows carried forward for organisations that sent nothing are added by :mod:`submissions`).

    A row's ``budget_year`` is the year its file's budget column names (``file_years``); a file whose
    header names no year takes its period's (:func:`budget_year_of` the other rows)."""
    frame = clean.copy()
    for column in ("project_name", "actor", "owner", "focus_area_code", "focus_area_name", "strategic_area_name",
                   *(c for c in clean.columns if c.endswith("_marker")), *TEXT_ONLY):
        frame[column] = frame[column].astype("string").replace("", pd.NA)
    frame[MONEY_ALIAS] = frame[profile.money]
    frame["budget_marker"] = frame[f"{profile.money}_marker"]
    files_of_rows, files = pd.factorize(frame["source_file"])
    years = pd.array([file_years.get(file) for file in files.tolist()] + [None], dtype="Int64").take(
        np.where(files_of_rows < 0, len(files), files_of_rows))
    frame["budget_year"] = pd.Series(years, index=frame.index)
    if frame["budget_year"].isna().any():
        period_years = period_budget_years(frame)
        frame["budget_year"] = frame["budget_year"].fillna(
            frame["report_period"].map(period_years).astype("Int64"))
    frame["is_reported"] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    frame["budget_is_reported"] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    facts = frame[["actor", "project_id", "budget_mnok"]]  # what is_reported and budget_is_reported read
    reported, budget_reported = [], []
    for key, positions in frame.groupby("report_period", sort=False).indices.items():
        part = facts.iloc[positions]
        period = canonical_names(periods[key], profile)
        reported.append(is_reported(part, period))
        budget_reported.append(budget_is_reported(part, period))
    if reported:
        frame["is_reported"] = pd.concat(reported).reindex(frame.index)
        frame["budget_is_reported"] = pd.concat(budget_reported).reindex(frame.index)
    frame["report_period"] = frame["report_period"].astype("string")
    frame["source_file"] = frame["source_file"].astype("string")
    frame["source_row"] = frame["source_row"].astype("int64")
    columns = [c for c in PANEL_COLUMNS if c != "carried_from"]
    return frame[columns].sort_values(["report_period", "project_id"], kind="stable").reset_index(drop=True)


def budget_year_of(years: pd.Series) -> int | None:
    """The year a period's budgets are for: the year of most of its rows, the earlier on a tie; None
    where no row has one."""
    counts = years.dropna().astype(int).value_counts()
    return int(min(counts.index, key=lambda year: (-counts[year], year))) if len(counts) else None


def period_budget_years(rows: pd.DataFrame) -> dict[str, int]:
    """Each period's budget year (:func:`budget_year_of` its rows), for the periods whose rows name one."""
    years = {key: budget_year_of(part) for key, part in rows.groupby("report_period", sort=False)["budget_year"]}
    return {key: year for key, year in years.items() if year is not None}


def budget_year_warnings(rows: pd.DataFrame, period_years: dict[str, int], folders: dict[str, str]) -> list[Problem]:
    """A warning for each period whose files name different budget years, naming each file with its
    year. Each file's budgets stay in their own year (``budget_year`` per row); the period's totals
    count its own year's and the others apart (:func:`budget.budget_totals`)."""
    problems = []
    by_file = rows.dropna(subset=["budget_year"]).drop_duplicates("source_file")
    for key, files in by_file.groupby("report_period", sort=True):
        if files["budget_year"].nunique() < 2:
            continue
        year = period_years[key]
        named = "; ".join(f"{file.rsplit('/', 1)[-1]}: {int(file_year)}" for file, file_year
                          in sorted(zip(files["source_file"], files["budget_year"]), key=lambda pair: (pair[1] != year, pair[0])))
        problems.append(Problem(folders.get(key, key), f"the period's files name different budget years; each file's "
                                f"budgets stay in their own year, and the period's totals count the {year} budgets "
                                "(the year of most rows), the others apart", value=named,
                                expected=f"one budget year in every file's header (Budsjett {year}), or the other "
                                "year's file in a period of its own", severity="warning", period=key))
    return problems


def canonical_names(period: PeriodSpec, profile: Profile) -> PeriodSpec:
    """The organisations period.yml names, in the canonical spelling the panel uses."""
    def canonical(names: frozenset[str]) -> frozenset[str]:
        return frozenset(profile.organisations.canonical(name) or name for name in names)
    return replace(period, not_reported_organisations=canonical(period.not_reported_organisations),
                   not_reported_unclear_organisations=canonical(period.not_reported_unclear_organisations),
                   budget_not_reported_organisations=canonical(period.budget_not_reported_organisations))


def is_reported(rows: pd.DataFrame, period: PeriodSpec) -> pd.Series:
    """True: the owner sent this period's status. False: the period says it did not. NA: unknown
    (the period publishes no values, or says only that *most* of an organisation's projects did not)."""
    if not period.project_values_published:
        return pd.Series(pd.NA, index=rows.index, dtype="boolean")
    unclear = rows["actor"].isin(period.not_reported_unclear_organisations).fillna(False).to_numpy(dtype=bool)
    not_reported = (rows["actor"].isin(period.not_reported_organisations).fillna(False).to_numpy(dtype=bool)
                    | rows["project_id"].isin(period.not_reported_ids).fillna(False).to_numpy(dtype=bool))
    # False where the period says so, else unknown where it is unclear, else True
    return pd.Series(pd.arrays.BooleanArray(~not_reported, unclear & ~not_reported), index=rows.index)


def budget_is_reported(rows: pd.DataFrame, period: PeriodSpec) -> pd.Series:
    """False for a blank budget and for zeros the period says mean 'not reported'; NA if unpublished."""
    if not period.project_values_published:
        return pd.Series(pd.NA, index=rows.index, dtype="boolean")
    zero_not_reported = (rows["budget_mnok"].eq(0).fillna(False)
                         & rows["actor"].isin(period.budget_not_reported_organisations).fillna(False)
                         & ~rows["project_id"].isin(period.budget_not_reported_except_ids).fillna(False))
    return pd.Series(~(rows["budget_mnok"].isna() | zero_not_reported).to_numpy(), index=rows.index, dtype="boolean")


def assemble_periods(periods: list[PeriodSpec], projects: pd.DataFrame, budget_years: dict[str, int],
                     profile: Profile) -> pd.DataFrame:
    """One row per period: what its period.yml says, beside the number of project rows found."""
    counts = projects.groupby("report_period").size()
    rows = []
    for period in periods:
        row = {
            "report_period": period.key, "title": period.title, "as_of": period.as_of, "source": period.source,
            "project_values_published": period.project_values_published, "projects": int(counts.get(period.key, 0)),
            "budget_year": budget_years.get(period.key), "rating_scale": period.rating_scale or profile.scale.name,
        }
        row.update({f"published_{key}": value for key, value in period.published.items()})
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    frame["budget_year"] = frame["budget_year"].astype("Int64")
    return frame


def assemble_changes(cleaned: dict[str, pd.DataFrame], money: str) -> pd.DataFrame:
    """Joiners and leavers as the period reports list them (Tabell 1 and 2), with where leavers went; their
    ``budget_mnok`` is the money the profile compares (``money``)."""
    frames = [cleaned[kind].assign(change=change, **{MONEY_ALIAS: cleaned[kind][money]})
              for kind, change in CHANGE_KINDS.items() if kind in cleaned]
    if not frames:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    frame = pd.concat(frames, ignore_index=True)
    for column in ("project_name", "actor", "destination", "report_period", "source_file"):
        frame[column] = frame[column].replace("", pd.NA).astype("string")
    return frame[CHANGE_COLUMNS].sort_values(["report_period", "change", "project_id"]).reset_index(drop=True)


def note_reporting(projects: pd.DataFrame) -> list[Problem]:
    """Notes for the log: projects the period says did not report, and zeros that mean 'not reported'."""
    place = ["source_file", "source_row", "report_period", "status"]
    not_reported = projects.loc[projects["is_reported"].eq(False).to_numpy(dtype=bool, na_value=False), place]
    zero_unreported = projects.loc[(projects["budget_is_reported"].eq(False) & projects["budget_mnok"].eq(0))
                                   .to_numpy(dtype=bool, na_value=False), place]
    return [
        Problem(file, "not_reported: period.yml says the project did not report; its status and risk are carried "
                "from the previous period", row=row, column="status", value="" if pd.isna(status) else str(status),
                severity="note", period=period)
        for file, row, period, status in zip(*(list(not_reported[column]) for column in place))
    ] + [
        Problem(file, "zero_budget_not_reported: period.yml says this organisation's zeros mean 'not reported'; "
                "kept as 0", row=row, column="budget_mnok", value="0", severity="note", period=period)
        for file, row, period, _ in zip(*(list(zero_unreported[column]) for column in place))
    ]
