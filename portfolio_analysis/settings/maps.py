"""The lookup tables that drive loading and cleaning, kept as CSV files under ``maps/``.

A new spelling of a column, a label or an organisation is a new row in one of these files, not code.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import MAPS_DIR


def normalise_key(text: str) -> str:
    """The form used to match headers, labels and names: case-folded, single spaces, no NBSP, and in NFC, so
    a letter written decomposed (``å`` as ``a`` and a combining ring, as macOS writes file names) matches."""
    key = " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()
    return key if key.isascii() else unicodedata.normalize("NFC", key)


def read_map(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class ColumnMatch:
    column: str
    year: int | None = None


IGNORE = "ignore"  # the column of a header the portfolio writes but no analysis uses
# Names a map may still use for one release, and the column they now mean (said in the README).
LEGACY_COLUMNS = {"budget_mnok": "budget"}
# A column whose headers name a year (``Budsjett 2020``): a second such header naming the next year
# (``Budsjett 2021``) is this column.
NEXT_YEAR_COLUMNS = {"budget": "budget_next_year"}


def current_column(name: str) -> str:
    """A column's name as the package now calls it (``budget_mnok`` in an older map -> ``budget``)."""
    return LEGACY_COLUMNS.get(name, name)


class ColumnAliases:
    """Header text -> standard column; aliases with ``{year}`` keep the year they name, and ``*``
    stands for any text (for long headers that carry explanations). Headers mapped to ``ignore`` are
    known and deliberately not read."""

    def __init__(self, rows: list[dict[str, str]], source: str = "the column map"):
        self.source = source  # named in messages about unknown headers
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for row in rows:
            alias, column = normalise_key(row["alias"]), current_column(row["column"])
            if "{year}" in alias or "*" in alias:
                regex = (re.escape(alias).replace(re.escape("{year}"), r"(?P<year>(?:19|20)\d\d)")
                         .replace(re.escape("*"), ".*"))
                self.patterns.append((re.compile(f"^{regex}$"), column))
            else:
                self.exact[alias] = column

    def match(self, header: str) -> ColumnMatch | None:
        key = normalise_key(header)
        if key in self.exact:
            return ColumnMatch(self.exact[key])
        for pattern, column in self.patterns:
            found = pattern.match(key)
            if found:
                year = found.groupdict().get("year")
                return ColumnMatch(column, int(year) if year else None)
        return None

    def examples(self, column: str) -> list[str]:
        return [alias for alias, col in self.exact.items() if col == column]


@lru_cache(maxsize=None)
def column_aliases(path: Path = MAPS_DIR / "columns.csv") -> ColumnAliases:
    return ColumnAliases(read_map(path), shown_path(path))


def shown_path(path: Path) -> str:
    """A map's path as messages show it: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(MAPS_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class RatingScale:
    """An ordered rating scale (best first) and every spelling accepted for each label."""

    name: str
    labels: tuple[str, ...]
    aliases: dict[str, str]
    colours: dict[str, str]  # label -> colour: green to red, darker with each step, apart for colour-blind readers

    def expected(self) -> str:
        return "one of " + ", ".join(self.labels) + " (any case, English or without æøå), or blank for not reported"


@lru_cache(maxsize=None)
def rating_scale(name: str, path: Path = MAPS_DIR / "ratings.csv") -> RatingScale:
    rows = [row for row in read_map(path) if row["scale"] == name]
    if not rows:
        raise KeyError(f"rating scale {name!r} is not in {path}")
    by_level = sorted({(int(row["level"]), row["label"]) for row in rows})
    aliases = {normalise_key(row["alias"]): row["label"] for row in rows}
    aliases.update({normalise_key(label): label for _, label in by_level})
    colours = {row["label"]: row["colour"] for row in rows if row.get("colour")}
    return RatingScale(name, tuple(label for _, label in by_level), aliases, colours)


def scale_with_labels(labels: tuple[str, ...], path: Path = MAPS_DIR / "ratings.csv") -> RatingScale | None:
    """The rating scale whose labels are exactly these, best first (a panel's status categories)."""
    for name in dict.fromkeys(row["scale"] for row in read_map(path)):
        scale = rating_scale(name, path)
        if scale.labels == tuple(labels):
            return scale
    return None


@lru_cache(maxsize=None)
def missing_markers(path: Path = MAPS_DIR / "missing_values.csv") -> frozenset[str]:
    return frozenset(normalise_key(row["marker"]) for row in read_map(path))


@dataclass(frozen=True)
class Organisations:
    """Canonical organisation names, their group, and every spelling seen for each."""

    groups: dict[str, str]
    aliases: dict[str, str]
    default_group: str

    def canonical(self, name: str) -> str | None:
        return self.aliases.get(normalise_key(name))

    def group_of(self, canonical: str) -> str:
        return self.groups.get(canonical, self.default_group)


def load_organisations(organisations: Path, aliases: Path, default_group: str) -> Organisations:
    groups = {row["organisation"]: row["group"] for row in read_map(organisations)}
    alias_map = {normalise_key(name): name for name in groups}
    for row in read_map(aliases):
        if row["organisation"] not in groups:
            raise ValueError(f"alias {row['alias']!r} names {row['organisation']!r}, which is not in {organisations.name}")
        alias_map[normalise_key(row["alias"])] = row["organisation"]
    return Organisations(groups, alias_map, default_group)


def load_strategic_areas(path: Path) -> dict[int, str]:
    return {int(row["strategic_area"]): row["strategic_area_name"] for row in read_map(path)}


@dataclass(frozen=True)
class ValueMarker:
    """A text that stands where a value would be and says why it is not given, e.g. an exemption under
    the Freedom of Information Act: the value stays unknown, the reason is kept as ``marker``."""

    column: str  # the standard column whose cells it is found in: status, budget, planned_end, …
    pattern: re.Pattern[str]  # searched in the cell's normalised (case-folded) text
    marker: str  # exempt, not_rated, not_provided


def load_value_markers(path: Path) -> tuple[ValueMarker, ...]:
    return tuple(ValueMarker(current_column(row["column"]), re.compile(row["pattern"]), row["marker"])
                 for row in read_map(path))


def marker_of(text: str, column: str, markers: tuple[ValueMarker, ...]) -> str | None:
    key = normalise_key(text)
    return next((m.marker for m in markers if m.column == column and m.pattern.search(key)), None)


def load_id_aliases(path: Path) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Rewrites that make two spellings of one project id equal (``DH_0012`` and ``DOH_0012``)."""
    return tuple((re.compile(row["pattern"]), row["replacement"]) for row in read_map(path))


def id_match_key(project_id: str, aliases: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """The form two periods' ids are matched in: case-folded, then rewritten by the id aliases."""
    key = normalise_key(project_id)
    for pattern, replacement in aliases:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=None)
def scale_mapping(from_scale: str, to_scale: str, path: Path = MAPS_DIR / "scale_mappings.csv") -> dict[str, str]:
    """How the labels of a finer scale read on a coarser one (Amber/Green -> Amber), from the map."""
    if from_scale == to_scale:
        return {label: label for label in rating_scale(from_scale).labels}
    found = {row["from_label"]: row["to_label"] for row in read_map(path)
             if row["from_scale"] == from_scale and row["to_scale"] == to_scale}
    if set(found) != set(rating_scale(from_scale).labels):
        raise KeyError(f"{path} does not map every label of scale {from_scale!r} to scale {to_scale!r}")
    return found
