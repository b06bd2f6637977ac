"""Each cleaning step and check on tiny inline frames, and the change log run_steps writes."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from portfolio_analysis.clean import steps as c
from portfolio_analysis.clean import checks, log as cleaning_log, parsers
from portfolio_analysis.clean.columns import Context
from portfolio_analysis.clean.standard import COLUMNS, TEXT_COLUMNS
from portfolio_analysis.settings.maps import (MAPS_DIR, load_organisations, load_strategic_areas, missing_markers,
                                              rating_scale)
from portfolio_analysis.clean.numbers import NUMBER_FORMS

FILE = "raw/mini/2021-01/prosjektliste.tsv"
PERIOD = "2021-01"
SCALE = rating_scale("rag-nb")
ORGANISATIONS = load_organisations(MAPS_DIR / "e-helse" / "organisations.csv",
                                   MAPS_DIR / "e-helse" / "organisation_aliases.csv", "andre")
STRATEGIC_AREAS = load_strategic_areas(MAPS_DIR / "e-helse" / "strategic_areas.csv")
FOOTERS = (re.compile(r"^Nasjonal e-helseportefølje \w+ \d{4}$"),)
KEEPS_BEFORE = frozenset({"og", "eller", "samt", "til"})
# the settings of a portfolio the parsers and checks read, as the e-helse profile has them (no budget limit)
PROFILE = SimpleNamespace(scale=SCALE, organisations=ORGANISATIONS, project_ids="whole_numbers", decimal_mark=None,
                          budget_limit=None, budget_unit="", negative_budgets="error", name_length_limit=200,
                          rated_columns=("status", "risk"), project_id_aliases=(), layout="rows")
CONTEXT = Context(PROFILE)
DECLARED = {column.name: column for column in COLUMNS}


def rows(*cells: dict) -> pd.DataFrame:
    """A frame as the pipeline hands it to cleaning: every text column present, as object, blank where not
    given; rows numbered from line 2 of FILE in PERIOD unless a row says otherwise."""
    records = [{"report_period": PERIOD, "source_file": FILE, "source_row": number,
                **{column: "" for column in TEXT_COLUMNS}, **row}
               for number, row in enumerate(cells, start=2)]
    frame = pd.DataFrame(records, columns=["report_period", "source_file", "source_row", *TEXT_COLUMNS])
    return frame.astype({column: object for column in ["report_period", "source_file", *TEXT_COLUMNS]})


def column(values, name, dtype=object):
    return pd.Series(values, name=name, dtype=dtype)


def values(frame, name):
    """A standard column's values as its declaration parses them."""
    return DECLARED[name].read(frame, CONTEXT).values.rename(name)


def where(problems):
    """The parts of each problem an analyst reads: row, column, value, message, severity."""
    return [(p.row, p.column, p.value, p.message, p.severity) for p in problems]


# --- steps ------------------------------------------------------------------------------------------

def test_drop_empty_lines_keeps_rows_with_any_text_and_their_index():
    frame = rows({"project_id": "1", "project_name": "Alpha"}, {}, {"project_name": "  \t"}, {"owner": "Kari"})
    assert_frame_equal(c.drop_empty_lines(frame, TEXT_COLUMNS), frame.loc[[0, 3]])


def test_drop_footer_lines_drops_only_a_lone_footer_cell():
    frame = rows(
        {"project_id": "1", "project_name": "Alpha"},
        {"project_name": "Nasjonal e-helseportefølje april 2020"},
        {"focus_area": " Nasjonal e-helseportefølje januar 2021 "},
        {"project_id": "2", "project_name": "Nasjonal e-helseportefølje april 2020"},  # a row with data stays
        {"project_name": "Nasjonal e-helseportefølje april 2020 (utkast)"},
    )
    assert_frame_equal(c.drop_footer_lines(frame, FOOTERS, TEXT_COLUMNS), frame.loc[[0, 3, 4]])


