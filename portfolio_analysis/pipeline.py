"""The whole build of one portfolio: find its files, read them, clean them, check them, assemble."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from . import cleaning as c
from .maps import RatingScale, column_aliases, missing_markers, rating_scale
from .paths import display_path
from .problems import InputError, Problem, errors_in
from .profile import DATA_SUFFIXES, PERIOD_FILE, PeriodSpec, Profile
from .reading import IGNORED, TEXT, TRANSPOSED, read_table

PANEL_COLUMNS = [
    "report_period", "project_id", "project_name", "actor", "actor_group", "focus_area_code", "focus_area_name",
    "strategic_area", "strategic_area_name", "owner", "status", "risk", "budget_mnok", "budget_year",
    "is_reported", "budget_is_reported", "status_marker", "risk_marker", "budget_marker", "source_file",
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
    problems: list[Problem]
    input_files: list[Path]


@dataclass
class TableRows:
    """The raw rows of one kind of table from every period, and what reading them found."""

    frame: pd.DataFrame
    headers: dict[tuple[str, str], str]  # (source_file, column) -> header as written
    budget_years: dict[str, int]  # report_period -> year the budget column names
    problems: list[Problem]


def build_outputs(profile: Profile, periods: list[PeriodSpec], data: Path) -> Outputs:
    """Reads and cleans every table of the portfolio. Errors are returned in ``problems``, never raised
    half-way, so one run reports everything that is wrong."""
    files, read_problems = locate_tables(profile, periods, data)
    tables = {kind: read_kind(profile, kind, found, data) for kind, found in files.items()}
    with_values = {period.key for period in periods if period.project_values_published}
    scales = period_scales(profile, periods, data)
    cleaned, logs, clean_problems, shown_problems = {}, [], [], []
    for kind, rows in tables.items():
        read_problems += rows.problems
        # Only project lists carry status and risk; a blank there is worth a note.
        frame, log, found = clean_rows(rows.frame, profile, with_values if kind == "projects" else set(), scales)
        found = [_as_record(p, profile) for p in found]
        clean_problems += found
        shown_problems += [_with_header(p, rows.headers) for p in found]
        cleaned[kind] = frame
        logs.append(log)
    by_key = {period.key: period for period in periods}
    projects = assemble_projects(cleaned["projects"], by_key, tables["projects"].budget_years)
    reporting_notes = note_reporting(projects)
    logs.append(c.problems_to_log([p for p in read_problems + clean_problems + reporting_notes
                                   if p.severity != "error"]))
    problems = read_problems + shown_problems + reporting_notes
    return Outputs(
        projects=projects,
        periods=assemble_periods(periods, projects, tables["projects"].budget_years, profile),
        reported_changes=assemble_changes(cleaned),
        quality_log=sort_log(pd.concat([c.empty_log(), *(log for log in logs if len(log))], ignore_index=True)),
        problems=problems,
        input_files=sorted(path for found in files.values() for _, path in found),
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


def _as_record(problem: Problem, profile: Profile) -> Problem:
    """In a transposed file a project's number is its column, and messages say so."""
    return replace(problem, record="column") if profile.layout == TRANSPOSED and problem.row is not None else problem


def locate_tables(profile: Profile, periods: list[PeriodSpec], data: Path):
    """Which file of each period folder holds which table, by the profile's file patterns."""
    files: dict[str, list[tuple[PeriodSpec, Path]]] = {kind: [] for kind in profile.tables}
    problems: list[Problem] = []
    for period in periods:
        candidates = sorted(p for p in period.folder.iterdir() if p.is_file() and p.name != PERIOD_FILE)
        used = set()
        for kind, spec in profile.tables.items():
            matches = [p for p in candidates if p.suffix.lower() in DATA_SUFFIXES
                       and fnmatch.fnmatch(p.name.casefold(), spec.files.casefold())]
            used.update(matches)
            if len(matches) > 1:
                problems.append(Problem(display_path(period.folder, data), f"several files could be the {kind} table",
                                        value=", ".join(p.name for p in matches),
                                        expected=f"one file matching {spec.files!r}"))
            elif matches:
                files[kind].append((period, matches[0]))
            elif kind == "projects":
                problems.append(Problem(display_path(period.folder, data), "the period has no project list",
                                        value=", ".join(p.name for p in candidates) or "(empty folder)",
                                        expected=f"a .csv, .tsv or .xlsx file matching {spec.files!r}"))
        for path in candidates:
            if path not in used and not path.name.startswith("."):
                problems.append(Problem(display_path(path, data), "file not used: it matches no table of the profile",
                                        severity="warning", period=period.key))
    return files, problems


