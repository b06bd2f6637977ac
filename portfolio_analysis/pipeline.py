"""The whole build of one portfolio: find its files, read them, clean them, check them, assemble."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from . import checks, cleaning_log
from . import cleaning as c
from .checklist import files_table, submissions_table
from .intake import FileIntake, take_in_period
from .maps import RatingScale, missing_markers, rating_scale
from .paths import display_path
from .problems import InputError, Problem
from .periods import PeriodSpec, published_count_warnings
from .profile import PERIOD_FILE, Profile
from .reading import IGNORED, TEXT, TRANSPOSED
from .submissions import carry_forward, check_file_organisations

PANEL_COLUMNS = [
    "report_period", "project_id", "project_name", "actor", "actor_group", "focus_area_code", "focus_area_name",
    "strategic_area", "strategic_area_name", "owner", "status", "risk", "budget_mnok", "budget_year",
    "is_reported", "budget_is_reported", "carried_from", "status_marker", "risk_marker", "budget_marker", "source_file",
    "source_row",
]
CHANGE_COLUMNS = ["report_period", "change", "project_id", "project_name", "actor", "actor_group", "budget_mnok",
                  "destination", "source_file", "source_row"]
CHANGE_KINDS = {"joiners": "joined", "leavers": "left"}


@dataclass
class Outputs:
    """Everything a build produces for one portfolio."""

    projects: pd.DataFrame
    periods: pd.DataFrame
    reported_changes: pd.DataFrame
    quality_log: pd.DataFrame
    submissions: pd.DataFrame  # per period and organisation: sent or not, files, rows, carried, gone missing
    files: pd.DataFrame  # per file of every period folder: the table it holds, or why it is not used
    problems: list[Problem]
    input_files: list[Path]  # the files used


@dataclass
class TableRows:
    """The raw rows of one kind of table from every period, and what reading them found."""

    frame: pd.DataFrame
    headers: dict[tuple[str, str], str]  # (source_file, column) -> header as written
    budget_years: dict[str, int]  # report_period -> year the budget column names
    problems: list[Problem]


def build_outputs(profile: Profile, periods: list[PeriodSpec], data: Path,
                  period_problems: list[Problem] = ()) -> Outputs:
    """Reads and cleans every table of the portfolio. Errors are returned in ``problems``, never raised
    half-way, so one run reports everything that is wrong."""
    files, read_problems = [], list(profile.problems) + list(period_problems)
    for period in periods:
        taken, found = take_in_period(profile, period, data)
        files += taken
        read_problems += found
    tables = {kind: read_kind(profile, kind, [f for f in files if f.used and f.table == kind])
              for kind in profile.tables}
    with_values = {period.key for period in periods if period.project_values_published}
    scales = period_scales(profile, periods, data)
    cleaned, logs, clean_problems, shown_problems = {}, [], [], []
    for kind, rows in tables.items():
        read_problems += rows.problems
        # Only project lists carry status and risk; a blank there is worth a note.
        frame, log, found = clean_rows(rows.frame, profile, with_values if kind == "projects" else set(), scales)
        found = [as_record(p, profile) for p in found]
        clean_problems += found
        shown_problems += [with_header(p, rows.headers) for p in found]
        cleaned[kind] = frame
        logs.append(log)
    by_key = {period.key: period for period in periods}
    submitted = assemble_projects(cleaned["projects"], by_key, tables["projects"].budget_years, profile)
    changes = assemble_changes(cleaned)
    carried = carry_forward(submitted, periods, changes, profile, scales,
                            {p.key: display_path(p.folder, data) for p in periods})
    projects = carried.panel[PANEL_COLUMNS]
    reporting_notes = note_reporting(submitted)
    intake_problems = (check_file_organisations(submitted) + carried.problems
                       + published_count_warnings(periods, projects["report_period"].value_counts().to_dict(), data))
    problems = read_problems + shown_problems + reporting_notes + intake_problems
    logs.append(cleaning_log.problems_to_log([p for p in read_problems + clean_problems + reporting_notes + intake_problems
                                   if p.severity != "error"]))
    return Outputs(
        projects=projects,
        periods=assemble_periods(periods, projects, tables["projects"].budget_years, profile),
        reported_changes=changes,
        quality_log=sort_log(pd.concat([cleaning_log.empty_log(), *(log for log in logs if len(log))], ignore_index=True)),
        submissions=submissions_table(carried.facts, submitted, problems),
        files=files_table(files, submitted, problems),
        problems=problems,
        input_files=sorted(f.path for f in files if f.used),
    )


def period_scales(profile: Profile, periods: list[PeriodSpec], data: Path) -> dict[str, RatingScale]:
    """The scale each period rates on. A period's own scale must use the profile scale's labels, in its
    order (a 3-level Green/Amber/Red inside the 5-level one), so one panel column holds both."""
    scales = {}
    for period in periods:
        scale = rating_scale(period.rating_scale) if period.rating_scale else profile.scale
        order = [label for label in profile.scale.labels if label in scale.labels]
        if order != list(scale.labels):
            raise InputError([Problem(display_path(period.folder / PERIOD_FILE, data), "the period's rating scale does not "
                                      "fit inside the portfolio's", column="rating_scale", value=scale.name,
                                      expected="a scale whose labels are among " + ", ".join(profile.scale.labels))])
        scales[period.key] = scale
    return scales


def as_record(problem: Problem, profile: Profile) -> Problem:
    """In a transposed file a project's number is its column, and messages say so."""
    return replace(problem, record="column") if profile.layout == TRANSPOSED and problem.row is not None else problem


