"""A portfolio as the analyses see it: the panel plus what each period's report says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..settings.maps import RatingScale, normalise_key, rating_scale, scale_with_labels
from ..settings.paths import data_dir as resolve_data_dir
from ..settings.profile import DEFAULTS, Profile, load_profile
from .tables import built_snapshot, named_snapshot

NOT_REPORTED = "not_reported"  # the period publishes values, this project's is blank
UNKNOWN = "unknown"  # the period publishes no per-project values at all (January 2020)
EXEMPT = "exempt"  # withheld, e.g. under the Freedom of Information Act (a value marker)
NOT_RATED = "not_rated"  # the file says no rating was made (a value marker)
OTHER_SCALE = "other_scale"  # the label is not on the scale the period rates with
CARRIED = "carried_forward"  # the project did not report this period: its rating was carried, it did not move
RATING_COMMENTS = ("status_comment", "risk_comment")  # the owners' own words on their ratings


@dataclass(frozen=True)
class Portfolio:
    """The panel (one row per project per period), the periods table and the reported joiners/leavers."""

    name: str
    panel: pd.DataFrame
    periods: pd.DataFrame
    reported_changes: pd.DataFrame
    title: str = ""
    language: str = DEFAULTS["language"]  # the reports' language
    budget_unit: str = DEFAULTS["budget_unit"]  # e.g. "mill. kr"
    synthetic: bool = DEFAULTS["synthetic"]  # simulated data: every report says so
    rated: tuple[str, ...] = ("status", "risk")  # the ratings the project lists carry
    id_aliases: tuple = ()  # rewrites that make two spellings of a project id equal (maps.id_match_key)
    pages: tuple[str, ...] = Profile.pages
    texts: dict = field(default_factory=dict)  # the portfolio's own wording for some report texts
    # per period and organisation: sent or not, files, rows, carried forward, gone missing (the checklist)
    submissions: pd.DataFrame = field(default_factory=pd.DataFrame)
    intake: str = DEFAULTS["intake"]  # or published_list: one list for the whole portfolio, nobody "sends"
    fingerprint: str = ""  # of the build its tables were read from (load_portfolio's ``snapshot``)
    comment_preambles: tuple = ()  # the profile's patterns of a templated opening of the owners' comments
    money: str = DEFAULTS["money"]  # the money column the budget pages compare: budget or whole_life_cost

    @property
    def labels(self) -> list[str]:
        """The rating labels of the portfolio's scale, best first (``Grønn``, ``Gul``, ``Rød``)."""
        return list(self.panel["status"].cat.categories)

    def scale_of(self, period: str) -> RatingScale | None:
        """The scale the period rates on (a period may use a coarser one than the portfolio's)."""
        name = self._period(period).get("rating_scale")
        if name is not None and not pd.isna(name):
            return rating_scale(str(name))
        return scale_with_labels(tuple(self.labels))

    def labels_of(self, period: str) -> list[str]:
        """The labels the period rates with, best first."""
        scale = self.scale_of(period)
        return list(scale.labels) if scale is not None else self.labels

    @property
    def period_keys(self) -> list[str]:
        return sorted(self.periods["report_period"])

    def rows(self, period: str) -> pd.DataFrame:
        return self.panel[self.panel["report_period"] == period]

    def values_published(self, period: str) -> bool:
        """False when the period publishes no per-project status, risk or budget."""
        return bool(self._period(period)["project_values_published"])

    def has_rating_comments(self, period: str) -> bool:
        """Whether any project of the period carries its owner's comment on a rating: where none does, the
        period's files hold no comments at all, and a list says nothing of them."""
        rows = self.rows(period)
        return any(column in rows and bool(rows[column].notna().any()) for column in RATING_COMMENTS)

    def published(self, period: str, key: str):
        """A figure the period's report publishes (``budget_mnok``, ``status_yellow_share``), or None."""
        value = self._period(period).get(f"published_{key}")
        return None if value is None or pd.isna(value) else value

    def published_share(self, period: str, column: str, label: str) -> float | None:
        """The published share of ``label`` in ``column`` (status/risk): ``published_status_yellow_share``
        is the share of the label that ``yellow`` names in the ratings map."""
        for key in self.periods.columns:
            prefix, suffix = f"published_{column}_", "_share"
            if key.startswith(prefix) and key.endswith(suffix):
                named = key[len(prefix):-len(suffix)]
                if self._label_named(named) == label:
                    return self.published(period, key[len("published_"):])
        return None

    def previous_period(self, period: str) -> str | None:
        keys = self.period_keys
        if period not in keys:
            raise KeyError(f"no period {period!r} in portfolio {self.name!r}; periods: {', '.join(keys)}")
        index = keys.index(period)
        return keys[index - 1] if index else None

    def _period(self, period: str) -> pd.Series:
        found = self.periods[self.periods["report_period"] == period]
        if found.empty:
            raise KeyError(f"no period {period!r} in portfolio {self.name!r}; periods: {', '.join(self.period_keys)}")
        return found.iloc[0]

    def _label_named(self, word: str) -> str | None:
        scale = scale_with_labels(tuple(self.labels))
        return scale.aliases.get(normalise_key(word.replace("_", " "))) if scale else None


PORTFOLIO_TABLES = ("projects", "periods", "reported_changes", "submissions")


def load_portfolio(name: str, data_dir=None, *, snapshot: str | None = None) -> Portfolio:
    """Loads a portfolio: ``pf = pa.load_portfolio("e-helse")``. Builds it first when it is missing or
    stale (one check of the fingerprint), then reads its tables, all of one build.

    ``snapshot``: the fingerprint of a build (``pf.fingerprint``) to read as it is, never rebuilt, and read
    from disk once per process; a report run passes the build it holds to its notebooks. The processed
    folder holding another build is then an error.
    """
    data = resolve_data_dir(data_dir)
    if snapshot:
        profile, read = load_profile(data, name), named_snapshot(name, PORTFOLIO_TABLES, snapshot, data)
    else:
        profile, read = built_snapshot(name, PORTFOLIO_TABLES, data)
    tables = read.tables
    return Portfolio(name, tables["projects"], tables["periods"], tables["reported_changes"], title=profile.title,
                     language=profile.language, budget_unit=profile.budget_unit, synthetic=profile.synthetic,
                     rated=profile.rated_columns, id_aliases=profile.project_id_aliases, pages=profile.pages,
                     texts=profile.texts, submissions=tables["submissions"], intake=profile.intake,
                     fingerprint=read.fingerprint, comment_preambles=profile.comment_preambles, money=profile.money)


def as_portfolio(data: Portfolio | pd.DataFrame | str) -> Portfolio:
    """Accepts a :class:`Portfolio`, a portfolio's name (loaded with :func:`load_portfolio`) or a bare panel.
    A bare panel knows no published figures and no reported destinations; a period counts as publishing
    values when any status, risk or budget is set."""
    if isinstance(data, Portfolio):
        return data
    if isinstance(data, str):
        return load_portfolio(data)
    panel = data
    known = panel[["status", "risk", "budget_mnok"]].notna().any(axis=1).groupby(panel["report_period"]).any()
    periods = pd.DataFrame({"report_period": known.index.astype(str), "project_values_published": known.values,
                            "projects": panel.groupby("report_period").size().reindex(known.index).values})
    changes = pd.DataFrame(columns=["report_period", "change", "project_id", "destination"])
    return Portfolio("panel", panel, periods, changes)
