"""The raw data the repository bundles, as committed: tests build from a copy of exactly these files, never
from whatever the live ``data/raw`` holds (an analyst's new period there must not change what a test sees).

``tests/bundled_raw.sha256`` lists every bundled file with its SHA-256 (the output of ``sha256sum`` run on
``git ls-files data/raw``). A raw file is never edited, so a file whose bytes differ from its line is a
loud failure naming it; a new bundled file needs its line (``sha256sum data/raw/<file> >>
tests/bundled_raw.sha256``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFEST = Path("tests") / "bundled_raw.sha256"


class BundledRawChanged(AssertionError):
    """A bundled raw file is missing or its bytes are not the committed ones."""


def manifest(repo: Path = REPO) -> dict[str, str]:
    """Each bundled file's path from the repository's root (``data/raw/...``) -> its SHA-256."""
    listed = {}
    for number, line in enumerate((repo / MANIFEST).read_text(encoding="utf-8").splitlines(), start=1):
        digest, separator, path = line.partition("  ")
        if not separator or len(digest) != 64 or not path.startswith("data/raw/"):
            raise BundledRawChanged(f"{MANIFEST} line {number}: expected '<sha256>  data/raw/<file>', "
                                    f"found {line!r}")
        listed[path] = digest
    return listed


def bundled_bytes(path: str, repo: Path = REPO) -> bytes:
    """One bundled file's bytes (``path`` as the manifest lists it), checked against its SHA-256."""
    expected = manifest(repo).get(path)
    if expected is None:
        raise BundledRawChanged(f"{path}: not a bundled raw file (not listed in {MANIFEST})")
    return checked(repo, path, expected)


def copy_bundled_raw(data: Path, repo: Path = REPO, only: str = "data/raw/") -> Path:
    """Copy every bundled file under ``only``, and nothing else, to ``data/raw/``; return ``data``."""
    for path, expected in manifest(repo).items():
        if not path.startswith(only):
            continue
        target = data / Path(path).relative_to("data")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(checked(repo, path, expected))
    return data


def checked(repo: Path, path: str, expected: str) -> bytes:
    source = repo / path
    if not source.is_file():
        raise BundledRawChanged(f"{path}: a bundled raw file is missing (listed in {MANIFEST})")
    content = source.read_bytes()
    found = hashlib.sha256(content).hexdigest()
    if found != expected:
        raise BundledRawChanged(f"{path}: the bundled raw file was edited; SHA-256 {found}, expected {expected} "
                                f"({MANIFEST}). Raw files are never edited: restore it with "
                                f"'git checkout -- {path}'")
    return content

