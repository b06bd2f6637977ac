"""Writing a synthetic portfolio's raw files: project lists (one combined list per period, or one file per
organisation), ``period.yml``, the joiners and leavers tables, the profile and the organisation maps.

Every file says it holds SYNTHETIC data (syntetiske data): the first line of every table, every period title,
the profile and the organisation maps. The same content gives the same bytes (xlsx included).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..settings.profile import PERIOD_FILE
from .catalogue import (ALIASES, COST_REASONS, ENGLISH_HEADER_ORGANISATIONS, EXTENSIONS, FIXED_ZIP_TIME, FOOTER,
                        JOINERS_FILE, LEAVERS_FILE, MONTHS, ORGANISATIONS, PROJECT_FILE, SUBMISSION_FILES, TITLE)
from .details import COMMENTS
from .spellings import budget_text, cost_cells, date_cell, money_cells, raw_text

HEADER = ("Innsatsområde", "ID", "Prosjektnavn", "Ansvarlig virksomhet", "Prosjekteier", "Status", "Risiko",
          "Budsjett {year}")
ENGLISH_HEADER = ("Focus area", "ID", "Project name", "Organisation", "Owner", "Status", "Risk", "Budget {year}")
# The details' columns (details=True), after the others, as the column map (maps/columns.csv) names them: the
# template's names, and in an organisation's own file (submissions="per_organisation") one of the variants
# organisations write (by organisation index), or English.
DETAIL_HEADERS = (
    ("Planlagt startdato", "Planlagt sluttdato", "Budsjett {next_year}", "Prognose {year}", "Totalkostnad",
     "Kommentar til status", "Kommentar til risiko", "Kommentar til fremdrift", "Kommentar til kostnad"),
    ("Startdato", "Sluttdato", "Budsjett {next_year} (mill)", "Prognose", "Total kostnad",
     "Statuskommentar", "Risikokommentar", "Fremdriftskommentar", "Budsjettkommentar"),
    ("Oppstart", "Ferdigdato", "Budsjett {next_year} (MNOK)", "Prognose {year}", "Totalkostnad",
     "Begrunnelse status", "Begrunnelse risiko", "Kommentar til fremdrift", "Kommentar til budsjett"),
)
ENGLISH_DETAIL_HEADER = ("Planned start", "Planned end", "Budget {next_year}", "Forecast", "Whole-life cost",
                         "Status comment", "Risk comment", "Schedule comment", "Cost comment")


def period_title(key: str) -> str:
    year, month = key.split("-")
    return f"Simulert portefølje {MONTHS[int(month) - 1]} {year} (syntetiske data)"


def footer(key: str) -> str:
    year, month = key.split("-")
    return FOOTER.format(month=MONTHS[int(month) - 1], year=year)


def combined_file_name(fmt: str) -> str:
    """The period's one synthetic project list (submissions="combined")."""
    return f"{PROJECT_FILE}.{EXTENSIONS[fmt]}"


def submission_file_name(key: str, organisation: int, fmt: str) -> str:
    """One synthetic organisation's own file for a period: a name pattern per organisation, the format's
    extension."""
    name, _group, short, _weight = ORGANISATIONS[organisation]
    year, month = key.split("-")
    stem = SUBMISSION_FILES[organisation % len(SUBMISSION_FILES)].format(
        month=MONTHS[int(month) - 1], year=year, mm=month, key=key, organisation=name, short=short)
    return f"{stem}.{EXTENSIONS[fmt]}"