def read_kind(profile: Profile, kind: str, found: list[tuple[PeriodSpec, Path]], data: Path) -> TableRows:
    aliases = column_aliases(profile.column_map)
    frames, headers, years, problems = [], {}, {}, []
    for period, path in found:
        shown = display_path(path, data)
        table = read_table(path, shown, aliases, profile.tables[kind].required, profile.layout, profile.undefined_bytes)
        problems += [replace(p, period=period.key) for p in table.problems]
        if "source_row" not in table.frame:  # unreadable, or no header: no rows to check
            continue
        if kind == "projects" and not any(table.frame[c].str.strip().ne("").any() for c in table.headers):
            problems.append(Problem(shown, "the project list has a header but no rows", period=period.key,
                                    expected="one row per project below the header"))
        headers.update({(shown, column): header for column, header in table.headers.items()})
        if table.budget_year is not None:
            years[period.key] = table.budget_year
        frames.append(table.frame.assign(report_period=period.key, source_file=shown))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"source_row": []})
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
    tidy, tidy_log = c.run_steps(frame, [
        c.Step("empty_line", c.drop_empty_lines),
        c.Step("page_footer", lambda f: c.drop_footer_lines(f, profile.footer_lines)),
        c.Step("whitespace", c.normalise_whitespace, c.TEXT_COLUMNS),
        c.Step("blank_placeholder", lambda f: c.blank_out_placeholders(f, missing_markers()), c.TEXT_COLUMNS),
        c.Step("value_marker", lambda f: c.separate_markers(f, profile.value_markers),
               c.TEXT_COLUMNS + c.MARKER_COLUMNS),
        c.Step("rating_fallback", c.take_fallback_ratings, c.RATING_COLUMNS + c.MARKER_COLUMNS),
        c.Step("currency_affix", lambda f: c.strip_number_affixes(f, profile.number_affixes), ("budget_mnok",)),
    ])
    problems = (
        c.check_project_ids(tidy, ids) + c.check_project_names(tidy) + c.check_unique_ids(tidy, ids)
        + c.check_ratings(tidy, profile.scale, "status", scales) + c.check_ratings(tidy, profile.scale, "risk", scales)
        + c.check_ratings(tidy, profile.scale, "status_fallback", scales)
        + c.check_ratings(tidy, profile.scale, "risk_fallback", scales)
        + c.check_budgets(tidy, profile.budget_limit, profile.budget_unit, profile.negative_budgets == "allowed",
                         profile.decimal_mark)
        + c.check_names(tidy, profile.name_length_limit)
        + c.check_focus_areas(tidy) + c.check_organisations_present(tidy)
        + c.check_known_organisations(tidy, organisations) + c.note_owner_lists(tidy)
        + sum((c.note_blank_ratings(tidy, column, periods_with_values) for column in profile.rated_columns), [])
    )
    clean, clean_log = c.run_steps(tidy, [
        c.Step("pdf_hyphenation", lambda f: c.mend_hyphenation(f, profile.hyphen_keeps_before),
               ("focus_area", "project_name")),
        c.Step("project_id_format", lambda f: c.parse_project_ids(f, ids), ("project_id",)),
        c.Step("rating_label", lambda f: c.map_ratings(f, profile.scale, period_scales=scales), c.RATING_COLUMNS),
        c.Step("number_format", lambda f: c.parse_budgets(f, profile.decimal_mark), ("budget_mnok",)),
        c.Step("organisation_alias", lambda f: c.canonicalise_organisations(f, organisations), ("actor",)),
        c.Step("organisation_group", lambda f: c.add_organisation_group(f, organisations)),
        c.Step("focus_area_split", lambda f: c.split_focus_area(f, profile.strategic_areas)),
    ])
    return clean, pd.concat([tidy_log, clean_log], ignore_index=True), problems


