"""``make bench``: timings of this package against the naive way, measured side by side in one run.

a. The report set of one period of the real data: ``portfolio-analysis report`` against, for each
   notebook, the ``papermill`` command line and then ``jupyter nbconvert --to html --no-input``.
b. The build of a simulated portfolio (40 periods x 2,000 projects, CSV) against bare
   ``pandas.read_csv`` of the same files; peak memory of the build; a rebuild when nothing changed.
c. The report set of the latest period of that large portfolio: HTML sizes, and the ratio of (a) there.
d. Build time at 10, 20, 40 and 80 periods.

Every timing is repeated (``--repeat``); the table shows the median and the spread (min-max).
Ratios are ours / baseline, measured in the same run on the same machine. Nothing here asserts a
time: the numbers are for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ("overview", "status_change", "budget_decline", "risk", "history")  # the pages of a report set


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):7.2f} s ({min(times):.2f}-{max(times):.2f})"


def ours_report(portfolio: str, period: str, data: Path, reports: Path) -> None:
    run([str(BIN / "portfolio-analysis"), "report", "--portfolio", portfolio, "--period", period,
         "--data-dir", str(data), "--reports-dir", str(reports)])


def naive_report(portfolio: str, period: str, previous: str, data: Path, work: Path) -> None:
    """What an analyst would type: papermill, then nbconvert, one notebook after the other."""
    for name in NOTEBOOKS:
        executed = work / f"{name}.ipynb"
        run([str(BIN / "papermill"), str(REPO / "notebooks" / f"{name}.ipynb"), str(executed),
             "-p", "portfolio", portfolio, "-p", "period", period, "-p", "previous_period", previous,
             "-p", "data_dir", str(data), "--cwd", str(REPO / "notebooks")])
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])


def report_pair(portfolio: str, period: str, previous: str, data: Path, scratch: Path, repeat: int):
    ours = timed(lambda: ours_report(portfolio, period, data, scratch / "reports"), repeat)
    naive = timed(lambda: naive_report(portfolio, period, previous, data, scratch), repeat)
    return ours, naive


def read_all_csv(files: list[Path]) -> None:
    import pandas as pd

    for path in files:  # the simulated files have one title line above the header
        pd.read_csv(path, skiprows=1, sep="\t" if path.suffix == ".tsv" else ",")


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


def simulated(root: Path, periods: int, projects: int) -> tuple[Path, str, list[Path]]:
    from portfolio_analysis.simulate import simulate_portfolio

    data = root / f"sim-{periods}x{projects}" / "data"
    simulation = simulate_portfolio(data, periods=periods, projects=projects, seed=1, formats=("csv",))
    files = sorted(p for p in (data / "raw" / simulation.portfolio).glob("*/*") if p.suffix in (".csv", ".tsv"))
    return data, simulation.portfolio, files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each timing (default %(default)s)")
    parser.add_argument("--periods", type=int, default=40, help="periods of the large portfolio")
    parser.add_argument("--projects", type=int, default=2000, help="projects of the large portfolio")
    parser.add_argument("--scaling", default="10,20,40,80", help="period counts for the scaling run")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: a,b,c,d")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    rows, results = [], {}
    scratch = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    try:
        real = scratch / "real" / "data"
        shutil.copytree(REPO / "data" / "raw", real / "raw")
        build_once("e-helse", real)
        if "a" not in skip:
            ours, naive = report_pair("e-helse", "2020-04", "2020-01", real, scratch / "a", args.repeat)
            rows.append(("a. report set, real data, 1 period", ours, naive, "<= 0.5"))
            results["a"] = {"ours": ours, "naive": naive}
        if not skip >= {"b", "c"}:
            data, portfolio, files = simulated(scratch, args.periods, args.projects)
        if "b" not in skip:
            build_once(portfolio, data)  # warm the imports and the file cache
            ours = timed(lambda: build_once(portfolio, data), args.repeat)
            bare = timed(lambda: read_all_csv(files), args.repeat)
            rows.append((f"b. build {args.periods}x{args.projects} vs read_csv", ours, bare, "<= 3"))
            unchanged = timed(lambda: build_once(portfolio, data, force=False), args.repeat)
            rows.append(("b. rebuild, nothing changed, vs full build", unchanged, ours, "<= 0.2"))
            memory = peak_memory_mb(portfolio, data)
            results["b"] = {"build": ours, "read_csv": bare, "unchanged": unchanged, "peak_mb": memory,
                            "files": len(files)}
        if "c" not in skip:
            latest = sorted(p.name for p in (data / "raw" / portfolio).iterdir() if p.is_dir())[-2:]
            ours, naive = report_pair(portfolio, latest[1], latest[0], data, scratch / "c", max(1, args.repeat - 1))
            rows.append((f"c. report set, {args.periods}x{args.projects}, 1 period", ours, naive, "<= 0.5"))
            pages = sorted((scratch / "c" / "reports" / portfolio / latest[1]).glob("*.html"))
            sizes = {p.name: p.stat().st_size for p in pages}
            results["c"] = {"ours": ours, "naive": naive, "html_bytes": sizes}
        scaling = {}
        if "d" not in skip:
            for periods in [int(n) for n in args.scaling.split(",")]:
                data_d, portfolio_d, _ = simulated(scratch / "d", periods, args.projects)
                build_once(portfolio_d, data_d)
                scaling[periods] = timed(lambda: build_once(portfolio_d, data_d), args.repeat)
            results["d"] = scaling
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"\nportfolio-analysis benchmarks ({os.cpu_count()} CPUs, {args.repeat} repetitions, median (min-max))\n")
    print(f"{'benchmark':48} {'ours':>24} {'baseline':>24} {'ratio':>7}  target  met")
    for name, ours, base, target in rows:
        ratio = statistics.median(ours) / statistics.median(base)
        met = "yes" if ratio <= float(target.split()[-1]) else "no"
        print(f"{name:48} {summary(ours):>24} {summary(base):>24} {ratio:7.2f}  {target:6}  {met}")
    if "b" in results:
        print(f"\nb. peak memory of the build (fresh process, imports included): {results['b']['peak_mb']:.0f} MB "
              f"(target <= 1024 MB: {'met' if results['b']['peak_mb'] <= 1024 else 'not met'}); "
              f"{results['b']['files']} raw files")
    if "c" in results:
        biggest = max(results["c"]["html_bytes"].values())
        print(f"c. HTML sizes: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in results["c"]["html_bytes"].items())
              + f" (target <= 2 MB each: {'met' if biggest <= 2e6 else 'not met'})")
    if scaling:
        print(f"\nd. build time by number of periods ({args.projects:,} projects each):")
        base_periods = min(scaling)
        for periods, times in scaling.items():
            per = statistics.median(times) / periods
            print(f"   {periods:3} periods  {summary(times)}  {per * 1000:6.1f} ms per period  "
                  f"x{statistics.median(times) / statistics.median(scaling[base_periods]):.2f} of {base_periods}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
