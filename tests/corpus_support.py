"""Shared by test_corpus.py and test_nothing_lost.py: the corpus of bad and awkward submissions
(``tests/corpus/``, expectations in ``tests/corpus/expected.yml``), how a case is placed in a one-period
mini portfolio, and a reader of raw data lines that does not use the package's reader.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from conftest import MINI_PROFILE

CORPUS = Path(__file__).resolve().parent / "corpus"
PORTFOLIO = "mini"
PERIOD = "2021-01"

PROFILE = MINI_PROFILE  # the one-period mini portfolio of conftest.py, on the e-helse maps

EMPTY_RUN = re.compile(r"^\(rows (\d+)–(\d+) empty\)$")  # the raw value of a dropped run of empty lines

# Header cells that mark the header row of every table in the corpus, the real data and the simulator.
ID_HEADERS = {"id", "project id", "prosjekt-id", "prosjektnummer"}


def load_cases() -> list[dict]:
    return yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))["cases"]


def case_id(case: dict) -> str:
    return case["file"]


@dataclass
class Placed:
    data: Path  # the data folder (raw/ and processed/)
    target: Path  # the placed corpus file
    shown: str  # the placed file as the package names it in messages

    def shown_path(self, relative: str | None) -> str:
        return relative if relative is not None else self.shown


def place(case: dict, tmp_path: Path) -> Placed:
    """The case's file as the only project list (or period.yml) of the one-period portfolio 'mini'."""
    data = tmp_path / "data"
    portfolio = data / "raw" / PORTFOLIO
    folder = portfolio / case.get("folder", PERIOD)
    folder.mkdir(parents=True)
    (portfolio / "portfolio.yml").write_text(PROFILE + profile_tables(case), encoding="utf-8")
    source = CORPUS / case["file"]
    target = folder / case.get("place_as", "prosjektliste" + source.suffix)
    shutil.copyfile(source, target)
    for name, corpus_file in (case.get("beside") or {}).items():
        shutil.copyfile(CORPUS / corpus_file, folder / name)
    return Placed(data, target, target.relative_to(data.parent).as_posix())


def profile_tables(case: dict) -> str:
    """The case's further tables of the profile (``tables: {joiners: {files: ..., required: [...]}}``), as
    lines to append under the mini profile's ``tables:``."""
    return "".join(f"  {kind}:\n    files: '{spec['files']}'\n    required: [{', '.join(spec['required'])}]\n"
                   for kind, spec in (case.get("tables") or {}).items())


# --- raw data lines, read without the package -------------------------------------------------------

def raw_data_lines(path: Path) -> dict[int, list[str]]:
    """Every record below the header row of a table file, by its line (text) or sheet row (xlsx) number,
    with its cells as text.

    The header row is the first record with an ID column; blank lines and page footers below it count:
    they must end up in the quality log.
    """
    content = path.read_bytes()
    if content.startswith(b"PK") and b"opendocument.spreadsheet" in content[:100]:
        return _frame_data_rows(pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf"))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return _xls_data_rows(path)
    if content.lstrip().startswith(b"<"):
        return _frame_data_rows(_html_frames(content))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_data_rows(path)
    try:
        text = content.decode("utf-16" if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                              else "utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    found = []
    for delimiter in ("\t", ";", ","):
        records = _records(text, delimiter)
        header = _header_index([cells for _, cells in records])
        if header is not None:
            found.append((len(records[header][1]), dict(records[header + 1:])))
    assert found, f"{path}: no header row with an ID column"
    return max(found, key=lambda pair: pair[0])[1]  # the delimiter that splits the header into the most cells


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells); a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, start = [], 1
    for cells in reader:
        records.append((start, cells))
        start = reader.line_num + 1
    return records


def _xlsx_data_rows(path: Path) -> dict[int, list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(_transitional(path), data_only=True)
    try:
        tables = []
        for sheet in workbook.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            header = _header_index(rows)
            if header is not None:
                tables.append({number: cells for number, cells in enumerate(rows, 1) if number > header + 1})
    finally:
        workbook.close()
    assert len(tables) == 1, f"{path}: {len(tables)} sheets with a header row"
    return tables[0]


def _transitional(path: Path) -> io.BytesIO:
    """The workbook with Strict Open XML namespaces renamed to the transitional ones openpyxl reads."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            for strict, transitional in ((b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                                          b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
                                         (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
                                          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships")):
                content = content.replace(strict, transitional)
            target.writestr(name, content)
    return out


def _xls_data_rows(path: Path) -> dict[int, list[str]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    return _frame_data_rows({sheet.name: pd.DataFrame([sheet.row_values(i) for i in range(sheet.nrows)])
                             for sheet in book.sheets()})


def _html_frames(content: bytes) -> dict[str, pd.DataFrame]:
    from bs4 import BeautifulSoup

    table = BeautifulSoup(content, "html.parser").find("table")
    rows = [[" ".join(td.get_text(" ").split()) for td in tr.find_all(("td", "th"))] for tr in table.find_all("tr")]
    width = max(map(len, rows), default=0)
    return {"html": pd.DataFrame([row + [""] * (width - len(row)) for row in rows])}


def _frame_data_rows(frames: dict[str, pd.DataFrame]) -> dict[int, list[str]]:
    """The rows below the header of the one sheet with a header row, numbered from 1 as the sheet's rows."""
    tables = []
    for frame in frames.values():
        rows = [[_cell(None if pd.isna(v) else v) for v in row] for row in frame.itertuples(index=False)]
        header = _header_index(rows)
        if header is not None:
            tables.append({number: cells for number, cells in enumerate(rows, 1) if number > header + 1})
    assert len(tables) == 1, f"{len(tables)} sheets with a header row"
    return tables[0]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_index(rows: list[list[str]]) -> int | None:
    for index, cells in enumerate(rows):
        if any(" ".join(cell.split()).casefold() in ID_HEADERS for cell in cells):
            return index
    return None


def accounted_lines(panel: pd.DataFrame, changes: pd.DataFrame, log: pd.DataFrame) -> Counter:
    """(source_file, source_row) of every processed row and every dropped line in the quality log (each line of
    a run of empty lines logged as one row). A row carried forward for an organisation that sent nothing
    points at the line its values came from, in an earlier period's file: that line is accounted for by the
    earlier period's row."""
    dropped = log[log["action"] == "dropped"]
    if "carried_from" in panel:
        own_file = [f"/{period}/" in str(file) for period, file in zip(panel["report_period"], panel["source_file"])]
        panel = panel[own_file]
    lines = Counter(
        (str(file), int(row))
        for frame in (panel, changes)
        for file, row in zip(frame["source_file"], frame["source_row"])
    )
    for file, row, raw in zip(dropped["source_file"], dropped["source_row"], dropped["raw_value"]):
        run = EMPTY_RUN.match(str(raw))  # one log row for a run of empty lines
        lines.update((str(file), number) for number in (range(int(run[1]), int(run[2]) + 1) if run else [int(row)]))
    return lines
