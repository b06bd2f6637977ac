"""Rendering the report notebooks of a period into shareable, self-contained HTML.

``render_period`` executes every notebook with papermill into a temporary folder, exports each to
HTML with nbconvert as soon as it finished (no code, no prompts, no scripts; ``export``), wraps it in a
page that states its provenance,
and only when every notebook succeeded swaps the folder in as ``reports/<portfolio>/<period>/``.
A failed notebook is kept, executed with its error, under ``reports/_failed/`` and the report
published earlier stays as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import formatting as fmt
from .. import __version__
from ..analysis.compare import resolve_periods
from ..api.portfolio import load_portfolio
from ..api.tables import load_inputs
from ..pipeline.folders import (remove_stale_staging, restore_interrupted_swap, staging_beside, swap_in,
                                write_errors_reported)
from ..pipeline.locking import DEFAULT_WAIT, portfolio_lock
from ..settings.paths import (data_dir as resolve_data_dir, display_path, processed_dir,
                              reports_dir)
from .catalogue import Context, t
from .freshness import KEY_FIELD, PDF_FAILED, period_key
from .html import environment, stylesheet
from .index import INDEX_FIELD, index_record, write_reports_index
from .kernels import KernelPool, default_jobs, execute_notebook
from .pageset import NOTEBOOKS_DIR, PAGES, REPORT_META, notebooks_of
from .pdf import NO_PDF_CHOSEN, Printer, find_engine, pdf_name, print_pdf
from .single import single_file_name, single_html
from .workbook import workbook_name, write_workbook

FAILED_FOLDER = "_failed"
SCHEDULE_COST_MEASURES = ("planned_end", "whole_life_cost")  # either brings the schedule-and-cost page


def pages_of(ctx: Context) -> list[str]:
    """The notebooks of this period's report set, in the usual order: its profile's ``pages``, and the
    schedule-and-cost page wherever the compared periods give planned end dates or whole-life costs."""
    dated = any(ctx.comparison.gives(column) for column in SCHEDULE_COST_MEASURES)
    return notebooks_of({*ctx.pf.pages, *(["schedule_cost"] if dated else [])})


@dataclass
class RenderResult:
    portfolio: str
    period: str
    previous: str
    folder: Path
    failed: dict[str, Path] = field(default_factory=dict)  # notebook -> executed notebook with the error
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def warmed_exporter():
    """The process's exporter of page bodies, its templates loaded. nbconvert is imported here, not with
    this module, so that the report command starts its kernels before paying for it (in the calling
    thread: see KernelPool.map)."""
    from .export import body_exporter

    exporter = body_exporter()
    exporter.warm_up()
    return exporter


def render_period(portfolio: str, period: str | None = None, previous: str | None = None, data_dir=None,
                  reports_dir_=None, notebooks_dir: Path | None = None, progress=None,
                  wait: float = DEFAULT_WAIT, jobs: int | None = None, pool: KernelPool | None = None) -> RenderResult:
    """Renders one period's reports; see the module docstring for what is written where. Holds the
    portfolio's lock, so two runs for one portfolio never interleave. Notebooks run ``jobs`` at a time
    (default: the number of CPUs) in ``pool``, or in a pool started for this call."""
    data = resolve_data_dir(data_dir)
    progress = progress or sys.stderr
    notebooks = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS_DIR
    with portfolio_lock(processed_dir(data), portfolio, wait, progress, display_path(processed_dir(data), data)):
        if pool is not None:
            return _render_locked(portfolio, period, previous, data, reports_dir_, notebooks, progress, pool)
        with KernelPool(min(jobs or default_jobs(), len(PAGES)), notebooks) as own:
            return _render_locked(portfolio, period, previous, data, reports_dir_, notebooks, progress, own)


def _render_locked(portfolio, period, previous, data: Path, reports_dir_, notebooks: Path, progress,
                   pool: KernelPool) -> RenderResult:
    pf = load_portfolio(portfolio, data)  # built first if stale
    ctx = Context(pf, *resolve_periods(pf, period, previous))
    root = reports_dir(reports_dir_)
    target = root / portfolio / ctx.period
    result = RenderResult(portfolio, ctx.period, ctx.previous, target)
    shown = display_path(target, root)
    with write_errors_reported(shown, "nothing was done"):
        target.parent.mkdir(parents=True, exist_ok=True)
        restore_interrupted_swap(target)
        remove_stale_staging(target)
    kept = "the report published earlier is kept" if target.exists() else "nothing was published"
    # the PDF engine starts with the notebooks (a browser waits), so only the printing itself follows them
    with write_errors_reported(shown, kept), staging_beside(target, "rendering") as staging, \
            Printer(find_engine()) as printer:
        executed, bodies = execute_all(ctx, data, notebooks, staging, result, progress, pool)
        if result.failed:
            keep_failed(executed, result, root)
            return result
        write_pages(ctx, bodies, staging, data, period_key(data, portfolio, notebooks, ctx.period, ctx.previous),
                    printer, progress)
        swap_in(staging, target)
    with write_errors_reported(display_path(root / "index.html", root), "the index written earlier is kept"):
        write_reports_index(root)
    return result


def execute_all(ctx: Context, data: Path, notebooks: Path, staging: Path, result: RenderResult,
                progress, pool: KernelPool) -> tuple[dict[str, Path], dict[str, str]]:
    """Runs every notebook in the kernel pool, several at once, and exports each as soon as it finished,
    while the others still run; a failure is recorded, not raised. Returns the executed notebooks and the
    page bodies of those that succeeded, in page order."""
    (staging / "_executed").mkdir()
    # Every path the notebooks' threads and kernels get is absolute: the kernels run in the notebooks' folder,
    # and papermill changes this process's working directory around each write, from any thread.
    executed = {name: Path(os.path.abspath(staging / "_executed" / f"{name}.ipynb")) for name in pages_of(ctx)}
    parameters = {"portfolio": ctx.pf.name, "period": ctx.period, "previous_period": ctx.previous,
                  "data_dir": os.path.abspath(data), "output_dir": os.path.abspath(staging),  # lists go beside the pages
                  "snapshot": ctx.pf.fingerprint}  # the build this run holds: the notebooks never rebuild
    lines = Progress(f"{ctx.pf.name} {ctx.period}", len(executed), progress)
    exporter = warmed_exporter()  # while the kernels start
    bodies = {}

    def task(name):
        def run(manager):
            if execute_one(name, notebooks / f"{name}.ipynb", executed[name], parameters, manager, result, lines):
                bodies[name] = exporter.body_of(executed[name])
        return run

    pool.map([task(name) for name in longest_first(executed)])
    return executed, {name: bodies[name] for name in executed if name in bodies}


def longest_first(names) -> list[str]:
    """The order the notebooks start in: the history page first, as it reads every period up to the
    report's and takes longest wherever there is some history; the others then share the kernels."""
    return sorted(names, key=lambda name: name != "history")


