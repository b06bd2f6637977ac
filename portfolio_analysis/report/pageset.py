"""The pages of a period's report set: one notebook each, those the portfolio's profile lists.

The page notebooks live in this package (``report/notebooks/``, shipped as package data), so an installed
package renders from any folder; the repository's top-level ``notebooks/`` holds the analysts' own
notebooks and a README pointing here.
"""

from __future__ import annotations

from pathlib import Path

# Found from the package itself, so `pip install .` (not editable) finds them in site-packages; a real
# folder, as papermill reads the files and the kernels start in it.
NOTEBOOKS_DIR = Path(__file__).resolve().parent / "notebooks"
# notebook -> page; the overview is the period's index page
PAGES = {"overview": "index.html", "status_change": "status_change.html",
         "budget_decline": "budget_decline.html", "schedule_cost": "schedule_cost.html", "risk": "risk.html",
         "history": "history.html"}
REPORT_META = "report.json"  # what a published period folder says about itself


def notebooks_of(pages) -> list[str]:
    """The notebooks of a profile's ``pages``, in the usual order."""
    return [name for name in PAGES if name in pages]
