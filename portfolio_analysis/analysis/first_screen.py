"""The overview's first screen in figures: what a board member asks before any chart. How many projects and
what changed (joined, left, worse, better); what is red, since when and why (the owner's own words); what is
missing (submissions not received, values carried forward and the period they were last assessed in); where
the money went, in the bridge's own named steps. ``pa.first_screen(comparison)``; the overview page formats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..api.portfolio import EXEMPT, NOT_RATED, NOT_REPORTED, Portfolio
from ..intake.matching import match_projects
from .budget import budget_bridge
from .compare import CONTINUING, JOINED, LEFT, Comparison, compare
from .cost import cost_change
from .overview import PeriodSubmissions, period_submissions
from .ratings import LIST_COLUMNS, distribution, moved, with_comment
from .scales import scale_changes, span_of
from .tracks import coarsest_scale, on_scale

# why a red run's first period may not be where it began (``since_note``)
SCALE_CHANGED = "scale_changed"  # the period before rates on another scale, where the project was red too
UNKNOWN_BEFORE = "unknown_before"  # the period before publishes no per-project values
FIRST_PERIOD = "first_period"  # the run starts with the first period of the data
SINCE_NOTES = [UNKNOWN_BEFORE, SCALE_CHANGED, FIRST_PERIOD]
RED_COLUMNS = LIST_COLUMNS + ["status", "risk", "red_in", "since", "since_note", "run_periods", "comment",
                              "comment_from", "is_carried", "carried_from"]


@dataclass(frozen=True)
class FirstScreen:
    """The figures of the overview's first screen (see :func:`first_screen`)."""

    current: str
    previous: str
    projects: int
    previous_projects: int
    joined: int
    left: int
    continuing: int
    values_published: bool  # the current period publishes per-project values
    moves: pd.DataFrame  # per rated column: worsened, improved (NA where either period's values are unknown)
    scale_change: tuple[int, int] | None  # the levels of the previous and the current scale, where they differ
    red: pd.DataFrame  # RED_COLUMNS: the projects at the worst status or risk now, worst status first
    red_counts: dict[str, int]  # per rated column: the projects at its worst label now
    not_given: dict[str, dict[str, int]]  # per rated column: the projects rated no label now, by why (exempt, …)
    not_given_counts: dict[str, int]  # per rated column of not_given: how many in all
    carried: pd.DataFrame  # projects whose values are carried forward, with carried_from (last assessed)
    carried_by_period: pd.DataFrame  # last_assessed, projects: the carried values per period, latest first
    reporting_unclear: int  # projects of which the period does not say whether they reported
    submissions: PeriodSubmissions
    money_measure: str  # the money the bridge follows: budget (the year's) or whole_life_cost
    money: pd.DataFrame  # the bridge: step, amount, projects, basis; the steps add up to the current total
    money_moved: pd.DataFrame  # the steps between the totals that moved them (amount not 0) or are unknown (NA)
    money_bases_differ: bool  # the two totals are of different kinds (published, sum of the rows)
    notes: list[str] = field(default_factory=list)

    @property
    def carried_total(self) -> int:
        return len(self.carried)

    @property
    def since_notes(self) -> list[str]:
        """The ``since_note`` values the red list uses, in the order of :data:`SINCE_NOTES`."""
        used = set(self.red["since_note"].dropna())
        return [note for note in SINCE_NOTES if note in used]

    @property
    def red_has_carried(self) -> bool:
        """Whether a red project's values are carried forward (not this period's assessment)."""
        return bool(self.red["is_carried"].any())