def test_drop_footer_lines_never_drops_a_row_with_two_filled_cells():
    frame = rows({"project_name": "Side 3 av 7"}, {"project_id": "2", "project_name": "Side 3 av 7"})
    assert_frame_equal(c.drop_footer_lines(frame, (re.compile(r"Side \d+ av \d+"),), TEXT_COLUMNS), frame.loc[[1]])


def test_drop_footer_lines_without_patterns_keeps_everything():
    frame = rows({"project_name": "Nasjonal e-helseportefølje april 2020"})
    assert_frame_equal(c.drop_footer_lines(frame, (), TEXT_COLUMNS), frame)


def test_normalise_whitespace():
    frame = rows({"project_name": "  Alpha\u00a0\u00a0 fase\u202f2\n", "actor": "Helse\tVest RHF", "owner": "Kari"})
    clean = c.normalise_whitespace(frame, TEXT_COLUMNS)
    assert clean.loc[0, "project_name"] == "Alpha fase 2"
    assert clean.loc[0, "actor"] == "Helse Vest RHF"
    assert clean.loc[0, "owner"] == "Kari"
    assert_frame_equal(clean.drop(columns=["project_name", "actor"]), frame.drop(columns=["project_name", "actor"]),
                       check_dtype=False)  # values as before; the text may now be held in Arrow


def test_blank_out_placeholders_blanks_only_whole_placeholder_cells():
    frame = rows({"status": "(blank)", "risk": "(Blank)", "owner": "(tom)", "project_name": "Alpha (blank)",
                  "actor": "blank", "budget": "(TOM)"})
    clean = c.blank_out_placeholders(frame, missing_markers(), TEXT_COLUMNS)
    assert clean.loc[0, ["status", "risk", "owner", "budget"]].tolist() == ["", "", "", ""]
    assert clean.loc[0, "project_name"] == "Alpha (blank)"
    assert clean.loc[0, "actor"] == "blank"


def test_mend_hyphenation_joins_pdf_line_breaks_but_keeps_real_hyphens():
    frame = rows(
        {"project_name": "Digitale ansvars- overganger"},
        {"project_name": "Felles journal- og samhandlingsløsning"},
        {"project_name": "Nød- og beredskapskommunikasjon"},
        {"project_name": "Utredning helse- eller omsorgsdata"},
        {"project_name": "Regional løsning Helse Sør- Øst"},  # before a capital: may start a name
        {"project_name": "Kjerne-journal"},
        {"focus_area": "1.1 Moderni- sere arbeidsprosesser", "owner": "ansvars- overganger"},
    )
    clean = c.mend_hyphenation(frame, KEEPS_BEFORE)
    assert_series_equal(clean["project_name"], column([
        "Digitale ansvarsoverganger", "Felles journal- og samhandlingsløsning", "Nød- og beredskapskommunikasjon",
        "Utredning helse- eller omsorgsdata", "Regional løsning Helse Sør- Øst", "Kjerne-journal", ""],
        "project_name"), check_dtype=False)
    assert clean.loc[6, "focus_area"] == "1.1 Modernisere arbeidsprosesser"
    assert clean.loc[6, "owner"] == "ansvars- overganger"  # only names and focus areas come from the PDF


def test_parse_project_ids():
    frame = rows(*({"project_id": v} for v in ["131", "131.0", "7.00", "", "A12", "13.5", "0131"]))
    assert_series_equal(values(frame, "project_id"),
                        column([131, 131, 7, pd.NA, pd.NA, pd.NA, 131], "project_id", "Int64"))


def test_parse_project_ids_on_the_default_string_dtype():
    frame = rows({"project_id": "131"}, {"project_id": "A12"}).astype({"project_id": "str"})
    assert_series_equal(values(frame, "project_id"), column([131, pd.NA], "project_id", "Int64"))


