"""portfolio.yml is checked key by key before any data is read (issue 12, item 7): one problem line per wrong
setting, naming the key, never a traceback; a badly named portfolio folder is skipped with a warning; `validate`
without --portfolio takes the one portfolio whose column map fits the file (issue 12, item 9)."""

import shutil

import pytest
import yaml

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from portfolio_analysis.settings.problems import InputError
from portfolio_analysis.settings.paths import MAPS_DIR as MAPS
from portfolio_analysis.settings.profile import list_portfolios, load_profile
from portfolio_analysis.settings.profile_schema import SETTINGS
from portfolio_analysis.simulate.files import profile_text, write_value_markers
from bundled import bundled_bytes
from conftest import GOOD_ROWS, MINI_PROFILE

# A valid profile using every key: the mini profile with the GMPP's extra keys and the e-helse map names.
FULL_PROFILE = {
    **yaml.safe_load(MINI_PROFILE),
    "publisher": "Direktoratet for e-helse", "contact": "Nasjonalt porteføljekontor", "currency": "NOK",
    "budget_unit": "mill. kr",
    "budget_meaning": "budget for the year", "number_affixes": ["kr"], "decimal_mark": ",",
    "negative_budgets": "error", "layout": "rows", "undefined_bytes": "error", "project_ids": "whole_numbers",
    "intake": "submissions", "pages": ["overview", "risk"], "texts": {"label.actor": {"nb": "Virksomhet"}},
    "submitters": ["KS"], "synthetic": False, "budget_limit": 100000, "name_length_limit": 200,
    "columns": "columns.csv", "value_markers": "uk-gmpp/value_markers.csv",
    "project_id_aliases": "uk-gmpp/project_id_aliases.csv",
}
# One value of each YAML kind; (key, kind) pairs below are the ones a profile may hold, every other is wrong.
WRONG_KINDS = {"list": ["a", "b"], "mapping": {"a": 1}, "text": "text", "number": 5, "null": None}
VALID = {("footer_lines", "list"), ("comment_preambles", "list"), ("hyphen_keeps_before", "list"), ("number_affixes", "list"),
         ("budget_limit", "number"), ("budget_limit", "null"), ("name_length_limit", "number"),
         ("decimal_mark", "null"), ("texts", "mapping")}  # texts: an unknown text key is a warning
NESTED = ("tables/projects", "tables/projects/files", "tables/projects/required", "tables/joiners",
          "texts/label.actor", "texts/label.actor/nb")  # paths into the profile, / between levels
TEXT_KEYS = ("name", "title", "publisher", "contact", "currency", "budget_unit", "budget_meaning",
             "default_organisation_group")
VALID |= {(key, "text") for key in TEXT_KEYS} | {("project_ids", "text"), ("tables/projects/files", "text"),
                                                 ("texts/label.actor/nb", "text")}


def write_profile(data, content) -> None:
    folder = data / "raw" / "mini"
    (folder / "2021-01").mkdir(parents=True, exist_ok=True)
    (folder / "2021-01" / "prosjektliste.tsv").write_text(GOOD_ROWS, encoding="utf-8")
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    (folder / "portfolio.yml").write_text(text, encoding="utf-8")


def with_value(key: str, value) -> dict:
    content = yaml.safe_load(yaml.safe_dump(FULL_PROFILE))
    *parents, last = key.split("/")
    target = content
    for part in parents:
        target = target[part]
    target[last] = value
    return content


def test_the_real_and_test_profiles_load_without_a_problem(bundled_raw, tmp_path):
    for name in ("e-helse", "uk-gmpp"):
        profile = load_profile(bundled_raw, name)
        assert profile.problems == ()
    assert load_profile(bundled_raw, "uk-gmpp").pages == ("overview", "status_change", "budget_decline", "history")
    assert load_profile(bundled_raw, "e-helse").tables["leavers"].required[-1] == "destination"
    write_profile(tmp_path / "mini", MINI_PROFILE)
    assert load_profile(tmp_path / "mini", "mini").problems == ()
    simulated = tmp_path / "simulated"
    write_profile(simulated, profile_text("mini", 1))
    for name in ("organisations.csv", "organisation_aliases.csv"):  # the simulator writes its maps beside it
        shutil.copy(MAPS / "e-helse" / name, simulated / "raw" / "mini" / name)
    write_value_markers(simulated / "raw" / "mini")
    assert load_profile(simulated, "mini").problems == ()
    transposed = tmp_path / "transposed"
    write_profile(transposed, profile_text("mini", 1, "transposed"))
    for name in ("organisations.csv", "organisation_aliases.csv"):
        shutil.copy(MAPS / "e-helse" / name, transposed / "raw" / "mini" / name)
    write_value_markers(transposed / "raw" / "mini")
    assert load_profile(transposed, "mini").layout == "transposed"
    assert load_profile(transposed, "mini").problems == ()
    write_profile(tmp_path / "full", FULL_PROFILE)
    assert load_profile(tmp_path / "full", "mini").problems == ()


