"""``portfolio-analysis receipt``: a receipt for each organisation's submission of a period, or a reminder for an
organisation that sent nothing, as an HTML page and a plain-text version for e-mail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..settings.paths import data_dir as resolve_data_dir, printable_path, reports_dir
from ..settings.periods import check_period_argument
from ..settings.profile import load_profile


def add_parser(commands) -> None:
    parser = commands.add_parser("receipt", help="write each organisation a receipt of what was read from its "
                                 "submission (a reminder where it sent nothing), as HTML and plain text")
    parser.add_argument("--portfolio", required=True, help="the portfolio (one whose organisations send submissions)")
    parser.add_argument("--period", required=True, help="reporting period YYYY-MM")
    parser.add_argument("--organisation", help="only this organisation's receipt (default: every organisation "
                                               "expected in the period or sending in it)")
    parser.add_argument("--out", help="folder for the receipts (default: <reports>/<portfolio>/receipts/<period>/)")
    parser.add_argument("--data-dir", help="folder holding raw/ (default: $PORTFOLIO_DATA_DIR or the repository's data/)")
    parser.set_defaults(run=run_receipt, parser=parser)


def run_receipt(args: argparse.Namespace) -> int:
    """Writes the receipts even when the period has errors (each receipt lists its organisation's) and exits 0
    once they are written: the errors are the organisations' to fix, and the receipts are how they learn of them."""
    from ..analysis.receipts import not_receivable, receipts
    from ..outbox.receipts import default_folder, write_receipts

    check_period_argument(args.period)
    data = resolve_data_dir(args.data_dir)
    profile = load_profile(data, args.portfolio)
    refused = not_receivable(profile)
    if refused:
        print(f"{args.parser.prog}: error: {refused}", file=sys.stderr)
        return 1
    found = receipts(args.portfolio, args.period, args.organisation, data)
    folder = Path(args.out) if args.out else default_folder(reports_dir(None), args.portfolio, args.period)
    pages = write_receipts(found, profile, folder, only=args.organisation is not None)
    for receipt, page in zip(found, pages):
        what = (f"receipt: {int(receipt.files['rows'].sum())} row(s) read, {receipt.errors} error(s), {receipt.warnings} warning(s)"
                if receipt.sent else f"reminder: nothing sent, {len(receipt.carried)} project(s) carried forward")
        print(f"  {receipt.organisation}: {what}: {printable_path(str(page))} (.txt beside it)")
    reminders = sum(not r.sent for r in found)
    with_errors = sum(r.errors > 0 for r in found)
    print(f"{args.portfolio} {args.period}: {len(found)} receipt(s), {reminders} of them reminder(s), {with_errors} with "
          f"errors, in {printable_path(str(folder))}")
    return 0
