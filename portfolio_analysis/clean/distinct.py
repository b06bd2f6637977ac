"""Work done once per distinct value of a column, not once per row: the columns of a portfolio hold few
distinct labels, organisations, names and budgets among many rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..settings.dtypes import TEXT


def by_unique(series: pd.Series, function, dtype=object) -> pd.Series:
    """``series.map(function)``, calling ``function`` once per distinct value (NA stays NA): the columns
    hold few distinct labels, organisations, names and budgets among many rows."""
    codes, uniques = pd.factorize(series)
    mapped = pd.array([function(value) for value in uniques.tolist()] + [None], dtype=dtype)
    return pd.Series(mapped.take(np.where(codes < 0, len(uniques), codes)), index=series.index)


def text_by_unique(series: pd.Series, function) -> pd.Series:
    """:func:`by_unique` for a function from text to text; where it changes no value, the series itself
    (as text), so an unchanged column costs no copy."""
    if all(not isinstance(value, str) or function(value) == value for value in series.unique().tolist()):
        return series.astype(TEXT)
    return by_unique(series, function, TEXT)


def rows_where(series: pd.Series, predicate) -> np.ndarray:
    """Whether ``predicate`` holds for each text (never for a missing value), asked once per distinct text."""
    found = [value for value in series.unique().tolist() if isinstance(value, str) and predicate(value)]
    return series.isin(found).to_numpy(dtype=bool) if found else np.zeros(len(series), dtype=bool)
