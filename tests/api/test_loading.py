"""Loading the processed tables: at most one build and one check per load, every table of one build even
while another build swaps in, and a named build (a report run's) read as it is, once per process."""

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.api import snapshot
from portfolio_analysis.pipeline import build as building
from portfolio_analysis.report.kernels import kernel_environment
from portfolio_analysis.settings.problems import InputError
from conftest import GOOD_ROWS, write_projects

THIRD_PROJECT = GOOD_ROWS + "3\tGamma\tKS\tGul\tGul\t1\n"


def counted(monkeypatch, module, name) -> list:
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kw: calls.append(args) or original(*args, **kw))
    return calls


def assert_one_build(pf, projects: int) -> None:
    """Every table of ``pf`` tells the same story: ``projects`` projects in the one period."""
    assert len(pf.panel) == projects
    assert pf.periods["projects"].tolist() == [projects]
    assert pf.submissions["rows"].sum() == projects


def test_a_load_checks_the_fingerprint_once_and_builds_at_most_once(mini, monkeypatch):
    fingerprints = counted(monkeypatch, building, "fingerprint_inputs")
    builds = counted(monkeypatch, building, "build_outputs")
    assert_one_build(pa.load_portfolio("mini", mini), 2)
    assert len(builds) == 1  # nothing was built yet: built once, not once per table
    fingerprints.clear()
    builds.clear()
    assert_one_build(pa.load_portfolio("mini", mini), 2)
    assert (len(fingerprints), len(builds)) == (1, 0)  # up to date: one check, nothing built
    write_projects(mini, THIRD_PROJECT)
    assert_one_build(pa.load_portfolio("mini", mini), 3)
    assert len(builds) == 1


def test_a_build_swapped_in_while_the_tables_are_read_leaves_the_load_with_the_build_it_began(mini, monkeypatch):
    before = pa.load_portfolio("mini", mini)
    write_projects(mini, THIRD_PROJECT)
    read_parquet = pd.read_parquet

    def read_then_swap(handle, **kw):
        table = read_parquet(handle, **kw)
        if not swapped:
            swapped.append(pa.build("mini", mini))  # a second session builds the new raw data meanwhile
        return table

    swapped = []
    monkeypatch.setattr(pd, "read_parquet", read_then_swap)
    pf = pa.load_portfolio("mini", mini, snapshot=before.fingerprint)
    assert swapped[0].rebuilt
    assert_one_build(pf, 2)
    assert pf.fingerprint == before.fingerprint
    monkeypatch.setattr(pd, "read_parquet", read_parquet)
    assert_one_build(pa.load_portfolio("mini", mini), 3)  # the new build was swapped in


def test_a_build_swapped_in_before_the_tables_are_opened_is_read_whole(mini, monkeypatch):
    before = pa.load_portfolio("mini", mini)
    write_projects(mini, THIRD_PROJECT)
    open_files = snapshot.open_files

    def swap_then_open(directory, names, stack):
        if not swapped:
            swapped.append(pa.build("mini", mini))  # the folder just opened is replaced, then removed
        return open_files(directory, names, stack)

    swapped = []
    monkeypatch.setattr(snapshot, "open_files", swap_then_open)
    read = snapshot.read_snapshot(mini / "processed" / "mini", ("projects", "periods", "submissions"))
    assert swapped[0].rebuilt
    assert read.fingerprint != before.fingerprint
    assert len(read.tables["projects"]) == read.tables["periods"]["projects"].sum() == 3
    assert read.manifest["rows"]["projects"] == 3


def test_a_named_build_is_read_as_it_is_and_never_rebuilt(mini, monkeypatch):
    """A report run holds the portfolio's lock and passes the build it made to its notebooks: they must
    see that build, and must not wait on the lock to rebuild when a raw file changed meanwhile."""
    built = pa.load_portfolio("mini", mini)
    write_projects(mini, THIRD_PROJECT)
    monkeypatch.setattr(building, "build", lambda *a, **kw: pytest.fail("a named build is never rebuilt"))
    pf = pa.load_portfolio("mini", mini, snapshot=built.fingerprint)
    assert_one_build(pf, 2)
    assert pf.fingerprint == built.fingerprint


def test_a_named_build_is_read_from_disk_once_and_each_caller_gets_its_own_copy(mini, monkeypatch):
    """Several notebooks run one after another in one kernel, on the build their run passes them."""
    built = pa.load_portfolio("mini", mini).fingerprint
    reads = counted(monkeypatch, pd, "read_parquet")
    first = pa.load_portfolio("mini", mini, snapshot=built)
    first.panel.loc[:, "project_name"] = "changed by a notebook"
    second = pa.load_portfolio("mini", mini, snapshot=built)
    assert len(reads) == 4  # projects, periods, reported changes, submissions: once
    assert "changed by a notebook" not in set(second.panel["project_name"])
    write_projects(mini, THIRD_PROJECT)
    rebuilt = pa.load_portfolio("mini", mini)
    assert_one_build(pa.load_portfolio("mini", mini, snapshot=rebuilt.fingerprint), 3)


def test_a_named_build_the_folder_no_longer_holds_is_a_clear_error(mini):
    built = pa.load_portfolio("mini", mini).fingerprint
    write_projects(mini, THIRD_PROJECT)
    pa.build("mini", mini)
    with pytest.raises(InputError) as raised:
        pa.load_portfolio("mini", mini, snapshot=built)
    assert str(raised.value.problems[0]).startswith(
        "data/processed/mini: error: the processed data are of another build than the one asked for; value '")
    assert str(raised.value.problems[0]).endswith(f"'; expected the build {built[:12]}")


def test_no_environment_variable_changes_what_a_load_reads(mini, monkeypatch):
    """A notebook run by hand where a report kernel's variables are set still gets the data as they are now."""
    pa.build("mini", mini)
    write_projects(mini, THIRD_PROJECT)
    for name, value in kernel_environment().items():
        monkeypatch.setenv(name, value)
    assert_one_build(pa.load_portfolio("mini", mini), 3)
    assert len(pa.load_panel("mini", mini)) == 3
