"""Where the package keeps the processed tables: writing them (Parquet, and CSV copies safe to open in a
spreadsheet) into a folder swapped in whole (folders.py). Loading them back is :mod:`api.tables`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from .fingerprint import MANIFEST
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
