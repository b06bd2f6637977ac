"""The first question of every cycle, as tables: per period and organisation, its file(s), rows, errors,
warnings, whether it sent, what was carried forward and what went missing (``submissions``); and per
file of every period folder, what it was taken to be (``files``)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from .intake import FileIntake
from .problems import Problem

SUBMISSION_COLUMNS = ["report_period", "actor", "expected", "sent", "files", "rows", "errors", "warnings",
                      "carried_forward", "reporting_unclear", "left_named", "gone_missing"]
FILE_COLUMNS = ["report_period", "file", "table", "used", "reason", "organisations", "rows", "errors", "warnings"]


def submissions_table(facts: pd.DataFrame, submitted: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The facts per period and organisation, with the errors and warnings of its rows and files.

    A problem on a row counts for the row's organisation; a problem on a file as a whole (its header, its
    encoding) for every organisation the file names. ``submitted``: the rows as sent (no carried rows)."""
    owner = {(f, r): a for f, r, a in zip(submitted["source_file"], submitted["source_row"], submitted["actor"])}
    orgs_of = submitted.groupby("source_file")["actor"].agg(lambda a: sorted(set(a.dropna())))
    counts: dict[tuple[str, str, str], int] = {}
    for problem in problems:
        if problem.severity not in ("error", "warning") or problem.period is None:
            continue
        actor = owner.get((problem.file, problem.row))
        for name in [actor] if actor is not None else orgs_of.get(problem.file, []):
            key = (problem.period, name, problem.severity)
            counts[key] = counts.get(key, 0) + 1
    frame = facts.assign(
        errors=[counts.get((p, a, "error"), 0) for p, a in zip(facts["report_period"], facts["actor"])],
        warnings=[counts.get((p, a, "warning"), 0) for p, a in zip(facts["report_period"], facts["actor"])])
    return frame[SUBMISSION_COLUMNS].astype({"report_period": "string", "actor": "string", "files": "string"})


def files_table(files: list[FileIntake], submitted: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """One row per file of every period folder: the table it holds, or why it is not used."""
    orgs_of = submitted.groupby("source_file")["actor"].agg(lambda a: "; ".join(sorted(set(a.dropna()))))
    rows_of = submitted.groupby("source_file").size()
    counts = Counter((p.file, p.severity) for p in problems)
    frame = pd.DataFrame([{
        "report_period": f.period.key, "file": f.shown, "table": f.table or "", "used": f.used, "reason": f.reason,
        "organisations": orgs_of.get(f.shown, ""), "rows": int(rows_of.get(f.shown, 0)),
        "errors": counts[f.shown, "error"], "warnings": counts[f.shown, "warning"],
    } for f in files], columns=FILE_COLUMNS)
    return frame.astype({c: "string" for c in ("report_period", "file", "table", "reason", "organisations")})
