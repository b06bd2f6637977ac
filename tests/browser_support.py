"""Headless Chromium for the browser tests: Debian's ``chromium`` package, driven by Playwright for Python through
``executable_path`` (no browser is ever downloaded).

Without Chromium or Playwright a developer's machine skips the browser tests with the reason
(:func:`skip_without_browser`); with ``CI=true`` they fail instead, so CI can never pass without having run them.
The one browser of a test session is the ``browser`` fixture of ``tests/end_to_end/conftest.py``: Playwright's
synchronous API allows one instance per thread, so every browser test module shares it."""

from __future__ import annotations

import os
import shutil
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
