"""``portfolio-analysis forms``: one pre-filled .xlsx form per organisation expected in a coming period, from
the processed data of the period before (built first where missing or stale, as ``report`` does)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..settings.paths import DATA_DIR_VARIABLE, data_dir as resolve_data_dir, display_path, raw_dir, reports_dir
from ..settings.problems import InputError, Problem
from ..settings.periods import check_period_argument
from ..settings.profile import PERIOD_FILE, load_profile

FORM_SUFFIX = ".xlsx"


def add_parser(commands) -> None:
    parser = commands.add_parser("forms", help="write the pre-filled forms of a coming period, one .xlsx per "
                                 "organisation expected to send")
    parser.add_argument("--portfolio", required=True, help="the portfolio (its organisations send submissions)")
    parser.add_argument("--period", required=True, help="the period the forms are for, YYYY-MM (its folder may hold "
                        "only period.yml, with the deadline)")
    parser.add_argument("--from", dest="from_period", help="the period whose values the forms hold, YYYY-MM "
                        "(default: the latest built period before --period)")
    parser.add_argument("--out", help="folder for the forms (default: reports/<portfolio>/forms/<period>/); "
                        "replaced whole, so new or holding only forms")
    parser.add_argument("--data-dir", help=f"folder holding raw/ and processed/ (default: ${DATA_DIR_VARIABLE} "
                        "or the repository's data/)")
    parser.set_defaults(run=run_forms, parser=parser)


def run_forms(args: argparse.Namespace) -> int:
    from ..analysis.form_content import form_columns, form_organisations, form_rows, known_destinations
    from ..api.portfolio import load_portfolio
    from ..outbox.forms import Form, write_forms
    from ..settings.maps import rating_scale
    from ..settings.periods import load_period

    check_period_argument(args.period)
    check_period_argument(args.from_period, "from")
    data = resolve_data_dir(args.data_dir)
    profile = load_profile(data, args.portfolio)
    if profile.intake == "published_list":
        print(f"error: portfolio {profile.name!r} is published as one list (intake: published_list): its "
              "organisations send no submissions, so there are no forms to send", file=sys.stderr)
        return 1
    pf = load_portfolio(args.portfolio, data)
    from_period = chosen_from(pf.period_keys, args.period, args.from_period, args.portfolio)
    folder = raw_dir(data) / args.portfolio / args.period
    spec, found = (load_period(folder, data) if (folder / PERIOD_FILE).is_file() else (None, []))
    for problem in found:
        print(problem, file=sys.stderr)
    deadline = spec.deadline if spec else None
    if deadline is None:
        print(f"warning: {display_path(folder / PERIOD_FILE, data)} sets no deadline for {args.period}; the forms "
              "say the deadline is not set (add 'deadline: YYYY-MM-DD' and run again)", file=sys.stderr)
    scale = rating_scale(spec.rating_scale) if spec and spec.rating_scale else profile.scale
    columns = tuple(form_columns(pf, from_period, profile.tables["projects"].required))
    common = dict(
        portfolio=args.portfolio, title=profile.title, period=args.period, from_period=from_period,
        deadline=deadline, contact=profile.contact, language=profile.language,
        labels={column: tuple(scale.labels) for column in profile.rated_columns},
        budget_year=int(args.period[:4]), budget_unit=profile.budget_unit, budget_limit=profile.budget_limit,
        destinations=tuple(known_destinations(pf)), columns=columns)
    forms = [Form(organisation=organisation, rows=form_rows(pf, from_period, organisation, int(args.period[:4])),
                  **common)
             for organisation in form_organisations(pf, from_period, profile.submitters)]
    out = Path(args.out) if args.out else reports_dir() / args.portfolio / "forms" / args.period
    refuse_other_files(out)
    paths = write_forms(forms, out)
    for path, form in zip(paths, forms):
        print(f"{form.organisation}: {len(form.rows)} project{'' if len(form.rows) == 1 else 's'}: {path}")
    print(f"{args.portfolio} {args.period}: {len(paths)} forms, pre-filled with {from_period}'s values, in {out}")
    return 0


def chosen_from(periods: list[str], period: str, wanted: str | None, portfolio: str) -> str:
    """``--from``, checked, or the latest built period before ``period``."""
    if wanted is not None:
        if wanted not in periods or wanted >= period:
            raise InputError([Problem("<command line>", f"portfolio {portfolio!r} has no built period {wanted} before "
                                      f"{period}", column="from", value=wanted,
                                      expected="one of " + ", ".join(key for key in periods if key < period))])
        return wanted
    before = [key for key in periods if key < period]
    if not before:
        raise InputError([Problem("<command line>", f"portfolio {portfolio!r} has no period before {period} to fill "
                                  "the forms from", column="period", value=period,
                                  expected="a period after one of " + ", ".join(periods))])
    return before[-1]


def refuse_other_files(out: Path) -> None:
    """The out folder is replaced whole: one that holds anything but forms is refused, never emptied."""
    if not out.exists():
        return
    others = sorted(p.name for p in out.iterdir()) if out.is_dir() else [out.name]
    others = [name for name in others if not name.endswith(FORM_SUFFIX)] if out.is_dir() else others
    if others:
        raise InputError([Problem(str(out), "the folder for the forms holds other files, and it is replaced whole",
                                  column="out", value=", ".join(others[:5]),
                                  expected="a new folder, or one holding only forms")])
