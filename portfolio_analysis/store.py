"""Where the package keeps what it makes, and how: atomic writes and swaps of an output folder
(``processed/<portfolio>/``, ``reports/<portfolio>/<period>/``), the fingerprint of every input of a build,
and loading the processed tables back.

New content is written into a temporary folder beside the target and swapped in only when complete, so a
failed or interrupted run leaves the previous output as it was. A write the system refuses (no
permission, disk full, read-only) is one :class:`WriteFailed` line, never a traceback. Content, never
timestamps, decides whether a build is up to date.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from .intake import temporary_file
from .paths import PACKAGE_DIR, data_dir as resolve_data_dir, portfolio_processed_dir
from .profile import Profile
from .rawfiles import raw_files

if TYPE_CHECKING:
    from .pipeline import Outputs

MANIFEST = "manifest.json"
# Set in the kernels of a report run: read the processed data the run built, never rebuild (the run holds
# the portfolio's lock, and every notebook of a report must see the same data).
SNAPSHOT_VARIABLE = "PORTFOLIO_ANALYSIS_SNAPSHOT"
TABLES = ("projects", "periods", "reported_changes", "quality_log", "submissions", "files")

# The reasons a write fails that are about the place written to, not about the program.
WRITE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


class WriteFailed(Exception):
    """An output could not be written; ``kept`` says what stays as it was."""

    def __init__(self, shown: str, error: OSError, kept: str):
        self.shown = shown
        self.errno = error.errno
        self.reason = os.strerror(error.errno) if error.errno else str(error)
        self.kept = kept
        super().__init__(f"error: cannot write {shown}: {self.reason} (errno {self.errno}); {kept}")


@contextmanager
def write_errors_reported(shown: str, kept: str):
    """Turns a write the system refuses inside the block into :class:`WriteFailed` naming ``shown``."""
    try:
        yield
    except OSError as error:
        if error.errno not in WRITE_ERRNOS:
            raise
        raise WriteFailed(shown, error, kept) from error


@contextmanager
def staging_beside(target: Path, purpose: str):
    """A new temporary folder beside ``target``, removed when the block ends unless :func:`swap_in` moved
    it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{purpose}-", dir=target.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, folder: Path) -> None:
    """Replaces ``folder`` by ``staging``; the old folder is kept as ``.old`` until the new one is in place,
    and put back if the new one cannot be moved in."""
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    os.chmod(staging, 0o755)  # mkdtemp makes it private; outputs are shared with colleagues
    if folder.exists():
        os.replace(folder, old)
    try:
        os.replace(staging, folder)
    except OSError:
        restore_interrupted_swap(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def remove_stale_staging(folder: Path) -> None:
    """Temporary folders a killed run left beside ``folder`` (called while holding the lock)."""
    for stale in folder.parent.glob(f".{folder.name}.*-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def restore_interrupted_swap(folder: Path) -> None:
    """If a run was killed between the two renames of :func:`swap_in`, put the old output back."""
    old = folder.with_name(f".{folder.name}.old")
    if not folder.exists() and old.exists():
        os.replace(old, folder)


def fingerprint_inputs(profile: Profile, data: Path) -> dict:
    """SHA-256 of every input: raw files (links followed; not the lock, temporary and system files a build
    never reads, which come and go as people open the lists), map files and the package's code."""
    files = {str(p.relative_to(profile.folder)): sha256_of(p) for p in raw_files(profile.folder, data)
             if not temporary_file(p)}
    maps = {p.name: sha256_of(p) for p in profile.map_files}
    code = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv") and "__pycache__" not in path.parts:
            code.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    combined = hashlib.sha256(json.dumps([files, maps, code.hexdigest()], sort_keys=True).encode()).hexdigest()
    return {"sha256": combined, "raw_files": files, "map_files": maps, "code_sha256": code.hexdigest()}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_fingerprint(folder: Path) -> str | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


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
        from .build import build  # loading builds what is missing or stale; build writes through this module
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
