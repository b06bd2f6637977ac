"""The real April 2020 project list (Vedlegg 1) as the organisations would have sent it, one file each, and
a July 2020 cycle made from it with known edits. TEST DATA: the July cycle is invented from the April
rows for the tests, in a temporary folder; nothing of it is in data/raw.

Each organisation's file keeps its rows' cells exactly as Vedlegg 1 writes them (``Oslo Kommune``,
``(blank)``, ``ansvars- overganger``, the blank status of 131), in the name and format an organisation
might choose: an XLSX with title rows, a semicolon CSV in Windows-1252 with CRLF, a TSV, a comma CSV
with English headers. In July some organisations also send planned dates and their own words, each in its
own columns and formats (:data:`JULY_OWN_FORMATS`): Excel date cells, ``31.12.2021``, ``des. 2021``,
``Q4 2021``, ``sommeren 2021``; ``Kommentar til status``, ``Statuskommentar``, ``Kommentar``; comments over
several lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

from bundled import bundled_bytes, copy_bundled_raw

HEADER = ["Innsatsområde", "ID", "Prosjektnavn", "Ansvarlig virksomhet", "Prosjekteier", "Status", "Risiko",
          "Budsjett 2020"]
ENGLISH = ["Focus area", "ID", "Project name", "Organisation", "Owner", "Status", "Risk", "Budget 2020"]

# organisation as Vedlegg 1 writes it -> (file name for a period, format)
SENDERS = {
    "Direktoratet for e-helse": ("Innmelding {month} 2020 - Direktoratet for e-helse.xlsx", "xlsx"),
    "Helsedirektoratet": ("hdir_2020_{mm}.csv", "semicolon"),
    "Helse Sør-Øst RHF": ("HSØ statusrapport 2020-{mm}.tsv", "tsv"),
    "Helse Sør-Øst": ("HSØ statusrapport 2020-{mm}.tsv", "tsv"),
    "Helse Vest RHF": ("Helse Vest portfolio report {month} 2020.csv", "english"),
    "Helse Midt-Norge RHF": ("HMN innmelding {mm}-2020.xlsx", "xlsx"),
    "Helse Nord RHF": ("Helse Nord RHF {month} 2020.tsv", "tsv"),
    "Folkehelseinstituttet": ("FHI_e-helseportefolje_2020{mm}.csv", "semicolon"),
    "Norsk Helsenett": ("NHN {month} 2020.xlsx", "xlsx"),
    "Oslo Kommune": ("Oslo kommune - innmelding {month} 2020.csv", "english"),
    "KS": ("KS_{mm}_2020.tsv", "tsv"),
}


def april_rows() -> list[list[str]]:
    """The data rows of Vedlegg 1 as written (the page footer and blank lines left out: they belong to
    the combined PDF, not to any organisation's submission)."""
    text = bundled_bytes("data/raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))[1:]
    return [row for row in rows if len(row) == len(HEADER)]


def by_sender(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """The rows of each file: the organisations as written, with Helse Sør-Øst's two spellings in one file."""
    files: dict[str, list[list[str]]] = {}
    for row in rows:
        files.setdefault(SENDERS[row[3]][0], []).append(row)
    return files


def write_submission(folder: Path, name: str, fmt: str, rows: list[list], month: str,
                     extra: tuple[str, ...] = ()) -> Path:
    """One organisation's file: :data:`HEADER` (:data:`ENGLISH` for ``english``) and the ``extra`` columns,
    whose cells follow each row's eight (a date as a date cell in a workbook)."""
    path = folder / name
    header = [*HEADER, *extra]
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append([f"Innmelding til Nasjonal e-helseportefølje, {month} 2020"])
        sheet.append(["Fylt ut av virksomheten"])
        sheet.append(header)
        for row in rows:
            sheet.append([int(cell) if i in (1, 7) and cell.isdigit() else (cell or None) for i, cell in enumerate(row)])
        for cells in sheet.iter_rows(min_row=4):
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD.MM.YYYY"
        workbook.save(path)
    elif fmt == "semicolon":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([header, *[[*row[:7], row[7].replace(".", ","), *row[8:]] for row in rows]])
        path.write_bytes(buffer.getvalue().encode("cp1252"))
    elif fmt == "english":
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows([[*ENGLISH, *extra], *rows])
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    else:
        path.write_text("\n".join("\t".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def e_helse_with_split_april(data: Path) -> Path:
    """A data folder with e-helse's profile, January 2020 as bundled, and April 2020 as one file per
    organisation beside April's period.yml and Tabell 1 and 2. Returns the April folder."""
    copy_bundled_raw(data, only="data/raw/e-helse/")
    april = data / "raw" / "e-helse" / "2020-04"
    (april / "vedlegg1_prosjektliste.tsv").unlink()
    for name, rows in by_sender(april_rows()).items():
        fmt = next(f for n, f in SENDERS.values() if n == name)
        write_submission(april, name.format(month="mars", mm="03"), fmt, rows, "mars")
    return april


# The July cycle's edits, all made up for the test.
JULY_MOVES = {"160": ("Gul", "Rød"), "11": ("Rød", "Gul")}  # id -> (status, risk) in July
JULY_BUDGET = {"107": "250"}  # Helsedataprogrammet (Direktoratet for e-helse): 260 -> 250
JULY_LEAVER_NAMED = ("144", "Regional kurve og medikasjon", "Helse Sør-Øst RHF", "Forvaltning")
JULY_LEAVER_UNNAMED = "187"  # Helse Vest RHF's Digital patologi Helse vest: simply not listed again
JULY_JOINER = ["6.1 Skape en nasjonal leveransekraft", "190", "Testprosjekt juli (testdata)",
               "Helsedirektoratet", "Test Testesen", "Grønn", "Gul", "12"]
JULY_MISSING = "Helse Nord RHF"  # sends nothing: 101, 167, 168 are carried forward

# Planned dates and the owners' words some organisations send in July, in their own columns and formats:
# organisation -> (its extra columns, id -> the cells). A project not listed leaves them blank.
EPJ_LOFTET = "Prosjektet er forsinket etter omprioriteringer under covid-19.\nNy plan legges fram i august."
LEGEMIDDEL_RISK = ("Prosjektet melder om risiko knyttet til frafall av nøkkelressurser, forsinkelser, manglende "
                   "finansiering fremover og risiko for manglende oppfyllelse av Helseplattformens behov.")
JOURNALINNSYN = ("Prosjektet er 8 måneder bak plan, og det er sannsynligvis ikke mulig å nå prosjektets sluttdato "
                 "sommeren 2021.")
PKI = ("Prosjektet melder forsinkelser fra leverandør da fabrikken i Kina er stengt.\nLeveransene er ikke i "
       "henhold til forventning og det er risiko for kostnadsoverskridelser.")
JULY_OWN_FORMATS = {
    "Direktoratet for e-helse": (  # the template's names; dates as Excel date cells
        ("Planlagt startdato", "Planlagt sluttdato", "Kommentar til status", "Kommentar til risiko"),
        {"11": (dt.date(2019, 1, 1), dt.date(2022, 6, 30), EPJ_LOFTET, ""),
         "160": (dt.date(2018, 3, 1), dt.date(2021, 12, 31), "", LEGEMIDDEL_RISK),
         "107": ("", dt.date(2025, 12, 31), "", "")}),
    "Helse Sør-Øst RHF": (  # a TSV: month names and the owner's own words for a date
        ("Sluttdato", "Kommentar"),
        {"163": ("sommeren 2021", JOURNALINNSYN), "181": ("des. 2021", ""), "182": ("2021", "")}),
    "Helse Midt-Norge RHF": (  # quarters, and one comment column for everything
        ("Sluttdato", "Statuskommentar"),
        {"132": ("Q4 2021", PKI), "111": ("Q2 2022", "")}),
    "Helsedirektoratet": (  # Windows-1252 CSV with CRLF: day.month.year, a comment over two lines (a quoted cell)
        ("Planlagt sluttdato", "Kommentar til status"),
        {"139": ("31.12.2021", "Følger plan.\nNeste leveranse i oktober."), "5": ("31.12.2022", "")}),
}


def add_july(data: Path, left_out: tuple[str, ...] = ()) -> Path:
    """Adds a July 2020 cycle to :func:`e_helse_with_split_april`'s folder: every organisation but Helse
    Nord RHF sends again, with the edits above and the dates and comments of :data:`JULY_OWN_FORMATS`,
    and a leavers table names 144. ``left_out``: ids of further projects left out of their organisation's
    file (and named by no leavers table)."""
    july = data / "raw" / "e-helse" / "2020-07"
    july.mkdir()
    rows = []
    for row in april_rows():
        row = list(row)
        if row[3] == JULY_MISSING or row[1] in (JULY_LEAVER_NAMED[0], JULY_LEAVER_UNNAMED, *left_out):
            continue
        if row[1] in JULY_MOVES:
            row[5], row[6] = JULY_MOVES[row[1]]
        row[7] = JULY_BUDGET.get(row[1], row[7])
        rows.append(row)
    rows.append(JULY_JOINER)
    for name, part in by_sender(rows).items():
        fmt = next(f for n, f in SENDERS.values() if n == name)
        sender = next((org for org, (file, _) in SENDERS.items() if file == name and org in JULY_OWN_FORMATS), None)
        extra, cells = JULY_OWN_FORMATS.get(sender, ((), {}))
        part = [[*row, *cells.get(row[1], ("",) * len(extra))] for row in part]
        write_submission(july, name.format(month="juni", mm="06"), fmt, part, "juni", extra)
    (july / "tabell2_prosjekter_ut.tsv").write_text(
        "ID\tProsjekt\tAnsvarlig virksomhet\tVeien videre\n" + "\t".join(JULY_LEAVER_NAMED) + "\n", encoding="utf-8")
    (july / "Følgebrev juli.pdf").write_bytes(b"%PDF-1.4 test cover letter\n")
    return july
