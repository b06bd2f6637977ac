"""Faults: a run killed at any moment loses nothing published, and two runs never interleave."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.pipeline.folders import restore_interrupted_swap
from portfolio_analysis.pipeline.store import TABLES
from portfolio_analysis.report.render import PAGES as ALL_PAGES
from portfolio_analysis.settings.profile import Profile
from portfolio_analysis.simulate import simulate_portfolio
from portfolio_analysis.cli.main import main

# the pages of an e-helse (and a simulated) report: their profiles list no pages, so the default ones
PAGES = {name: page for name, page in ALL_PAGES.items() if name in Profile.pages}

pytestmark = pytest.mark.slow  # kills runs at many moments, waits on locks

PYTHON = [sys.executable, "-m", "portfolio_analysis"]


def start(*args):
    """A run in its own process group, as a scheduler starts it (so a kill takes its kernels too)."""
    return subprocess.Popen(PYTHON + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def kill(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def folder_digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_complete_build(folder, fingerprints):
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["fingerprint"] in fingerprints
    for table in TABLES:
        assert len(pd.read_parquet(folder / f"{table}.parquet")) == manifest["rows"].get(table, len(
            pd.read_parquet(folder / f"{table}.parquet")))
        assert (folder / f"{table}.csv").stat().st_size > 0


@pytest.fixture
def big(tmp_path):
    """A simulated portfolio large enough that a build takes a moment, built once."""
    data = tmp_path / "data"
    simulation = simulate_portfolio(data, periods=12, projects=400, seed=11, formats=("csv",))
    pa.build(simulation.portfolio, data)
    return data, simulation.portfolio


def test_killing_a_build_at_any_moment_keeps_the_last_good_data(big):
    data, portfolio = big
    folder = data / "processed" / portfolio
    old = json.loads((folder / "manifest.json").read_text())["fingerprint"]
    started = time.perf_counter()
    subprocess.run(PYTHON + ["build", "--portfolio", portfolio, "--data-dir", str(data), "--force"], check=True,
                   capture_output=True)
    duration = time.perf_counter() - started
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.1):
        process = start("build", "--portfolio", portfolio, "--data-dir", str(data), "--force")
        time.sleep(duration * fraction)
        kill(process)
        # whatever the moment, a reader finds complete data (the interrupted swap is restored)
        panel = pa.load_panel(portfolio, data)
        assert len(panel) == json.loads((folder / "manifest.json").read_text())["rows"]["projects"]
        assert_complete_build(folder, {old})
        # a kill after the swap, while the previous output is being removed, may leave it as .<name>.old
        assert not [p for p in folder.parent.iterdir() if p.is_dir() and p.name != portfolio and
                    ".building-" not in p.name and p.name != f".{portfolio}.old"], \
            "only temporary folders may be left, and the next run removes them"
    result = subprocess.run(PYTHON + ["build", "--portfolio", portfolio, "--data-dir", str(data), "--force"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in folder.parent.iterdir() if p.is_dir()] == [portfolio]


def assert_complete_report(folder, before):
    """The published folder is the earlier report, untouched, or a complete new one: never a mix."""
    now = folder_digest(folder)
    single = f"{folder.parent.name}-{folder.name}.html"
    workbook = f"{folder.parent.name}-{folder.name}.xlsx"
    assert set(PAGES.values()) | {single, workbook, "report.json"} <= set(now)
    if now != before:
        generated = json.loads((folder / "report.json").read_text())["generated"]
        for page in [*PAGES.values(), single]:
            text = (folder / page).read_text(encoding="utf-8")
            assert text.endswith("</html>\n") and f"Laget {generated} med portfolio-analysis" in text, \
                f"{page} is not from the run that wrote report.json: a mix of two reports"


def test_killing_a_report_run_keeps_the_published_report(real_reports, real_data):
    code, reports = real_reports
    assert code == 0
    published = reports / "e-helse" / "2020-04"
    args = ["report", "--portfolio", "e-helse", "--period", "2020-04", "--data-dir", str(real_data),
            "--reports-dir", str(reports), "--force"]  # nothing changed: only --force renders
    started = time.perf_counter()
    subprocess.run(PYTHON + args, check=True, capture_output=True)
    duration = time.perf_counter() - started
    for fraction in (0.15, 0.4, 0.7, 0.9, 0.97):
        before = folder_digest(published)
        process = start(*args)
        time.sleep(duration * fraction)
        kill(process)
        assert_complete_report(published, before)
    result = subprocess.run(PYTHON + args, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # the tests make no PDF (PORTFOLIO_PDF=off in conftest): the pages, the single file, the workbook
    assert set(folder_digest(published)) == set(PAGES.values()) | {"e-helse-2020-04.html", "e-helse-2020-04.xlsx",
                                                                   "report.json"}
    assert not [p for p in published.parent.iterdir() if p.name.startswith(".")]


def hold_lock(data, portfolio, seconds):
    code = (f"import sys, time; from pathlib import Path; from portfolio_analysis.pipeline.locking import portfolio_lock\n"
            f"with portfolio_lock(Path({str(data / 'processed')!r}), {portfolio!r}):\n"
            f"    print('held', flush=True); time.sleep({seconds})\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_run_gives_up_with_a_clear_message(mini, capsys):
    holder = hold_lock(mini, "mini", 30)
    try:
        code = main(["build", "--portfolio", "mini", "--data-dir", str(mini), "--force", "--wait", "0.5"])
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    err = capsys.readouterr().err
    assert f"another run for portfolio 'mini' (process {holder.pid}) still holds the lock after 0.5 s" in err
    assert not (mini / "processed" / "mini").exists()


def test_a_second_run_waits_for_the_first(mini, capsys):
    holder = hold_lock(mini, "mini", 1.5)
    code = main(["build", "--portfolio", "mini", "--data-dir", str(mini), "--force", "--wait", "60"])
    holder.wait()
    assert code == 0
    assert f"waiting for another run of 'mini' (process {holder.pid}) to finish" in capsys.readouterr().err
    assert len(pa.load_panel("mini", mini)) == 2


def test_a_swap_interrupted_between_its_two_renames_is_restored_by_the_next_reader(mini):
    pa.build("mini", mini)
    folder = mini / "processed" / "mini"
    before = folder_digest(folder)
    os.replace(folder, folder.with_name(".mini.old"))  # the state a kill between the renames leaves
    assert list(pa.load_panel("mini", mini)["project_name"]) == ["Alpha", "Beta"]
    assert folder_digest(folder) == before and not folder.with_name(".mini.old").exists()


def test_a_previous_output_left_by_a_kill_after_the_swap_is_removed_by_the_next_run(mini):
    pa.build("mini", mini)
    folder = mini / "processed" / "mini"
    before = folder_digest(folder)
    shutil.copytree(folder, folder.with_name(".mini.old"))  # the state a kill while removing the old output leaves
    restore_interrupted_swap(folder)  # what the next build or report run does first, under its lock
    assert folder_digest(folder) == before
    assert [p.name for p in folder.parent.iterdir() if p.is_dir()] == ["mini"]
