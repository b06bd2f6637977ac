"""One run at a time per portfolio: a second build or report run waits for the first, or gives up
with a clear message after ``timeout`` seconds. The lock is an OS file lock (``flock``), so it is
released when its process ends, even when killed."""

from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from ..settings.problems import InputError, Problem
from .folders import write_errors_reported

DEFAULT_WAIT = 600.0
_held: dict[Path, int] = {}  # locks this process holds, so nested use (report -> build) does not wait on itself


@contextmanager
def portfolio_lock(folder: Path, portfolio: str, timeout: float = DEFAULT_WAIT, progress=None,
                   shown: str | None = None):
    """Holds ``<folder>/.<portfolio>.lock`` for the duration of the ``with`` block; a lock file that cannot be
    written is a :class:`WriteFailed` naming ``shown`` (the folder as the analyst knows it)."""
    path = (folder / f".{portfolio}.lock").resolve()
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    with write_errors_reported(shown or str(folder), "nothing was done"):
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
    try:
        _acquire(handle, path, portfolio, timeout, progress)
        with write_errors_reported(shown or str(folder), "nothing was done"):
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _acquire(handle, path: Path, portfolio: str, timeout: float, progress) -> None:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = path.read_text().strip() or "unknown"
            if time.monotonic() >= deadline:
                raise InputError([Problem(str(path), f"another run for portfolio {portfolio!r} (process {holder}) "
                                          f"still holds the lock after {timeout:g} s; nothing was done",
                                          expected="one run per portfolio at a time: try again when it has ended")])
            if not told:
                print(f"waiting for another run of {portfolio!r} (process {holder}) to finish ...", file=progress or sys.stderr)
                told = True
            time.sleep(0.2)
