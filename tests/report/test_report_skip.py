"""A scheduled ``report`` that finds nothing new renders nothing, says so, and finds out without pandas.

The end-to-end tests render with small stand-in notebooks (one parameters cell and one line of output), so
each render costs a kernel start rather than a report's analyses: what is tested is the decision to render.
"""

import json
import subprocess
import sys

import nbformat
import pytest

import portfolio_analysis
from portfolio_analysis.cli.main import main
from portfolio_analysis.report.freshness import built_periods, period_key, published_key
from portfolio_analysis.report.pageset import PAGES
from portfolio_analysis.settings.profile import load_profile
from portfolio_analysis.simulate import simulate_portfolio

HEAVY = ("pandas", "numpy", "pyarrow", "matplotlib", "papermill", "nbconvert", "jupyter_client")


def stand_in_notebooks(folder):
    """A notebook per page that only echoes its parameters: a render that costs a kernel, not a report."""
    folder.mkdir()
    for name in PAGES:
        notebook = nbformat.v4.new_notebook()
        parameters = nbformat.v4.new_code_cell('portfolio = ""\nperiod = ""\nprevious_period = ""\ndata_dir = ""\n'
                                               'output_dir = ""')
        parameters.metadata["tags"] = ["parameters"]
        notebook.cells = [parameters, nbformat.v4.new_code_cell(f'print("{name}", period, previous_period)')]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, folder / f"{name}.ipynb")
    return folder


@pytest.fixture
def small(tmp_path):
    simulation = simulate_portfolio(tmp_path / "data", periods=3, projects=20, seed=3)
    portfolio_analysis.build(simulation.portfolio, simulation.data_dir)
    return simulation, stand_in_notebooks(tmp_path / "notebooks"), tmp_path / "reports"


def report(small, capsys, *extra):
    simulation, notebooks, reports = small
    code = main(["report", "--portfolio", simulation.portfolio, "--data-dir", str(simulation.data_dir),
                 "--reports-dir", str(reports), "--notebooks", str(notebooks), *extra])
    return code, capsys.readouterr().out


def latest(small):
    simulation, _, reports = small
    return reports / simulation.portfolio / simulation.periods[-1]


def key_now(small):
    simulation, notebooks, _ = small
    return period_key(simulation.data_dir, simulation.portfolio, notebooks, simulation.periods[-1],
                      simulation.periods[-2])


# --- the key: what it is made of (no rendering) ---

def test_the_key_changes_with_a_notebook_the_version_and_the_parameters(small, monkeypatch):
    simulation, notebooks, _ = small
    before = key_now(small)
    assert key_now(small) == before  # the same inputs give the same key
    assert period_key(simulation.data_dir, simulation.portfolio, notebooks, simulation.periods[-1],
                      simulation.periods[0]) != before  # compared with another period
    risk = notebooks / "risk.ipynb"
    risk.write_bytes(risk.read_bytes().replace(b"risk", b"risk ", 1))
    changed_notebook = key_now(small)
    assert changed_notebook != before
    schedule = notebooks / "schedule_cost.ipynb"  # not in the profile's pages: a set holds it where data have dates
    schedule.write_bytes(schedule.read_bytes().replace(b"schedule", b"schedule ", 1))
    assert key_now(small) != changed_notebook
    changed_notebook = key_now(small)
    monkeypatch.setattr(portfolio_analysis, "__version__", "99.0")
    assert key_now(small) not in (before, changed_notebook)


def test_the_processed_periods_are_trusted_only_while_every_input_is_unchanged(small):
    simulation, _, _ = small
    profile = load_profile(simulation.data_dir, simulation.portfolio)
    assert built_periods(profile, simulation.data_dir) == simulation.periods
    source = next((profile.folder / simulation.periods[0]).glob("*prosjektliste*"))
    data = source.read_bytes()
    source.write_bytes(data + b"\n")  # one byte
    assert built_periods(profile, simulation.data_dir) is None
    source.write_bytes(data)
    assert built_periods(profile, simulation.data_dir) == simulation.periods
    mapping = profile.map_files[0]
    mapping.write_bytes(mapping.read_bytes() + b"\n")
    assert built_periods(profile, simulation.data_dir) is None


