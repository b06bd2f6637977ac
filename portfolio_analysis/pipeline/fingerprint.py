"""What a build was made from: the SHA-256 of every input, recorded in the processed folder's manifest.

Content, never timestamps, decides whether a build is up to date. This module imports no pandas, so a
run can find out that nothing changed without paying for it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..read.rawfiles import raw_files, temporary_file
from ..settings.paths import PACKAGE_DIR
from ..settings.profile import Profile

MANIFEST = "manifest.json"


def fingerprint_inputs(profile: Profile, data: Path) -> dict:
    """SHA-256 of every input: raw files (links followed; not the lock, temporary and system files a build
    never reads, which come and go as people open the lists), map files and the package's code."""
    files = {str(p.relative_to(profile.folder)): sha256_of(p) for p in raw_files(profile.folder, data)
             if not temporary_file(p)}
    maps = {p.name: sha256_of(p) for p in profile.map_files}
    code = code_digest()
    combined = hashlib.sha256(json.dumps([files, maps, code], sort_keys=True).encode()).hexdigest()
    return {"sha256": combined, "raw_files": files, "map_files": maps, "code_sha256": code}


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 of the package's code and its map files, once per process: a process builds with the code
    it imported and the maps it read (they are read once), so hashing them again at every check (most of
    a check's time) would only find changes the process itself does not run with."""
    return package_digest((".py", ".csv"))


def package_digest(suffixes: tuple[str, ...] | None = None) -> str:
    """SHA-256 of the package's files, by path and content: those ending in ``suffixes``, or all."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (suffixes is None or path.suffix in suffixes):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_fingerprint(folder: Path) -> str | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None
