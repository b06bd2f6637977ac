"""The period as a PDF: ``<portfolio>-<period>.pdf``, the single file printed on A4.

The page style sheet's ``@page`` rules put the report's title at the top and "n / N" at the bottom of every
sheet; headless Chromium keeps them (``--no-pdf-header-footer`` drops only Chromium's own date and address
lines). The engine, in this order:

- ``PORTFOLIO_PDF`` (:data:`SETTING`): ``off`` makes no PDF (the tests that do not test it set it, as renders
  are then faster); a path names the Chromium or Chrome executable to use;
- otherwise the first of ``chromium``, ``chromium-browser``, ``google-chrome`` on the PATH, or Playwright's
  Chromium where it is installed;
- otherwise WeasyPrint, where it can be imported.

Chromium is started when the run starts (:class:`Printer`, while the notebooks run) and prints over its
DevTools pipe when the single file is written, so its start-up is off the critical path; should that fail,
the one-shot ``--print-to-pdf`` command is tried. With none, or when the engine fails, the report set is published without the PDF and says why in one line
where its link would be (the reason also goes to the console); a PDF never fails a report.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
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


class Printer:
    """The run's PDF engine, started ahead: ``with Printer(find_engine()) as printer: ... printer.print(html,
    pdf)``. A Chromium is launched at once and waits; anything else prints when asked."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.browser: WarmChromium | None = None

    def __enter__(self) -> "Printer":
        if self.engine.kind == "chromium":
            try:
                self.browser = WarmChromium(self.engine.executable)
            except OSError:
                self.browser = None  # print() tries the one-shot command, which says what is wrong
        return self

    def __exit__(self, *exc) -> None:
        if self.browser is not None:
            self.browser.close()

    def print(self, html: Path, pdf: Path) -> str | None:
        """Prints ``html`` to ``pdf``; None when done, or why not."""
        if self.browser is not None:
            try:
                self.browser.print(html, pdf)
                return None
            except (OSError, RuntimeError, TimeoutError, ValueError):
                pdf.unlink(missing_ok=True)
                self.browser.close()
                self.browser = None
        return print_pdf(self.engine, html, pdf)


class WarmChromium:
    """A headless Chromium driven over ``--remote-debugging-pipe`` (DevTools messages, JSON ended by NUL, on
    its file descriptors 3 and 4)."""

    def __init__(self, executable: str):
        self.profile = tempfile.TemporaryDirectory(prefix="pa-chromium-")
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()
        try:
            # the shell puts the pipes on descriptors 3 and 4, where Chromium expects them
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", f'exec "$0" "$@" 3<&{commands_read} 4>&{replies_write}', executable,
                 "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                 f"--user-data-dir={self.profile.name}", "about:blank"],
                pass_fds=(commands_read, replies_write), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        finally:
            os.close(commands_read)
            os.close(replies_write)
        self.buffer, self.next_id = b"", 0

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.replies], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.replies, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             deadline: float | None = None) -> dict:
        deadline = deadline or time.monotonic() + TIMEOUT
        wanted = self.send(method, params, session)
        while True:
            message = self.receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})

    def wait_for(self, event: str, session: str, deadline: float) -> None:
        while True:
            message = self.receive(deadline)
            if message.get("method") == event and message.get("sessionId") == session:
                return

    def print(self, html: Path, pdf: Path) -> None:
        deadline = time.monotonic() + TIMEOUT
        target = self.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                            deadline=deadline)["sessionId"]
        self.call("Page.enable", session=session, deadline=deadline)
        self.send("Page.navigate", {"url": html.resolve().as_uri()}, session)
        self.wait_for("Page.loadEventFired", session, deadline)
        # the @page rules give the size, margins, title and "n / N"; Chromium adds no header or footer of its own
        result = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True},
                           session, deadline)
        pdf.write_bytes(base64.b64decode(result["data"]))
        self.call("Target.closeTarget", {"targetId": target}, deadline=deadline)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            for descriptor in (self.commands, self.replies):
                try:
                    os.close(descriptor)
                except OSError:
                    pass
            self.profile.cleanup()
