"""portfolio.yml and period.yml each have one model (issue 21, item 4): a key's check, default and meaning are
declared once, a key left out takes that default wherever the setting is read (the profile, the portfolio the
analyses get, a period), and both files are checked by the same validator."""

import dataclasses

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.api.portfolio import Portfolio
from portfolio_analysis.cli.main import main
from portfolio_analysis.settings.paths import MAPS_DIR
from portfolio_analysis.settings.periods import PERIOD, PeriodSpec, load_period
from portfolio_analysis.settings.profile import Profile, load_profile
from portfolio_analysis.settings.profile_schema import PROFILE
from portfolio_analysis.settings.schema import SettingsFile, check_settings, nested
from conftest import GOOD_ROWS, write_projects

# Only the keys a profile must give: everything else is left to the model's defaults.
REQUIRED_ONLY = """\
rating_scale: rag-nb
organisations: e-helse/organisations.csv
organisation_aliases: e-helse/organisation_aliases.csv
tables:
  projects:
    files: '*prosjektliste*'
    required: [project_id, project_name, actor, status, risk, budget_mnok]
"""
SAME_NAME = {"synthetic", "budget_limit", "name_length_limit", "layout", "undefined_bytes", "project_ids",
             "negative_budgets", "decimal_mark", "intake", "language", "currency", "budget_unit"}


@pytest.fixture
def bare(mini):
    (mini / "raw" / "mini" / "portfolio.yml").write_text(REQUIRED_ONLY, encoding="utf-8")
    return mini


def test_a_profile_that_leaves_a_key_out_gets_the_models_default(bare):
    profile = load_profile(bare, "mini")
    defaults = PROFILE.defaults()
    assert {key: getattr(profile, key) for key in SAME_NAME} == {key: defaults[key] for key in SAME_NAME}
    assert (profile.name, profile.title) == ("mini", "mini")  # the folder's name where the profile gives none
    assert profile.number_affixes == profile.submitters == profile.footer_lines == ()
    assert profile.column_map == MAPS_DIR / defaults["columns"]
    assert profile.pages == (*defaults["pages"], "history")
    assert profile.problems == ()


def test_profile_and_portfolio_defaults_are_the_models(bare):
    """The defaults once drifted: the portfolio's page list lacked the history page the profile's had."""
    fields = {f.name: f.default for f in dataclasses.fields(Profile) if f.default is not dataclasses.MISSING}
    built = load_profile(bare, "mini")
    assert {key: fields[key] for key in SAME_NAME & set(fields)} == {key: getattr(built, key)
                                                                    for key in SAME_NAME & set(fields)}
    assert fields["pages"] == built.pages
    bare_portfolio = Portfolio("p", pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    assert (bare_portfolio.language, bare_portfolio.budget_unit, bare_portfolio.synthetic, bare_portfolio.pages,
            bare_portfolio.intake) == (built.language, built.budget_unit, built.synthetic, built.pages, built.intake)


def test_every_key_says_what_it_is_for_and_every_default_is_a_value_the_file_may_hold(tmp_path):
    where = SettingsFile("portfolio.yml", tmp_path)
    for model in (PROFILE, PERIOD):
        for name, key in model.keys.items():
            assert key.help, name
            if key.default not in (None, "") and nested(key) is None:  # None and "": not given
                assert key.check(list(key.default) if isinstance(key.default, tuple) else key.default, name,
                                 where) == [], name


def test_an_empty_period_yml_means_what_no_period_yml_means(mini):
    folder = mini / "raw" / "mini" / "2021-01"
    without, problems = load_period(folder, mini)
    assert problems == [] and without == PeriodSpec("2021-01", folder)
    (folder / "period.yml").write_text("# nothing said yet\n", encoding="utf-8")
    assert load_period(folder, mini) == (without, [])
    (folder / "period.yml").write_text("published:\nnot_reported: {}\n", encoding="utf-8")
    assert load_period(folder, mini) == (without, [])


def test_a_period_yml_is_read_as_its_model_declares(mini):
    folder = mini / "raw" / "mini" / "2021-01"
    (folder / "period.yml").write_text(
        "title: Mini januar 2021\nas_of: 2021-01-15\ndeadline: 2021-01-10\nproject_values: not_published\n"
        "rating_scale: rag-nb\npublished:\n  budget_mnok: 15\n  projects: 2\n  status_yellow_share: 0.5\n  quotes: [To prosjekter.]\n"
        "not_reported:\n  project_ids: [2]\n  organisations: [KS]\n"
        "budget_not_reported:\n  organisations: [KS]\n  except_project_ids: [1]\n"
        "ignored_files: ['notat*']\n", encoding="utf-8")
    period, problems = load_period(folder, mini)
    assert problems == []
    assert (period.title, str(period.as_of), period.project_values_published, period.rating_scale) == (
        "Mini januar 2021", "2021-01-15", False, "rag-nb")
    assert str(period.deadline) == "2021-01-10"
    assert list(period.published.items()) == [("budget_mnok", 15), ("projects", 2), ("status_yellow_share", 0.5)]
    assert (period.not_reported_ids, period.not_reported_organisations) == ({2}, {"KS"})
    assert (period.budget_not_reported_organisations, period.budget_not_reported_except_ids) == ({"KS"}, {1})
    assert period.ignored_files == ("notat*",)


def test_an_unknown_published_figure_is_a_warning_and_is_not_kept(mini, capsys):
    """The warning says the key is ignored: it is, and it does not turn into a column of the periods table."""
    write_projects(mini, GOOD_ROWS)
    (mini / "raw" / "mini" / "2021-01" / "period.yml").write_text(
        "published:\n  projects: 2\n  budjet_mnok: 15\n", encoding="utf-8")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "data/raw/mini/2021-01/period.yml: warning: unknown key in period.yml, ignored; "
        "column 'published.budjet_mnok'; value 'published.budjet_mnok'; expected 'published.budget_mnok'? one of published.projects, "
        "published.budget_mnok, published.status_yellow_share, published.quotes")
    columns = pa.load_periods("mini", mini).columns
    assert "published_projects" in columns and not any("budjet" in column for column in columns)