def read_kind(profile: Profile, kind: str, taken: list[FileIntake]) -> TableRows:
    """The rows of every file taken as one kind of table, as text under the standard columns."""
    frames, places, headers, years, problems = [], [], {}, {}, []
    for intake in taken:
        table, shown, period = intake.raw, intake.shown, intake.period
        if "source_row" not in table.frame:  # no header: no rows to check
            continue
        if kind == "projects" and not any(table.frame[c].str.strip().ne("").any() for c in table.headers):
            problems.append(Problem(shown, "the project list has a header but no rows", period=period.key,
                                    expected="one row per project below the header"))
        headers.update({(shown, column): header for column, header in table.headers.items()})
        if table.budget_year is not None:
            years[period.key] = table.budget_year
        frames.append(table.frame)
        places.append((period.key, shown))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"source_row": []})
    if frames:  # each file's period and name, repeated over its rows
        lengths = [len(table) for table in frames]
        frame["report_period"] = np.repeat(np.array([key for key, _ in places], dtype=object), lengths)
        frame["source_file"] = np.repeat(np.array([shown for _, shown in places], dtype=object), lengths)
    text = {column: frame[column].astype(TEXT).fillna("") if column in frame
            else pd.Series("", index=frame.index, dtype=TEXT) for column in c.TEXT_COLUMNS + c.MARKER_COLUMNS}
    frame = pd.DataFrame({
        "report_period": frame.get("report_period", pd.Series(dtype=object)).astype(object),
        "source_file": frame.get("source_file", pd.Series(dtype=object)).astype(object),
        "source_row": frame["source_row"].astype("int64"),
        **text,
        IGNORED: frame[IGNORED].astype(TEXT).fillna("") if IGNORED in frame else pd.Series("", index=frame.index,
                                                                                        dtype=TEXT),
    }, index=frame.index)
    return TableRows(frame, headers, years, problems)


