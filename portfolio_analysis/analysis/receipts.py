"""The facts of one organisation's submission for a period, as the office tells them back to it: what was read
from which file, what changed against its previous submission, what is missing from its file and what happens to
it, and every problem the intake found in its files. An organisation that sent nothing gets the facts of a
reminder instead: its projects carried forward, when they were last assessed, and the period's deadline.

Built from :func:`pipeline.build.check_portfolio`, which reads and checks every file without writing anything,
so a receipt can be made for a period that still has errors: that is when an organisation most needs one.

    found = pa.receipts("e-helse", "2020-07")                 # one Receipt per organisation expected or sending
    found = pa.receipts("e-helse", "2020-07", "Helse Nord RHF")
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..intake.stale import differs
from ..pipeline.build import check_portfolio
from ..pipeline.run import Outputs
from ..settings.paths import data_dir as resolve_data_dir
from ..settings.periods import PeriodSpec, discover_periods
from ..settings.problems import InputError, Problem
from ..settings.profile import Profile, load_profile

SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}
DATE_COLUMNS = ("planned_start", "planned_end")
PROJECT = ["project_id", "project_name"]


@dataclass(frozen=True)
class Receipt:
    """What the office read of one organisation's submission for ``period`` (or, where ``sent`` is False, what
    it will send as a reminder). Every table holds ``project_id`` and ``project_name`` and is empty when there
    is nothing to say; ``previous`` is None in a portfolio's first period, and the changes are not known
    (``changes_known`` False) where the previous period publishes no per-project values."""

    portfolio: str
    period: str
    organisation: str
    sent: bool
    previous: str | None
    changes_known: bool
    values_published: bool  # False: the period publishes no per-project values (they are unknown, not blank)
    deadline: dt.date | None
    files: pd.DataFrame  # file (as the messages name it), name, rows, projects
    projects: pd.DataFrame  # the rows read: project_id, project_name, ratings, money, source_file, source_row
    rating_moves: pd.DataFrame  # project_id, project_name, rating (status, risk), before, after
    money_changes: pd.DataFrame  # project_id, project_name, before, after, change, year_before, year_after
    date_changes: pd.DataFrame  # project_id, project_name, date (planned_start, planned_end), before, after
    joined: pd.DataFrame  # new in its file: in no list of the previous period
    left: pd.DataFrame  # named by a leavers table: project_id, project_name, destination
    moved: pd.DataFrame  # now in another organisation's list: project_id, project_name, organisation
    missing: pd.DataFrame  # in its previous submission, not in its file, not named by a leavers table
    carried: pd.DataFrame  # values carried forward: project_id, project_name, ratings, money, carried_from
    previous_carried: pd.DataFrame = field(default_factory=pd.DataFrame)  # its previous rows that were carried
    # (project_id, project_name, carried_from): the changes are counted against values from that earlier period
    problems: list[Problem] = field(default_factory=list)  # of its files and rows: errors, warnings, notes
    unread_files: list[Problem] = field(default_factory=list)  # errors of the period's files no organisation is known for

    @property
    def nothing_changed(self) -> bool:
        """True where its file repeats its previous submission: no rating, money or date moved, nothing joined,
        left, moved or went missing."""
        return self.changes_known and not any(len(frame) for frame in (
            self.rating_moves, self.money_changes, self.date_changes, self.joined, self.left, self.moved, self.missing))

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def not_receivable(profile: Profile) -> str | None:
    """Why a portfolio has no receipts (one published list, nobody sends), or None."""
    if profile.intake == "submissions":
        return None
    return (f"{profile.name} is published as one list for the whole portfolio (intake: {profile.intake}): nobody "
            "sends a submission, so there is no receipt to write")


def receipts(portfolio: str, period: str | None = None, organisation: str | None = None,
             data_dir=None) -> list[Receipt]:
    """A :class:`Receipt` per organisation expected in ``period`` (default: the latest) or sending in it, in
    name order; only ``organisation``'s where given (any spelling the organisation map knows). Raises
    :class:`InputError` for a period or organisation the data do not have, and ``ValueError`` for a portfolio
    nobody sends to (``intake: published_list``)."""
    data = resolve_data_dir(data_dir)
    profile = load_profile(data, portfolio)
    refused = not_receivable(profile)
    if refused:
        raise ValueError(refused)
    outputs = check_portfolio(portfolio, data)
    specs = {spec.key: spec for spec in discover_periods(profile, data)[0]}
    return receipts_of(outputs, profile, specs[chosen_period(outputs, portfolio, period)], organisation)


def chosen_period(outputs: Outputs, portfolio: str, period: str | None) -> str:
    periods = outputs.periods["report_period"].tolist()
    if period is None:
        return periods[-1]
    if period not in periods:
        raise InputError([Problem("<command line>", f"portfolio {portfolio!r} has no period {period}", column="period",
                                  value=period, expected="one of " + ", ".join(periods))])
    return period


def receipts_of(outputs: Outputs, profile: Profile, period: PeriodSpec, organisation: str | None = None
                ) -> list[Receipt]:
    """The receipts of one period from a check's outputs (see :func:`receipts`)."""
    facts = outputs.submissions[outputs.submissions["report_period"] == period.key]
    facts = facts[facts["expected"] | facts["sent"]].sort_values("actor")
    known = facts["actor"].tolist()
    if organisation is not None:
        known = [chosen_organisation(organisation, known, profile, period.key)]
    periods = outputs.periods["report_period"].tolist()
    at = periods.index(period.key)
    previous = periods[at - 1] if at else None
    published = dict(zip(periods, outputs.periods["project_values_published"].tolist()))
    context = PeriodRows(outputs, profile, period, previous)
    unread = unread_file_errors(outputs, period.key)
    changes_known = bool(previous and published[previous] and published[period.key])
    return [receipt_for(context, row, changes_known, bool(published[period.key]), unread)
            for row in facts[facts["actor"].isin(known)].itertuples()]


