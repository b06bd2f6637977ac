"""Running the cleaning steps, and the quality log they write: one row for every value a step changed
and every row it dropped, found by comparing the frame before and after each step."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..settings.problems import Problem
from ..settings.dtypes import TEXT
from .standard import TEXT_COLUMNS
from .steps import data_cells

LOG_COLUMNS = ["report_period", "source_file", "source_row", "column", "raw_value", "clean_value", "rule", "action"]
EMPTY_RUN = "(rows {first}–{last} empty)"  # the raw value of one log row for a run of empty lines
EMPTY_RUN_LINES = re.compile(r"^\(rows (\d+)–(\d+) empty\)$")


@dataclass(frozen=True)
class Step:
    """A cleaning step: its rule name (as written in the log), the function, and the columns it may change."""

    rule: str
    function: Callable[[pd.DataFrame], pd.DataFrame]
    columns: tuple[str, ...] = ()


def run_steps(frame: pd.DataFrame, steps: list[Step]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Applies the steps in order; returns the clean frame and the log of what each step changed."""
    parts = []
    for step in steps:
        after = step.function(frame)
        parts += changed_parts(frame, after, step)
        frame = after
    return frame, log_of(parts)


def changes_between(before: pd.DataFrame, after: pd.DataFrame, step: Step) -> pd.DataFrame:
    """One log row per dropped row and per changed value in the step's columns."""
    return log_of(changed_parts(before, after, step))


