"""The standard columns, each declared once: its type, its parser, its checks, what a blank means and
its quality-log rule (:class:`columns.Column`). The column map (``maps/columns.csv``) names the headers
that mean each column; the order here is the order of the columns in a table being cleaned and of the
problems found in them. A new column is one declaration here, and a parser in :mod:`parsers` if its
text becomes values of another type."""

from __future__ import annotations

from .checks import (blank_is_an_error, check_focus_areas, check_known_organisations, check_names,
                     check_one_name_one_id, check_unique_ids, note_blank_ratings, note_owner_lists)
from .columns import Blank, Column
from .parsers import known_rating_labels, parse_budgets, parse_project_ids, parse_ratings

AS_WRITTEN = "text, as written (cleaned)"
UNKNOWN = Blank("unknown: empty in the panel, no problem")
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
    Column("budget_mnok", "a number (Float64) in the portfolio's budget unit", UNKNOWN, parse=parse_budgets,
           rule="number_format", reasons=True),
    Column("destination", AS_WRITTEN, UNKNOWN),
    Column("status_fallback", AS_WRITTEN + "; a rating label, taken where status is blank", UNKNOWN,
           checks=(known_rating_labels,)),
    Column("risk_fallback", AS_WRITTEN + "; a rating label, taken where risk is blank", UNKNOWN,
           checks=(known_rating_labels,)),
)
TEXT_COLUMNS = tuple(column.name for column in COLUMNS)  # every table being cleaned holds these, as text
MARKED_COLUMNS = tuple(column.name for column in COLUMNS if column.reasons)
FALLBACKS = {column.name: column.fallback for column in COLUMNS if column.fallback}
MARKER_COLUMNS = tuple(f"{name}_marker" for name in MARKED_COLUMNS + tuple(FALLBACKS.values()))
