"""Where data lives: the one place that knows the folder layout.

The data folder holds ``raw/`` and ``processed/``. It is, in order of precedence: the ``data_dir``
argument (``--data-dir`` on the command line), the ``PORTFOLIO_DATA_DIR`` environment variable, or
the repository's ``data/`` folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # portfolio_analysis/, this file is in settings/
REPO_DIR = PACKAGE_DIR.parent
MAPS_DIR = PACKAGE_DIR / "maps"
DATA_DIR_VARIABLE = "PORTFOLIO_DATA_DIR"
REPORTS_DIR_VARIABLE = "PORTFOLIO_REPORTS_DIR"
# Set in the kernels of a report run (here, where the kernels' starter can read it without pandas): the
# page holds the stylesheet, not each block.
RENDERING_VARIABLE = "PORTFOLIO_REPORT_RENDERING"


def data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    if os.environ.get(DATA_DIR_VARIABLE):
        return Path(os.environ[DATA_DIR_VARIABLE])
    return REPO_DIR / "data"


def reports_dir(reports_dir: str | os.PathLike | None = None) -> Path:
    """Where reports go: the argument (``--reports-dir``), ``PORTFOLIO_REPORTS_DIR``, or the repository's
    ``reports/``."""
    if reports_dir is not None:
        return Path(reports_dir)
    if os.environ.get(REPORTS_DIR_VARIABLE):
        return Path(os.environ[REPORTS_DIR_VARIABLE])
    return REPO_DIR / "reports"


def raw_dir(data: Path) -> Path:
    return data / "raw"


def processed_dir(data: Path) -> Path:
    return data / "processed"


def portfolio_raw_dir(data: Path, portfolio: str) -> Path:
    return raw_dir(data) / portfolio


def portfolio_processed_dir(data: Path, portfolio: str) -> Path:
    return processed_dir(data) / portfolio


def display_path(path: Path, data: Path) -> str:
    """A path as the analyst knows it: relative to the data folder's parent when possible. Links are not
    followed first, so a file in a linked period folder is named as seen inside ``raw/``. Bytes of a name
    that are not UTF-8 are shown as escapes (:func:`printable_path`)."""
    for seen, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(data)).parent),
                       (Path(path).resolve(), Path(data).resolve().parent)):
        try:
            return printable_path(str(seen.relative_to(base)))
        except ValueError:
            continue
    return printable_path(str(path))


def printable_path(text: str) -> str:
    """A file name as text that can be printed and written: a name that is not UTF-8 (a file from a zip
    made on Windows, ``S\\xf8r.csv``) has its odd bytes as escapes, never lone surrogates that no output
    can encode."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
