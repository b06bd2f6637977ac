"""Building ``processed/<portfolio>/`` from ``raw/<portfolio>/``, atomically; api/ loads it back.

The processed folder is rebuilt whenever its fingerprint (SHA-256 of every raw file, links followed,
every map file and the package's own code; see fingerprint.py) differs from the one recorded in its
``manifest.json``: content, never timestamps, decides. A build writes into a temporary folder and swaps
it in only when complete (folders.py), so a failed or interrupted build leaves the previous output as it
was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import __version__
from ..read.rawfiles import raw_files
from ..settings.paths import data_dir as resolve_data_dir, display_path, portfolio_processed_dir
from ..settings.periods import discover_periods
from ..settings.problems import InputError, Problem, errors_in
from ..settings.profile import Profile, list_portfolios, load_profile
from .fingerprint import fingerprint_inputs, recorded_fingerprint
from .folders import remove_stale_staging, restore_interrupted_swap, write_errors_reported
from .locking import DEFAULT_WAIT, portfolio_lock
from .run import Outputs, build_outputs
from .store import write_atomically


@dataclass
class BuildResult:
    portfolio: str
    folder: Path
    outputs: Outputs | None  # None when the processed data was already up to date
    rebuilt: bool
    profile: Profile | None = None  # the portfolio.yml the check read (part of the fingerprint)


def build(portfolio: str, data_dir=None, force: bool = False, wait: float = DEFAULT_WAIT) -> BuildResult:
    """Builds one portfolio's processed tables if they are missing or stale (or ``force``).

    Raises :class:`InputError` with every problem found when the raw files have errors; the previous
    processed output is then left untouched.
    """
    data = resolve_data_dir(data_dir)
    profile = load_profile(data, portfolio)
    folder = portfolio_processed_dir(data, portfolio)
    if not force and recorded_fingerprint(folder) == fingerprint_inputs(profile, data)["sha256"]:
        return BuildResult(portfolio, folder, None, rebuilt=False, profile=profile)
    with portfolio_lock(folder.parent, portfolio, wait, shown=display_path(folder.parent, data)):
        with write_errors_reported(display_path(folder, data), "nothing was done"):
            restore_interrupted_swap(folder)
            remove_stale_staging(folder)
        fingerprint = fingerprint_inputs(profile, data)  # again: another run may have built it while we waited
        if not force and recorded_fingerprint(folder) == fingerprint["sha256"]:
            return BuildResult(portfolio, folder, None, rebuilt=False, profile=profile)
        periods, period_problems = discover_periods(profile, data)
        outputs = build_outputs(profile, periods, data, period_problems)
        if errors_in(outputs.problems):
            raise InputError(outputs.problems)
        write_atomically(folder, outputs, manifest(fingerprint, profile, outputs, data), display_path(folder, data))
    return BuildResult(portfolio, folder, outputs, rebuilt=True, profile=profile)


def check_portfolio(portfolio: str, data_dir=None) -> Outputs:
    """Everything a build would produce, in memory, errors included; nothing is written."""
    data = resolve_data_dir(data_dir)
    profile = load_profile(data, portfolio)
    raw_files(profile.folder, data)  # a link that leads nowhere or into a loop is an error here too
    periods, period_problems = discover_periods(profile, data)
    return build_outputs(profile, periods, data, period_problems)


def build_all(data_dir=None, force: bool = False, wait: float = DEFAULT_WAIT) -> list[BuildResult]:
    data = resolve_data_dir(data_dir)
    portfolios = list_portfolios(data)
    if not portfolios:
        raise InputError([Problem(display_path(data / "raw", data), "no portfolio found",
                                  expected="folders raw/<portfolio>/ each with a portfolio.yml")])
    return [build(name, data, force, wait) for name in portfolios]


def manifest(fingerprint: dict, profile: Profile, outputs: Outputs, data: Path) -> dict:
    return {
        "portfolio": profile.name,
        "package_version": __version__,
        "built_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
        "fingerprint": fingerprint["sha256"],
        "raw_files": {display_path(profile.folder / name, data): digest
                      for name, digest in fingerprint["raw_files"].items()},
        # the files the build used (a file in a period folder that is not a table is fingerprinted, not used)
        "inputs": {display_path(path, data): fingerprint["raw_files"][str(path.relative_to(profile.folder))]
                   for path in outputs.input_files},
        "map_files": fingerprint["map_files"],
        "periods": sorted(outputs.periods["report_period"]),  # so a report run can plan without pandas
        "rows": {"projects": len(outputs.projects), "reported_changes": len(outputs.reported_changes),
                 "quality_log": len(outputs.quality_log)},
    }
