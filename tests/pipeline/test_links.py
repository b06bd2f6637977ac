"""Links in raw/ (issue 12, item 5): a period folder or a file that is a link to a shared folder is read,
fingerprinted and listed like any other, under its path inside raw/; a link that leads nowhere or into a
loop is one clear line; nothing is ever written behind a link."""

import hashlib
import json

import pytest

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from conftest import GOOD_ROWS

LINKED = "data/raw/mini/2021-04/prosjektliste.tsv"
APRIL = GOOD_ROWS + "3\tGamma\tKS\tGul\tRød\t7\n"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def contents(folder):
    """Every file under a folder with its bytes: what must stay as it was."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest(data):
    return json.loads((data / "processed" / "mini" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def shared(mini, tmp_path):
    """The office's shared folder outside raw/ holding the 2021-04 submissions; raw/mini/2021-04 links to it."""
    folder = tmp_path / "shared" / "2021-04"
    folder.mkdir(parents=True)
    (folder / "prosjektliste.tsv").write_text(APRIL, encoding="utf-8")
    (mini / "raw" / "mini" / "2021-04").symlink_to(folder, target_is_directory=True)
    return folder


def test_a_linked_period_folder_is_built_and_its_files_fingerprinted(mini, shared, capsys):
    before = contents(shared.parent)
    assert main(["build", "--data-dir", str(mini)]) == 0
    assert "2021-04     3 projects" in capsys.readouterr().out
    recorded = manifest(mini)
    assert recorded["inputs"][LINKED] == digest(shared / "prosjektliste.tsv")
    assert recorded["raw_files"][LINKED] == digest(shared / "prosjektliste.tsv")
    panel = pa.load_panel("mini", mini)
    assert panel.loc[panel["report_period"] == "2021-04", "project_name"].tolist() == ["Alpha", "Beta", "Gamma"]
    files = pa.load_files("mini", mini)
    assert LINKED in files["file"].tolist()
    assert contents(shared.parent) == before  # nothing written behind the link


def test_a_change_behind_the_link_rebuilds(mini, shared, capsys):
    assert main(["build", "--data-dir", str(mini)]) == 0
    (shared / "prosjektliste.tsv").write_text(APRIL + "4\tDelta\tKS\tGrønn\tGrønn\t2\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--data-dir", str(mini)]) == 0
    out = capsys.readouterr().out
    assert "mini: built" in out and "up to date" not in out
    assert "2021-04     4 projects" in out
    assert manifest(mini)["inputs"][LINKED] == digest(shared / "prosjektliste.tsv")


def test_a_linked_single_file_is_fingerprinted_and_a_change_behind_it_rebuilds(mini, tmp_path, capsys):
    outside = tmp_path / "shared" / "innmelding.tsv"
    outside.parent.mkdir()
    outside.write_text(GOOD_ROWS, encoding="utf-8")
    listed = mini / "raw" / "mini" / "2021-01" / "prosjektliste.tsv"
    listed.unlink()
    listed.symlink_to(outside)
    assert main(["build", "--data-dir", str(mini)]) == 0
    shown = "data/raw/mini/2021-01/prosjektliste.tsv"
    assert manifest(mini)["inputs"] == {shown: digest(outside)}
    outside.write_text(GOOD_ROWS + "3\tGamma\tKS\tGul\tGul\t1\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--data-dir", str(mini)]) == 0
    assert "2021-01     3 projects" in capsys.readouterr().out
    assert manifest(mini)["inputs"] == {shown: digest(outside)}


def test_a_link_that_leads_nowhere_is_one_clear_line(mini, capsys):
    assert main(["build", "--data-dir", str(mini)]) == 0
    built = contents(mini / "processed" / "mini")
    (mini / "raw" / "mini" / "2021-04").symlink_to("../../../felles/moved-away")  # the value as the link holds it
    capsys.readouterr()
    expected = ("data/raw/mini/2021-04: error: the link leads to nothing (no file or folder is at its target); "
                "value '../../../felles/moved-away'; expected a link to an existing file or folder, or the file itself")
    for command in ("build", "submissions"):
        assert main([command, "--data-dir", str(mini)]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err == [expected, "Nothing was written: 1 error(s) to fix in the input."]
    assert contents(mini / "processed" / "mini") == built


def test_a_link_loop_is_one_clear_line(mini, capsys):
    (mini / "raw" / "mini" / "2021-01" / "arkiv").symlink_to("..")
    assert main(["build", "--data-dir", str(mini)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "data/raw/mini/2021-01/arkiv: error: the link leads back into a folder that holds it (a loop); value '..'; "
        "expected a link to a folder outside its own parent folders",
        "Nothing was written: 1 error(s) to fix in the input."]


@pytest.mark.slow
def test_the_report_lists_the_inputs_behind_a_link_and_follows_a_change_there(mini, shared, tmp_path):
    reports = tmp_path / "reports"
    command = ["report", "--portfolio", "mini", "--data-dir", str(mini), "--reports-dir", str(reports)]
    for projects in (3, 4):
        assert main(command) == 0
        page = (reports / "mini" / "2021-04" / "index.html").read_text(encoding="utf-8")
        assert f"<code>{LINKED}</code> <code class=\"hash\">{digest(shared / 'prosjektliste.tsv')}</code>" in page
        assert f"Porteføljen har {projects} prosjekter" in page
        (shared / "prosjektliste.tsv").write_text(APRIL + "4\tDelta\tKS\tGrønn\tGrønn\t2\n", encoding="utf-8")
