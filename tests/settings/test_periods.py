"""Period folders and period.yml (issue 12, item 9): a name must be exactly YYYY-MM (no trailing line break),
period.yml's values are checked, and a published project count that differs from the rows is a warning."""

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from conftest import GOOD_ROWS, write_projects

PERIOD_YML = "title: Mini januar 2021\nas_of: 2021-01-15\npublished:\n  projects: {projects}\n"


def test_a_period_folder_named_with_a_trailing_line_break_is_not_a_period(mini, capsys):
    write_projects(mini, GOOD_ROWS, period="2021-04\n")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "data/raw/mini/2021-04\\n: error: a period folder must be named after its period; value '2021-04\\n'; "
        "expected YYYY-MM, e.g. 2020-04",
        "Nothing was written: 1 error(s) to fix in the input.",
    ]
    assert not (mini / "processed" / "mini").exists()


def test_a_period_on_the_command_line_with_a_trailing_line_break_is_refused(mini, capsys):
    assert main(["submissions", "--portfolio", "mini", "--period", "2021-01\n", "--data-dir", str(mini)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "<command line>: error: not a reporting period; column 'period'; value '2021-01\\n'; "
        "expected YYYY-MM, e.g. 2020-04")


def test_a_published_count_that_differs_from_the_rows_is_a_warning(mini, capsys):
    period_yml = mini / "raw" / "mini" / "2021-01" / "period.yml"
    period_yml.write_text(PERIOD_YML.format(projects=5), encoding="utf-8")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "data/raw/mini/2021-01/period.yml: warning: the period's rows hold 2 projects, 3 fewer than the 5 its report "
        "publishes; column 'published.projects'; value '5'; expected as many projects as published; a submission "
        "missing or a row too many?"]
    log = pa.load_quality_log("mini", mini)
    warned = log[log["action"] == "warning"]
    assert list(zip(warned["report_period"], warned["column"], warned["raw_value"])) == [
        ("2021-01", "published.projects", "5")]
    assert pa.load_periods("mini", mini).set_index("report_period").loc["2021-01", "published_projects"] == 5
    period_yml.write_text(PERIOD_YML.format(projects=2), encoding="utf-8")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    assert capsys.readouterr().err == ""


def test_period_yml_values_of_the_wrong_type_are_one_line_each(mini, capsys):
    (mini / "raw" / "mini" / "2021-01" / "period.yml").write_text(
        "title: 2021\nsynthetic: ja\npublished:\n  projects: true\n  quotes: 52 prosjekter\n", encoding="utf-8")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 1
    shown = "data/raw/mini/2021-01/period.yml"
    assert capsys.readouterr().err.splitlines() == [
        f"{shown}: error: not text; column 'title'; value '2021'; expected text (in quotes where it looks like a "
        "number or a date)",
        f"{shown}: error: not true or false; column 'synthetic'; value 'ja'; expected true or false",
        f"{shown}: error: not a list of quotes; column 'published.quotes'; value '52 prosjekter'; expected a list "
        "of texts, one quoted sentence each",
        f"{shown}: error: a published count of projects must be a whole number; column 'published.projects'; "
        "value 'True'; expected a whole number of 0 or more, e.g. 52",
        "Nothing was written: 4 error(s) to fix in the input.",
    ]