def chosen_organisation(name: str, known: list[str], profile: Profile, period: str) -> str:
    """``name`` as the period's list of organisations spells it (through the organisation map, any case)."""
    canonical = profile.organisations.canonical(name) or name
    for candidate in known:
        if candidate.casefold() in (name.casefold(), canonical.casefold()):
            return candidate
    raise InputError([Problem("<command line>", f"no organisation named {name!r} is expected in or sent a submission "
                              f"for {period}", column="organisation", value=name,
                              expected="one of " + "; ".join(known))])


@dataclass(frozen=True)
class PeriodRows:
    """What every receipt of a period looks at, selected once: the period's rows, the previous period's, the rows
    of the period's leavers tables, the ratings and the money the profile compares."""

    outputs: Outputs
    profile: Profile
    spec: PeriodSpec
    previous: str | None

    @cached_property
    def now(self) -> pd.DataFrame:
        projects = self.outputs.projects
        return projects[projects["report_period"] == self.spec.key]

    @cached_property
    def before(self) -> pd.DataFrame:
        projects = self.outputs.projects
        return projects[projects["report_period"] == self.previous] if self.previous else projects.iloc[:0]

    @cached_property
    def leavers(self) -> pd.DataFrame:
        changes = self.outputs.reported_changes
        return changes[(changes["report_period"] == self.spec.key) & (changes["change"] == "left")]

    @cached_property
    def ratings(self) -> list[str]:
        return [column for column in self.profile.rated_columns if column in self.outputs.projects]

    @property
    def money(self) -> str:
        return self.profile.money


def receipt_for(context: PeriodRows, fact, changes_known: bool, values_published: bool, unread: list[Problem]
                ) -> Receipt:
    """One organisation's receipt from its row of the submissions table."""
    organisation, now, before = fact.actor, context.now, context.before
    files = [f for f in str(fact.files or "").split("; ") if f] if fact.sent else []
    sent_rows = now[now["source_file"].isin(files) & now["actor"].eq(organisation).fillna(False)]
    mine_before = before[before["actor"].eq(organisation).fillna(False)]
    leavers = context.leavers
    left_ids = set(leavers["project_id"].dropna().tolist())
    mine_left = leavers[leavers["project_id"].isin(mine_before["project_id"])
                        | leavers["actor"].eq(organisation).fillna(False)]
    elsewhere = now[now["actor"].ne(organisation).fillna(True) & now["project_id"].isin(mine_before["project_id"])]
    gone = mine_before[~mine_before["project_id"].isin(now["project_id"]) & ~mine_before["project_id"].isin(left_ids)]
    pairs = paired(sent_rows if changes_known else sent_rows.iloc[:0], before)
    return Receipt(
        portfolio=context.profile.name, period=context.spec.key, organisation=organisation, sent=bool(fact.sent),
        previous=context.previous, changes_known=changes_known, values_published=values_published,
        deadline=context.spec.deadline,
        files=files_read(files, sent_rows),
        projects=sent_rows[[*PROJECT, *context.ratings, context.money, "budget_year", "source_file", "source_row"]
                           ].reset_index(drop=True),
        rating_moves=rating_moves(pairs, context.ratings),
        money_changes=money_changes(pairs, context.money),
        date_changes=date_changes(pairs),
        joined=(sent_rows[~sent_rows["project_id"].isin(before["project_id"])][PROJECT].reset_index(drop=True)
                if context.previous else sent_rows[PROJECT].iloc[:0]),
        left=mine_left[[*PROJECT, "destination"]].reset_index(drop=True),
        moved=elsewhere[[*PROJECT, "actor"]].rename(columns={"actor": "organisation"}).reset_index(drop=True),
        missing=gone[PROJECT].reset_index(drop=True),
        carried=carried_rows(now, organisation, context),
        previous_carried=mine_before.loc[mine_before["carried_from"].notna(), [*PROJECT, "carried_from"]
                                         ].reset_index(drop=True),
        problems=problems_of(context, organisation, files, now),
        unread_files=[] if fact.sent else unread,
    )


