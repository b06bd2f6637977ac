"""Status and risk over periods: distributions, shares, transitions and lists. Shared by
:mod:`status` and :mod:`risk`; ``column`` is ``"status"`` or ``"risk"``.

A blank rating in a period that publishes ratings is ``not_reported``; every rating of a period that
publishes none (January 2020) is ``unknown``. Neither is ever read as green.
"""

from __future__ import annotations

import pandas as pd

from ..api.portfolio import CARRIED, EXEMPT, NOT_RATED, NOT_REPORTED, OTHER_SCALE, UNKNOWN, Portfolio, as_portfolio
from .compare import CONTINUING, JOINED, LEFT

LIST_COLUMNS = ["project_id", "project_name", "actor"]
# Where a list's reason comes from: the owner's comment on the rating the list is about, for risk the
# status comment where the owner wrote none on the risk. ``comment_from`` names the column it came from.
COMMENT_SOURCES = {"status": ("status_comment",), "risk": ("risk_comment", "status_comment")}


def label_text(ratings: pd.Series, published: bool | pd.Series, markers: pd.Series | None = None) -> pd.Series:
    """Ratings as text, with the reason a rating is not given in place of the blanks: the marker
    (``exempt``, ``not_rated``) where the file says why, else ``not_reported`` or ``unknown``."""
    text = ratings.astype(object)
    missing = NOT_REPORTED if published is True else UNKNOWN if published is False else published.map(
        {True: NOT_REPORTED, False: UNKNOWN})
    if markers is not None:
        missing = markers.astype(object).where(markers.notna(), missing)
    return text.where(ratings.notna(), missing)


def categories(pf: Portfolio, labels: list[str] | None = None) -> list[str]:
    return (labels or pf.labels) + [EXEMPT, NOT_RATED, NOT_REPORTED, UNKNOWN, CARRIED]


def markers_of(frame: pd.DataFrame, column: str) -> pd.Series | None:
    """The ``<column>_marker`` column of a panel or compared frame, if it has one."""
    return frame[column] if column in frame else None


def distribution(data, column: str) -> pd.DataFrame:
    """Per period and label: ``count`` and ``share`` of the period's ``projects`` (long format)."""
    pf = as_portfolio(data)
    rows = []
    for period in pf.period_keys:
        projects = pf.rows(period)
        text = label_text(projects[column], pf.values_published(period), markers_of(projects, f"{column}_marker"))
        counts = text.value_counts()
        for label in categories(pf, pf.labels_of(period)):
            count = int(counts.get(label, 0))
            rows.append({"report_period": period, "label": label, "count": count,
                         "share": count / len(projects) if len(projects) else float("nan"),
                         "projects": len(projects)})
    return pd.DataFrame(rows)


