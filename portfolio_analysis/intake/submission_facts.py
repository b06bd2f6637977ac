"""What each organisation sent for each period, and the facts of the submissions: one row per period and
organisation (expected, sent, files, rows, carried forward, reporting unclear, left, gone missing), as
``load_submissions`` gives them. The rule that decides what is carried and what left is :mod:`submissions`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..settings.periods import PeriodSpec

FACT_COLUMNS = ["report_period", "actor", "expected", "sent", "files", "rows", "carried_forward", "reporting_unclear",
                "left_named", "gone_missing"]


@dataclass(frozen=True)
class Sent:
    """What each organisation sent for a period: its files (sorted), rows, rows a period.yml says did not report,
    and rows whose reporting is unclear."""

    files: dict[str, list[str]]
    rows: Counter
    not_reported: Counter
    unclear: Counter

    @staticmethod
    def nothing() -> Sent:
        return Sent({}, Counter(), Counter(), Counter())


def sent_per_period(panel: pd.DataFrame) -> dict[str, Sent]:
    """``Sent`` of each period's submitted rows (rows naming no organisation are not counted)."""
    named = panel[panel["actor"].notna()]
    reported = named["is_reported"]
    counts = pd.DataFrame({"report_period": named["report_period"], "actor": named["actor"], "rows": 1,
                           "not_reported": reported.eq(False).fillna(False), "unclear": reported.isna()}
                          ).groupby(["report_period", "actor"], sort=False).sum()
    sent: dict[str, Sent] = {}
    for (key, actor), rows, not_reported, unclear in zip(counts.index, *(counts[c].tolist() for c in counts)):
        found = sent.setdefault(key, Sent.nothing())
        found.rows[actor], found.not_reported[actor], found.unclear[actor] = rows, not_reported, unclear
    files = named[["report_period", "actor", "source_file"]].drop_duplicates()
    for key, actor, file in zip(*(files[c].tolist() for c in files)):
        sent[key].files.setdefault(actor, []).append(file)
    for found in sent.values():
        for files in found.files.values():
            files.sort()
    return sent


def organisations(actors: pd.Series) -> Counter:
    """How many rows name each organisation."""
    return Counter(actors.dropna().tolist())


def period_facts(period: PeriodSpec, sent: Sent, carried: Counter, expected: set[str], moved: dict
                 ) -> pd.DataFrame:
    """One row per organisation expected or sending in the period (``carried``: how many rows the build carried
    into it, per organisation)."""
    actors = sorted(expected | set(sent.files))
    unclear = sent.unclear if period.project_values_published else Counter()
    return pd.DataFrame({
        "report_period": period.key, "actor": actors, "expected": [a in expected for a in actors],
        "sent": [a in sent.files for a in actors], "files": ["; ".join(sent.files.get(a, [])) for a in actors],
        "rows": [sent.rows[a] for a in actors],
        "carried_forward": [sent.not_reported[a] + carried[a] for a in actors],
        "reporting_unclear": [unclear[a] for a in actors],
        "left_named": [int(moved.get("left_named", {}).get(a, 0)) for a in actors],
        "gone_missing": [int(moved.get("gone_missing", {}).get(a, 0)) for a in actors],
    }, columns=FACT_COLUMNS)
