"""What a file of a period folder is (issue 20): `validate` on a period folder, the budget year of each
file, a cover letter beside a submission, and the notes for projects a period says did not report."""

import portfolio_analysis as pa
from portfolio_analysis.pipeline.build import check_portfolio
from portfolio_analysis.cli.main import main
from conftest import GOOD_ROWS, write_projects

OTHER_YEAR_ROWS = (
    "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2021\n"
    "3\tGamma\tKS\tGul\tGul\t7\n"
)


def add_file(data, name: str, text: str, period: str = "2021-01"):
    path = data / "raw" / "mini" / period / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_file_with_another_budget_year_keeps_its_year_and_stays_out_of_the_period_total(mini, capsys):
    add_file(mini, "Innmelding KS.tsv", OTHER_YEAR_ROWS)
    code, _out, err = run(capsys, "build", "--portfolio", "mini", "--data-dir", mini)
    assert code == 0, err
    assert ("data/raw/mini/2021-01: warning: the period's files name different budget years; each file's budgets "
            "stay in their own year, and the period's totals count the 2020 budgets (the year of most rows), the "
            "others apart; value 'prosjektliste.tsv: 2020; Innmelding KS.tsv: 2021'") in err
    panel = pa.load_panel("mini", mini).set_index("project_id")
    assert panel["budget_year"].to_dict() == {1: 2020, 2: 2020, 3: 2021}
    assert panel.loc[3, "budget_mnok"] == 7  # kept as submitted, in its own year
    assert pa.load_periods("mini", mini)["budget_year"].tolist() == [2020]
    pf = pa.load_portfolio("mini", mini)
    totals = pa.budget_totals(pf).set_index("report_period").loc["2021-01"]
    assert totals["budget_rows_mnok"] == 15  # 10 + 5, never + 7 of 2021
    assert (totals["other_year_budgets"], totals["missing_budgets"], totals["zero_budgets"]) == (1, 0, 0)
    assert pa.budget_decline(pf, current="2021-01", previous="2021-01").notes == [
        "2021-01: 1 budget(s) for another year than the period's 2020 are counted apart, in no total or step."]
    by_actor = pa.budget_by(pf, "2021-01", "actor").set_index("actor")
    assert by_actor.loc["KS", ["budget_mnok", "other_year_budgets", "missing_budgets"]].tolist() == [5, 1, 0]


def test_the_budget_year_of_the_most_rows_is_the_periods(mini, capsys):
    add_file(mini, "Innmelding KS.tsv", OTHER_YEAR_ROWS + "4\tDelta\tKS\tGul\tGul\t1\n5\tEpsilon\tKS\tGul\tGul\t2\n")
    code, _out, err = run(capsys, "build", "--portfolio", "mini", "--data-dir", mini)
    assert code == 0, err
    assert "value 'Innmelding KS.tsv: 2021; prosjektliste.tsv: 2020'" in err
    assert pa.load_periods("mini", mini)["budget_year"].tolist() == [2021]
    totals = pa.budget_totals(pa.load_portfolio("mini", mini)).set_index("report_period").loc["2021-01"]
    assert (totals["budget_rows_mnok"], totals["other_year_budgets"]) == (10, 2)


def test_one_budget_year_gives_no_warning(mini, capsys):
    add_file(mini, "Innmelding KS.tsv", OTHER_YEAR_ROWS.replace("2021", "2020"))
    code, _out, err = run(capsys, "build", "--portfolio", "mini", "--data-dir", mini)
    assert code == 0 and "budget years" not in err
    totals = pa.budget_totals(pa.load_portfolio("mini", mini)).set_index("report_period").loc["2021-01"]
    assert (totals["budget_rows_mnok"], totals["other_year_budgets"]) == (22, 0)


def test_the_real_april_2020_total_stays_1571_with_no_budget_of_another_year(real_data):
    pf = pa.load_portfolio("e-helse", real_data)
    totals = pa.budget_totals(pf).set_index("report_period")
    assert totals.loc["2020-04", "budget_rows_mnok"] == 1571
    assert totals.loc["2020-04", "other_year_budgets"] == 0
    assert pf.rows("2020-04")["budget_year"].eq(2020).all() and len(pf.rows("2020-04")) == 52