def write_project_list(path: Path, key: str, fmt: str, rows: pd.DataFrame, cells: pd.DataFrame, rng, quirks: bool,
                       title: str, english: bool = False, variant: int = 0,
                       transposed: bool = False) -> tuple[int, np.ndarray]:
    """Writes synthetic project rows (Vedlegg 1 columns, Norwegian or English headers, a title line saying
    SYNTETISKE DATA; the details' columns where ``cells``, the rows' sources, has them) to ``path`` in ``fmt``;
    ``transposed``: labels down the first column, one project per further column (text formats only). Returns
    the number of lines below its header and the truth's index labels of the rows whose owner was written
    ``(blank)``."""
    rows = rows.sort_values(["focus_area_code", "project_id"], kind="stable")
    raw = raw_text(rows, rng, quirks)
    semicolon = fmt == "csv-semicolon-cp1252"
    more = detail_cells(key, fmt, rows, cells.loc[rows.index], raw["thousands"] if semicolon and quirks else None)
    names = (ENGLISH_HEADER if english else HEADER) + (
        (ENGLISH_DETAIL_HEADER if english else DETAIL_HEADERS[variant % len(DETAIL_HEADERS)]) if more else ())
    header = [cell.format(year=key[:4], next_year=int(key[:4]) + 1) for cell in names]
    ids = rows["project_id"].to_numpy()
    if fmt == "xlsx":  # numbers as numbers, empty cells as empty
        ids_written = [int(i) for i in ids]
        budgets = [None if pd.isna(b) else (int(b) if float(b).is_integer() else float(b)) for b in rows["budget_mnok"]]
    else:
        ids_written = [str(i) for i in ids]
        budgets = budget_text(rows["budget_mnok"], "," if semicolon else ".",
                              raw["thousands"] if semicolon and quirks else None)
    body = [[raw["focus"][i], ids_written[i], raw["name"][i], raw["actor"][i], raw["owner"][i], raw["status"][i],
             raw["risk"][i], budgets[i], *(column[i] for column in more)] for i in range(len(rows))]
    if quirks:  # a page footer inside the table, as a PDF export leaves it, and an empty line
        body.insert(int(rng.integers(len(body) + 1)), [footer(key)])
        body.insert(int(rng.integers(len(body))), [])  # never last: a spreadsheet drops trailing empty rows
    if fmt == "xlsx":
        titles = [[title]] + ([["Ingen ekte prosjekter: alle verdier er simulert"]] if rng.random() < 0.5 else [])
        values = [[None if cell == "" else cell for cell in row] for row in body]
        write_xlsx(path, [*titles, header, *values], key)
    elif fmt == "tsv":
        write_text(path, [[title], header, *body], "\t", "utf-8", "\n", transposed)
    elif fmt == "csv":
        write_text(path, [[title], header, *body], ",", "utf-8-sig", "\n", transposed)
    else:
        write_text(path, [[title], header, *body], ";", "cp1252", "\r\n", transposed)
    return len(body), rows.index.to_numpy()[raw["blank_owner"]]


def format_of(formats: tuple[str, ...], t: int, organisation, per_organisation: bool):
    """The format of period ``t``'s synthetic list (combined), or of an organisation's own file (per
    organisation); ``organisation`` may be an array of indices."""
    return np.asarray(formats, dtype=object)[(organisation + t if per_organisation else t) % len(formats)]


def windows_1252_rows(formats: tuple[str, ...], actor: np.ndarray, periods: int, per_organisation: bool) -> np.ndarray:
    """Per synthetic project (``actor``: its organisation) and period: its row would be written to a
    Windows-1252 file."""
    return np.stack([np.broadcast_to(format_of(formats, t, actor, per_organisation) == "csv-semicolon-cp1252",
                                     actor.shape) for t in range(periods)], axis=1)


def write_project_lists(folder: Path, key: str, t: int, rows: pd.DataFrame, cells: pd.DataFrame, rng,
                        formats: tuple[str, ...], quirks: bool, seed: int, per_organisation: bool,
                        transposed: bool = False) -> tuple[int, list[np.ndarray], dict]:
    """Writes period ``t``'s synthetic project-list files from its file rows (``cells``: their sources, on the
    same index, with the organisation index and the details' cells): one combined list, or one file per
    sending organisation in its own format and name. Returns the lines below the headers, the rows written
    with a ``(blank)`` owner and {(t, organisation): file name}."""
    actor = cells["organisation"].to_numpy()
    if not per_organisation:
        fmt = format_of(formats, t, 0, False)
        name = combined_file_name(fmt)
        title = f"SYNTETISKE DATA: simulert prosjektliste {key} (seed {seed})"
        lines, blank = write_project_list(folder / name, key, fmt, rows, cells, rng, quirks, title,
                                          transposed=transposed)
        return lines, [blank], {(t, int(o)): name for o in np.unique(actor)}
    lines, blanks, names = 0, [], {}
    for o in np.unique(actor):
        fmt = format_of(formats, t, int(o), True)
        name = submission_file_name(key, int(o), fmt)
        title = f"SYNTETISKE DATA: simulert innmelding {key} fra {ORGANISATIONS[o][0]} (seed {seed})"
        written, blank = write_project_list(folder / name, key, fmt, rows[actor == o], cells[actor == o], rng,
                                            quirks, title, english=int(o) in ENGLISH_HEADER_ORGANISATIONS,
                                            variant=int(o), transposed=transposed)
        lines += written
        blanks.append(blank)
        names[(t, int(o))] = name
    return lines, blanks, names


