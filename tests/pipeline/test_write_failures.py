"""Output that cannot be written (issue 12, item 9): an unwritable processed/ or reports/ folder, or a full
disk, is one clear line and exit code 1 for `build` and `report`; the previous output stays byte for byte
and no temporary folder is left behind.

The tests run as root, where `chmod a-w` does not stop a write, so the refusal is raised by the call that
writes (the staging folder, a table, a page, the swap, the lock file), with the errno the system gives."""

import errno
import os
import pathlib
import tempfile

import pytest

from portfolio_analysis.pipeline import locking
from portfolio_analysis.cli.main import main
from conftest import GOOD_ROWS, MINI_PROFILE, write_projects

from portfolio_analysis.pipeline import store as store_module
REFUSALS = {"no permission": (errno.EACCES, "Permission denied (errno 13)"),
            "disk full": (errno.ENOSPC, "No space left on device (errno 28)")}


def refusal(name):
    """The error the system raises: PermissionError for EACCES, OSError for ENOSPC."""
    number = REFUSALS[name][0]
    return OSError(number, os.strerror(number))


def contents(folder):
    """Every file under a folder, hidden ones included, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refuse_new_folders_in(monkeypatch, parent, error):
    """``tempfile.mkdtemp`` inside ``parent`` fails as it does in a folder the user may not write to."""
    real = tempfile.mkdtemp

    def mkdtemp(*args, dir=None, **kwargs):
        if dir is not None and pathlib.Path(dir).is_relative_to(parent):
            raise error
        return real(*args, dir=dir, **kwargs)
    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)


def fill_the_disk_while_writing(monkeypatch, error):
    """The CSV copy of a table: half of it written, then the disk is full."""
    def write_csv(frame, path):
        path.write_bytes(b"ID,Prosjektnavn\n1,Al")
        raise error
    monkeypatch.setattr(store_module, "write_csv", write_csv)


def refuse_the_swap(monkeypatch, error):
    """The rename that moves the finished staging folder into place fails (the old one already moved aside)."""
    real = os.replace

    def replace(source, target):
        if ".building-" in str(source):
            raise error
        return real(source, target)
    monkeypatch.setattr(os, "replace", replace)


FAULTS = {"staging folder": lambda mp, data, error: refuse_new_folders_in(mp, data / "processed", error),
          "a table": lambda mp, data, error: fill_the_disk_while_writing(mp, error),
          "the swap": lambda mp, data, error: refuse_the_swap(mp, error)}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("reason", REFUSALS)
def test_build_that_cannot_write_is_one_line_and_keeps_the_previous_data(mini, monkeypatch, capsys, fault, reason):
    assert main(["build", "--data-dir", str(mini)]) == 0
    processed = mini / "processed"
    before = contents(processed)
    write_projects(mini, GOOD_ROWS + "3\tGamma\tKS\tGul\tGul\t1\n")  # so the build must write
    FAULTS[fault](monkeypatch, mini, refusal(reason))
    capsys.readouterr()
    assert main(["build", "--data-dir", str(mini)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"error: cannot write data/processed/mini: {REFUSALS[reason][1]}; "
                                "the previous data are kept"]
    assert contents(processed) == before
    assert sorted(p.name for p in processed.iterdir()) == [".mini.lock", "mini"]  # no staging, no .old


def test_first_build_on_a_full_disk_says_nothing_was_written(mini, monkeypatch, capsys):
    fill_the_disk_while_writing(monkeypatch, refusal("disk full"))
    assert main(["build", "--data-dir", str(mini)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: cannot write data/processed/mini: No space left on device (errno 28); nothing was written"]
    assert [p.name for p in (mini / "processed").iterdir()] == [".mini.lock"]


def test_a_lock_file_that_cannot_be_created_is_one_line(mini, monkeypatch, capsys):
    def open_(*args, **kwargs):
        raise refusal("no permission")
    monkeypatch.setattr(locking, "open", open_, raising=False)
    assert main(["build", "--data-dir", str(mini)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: cannot write data/processed: Permission denied (errno 13); nothing was done"]
    assert not (mini / "processed" / "mini").exists()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A portfolio mini with two periods whose 2021-04 report is published in reports/, rendered once for
    the tests below (each checks that its failed run leaves it as it was). (data, reports)"""
    data = tmp_path_factory.mktemp("published") / "data"
    (data / "raw" / "mini").mkdir(parents=True)
    (data / "raw" / "mini" / "portfolio.yml").write_text(MINI_PROFILE, encoding="utf-8")
    write_projects(data, GOOD_ROWS)
    write_projects(data, GOOD_ROWS + "3\tGamma\tKS\tGul\tRød\t7\n", period="2021-04")
    reports = data.parent / "reports"
    assert report(data, reports) == 0
    return data, reports


def report(data, reports):
    """A render, even when nothing changed since the report was published (``--force``)."""
    return main(["report", "--portfolio", "mini", "--data-dir", str(data), "--reports-dir", str(reports), "--force"])


def assert_one_error_line(err, line):
    """The progress lines of the notebooks may come first; the only error is the line, with no traceback."""
    assert [text for text in err.splitlines() if "error" in text.casefold()] == [line]
    assert "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("reason", REFUSALS)
def test_report_into_an_unwritable_reports_folder_is_one_line(published, monkeypatch, capsys, reason):
    data, reports = published
    before = contents(reports)
    refuse_new_folders_in(monkeypatch, reports, refusal(reason))
    capsys.readouterr()
    assert report(data, reports) == 1
    assert_one_error_line(capsys.readouterr().err, f"error: cannot write reports/mini/2021-04: {REFUSALS[reason][1]}; "
                                                   "the report published earlier is kept")
    assert contents(reports) == before
    assert not [p.name for p in (reports / "mini").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
@pytest.mark.parametrize("reason", REFUSALS)
def test_report_when_the_disk_fills_while_rendering_is_one_line(published, monkeypatch, capsys, reason):
    data, reports = published
    before = contents(reports)
    real = pathlib.Path.write_text

    def write_text(path, text, *args, **kwargs):
        if ".rendering-" in str(path) and path.suffix == ".html":
            real(path, text[:100], *args, **kwargs)
            raise refusal(reason)
        return real(path, text, *args, **kwargs)
    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    capsys.readouterr()
    assert report(data, reports) == 1
    assert_one_error_line(capsys.readouterr().err, f"error: cannot write reports/mini/2021-04: {REFUSALS[reason][1]}; "
                                                   "the report published earlier is kept")
    assert contents(reports) == before
    assert not [p.name for p in (reports / "mini").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_report_index_that_cannot_be_written_is_one_line_and_keeps_the_old_index(published, monkeypatch, capsys):
    data, reports = published
    index = (reports / "index.html").read_bytes()
    real = pathlib.Path.write_text

    def write_text(path, text, *args, **kwargs):
        if path.name == ".index.html.tmp":
            real(path, text[:100], *args, **kwargs)
            raise refusal("disk full")
        return real(path, text, *args, **kwargs)
    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    capsys.readouterr()
    assert report(data, reports) == 1
    assert_one_error_line(capsys.readouterr().err, "error: cannot write reports/index.html: No space left on device "
                                                   "(errno 28); the index written earlier is kept")
    assert (reports / "index.html").read_bytes() == index
    assert not (reports / ".index.html.tmp").exists()
