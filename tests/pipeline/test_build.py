"""Building: bad input gets a clear answer and leaves the last good output alone; the cache is by content."""

import json
import os

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from conftest import GOOD_ROWS, write_projects

SHOWN = "data/raw/mini/2021-01/prosjektliste.tsv"


def run_cli(*args):
    return main(["build", *args])


def test_good_build_prints_a_summary_per_period(mini, capsys):
    assert run_cli("--data-dir", str(mini)) == 0
    out = capsys.readouterr().out
    assert "mini: built" in out
    assert "2021-01     2 projects  status: 0 Grønn, 1 Gul, 1 Rød, 0 not reported;" in out
    assert "budget of the rows 15" in out


def test_unknown_label_missing_column_and_bad_budget_all_reported_at_once(mini, capsys):
    write_projects(mini, "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tBudsjett 2020\n"
                         "1\tAlpha\tHelsedirektoratet\tBlå\t10\n"
                         "2\tBeta\tKS\tGul\t-5\n"
                         "3\tGamma\tKS\tGul\tti\n")
    assert run_cli("--data-dir", str(mini)) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{SHOWN}:1: error: a required column is missing; column 'risk'" in err[0]
    assert any(line.startswith(f"{SHOWN}:2: error: unknown status label; column 'Status'; value 'Blå'; "
                               "expected one of Grønn, Gul, Rød") for line in err)
    assert any(line.startswith(f"{SHOWN}:3: error: a budget cannot be negative; column 'Budsjett 2020'; value '-5'")
               for line in err)
    assert any(line.startswith(f"{SHOWN}:4: error: not a number; column 'Budsjett 2020'; value 'ti'; expected a number")
               for line in err)
    assert err[-1] == "Nothing was written: 4 error(s) to fix in the input."
    assert not (mini / "processed" / "mini").exists()


def test_duplicate_project_id_names_both_rows(mini, capsys):
    write_projects(mini, GOOD_ROWS + "2\tBeta igjen\tKS\tGul\tGul\t1\n")
    assert run_cli("--data-dir", str(mini)) == 1
    err = capsys.readouterr().err
    assert f"{SHOWN}:3: error: project id 2 appears more than once in the period (rows 3, 4; names: Beta / Beta igjen)" in err
    assert f"{SHOWN}:4: error: project id 2 appears more than once" in err


def test_unreadable_file_is_an_error_not_a_traceback(mini, capsys):
    write_projects(mini, "", name="prosjektliste.csv")
    assert run_cli("--data-dir", str(mini)) == 1
    err = capsys.readouterr().err
    assert "data/raw/mini/2021-01/prosjektliste.csv: error: the file is empty" in err
    assert "Traceback" not in err


def test_failed_build_leaves_the_previous_output_as_it_was(mini):
    pa.build("mini", mini)
    folder = mini / "processed" / "mini"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    write_projects(mini, GOOD_ROWS + "3\tGamma\tKS\tLilla\tGul\t1\n")
    with pytest.raises(pa.InputError) as raised:
        pa.build("mini", mini)
    assert "unknown status label" in str(raised.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in folder.parent.iterdir() if p.is_dir()] == ["mini"]  # no temporary folder left behind


def test_rebuild_only_when_content_changes(mini):
    assert pa.build("mini", mini).rebuilt
    assert not pa.build("mini", mini).rebuilt
    path = mini / "raw" / "mini" / "2021-01" / "prosjektliste.tsv"
    stat = path.stat()
    os.utime(path, (stat.st_atime + 100, stat.st_mtime + 100))  # newer timestamp, same content
    assert not pa.build("mini", mini).rebuilt
    write_projects(mini, GOOD_ROWS + "3\tGamma\tKS\tGul\tGul\t1\n")
    assert pa.build("mini", mini).rebuilt


def test_load_panel_builds_when_missing_and_follows_the_raw_files(mini):
    assert len(pa.load_panel("mini", mini)) == 2
    write_projects(mini, GOOD_ROWS + "3\tGamma\tKS\tGul\tGul\t1\n")
    panel = pa.load_panel("mini", mini)
    assert list(panel["project_id"]) == [1, 2, 3]
    manifest = json.loads((mini / "processed" / "mini" / "manifest.json").read_text())
    assert list(manifest["raw_files"]) == ["data/raw/mini/2021-01/prosjektliste.tsv", "data/raw/mini/portfolio.yml"]


def test_data_dir_from_the_environment(mini, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(mini))
    assert pa.load_panel("mini")["project_name"].tolist() == ["Alpha", "Beta"]


def test_csv_outputs_match_the_parquet_panel(mini):
    pa.build("mini", mini)
    folder = mini / "processed" / "mini"
    from_csv = pd.read_csv(folder / "projects.csv", encoding="utf-8-sig")
    assert from_csv["status"].tolist() == ["Gul", "Rød"]
    assert from_csv["budget_mnok"].tolist() == [10, 5]


def test_period_folder_not_named_yyyy_mm(mini, capsys):
    (mini / "raw" / "mini" / "april").mkdir()
    assert run_cli("--data-dir", str(mini)) == 1
    assert "data/raw/mini/april: error: a period folder must be named after its period; value 'april'; " \
           "expected YYYY-MM, e.g. 2020-04" in capsys.readouterr().err


def test_malformed_period_yml(mini, capsys):
    (mini / "raw" / "mini" / "2021-01" / "period.yml").write_text("title: [unclosed\nas_of: 2021-01-15\n")
    assert run_cli("--data-dir", str(mini)) == 1
    assert "data/raw/mini/2021-01/period.yml:" in capsys.readouterr().err


def test_unknown_portfolio_names_the_known_ones(mini, capsys):
    assert run_cli("--data-dir", str(mini), "--portfolio", "nope") == 1
    assert "no portfolio 'nope'" in capsys.readouterr().err


def test_portfolio_name_with_a_path_is_refused(mini, capsys):
    assert run_cli("--data-dir", str(mini), "--portfolio", "../etc") == 1
    assert "not a portfolio name" in capsys.readouterr().err


def test_unknown_organisation_is_a_warning_grouped_as_andre(mini, capsys):
    write_projects(mini, GOOD_ROWS + "3\tGamma\tNy Aktør AS\tGul\tGul\t1\n")
    assert run_cli("--data-dir", str(mini)) == 0
    assert f"{SHOWN}:4: warning: unknown organisation, grouped as 'andre'" in capsys.readouterr().err
    panel = pa.load_panel("mini", mini).set_index("project_id")
    assert panel.loc[3, "actor_group"] == "andre" and panel.loc[3, "actor"] == "Ny Aktør AS"
    log = pa.load_quality_log("mini", mini)
    assert log.loc[log["action"] == "warning", "raw_value"].tolist() == ["Ny Aktør AS"]


def test_python_dash_m_exit_codes(mini):
    """The scheduled run sees exit code 0 on good input and 1 with the problems on stderr for bad input."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "portfolio_analysis", "build", "--data-dir", str(mini)]
    good = subprocess.run(command, capture_output=True, text=True)
    assert good.returncode == 0 and "2021-01     2 projects" in good.stdout
    write_projects(mini, GOOD_ROWS + "x\tGamma\tKS\tGul\tGul\t1\n")
    bad = subprocess.run(command, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"{SHOWN}:4: error: not a project id; column 'ID'; value 'x'; expected a whole number, e.g. 131" in bad.stderr
    assert "Traceback" not in bad.stderr