def detail_cells(key: str, fmt: str, rows: pd.DataFrame, cells: pd.DataFrame,
                 thousands: np.ndarray | None) -> list[list]:
    """The details' columns of the rows (DETAIL_HEADERS' order) as written in ``fmt``; none where the sources
    hold no details (details=False)."""
    if "end_day" not in cells:
        return []
    workbook, decimal = fmt == "xlsx", "," if fmt == "csv-semicolon-cp1252" else "."

    def dates(prefix: str) -> list:
        parts = (cells[f"{prefix}_{part}"].to_numpy() for part in ("day", "precision", "reason", "form"))
        return [date_cell(*values, key, workbook) for values in zip(*parts)]

    def tenths(column: str) -> np.ndarray:
        return np.where(rows[column].isna(), -1, np.rint(rows[column].fillna(0).to_numpy() * 10)).astype(np.int64)

    def comments(column: str) -> list:
        return ["" if text is None else text for text in rows[column]]

    return [dates("start"), dates("end"), money_cells(tenths("budget_next_year"), decimal, thousands, workbook),
            money_cells(tenths("forecast"), decimal, thousands, workbook),
            cost_cells(tenths("whole_life_cost"), cells["cost_reason"].to_numpy(), decimal, thousands, workbook),
            *(comments(name) for name in COMMENTS)]


def write_text(path: Path, rows: list[list[str]], delimiter: str, encoding: str, newline: str,
               transposed: bool = False) -> None:
    """Rows as delimited text; ``transposed``: turned round, each row a column (a title row becomes a first
    column holding the title at its top, as the reader skips title rows)."""
    if transposed:
        width = max(len(row) for row in rows)
        rows = [list(column) for column in zip(*[list(row) + [""] * (width - len(row)) for row in rows])]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, rows: list[list], key: str) -> None:
    """A synthetic .xlsx workbook whose bytes depend only on its content (fixed timestamps inside and in the
    zip), titled as synthetic data in its first row and its document properties."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Syntetiske data"
    for row in rows:
        sheet.append(row)
    stamp = dt.datetime(int(key[:4]), int(key[5:7]), 1)
    workbook.properties.title = "Syntetiske data (simulert prosjektliste)"
    workbook.properties.creator = "portfolio_analysis.simulate"
    workbook.properties.created = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), content)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), content, zipfile.ZIP_DEFLATED)


def write_period_yml(folder: Path, key: str, rows: pd.DataFrame, in_file: np.ndarray, seed: int) -> None:
    """The synthetic period's ``period.yml``: title (syntetiske data), as-of date, the number of projects in
    the period's panel (carried ones included), and the file rows that did not report."""
    not_reported = np.sort(rows.loc[in_file & ~rows["is_reported"].to_numpy(bool), "project_id"].to_numpy())
    year, month = int(key[:4]), int(key[5:7])
    as_of = dt.date(year - (month == 1), (month - 2) % 12 + 1, 20)  # submissions due the month before
    content = {
        "title": period_title(key),
        "as_of": as_of,
        "source": f"Syntetiske data laget av portfolio_analysis.simulate (seed {seed}); ingen ekte prosjekter",
        "synthetic": True,
        "project_values": "published",
        "published": {"projects": len(rows)},
    }
    text = ("# SYNTETISKE DATA (synthetic data) written by portfolio_analysis.simulate: not a real period.\n"
            + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
            + "not_reported:\n  # values carried from the previous period\n"
            + f"  project_ids: [{', '.join(str(int(i)) for i in not_reported)}]\n")
    (folder / PERIOD_FILE).write_text(text, encoding="utf-8")


