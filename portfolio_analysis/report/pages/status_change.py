"""The status-change page: how the status of the portfolio's projects changed since the last period."""

from __future__ import annotations

from ..catalogue import context
from .ratings import rating_distribution_figure, rating_joiners_leavers, rating_moves, rating_trend_figure, \
    transitions_figure
from .shared import not_reported, scale_change_note
from .top import heading

__all__ = ["context", "heading", "rating_distribution_figure", "rating_trend_figure", "transitions_figure",
           "rating_moves", "rating_joiners_leavers", "not_reported", "scale_change_note"]