def up_to(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of ``period`` and the periods before it: a report of a period never shows a later one."""
    return frame[frame["report_period"] <= period].reset_index(drop=True)


def share_trend(data, column: str) -> pd.DataFrame:
    """Share of each label per period, from the rows where they are published, else from the period's
    published figure (``source = published``), else unknown (NA)."""
    pf = as_portfolio(data)
    shares = distribution(pf, column)
    rows = []
    for period in pf.period_keys:
        on_scale = pf.labels_of(period)
        for label in pf.labels:
            if label not in on_scale:
                rows.append({"report_period": period, "label": label, "share": float("nan"), "source": OTHER_SCALE})
            elif pf.values_published(period):
                share = shares[(shares.report_period == period) & (shares.label == label)]["share"].item()
                rows.append({"report_period": period, "label": label, "share": share, "source": "rows"})
            else:
                published = pf.published_share(period, column, label)
                rows.append({"report_period": period, "label": label,
                             "share": float("nan") if published is None else float(published),
                             "source": UNKNOWN if published is None else "published"})
    return pd.DataFrame(rows)


def transitions(compared: pd.DataFrame, column: str, pf: Portfolio) -> pd.DataFrame:
    """Previous (rows) x current (columns) counts for continuing projects, blanks as their own category, and
    projects whose values were carried forward in a column of their own (``carried_forward``): they did
    not report, so their rating is not a new assessment."""
    continuing = compared[compared["change"] == CONTINUING]
    before = label_text(continuing[f"{column}_previous"], bool(compared["previous_values_published"].all()),
                        markers_of(continuing, f"{column}_marker_previous"))
    after = label_text(continuing[f"{column}_current"], bool(compared["current_values_published"].all()),
                       markers_of(continuing, f"{column}_marker_current"))
    after = after.where(~carried(continuing), CARRIED)
    labels = compared.attrs.get("labels") or pf.labels
    order = categories(pf, labels)
    matrix = pd.crosstab(pd.Categorical(before, order), pd.Categorical(after, order), dropna=False)
    matrix.index.name, matrix.columns.name = f"{column}_previous", f"{column}_current"
    return drop_empty_extras(matrix, labels)


def drop_empty_extras(matrix: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Keeps every rating label, and ``not_reported`` / ``unknown`` rows and columns only where used."""
    rows = [c for c in matrix.index if c in labels or matrix.loc[c].sum()]
    columns = [c for c in matrix.columns if c in labels or matrix[c].sum()]
    return matrix.loc[rows, columns]


def moved(compared: pd.DataFrame, column: str, direction: str) -> pd.DataFrame:
    """Continuing projects whose rating got worse (``worsened``), better (``improved``), or stayed at the
    worst level (``stayed_worst``). Only projects rated in both periods can move."""
    continuing = compared[(compared["change"] == CONTINUING) & compared[f"{column}_previous"].notna()
                          & compared[f"{column}_current"].notna() & ~carried(compared)]
    before = continuing[f"{column}_previous"].cat.codes
    after = continuing[f"{column}_current"].cat.codes
    worst = len(continuing[f"{column}_current"].cat.categories) - 1
    mask = {"worsened": after > before, "improved": after < before,
            "stayed_worst": (after == worst) & (before == worst)}[direction]
    listed = continuing.loc[mask, LIST_COLUMNS + [f"{column}_previous", f"{column}_current"]]
    return with_comment(listed, continuing.loc[mask], column, "_current").reset_index(drop=True)


def with_comment(listed: pd.DataFrame, rows: pd.DataFrame, column: str, suffix: str = "") -> pd.DataFrame:
    """``listed`` with the owner's own words on its ``column`` rating (the same rows of ``rows``, a panel or,
    with ``suffix="_current"``, compared rows): ``comment``, exactly as written, from the first of
    :data:`COMMENT_SOURCES` the owner filled in, and ``comment_from`` naming that column (``status_comment``,
    ``risk_comment``); both NA where the owner wrote nothing. Data without comment columns (a panel built
    before they existed) add neither column: they say nothing about comments."""
    sources = [name for name in COMMENT_SOURCES[column] if name + suffix in rows]
    if not sources:
        return listed
    comment = pd.Series(pd.NA, index=rows.index, dtype="string")
    source = pd.Series(pd.NA, index=rows.index, dtype="string")
    for name in sources:
        given = rows[name + suffix].astype("string")
        fill = comment.isna() & given.notna() & given.str.strip().ne("")
        comment, source = comment.mask(fill, given), source.mask(fill, name)
    return listed.assign(comment=comment, comment_from=source)


def carried(compared: pd.DataFrame) -> pd.Series:
    """Rows whose current values were carried forward (the project did not report this period)."""
    if "carried_from" not in compared:
        return pd.Series(False, index=compared.index)
    return compared["carried_from"].notna() & compared["is_reported_current"].eq(False).fillna(False).astype(bool)


def as_given(rows: pd.DataFrame, column: str, side: str) -> pd.Series:
    """One side's ratings as the period gave them (not read on a coarser scale), with the reasons for blanks."""
    rated = rows.get(f"{column}_{side}_as_rated", rows[f"{column}_{side}"])
    return label_text(rated, bool(rows[f"{side}_values_published"].all()), markers_of(rows, f"{column}_marker_{side}"))


def joiners(compared: pd.DataFrame, column: str) -> pd.DataFrame:
    """Projects new this period, with their rating at entry."""
    rows = compared[compared["change"] == JOINED]
    return rows[LIST_COLUMNS].assign(**{f"{column}_at_entry": as_given(rows, column, "current")}).reset_index(drop=True)


def leavers(compared: pd.DataFrame, column: str) -> pd.DataFrame:
    """Projects gone this period, with their last rating and where they went."""
    rows = compared[compared["change"] == LEFT]
    return rows[LIST_COLUMNS].assign(**{f"{column}_at_exit": as_given(rows, column, "previous"),
                                        "destination": rows["destination"]}).reset_index(drop=True)


def with_label(data, column: str, period: str, label: str) -> pd.DataFrame:
    """The period's projects rated ``label`` (e.g. the red list), with the owner's ``comment`` on that rating
    (:func:`with_comment`)."""
    pf = as_portfolio(data)
    rows = pf.rows(period)
    extra = [c for c in ("carried_from",) if c in rows]
    hit = rows[rows[column] == label]
    listed = hit[LIST_COLUMNS + ["status", "risk", "budget_mnok"] + extra]
    return with_comment(listed, hit, column).reset_index(drop=True)


def unknown_notes(pf: Portfolio, current: str, previous: str, what: str) -> list[str]:
    """Plain-English notes for periods without per-project values."""
    notes = []
    for period in (previous, current):
        if not pf.values_published(period):
            notes.append(f"{period} publishes no per-project {what}: its values are unknown, not blank; "
                         "movements of single projects cannot be computed and are shown as unknown.")
    return notes