def test_map_ratings_accepts_every_spelling_and_keeps_blank_as_not_reported():
    spellings = ["Grønn", "grønn", "GRØNN", "gronn", "Groenn", "Green", "Gul", "gul", "Yellow", "Amber", "amber",
                 "Rød", "rød", "Rod", "roed", "RED", ""]
    labels = ["Grønn"] * 6 + ["Gul"] * 5 + ["Rød"] * 5 + [None]
    frame = rows(*({"status": s, "risk": s} for s in spellings))
    clean = {name: values(frame, name) for name in ("status", "risk")}
    dtype = pd.CategoricalDtype(["Grønn", "Gul", "Rød"], ordered=True)
    assert_series_equal(clean["status"], pd.Series(labels, name="status", dtype=dtype))
    assert_series_equal(clean["risk"], pd.Series(labels, name="risk", dtype=dtype))


def test_map_ratings_blank_is_never_green_and_orders_best_first():
    frame = rows({"status": "", "risk": "Grønn"}, {"status": "Rød", "risk": "Gul"})
    clean = frame.assign(status=values(frame, "status"), risk=values(frame, "risk"))
    assert pd.isna(clean.loc[0, "status"])
    assert clean["status"].value_counts().to_dict() == {"Grønn": 0, "Gul": 0, "Rød": 1}
    assert clean["risk"].max() == "Gul" and clean["risk"].min() == "Grønn"


def test_parse_budgets():
    texts = ["10", "12,5", "1 571,5", "1\u00a0571", "1\u202f571,25", "1.571,5", "0", "", "ukjent"]
    assert_series_equal(values(rows(*({"budget": t} for t in texts)), "budget"), column(
        [10.0, 12.5, 1571.5, 1571.0, 1571.25, 1571.5, 0.0, pd.NA, pd.NA], "budget", "Float64"))


def test_canonicalise_organisations():
    names = ["Oslo Kommune", "Helse Sør-Øst", "hdir", "Hesledirektoratet", "NHN", " Norsk  Helsenett SF",
             "KS", "Ukjent AS", ""]
    clean = c.canonicalise_organisations(rows(*({"actor": n} for n in names)), ORGANISATIONS)
    assert_series_equal(clean["actor"], column(
        ["Oslo kommune", "Helse Sør-Øst RHF", "Helsedirektoratet", "Helsedirektoratet", "Norsk Helsenett",
         "Norsk Helsenett", "KS", "Ukjent AS", ""], "actor"), check_dtype=False)


def test_add_organisation_group_after_canonical_names():
    frame = rows(*({"actor": n} for n in ["Hdir", "Helse Vest", "KS", "Ukjent AS"]))
    grouped = c.add_organisation_group(c.canonicalise_organisations(frame, ORGANISATIONS), ORGANISATIONS)
    assert grouped["actor_group"].tolist() == ["helseforvaltning", "regionale helseforetak", "andre", "andre"]
    assert grouped["actor"].tolist() == ["Helsedirektoratet", "Helse Vest RHF", "KS", "Ukjent AS"]


def test_add_organisation_group_uses_the_default_group_for_unknown_organisations():
    organisations = load_organisations(MAPS_DIR / "e-helse" / "organisations.csv",
                                       MAPS_DIR / "e-helse" / "organisation_aliases.csv", "ukjent gruppe")
    grouped = c.add_organisation_group(rows({"actor": "Ukjent AS"}, {"actor": "KS"}), organisations)
    assert grouped["actor_group"].tolist() == ["ukjent gruppe", "andre"]


def test_split_focus_area():
    frame = rows({"focus_area": "1.1 Modernisere arbeidsprosesser"}, {"focus_area": "6.12 Styring og gjennomføring"},
                 {"focus_area": ""}, {"focus_area": "10.3 Nytt område"})
    split = c.split_focus_area(frame, STRATEGIC_AREAS)
    assert split["focus_area_code"].tolist()[:2] == ["1.1", "6.12"]
    assert split["focus_area_name"].tolist()[:2] == ["Modernisere arbeidsprosesser", "Styring og gjennomføring"]
    assert_series_equal(split["strategic_area"], column([1, 6, pd.NA, 10], "strategic_area", "Int64"))
    assert split.loc[0, "strategic_area_name"] == "Digitalisering av arbeidsprosesser"
    assert split.loc[1, "strategic_area_name"] == "Nasjonal styring av e-helse og økt gjennomføringsevne"
    assert split.loc[2, ["focus_area_code", "focus_area_name", "strategic_area_name"]].isna().all()
    assert pd.isna(split.loc[3, "strategic_area_name"])  # area 10 is not in the map
    assert split.loc[3, "focus_area_code"] == "10.3"


