"""``make bench``: this package against the naive way, measured side by side in one run, as one table.

a. The report set of one period of the real data (e-helse 2020-04): ``portfolio-analysis report`` against,
   for each notebook, the ``papermill`` command line and then ``jupyter nbconvert --to html --no-input``,
   and, where our set has a PDF (``PORTFOLIO_PDF`` not ``off`` and a Chromium found), Chromium's
   ``--print-to-pdf`` of each page: the naive way to the same PDF for the boards.
n. A ``report`` with nothing new, against a full run of the same period (a); and ``report --all`` of the
   UK GMPP's nine periods with nothing new, against a full run of one period (stricter than against nine).
l. ``pa.load_portfolio("e-helse")`` against ``pandas.read_parquet`` of the same four processed tables (the
   panel, periods, reported changes, submissions), in one process after a first call (imports, and the
   package code's digest that a process takes once); each timing is a batch of ``LOAD_CALLS`` calls.
b. The build of a simulated portfolio (40 periods x 2,000 projects) against bare ``pandas.read_csv`` of the
   same files (told each file's delimiter and encoding; ``pandas.read_excel`` for a workbook), in two
   layouts: one list per period, and one file per organisation (10 a period, CSV, TSV and XLSX mixed). Peak
   memory of each build, in a fresh process; a rebuild when nothing changed.
c. The report set of the latest period of that large portfolio: the ratio of (a) there, and HTML sizes.
d. Build time at 10, 20, 40 and 80 periods: linear when the time per period at the most periods is within
   25 % of the time per period at the fewest.

Every timing is repeated (``--repeat``, at least 3 for the table to count); the table shows the median and
the spread (min-max). Ratios are ours / baseline. Nothing here asserts a time: the numbers are for reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LAYOUTS = {"one list per period": "combined", "one file per organisation": "per_organisation"}
LOAD_CALLS = 50


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f})"


def report_command(portfolio: str, data: Path, reports: Path, *extra: str) -> list[str]:
    return [str(BIN / "portfolio-analysis"), "report", "--portfolio", portfolio, "--data-dir", str(data),
            "--reports-dir", str(reports), *extra]


def naive_report(portfolio: str, period: str, previous: str, data: Path, work: Path, published: Path) -> None:
    """What an analyst would type: papermill, then nbconvert, one notebook after the other, for the pages our
    run published (``published``: its period folder; the schedule-and-cost page joins where the data have dates)."""
    from portfolio_analysis.report.pageset import NOTEBOOKS_DIR, PAGES

    from portfolio_analysis.report.pdf import find_engine

    meta = json.loads((published / "report.json").read_text(encoding="utf-8"))
    engine = find_engine()
    for name in [name for name, page in PAGES.items() if page in meta["pages"]]:
        executed = work / f"{name}.ipynb"
        run([str(BIN / "papermill"), str(NOTEBOOKS_DIR / f"{name}.ipynb"), str(executed),
             "-p", "portfolio", portfolio, "-p", "period", period, "-p", "previous_period", previous,
             "-p", "data_dir", str(data), "--cwd", str(NOTEBOOKS_DIR)])
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
        if meta.get("pdf") and engine.kind == "chromium":  # where ours printed a PDF, so does the naive way: each page
            run([engine.executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                 f"--print-to-pdf={executed.with_suffix('.pdf')}", executed.with_suffix(".html").resolve().as_uri()])


def report_pair(portfolio: str, period: str, previous: str, data: Path, scratch: Path, repeat: int):
    """(ours, naive) times of one period's report set; ours renders every time (``--force``)."""
    scratch.mkdir(parents=True, exist_ok=True)
    command = report_command(portfolio, data, scratch / "reports", "--period", period, "--previous", previous,
                             "--force")
    ours = timed(lambda: run(command), repeat)
    published = scratch / "reports" / portfolio / period
    naive = timed(lambda: naive_report(portfolio, period, previous, data, scratch, published), repeat)
    return ours, naive


def bare_readers(files: list[Path]):
    """For each file, how a person who knows it reads it with pandas: delimiter and encoding given (found
    here, before any timing), one title line skipped; workbooks with ``read_excel``."""
    import pandas as pd

    readers = []
    for path in files:
        if path.suffix == ".xlsx":
            readers.append(lambda path=path: pd.read_excel(path))
            continue
        raw = path.read_bytes()
        try:
            text, encoding = raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252"), "cp1252"
        header = text.splitlines()[1]
        sep = max("\t;,", key=header.count)
        readers.append(lambda path=path, sep=sep, encoding=encoding: pd.read_csv(path, skiprows=1, sep=sep,
                                                                                 encoding=encoding))
    return readers


