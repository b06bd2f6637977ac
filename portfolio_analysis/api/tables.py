"""The processed tables loaded back, building first what is missing or stale (the fingerprint decides);
inside a report run, the snapshot the run built."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..pipeline.fingerprint import MANIFEST, recorded_fingerprint
from ..settings.paths import SNAPSHOT_VARIABLE, data_dir as resolve_data_dir, portfolio_processed_dir


def processed_table(portfolio: str, name: str, data_dir=None) -> pd.DataFrame:
    """One processed table, (re)building the portfolio first if it is missing or stale; inside a report
    run, the snapshot the run built (:func:`snapshot_table`)."""
    data = resolve_data_dir(data_dir)
    folder = portfolio_processed_dir(data, portfolio)
    if os.environ.get(SNAPSHOT_VARIABLE) == "1" and (folder / MANIFEST).exists():
        return snapshot_table(folder, name)
    from ..pipeline.build import build  # only here: a report kernel reads its snapshot without the pipeline
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
