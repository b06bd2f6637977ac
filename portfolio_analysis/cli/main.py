"""Command line: ``portfolio-analysis build`` (also ``python -m portfolio_analysis build``)."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .. import __version__
from ..pipeline.folders import WriteFailed
from ..pipeline.locking import DEFAULT_WAIT
from ..report.freshness import built_periods, period_key, published_key
from ..report.pageset import NOTEBOOKS_DIR, PAGES
from ..settings.paths import (DATA_DIR_VARIABLE, REPORTS_DIR_VARIABLE, data_dir as resolve_data_dir, printable_path,
                              reports_dir)
from ..settings.problems import InputError, Problem, UsageError
from ..settings.periods import check_period_argument
from ..settings.profile import Profile, list_portfolios, load_profile, misnamed_portfolios
from . import forms, receipt

# The commands import pandas, papermill and the pipeline where they need them: a `report` that finds
# every period up to date answers in a fraction of a second (report/freshness.py).

def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        # as argparse tells a usage slip: the command's usage, then the message, exit code 2
        args.parser.print_usage(sys.stderr)
        print(f"{args.parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except InputError as error:
        print_problems(error.problems)
        errors = sum(p.severity == "error" for p in error.problems)
        print(f"Nothing was written: {errors} error(s) to fix in the input.", file=sys.stderr)
        return 1
    except WriteFailed as error:
        print(error, file=sys.stderr)
        return 1


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portfolio-analysis", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build_parser = commands.add_parser("build", help="clean the raw files into data/processed/<portfolio>/")
    build_parser.add_argument("--portfolio", help="one portfolio (default: every folder in raw/ with a portfolio.yml)")
    build_parser.add_argument("--data-dir", help=f"folder holding raw/ and processed/ (default: ${DATA_DIR_VARIABLE} "
                                                 "or the repository's data/)")
    build_parser.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    build_parser.add_argument("--wait", type=float, default=DEFAULT_WAIT,
                              help="seconds to wait for another run of the same portfolio (default %(default)g)")
    build_parser.set_defaults(run=run_build, parser=build_parser)

    report_parser = commands.add_parser("report", help="render the HTML reports of a period into reports/")
    report_parser.add_argument("--portfolio", help="one portfolio (default: every portfolio)")
    report_parser.add_argument("--period", help="reporting period YYYY-MM (default: the latest)")
    report_parser.add_argument("--previous", help="period to compare with (default: the one before --period)")
    report_parser.add_argument("--all", action="store_true", help="render every period (each against the one before)")
    report_parser.add_argument("--data-dir", help=f"folder holding raw/ and processed/ (default: "
                                                  f"${DATA_DIR_VARIABLE} or the repository's data/)")
    report_parser.add_argument("--reports-dir", help=f"where reports go (default: ${REPORTS_DIR_VARIABLE} "
                                                     "or the repository's reports/)")
    report_parser.add_argument("--notebooks", help="folder of the page notebooks (default: the package's "
                                                   "report/notebooks/)")
    report_parser.add_argument("--force", action="store_true",
                               help="render even the periods whose published report is up to date")
    report_parser.add_argument("--jobs", type=int, help="notebooks run at once, each in a kernel of its own "
                                                        "(default: the number of CPUs)")
    report_parser.add_argument("--wait", type=float, default=DEFAULT_WAIT,
                               help="seconds to wait for another run of the same portfolio (default %(default)g)")
    report_parser.set_defaults(run=run_report, parser=report_parser)

    submissions_parser = commands.add_parser("submissions", help="the checklist of a period: who sent, who did not, "
                                             "what is carried forward, what went missing")
    submissions_parser.add_argument("--portfolio", help="one portfolio (default: every portfolio)")
    submissions_parser.add_argument("--period", help="reporting period YYYY-MM (default: the latest)")
    submissions_parser.add_argument("--data-dir", help="folder holding raw/ (for the portfolio's profile)")
    submissions_parser.set_defaults(run=run_submissions, parser=submissions_parser)

    validate_parser = commands.add_parser("validate", help="check one submitted file, or a period folder, without "
                                          "building anything")
    validate_parser.add_argument("file", help="a submitted .csv, .tsv or .xlsx file, or a period folder (YYYY-MM): "
                                              "what each of its files is, and every problem")
    validate_parser.add_argument("--portfolio", help="whose rules apply (default: the folder the file is in, the "
                                                     "only portfolio, or the one whose column map fits its header)")
    validate_parser.add_argument("--table", help="which table the file is (default: as the build decides, by its content, "
                                                  "its name settling a tie)")
    validate_parser.add_argument("--data-dir", help="folder holding raw/ (for the portfolio's profile)")
    validate_parser.set_defaults(run=run_validate, parser=validate_parser)
    receipt.add_parser(commands)
    forms.add_parser(commands)
    return parser


def run_build(args: argparse.Namespace) -> int:
    from ..pipeline.build import build, build_all

    if not args.portfolio:
        print_problems(misnamed_portfolios(resolve_data_dir(args.data_dir)))
    results = ([build(args.portfolio, args.data_dir, args.force, args.wait)] if args.portfolio
               else build_all(args.data_dir, args.force, args.wait))
    for result in results:
        print_build(result, args.data_dir)
    return 0


def run_report(args: argparse.Namespace) -> int:
    """Renders the planned periods whose published report is not up to date (all of them with
    ``--force``), one line for each period skipped."""
    data = resolve_data_dir(args.data_dir)
    root = reports_dir(args.reports_dir)
    notebooks = Path(args.notebooks) if args.notebooks else NOTEBOOKS_DIR
    for period in (args.period, args.previous):
        check_period_argument(period)
    work = []
    for portfolio in [args.portfolio] if args.portfolio else every_portfolio(data):
        profile = load_profile(data, portfolio)
        for period, previous in planned_periods(profile, data, args):
            if not args.force and published_key(root / portfolio / period) == period_key(
                    data, portfolio, notebooks, period, previous):
                print(f"{portfolio} {period}: up to date, nothing rendered")
            else:
                work.append((portfolio, period, previous))
    failed = render_periods(work, data, notebooks, args) if work else []
    print(f"Index of all reports: {root / 'index.html'}")
    return 1 if failed else 0


def render_periods(work: list[tuple[str, str, str]], data: Path, notebooks: Path, args: argparse.Namespace) -> list:
    """Renders each (portfolio, period, previous) in one pool of kernels; returns the failed results."""
    from ..report.kernels import KernelPool, default_jobs

    failed = []
    with KernelPool(max(1, min(args.jobs or default_jobs(), len(PAGES))), notebooks) as pool:  # shared by every period of the run
        from ..report.render import render_period  # pandas and nbconvert load while the kernels start

        gc.freeze()  # the modules just imported live until the command ends: no collection needs to scan them
        for portfolio, period, previous in work:
            result = render_period(portfolio, period, previous, data, args.reports_dir, notebooks, wait=args.wait,
                                   pool=pool)
            if result.ok:
                print(f"{portfolio} {result.period} (against {result.previous}): {result.folder / 'index.html'}")
                continue
            failed.append(result)
            for name, kept in result.failed.items():
                print(f"{portfolio} {result.period}: notebook {name} failed; the executed notebook with "
                      f"the error is {kept}; the report published earlier is unchanged", file=sys.stderr)
    return failed


def planned_periods(profile: Profile, data: Path, args: argparse.Namespace) -> list[tuple[str, str]]:
    """The (period, previous) pairs to render, checked before any work starts: the latest, ``--period``, or
    ``--all`` (each period against the one before). The periods come from the processed data's manifest
    when it is up to date, so nothing is built or imported to plan."""
    portfolio = profile.name
    periods = built_periods(profile, data)
    if periods is None:
        from ..pipeline.build import build
        from ..api.tables import load_periods

        build(portfolio, data, wait=args.wait)
        periods = sorted(load_periods(portfolio, data)["report_period"])
    for period in (args.period, args.previous):
        if period and period not in periods:
            raise InputError([Problem("<command line>", f"portfolio {portfolio!r} has no period {period}",
                                      value=period, expected="one of " + ", ".join(periods))])
    wanted = periods[1:] if args.all else [args.period or periods[-1]]
    if not wanted or wanted == periods[:1] and not args.previous:
        raise InputError([Problem("<command line>", f"portfolio {portfolio!r} has no earlier period to compare "
                                  f"{wanted[0] if wanted else 'with'} with", expected="at least two periods")])
    before = {period: periods[index - 1] for index, period in enumerate(periods) if index}
    return [(period, before[period] if args.all or not args.previous else args.previous) for period in wanted]


def run_submissions(args: argparse.Namespace) -> int:
    """Reads and checks every file without writing anything, so the checklist shows even when the period
    still has errors; exit 1 when it has."""
    from ..pipeline.build import check_portfolio
    from .summary import checklist_lines

    check_period_argument(args.period)
    data = resolve_data_dir(args.data_dir)
    errors = 0
    for portfolio in [args.portfolio] if args.portfolio else every_portfolio(data):
        outputs = check_portfolio(portfolio, data)
        periods = list(outputs.periods["report_period"])
        if args.period and args.period not in periods:
            raise InputError([Problem("<command line>", f"portfolio {portfolio!r} has no period {args.period}",
                                      value=args.period, expected="one of " + ", ".join(periods))])
        period = args.period or periods[-1]
        shown = [p for p in outputs.problems if p.period in (period, None) and p.severity != "note"]
        print_problems(shown)
        errors += sum(p.severity == "error" for p in shown)
        for line in checklist_lines(portfolio, outputs.submissions, outputs.files, period):
            print(line)
    return 1 if errors else 0


def run_validate(args: argparse.Namespace) -> int:
    from ..pipeline.validate import NOT_USED, validate_file, validate_period

    if Path(args.file).is_dir():
        if args.table:
            raise UsageError("--table names the table of one file; a period folder's files are each taken as "
                             "the build takes them")
        period = validate_period(args.file, args.portfolio, args.data_dir)
        print_problems(period.problems)
        print(f"{args.file}: period {period.period} of portfolio {period.portfolio!r}, {len(period.files)} files:")
        for file in period.files.itertuples():
            what = f"{file.table} table" if file.used else f"{NOT_USED}" if not file.table else f"{file.table} table, unread"
            print(f"  {Path(file.file).name}: {what} ({file.reason}): {file.rows} row{'' if file.rows == 1 else 's'}; "
                  f"{file.errors} errors, {file.warnings} warnings")
        errors, warnings = len(period.errors), sum(p.severity == "warning" for p in period.problems)
        print(f"{printable_path(str(args.file))}: {errors} errors, {warnings} warnings")
        return 1 if errors else 0
    result = validate_file(args.file, args.portfolio, args.table, args.data_dir)
    print_problems(result.problems)
    errors, warnings = len(result.errors), sum(p.severity == "warning" for p in result.problems)
    what = (f"{result.table} table of portfolio {result.portfolio!r}" if result.table != NOT_USED
            else f"{NOT_USED} by portfolio {result.portfolio!r} ({result.reason})")
    print(f"{printable_path(str(args.file))}: {what}: {result.rows} rows, "
          f"{result.dropped} lines dropped and {result.changed} values changed by the cleaning; "
          f"{errors} errors, {warnings} warnings")
    return 1 if errors else 0


def every_portfolio(data: Path) -> list[str]:
    """The portfolios of raw/, after a warning for each folder skipped for its name."""
    print_problems(misnamed_portfolios(data))
    return list_portfolios(data)


def print_build(result, data_dir) -> None:
    """What a :class:`build.BuildResult` did, and a line per period."""
    from ..clean.log import dropped_lines
    from ..api.portfolio import load_portfolio
    from ..settings.periods import coming_periods
    from .summary import period_lines

    if result.rebuilt:
        outputs = result.outputs
        actions = outputs.quality_log["action"].value_counts()
        print(f"{result.portfolio}: built {result.folder} from {len(outputs.input_files)} raw files; quality log: "
              f"{actions.get('changed', 0)} values changed, {dropped_lines(outputs.quality_log)} lines dropped, "
              f"{actions.get('warning', 0)} warnings, {actions.get('note', 0)} notes")
        print_problems([p for p in outputs.problems if p.severity == "warning"])
    else:
        print(f"{result.portfolio}: {result.folder} is up to date")
    for line in period_lines(load_portfolio(result.portfolio, data_dir)):
        print("  " + line)
    for period in coming_periods(result.profile, resolve_data_dir(data_dir)):
        deadline = f"deadline {period.deadline.isoformat()}" if period.deadline else "no deadline set"
        print(f"  {period.key}    no files yet ({deadline}): not built until its first file arrives")


def print_problems(problems: list[Problem]) -> None:
    """Errors and warnings, one line each; notes are only in the quality log."""
    for problem in problems:
        if problem.severity == "note":
            continue
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