def build_once(portfolio: str, data: Path, force: bool = True) -> None:
    import portfolio_analysis as pa

    pa.build(portfolio, data, force=force)


def peak_memory_mb(portfolio: str, data: Path) -> float:
    """Peak resident memory of a build in a fresh process (interpreter and imports included)."""
    code = ("import resource, portfolio_analysis as pa; "
            f"pa.build({portfolio!r}, {str(data)!r}, force=True); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def simulated(root: Path, periods: int, projects: int, layout: str = "combined") -> tuple[Path, str, list[Path]]:
    from portfolio_analysis.simulate import simulate_portfolio

    data = root / f"sim-{layout}-{periods}x{projects}" / "data"
    options = {"formats": ("csv",)} if layout == "combined" else {"submissions": layout}
    simulation = simulate_portfolio(data, periods=periods, projects=projects, seed=1, **options)
    files = sorted(p for p in (data / "raw" / simulation.portfolio).glob("*/*") if p.suffix in (".csv", ".tsv", ".xlsx"))
    return data, simulation.portfolio, files


class Table:
    """The rows of the one table ``make bench`` prints, and the JSON behind it."""

    def __init__(self):
        self.rows: list[dict] = []

    def ratio(self, name: str, ours: list[float], base: list[float], target: float) -> None:
        value = statistics.median(ours) / statistics.median(base)
        self.rows.append({"benchmark": name, "ours": spread(ours), "baseline": spread(base), "ratio": f"{value:.3f}",
                          "target": f"<= {target:g}", "met": value <= target, "times": {"ours": ours, "baseline": base}})

    def value(self, name: str, shown: str, value: float, target: float, unit: str = "") -> None:
        self.rows.append({"benchmark": name, "ours": shown, "baseline": "", "ratio": f"{value:.3f}" if not unit else "",
                          "target": f"<= {target:g}{unit}", "met": value <= target, "value": value})

    def print(self, repeat: int) -> None:
        machine = f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
        print(f"\nportfolio-analysis benchmarks, {dt.date.today():%d %B %Y} ({machine}; {repeat} repetitions: "
              "median (min-max))\n")
        widths = [max(len(str(row[k])) for row in self.rows + [dict(zip(COLUMNS, COLUMNS))]) for k in COLUMNS]
        print("  ".join(f"{name:{width}}" for name, width in zip(COLUMNS, widths)))
        for row in self.rows:
            cells = {**row, "met": "yes" if row["met"] else "NO"}
            print("  ".join(f"{str(cells[k]):{width}}" for k, width in zip(COLUMNS, widths)))


COLUMNS = ("benchmark", "ours", "baseline", "ratio", "target", "met")


def real_data(scratch: Path) -> Path:
    """A copy of the repository's raw files as committed (not an analyst's new period), with e-helse built,
    made once per run."""
    real = scratch / "real" / "data"
    if not real.exists():
        sys.path.insert(0, str(REPO / "tests"))
        from bundled import copy_bundled_raw

        copy_bundled_raw(real)
        build_once("e-helse", real)
    return real


def bench_reports(table: Table, scratch: Path, repeat: int, skip: set[str], results: dict) -> None:
    real = real_data(scratch)
    ours, naive = report_pair("e-helse", "2020-04", "2020-01", real, scratch / "a", repeat)
    table.ratio("a. report set, e-helse 2020-04, vs papermill + nbconvert", ours, naive, 0.25)
    results["a"] = {"ours": ours, "naive": naive}
    if "n" in skip:
        return
    nothing_new = timed(lambda: run(report_command("e-helse", real, scratch / "a" / "reports", "--period", "2020-04")),
                        repeat)
    table.ratio("n. report, nothing new, vs full run of that period", nothing_new, ours, 0.1)
    uk_reports = scratch / "uk" / "reports"
    started = time.perf_counter()
    run(report_command("uk-gmpp", real, uk_reports, "--all"))  # publishes the nine periods once
    full_all = time.perf_counter() - started
    all_nothing_new = timed(lambda: run(report_command("uk-gmpp", real, uk_reports, "--all")), repeat)
    table.ratio("n. report --all, UK 9 periods, nothing new, vs 1 full period", all_nothing_new, ours, 0.1)
    results["n"] = {"nothing_new": nothing_new, "all_nothing_new": all_nothing_new, "full_all_once": full_all}


def bench_load(table: Table, scratch: Path, repeat: int, results: dict) -> None:
    import pandas as pd

    import portfolio_analysis as pa
    from portfolio_analysis.api.portfolio import PORTFOLIO_TABLES

    real = real_data(scratch)
    folder = real / "processed" / "e-helse"

    def ours():
        for _ in range(LOAD_CALLS):
            pa.load_portfolio("e-helse", real)

    def bare():
        for _ in range(LOAD_CALLS):
            for name in PORTFOLIO_TABLES:
                pd.read_parquet(folder / f"{name}.parquet")

    pa.load_portfolio("e-helse", real)
    loads, reads = [], []
    for _ in range(repeat):  # alternated, so a busy moment of the machine falls on both
        loads += timed(ours, 1)
        reads += timed(bare, 1)
    table.ratio(f"l. pa.load_portfolio e-helse x{LOAD_CALLS}, vs read_parquet of its 4 tables", loads, reads, 1.5)
    results["l"] = {"load_portfolio": loads, "read_parquet": reads, "calls": LOAD_CALLS}


def bench_builds(table: Table, scratch: Path, args, skip: set[str], results: dict) -> dict:
    size = f"{args.periods}x{args.projects}"
    large = {}
    for label, layout in LAYOUTS.items():
        data, portfolio, files = simulated(scratch, args.periods, args.projects, layout)
        large[layout] = (data, portfolio)
        readers = bare_readers(files)
        build_once(portfolio, data)  # warm the imports and the file cache
        ours = timed(lambda: build_once(portfolio, data), args.repeat)
        bare = timed(lambda: [read() for read in readers], args.repeat)
        kinds = "read_csv" if layout == "combined" else "read_csv/read_excel"
        table.ratio(f"b. build {size}, {label} ({len(files)} files), vs {kinds}", ours, bare, 3)
        memory = peak_memory_mb(portfolio, data)
        table.value("b. peak memory of that build (fresh process)", f"{memory:.0f} MB", memory, 1024, " MB")
        results[f"b-{layout}"] = {"build": ours, "bare": bare, "peak_mb": memory, "files": len(files)}
        if layout == "combined":
            unchanged = timed(lambda: build_once(portfolio, data, force=False), args.repeat)
            table.ratio("b. rebuild, nothing changed, vs full build", unchanged, ours, 0.2)
            results[f"b-{layout}"]["unchanged"] = unchanged
    return large


def bench_large_report(table: Table, scratch: Path, large: dict, args, results: dict) -> None:
    data, portfolio = large["combined"]
    latest = sorted(p.name for p in (data / "raw" / portfolio).iterdir() if p.is_dir())[-2:]
    ours, naive = report_pair(portfolio, latest[1], latest[0], data, scratch / "c", args.repeat)
    table.ratio(f"c. report set, {args.periods}x{args.projects}, latest period, vs naive", ours, naive, 0.5)
    pages = sorted((scratch / "c" / "reports" / portfolio / latest[1]).glob("*.html"))
    sizes = {p.name: p.stat().st_size for p in pages}
    biggest = max(sizes.values())
    table.value(f"c. largest HTML file ({max(sizes, key=sizes.get)})", f"{biggest / 1e6:.2f} MB", biggest / 1e6, 2,
                " MB")
    results["c"] = {"ours": ours, "naive": naive, "html_bytes": sizes}


def bench_scaling(table: Table, scratch: Path, args, results: dict) -> None:
    scaling = {}
    for periods in [int(n) for n in args.scaling.split(",")]:
        data, portfolio, _ = simulated(scratch / "d", periods, args.projects)
        build_once(portfolio, data)
        scaling[periods] = timed(lambda: build_once(portfolio, data), args.repeat)
    per_period = {n: statistics.median(times) / n for n, times in scaling.items()}
    fewest, most = min(scaling), max(scaling)
    shown = ", ".join(f"{n}: {per_period[n] * 1000:.0f}" for n in scaling)
    table.value(f"d. build ms per period ({shown}); {most} vs {fewest}", f"{per_period[most] * 1000:.0f} ms",
                per_period[most] / per_period[fewest], 1.25)
    results["d"] = scaling


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each timing (default %(default)s)")
    parser.add_argument("--periods", type=int, default=40, help="periods of the large portfolio")
    parser.add_argument("--projects", type=int, default=2000, help="projects of the large portfolio")
    parser.add_argument("--scaling", default="10,20,40,80", help="period counts for the scaling run")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: a,n,l,b,c,d (n needs a; c needs b)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    table, results = Table(), {}
    scratch = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    try:
        if "a" not in skip:
            bench_reports(table, scratch, args.repeat, skip, results)
        if "l" not in skip:
            bench_load(table, scratch, args.repeat, results)
        if "b" not in skip:
            large = bench_builds(table, scratch, args, skip, results)
            if "c" not in skip:
                bench_large_report(table, scratch, large, args, results)
        if "d" not in skip:
            bench_scaling(table, scratch, args, results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    table.print(args.repeat)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": table.rows, **results}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
