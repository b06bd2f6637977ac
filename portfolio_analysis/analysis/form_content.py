"""What a pre-filled form for the coming period holds: who gets one, and each organisation's projects with
their last values (``pa.form_organisations``, ``pa.form_rows``).

The office's rule (the April 2020 report, §1): the organisations expected in a period are those with projects
in the period before, plus the profile's ``submitters``; a project whose owner sent nothing is still in the
portfolio with its last values (carried forward), so it is on its owner's form too.
"""

from __future__ import annotations

import pandas as pd

from ..api.portfolio import Portfolio

# The standard columns a form may carry, in the order a submission lists them; a form shows those the
# profile's project list requires, plus the details the package reads (see :func:`form_columns`).
FORM_ORDER = ("focus_area", "project_id", "project_name", "actor", "owner", "status", "risk", "budget",
              "planned_start", "planned_end", "status_comment", "risk_comment")
DETAILS = ("planned_start", "planned_end", "status_comment", "risk_comment")
DESCRIPTIVE = ("focus_area", "owner")  # on the form where the period's rows give them
LOCKED = ("project_id", "project_name", "actor")  # the project's identity: the office changes it, not the form


def form_organisations(pf: Portfolio, from_period: str, submitters: tuple[str, ...] = ()) -> list[str]:
    """The organisations expected to send for the period after ``from_period``: those with projects in
    ``from_period`` (carried ones too), plus ``submitters`` (the profile's roster), sorted."""
    actors = pf.rows(from_period)["actor"].dropna().astype(str)
    return sorted(set(actors) | set(submitters))


def form_columns(pf: Portfolio, from_period: str, required: tuple[str, ...]) -> list[str]:
    """The standard columns of a form: the project list's ``required`` columns (``budget_mnok`` meaning the
    year's ``budget``), the details the package reads, and the focus area and owner where ``from_period``
    gives them."""
    wanted = {"budget" if column == "budget_mnok" else column for column in required} | set(DETAILS)
    rows = pf.rows(from_period)
    given = {"focus_area": "focus_area_code", "owner": "owner"}
    wanted |= {column for column in DESCRIPTIVE if rows[given[column]].notna().any()}
    return [column for column in FORM_ORDER if column in wanted]


def form_rows(pf: Portfolio, from_period: str, organisation: str, budget_year: int) -> pd.DataFrame:
    """The organisation's projects of ``from_period`` with their last values, carried ones too, ordered by id:
    one row per project under the standard columns of :data:`FORM_ORDER` (text, or a number for ``budget``;
    NA where unknown). A budget is given only where its year is ``budget_year`` (a 2020 budget is not a
    2021 budget); a planned date the file gave as words (``sommeren 2021``) is those words."""
    rows = pf.rows(from_period)
    rows = rows[rows["actor"] == organisation].sort_values(["project_id", "project_name"], na_position="last")
    same_year = rows["budget_year"] == budget_year
    focus = (rows["focus_area_code"].fillna("") + " " + rows["focus_area_name"].fillna("")).str.strip()
    return pd.DataFrame({
        "focus_area": focus.mask(focus == ""),
        "project_id": rows["project_id"].astype("string"),
        "project_name": rows["project_name"],
        "actor": rows["actor"],
        "owner": rows["owner"].mask(rows["owner"].fillna("") == ""),
        "status": rows["status"].astype("string"),
        "risk": rows["risk"].astype("string") if "risk" in rows else pd.NA,
        "budget": rows["budget"].where(same_year.fillna(False)),
        "planned_start": rows["planned_start"].fillna(rows["planned_start_marker"]),
        "planned_end": rows["planned_end"].fillna(rows["planned_end_marker"]),
        "status_comment": rows["status_comment"],
        "risk_comment": rows["risk_comment"],
    }, columns=list(FORM_ORDER)).reset_index(drop=True)


def known_destinations(pf: Portfolio) -> list[str]:
    """The destinations leavers have had in the portfolio's leavers tables (``Forvaltning``, ``Pauset``)."""
    changes = pf.reported_changes
    if "destination" not in changes:
        return []
    return sorted(set(changes.loc[changes["change"] == "left", "destination"].dropna().astype(str)) - {""})
