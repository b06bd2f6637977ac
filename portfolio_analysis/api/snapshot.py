"""One build's processed tables, read together: every table of a :class:`Snapshot` comes from the same
build, whatever a build running at the same time swaps in.

A build writes a new folder and renames it into place (pipeline/folders.py), and never changes a folder
once it is in place. A snapshot therefore opens the processed folder once, and opens its manifest and
every table it wants through that open folder before reading any of them: a rename that swaps in a newer
build leaves the opened folder and its files as they were. Removing the old folder after the swap
unlinks its files; one already open still reads whole, and when one is gone before it was opened, the
read starts over on the folder now in place.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from ..pipeline.fingerprint import MANIFEST
from ..settings.problems import InputError, Problem

ATTEMPTS = 5  # reads started over when builds swap in under them, before giving up


@dataclass(frozen=True)
class Snapshot:
    """Tables of one build, as its processed folder held them, and the manifest of that build."""

    folder: Path
    manifest: dict
    tables: dict[str, pd.DataFrame]

    @property
    def fingerprint(self) -> str:
        """The build's fingerprint: every input it was made from (pipeline/fingerprint.py)."""
        return self.manifest["fingerprint"]


def read_snapshot(folder: Path, names: tuple[str, ...]) -> Snapshot:
    """The tables ``names`` (``projects``, ``periods``, ...) of the build in ``folder``, all of one build.
    Raises :class:`FileNotFoundError` when the folder holds no build."""
    for attempt in range(ATTEMPTS):
        try:
            return read_once(folder, names)
        except FileNotFoundError:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))  # the instant between the two renames of a swap
    raise AssertionError("unreachable")


def read_once(folder: Path, names: tuple[str, ...]) -> Snapshot:
    with ExitStack() as stack:
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        stack.callback(os.close, directory)
        files = open_files(directory, (MANIFEST, *(f"{name}.parquet" for name in names)), stack)
        manifest = json.loads(files[0].read().decode("utf-8"))
        tables = {name: pd.read_parquet(handle) for name, handle in zip(names, files[1:])}
    return Snapshot(Path(folder), manifest, tables)


def open_files(directory: int, names: tuple[str, ...], stack: ExitStack) -> list:
    """Every file opened, through the open folder, before any is read."""
    opener = partial(os.open, dir_fd=directory)
    return [stack.enter_context(open(name, "rb", opener=opener)) for name in names]


# The build a caller named, per processed folder: read from disk once per process.
_kept: dict[Path, Snapshot] = {}


def kept_snapshot(folder: Path, names: tuple[str, ...], fingerprint: str, shown: str) -> Snapshot:
    """The build whose fingerprint is ``fingerprint``, never rebuilt; read once per process and kept, which
    is always right as a fingerprint names one content. A report run passes the build it holds to its
    notebooks, several of which run one after another in one kernel. Each caller gets copies of its own,
    so nothing one notebook does reaches the next. An error when the folder holds no build or another."""
    key = Path(os.path.abspath(folder))
    kept = _kept.get(key)
    if kept is None or kept.fingerprint != fingerprint or not set(names) <= kept.tables.keys():
        try:
            kept = read_snapshot(folder, names)
        except FileNotFoundError:
            raise InputError([Problem(shown, "the processed data are missing", expected=f"the build "
                                      f"{fingerprint[:12]} (portfolio-analysis build makes it)")]) from None
        if kept.fingerprint != fingerprint:
            raise InputError([Problem(shown, "the processed data are of another build than the one asked for",
                                      value=kept.fingerprint[:12], expected=f"the build {fingerprint[:12]}")])
        _kept[key] = kept
    return Snapshot(kept.folder, kept.manifest, {name: kept.tables[name].copy() for name in names})
