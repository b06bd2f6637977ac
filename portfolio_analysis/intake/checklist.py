"""The first question of every cycle, as tables: per period and organisation, its file(s), rows, errors,
warnings, whether it sent, what was carried forward and what went missing (``submissions``); and per
file of every period folder, what it was taken to be (``files``)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..settings.problems import Problem
from .files import FileIntake

SUBMISSION_COLUMNS = ["report_period", "actor", "expected", "sent", "files", "rows", "errors", "warnings",
                      "carried_forward", "reporting_unclear", "left_named", "gone_missing"]
FILE_COLUMNS = ["report_period", "file", "table", "used", "reason", "organisations", "rows", "errors", "warnings"]


def submissions_table(facts: pd.DataFrame, submitted: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The facts per period and organisation, with the errors and warnings of its rows and files.

    A problem on a row counts for the row's organisation; a problem on a file as a whole (its header, its
    encoding) for every organisation the file names. ``submitted``: the rows as sent (no carried rows)."""
    counted = [p for p in problems if p.severity in ("error", "warning") and p.period is not None]
    owner = row_owners(submitted, {(p.file, p.row) for p in counted})
    orgs_of = organisations_by_file(submitted)
    counts: dict[tuple[str, str, str], int] = {}
    for problem in counted:
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
    orgs_of = {file: "; ".join(names) for file, names in organisations_by_file(submitted).items()}
    rows_of = submitted.groupby("source_file").size()
    counts = Counter((p.file, p.severity) for p in problems)
    frame = pd.DataFrame([{
        "report_period": f.period.key, "file": f.shown, "table": f.table or "", "used": f.used, "reason": f.reason,
        "organisations": orgs_of.get(f.shown, ""), "rows": int(rows_of.get(f.shown, 0)),
        "errors": counts[f.shown, "error"], "warnings": counts[f.shown, "warning"],
    } for f in files], columns=FILE_COLUMNS)
    return frame.astype({c: "string" for c in ("report_period", "file", "table", "reason", "organisations")})


def row_owners(submitted: pd.DataFrame, wanted: set[tuple]) -> dict[tuple, str]:
    """The organisation of each (file, row) in ``wanted`` that a submitted row names."""
    if not wanted:
        return {}
    keys = zip(submitted["source_file"].tolist(), submitted["source_row"].tolist(), submitted["actor"].tolist())
    return {(f, r): a for f, r, a in keys if (f, r) in wanted}


def organisations_by_file(submitted: pd.DataFrame) -> dict[str, list[str]]:
    """The organisations each file's rows name, sorted."""
    pairs = submitted[["source_file", "actor"]].dropna().drop_duplicates()
    found: dict[str, list[str]] = {}
    for file, actor in zip(pairs["source_file"].tolist(), pairs["actor"].tolist()):
        found.setdefault(file, []).append(actor)
    return {file: sorted(names) for file, names in found.items()}
