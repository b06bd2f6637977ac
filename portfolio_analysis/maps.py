"""The lookup tables that drive loading and cleaning, kept as CSV files under ``maps/``.

A new spelling of a column, a label or an organisation is a new row in one of these files, not code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import MAPS_DIR


def normalise_key(text: str) -> str:
    """The form used to match headers, labels and names: case-folded, single spaces, no NBSP."""
    return " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


def read_map(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class ColumnMatch:
    column: str
    year: int | None = None


class ColumnAliases:
    """Header text -> standard column; aliases with ``{year}`` keep the year they name."""

    def __init__(self, rows: list[dict[str, str]]):
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for row in rows:
            alias = normalise_key(row["alias"])
            if "{year}" in alias:
                regex = re.escape(alias).replace(re.escape("{year}"), r"(?P<year>(?:19|20)\d\d)")
                self.patterns.append((re.compile(f"^{regex}$"), row["column"]))
            else:
                self.exact[alias] = row["column"]

    def match(self, header: str) -> ColumnMatch | None:
        key = normalise_key(header)
        if key in self.exact:
            return ColumnMatch(self.exact[key])
        for pattern, column in self.patterns:
            found = pattern.match(key)
            if found:
                return ColumnMatch(column, int(found.group("year")))
        return None

    def examples(self, column: str) -> list[str]:
        return [alias for alias, col in self.exact.items() if col == column]


@lru_cache(maxsize=None)
def column_aliases(path: Path = MAPS_DIR / "columns.csv") -> ColumnAliases:
    return ColumnAliases(read_map(path))


@dataclass(frozen=True)
class RatingScale:
    """An ordered rating scale (best first) and every spelling accepted for each label."""

    name: str
    labels: tuple[str, ...]
    aliases: dict[str, str]
    colours: dict[str, str]  # label -> colour (Okabe-Ito, safe for colour-blind readers)

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
            raise ValueError(f"{aliases}: alias {row['alias']!r} names {row['organisation']!r}, not in {organisations}")
        alias_map[normalise_key(row["alias"])] = row["organisation"]
    return Organisations(groups, alias_map, default_group)


def load_strategic_areas(path: Path) -> dict[int, str]:
    return {int(row["strategic_area"]): row["strategic_area_name"] for row in read_map(path)}