@pytest.mark.parametrize("key", [*SETTINGS, *NESTED])
def test_no_value_of_any_key_gives_a_traceback(key, tmp_path):
    """Every key set to a list, a mapping, text, a number and null: the profile loads where the value is
    allowed, else an InputError names the key; never another exception."""
    for kind, value in WRONG_KINDS.items():
        data = tmp_path / kind
        write_profile(data, with_value(key, value))
        if (key, kind) in VALID:
            load_profile(data, "mini")
            continue
        with pytest.raises(InputError) as raised:
            load_profile(data, "mini")
        dotted = key.replace("/", ".")
        named = [p for p in raised.value.problems if p.severity == "error" and p.column
                 and (p.column == dotted or dotted.startswith(p.column + ".") or p.column.startswith(dotted + "."))]
        assert named, f"{key} = {value!r}: " + "; ".join(map(str, raised.value.problems))
        assert all(p.expected for p in named)


def test_every_wrong_setting_is_one_line_in_one_run(mini, capsys):
    content = yaml.safe_load(MINI_PROFILE) | {"language": "nn", "budget_limit": "100k", "synthetic": "ja",
                                              "layout": "columns", "pages": ["overview", "budsjett"]}
    write_profile(mini, content)
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "data/raw/mini/portfolio.yml: error: not a report language; column 'language'; value 'nn'; expected nb or en",
        "data/raw/mini/portfolio.yml: error: not a number above 0; column 'budget_limit'; value '100k'; expected a "
        "number in the budget unit, e.g. 100000 (no letters such as k), or null for no limit",
        "data/raw/mini/portfolio.yml: error: not true or false; column 'synthetic'; value 'ja'; expected true or false",
        "data/raw/mini/portfolio.yml: error: unknown value; column 'layout'; value 'columns'; expected rows or transposed",
        "data/raw/mini/portfolio.yml: error: not a list of report pages; column 'pages'; value '[\"overview\", "
        "\"budsjett\"]'; expected a list with overview and any of status_change, budget_decline, schedule_cost, risk, history",
        "Nothing was written: 5 error(s) to fix in the input.",
    ]
    assert not (mini / "processed" / "mini").exists()


def test_required_columns_must_be_columns_of_the_column_map(mini):
    write_profile(mini, MINI_PROFILE.replace("required: [project_id,", "required: [projekt_id,"))
    with pytest.raises(InputError) as raised:
        load_profile(mini, "mini")
    assert [str(p) for p in raised.value.problems] == [
        "data/raw/mini/portfolio.yml: error: not a column of the column map; column 'tables.projects.required'; "
        "value 'projekt_id'; expected one of actor, budget, cost_comment, destination, focus_area, forecast, owner, "
        "planned_end, planned_start, project_id, project_name, risk, risk_comment, schedule_comment, status, "
        "status_comment, whole_life_cost (columns.csv)"]


