"""Building ``processed/<portfolio>/`` from ``raw/<portfolio>/``, atomically, and loading it back.

The processed folder is rebuilt whenever its fingerprint (SHA-256 of every raw file, links followed,
every map file and the package's own code; see rawfiles.py) differs from the one recorded in its
``manifest.json``: content, never timestamps, decides. A build writes into a temporary folder and swaps
it in only when complete (storage.py), so a failed or interrupted build leaves the previous output as it
was.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from . import __version__
from .paths import data_dir as resolve_data_dir, display_path, portfolio_processed_dir
from .locking import DEFAULT_WAIT, portfolio_lock
from .pipeline import Outputs, build_outputs
from .problems import InputError, Problem, errors_in
from .periods import discover_periods
from .profile import Profile, list_portfolios, load_profile
from .rawfiles import fingerprint_inputs, raw_files
from .storage import (remove_stale_staging, restore_interrupted_swap, staging_beside, swap_in,
                      write_errors_reported)

MANIFEST = "manifest.json"
# Set in the kernels of a report run: read the processed data the run built, never rebuild (the run holds
# the portfolio's lock, and every notebook of a report must see the same data).
SNAPSHOT_VARIABLE = "PORTFOLIO_ANALYSIS_SNAPSHOT"
TABLES = ("projects", "periods", "reported_changes", "quality_log", "submissions", "files")


@dataclass
class BuildResult:
    portfolio: str
    folder: Path
    outputs: Outputs | None  # None when the processed data was already up to date
    rebuilt: bool


def build(portfolio: str, data_dir=None, force: bool = False, wait: float = DEFAULT_WAIT) -> BuildResult:
    """Builds one portfolio's processed tables if they are missing or stale (or ``force``).

    Raises :class:`InputError` with every problem found when the raw files have errors; the previous
    processed output is then left untouched.
    """
    data = resolve_data_dir(data_dir)
    profile = load_profile(data, portfolio)
    folder = portfolio_processed_dir(data, portfolio)
    if not force and recorded_fingerprint(folder) == fingerprint_inputs(profile, data)["sha256"]:
        return BuildResult(portfolio, folder, None, rebuilt=False)
    with portfolio_lock(folder.parent, portfolio, wait, shown=display_path(folder.parent, data)):
        with write_errors_reported(display_path(folder, data), "nothing was done"):
            restore_interrupted_swap(folder)
            remove_stale_staging(folder)
        fingerprint = fingerprint_inputs(profile, data)  # again: another run may have built it while we waited
        if not force and recorded_fingerprint(folder) == fingerprint["sha256"]:
            return BuildResult(portfolio, folder, None, rebuilt=False)
        periods, period_problems = discover_periods(profile, data)
        outputs = build_outputs(profile, periods, data, period_problems)
        if errors_in(outputs.problems):
            raise InputError(outputs.problems)
        write_atomically(folder, outputs, manifest(fingerprint, profile, outputs, data), display_path(folder, data))
    return BuildResult(portfolio, folder, outputs, rebuilt=True)


def check_portfolio(portfolio: str, data_dir=None) -> Outputs:
    """Everything a build would produce, in memory, errors included; nothing is written."""
    data = resolve_data_dir(data_dir)
    profile = load_profile(data, portfolio)
    raw_files(profile.folder, data)  # a link that leads nowhere or into a loop is an error here too
    periods, period_problems = discover_periods(profile, data)
    return build_outputs(profile, periods, data, period_problems)


def build_all(data_dir=None, force: bool = False, wait: float = DEFAULT_WAIT) -> list[BuildResult]:
    data = resolve_data_dir(data_dir)
    portfolios = list_portfolios(data)
    if not portfolios:
        raise InputError([Problem(display_path(data / "raw", data), "no portfolio found",
                                  expected="folders raw/<portfolio>/ each with a portfolio.yml")])
    return [build(name, data, force, wait) for name in portfolios]


def recorded_fingerprint(folder: Path) -> str | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def manifest(fingerprint: dict, profile: Profile, outputs: Outputs, data: Path) -> dict:
    return {
        "portfolio": profile.name,
        "package_version": __version__,
        "built_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
        "fingerprint": fingerprint["sha256"],
        "raw_files": {display_path(profile.folder / name, data): digest
                      for name, digest in fingerprint["raw_files"].items()},
        # the files the build used (a file in a period folder that is not a table is fingerprinted, not used)
        "inputs": {display_path(path, data): fingerprint["raw_files"][str(path.relative_to(profile.folder))]
                   for path in outputs.input_files},
        "map_files": fingerprint["map_files"],
        "rows": {"projects": len(outputs.projects), "reported_changes": len(outputs.reported_changes),
                 "quality_log": len(outputs.quality_log)},
    }


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
    """One processed table, (re)building the portfolio first if it is missing or stale."""
    data = resolve_data_dir(data_dir)
    folder = portfolio_processed_dir(data, portfolio)
    if not (os.environ.get(SNAPSHOT_VARIABLE) == "1" and (folder / MANIFEST).exists()):
        build(portfolio, data)
    return pd.read_parquet(folder / f"{name}.parquet")


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
