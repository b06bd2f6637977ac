"""Joining two periods: one row per project found in either, with what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..api.portfolio import Portfolio, as_portfolio
from ..intake.matching import match_projects
from ..settings.maps import scale_mapping

JOINED, LEFT, CONTINUING = "joined", "left", "continuing"
COMPARED = ["project_id", "project_name", "actor", "actor_group", "strategic_area", "status", "risk",
            "budget_mnok", "is_reported", "carried_from"]
MARKERS = ["status_marker", "risk_marker", "budget_marker"]  # why a value is not given (exempt, not_rated, …)
# the panel's planned dates, money and the owners' comments (issue 22): each X present gives X_previous, X_current
BESIDE = ["planned_start", "planned_end", "planned_start_marker", "planned_end_marker", "budget", "budget_next_year",
          "forecast", "whole_life_cost", "benefits", "forecast_marker", "whole_life_cost_marker", "benefits_marker",
          "status_comment", "risk_comment", "schedule_comment", "cost_comment", "forecast_comment"]


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
    """One row per project in either period, matched by :func:`match_projects` (by id where both
    periods give one, else by exact name).

    ``change`` is ``continuing``, ``joined`` or ``left``; ``matched_by`` is ``id`` or ``name`` for
    continuing projects; ``status_previous`` / ``status_current`` and the same for risk and budget;
    ``name_changed`` flags a project whose id stayed but whose name did not (it is one project, not
    two); ``destination`` is where a leaver went when the period's report says (Tabell 2);
    ``X_previous`` / ``X_current`` for each of the panel's planned dates, money columns, their markers
    and the owners' comments (``planned_end``, ``whole_life_cost``, ``status_comment``, … :data:`BESIDE`)
    that the panel holds. ``previous_values_published`` is False when the previous period publishes no
    per-project values, so its status, risk and budget are unknown rather than blank. ``carried_from``
    names the period a current row's values come from where they were carried forward (its organisation
    sent nothing, or period.yml says it did not report): such a project is continuing, never joined or left, and its
    rating did not move.

    When the two periods rate on different scales (five points, then three), both are read on the
    coarser one through ``maps/scale_mappings.csv``; the ratings as given are kept in
    ``status_previous_as_rated`` / ``status_current_as_rated``, and ``attrs["labels"]`` holds the
    labels compared on.
    """
    pf = as_portfolio(data)
    current, previous = resolve_periods(pf, current, previous)
    columns = [c for c in COMPARED + MARKERS + BESIDE if c in pf.panel]
    before = pf.rows(previous)[columns].reset_index(drop=True)
    after = pf.rows(current)[columns].reset_index(drop=True)
    pairs = match_projects(before, after, pf.id_aliases)
    before["_key"] = [f"p{i}" for i in range(len(before))]
    after["_key"] = [f"p{pairs[j][0]}" if j in pairs else f"c{j}" for j in range(len(after))]
    after["_matched_by"] = [pairs[j][1] if j in pairs else None for j in range(len(after))]
    joined = before.merge(after, on="_key", how="outer", suffixes=("_previous", "_current"),
                          validate="one_to_one", indicator=True, sort=False)
    change = joined["_merge"].map({"both": CONTINUING, "left_only": LEFT, "right_only": JOINED}).astype(str)
    ids_previous, ids_current = joined["project_id_previous"], joined["project_id_current"]
    frame = pd.DataFrame({
        "project_id": ids_current.where(ids_current.notna(), ids_previous),
        "project_name": joined["project_name_current"].fillna(joined["project_name_previous"]),
        "actor": joined["actor_current"].fillna(joined["actor_previous"]),
        "actor_group": joined["actor_group_current"].fillna(joined["actor_group_previous"]),
        "strategic_area": joined["strategic_area_current"].fillna(joined["strategic_area_previous"]),
        "change": change,
        "matched_by": joined["_matched_by"].astype("string"),
        "name_previous": joined["project_name_previous"],
        "name_changed": (change == CONTINUING) & joined["project_name_previous"].ne(joined["project_name_current"]),
        "status_previous": joined["status_previous"], "status_current": joined["status_current"],
        "risk_previous": joined["risk_previous"], "risk_current": joined["risk_current"],
        "budget_previous_mnok": joined["budget_mnok_previous"], "budget_current_mnok": joined["budget_mnok_current"],
        "is_reported_current": joined["is_reported_current"],
        "carried_from": joined.get("carried_from_current", pd.Series(pd.NA, index=joined.index)).astype("string"),
    })
    for column in MARKERS + BESIDE:
        if f"{column}_previous" in joined:
            frame[f"{column}_previous"] = joined[f"{column}_previous"]
            frame[f"{column}_current"] = joined[f"{column}_current"]
    labels = on_common_scale(pf, frame, current, previous)
    frame["destination"] = destinations(pf, current, frame)
    frame["previous_values_published"] = pf.values_published(previous)
    frame["current_values_published"] = pf.values_published(current)
    frame.attrs = {"current": current, "previous": previous, "labels": labels}
    order = frame["change"].map({CONTINUING: 0, JOINED: 1, LEFT: 2})
    return (frame.assign(_order=order).sort_values(["_order", "project_id", "project_name"], na_position="last")
            .drop(columns="_order").reset_index(drop=True))


@dataclass(frozen=True)
class Comparison:
    """Two periods of a portfolio compared once (:func:`compare_periods`), to hand to
    :func:`status.status_change`, :func:`risk.risk_analysis`, :func:`budget.budget_decline` and the report
    pages, so none of them compares again."""

    pf: Portfolio
    current: str
    previous: str
    rows: pd.DataFrame = field(repr=False)  # compare_periods: one row per project in either period

    @property
    def matching(self) -> dict[str, int]:
        """How the projects were matched: continuing (by id, by name), joined, left."""
        change, by = self.rows["change"].value_counts(), self.rows["matched_by"].value_counts()
        return {"continuing": int(change.get(CONTINUING, 0)), "by_id": int(by.get("id", 0)),
                "by_name": int(by.get("name", 0)), "joined": int(change.get(JOINED, 0)),
                "left": int(change.get(LEFT, 0))}

    def changed(self, change: str) -> pd.DataFrame:
        """The rows of projects that ``joined``, ``left`` or are ``continuing``."""
        return self.rows[self.rows["change"] == change]

    def gives(self, column: str, sides: tuple[str, ...] = ("previous", "current")) -> bool:
        """Whether either period (or those of ``sides``) gives ``column`` (``planned_end``, ``whole_life_cost``,
        ``forecast``, …) for any project: a value, or a reason it is not given (exempt, not provided)."""
        names = [f"{name}_{side}" for name in (column, f"{column}_marker") for side in sides]
        return any(name in self.rows and self.rows[name].notna().any() for name in names)


def compare(data, current: str | None = None, previous: str | None = None) -> Comparison:
    """``pa.compare(pf, current="2020-04", previous="2020-01")``: the two periods compared once. Given a
    :class:`Comparison`, returns it."""
    if isinstance(data, Comparison):
        return data
    pf = as_portfolio(data)
    current, previous = resolve_periods(pf, current, previous)
    return Comparison(pf, current, previous, compare_periods(pf, current, previous))


def on_common_scale(pf: Portfolio, frame: pd.DataFrame, current: str, previous: str) -> list[str]:
    """Reads both periods' ratings on the coarser of their two scales (in place); returns its labels."""
    before, after = pf.scale_of(previous), pf.scale_of(current)
    if before is None or after is None or before.name == after.name:
        return pf.labels_of(current)
    coarse, fine = (before, after) if len(before.labels) <= len(after.labels) else (after, before)
    mapping = scale_mapping(fine.name, coarse.name)
    side = "current" if fine is after else "previous"
    for column in pf.rated:
        rated = frame[f"{column}_{side}"]
        frame[f"{column}_{side}_as_rated"] = rated
        frame[f"{column}_{side}"] = rated.astype(object).map(mapping).astype(rated.dtype)
    return list(coarse.labels)


