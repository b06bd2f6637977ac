"""Tests build from their own copy of the bundled raw files as committed (tests/bundled.py), so an analyst's
new period in the live data/raw cannot break the suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import portfolio_analysis as pa
from bundled import MANIFEST, REPO, BundledRawChanged, bundled_bytes, copy_bundled_raw, manifest
from cycle_support import add_july


def copy_repository(destination: Path, repo: Path = REPO) -> Path:
    """The files git tracks in ``repo`` (as they are in the work tree), copied to ``destination``; for tests
    that need a second checkout to change. Needs git."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True).stdout
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        if name and (repo / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo / name, destination / name)
    return destination


def git_tracked_raw() -> list[str] | None:
    if shutil.which("git") is None:
        return None
    listed = subprocess.run(["git", "ls-files", "-z", "--", "data/raw"], cwd=REPO, capture_output=True)
    if listed.returncode != 0:  # not a git checkout (an unpacked archive)
        return None
    return sorted(name for name in listed.stdout.decode("utf-8").split("\0") if name)


def test_the_manifest_lists_exactly_the_raw_files_git_tracks():
    tracked = git_tracked_raw()
    if tracked is None:
        pytest.skip("git or a git checkout is not available")
    listed = sorted(manifest())
    assert listed == tracked, (
        f"{MANIFEST} must list every file of 'git ls-files data/raw': add a new bundled file's line with "
        f"'sha256sum <file> >> {MANIFEST}'; not listed: {sorted(set(tracked) - set(listed))}; "
        f"listed, not tracked: {sorted(set(listed) - set(tracked))}")


@pytest.fixture
def clone(tmp_path):
    """A second checkout: the manifest and the bundled raw files, in a folder of its own."""
    root = tmp_path / "clone"
    (root / MANIFEST).parent.mkdir(parents=True)
    shutil.copy(REPO / MANIFEST, root / MANIFEST)
    for path in manifest():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / path, root / path)
    return root


def test_a_period_added_to_the_live_raw_folder_is_not_in_the_tests_copy(clone, tmp_path):
    july = add_july(clone / "data")
    assert sorted(p.name for p in july.iterdir())  # the analyst's July 2020 files are there

    data = copy_bundled_raw(tmp_path / "copy" / "data", repo=clone)

    copied = sorted(p.relative_to(data.parent).as_posix() for p in data.rglob("*") if p.is_file())
    assert copied == sorted(manifest())
    assert not (data / "raw" / "e-helse" / "2020-07").exists()
    pa.build("e-helse", data)
    assert pa.load_periods("e-helse", data)["report_period"].tolist() == ["2020-01", "2020-04"]


def test_an_edited_bundled_file_is_a_failure_naming_it(clone, tmp_path):
    edited = "data/raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv"
    with open(clone / edited, "ab") as handle:
        handle.write(b"999\tNytt prosjekt\n")
    with pytest.raises(BundledRawChanged, match=f"^{edited}: the bundled raw file was edited; SHA-256 [0-9a-f]{{64}}, "
                                                 f"expected {manifest()[edited]}"):
        copy_bundled_raw(tmp_path / "data", repo=clone)
    with pytest.raises(BundledRawChanged, match=f"^{edited}: the bundled raw file was edited"):
        bundled_bytes(edited, repo=clone)


def test_a_missing_bundled_file_is_a_failure_naming_it(clone, tmp_path):
    gone = "data/raw/uk-gmpp/2023-03/uk_2023.csv"
    (clone / gone).unlink()
    with pytest.raises(BundledRawChanged, match=f"^{gone}: a bundled raw file is missing"):
        copy_bundled_raw(tmp_path / "data", repo=clone)


# the fast suite's tests of the real data, and every test that read the live data/raw before
REAL_DATA_TESTS = ["tests/end_to_end/test_real_data.py", "tests/test_raw_data.py",
                   "tests/end_to_end/test_analysis_real.py", "tests/end_to_end/test_uk_gmpp.py",
                   "tests/analysis/test_history.py", "tests/report/test_report_words.py",
                   "tests/settings/test_profile_schema.py", "tests/intake/test_submissions.py",
                   "tests/test_bundled_raw.py"]


@pytest.mark.slow  # runs part of the fast suite again in another checkout
def test_the_real_data_tests_pass_in_a_checkout_with_a_july_period_added(tmp_path):
    """The issue's case: an analyst adds a July 2020 period to data/raw/e-helse/ as the README says and
    runs the fast suite."""
    if git_tracked_raw() is None:
        pytest.skip("git or a git checkout is not available")
    checkout = copy_repository(tmp_path / "checkout")
    add_july(checkout / "data")
    env = {**os.environ, "PYTHONPATH": str(checkout)}  # the checkout's package, not this one's
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider",
                             "-n", "0", *REAL_DATA_TESTS], cwd=checkout, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
    assert not (checkout / "data" / "processed" / "e-helse").exists()  # nothing built in the live data folder
