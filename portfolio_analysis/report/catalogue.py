"""The report's words: the text catalogue (``maps/texts.yml``, overridden by a profile's ``texts:``) in
the portfolio's language, the :class:`Context` every page function takes, and the way values are
written (amounts, shares, period names, rating words)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import yaml
from markupsafe import Markup

from . import formatting as fmt
from ..analysis.compare import Comparison, compare, resolve_periods
from ..api.portfolio import CARRIED, EXEMPT, NOT_RATED, NOT_REPORTED, OTHER_SCALE, UNKNOWN, Portfolio
from ..settings.maps import scale_with_labels
from ..settings.paths import MAPS_DIR
from .html import rating_badge

NONE_COLOUR = "#BBBBBB"


@lru_cache(maxsize=None)
def texts() -> dict:
    return yaml.safe_load((MAPS_DIR / "texts.yml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Context:
    pf: Portfolio
    period: str
    previous: str
    output_dir: Path | None = None  # where full lists go as CSV beside the page; None: show only the top

    @property
    def language(self) -> str:
        return self.pf.language if self.pf.language in ("nb", "en") else "en"

    @cached_property
    def comparison(self) -> Comparison:
        """The two periods compared once, for every block and analysis of the page."""
        return compare(self.pf, self.period, self.previous)

    @cached_property
    def year(self):  # asked by every text of the page (t)
        row = self.pf.periods.set_index("report_period").loc[self.period]
        year = row.get("budget_year")
        return int(year) if year is not None and not pd.isna(year) else self.period[:4]


def context(pf: Portfolio, period: str | None = None, previous: str | None = None,
            output_dir: str | Path | None = None) -> Context:
    """The report's subject: ``period`` (default the latest) against ``previous`` (default the one before).
    With ``output_dir``, long lists are written there in full as CSV files beside the page."""
    current, before = resolve_periods(pf, period or None, previous or None)
    return Context(pf, current, before, Path(output_dir) if output_dir else None)


def t(ctx: Context, key: str, **values) -> str:
    """A text of the catalogue in the report's language, with the usual placeholders filled in."""
    template = ctx.pf.texts.get(key, {}).get(ctx.language) or texts()[key][ctx.language]
    defaults = {
        "period_name": fmt.period_name(ctx.period, ctx.language),
        "previous_name": fmt.period_name(ctx.previous, ctx.language),
        "year": ctx.year, "title": ctx.pf.title,
    }
    return template.format(**{**defaults, **values})


def text_in(language: str, key: str) -> str:
    """A text of the catalogue in ``language``, for pages that hold several portfolios (the index)."""
    return texts()[key][language if language in ("nb", "en") else "en"]


def sentence(value: str) -> str:
    """Capitalises the first letter: period names (``januar 2020``) may start a sentence."""
    return value[:1].upper() + value[1:]


def money(ctx: Context, value, signed: bool = False) -> str:
    return fmt.amount(value, ctx.language, ctx.pf.budget_unit, signed=signed)


def unit_label(ctx: Context) -> str:
    """The unit as an axis shows it: ``mill. kr``, or ``$M`` for a unit written ``${}M``."""
    return ctx.pf.budget_unit.replace("{}", "")


def share(ctx: Context, value, decimals: int = 0) -> str:
    return fmt.percent(value, ctx.language, decimals)


def number(ctx: Context, value) -> str:
    return fmt.number(value, ctx.language)


def period_name(ctx: Context, period) -> str:
    return fmt.period_name(period, ctx.language)


def rating_word(ctx: Context, label) -> str:
    if fmt.is_missing(label) or label == NOT_REPORTED:
        return t(ctx, "label.not_reported")
    if label in (UNKNOWN, EXEMPT, NOT_RATED, OTHER_SCALE, CARRIED):
        return t(ctx, f"label.{label}")
    return str(label)


def rating_colour(ctx: Context, label) -> str:
    scale = scale_with_labels(tuple(ctx.pf.labels))
    return scale.colours.get(label, NONE_COLOUR) if scale and not fmt.is_missing(label) else NONE_COLOUR


def rating(ctx: Context, label) -> Markup:
    """A rating as a badge with its word, coloured where it is a label of the scale."""
    known = not fmt.is_missing(label) and label in ctx.pf.labels
    return rating_badge(rating_word(ctx, label), rating_colour(ctx, label) if known else None)


def area_label(ctx: Context, area, name) -> str:
    """A strategic area by number and name (``1 Digitalisering av arbeidsprosesser``), or ``Ukjent``."""
    if fmt.is_missing(area):
        return t(ctx, "label.unknown")
    number_part = str(int(area)) if isinstance(area, float) and area.is_integer() else str(area)
    return f"{number_part} {name}" if not fmt.is_missing(name) else number_part


def destination(ctx: Context, value) -> str:
    """Where a leaver went; a leavers table that does not name it leaves it not given."""
    return value if not fmt.is_missing(value) else t(ctx, "label.not_given")