def test_both_files_are_checked_by_one_validator_in_the_models_order(tmp_path):
    where = SettingsFile("data/raw/mini/portfolio.yml", tmp_path)
    content = {"pages": "overview", "tittel": "x", "language": "nn"}
    lines = [str(p) for p in check_settings(content, PROFILE, where)]
    assert [line.split("; ")[0] for line in lines] == [
        "data/raw/mini/portfolio.yml: error: a required setting is missing",
        "data/raw/mini/portfolio.yml: error: a required setting is missing",
        "data/raw/mini/portfolio.yml: error: a required setting is missing",
        "data/raw/mini/portfolio.yml: error: a required setting is missing",
        "data/raw/mini/portfolio.yml: warning: unknown key in portfolio.yml, ignored",
        "data/raw/mini/portfolio.yml: error: not a report language",
        "data/raw/mini/portfolio.yml: error: not a list of report pages"]
    period = SettingsFile("data/raw/mini/2021-01/period.yml", tmp_path, show=str)
    assert [str(p) for p in check_settings({"synthetic": "ja", "not_reported": {"organisations": "KS"}}, PERIOD,
                                           period)] == [
        "data/raw/mini/2021-01/period.yml: error: not true or false; column 'synthetic'; value 'ja'; expected true or "
        "false",
        "data/raw/mini/2021-01/period.yml: error: must be a list of names; column 'not_reported.organisations'; "
        "value 'KS'; expected e.g. [Helse Nord RHF]"]


def test_budget_mnok_in_an_older_profile_and_column_map_still_means_the_money_for_one_release(mini, capsys):
    """A portfolio set up before the money columns had their own names (``required: [..., budget_mnok]``, a column
    map row ``budget_mnok,Kostnad``) builds as before: its money is read, and ``budget_mnok`` holds it."""
    folder = mini / "raw" / "mini"
    (folder / "columns.csv").write_text((MAPS_DIR / "columns.csv").read_text(encoding="utf-8")
                                        + "budget_mnok,Kostnad\n", encoding="utf-8")
    profile = (folder / "portfolio.yml").read_text(encoding="utf-8")
    assert "budget_mnok]" in profile
    (folder / "portfolio.yml").write_text(profile + "columns: columns.csv\n", encoding="utf-8")
    write_projects(mini, GOOD_ROWS.replace("Budsjett 2020", "Kostnad"))
    assert load_profile(mini, "mini").tables["projects"].required[-1] == "budget"
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 0, capsys.readouterr().err
    panel = pa.load_panel("mini", mini)
    assert panel["budget"].tolist() == panel["budget_mnok"].tolist() == [10.0, 5.0]


def test_the_package_settings_of_a_shipped_portfolio_join_its_unedited_portfolio_yml(bundled_raw):
    """The GMPP's portfolio.yml is as delivered (no money key, three pages: the schedule-and-cost page joins a set
    by its data, not by the profile); the package's maps/uk-gmpp/profile.yml adds what came later, and the
    portfolio's own report texts stay beside the added ones."""
    delivered = (bundled_raw / "raw" / "uk-gmpp" / "portfolio.yml").read_text(encoding="utf-8")
    assert "money:" not in delivered and "pages: [overview, status_change, budget_decline]" in delivered
    profile = load_profile(bundled_raw, "uk-gmpp")
    assert profile.money == "whole_life_cost" and profile.pages == ("overview", "status_change", "budget_decline",
                                                                    "history")
    assert profile.tables["projects"].required[-1] == "whole_life_cost"  # budget_mnok there: the money compared
    assert profile.texts["label.actor"] == {"en": "Department"}  # from portfolio.yml
    assert profile.texts["label.budget_current"] == {"en": "Whole-life cost {period_name}"}  # from the package
    assert load_profile(bundled_raw, "e-helse").money == "budget"  # no package settings: the defaults
