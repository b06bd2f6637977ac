"""Joining two periods: one row per project found in either, with what changed."""

from __future__ import annotations

import pandas as pd

from .portfolio import Portfolio, as_portfolio

JOINED, LEFT, CONTINUING = "joined", "left", "continuing"
COMPARED = ["project_id", "project_name", "actor", "actor_group", "strategic_area", "status", "risk",
            "budget_mnok", "is_reported"]


def resolve_periods(pf: Portfolio, current: str | None, previous: str | None) -> tuple[str, str]:
    """Defaults: the latest period, compared with the one before it."""
    current = current or pf.period_keys[-1]
    previous = previous or pf.previous_period(current)
    if previous is None:
        raise ValueError(f"period {current!r} is the first of portfolio {pf.name!r}: there is nothing to compare with")
    for period in (current, previous):
        if period not in pf.period_keys:
            raise KeyError(f"no period {period!r} in portfolio {pf.name!r}; periods: {', '.join(pf.period_keys)}")
    return current, previous


def compare_periods(data, current: str | None = None, previous: str | None = None) -> pd.DataFrame:
    """One row per project in either period, joined on ``project_id`` (one-to-one within each period).

    ``change`` is ``continuing``, ``joined`` or ``left``; ``status_previous`` / ``status_current`` and
    the same for risk and budget; ``name_changed`` flags a project whose id stayed but whose name did
    not (it is one project, not two); ``destination`` is where a leaver went when the period's report
    says (Tabell 2); ``previous_values_published`` is False when the previous period publishes no
    per-project values, so its status, risk and budget are unknown rather than blank.
    """
    pf = as_portfolio(data)
    current, previous = resolve_periods(pf, current, previous)
    before = pf.rows(previous)[COMPARED]
    after = pf.rows(current)[COMPARED]
    joined = before.merge(after, on="project_id", how="outer", suffixes=("_previous", "_current"),
                          validate="one_to_one", indicator=True)
    change = joined["_merge"].map({"both": CONTINUING, "left_only": LEFT, "right_only": JOINED}).astype(str)
    frame = pd.DataFrame({
        "project_id": joined["project_id"],
        "project_name": joined["project_name_current"].fillna(joined["project_name_previous"]),
        "actor": joined["actor_current"].fillna(joined["actor_previous"]),
        "actor_group": joined["actor_group_current"].fillna(joined["actor_group_previous"]),
        "strategic_area": joined["strategic_area_current"].fillna(joined["strategic_area_previous"]),
        "change": change,
        "name_previous": joined["project_name_previous"],
        "name_changed": (change == CONTINUING) & joined["project_name_previous"].ne(joined["project_name_current"]),
        "status_previous": joined["status_previous"], "status_current": joined["status_current"],
        "risk_previous": joined["risk_previous"], "risk_current": joined["risk_current"],
        "budget_previous_mnok": joined["budget_mnok_previous"], "budget_current_mnok": joined["budget_mnok_current"],
        "is_reported_current": joined["is_reported_current"],
    })
    frame["destination"] = destinations(pf, current, frame)
    frame["previous_values_published"] = pf.values_published(previous)
    frame["current_values_published"] = pf.values_published(current)
    frame.attrs = {"current": current, "previous": previous}
    order = frame["change"].map({CONTINUING: 0, JOINED: 1, LEFT: 2})
    return frame.assign(_order=order).sort_values(["_order", "project_id"]).drop(columns="_order").reset_index(drop=True)


def destinations(pf: Portfolio, current: str, frame: pd.DataFrame) -> pd.Series:
    """Where each leaver went, as the current period's report lists it; NA where it does not say."""
    reported = pf.reported_changes
    left = reported[(reported["report_period"] == current) & (reported["change"] == LEFT)]
    where = left.set_index("project_id")["destination"]
    return frame["project_id"].map(where).where(frame["change"] == LEFT).astype("string")


def reported_change_mismatches(data, current: str | None = None, previous: str | None = None) -> pd.DataFrame:
    """Joiners and leavers where the report's own tables (Tabell 1/2) and the project lists disagree."""
    pf = as_portfolio(data)
    compared = compare_periods(pf, current, previous)
    current = compared.attrs["current"]
    reported = pf.reported_changes[pf.reported_changes["report_period"] == current][["project_id", "change"]]
    found = compared.loc[compared["change"] != CONTINUING, ["project_id", "change"]]
    both = found.merge(reported, on=["project_id", "change"], how="outer", indicator=True)
    both["seen_in"] = both["_merge"].map({"left_only": "project lists only", "right_only": "report tables only",
                                          "both": "both"}).astype(str)
    return both[both["seen_in"] != "both"].drop(columns="_merge").reset_index(drop=True)
