"""Lists of projects on a page: ID, name, organisation and the columns a list needs, the first
:data:`LIST_LIMIT` shown and the whole list written beside the page as CSV."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd
from markupsafe import Markup

from . import formatting as fmt
from ..pipeline.store import spreadsheet_safe
from .catalogue import Context, period_name, rating, t
from .html import empty_list, full_list, table

LIST_LIMIT = 25  # longer lists show their first entries; the whole list goes beside the page as CSV


@dataclass(frozen=True)
class Column:
    """A column of a project list: its header, how a value is shown, and whether it is a number."""

    header: str
    show: Callable[[object], object] = lambda value: value
    numeric: bool = False


def rating_column(ctx: Context, header: str) -> Column:
    return Column(header, lambda value: rating(ctx, value))


def carried_column(ctx: Context, frame: pd.DataFrame) -> dict[str, Column]:
    """A 'carried forward from' column for a list where some values were carried forward."""
    if "carried_from" not in frame or not frame["carried_from"].notna().any():
        return {}
    return {"carried_from": Column(t(ctx, "label.carried_from"),
                                   lambda value: "" if fmt.is_missing(value) else period_name(ctx, value))}


def project_table(ctx: Context, frame: pd.DataFrame, caption: str, extra: dict[str, Column] | None = None,
                  cards: bool | None = None) -> Markup:
    """Projects as a table: ID, name, organisation, then the ``extra`` columns. With ``cards``, each project
    stacks as a card on a narrow screen (name, organisation, rating words, reason, each under its column's
    name); by default a list with a reason column does (:func:`has_reason`), any other scrolls sideways in
    its box with the names fixed at its left."""
    extra = extra or {}
    if frame.empty:
        return empty_list(caption, t(ctx, "label.none"))
    headers = [t(ctx, "label.id"), t(ctx, "label.project"), t(ctx, "label.actor")]
    headers += [column.header for column in extra.values()]
    rows = [[row["project_id"], row["project_name"], row["actor"]]
            + [column.show(row[name]) for name, column in extra.items()]
            for _, row in frame.head(LIST_LIMIT).iterrows()]
    whole_numbers = pd.api.types.is_integer_dtype(frame["project_id"])  # text ids (DFT_0001_1112-Q1) align left
    numeric = ({0} if whole_numbers else set()) | {3 + i for i, column in enumerate(extra.values()) if column.numeric}
    as_cards = has_reason(ctx, extra) if cards is None else cards
    shown = table(caption, headers, rows, numeric, cards=as_cards, name_second=True)
    return shown + (full_list_note(ctx, frame, caption, extra) if len(frame) > LIST_LIMIT else Markup(""))


def has_reason(ctx: Context, extra: dict[str, Column]) -> bool:
    """Whether a list gives each project's reason (a column headed as the owner's reason is): such a list is
    read project by project, so on a phone it shows as cards."""
    return any(column.header == t(ctx, "label.reason") for column in extra.values())


def full_list_note(ctx: Context, frame: pd.DataFrame, caption: str, extra: dict[str, Column]) -> Markup:
    """Below a cut list: how many are shown, and a link to the whole list as CSV beside the page."""
    note = t(ctx, "label.top_of", shown=LIST_LIMIT, total=len(frame))
    if ctx.output_dir is None:
        return full_list(note, None, None)
    name = slug(caption) + ".csv"
    columns = ["project_id", "project_name", "actor"] + list(extra)
    whole = frame[columns].rename(columns={name_: column.header for name_, column in extra.items()})
    spreadsheet_safe(whole).to_csv(ctx.output_dir / name, index=False, encoding="utf-8-sig")
    return full_list(note, t(ctx, "label.full_list"), name)


def slug(caption: str) -> str:
    """A file name from a caption: ``Forverret status`` -> ``forverret-status``."""
    ascii_text = caption.casefold().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "list"


def listed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A list's projects with the list's name, for a block's data when it shows several lists."""
    return frame.assign(list=name)