class Progress:
    """The lines a run prints as its notebooks start and finish, from several threads."""

    def __init__(self, prefix: str, total: int, stream):
        self.prefix, self.total, self.stream = prefix, total, stream
        self.done = 0
        self.lock = threading.Lock()

    def started(self, name: str) -> None:
        with self.lock:
            print(f"    {self.prefix}: {name} running ...", file=self.stream, flush=True)

    def finished(self, name: str, outcome: str) -> None:
        with self.lock:
            self.done += 1
            print(f"[{self.done}/{self.total}] {self.prefix}: {name} {outcome}", file=self.stream, flush=True)


def execute_one(name: str, source: Path, output: Path, parameters: dict, manager, result: RenderResult,
                lines: Progress) -> bool:
    """Runs one notebook into ``output``; False when it failed, which ``result`` records."""
    lines.started(name)
    started = time.perf_counter()
    try:
        execute_notebook(source, output, parameters, manager)
        outcome = f"{time.perf_counter() - started:.1f} s"
    except Exception as error:  # noqa: BLE001 - any failure of a notebook is reported the same way
        result.failed[name] = output
        outcome = f"FAILED ({type(error).__name__}) after {time.perf_counter() - started:.1f} s"
    result.seconds[name] = time.perf_counter() - started
    lines.finished(name, outcome)
    return name not in result.failed


def keep_failed(executed: dict[str, Path], result: RenderResult, root: Path) -> None:
    folder = root / FAILED_FOLDER / result.portfolio / result.period
    with write_errors_reported(display_path(folder, root), "the report published earlier is kept"):
        folder.mkdir(parents=True, exist_ok=True)
        for name in list(result.failed):
            kept = folder / f"{name}.ipynb"
            if executed[name].exists():
                shutil.copyfile(executed[name], kept)
            result.failed[name] = kept


