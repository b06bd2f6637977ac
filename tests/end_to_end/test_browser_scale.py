"""The GMPP's change of rating scale on the rendered March 2023 pages, as a reader's browser shows them
(issue 23, item 3): the history and status-change pages say in one sentence that delivery confidence moved
from five points to three between March 2021 and March 2022, their period charts' alt texts name the break,
and no takeaway compares a share across it."""

from __future__ import annotations

import pytest

from browser_support import skip_without_browser
from test_browser import look

pytestmark = pytest.mark.slow  # reads the session's GMPP reports and drives the session's browser (tests/conftest.py)
skip_without_browser()

SENTENCE = ("Delivery confidence is rated on a 5-point scale up to March 2021 and on a 3-point scale from March 2022: "
            "a share before and a share after the change are not the same measure, so no share is compared across it")
BREAK_ALT = "A dashed line between March 2021 and March 2022 marks the change from a 5-point to a 3-point scale."


@pytest.fixture(scope="module")
def march_2023(uk_2023_report):
    """The UK March 2023 set, from the session's ``report --all`` (tests/conftest.py)."""
    return uk_2023_report.folder


@pytest.mark.parametrize("page, charts", [("history.html", 2), ("status_change.html", 1)])
def test_the_page_states_and_marks_the_change_of_scale(browser, march_2023, page, charts):
    seen = look(browser, march_2023 / page)
    assert seen.text.count(SENTENCE) == 1  # said once
    marked = [image["alt"] for image in seen.images if image["alt"] and image["alt"].endswith(BREAK_ALT)]
    assert len(marked) == charts and all(image["shown"] for image in seen.images)


def test_no_takeaway_compares_across_the_change(browser, march_2023):
    history = look(browser, march_2023 / "history.html").text
    assert "against 2% in September 2013" not in history
    assert "9% of the projects have delivery confidence Red in March 2023, against 11% in March 2022, the first " \
           "period on the 3-point scale." in history
    status = look(browser, march_2023 / "status_change.html").text
    assert "The share with delivery confidence Amber is 75% in March 2023 against 72% in March 2022." in status
