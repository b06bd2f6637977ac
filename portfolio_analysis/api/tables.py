"""The processed tables loaded back: the portfolio built first when it is missing or stale (the
fingerprint decides, checked once per load), then its tables read from one build (snapshot.py)."""

from __future__ import annotations

import re

import pandas as pd

from ..settings.paths import data_dir as resolve_data_dir, display_path, portfolio_processed_dir
from ..settings.profile import Profile
from .snapshot import Snapshot, kept_snapshot, read_snapshot


def built_snapshot(portfolio: str, names: tuple[str, ...], data_dir=None) -> tuple[Profile, Snapshot]:
    """The tables ``names`` of one build of ``portfolio``, (re)built first when missing or stale, and the
    profile that check read."""
    from ..pipeline.build import build  # only here: a report kernel reads a named build without the pipeline

    data = resolve_data_dir(data_dir)
    result = build(portfolio, data)
    return result.profile, read_snapshot(result.folder, names)


def named_snapshot(portfolio: str, names: tuple[str, ...], fingerprint: str, data_dir=None) -> Snapshot:
    """The tables ``names`` of the build of ``portfolio`` whose fingerprint is ``fingerprint``, as it is,
    never rebuilt (:func:`snapshot.kept_snapshot`)."""
    data = resolve_data_dir(data_dir)
    folder = portfolio_processed_dir(data, portfolio)
    return kept_snapshot(folder, names, fingerprint, display_path(folder, data))


def processed_table(portfolio: str, name: str, data_dir=None) -> pd.DataFrame:
    """One processed table, (re)building the portfolio first if it is missing or stale."""
    return built_snapshot(portfolio, (name,), data_dir)[1].tables[name]


def load_panel(portfolio: str, data_dir=None) -> pd.DataFrame:
    """The processed panel of a portfolio: one row per project per reporting period.

    Built from ``raw/`` when missing or out of date. ``data_dir`` (or ``PORTFOLIO_DATA_DIR``) points
    to another data folder. See the README's data dictionary for the columns.
    """
    return processed_table(portfolio, "projects", data_dir)


def load_periods(portfolio: str, data_dir=None) -> pd.DataFrame:
    """One row per reporting period: as-of date, published figures, whether per-project values exist."""
    return processed_table(portfolio, "periods", data_dir)


def load_reported_changes(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Joiners and leavers as each period's report lists them, with where leavers went."""
    return processed_table(portfolio, "reported_changes", data_dir)


def load_submissions(portfolio: str, data_dir=None) -> pd.DataFrame:
    """The checklist of every period: per organisation, whether it sent a submission, its file(s), rows,
    errors and warnings, projects carried forward and projects gone missing."""
    return processed_table(portfolio, "submissions", data_dir)


def load_files(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Every file of every period folder: the table it was taken to hold, or why it is not used."""
    return processed_table(portfolio, "files", data_dir)


def load_inputs(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Every file of the portfolio's raw folder the build fingerprinted, with its SHA-256 as the build's
    manifest records it: ``file`` (its path as the reports show it), ``period`` (its period folder; NA for
    the profile), ``sha256``, and ``used``: a table the build read, or the profile (the manifest's ``inputs``);
    False for the other files it fingerprints (each period's ``period.yml``, a cover letter)."""
    manifest = built_snapshot(portfolio, (), data_dir)[1].manifest
    used = manifest.get("inputs", {})
    rows = [{"file": name, "period": period_of(name), "sha256": digest,
             "used": name in used or name.endswith("portfolio.yml")} for name, digest in manifest["raw_files"].items()]
    rows += [{"file": name, "period": period_of(name), "sha256": digest, "used": True}
             for name, digest in used.items() if name not in manifest["raw_files"]]
    return pd.DataFrame(rows, columns=["file", "period", "sha256", "used"]).astype({"period": "string"})


def period_of(name: str) -> str | None:
    """The period folder (``YYYY-MM``) a file of the raw folder lies in, or None (the profile)."""
    found = re.findall(r"(?:^|/)(\d{4}-\d{2})/", name)
    return found[-1] if found else None


def load_quality_log(portfolio: str, data_dir=None) -> pd.DataFrame:
    """Every value the cleaning changed, every line it dropped and every warning, with file and row."""
    return processed_table(portfolio, "quality_log", data_dir)
