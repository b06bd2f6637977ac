"""What a standard column is: its type, its parser, its checks, what a blank means and its quality-log rule,
declared once (:class:`Column`); the declarations themselves are in :mod:`standard`.

A column is read in one pass (:meth:`Column.read`): the parser turns the cleaned text into values and names
the cells it cannot read, the blank rule names the blanks that matter, and the checks look at the text and the
values. The pipeline then writes the values under the column's rule, so the quality log shows each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..read.table import TRANSPOSED
from ..settings.maps import RatingScale
from ..settings.problems import Problem
from ..settings.profile import Profile


@dataclass(frozen=True)
class Context:
    """What reading a column needs to know of its portfolio: the profile, the scale each period rates on,
    and the periods that publish per-project values (where a blank rating is worth a note)."""

    profile: Profile
    period_scales: dict[str, RatingScale] | None = None
    periods_with_values: frozenset[str] = frozenset()

    @property
    def record(self) -> str:
        """What a ``source_row`` is: a row, or in a transposed file a column."""
        return "column" if self.profile.layout == TRANSPOSED else "row"


@dataclass(frozen=True)
class Parsed:
    """A column read: its values (None where the column stays text) and the problems found reading it."""

    values: pd.Series | None
    problems: list[Problem]


Parser = Callable[[pd.DataFrame, str, Context], Parsed]  # (rows, column, context) -> values and problems
Check = Callable[[pd.DataFrame, str, "pd.Series | None", Context], list[Problem]]  # rows, column, values, context


@dataclass(frozen=True)
class Blank:
    """What a blank cell of the column means (``means``, in words) and the problem it is, if any."""

    means: str
    check: Callable[[pd.DataFrame, str, Context], list[Problem]] | None = None

    def problems(self, frame: pd.DataFrame, column: str, context: Context) -> list[Problem]:
        return self.check(frame, column, context) if self.check else []


@dataclass(frozen=True)
class Column:
    """One standard column, declared once."""

    name: str
    type: str  # what the panel holds, in words
    blank: Blank
    parse: Parser | None = None  # None: the column stays text
    rule: str | None = None  # the quality log's rule for the values the parser changed
    checks: tuple[Check, ...] = ()
    reasons: bool = False  # a text may say why the value is not given (exempt): it goes to <name>_marker
    fallback: str | None = None  # the column whose value is taken where this one is blank
    verbatim: bool = False  # the owner's own words: no cleaning step changes them (white space, hyphens, …)

    def read(self, frame: pd.DataFrame, context: Context) -> Parsed:
        """The column's values and every problem of its cells: the parser's, the blanks', the checks'."""
        parsed = self.parse(frame, self.name, context) if self.parse else Parsed(None, [])
        problems = list(parsed.problems) + self.blank.problems(frame, self.name, context)
        for check in self.checks:
            problems += check(frame, self.name, parsed.values, context)
        return Parsed(parsed.values, problems)


def read_columns(frame: pd.DataFrame, columns: tuple[Column, ...], context: Context
                 ) -> tuple[dict[str, pd.Series], list[Problem]]:
    """Every column read in one pass: the parsed values by column, and all problems, column by column."""
    values, problems = {}, []
    for column in columns:
        parsed = column.read(frame, context)
        if parsed.values is not None:
            values[column.name] = parsed.values
        problems += parsed.problems
    return values, problems
