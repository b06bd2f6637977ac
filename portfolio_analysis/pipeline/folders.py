"""Output folders written whole or not at all: a new folder is written beside its target and swapped in
only when complete, so a failed or interrupted run leaves the previous output as it was. A write the
system refuses (no permission, disk full, read-only) is one :class:`WriteFailed` line, never a traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

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
    """If a run was killed between the two renames of :func:`swap_in`, put the old output back; if it was
    killed after them, while the old output was being removed, finish removing it."""
    old = folder.with_name(f".{folder.name}.old")
    if not old.exists():
        return
    if folder.exists():
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(old, folder)
