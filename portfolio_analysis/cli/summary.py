"""The build's printout: one line of plain English per period, from the same functions the reports use."""

from __future__ import annotations

import pandas as pd

from ..analysis.budget import budget_totals
from ..analysis.ratings import distribution
from ..api.portfolio import EXEMPT, NOT_RATED, NOT_REPORTED, Portfolio


def period_lines(pf: Portfolio) -> list[str]:
    """``2020-04    52 projects  status: 18 Grønn, 31 Gul, 2 Rød, 1 not reported; …``."""
    counts = {column: distribution(pf, column).set_index(["report_period", "label"])["count"]
              for column in pf.rated}
    totals = budget_totals(pf).set_index("report_period")
    lines = []
    for period in pf.period_keys:
        text = f"{period}  {totals.loc[period, 'projects']:>4} projects"
        if not pf.values_published(period):
            text += "  per-project status, risk and budget not published (unknown)"
        else:
            for column, count in counts.items():
                labels = ", ".join(f"{count[period, label]} {label}" for label in pf.labels_of(period))
                reasons = ", ".join(f"{count[period, reason]} {reason.replace('_', ' ')}"
                                    for reason in (EXEMPT, NOT_RATED) if count.get((period, reason), 0))
                text += f"  {column}: {labels}, {reasons + ', ' if reasons else ''}{count[period, NOT_REPORTED]} not reported;"
            text += f"  budget of the rows {_thousands(totals.loc[period, 'budget_rows_mnok'])}"
        published = totals.loc[period, "budget_published_mnok"]
        if pd.notna(published):
            text += f" (published total {_thousands(published)})"
        lines.append(text)
        if pf.intake == "submissions" and len(pf.submissions):
            lines.append("           " + submissions_sentence(pf.submissions[pf.submissions["report_period"] == period]))
    return lines


def submissions_sentence(rows: pd.DataFrame) -> str:
    """``9 of 10 organisations sent a submission; not sent: Helse Nord RHF (3 projects carried forward)``."""
    expected = rows[rows["expected"] | rows["sent"]]
    text = f"{int(expected['sent'].sum())} of {len(expected)} organisations sent a submission"
    missing = expected[~expected["sent"]]
    if len(missing):
        text += "; not sent: " + ", ".join(f"{r.actor} ({r.carried_forward} projects carried forward)"
                                           for r in missing.itertuples())
    gone = rows[rows["gone_missing"] > 0]
    if len(gone):
        text += "; missing from a submission, destination not given: " + ", ".join(
            f"{r.gone_missing} of {r.actor}" for r in gone.itertuples())
    return text


CHECKLIST_COLUMNS = [("actor", "organisation", "<"), ("sent", "sent", "<"), ("rows", "rows", ">"),
                     ("errors", "errors", ">"), ("warnings", "warnings", ">"), ("carried_forward", "carried", ">"),
                     ("left_named", "left (listed)", ">"), ("gone_missing", "gone missing", ">"), ("files", "file(s)", "<")]


def checklist_lines(portfolio: str, submissions: pd.DataFrame, files: pd.DataFrame, period: str) -> list[str]:
    """The checklist of one period, as the ``submissions`` command prints it: a sentence, then one line
    per organisation (those that sent nothing first), then the files not used and why."""
    rows = submissions[submissions["report_period"] == period].copy()
    rows = rows.assign(sent=rows["sent"].map({True: "sent", False: "NOT SENT"}),
                       files=rows["files"].fillna("").map(lambda f: "; ".join(p.rsplit("/", 1)[-1] for p in f.split("; ")
                                                                            if p) or "-"))
    rows = rows.sort_values(["sent", "actor"], key=lambda c: c.map({"NOT SENT": 0, "sent": 1}) if c.name == "sent" else c)
    lines = [f"{portfolio} {period}: " + submissions_sentence(submissions[submissions["report_period"] == period])]
    widths = {key: max([len(head)] + [len(str(v)) for v in rows[key]]) for key, head, _ in CHECKLIST_COLUMNS}
    lines.append("  " + "  ".join(f"{head:{align}{widths[key]}}" for key, head, align in CHECKLIST_COLUMNS).rstrip())
    for row in rows.itertuples():
        lines.append("  " + "  ".join(f"{getattr(row, key)!s:{align}{widths[key]}}"
                                      for key, _, align in CHECKLIST_COLUMNS).rstrip())
    unused = files[(files["report_period"] == period) & ~files["used"].astype(bool)]
    for row in unused.itertuples():
        lines.append(f"  not used: {row.file.rsplit('/', 1)[-1]} ({row.reason})")
    return lines


def _thousands(value) -> str:
    return "unknown" if pd.isna(value) else f"{value:,.0f}"