def write_pages(ctx: Context, bodies: dict[str, str], staging: Path, data: Path, key: str,
                printer: Printer | None = None, progress=None) -> None:
    """Every page, the single file, the workbook, the PDF and report.json, from the exported bodies (in page
    order). The PDF prints from the single file while the workbook is written; the pages then link what was
    made, or say in one line why there is no PDF."""
    generated = _now()  # one stamp for every page and report.json: they are one report
    files = input_files(ctx, data)
    provenance = provenance_html(ctx, files, generated)
    single = single_file_name(ctx)
    (staging / single).write_text(single_html(ctx, bodies, PAGES, provenance), encoding="utf-8")
    pdf = pdf_name(ctx.pf.name, ctx.period)
    with ThreadPoolExecutor(max_workers=1) as background:
        print_one = printer.print if printer else lambda html, out: print_pdf(find_engine(), html, out)
        printing = background.submit(print_one, staging / single, staging / pdf)
        workbook = workbook_name(ctx)
        write_workbook(ctx, staging / workbook, generated, files)
        why_no_pdf = printing.result()
    if why_no_pdf not in (None, "off"):  # turned off is a setting, not news
        print(f"{ctx.pf.name} {ctx.period}: no PDF: {why_no_pdf}", file=progress or sys.stderr, flush=True)
    downloads = download_links(ctx, single, workbook, None if why_no_pdf else pdf, why_no_pdf)
    for name, body in bodies.items():
        (staging / PAGES[name]).write_text(page_html(ctx, name, body, provenance, downloads), encoding="utf-8")
    shutil.rmtree(staging / "_executed")
    meta = {"portfolio": ctx.pf.name, "title": ctx.pf.title, "language": ctx.language, "period": ctx.period,
            "previous": ctx.previous, "as_of": _as_of(ctx), "generated": generated, "version": __version__,
            "synthetic": ctx.pf.synthetic, "pages": [PAGES[name] for name in pages_of(ctx)], "single_file": single,
            "workbook": workbook, "pdf": None if why_no_pdf else pdf, "no_pdf": no_pdf_line(ctx, why_no_pdf),
            INDEX_FIELD: index_record(ctx),  # the period's figures as the index of all reports shows them
            # what made it: a run with the same key has nothing to render (freshness.py); a PDF that failed
            # leaves a key no run matches, so the next run tries again
            KEY_FIELD: key if why_no_pdf is None or why_no_pdf in NO_PDF_CHOSEN else f"{key}{PDF_FAILED}"}
    (staging / REPORT_META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def no_pdf_line(ctx: Context, why_no_pdf: str | None) -> str | None:
    """The one line a set without a PDF shows where its link would be: turned off, no engine, or failed."""
    if why_no_pdf is None:
        return None
    reason = why_no_pdf if why_no_pdf in NO_PDF_CHOSEN else "failed"
    return t(ctx, "pdf.unavailable", reason=t(ctx, f"pdf.reason.{reason}"))


def download_links(ctx: Context, single: str, workbook: str, pdf: str | None, why_no_pdf: str | None) -> dict:
    """The period's files to take away, as the separate pages link them: the single file, the workbook, the
    PDF, or the line saying why there is none."""
    links = [{"href": single, "label": t(ctx, "index.single_file")},
             {"href": workbook, "label": t(ctx, "workbook.link")}]
    if pdf:
        links.append({"href": pdf, "label": t(ctx, "pdf.link")})
    return {"links": links, "note": no_pdf_line(ctx, why_no_pdf)}


def _as_of(ctx: Context) -> str | None:
    value = ctx.pf.periods.set_index("report_period").loc[ctx.period].get("as_of")
    return None if fmt.is_missing(value) else str(value)[:10]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def nav_links(ctx: Context, current: str) -> list[dict]:
    return [{"href": PAGES[name], "label": t(ctx, f"section.{name}"), "current": name == current}
            for name in pages_of(ctx)]


def input_files(ctx: Context, data: Path) -> list[tuple[str, str]]:
    """(file, SHA-256) of the files the build used of every period up to the report's (the history page reads
    them all), and the profile."""
    inputs = load_inputs(ctx.pf.name, data)
    shown = inputs[inputs["used"] & (inputs["period"].isna() | (inputs["period"] <= ctx.period).fillna(False))]
    return list(zip(shown["file"], shown["sha256"]))


def provenance_html(ctx: Context, files: list[tuple[str, str]], generated: str) -> Markup:
    return Markup(environment().get_template("provenance.html.j2").render(
        heading=t(ctx, "provenance.heading"),
        as_of=t(ctx, "provenance.as_of", as_of=fmt.date(_as_of(ctx), ctx.language)) if _as_of(ctx) else "",
        generated=t(ctx, "provenance.generated", generated=generated, version=__version__),
        inputs_label=t(ctx, "provenance.inputs"), files=files))


def page_html(ctx: Context, name: str, body: str, provenance: Markup, downloads: dict | None = None) -> str:
    title = f'{t(ctx, "section." + name)} – {ctx.pf.title} – {fmt.period_name(ctx.period, ctx.language)}'
    return environment().get_template("page.html.j2").render(
        language=ctx.language, title=title, css=Markup(stylesheet()), links=nav_links(ctx, name),
        up={"href": "../../index.html", "label": t(ctx, "index.heading")}, downloads=downloads,
        body=Markup(body),  # nbconvert's export of the executed notebook, whose outputs the templates made
        provenance=provenance)