# --- checks -----------------------------------------------------------------------------------------

def test_check_project_ids():
    frame = rows(*({"project_id": v} for v in ["131", "131.0", "A12", "", "13.5"]))
    problems = parsers.parse_project_ids(frame, "project_id", CONTEXT).problems
    assert where(problems) == [(4, "project_id", "A12", "not a project id", "error"),
                               (5, "project_id", "", "not a project id", "error"),
                               (6, "project_id", "13.5", "not a project id", "error")]
    assert {(p.file, p.period, p.expected) for p in problems} == {(FILE, PERIOD, "a whole number, e.g. 131")}


def test_check_project_names():
    problems = DECLARED["project_name"].read(rows({"project_id": "1", "project_name": "Alpha"}, {"project_id": "2"}), CONTEXT).problems
    assert where(problems) == [(3, "project_name", "", "the project has no name", "error")]
    assert str(problems[0]) == (f"{FILE}:3: error: the project has no name; column 'project_name'; value ''; "
                                "expected a project name")


@pytest.mark.parametrize("name", ["status", "risk"])
def test_check_ratings(name):
    frame = rows(*({name: v} for v in ["Grønn", "amber", "", "Blå", "Grønt"]))
    problems = parsers.parse_ratings(frame, name, CONTEXT).problems
    assert where(problems) == [(5, name, "Blå", f"unknown {name} label", "error"),
                               (6, name, "Grønt", f"unknown {name} label", "error")]
    assert problems[0].expected.startswith("one of Grønn, Gul, Rød")


def test_check_budgets():
    texts = ["10", "1 571,5", "", "0", "-5", "\u22122,5", "ukjent", "12 mill"]
    problems = parsers.parse_budgets(rows(*({"budget": t} for t in texts)), "budget", CONTEXT).problems
    assert where(problems) == [
        (6, "budget", "-5", "a budget cannot be negative", "error"),
        (7, "budget", "\u22122,5", "a budget cannot be negative", "error"),
        (8, "budget", "ukjent", "not a number", "error"),
        (9, "budget", "12 mill", "not a number", "error"),
    ]
    assert problems[2].expected == NUMBER_FORMS + ", or blank"


def test_check_focus_areas():
    frame = rows(*({"focus_area": v} for v in ["1.1 Modernisere", "", "Modernisere arbeidsprosesser", "1.1"]))
    assert where(checks.check_focus_areas(frame, "focus_area", None, CONTEXT)) == [
        (4, "focus_area", "Modernisere arbeidsprosesser", "focus area without its code", "error"),
        (5, "focus_area", "1.1", "focus area without its code", "error"),
    ]


def test_check_organisations_present():
    problems = DECLARED["actor"].blank.problems(rows({"actor": "KS"}, {"actor": ""}), "actor", CONTEXT)
    assert where(problems) == [(3, "actor", "", "the project has no responsible organisation", "error")]


def test_check_known_organisations_is_a_warning():
    frame = rows(*({"actor": v} for v in ["Hdir", "Helse Sør-Øst", "Ukjent AS", ""]))
    problems = checks.check_known_organisations(frame, "actor", None, CONTEXT)
    assert where(problems) == [(4, "actor", "Ukjent AS", "unknown organisation, grouped as 'andre'", "warning")]


def test_check_unique_ids_names_every_row_of_a_duplicate():
    frame = rows({"project_id": "5", "project_name": "Alpha"}, {"project_id": "6", "project_name": "Beta"},
                 {"project_id": "5", "project_name": "Alfa"}, {"project_id": "5", "project_name": "Alpha"},
                 {"project_id": ""}, {"project_id": ""},
                 {"project_id": "6", "report_period": "2021-04", "source_row": 2})
    problems = checks.check_unique_ids(frame, "project_id", parsers.project_ids(frame["project_id"]), CONTEXT)
    message = "project id 5 appears more than once in the period (rows 2, 4, 5; names: Alpha / Alfa)"
    assert where(problems) == [(2, "project_id", "5", message, "error"), (4, "project_id", "5", message, "error"),
                               (5, "project_id", "5", message, "error")]
    assert {p.period for p in problems} == {PERIOD}