def test_an_up_to_date_period_is_skipped_without_importing_pandas_or_starting_a_kernel(small):
    simulation, notebooks, reports = small
    folder = latest(small)
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps({"content_key": key_now(small)}), encoding="utf-8")
    code = ("import sys; from portfolio_analysis.cli.main import main; "
            f"code = main(['report', '--portfolio', {simulation.portfolio!r}, '--data-dir', {str(simulation.data_dir)!r}, "
            f"'--reports-dir', {str(reports)!r}, '--notebooks', {str(notebooks)!r}]); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{simulation.portfolio} {simulation.periods[-1]}: up to date, nothing rendered"
    assert lines[-1] == "[]"  # none of the heavy modules was imported
    assert sorted(p.name for p in folder.iterdir()) == ["report.json"]  # nothing was rendered into it
    assert not (reports / "index.html").exists()


def test_a_published_report_without_a_key_is_not_up_to_date(tmp_path):
    folder = tmp_path / "2021-07"
    folder.mkdir()
    assert published_key(folder) is None
    (folder / "report.json").write_text('{"portfolio": "x"}', encoding="utf-8")  # written before keys existed
    assert published_key(folder) is None
    (folder / "report.json").write_text("not json", encoding="utf-8")
    assert published_key(folder) is None


# --- the command, end to end ---

@pytest.mark.slow
def test_a_second_run_renders_nothing_and_each_kind_of_change_renders_again(small, capsys, monkeypatch):
    simulation, notebooks, reports = small
    period = simulation.periods[-1]
    code, out = report(small, capsys)
    assert code == 0 and f"{simulation.portfolio} {period} (against {simulation.periods[-2]})" in out
    published = latest(small) / "report.json"
    stamp = published.stat().st_mtime_ns

    code, out = report(small, capsys)
    assert code == 0
    assert out.splitlines()[0] == f"{simulation.portfolio} {period}: up to date, nothing rendered"
    assert published.stat().st_mtime_ns == stamp

    def renders_again(reason):
        code, out = report(small, capsys)
        assert code == 0 and "up to date" not in out and "(against" in out, reason
        assert report(small, capsys)[1].startswith(f"{simulation.portfolio} {period}: up to date"), reason

    profile = load_profile(simulation.data_dir, simulation.portfolio)
    source = next((profile.folder / simulation.periods[0]).glob("*prosjektliste*"))
    source.write_bytes(source.read_bytes() + b"\n")
    renders_again("one byte more in an input file")
    mapping = profile.map_files[0]
    mapping.write_bytes(mapping.read_bytes() + b"\n")
    renders_again("a map file")
    overview = notebooks / "overview.ipynb"
    overview.write_bytes(overview.read_bytes().replace(b"overview", b"overview!", 1))
    renders_again("a notebook")
    monkeypatch.setattr(portfolio_analysis, "__version__", "99.0")
    renders_again("the package version")

    code, out = report(small, capsys, "--force")
    assert code == 0 and "up to date" not in out and "(against" in out


@pytest.mark.slow
def test_all_skips_every_period_that_is_up_to_date_and_renders_the_rest(small, capsys):
    simulation, _, reports = small
    assert report(small, capsys, "--all")[0] == 0
    first = reports / simulation.portfolio / simulation.periods[1]
    first.joinpath("report.json").write_text("{}", encoding="utf-8")  # as if published before keys existed
    code, out = report(small, capsys, "--all")
    assert code == 0
    assert f"{simulation.portfolio} {simulation.periods[1]} (against {simulation.periods[0]})" in out
    assert f"{simulation.portfolio} {simulation.periods[2]}: up to date, nothing rendered" in out