def destinations(pf: Portfolio, current: str, frame: pd.DataFrame) -> pd.Series:
    """Where each leaver went, as the current period's leavers table lists it; NA (not given) where it does not."""
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


def why_not_comparable(comparison: Comparison, column: str, what: str) -> pd.Series:
    """Per compared row, why its two values of ``column`` (``planned_end``, ``whole_life_cost``) cannot be
    compared; NA where they can. In order: ``joined``, ``left``; ``carried_forward`` (the project did not
    report: its value was carried, it did not move); ``not_published_previous`` / ``_current`` (the period
    publishes no per-project values); ``no_<what>_previous`` / ``_current`` (no value), followed by the
    reason the file gives where it gives one (``no_date_current: exempt``)."""
    rows = comparison.rows
    why = pd.Series(pd.NA, index=rows.index, dtype="string")

    def given(reason: str, mask: pd.Series) -> None:
        why.loc[why.isna() & mask.fillna(False).astype(bool)] = reason

    def missing(side: str) -> None:
        values = rows[f"{column}_{side}"]
        markers = rows.get(f"{column}_marker_{side}", pd.Series(pd.NA, index=rows.index, dtype="string"))
        reasons = (f"no_{what}_{side}: " + markers.astype("string")).fillna(f"no_{what}_{side}")
        open_rows = why.isna() & values.isna()
        why.loc[open_rows] = reasons[open_rows]

    given(JOINED, rows["change"] == JOINED)
    given(LEFT, rows["change"] == LEFT)
    if "carried_from" in rows:
        given("carried_forward", rows["carried_from"].notna() & rows["is_reported_current"].eq(False))
    for side, period in (("previous", comparison.previous), ("current", comparison.current)):
        given(f"not_published_{side}", pd.Series(not comparison.pf.values_published(period), index=rows.index))
    missing("previous")
    missing("current")
    return why


def latest_comment(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per compared row, the owner's comment (``schedule_comment``, …) of the current period, else of the
    previous one; NA where neither gives one (or the panel holds no such column)."""
    if f"{column}_current" not in rows:
        return pd.Series(pd.NA, index=rows.index, dtype="string")
    return rows[f"{column}_current"].fillna(rows[f"{column}_previous"]).astype("string")