def write_change_tables(folder: Path, key: str, moved: pd.DataFrame, now: pd.DataFrame, before: pd.DataFrame,
                        rng, quirks: bool, transposed: bool = False) -> None:
    """Synthetic Tabell 1 (joiners, with this period's budget) and Tabell 2 (the leavers that have a
    destination, as they were last period, with where they went), from ``now``'s and ``before``'s truth
    rows."""
    joined = rows_of(now, moved.loc[moved["change"] == "joined", "project_id"])
    raw = raw_text(joined, rng, quirks)
    budgets = budget_text(joined["budget_mnok"])
    rows = list(zip(joined["project_id"].astype(str), raw["name"], raw["actor"], budgets))
    header = ["ID", "Prosjekt", "Ansvarlig virksomhet", f"Budsjett {key[:4]} (mill)"]
    write_text(folder / JOINERS_FILE, [[f"SYNTETISKE DATA: nye prosjekter {key}"], header, *rows], "\t", "utf-8", "\n",
               transposed)
    leavers = moved[(moved["change"] == "left") & moved["destination"].notna()]
    left = rows_of(before, leavers["project_id"])
    raw = raw_text(left, rng, quirks)
    rows = list(zip(left["project_id"].astype(str), raw["name"], raw["actor"], leavers["destination"]))
    write_text(folder / LEAVERS_FILE, [[f"SYNTETISKE DATA: prosjekter ut {key}"],
                                       ["ID", "Prosjekt", "Ansvarlig virksomhet", "Veien videre"], *rows],
               "\t", "utf-8", "\n", transposed)


def rows_of(rows: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """The synthetic truth rows of one period (sorted by id) for ``ids``, in their order."""
    return rows.iloc[np.searchsorted(rows["project_id"].to_numpy(), ids.to_numpy())]


def profile_text(portfolio: str, seed: int, layout: str = "rows", value_markers: bool = True) -> str:
    """The synthetic profile; ``value_markers``: it names the value markers beside it (the details' reasons)."""
    layout = "layout: transposed                            # labels down column A, one project per column\n" if (
        layout == "transposed") else ""
    markers = ("value_markers: value_markers.csv              # why a date or a whole-life cost is not given "
               "(withheld)\n") if value_markers else ""
    return f"""\
# SYNTETISKE DATA (synthetic data): written by portfolio_analysis.simulate with seed {seed}.
# Invented projects, organisations and people for tests and benchmarks; no real portfolio.
name: {portfolio}
title: {TITLE}
synthetic: true
publisher: portfolio_analysis.simulate (syntetiske data)
language: nb
currency: NOK
budget_unit: mill. kr
rating_scale: rag-nb
organisations: organisations.csv              # beside this file (synthetic organisations)
organisation_aliases: organisation_aliases.csv
{markers}{layout}default_organisation_group: andre
strategic_areas: e-helse/strategic_areas.csv  # the package's map: Nasjonal e-helsestrategi's six areas
footer_lines:
  - '^Syntetisk portefølje \\w+ \\d{{4}}$'
hyphen_keeps_before: [og, eller, samt, til]
tables:
  projects:
    files: '*prosjektliste*'
    required: [project_id, project_name, actor, status, risk, budget_mnok]
  joiners:
    files: '*nye_prosjekter*'
    required: [project_id, project_name, actor]
  leavers:
    files: '*prosjekter_ut*'
    required: [project_id, project_name, actor, destination]
"""


def write_value_markers(folder: Path) -> None:
    """The synthetic portfolio's value markers: the texts written for a withheld date or whole-life cost."""
    rows = [["planned_start", "^exempt under section 43$", "exempt", "syntetiske data: withheld"],
            ["planned_end", "^exempt under section 43$", "exempt", "syntetiske data: withheld"],
            *[["whole_life_cost", f"^{text.casefold()}$", marker, f"syntetiske data: {marker}"]
              for text, marker in COST_REASONS]]
    write_text(folder / "value_markers.csv", [["column", "pattern", "marker", "note"], *rows], ",", "utf-8", "\n")


def write_organisation_maps(folder: Path) -> None:
    """The synthetic portfolio's own organisation maps, beside its profile."""
    write_text(folder / "organisations.csv", [["organisation", "group", "short_name"],
                                              *[[name, group, short] for name, group, short, _ in ORGANISATIONS]],
               ",", "utf-8", "\n")
    write_text(folder / "organisation_aliases.csv", [["alias", "organisation", "why"], *map(list, ALIASES)],
               ",", "utf-8", "\n")