def test_check_unique_ids_across_periods_is_fine():
    frame = rows({"project_id": "5"}, {"project_id": "5", "report_period": "2021-04"})
    assert checks.check_unique_ids(frame, "project_id", parsers.project_ids(frame["project_id"]), CONTEXT) == []


def test_check_unique_ids_sees_the_same_id_written_differently():
    frame = rows({"project_id": "131", "project_name": "Alpha"}, {"project_id": "131.0", "project_name": "Beta"},
                 {"project_id": "0131", "project_name": "Gamma"})
    assert [p.row for p in checks.check_unique_ids(frame, "project_id", parsers.project_ids(frame["project_id"]), CONTEXT)] == [2, 3, 4]


def test_note_owner_lists():
    problems = checks.note_owner_lists(rows({"owner": "Kari Nordmann"}, {"owner": "Hdir, FHI"}, {"owner": ""}), "owner", None,
                                       CONTEXT)
    assert [(p.row, p.value, p.severity) for p in problems] == [(3, "Hdir, FHI", "note")]
    assert problems[0].message.startswith("owner_lists_several:")


@pytest.mark.parametrize("name", ["status", "risk"])
def test_note_blank_ratings_only_in_periods_that_publish_them(name):
    frame = rows({name: "Gul"}, {name: ""}, {name: "", "report_period": "2020-04"})
    problems = checks.note_blank_ratings(frame, name, Context(PROFILE, None, frozenset({PERIOD})))
    assert [(p.row, p.period, p.severity) for p in problems] == [(3, PERIOD, "note")]
    assert problems[0].message == f"blank_{name}: not given, counted as not reported (never as green)"
    assert checks.note_blank_ratings(frame, name, CONTEXT) == []


# --- running and the log ----------------------------------------------------------------------------

def test_run_steps_logs_changes_and_drops_and_leaves_the_input_alone():
    frame = rows({"project_id": "131.0", "project_name": " Alpha "},
                 {"project_name": "Nasjonal e-helseportefølje april 2020"},
                 {"project_id": "7", "project_name": "Beta"})
    original = frame.copy()
    clean, log = cleaning_log.run_steps(frame, [
        cleaning_log.Step("whitespace", lambda f: c.normalise_whitespace(f, TEXT_COLUMNS), TEXT_COLUMNS),
        cleaning_log.Step("page_footer", lambda f: c.drop_footer_lines(f, FOOTERS, TEXT_COLUMNS)),
        cleaning_log.Step("project_id_format", lambda f: f.assign(project_id=values(f, "project_id")), ("project_id",)),
    ])
    assert_frame_equal(frame, original)
    assert clean["project_id"].tolist() == [131, 7]
    assert clean["project_name"].tolist() == ["Alpha", "Beta"]
    assert clean["source_row"].tolist() == [2, 4]
    expected = pd.DataFrame([
        [PERIOD, FILE, 2, "project_name", " Alpha ", "Alpha", "whitespace", "changed"],
        [PERIOD, FILE, 3, "", "Nasjonal e-helseportefølje april 2020", "", "page_footer", "dropped"],
        [PERIOD, FILE, 2, "project_id", "131.0", "131", "project_id_format", "changed"],
    ], columns=cleaning_log.LOG_COLUMNS)
    assert_frame_equal(log, expected, check_dtype=False)


