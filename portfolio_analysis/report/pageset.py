"""The pages of a period's report set: one notebook each, those the portfolio's profile lists."""

from __future__ import annotations

from ..settings.paths import REPO_DIR

NOTEBOOKS_DIR = REPO_DIR / "notebooks"
# notebook -> page; the overview is the period's index page
PAGES = {"overview": "index.html", "status_change": "status_change.html",
         "budget_decline": "budget_decline.html", "risk": "risk.html", "history": "history.html"}
REPORT_META = "report.json"  # what a published period folder says about itself


def notebooks_of(pages) -> list[str]:
    """The notebooks of a profile's ``pages``, in the usual order."""
    return [name for name in PAGES if name in pages]