def first_screen(data, current: str | None = None, previous: str | None = None) -> FirstScreen:
    """``pa.first_screen(pf)`` (a Portfolio, its name or a :class:`compare.Comparison`): the overview's first
    screen in figures.

    ``red``: one row per project whose status or risk is at the worst label of the current period's scale,
    those with the worst status first, each run longest first: ``red_in`` (``status``, ``risk`` or
    ``status, risk``), ``since`` (the first period of the unbroken run at the worst label up to now, of the
    rating that lists it: the status where the status is red), ``run_periods`` and ``since_note`` where the run
    may have begun earlier (:data:`SCALE_CHANGED`, :data:`UNKNOWN_BEFORE`, :data:`FIRST_PERIOD`), the owner's
    ``comment`` and ``comment_from`` (as the red lists take them), and ``carried_from``: for a project that did
    not report (``is_carried``), the period its values were last assessed in.

    ``money``: :func:`cost.cost_change`'s bridge of the whole-life costs for a portfolio whose money is the
    whole-life cost (its profile's ``money``), else :func:`budget.budget_bridge`'s of the year's budget.
    """
    comparison = compare(data, current, previous)
    pf, current, previous, rows = comparison.pf, comparison.current, comparison.previous, comparison.rows
    published = pf.values_published(current)
    now = pf.rows(current)
    is_carried = now["is_reported"].eq(False).fillna(False).astype(bool) & now.get(
        "carried_from", pd.Series(pd.NA, index=now.index)).notna()
    carried_rows = now.loc[is_carried, LIST_COLUMNS + ["carried_from"]].reset_index(drop=True)
    by_period = carried_rows["carried_from"].value_counts().rename_axis("last_assessed").reset_index(
        name="projects").sort_values("last_assessed", ascending=False, kind="stable").reset_index(drop=True)
    unclear = int(now["is_reported"].isna().sum()) if published else 0
    measure, money = money_bridge(comparison)
    changes = rows["change"].value_counts()
    worst = pf.labels_of(current)[-1]
    not_given = ratings_not_given(pf, current) if published else {}
    return FirstScreen(
        current=current, previous=previous, projects=len(now), previous_projects=len(pf.rows(previous)),
        joined=int(changes.get(JOINED, 0)), left=int(changes.get(LEFT, 0)),
        continuing=int(changes.get(CONTINUING, 0)), values_published=published,
        moves=rating_moves(comparison),
        scale_change=(len(pf.labels_of(previous)), len(pf.labels_of(current)))
        if scale_changes(pf, [previous, current]) else None,
        red=red_projects(pf, current) if published else empty_red(),
        red_counts={column: int(now[column].astype(object).eq(worst).sum()) for column in pf.rated},
        not_given=not_given, not_given_counts={column: sum(reasons.values()) for column, reasons in not_given.items()},
        carried=carried_rows, carried_by_period=by_period, reporting_unclear=unclear,
        submissions=period_submissions(pf, current), money_measure=measure, money=money,
        money_moved=money.iloc[1:-1][money["amount"].iloc[1:-1].ne(0).fillna(True)].reset_index(drop=True),
        money_bases_differ=bool(money["basis"].notna().all() and money["basis"].iloc[0] != money["basis"].iloc[-1]),
        notes=[f"{previous} publishes no per-project values: which projects moved is unknown."]
        if not pf.values_published(previous) else [])


def rating_moves(comparison: Comparison) -> pd.DataFrame:
    """Per rated column: how many continuing projects, rated in both periods and not carried forward, got
    worse and better; NA where either period publishes no per-project values."""
    pf, rows = comparison.pf, comparison.rows
    known = pf.values_published(comparison.previous) and pf.values_published(comparison.current)
    records = [{"rating": column,
                "worsened": len(moved(rows, column, "worsened")) if known else pd.NA,
                "improved": len(moved(rows, column, "improved")) if known else pd.NA}
               for column in pf.rated]
    return pd.DataFrame(records, columns=["rating", "worsened", "improved"]).astype(
        {"worsened": "Int64", "improved": "Int64"})


def ratings_not_given(pf: Portfolio, period: str) -> dict[str, dict[str, int]]:
    """Per rated column, how many of the period's projects it gives no label, by why: ``exempt`` (withheld),
    ``not_rated``, ``not_reported`` (blank); only the reasons that occur, and only columns with any."""
    found = {}
    for column in pf.rated:
        counts = distribution(pf, column)
        rows = counts[(counts["report_period"] == period) & counts["label"].isin([EXEMPT, NOT_RATED, NOT_REPORTED])
                      & (counts["count"] > 0)]
        if len(rows):
            found[column] = dict(zip(rows["label"], rows["count"].astype(int)))
    return found


def empty_red() -> pd.DataFrame:
    return pd.DataFrame(columns=RED_COLUMNS)


def red_projects(pf: Portfolio, period: str) -> pd.DataFrame:
    """The period's projects at the worst label of its scale in any rated column (see :func:`first_screen`)."""
    rows = pf.rows(period).reset_index(drop=True)
    worst = pf.labels_of(period)[-1]
    red = {column: rows[column].astype(object).eq(worst).fillna(False).astype(bool) for column in pf.rated}
    listed_in = pd.Series(pd.NA, index=rows.index, dtype=object)  # the first rated column the row is red in
    for column in reversed(pf.rated):
        listed_in = listed_in.mask(red[column], column)
    hit = listed_in.notna()
    if not hit.any():
        return empty_red()
    runs = red_since(pf, period, list(pf.rated))
    frame = rows.loc[hit, LIST_COLUMNS + ["status"]].assign(risk=rows["risk"] if "risk" in rows else pd.NA)
    frame["red_in"] = [", ".join(c for c in pf.rated if red[c][i]) for i in frame.index]
    for name in ("since", "since_note", "run_periods"):
        frame[name] = pick(listed_in[hit], {column: runs[column][name] for column in pf.rated})
    comments = {column: with_comment(rows[LIST_COLUMNS], rows, column) for column in pf.rated}
    for name in ("comment", "comment_from"):
        frame[name] = pick(listed_in[hit], {column: comments[column].get(name, pd.Series(pd.NA, index=rows.index))
                                            for column in pf.rated})
    carried_now = rows["is_reported"].eq(False).fillna(False).astype(bool)
    carried_now &= rows["carried_from"].notna() if "carried_from" in rows else False
    frame["is_carried"] = carried_now[hit].astype(bool)
    frame["carried_from"] = (rows["carried_from"].where(carried_now) if "carried_from" in rows
                             else pd.Series(pd.NA, index=rows.index, dtype="string"))[hit]
    frame["_first"] = listed_in[hit].map({column: i for i, column in enumerate(pf.rated)})
    frame = frame.sort_values(["_first", "since", "project_id"], kind="stable", na_position="last")
    return frame.drop(columns="_first").reset_index(drop=True)[RED_COLUMNS].astype(
        {"run_periods": "Int64", "is_carried": bool, "since": "string", "since_note": "string", "comment": "string",
         "comment_from": "string", "red_in": "string"})