def test_changes_between_logs_changed_values_only():
    before = rows({"budget": "1 571,5"}, {"budget": "10"}, {"budget": ""}, {"budget": "ukjent"})
    step = cleaning_log.Step("number_format", lambda f: f.assign(budget=values(f, "budget")), ("budget",))
    log = cleaning_log.changes_between(before, step.function(before), step)
    assert log[["source_row", "column", "raw_value", "clean_value", "rule", "action"]].values.tolist() == [
        [2, "budget", "1 571,5", "1571.5", "number_format", "changed"],
        [5, "budget", "ukjent", "", "number_format", "changed"],
    ]
    assert log["source_file"].tolist() == [FILE, FILE]


def test_changes_between_a_blank_rating_is_not_a_change():
    before = rows({"status": "gronn"}, {"status": "Gul"}, {"status": ""})
    step = cleaning_log.Step("rating_label", lambda f: f.assign(status=values(f, "status"), risk=values(f, "risk")),
                             ("status", "risk"))
    log = cleaning_log.changes_between(before, step.function(before), step)
    assert log[["source_row", "column", "raw_value", "clean_value"]].values.tolist() == [[2, "status", "gronn", "Grønn"]]


def test_run_steps_without_steps_returns_the_frame_and_an_empty_log():
    frame = rows({"project_id": "1"})
    clean, log = cleaning_log.run_steps(frame, [])
    assert_frame_equal(clean, frame)
    assert list(log.columns) == cleaning_log.LOG_COLUMNS and log.empty


def test_problems_to_log_writes_warnings_and_notes():
    frame = rows({"actor": "Ukjent AS", "owner": "Hdir, FHI"})
    log = cleaning_log.problems_to_log(checks.check_known_organisations(frame, "actor", None, CONTEXT) + checks.note_owner_lists(frame, "owner", None, CONTEXT))
    assert log[["source_row", "column", "raw_value", "action"]].values.tolist() == [
        [2, "actor", "Ukjent AS", "warning"], [2, "owner", "Hdir, FHI", "note"]]
    assert log.loc[0, "rule"] == "unknown organisation, grouped as 'andre'"
    assert cleaning_log.problems_to_log([]).columns.tolist() == cleaning_log.LOG_COLUMNS


def test_as_text_shows_numbers_as_written_and_missing_as_blank():
    assert cleaning_log.as_text(pd.Series([131, pd.NA], dtype="Int64")).tolist() == ["131", ""]
    assert cleaning_log.as_text(pd.Series([1571.5, 10.0, pd.NA], dtype="Float64")).tolist() == ["1571.5", "10", ""]
    assert cleaning_log.as_text(pd.Series(["Gul", None], dtype=object)).tolist() == ["Gul", ""]


def test_a_run_of_empty_lines_is_one_log_row_naming_its_lines():
    frame = rows({"project_id": "1"}, {}, {"owner": " "}, {}, {"project_id": "2"}, {}, {"project_id": "3"}, {}, {})
    step = cleaning_log.Step("empty_line", lambda f: c.drop_empty_lines(f, TEXT_COLUMNS))
    log = cleaning_log.changes_between(frame, step.function(frame), step)
    assert log[["source_row", "raw_value", "rule", "action"]].values.tolist() == [
        [3, "(rows 3–5 empty)", "empty_line", "dropped"],
        [7, "", "empty_line", "dropped"],
        [9, "(rows 9–10 empty)", "empty_line", "dropped"]]


def test_empty_lines_of_two_files_are_two_runs():
    frame = pd.concat([rows({}, {}), rows({}).assign(source_file="other.tsv", source_row=4)], ignore_index=True)
    step = cleaning_log.Step("empty_line", lambda f: c.drop_empty_lines(f, TEXT_COLUMNS))
    log = cleaning_log.changes_between(frame, step.function(frame), step)
    assert log[["source_file", "source_row", "raw_value"]].values.tolist() == [
        [FILE, 2, "(rows 2–3 empty)"], ["other.tsv", 4, ""]]


def test_as_text_writes_small_numbers_without_an_exponent():
    """A budget of 0.00001 read from 0.00001 is no change, so the log has no row for it."""
    numbers = pd.Series([0.00001, 1.5e-7, 0.1 + 0.2], dtype="Float64")
    assert cleaning_log.as_text(numbers).tolist() == ["0.00001", "0.00000015", "0.3"]
