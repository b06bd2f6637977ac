"""What the browser test modules share in a session (tests/browser_support.py): the one headless Chromium, and the
real report sets they open, each rendered once."""

from __future__ import annotations

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, MISSING, Rendered, render_set, rendered_set


@pytest.fixture(scope="session")
def browser():
    if MISSING:  # only reached with CI=true: the modules are skipped otherwise
        pytest.fail(f"CI=true but the browser tests cannot run: {MISSING}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def real_report(real_reports) -> Rendered:
    """The real e-helse data, April 2020 against January 2020, as the README's main job renders it."""
    code, reports = real_reports
    assert code == 0
    return rendered_set("e-helse", reports / "e-helse" / "2020-04")


@pytest.fixture(scope="session")
def uk_2023_report(real_data, tmp_path_factory) -> Rendered:
    """The real UK GMPP, March 2023 against March 2022: the set with the schedule-and-cost page."""
    return render_set("uk-gmpp", "2023-03", real_data, tmp_path_factory.mktemp("uk-2023") / "reports")