def test_a_map_that_cannot_be_read_is_one_line_naming_the_setting(mini):
    folder = mini / "raw" / "mini"
    (folder / "areas.csv").write_text("strategic_area,strategic_area_name\nfem,Felles grunnmur\n", encoding="utf-8")
    (folder / "aliases.csv").write_text("alias,organisation\nHdir,Helsedir\n", encoding="utf-8")
    (folder / "markers.csv").write_text("column,pattern\nstatus,exempt\n", encoding="utf-8")
    write_profile(mini, MINI_PROFILE.replace("e-helse/strategic_areas.csv", "areas.csv")
                  .replace("e-helse/organisation_aliases.csv", "aliases.csv") + "value_markers: markers.csv\n")
    with pytest.raises(InputError) as raised:
        load_profile(mini, "mini")
    assert [str(p) for p in raised.value.problems] == [
        "data/raw/mini/portfolio.yml: error: the map lacks the column(s) marker; column 'value_markers'; value "
        "'markers.csv'; expected a CSV file whose first line names the columns column, pattern, marker"]
    (folder / "markers.csv").write_text("column,pattern,marker\nstatus,exempt,exempt\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_profile(mini, "mini")
    assert [str(p) for p in raised.value.problems] == [
        "data/raw/mini/portfolio.yml: error: a row of the map cannot be read: alias 'Hdir' names 'Helsedir', which "
        "is not in organisations.csv; column 'organisation_aliases'; value 'aliases.csv'; expected on each row an "
        "alias and an organisation of the organisations map",
        "data/raw/mini/portfolio.yml: error: a row of the map cannot be read: invalid literal for int() with base "
        "10: 'fem'; column 'strategic_areas'; value 'areas.csv'; expected on each row a whole number and its name"]


def test_an_unknown_key_is_a_warning_with_the_closest_key_in_build_validate_and_the_log(mini, capsys):
    write_profile(mini, MINI_PROFILE + "budget_limt: 5000\n")
    line = ("data/raw/mini/portfolio.yml: warning: unknown key in portfolio.yml, ignored; column 'budget_limt'; "
            "value 'budget_limt'; expected 'budget_limit'? one of name, title, ")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    assert [l for l in capsys.readouterr().err.splitlines() if l.startswith(line)] != []
    log = pa.load_quality_log("mini", mini)
    assert list(log.loc[log["action"] == "warning", "column"]) == ["budget_limt"]
    profile = mini / "raw" / "mini" / "portfolio.yml"
    assert main(["validate", str(profile), "--data-dir", str(mini)]) == 0
    out, err = capsys.readouterr()
    assert err.startswith(line)
    assert out.rstrip().endswith("0 errors, 1 warnings")


def test_validate_checks_a_draft_profile_where_it_is(mini, tmp_path, capsys):
    draft = tmp_path / "utkast" / "portfolio.yml"
    draft.parent.mkdir()
    draft.write_text(MINI_PROFILE + "budget_limit: 100k\n", encoding="utf-8")
    assert main(["validate", str(draft), "--data-dir", str(mini)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "utkast/portfolio.yml: error: not a number above 0; column 'budget_limit'; value '100k'; expected a number "
        "in the budget unit, e.g. 100000 (no letters such as k), or null for no limit"]
    assert out.rstrip().endswith("1 errors, 0 warnings")


def test_a_badly_named_portfolio_folder_is_skipped_with_a_warning_and_the_others_build(mini, capsys):
    shutil.copytree(mini / "raw" / "mini", mini / "raw" / "my portfolio")
    assert main(["build", "--data-dir", str(mini)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == (
        "data/raw/my portfolio: warning: the folder's name cannot be a portfolio name; the folder is skipped; "
        "value 'my portfolio'; expected a folder name of letters, digits, '.', '_' or '-', starting with a letter "
        "or digit, without spaces or path separators")
    assert "<command line>" not in err
    assert out.startswith("mini: built ")
    assert list_portfolios(mini) == ["mini"]
    assert main(["submissions", "--data-dir", str(mini)]) == 0
    assert "data/raw/my portfolio: warning: the folder's name cannot be a portfolio name" in capsys.readouterr().err


def test_a_portfolio_name_ending_in_a_line_break_is_not_a_portfolio(mini, capsys):
    assert main(["build", "--portfolio", "mini\n", "--data-dir", str(mini)]) == 1
    assert capsys.readouterr().err.startswith("<command line>: error: not a portfolio name; column 'portfolio'; "
                                              "value 'mini\\n'")


def two_portfolios(data, second_profile: str):
    folder = data / "raw" / "other"
    (folder / "2021-01").mkdir(parents=True)
    (folder / "portfolio.yml").write_text(second_profile, encoding="utf-8")
    (folder / "2021-01" / "prosjektliste.tsv").write_text(GOOD_ROWS, encoding="utf-8")


def test_validate_without_portfolio_takes_the_one_whose_column_map_fits_the_header(mini, tmp_path, capsys):
    uk = bundled_bytes("data/raw/uk-gmpp/portfolio.yml").decode("utf-8")
    two_portfolios(mini, uk)
    received = tmp_path / "mottatt.tsv"
    received.write_text(GOOD_ROWS.replace("\tGul\tGrønn", "\tBlå\tGrønn"), encoding="utf-8")
    assert main(["validate", str(received), "--data-dir", str(mini)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{received}: projects table of portfolio 'mini': 2 rows")
    assert err.splitlines()[0].startswith("mottatt.tsv:2: error: unknown status label; column 'Status'; value 'Blå'")


def test_validate_without_portfolio_is_a_usage_message_when_no_or_several_portfolios_fit(mini, tmp_path, capsys):
    two_portfolios(mini, MINI_PROFILE)
    received = tmp_path / "mottatt.tsv"
    received.write_text(GOOD_ROWS, encoding="utf-8")
    assert main(["validate", str(received), "--data-dir", str(mini)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: portfolio-analysis validate [-h]")
    assert err.splitlines()[-1] == (
        f"portfolio-analysis validate: error: the header of {received} fits the column maps of several portfolios "
        "(mini, other); choose one with --portfolio: mini, other")
    received.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["validate", str(received), "--data-dir", str(mini)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"portfolio-analysis validate: error: the header of {received} fits no portfolio's column map; choose one "
        "with --portfolio: mini, other")
    assert not (mini / "processed").exists()