def pick(listed_in: pd.Series, values: dict[str, pd.Series]) -> pd.Series:
    """Per row of ``listed_in`` (its index), the value of the column it names."""
    picked = pd.Series(pd.NA, index=listed_in.index, dtype=object)
    for column, series in values.items():
        picked = picked.mask(listed_in.eq(column), series.reindex(listed_in.index).astype(object))
    return picked


def red_since(pf: Portfolio, period: str, columns: list[str]) -> dict[str, pd.DataFrame]:
    """Per rated column, for each row of ``pf.rows(period)`` (in that order) at the worst label of ``column``:
    ``since``, the first period of its unbroken run at the worst label up to ``period``, ``run_periods``, and
    ``since_note`` where the run may have begun earlier. NA for the other rows.

    The periods are read back one at a time, each matched to the one after it as :func:`tracks.tracked_panel`
    matches them, only while some project's run goes on: a portfolio of many periods reads as many as its
    longest current run needs. A run is read on the current period's scale only: where the scale changed (five
    points, then three), it starts no earlier than the first period of the current scale, with ``since_note``
    :data:`SCALE_CHANGED` where the project was at the worst label before the change too (a five-point Red is
    not a three-point Red)."""
    keys = [key for key in pf.period_keys if key <= period]
    start = keys.index(span_of(pf, period, keys)[0])  # the first period on the current period's scale
    after = pf.rows(period).reset_index(drop=True)
    worst_now = pf.labels_of(period)[-1]
    since, length, note, running = {}, {}, {}, {}
    for column in columns:
        red = after[column].astype(object).eq(worst_now).fillna(False).tolist()
        since[column] = [period if hit else None for hit in red]
        length[column] = [1 if hit else None for hit in red]
        note[column] = [None] * len(red)
        running[column] = {j: j for j, hit in enumerate(red) if hit}  # row of the later period -> row of ``period``
    for index in range(len(keys) - 2, max(start - 1, 0) - 1, -1):
        if not any(running.values()):
            break
        earlier = keys[index]
        before = pf.rows(earlier).reset_index(drop=True)
        pairs = match_projects(before, after, pf.id_aliases)
        scale = coarsest_scale(pf, [earlier, period])
        worst = scale.labels[-1] if scale is not None else worst_now
        published = pf.values_published(earlier)
        for column in columns:
            rated, going = on_scale(pf, earlier, before[column], scale).tolist(), {}
            for later_row, row in running[column].items():
                if later_row not in pairs:
                    continue  # not in the earlier period: the run began after it
                earlier_row = pairs[later_row][0]
                if not published:
                    note[column][row] = UNKNOWN_BEFORE
                elif rated[earlier_row] != worst:
                    continue
                elif index < start:
                    note[column][row] = SCALE_CHANGED
                else:
                    since[column][row] = earlier
                    length[column][row] += 1
                    going[earlier_row] = row
            running[column] = going
        after = before
    for column in columns:
        if start == 0:  # still red in the first period of the data
            for row in running[column].values():
                note[column][row] = FIRST_PERIOD
    return {column: pd.DataFrame({"since": pd.array(since[column], dtype="string"),
                                  "run_periods": pd.array(length[column], dtype="Int64"),
                                  "since_note": pd.array(note[column], dtype="string")}) for column in columns}


def money_bridge(comparison: Comparison) -> tuple[str, pd.DataFrame]:
    """The bridge of the money the portfolio compares, as ``(measure, frame)``: ``step``, ``amount`` (signed as it
    moves the total; NA where unknown), ``projects`` and ``basis`` (rows, published, residual, unknown; NA for
    the whole-life cost bridge, which sums rows only)."""
    if comparison.pf.money == "whole_life_cost":
        bridge = cost_change(comparison).bridge
        return "whole_life_cost", bridge.assign(basis=pd.NA)[["step", "amount", "projects", "basis"]]
    bridge = budget_bridge(comparison)
    return "budget", bridge.rename(columns={"amount_mnok": "amount"})[["step", "amount", "projects", "basis"]]
