"""Each standard column is one declaration (clean/standard.py): every column the column maps name is
declared, and reading a column gives its values and its problems in one pass."""

from types import SimpleNamespace

import pandas as pd

from portfolio_analysis.clean.columns import Blank, Column, Context, Parsed, read_columns
from portfolio_analysis.clean.standard import COLUMNS, TEXT_COLUMNS
from portfolio_analysis.settings.maps import IGNORE, MAPS_DIR


def mapped_columns() -> set[str]:
    """The standard columns named by the package's column maps (the shared one and each portfolio's)."""
    names = set()
    for path in MAPS_DIR.rglob("columns.csv"):
        names |= set(pd.read_csv(path, comment="#")["column"].dropna()) - {IGNORE}
    return names


def test_every_column_the_maps_name_is_declared_once():
    assert len(TEXT_COLUMNS) == len(set(TEXT_COLUMNS))
    assert mapped_columns() <= set(TEXT_COLUMNS)
    assert all(column.blank.means for column in COLUMNS)
    assert all(column.rule for column in COLUMNS if column.parse)  # every parsed value is logged under a rule


def test_a_new_column_is_one_declaration_read_in_one_pass():
    def parse_year(frame, column, context):
        text = frame[column]
        known = text.str.fullmatch(r"\d{4}").fillna(False).astype(bool)
        bad = frame[~known & (text != "")]
        return Parsed(pd.to_numeric(text.where(known)).astype("Int64"),
                      [f"row {row}: not a year" for row in bad["source_row"]])

    year = Column("start_year", "a year (Int64)", Blank("unknown"), parse=parse_year, rule="year_format")
    frame = pd.DataFrame({"report_period": "2021-01", "source_file": "a.csv", "source_row": [2, 3, 4],
                          "start_year": ["2021", "", "next year"]})
    values, problems = read_columns(frame, (year,), Context(SimpleNamespace(layout="rows")))
    assert values["start_year"].tolist() == [2021, pd.NA, pd.NA]
    assert problems == ["row 4: not a year"]
