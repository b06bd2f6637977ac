"""The one headless Chromium of a test session, shared by every browser test module (tests/browser_support.py)."""

from __future__ import annotations

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, MISSING


@pytest.fixture(scope="session")
def browser():
    if MISSING:  # only reached with CI=true: the modules are skipped otherwise
        pytest.fail(f"CI=true but the browser tests cannot run: {MISSING}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
