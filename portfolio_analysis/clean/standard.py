"""The standard columns, each declared once: its type, its parser, its checks, what a blank means and
its quality-log rule (:class:`columns.Column`). The column map (``maps/columns.csv``) names the headers
that mean each column; the order here is the order of the columns in a table being cleaned and of the
problems found in them. A new column is one declaration here, and a parser in :mod:`parsers` if its
text becomes values of another type."""

from __future__ import annotations

from .checks import (blank_is_an_error, check_focus_areas, check_known_organisations, check_names,
                     check_one_name_one_id, check_unique_ids, note_blank_ratings, note_owner_lists)
from .columns import Blank, Column
from .parsers import known_rating_labels, parse_budgets, parse_dates, parse_project_ids, parse_ratings

AS_WRITTEN = "text, as written (cleaned)"
UNKNOWN = Blank("unknown: empty in the panel, no problem")
AS_GIVEN = "text exactly as written (line breaks and all): the owner's own words"
MONEY = "a number (Float64) in millions of the portfolio's currency (budget_unit)"
DATE = "a date of its precision, as ISO partial text: 2021-12-31, 2021-12, 2021-Q4 or 2021 (clean/dates.py)"
NOT_REPORTED = Blank("not reported, never green: a note where the period publishes ratings", note_blank_ratings)

COLUMNS = (
    Column("focus_area", AS_WRITTEN + "; split into code, name and strategic area", UNKNOWN,
           checks=(check_focus_areas,)),
    Column("project_id", "a whole number (Int64), or text where the profile says project_ids: text",
           Blank("an error where ids are whole numbers (the parser's 'not a project id'); unknown where they are "
                 "text (the project is matched by name)"),
           parse=parse_project_ids, rule="project_id_format", checks=(check_unique_ids, check_one_name_one_id)),
    Column("project_name", AS_WRITTEN,
           Blank("an error", blank_is_an_error("the project has no name", "a project name")), checks=(check_names,)),
    Column("actor", AS_WRITTEN + ", in the organisation map's spelling, with its group",
           Blank("an error", blank_is_an_error("the project has no responsible organisation",
                                               "the organisation's name, e.g. Helsedirektoratet")),
           checks=(check_known_organisations,)),
    Column("owner", AS_WRITTEN, UNKNOWN, checks=(note_owner_lists,)),
    Column("status", "a rating: the scale's labels, best first", NOT_REPORTED, parse=parse_ratings, rule="rating_label",
           reasons=True, fallback="status_fallback"),
    Column("risk", "a rating: the scale's labels, best first", NOT_REPORTED, parse=parse_ratings, rule="rating_label",
           reasons=True, fallback="risk_fallback"),
    Column("budget", MONEY + ": the year's budget (budget_year says which year)", UNKNOWN, parse=parse_budgets,
           rule="number_format", reasons=True),
    Column("budget_next_year", MONEY + ": the next year's budget (a second 'Budsjett <year>' column)", UNKNOWN,
           parse=parse_budgets, rule="number_format", reasons=True),
    Column("forecast", MONEY + ": the year's forecast", UNKNOWN, parse=parse_budgets, rule="number_format",
           reasons=True),
    Column("whole_life_cost", MONEY + ": the whole-life cost baseline", UNKNOWN, parse=parse_budgets,
           rule="number_format", reasons=True),
    Column("benefits", MONEY + ": the whole-life benefits baseline", UNKNOWN, parse=parse_budgets,
           rule="number_format", reasons=True),
    Column("planned_start", DATE, UNKNOWN, parse=parse_dates, rule="date_format", reasons=True),
    Column("planned_end", DATE, UNKNOWN, parse=parse_dates, rule="date_format", reasons=True),
    Column("destination", AS_WRITTEN, UNKNOWN),
    Column("status_fallback", AS_WRITTEN + "; a rating label, taken where status is blank", UNKNOWN,
           checks=(known_rating_labels,)),
    Column("risk_fallback", AS_WRITTEN + "; a rating label, taken where risk is blank", UNKNOWN,
           checks=(known_rating_labels,)),
    *(Column(name, AS_GIVEN, UNKNOWN, verbatim=True)
      for name in ("status_comment", "risk_comment", "schedule_comment", "cost_comment", "forecast_comment")),
)
TEXT_COLUMNS = tuple(column.name for column in COLUMNS)  # every table being cleaned holds these, as text
TIDIED_COLUMNS = tuple(column.name for column in COLUMNS if not column.verbatim)  # the text the steps tidy
MONEY_COLUMNS = tuple(column.name for column in COLUMNS if column.parse is parse_budgets)
DATE_COLUMNS = tuple(column.name for column in COLUMNS if column.parse is parse_dates)
COMMENT_COLUMNS = tuple(column.name for column in COLUMNS if column.verbatim)
MARKED_COLUMNS = tuple(column.name for column in COLUMNS if column.reasons)
FALLBACKS = {column.name: column.fallback for column in COLUMNS if column.fallback}
MARKER_COLUMNS = tuple(f"{name}_marker" for name in MARKED_COLUMNS + tuple(FALLBACKS.values()))
