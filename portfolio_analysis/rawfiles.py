"""The files of a portfolio's raw folder and the fingerprint of every input of a build.

Links are followed: offices keep shared folders, so ``raw/<portfolio>/2020-07`` may be a link to one,
and a file behind a link is read, fingerprinted and listed like any other, under its path as seen inside
``raw/``. A link that leads nowhere, or back into a folder that holds it (a loop), is an error. Nothing is
ever written into ``raw/``, so a link to a folder elsewhere is only ever read.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .intake import temporary_file
from .paths import PACKAGE_DIR, display_path
from .problems import Problem, raise_if_errors
from .profile import Profile


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