def files_read(files: list[str], rows: pd.DataFrame) -> pd.DataFrame:
    """Each file of the submission: its name, the rows read from it and the projects they name."""
    counts = [(file, Path(file).name, int((rows["source_file"] == file).sum()),
               int(rows.loc[rows["source_file"] == file, "project_id"].nunique())) for file in files]
    return pd.DataFrame(counts, columns=["file", "name", "rows", "projects"])


def paired(rows: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """The rows read beside the previous period's row of the same project (its columns suffixed ``_before``);
    projects new in the file are left out."""
    earlier = before[before["project_id"].notna()].drop_duplicates("project_id").set_index("project_id")
    continuing = rows[rows["project_id"].isin(earlier.index)].reset_index(drop=True)
    previous = earlier.loc[continuing["project_id"].tolist()].reset_index(drop=True).add_suffix("_before")
    return pd.concat([continuing, previous], axis=1)


def rating_moves(pairs: pd.DataFrame, ratings: list[str]) -> pd.DataFrame:
    """Each rating that moved: from -> to (a rating given or left blank counts as a move from or to not given)."""
    found = values_changed(pairs, ratings, "rating")
    return found.sort_values(["project_id", "rating"], kind="stable").reset_index(drop=True)


def values_changed(pairs: pd.DataFrame, columns: list[str], kind: str) -> pd.DataFrame:
    """One row per project and column whose value differs from its ``<column>_before``: the project, the
    column under ``kind`` (``rating``, ``date``), before and after."""
    frames = []
    for column in columns:
        moved = pairs[differs(pairs[f"{column}_before"], pairs[column]).to_numpy(dtype=bool)]
        frames.append(pd.DataFrame({"project_id": moved["project_id"], "project_name": moved["project_name"],
                                    kind: column, "before": moved[f"{column}_before"].astype(object),
                                    "after": moved[column].astype(object)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*PROJECT, kind, "before",
                                                                                     "after"])


def money_changes(pairs: pd.DataFrame, money: str) -> pd.DataFrame:
    """Each project whose money (the profile's ``money``) changed, was newly given or is no longer given."""
    changed = pairs[differs(pairs[f"{money}_before"], pairs[money]).to_numpy(dtype=bool)]
    before, after = changed[f"{money}_before"].astype("Float64"), changed[money].astype("Float64")
    return pd.DataFrame({
        "project_id": changed["project_id"], "project_name": changed["project_name"], "before": before,
        "after": after, "change": after - before, "year_before": changed["budget_year_before"].astype("Int64"),
        "year_after": changed["budget_year"].astype("Int64"),
    }).reset_index(drop=True)


def date_changes(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each planned date newly given, changed or no longer given, as the data hold it (``2021-12-31``,
    ``2021-Q4``, ``2021``)."""
    found = values_changed(pairs, [column for column in DATE_COLUMNS if column in pairs], "date")
    order = found["date"].map({column: i for i, column in enumerate(DATE_COLUMNS)})
    return found.assign(_order=order).sort_values(["project_id", "_order"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def carried_rows(now: pd.DataFrame, organisation: str, context: PeriodRows) -> pd.DataFrame:
    """The organisation's rows of the period whose values are carried forward, with the period they were last
    assessed in."""
    rows = now[now["actor"].eq(organisation).fillna(False) & now["carried_from"].notna()]
    return rows[[*PROJECT, *context.ratings, context.money, "carried_from"]].reset_index(drop=True)


def problems_of(context: PeriodRows, organisation: str, files: list[str], now: pd.DataFrame) -> list[Problem]:
    """The problems of the period found in the organisation's files: on its rows, or on a file as a whole
    (not on a row another organisation's project is on); errors first, then warnings and notes, in file order."""
    owners = dict(zip(zip(now["source_file"].tolist(), now["source_row"].tolist()), now["actor"].tolist()))
    found = []
    for problem in context.outputs.problems:
        if problem.period != context.spec.key or problem.file not in files:
            continue
        owner = owners.get((problem.file, problem.row))
        if owner is None or pd.isna(owner) or owner == organisation:
            found.append(problem)
    return sorted(found, key=lambda p: (SEVERITY_ORDER.get(p.severity, 3), files.index(p.file), p.row or 0))


def unread_file_errors(outputs: Outputs, period: str) -> list[Problem]:
    """The errors of the period's files from which no organisation's row was read (a file that cannot be read
    at all): the office cannot tell whose it is, so every reminder of the period names them."""
    files = outputs.files[outputs.files["report_period"] == period]
    nobody = set(files.loc[files["organisations"].fillna("").eq("") & files["errors"].gt(0), "file"].tolist())
    return [p for p in outputs.problems if p.period == period and p.severity == "error" and p.file in nobody]
