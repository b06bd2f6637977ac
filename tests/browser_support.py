"""Headless Chromium for the browser tests: Debian's ``chromium`` package, driven by Playwright for Python through
``executable_path`` (no browser is ever downloaded).

Without Chromium or Playwright a developer's machine skips the browser tests with the reason
(:func:`skip_without_browser`); with ``CI=true`` they fail instead, so CI can never pass without having run them.
The one browser of a test session is the ``browser`` fixture of ``tests/conftest.py``: Playwright's
synchronous API allows one instance per thread, so every browser test module shares it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI") == "true"


def find_chromium() -> str | None:
    if Path(CHROMIUM_PATH).is_file() and os.access(CHROMIUM_PATH, os.X_OK):
        return CHROMIUM_PATH
    return shutil.which("chromium")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    problems = []
    if find_chromium() is None:
        problems.append(f"Chromium not found ({CHROMIUM_PATH} or `chromium` on PATH; Debian: apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the Python package playwright is not installed (pip install playwright; "
                        "no `playwright install` needed, the system Chromium is used)")
    return "; ".join(problems) or None


MISSING = missing()
CHROMIUM = find_chromium()


def skip_without_browser() -> None:
    """Skips the calling test module where the browser tests cannot run, except in CI."""
    if MISSING and not IN_CI:
        pytest.skip(f"browser tests need headless Chromium and Playwright: {MISSING}. "
                    "They run (and must pass) in CI, where CI=true.", allow_module_level=True)


# --- rendered report sets ------------------------------------------------------------------------------

SINGLE = "single"  # a period's pages in one file, <portfolio>-<period>.html


@dataclass
class Rendered:
    portfolio: str
    period: str
    folder: Path  # reports/<portfolio>/<period>/
    language: str
    title: str

    def file(self, page: str) -> Path:
        """A page of the period, its single file, or the reports index (``../../index.html``)."""
        return self.folder / (f"{self.portfolio}-{self.period}.html" if page == SINGLE else page)


def rendered_set(portfolio: str, folder: Path) -> Rendered:
    """The report set published in ``folder`` (reports/<portfolio>/<period>/), as its report.json describes it."""
    meta = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return Rendered(portfolio, folder.name, folder, meta["language"], meta["title"])


def render_set(portfolio: str, period: str, data: Path, reports: Path) -> Rendered:
    """One period's report set rendered with ``render_period``; a failure fails the test with the notebook's error."""
    from portfolio_analysis.report.render import render_period

    progress = io.StringIO()
    result = render_period(portfolio, period, None, data, reports, progress=progress)
    if not result.ok:
        pytest.fail(f"rendering {portfolio} {period} failed:\n{progress.getvalue()}\n"
                    + "\n".join(notebook_error(path) for path in result.failed.values()), pytrace=False)
    return rendered_set(portfolio, result.folder)


def notebook_error(path: Path) -> str:
    """The error a failed notebook ended with, colour codes removed."""
    if not path.exists():
        return f"{path}: not written"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                trace = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(output["traceback"]))
                return f"{path.name}: {''.join(cell['source'])}\n{trace[-2000:]}"
    return f"{path}: no error output"
