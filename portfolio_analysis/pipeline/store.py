"""Where the package keeps the processed tables: writing them (Parquet, and CSV copies safe to open in a
spreadsheet) into a folder swapped in whole (folders.py), and loading them back, building first what is
missing or stale (fingerprint.py decides).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..settings.paths import SNAPSHOT_VARIABLE, data_dir as resolve_data_dir, portfolio_processed_dir
from .fingerprint import MANIFEST, recorded_fingerprint
from .folders import staging_beside, swap_in, write_errors_reported

if TYPE_CHECKING:
    from .run import Outputs

TABLES = ("projects", "periods", "reported_changes", "quality_log", "submissions", "files")


def write_atomically(folder: Path, outputs: Outputs, manifest_content: dict, shown: str) -> None:
    """Writes every output into a temporary folder beside ``folder``, then swaps it in; a write the system
    refuses (no permission, disk full) raises :class:`WriteFailed` and leaves ``folder`` as it was."""
    kept = "the previous data are kept" if (folder / MANIFEST).exists() else "nothing was written"
    with write_errors_reported(shown, kept), staging_beside(folder, "building") as staging:
        for name in TABLES:
            table = getattr(outputs, name)
            table.to_parquet(staging / f"{name}.parquet", index=False)
            write_csv(table, staging / f"{name}.csv")
        (staging / MANIFEST).write_text(json.dumps(manifest_content, indent=2, ensure_ascii=False), encoding="utf-8")
        swap_in(staging, folder)


FORMULA_PATTERN = r"[=+\-@\t\r]"


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text that a spreadsheet would run as a formula (``=HYPERLINK(...)``) gets a leading ``'`` in the
    CSV copies, as OWASP advises; the Parquet files keep the text exactly as submitted."""
    safe = {}
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        text = values.astype("string")
        risky = text.str.match(FORMULA_PATTERN).fillna(False).astype(bool)
        if risky.any():
            safe[column] = text.where(~risky, "'" + text)
    return frame.assign(**safe) if safe else frame


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a BOM (so Excel reads æøå), written by Arrow: many times faster than ``to_csv``."""
    table = pa.Table.from_pandas(spreadsheet_safe(frame), preserve_index=False)
    table = table.cast(pa.schema([pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type)
                                  for f in table.schema]))
    with open(path, "wb") as handle:
        handle.write("\ufeff".encode("utf-8"))
        pa_csv.write_csv(table, handle, pa_csv.WriteOptions(quoting_style="needed"))


def processed_table(portfolio: str, name: str, data_dir=None) -> pd.DataFrame:
    """One processed table, (re)building the portfolio first if it is missing or stale; inside a report
    run, the snapshot the run built (:func:`snapshot_table`)."""
    data = resolve_data_dir(data_dir)
    folder = portfolio_processed_dir(data, portfolio)
    if os.environ.get(SNAPSHOT_VARIABLE) == "1" and (folder / MANIFEST).exists():
        return snapshot_table(folder, name)
    from .build import build  # loading builds what is missing or stale; build writes through this module
    build(portfolio, data)
    return pd.read_parquet(folder / f"{name}.parquet")


# (folder, table) -> (the fingerprint its manifest recorded, the table), in the kernels of a report run
_snapshot_tables: dict[tuple[Path, str], tuple[str, pd.DataFrame]] = {}


def snapshot_table(folder: Path, name: str) -> pd.DataFrame:
    """A table of the processed folder as it is, never rebuilt, read once per process for as long as the
    folder's manifest records the same fingerprint: a report kernel runs several notebooks on one snapshot.
    Each caller gets a copy of its own, so nothing a notebook does reaches the next."""
    fingerprint = recorded_fingerprint(folder)
    key = (folder.resolve(), name)
    cached = _snapshot_tables.get(key)
    if fingerprint is None or cached is None or cached[0] != fingerprint:
        cached = (fingerprint, pd.read_parquet(folder / f"{name}.parquet"))
        if fingerprint is not None:
            _snapshot_tables[key] = cached
    return cached[1].copy()


def load_panel(portfolio: str, data_dir=None) -> pd.DataFrame:
    """The processed panel of a portfolio: one row per project per reporting period.

    Built from ``raw/`` when missing or out of date. ``data_dir`` (or ``PORTFOLIO_DATA_DIR``) points
    to another data folder. See the README's data dictionary for the columns.
    """
    return processed_table(portfolio, "projects", data_dir)


def load_periods(portfolio: str, data_dir=None) -> pd.DataFrame:
    """One row per reporting period: as-of date, published figures, whether per-project values exist."""
    return processed_table(portfolio, "periods", data_dir)


def load_reported_changes(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Joiners and leavers as each period's report lists them, with where leavers went."""
    return processed_table(portfolio, "reported_changes", data_dir)


def load_submissions(portfolio: str, data_dir=None) -> pd.DataFrame:
    """The checklist of every period: per organisation, whether it sent a submission, its file(s), rows,
    errors and warnings, projects carried forward and projects gone missing."""
    return processed_table(portfolio, "submissions", data_dir)


def load_files(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Every file of every period folder: the table it was taken to hold, or why it is not used."""
    return processed_table(portfolio, "files", data_dir)


def load_quality_log(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Every value the cleaning changed, every line it dropped and every warning, with file and row."""
    return processed_table(portfolio, "quality_log", data_dir)