def clean_rows(frame: pd.DataFrame, profile: Profile, periods_with_values: set[str],
               scales: dict[str, RatingScale] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """The cleaning chain: tidy the text, check it, then interpret it. Returns frame, log and problems."""
    organisations = profile.organisations
    ids = profile.project_ids
    tidy, tidy_log = cleaning_log.run_steps(frame, [
        cleaning_log.Step("bidi_control", c.remove_bidi_controls, c.TEXT_COLUMNS),  # first: a line of only controls is empty
        cleaning_log.Step("empty_line", c.drop_empty_lines),
        cleaning_log.Step("page_footer", lambda f: c.drop_footer_lines(f, profile.footer_lines)),
        cleaning_log.Step("whitespace", c.normalise_whitespace, c.TEXT_COLUMNS),
        cleaning_log.Step("blank_placeholder", lambda f: c.blank_out_placeholders(f, missing_markers()), c.TEXT_COLUMNS),
        cleaning_log.Step("value_marker", lambda f: c.separate_markers(f, profile.value_markers),
               c.TEXT_COLUMNS + c.MARKER_COLUMNS),
        cleaning_log.Step("rating_fallback", c.take_fallback_ratings, c.RATING_COLUMNS + c.MARKER_COLUMNS),
        cleaning_log.Step("currency_affix", lambda f: c.strip_number_affixes(f, profile.number_affixes), ("budget_mnok",)),
    ])
    # ids and budgets read once, for the checks and the steps that parse them; the steps before those leave
    # the ids and budgets alone
    numbers = c.project_ids(tidy["project_id"]) if ids != "text" else None
    budgets = c.read_budgets(tidy, profile.decimal_mark)
    problems = (
        checks.check_bidi_controls(frame)
        + checks.check_project_ids(tidy, ids, numbers) + checks.check_project_names(tidy)
        + checks.check_unique_ids(tidy, ids, numbers)
        + checks.check_ratings(tidy, profile.scale, "status", scales) + checks.check_ratings(tidy, profile.scale, "risk", scales)
        + checks.check_ratings(tidy, profile.scale, "status_fallback", scales)
        + checks.check_ratings(tidy, profile.scale, "risk_fallback", scales)
        + checks.check_budgets(tidy, profile.budget_limit, profile.budget_unit, profile.negative_budgets == "allowed",
                         profile.decimal_mark, budgets)
        + checks.check_names(tidy, profile.name_length_limit)
        + checks.check_focus_areas(tidy) + checks.check_organisations_present(tidy)
        + checks.check_known_organisations(tidy, organisations) + checks.note_owner_lists(tidy)
        + sum((checks.note_blank_ratings(tidy, column, periods_with_values) for column in profile.rated_columns), [])
    )
    clean, clean_log = cleaning_log.run_steps(tidy, [
        cleaning_log.Step("pdf_hyphenation", lambda f: c.mend_hyphenation(f, profile.hyphen_keeps_before),
               ("focus_area", "project_name")),
        cleaning_log.Step("project_id_format", lambda f: c.parse_project_ids(f, ids, numbers), ("project_id",)),
        cleaning_log.Step("rating_label", lambda f: c.map_ratings(f, profile.scale, period_scales=scales), c.RATING_COLUMNS),
        cleaning_log.Step("number_format", lambda f: c.parse_budgets(f, profile.decimal_mark, budgets), ("budget_mnok",)),
        cleaning_log.Step("organisation_alias", lambda f: c.canonicalise_organisations(f, organisations), ("actor",)),
        cleaning_log.Step("organisation_group", lambda f: c.add_organisation_group(f, organisations)),
        cleaning_log.Step("focus_area_split", lambda f: c.split_focus_area(f, profile.strategic_areas)),
    ])
    return clean, pd.concat([tidy_log, clean_log], ignore_index=True), problems


def assemble_projects(clean: pd.DataFrame, periods: dict[str, PeriodSpec], budget_years: dict[str, int],
                      profile: Profile) -> pd.DataFrame:
    """The submitted rows: one per project per period, with what the period files say about reporting
    (the rows carried forward for organisations that sent nothing are added by :mod:`submissions`)."""
    frame = clean.rename(columns={"budget_mnok_marker": "budget_marker"})
    for column in ("project_name", "actor", "owner", "focus_area_code", "focus_area_name", "strategic_area_name",
                   "status_marker", "risk_marker", "budget_marker"):
        frame[column] = frame[column].astype("string").replace("", pd.NA)
    periods_of_rows, keys = pd.factorize(frame["report_period"])
    frame["budget_year"] = pd.array([budget_years.get(key) for key in keys.tolist()] + [None], dtype="Int64").take(
        np.where(periods_of_rows < 0, len(keys), periods_of_rows))
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


def assemble_changes(cleaned: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Joiners and leavers as the period reports list them (Tabell 1 and 2), with where leavers went."""
    frames = [cleaned[kind].assign(change=change) for kind, change in CHANGE_KINDS.items() if kind in cleaned]
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
                "from the previous period", row=row, column="status", value=status or "", severity="note",
                period=period)
        for file, row, period, status in zip(*(list(not_reported[column]) for column in place))
    ] + [
        Problem(file, "zero_budget_not_reported: period.yml says this organisation's zeros mean 'not reported'; "
                "kept as 0", row=row, column="budget_mnok", value="0", severity="note", period=period)
        for file, row, period, _ in zip(*(list(zero_unreported[column]) for column in place))
    ]


def sort_log(log: pd.DataFrame) -> pd.DataFrame:
    """The log in file order, with one type per column (row numbers may be blank for file-level notes)."""
    text = [c for c in log.columns if c != "source_row"]
    log = log.assign(source_row=pd.to_numeric(log["source_row"], errors="coerce").astype("Int64"),
                     **{c: log[c].astype(object).fillna("").astype(str) for c in text})
    return log.sort_values(["report_period", "source_file", "source_row", "column"], kind="stable",
                           na_position="first").reset_index(drop=True)


def with_header(problem: Problem, headers: dict[tuple[str, str], str]) -> Problem:
    """Names a problem's column as the file writes it (``Budsjett 2020``), not by its standard name."""
    header = headers.get((problem.file, problem.column))
    return replace(problem, column=" ".join(header.split())) if header else problem
