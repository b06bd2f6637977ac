"""The files of a portfolio's raw folder.

Links are followed: offices keep shared folders, so ``raw/<portfolio>/2020-07`` may be a link to one,
and a file behind a link is read, fingerprinted and listed like any other, under its path as seen inside
``raw/``. A link that leads nowhere, or back into a folder that holds it (a loop), is an error. Nothing is
ever written into ``raw/``, so a link to a folder elsewhere is only ever read.

Only regular files (or links to them) are read: a named pipe would make a reader wait forever and a device
(a link to ``/dev/zero``) never ends, so either is an error naming it, before anything is opened.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

from ..settings.paths import display_path, printable_path
from ..settings.problems import Problem, raise_if_errors

# Files an editor, a spreadsheet or the operating system leaves in a folder: never a submission. The first
# pattern a (case-folded) name fits gives the reason it is not used.
OPEN_ELSEWHERE = "; the list itself may be open and not yet saved"
TEMPORARY = {
    "~$*": "Excel's owner file of an open workbook" + OPEN_ELSEWHERE,
    ".~lock.*#": "LibreOffice's lock file of an open document" + OPEN_ELSEWHERE,
    "*~": "a temporary or backup file of an editor",
    "#*#": "a temporary or backup file of an editor",
    ".#*": "a temporary or backup file of an editor",
    "*.tmp": "a temporary or backup file of an editor",
    ".ds_store": "a file the operating system keeps about the folder",
    "thumbs.db": "a file the operating system keeps about the folder",
    "desktop.ini": "a file the operating system keeps about the folder",
    ".*": "a hidden file",
}


SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"))


def special_file(path: Path, shown: str) -> Problem | None:
    """An error for a path that is neither a regular file nor a folder (links followed): a pipe, a socket,
    a device; None for any other (also for one that does not exist)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = next((name for test, name in SPECIAL_FILES if test(mode)), "something other than a file")
    link = path.is_symlink()
    return Problem(shown, f"not a regular file but {'a link to ' if link else ''}{kind}; not read",
                   value=printable_path(os.readlink(path)) if link else None,
                   expected="a regular file saved in the folder (a .csv, .tsv or .xlsx), or nothing under this name")


def temporary_file(path: Path) -> str | None:
    """Why the file is a lock, temporary, system or hidden file that is never read; None for any other."""
    name = path.name.casefold()
    return next((reason for pattern, reason in TEMPORARY.items() if fnmatch.fnmatch(name, pattern)), None)


def raw_files(folder: Path, data: Path) -> list[Path]:
    """Every file under ``folder``, links followed, as seen inside it; raises :class:`InputError` naming
    every link that leads nowhere or into a loop."""
    files: list[Path] = []
    problems: list[Problem] = []
    collect_files(folder, frozenset({folder.resolve()}), data, files, problems)
    raise_if_errors(problems)
    return sorted(files)


def collect_files(folder: Path, holders: frozenset[Path], data: Path, files: list[Path],
                  problems: list[Problem]) -> None:
    """Adds the files under ``folder`` to ``files``; ``holders`` are the real folders that hold it."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        problems.append(Problem(display_path(folder, data), "the folder cannot be read", value=error.strerror,
                                expected="a folder the build may read"))
        return
    for path in entries:
        if path.is_symlink() and not path.exists():
            problems.append(Problem(display_path(path, data), "the link leads to nothing (no file or folder is "
                                    "at its target)", value=os.readlink(path),
                                    expected="a link to an existing file or folder, or the file itself"))
        elif path.is_dir():
            real = path.resolve()
            if real in holders:
                problems.append(Problem(display_path(path, data), "the link leads back into a folder that holds "
                                        "it (a loop)", value=os.readlink(path),
                                        expected="a link to a folder outside its own parent folders"))
            else:
                collect_files(path, holders | {real}, data, files, problems)
        elif path.is_file():
            files.append(path)
        elif problem := special_file(path, display_path(path, data)):
            problems.append(problem)