def log_of(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Parts of the log as one log with its columns; an empty log when there are none."""
    return pd.concat([empty_log(), *parts], ignore_index=True)[LOG_COLUMNS] if parts else empty_log()


def changed_parts(before: pd.DataFrame, after: pd.DataFrame, step: Step) -> list[pd.DataFrame]:
    """The log rows of one step, in parts: its dropped rows, then the changed values of each column."""
    parts = []
    if len(after) != len(before):
        dropped = before.loc[before.index.difference(after.index)]
        parts.append(pd.DataFrame({
            "report_period": dropped["report_period"],
            "source_file": dropped["source_file"],
            "source_row": dropped["source_row"],
            "column": "",
            "raw_value": [("\t".join(row).strip() + (f" [{extra}]" if extra else "")).strip()
                          for row, extra in zip(data_cells(dropped, TEXT_COLUMNS).itertuples(index=False),
                                                ignored_text(dropped))],
            "clean_value": "",
            "rule": step.rule,
            "action": "dropped",
        }).pipe(one_row_per_empty_run))
    aligned = len(after) == len(before) and before.index.equals(after.index)
    for column in step.columns:
        if column not in before or column not in after or (aligned and same_data(before[column], after[column])):
            continue
        old = as_text(before[column] if aligned else before[column].loc[after.index])
        new = as_text(after[column])
        changed = (old != new).to_numpy()
        if changed.any():
            rows = before.loc[after.index[changed], ["report_period", "source_file", "source_row"]]
            parts.append(pd.DataFrame({
                "report_period": rows["report_period"], "source_file": rows["source_file"],
                "source_row": rows["source_row"], "column": column, "raw_value": old[changed],
                "clean_value": new[changed], "rule": step.rule, "action": "changed",
            }))
    return parts


def same_data(old: pd.Series, new: pd.Series) -> bool:
    """Whether two columns hold the very same Arrow data: a column the step left alone, with nothing to compare."""
    data = getattr(old.array, "__arrow_array__", None)
    return data is not None and hasattr(new.array, "__arrow_array__") and data() is new.array.__arrow_array__()


def one_row_per_empty_run(dropped: pd.DataFrame) -> pd.DataFrame:
    """Consecutive empty lines of a file as one log row, whose raw value names them (EMPTY_RUN): a sheet
    with thousands of empty rows gives one row, not thousands."""
    rows = dropped["source_row"].to_numpy()
    empty = (dropped["raw_value"] == "").to_numpy()
    same_file = [(values[1:] == values[:-1]) for values in (dropped["source_file"].to_numpy(),
                                                            dropped["report_period"].to_numpy())]
    follows = np.zeros(len(dropped), dtype=bool)  # an empty line right after an empty line of the same file
    follows[1:] = empty[1:] & empty[:-1] & (rows[1:] == rows[:-1] + 1) & same_file[0] & same_file[1]
    if not follows.any():
        return dropped
    starts = ~follows
    lasts = np.maximum.reduceat(rows, np.flatnonzero(starts))
    kept = dropped[starts].copy()
    kept["raw_value"] = [EMPTY_RUN.format(first=first, last=last) if last > first else value
                         for first, last, value in zip(rows[starts], lasts, kept["raw_value"])]
    return kept


def dropped_lines(log: pd.DataFrame) -> int:
    """How many lines the log says were dropped, counting every line of a run of empty lines."""
    dropped = log.loc[log["action"] == "dropped", "raw_value"].astype(str)
    runs = dropped.str.extract(EMPTY_RUN_LINES).dropna().astype(int)
    return int(len(dropped) - len(runs) + (runs[1] - runs[0] + 1).sum())


def problems_to_log(problems: list[Problem]) -> pd.DataFrame:
    """Warnings and notes as quality-log rows (action ``warning`` or ``note``)."""
    if not problems:
        return empty_log()
    return pd.DataFrame({
        "report_period": [p.period or "" for p in problems], "source_file": [p.file for p in problems],
        "source_row": [p.row for p in problems], "column": [p.column or "" for p in problems],
        "raw_value": [p.value or "" for p in problems], "clean_value": "", "rule": [p.message for p in problems],
        "action": [p.severity for p in problems],
    }, columns=LOG_COLUMNS)


def empty_log() -> pd.DataFrame:
    return pd.DataFrame(columns=LOG_COLUMNS)


def as_text(series: pd.Series) -> pd.Series:
    """Values as the log shows them (Arrow text): blank for missing, whole numbers without ``.0``."""
    if isinstance(series.dtype, pd.CategoricalDtype):  # each category's text once, not each row's
        categories = pd.Series(series.cat.categories).astype(TEXT).tolist() + [""]
        codes = series.cat.codes.to_numpy()
        return pd.Series(pd.array(categories, dtype=TEXT).take(np.where(codes < 0, len(categories) - 1, codes)),
                         index=series.index)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.astype("Float64")
        known = values.notna().to_numpy()
        codes, distinct = pd.factorize(values.to_numpy(dtype=float, na_value=np.nan))  # each number written once
        texts = pd.array(number_texts(np.asarray(distinct, dtype=float)) + ["nan", ""], dtype=TEXT)
        return pd.Series(texts.take(np.where(known, np.where(codes < 0, len(distinct), codes), len(distinct) + 1)),
                         index=series.index)
    return series.astype(TEXT).fillna("")


def number_texts(numbers: np.ndarray) -> list[str]:
    """Whole numbers without ``.0``; others with 15 digits, never an exponent (0.00001, not 1e-05)."""
    whole = (numbers == np.round(numbers)) & (np.abs(numbers) < 1e15)
    integers = np.where(whole, numbers, 0).astype(np.int64).tolist()
    return [str(integer) if is_whole else np.format_float_positional(number, precision=15, unique=False,
                                                                     fractional=False, trim="-")
            for number, integer, is_whole in zip(numbers, integers, whole.tolist())]


def ignored_text(frame: pd.DataFrame) -> list[str]:
    """Text the file had in columns the maps do not know (``[…]`` in a dropped line's log entry)."""
    column = "_ignored_text"
    return list(frame[column].fillna("")) if column in frame else [""] * len(frame)


def sort_log(log: pd.DataFrame) -> pd.DataFrame:
    """The log in file order, with one type per column (row numbers may be blank for file-level notes)."""
    text = [c for c in log.columns if c != "source_row"]
    log = log.assign(source_row=pd.to_numeric(log["source_row"], errors="coerce").astype("Int64"),
                     **{c: log[c].astype(object).fillna("").astype(str) for c in text})
    return log.sort_values(["report_period", "source_file", "source_row", "column"], kind="stable",
                           na_position="first").reset_index(drop=True)
