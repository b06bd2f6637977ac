"""Whether a period's published report is up to date, found out without pandas or a kernel.

Every published period records in its ``report.json`` the content key of what made it: the SHA-256 of
the build's fingerprint (every raw file of the portfolio, links followed, its map files and the build's
code), every file of this package (templates, words and styles too), its version, the report notebooks
and the parameters (portfolio, period, the period compared with, the PDF engine: turning the PDF on or
off renders the set again). A run whose key equals the published
one has nothing new to show and renders nothing. Any change to the portfolio's raw files changes the key
of all its periods: a report looks only at its own period and earlier ones, but a cautious key costs a
re-render where a loose one would keep a wrong page.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import portfolio_analysis as package

from ..pipeline.fingerprint import MANIFEST, fingerprint_inputs, package_digest, recorded_fingerprint, sha256_of
from ..settings.paths import portfolio_processed_dir
from ..settings.profile import Profile
from .pageset import PAGES, REPORT_META
from .pdf import find_engine

KEY_FIELD = "content_key"
PDF_FAILED = "-pdf-failed"  # appended to the key of a set whose PDF engine failed: the next run tries again
# every file of the package, templates, words and styles too; read once per command
every_package_file = lru_cache(maxsize=1)(package_digest)


def content_key(fingerprint: str, notebooks: list[Path], parameters: dict) -> str:
    """The key of one period's report set; ``fingerprint`` is the build's, as its manifest records it."""
    parts = {"inputs": fingerprint, "package": every_package_file(), "version": package.__version__,
             "notebooks": {path.name: sha256_of(path) if path.is_file() else None for path in notebooks},
             "parameters": parameters}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def period_key(data: Path, portfolio: str, notebooks_dir: Path, period: str, previous: str) -> str:
    """The content key of a period rendered now from the processed data as built. Every page notebook counts,
    not only the profile's: which pages a set holds also follows its data (the schedule-and-cost page)."""
    fingerprint = recorded_fingerprint(portfolio_processed_dir(data, portfolio))
    notebooks = [Path(notebooks_dir) / f"{name}.ipynb" for name in PAGES]
    return content_key(fingerprint, notebooks, {"portfolio": portfolio, "period": period, "previous": previous,
                                                "pdf": find_engine().describes})


def published_key(folder: Path) -> str | None:
    """The content key a published period folder records; None when it has none or cannot be read."""
    try:
        return json.loads((folder / REPORT_META).read_text(encoding="utf-8")).get(KEY_FIELD)
    except (OSError, ValueError, AttributeError):
        return None


def built_periods(profile: Profile, data: Path) -> list[str] | None:
    """The periods of the processed data when they are up to date with every input; None when a build is
    needed first (or the manifest predates the list of periods)."""
    folder = portfolio_processed_dir(data, profile.name)
    recorded = recorded_fingerprint(folder)
    if recorded is None or recorded != fingerprint_inputs(profile, data)["sha256"]:
        return None
    try:
        periods = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("periods")
    except (OSError, ValueError):
        return None
    return sorted(periods) if isinstance(periods, list) else None