def assemble_projects(clean: pd.DataFrame, periods: dict[str, PeriodSpec], budget_years: dict[str, int]) -> pd.DataFrame:
    """The panel: one row per project per period, with what the period files say about reporting."""
    frame = clean.rename(columns={"budget_mnok_marker": "budget_marker"})
    for column in ("project_name", "actor", "owner", "focus_area_code", "focus_area_name", "strategic_area_name",
                   "status_marker", "risk_marker", "budget_marker"):
        frame[column] = frame[column].astype("string").replace("", pd.NA)
    frame["budget_year"] = pd.array(frame["report_period"].map(budget_years), dtype="Int64")
    frame["is_reported"] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    frame["budget_is_reported"] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    for key, rows in frame.groupby("report_period", sort=False).groups.items():
        part = frame.loc[rows]
        frame.loc[rows, "is_reported"] = is_reported(part, periods[key])
        frame.loc[rows, "budget_is_reported"] = budget_is_reported(part, periods[key])
    frame["report_period"] = frame["report_period"].astype("string")
    frame["source_file"] = frame["source_file"].astype("string")
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame[PANEL_COLUMNS].sort_values(["report_period", "project_id"], kind="stable").reset_index(drop=True)


def is_reported(rows: pd.DataFrame, period: PeriodSpec) -> pd.Series:
    """True: the owner sent this period's status. False: the period says it did not. NA: unknown
    (the period publishes no values, or says only that *most* of an organisation's projects did not)."""
    if not period.project_values_published:
        return pd.Series(pd.NA, index=rows.index, dtype="boolean")
    reported = pd.Series(True, index=rows.index, dtype="boolean")
    reported[rows["actor"].isin(period.not_reported_unclear_organisations).fillna(False).to_numpy()] = pd.NA
    reported[rows["project_id"].isin(period.not_reported_ids).fillna(False).to_numpy()] = False
    return reported


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
    not_reported = projects[projects["is_reported"].eq(False)]
    zero_unreported = projects[projects["budget_is_reported"].eq(False) & projects["budget_mnok"].eq(0)]
    return [
        Problem(row.source_file, "not_reported: period.yml says the project did not report; its status and risk "
                "are carried from the previous period", row=row.source_row, column="status", value=row.status or "",
                severity="note", period=row.report_period)
        for row in not_reported.itertuples()
    ] + [
        Problem(row.source_file, "zero_budget_not_reported: period.yml says this organisation's zeros mean 'not "
                "reported'; kept as 0", row=row.source_row, column="budget_mnok", value="0", severity="note",
                period=row.report_period)
        for row in zero_unreported.itertuples()
    ]


def sort_log(log: pd.DataFrame) -> pd.DataFrame:
    """The log in file order, with one type per column (row numbers may be blank for file-level notes)."""
    text = [c for c in log.columns if c != "source_row"]
    log = log.assign(source_row=pd.to_numeric(log["source_row"], errors="coerce").astype("Int64"),
                     **{c: log[c].astype(object).fillna("").astype(str) for c in text})
    return log.sort_values(["report_period", "source_file", "source_row", "column"], kind="stable",
                           na_position="first").reset_index(drop=True)


def _with_header(problem: Problem, headers: dict[tuple[str, str], str]) -> Problem:
    """Names a problem's column as the file writes it (``Budsjett 2020``), not by its standard name."""
    header = headers.get((problem.file, problem.column))
    return replace(problem, column=" ".join(header.split())) if header else problem