def test_validate_a_period_folder_says_what_each_file_is_and_writes_nothing(mini, capsys):
    folder = mini / "raw" / "mini" / "2021-01"
    add_file(mini, "Følgebrev.txt", "Hei,\n\nvedlagt er innmeldingen for januar.\n")
    add_file(mini, "Følgebrev.pdf", "%PDF-1.4\n")
    code, out, err = run(capsys, "validate", folder, "--portfolio", "mini", "--data-dir", mini)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{folder}: period 2021-01 of portfolio 'mini', 3 files:"
    assert "  prosjektliste.tsv: projects table (its header names every column of a submission; its name fits '*prosjektliste*'): 2 rows; 0 errors, 0 warnings" in lines
    assert any(line.startswith("  Følgebrev.txt: not used (no header row") for line in lines)
    assert any(line.startswith("  Følgebrev.pdf: not used (not a table file (.pdf)") for line in lines)
    assert lines[-1] == f"{folder}: 0 errors, 2 warnings"
    assert "data/raw/mini/2021-01/Følgebrev.txt: warning: file not used: no header row" in err
    assert not (mini / "processed").exists()


def test_validate_a_period_folder_exits_1_for_a_table_file_without_a_table(mini, capsys):
    folder = mini / "raw" / "mini" / "2021-01"
    add_file(mini, "Innmelding Helse Vest.csv", "Til: Direktoratet for e-helse\nVedlagt er innmeldingen.\n")
    code, out, err = run(capsys, "validate", folder, "--portfolio", "mini", "--data-dir", mini)
    assert code == 1
    assert "data/raw/mini/2021-01/Innmelding Helse Vest.csv: error: the file holds no table" in err
    assert any(line.startswith("  Innmelding Helse Vest.csv: not used (a table file without a header row): 0 rows; "
                               "1 errors") for line in out.splitlines())
    assert out.splitlines()[-1] == f"{folder}: 1 errors, 0 warnings"
    assert not (mini / "processed").exists()
    # the same folder, listed under ignored_files, is fine
    (folder / "period.yml").write_text("ignored_files: ['Innmelding Helse Vest.csv']\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", folder, "--portfolio", "mini", "--data-dir", mini)
    assert code == 0, err
    assert "file not used: period.yml lists it under ignored_files" in err


def test_validate_a_period_folder_names_the_budget_years_and_a_name_that_disagrees(mini, capsys):
    profile = mini / "raw" / "mini" / "portfolio.yml"
    profile.write_text(profile.read_text(encoding="utf-8") + "  joiners:\n    files: '*nye_prosjekter*'\n"
                       "    required: [project_id, project_name, actor]\n", encoding="utf-8")
    add_file(mini, "tabell1_nye_prosjekter.tsv", OTHER_YEAR_ROWS)
    folder = mini / "raw" / "mini" / "2021-01"
    code, out, err = run(capsys, "validate", folder, "--portfolio", "mini", "--data-dir", mini)
    assert code == 0, err
    assert "tabell1_nye_prosjekter.tsv: warning: the file's name fits the joiners table's pattern" in err
    assert "warning: the period's files name different budget years" in err
    assert any(line.startswith("  tabell1_nye_prosjekter.tsv: projects table (its header names every column of a "
                               "submission): 1 row; 0 errors, 1 warnings") for line in out.splitlines())


def test_a_cover_letter_beside_a_submission_is_not_used_and_the_build_succeeds(mini, capsys):
    add_file(mini, "Følgebrev.txt", "Hei,\n\nvedlagt er innmeldingen for januar.\n")
    code, _out, err = run(capsys, "build", "--portfolio", "mini", "--data-dir", mini)
    assert code == 0, err
    assert "Følgebrev.txt: warning: file not used: no header row" in err
    assert len(pa.load_panel("mini", mini)) == 2


def test_not_reported_note_of_a_blank_status_is_empty_not_nan(mini):
    write_projects(mini, GOOD_ROWS.replace("\tGul\tGrønn\t10", "\t\tGrønn\t10"))
    (mini / "raw" / "mini" / "2021-01" / "period.yml").write_text("not_reported:\n  project_ids: [1, 2]\n",
                                                                  encoding="utf-8")
    notes = {p.row: p for p in check_portfolio("mini", mini).problems if p.message.startswith("not_reported")}
    assert (notes[2].value, notes[3].value) == ("", "Rød")
    assert "nan" not in str(notes[2]) and str(notes[2]).endswith("; column 'status'; value ''")
    pa.build("mini", mini)
    log = pa.load_quality_log("mini", mini)
    assert log.loc[log["rule"].str.startswith("not_reported"), "raw_value"].tolist() == ["", "Rød"]
