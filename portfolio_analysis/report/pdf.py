"""The period as a PDF: ``<portfolio>-<period>.pdf``, the single file printed on A4.

The page style sheet's ``@page`` rules put the report's title at the top and "n / N" at the bottom of every
sheet; headless Chromium keeps them (``--no-pdf-header-footer`` drops only Chromium's own date and address
lines). The engine, in this order:

- ``PORTFOLIO_PDF`` (:data:`SETTING`): ``off`` makes no PDF (the tests that do not test it set it, as renders
  are then faster); a path names the Chromium or Chrome executable to use;
- otherwise the first of ``chromium``, ``chromium-browser``, ``google-chrome`` on the PATH, or Playwright's
  Chromium where it is installed;
- otherwise WeasyPrint, where it can be imported.

With none, or when the engine fails, the report set is published without the PDF and says why in one line
where its link would be (the reason also goes to the console); a PDF never fails a report.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SETTING = "PORTFOLIO_PDF"
OFF = "off"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PLAYWRIGHT_BROWSERS = "~/.cache/ms-playwright/chromium-*/chrome-linux/chrome"
NO_PDF_CHOSEN = ("off", "no_engine")  # reasons that are a setting or the machine, not a failure
TIMEOUT = 120  # seconds: a browser that hangs must not hold the report


@dataclass(frozen=True)
class Engine:
    """How the PDF is made: ``chromium`` with its executable, ``weasyprint``, or ``none`` with the reason
    (``off``, ``no_engine``: the key of its words, ``pdf.reason.<reason>``)."""

    kind: str
    executable: str | None = None
    reason: str | None = None

    @property
    def describes(self) -> str:
        """What the report set's content key records of the engine: a change of it renders the set again."""
        return f"{self.kind}:{self.executable or self.reason or ''}"


def pdf_name(portfolio: str, period: str) -> str:
    return f"{portfolio}-{period}.pdf"


def find_engine(environ=os.environ) -> Engine:
    """The engine to print with, following :data:`SETTING`; see the module docstring."""
    setting = environ.get(SETTING, "").strip()
    if setting.lower() == OFF:
        return Engine("none", reason="off")
    if setting:
        return Engine("chromium", executable=setting)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return Engine("chromium", executable=found)
    installed = sorted(glob.glob(os.path.expanduser(PLAYWRIGHT_BROWSERS)))
    if installed:
        return Engine("chromium", executable=installed[-1])
    try:
        import weasyprint  # noqa: F401 - only whether it can be imported
    except ImportError:
        return Engine("none", reason="no_engine")
    return Engine("weasyprint")


def print_pdf(engine: Engine, html: Path, pdf: Path) -> str | None:
    """Prints ``html`` to ``pdf``; None when done, or why not (for the console: the engine's own words)."""
    try:
        if engine.kind == "chromium":
            return print_with_chromium(engine.executable, html, pdf)
        if engine.kind == "weasyprint":
            import weasyprint

            weasyprint.HTML(filename=str(html)).write_pdf(str(pdf))
            return None
    except Exception as error:  # noqa: BLE001 - whatever the engine does, the report is published without it
        pdf.unlink(missing_ok=True)
        return f"{type(error).__name__}: {error}"
    return engine.reason


def print_with_chromium(executable: str, html: Path, pdf: Path) -> str | None:
    command = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               "--run-all-compositor-stages-before-draw", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        pdf.unlink(missing_ok=True)
        return f"{executable}: {error}"
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        pdf.unlink(missing_ok=True)
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"{executable} exited with {done.returncode}: {last[0]}"
    return None
