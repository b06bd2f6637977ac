"""Nothing lost: every data line of every raw table ends up exactly once, either as a row of a processed
table (the panel, or the reported joiners and leavers) with that source_file and source_row, or as a
``dropped`` line in the quality log with its rule.

Checked on the real data and on many small synthetic portfolios (portfolio_analysis.simulate, with the
quirks the cleaning must handle: page footers, blank lines, title rows, every raw format), with settings
drawn from a seeded generator. The raw lines are found by tests/corpus_support.raw_data_lines, which
reads the files without the package's reader.
"""

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import portfolio_analysis as pa
from portfolio_analysis.settings.profile import DATA_SUFFIXES, PERIOD_FILE
from portfolio_analysis.simulate import FORMATS, simulate_portfolio
from corpus_support import accounted_lines, raw_data_lines

SIMULATIONS = 26
FAST_SIMULATIONS = 3  # `make test-fast` draws these; the rest are marked slow


def draw_simulations(count: int, seed: int = 20210115) -> list[dict]:
    """Small synthetic portfolios with settings drawn from a seeded generator (the same on every run)."""
    rng = np.random.default_rng(seed)
    settings = []
    for _ in range(count):
        periods = int(rng.integers(1, 4))
        formats = tuple(rng.permutation(FORMATS)[: int(rng.integers(1, len(FORMATS) + 1))])
        settings.append(dict(
            seed=int(rng.integers(10_000)),
            periods=periods,
            projects=int(rng.integers(1, 13)),
            formats=tuple(str(f) for f in formats),
            quirks=True,
            change_tables=bool(rng.random() < 0.8),
            returning_project=bool(rng.random() < 0.5),
            missing_status_project=bool(rng.random() < 0.5),
            all_budgets_missing_period=int(rng.integers(periods)) if rng.random() < 0.2 else None,
        ))
    return settings


def label(settings: dict) -> str:
    return (f"seed{settings['seed']}-p{settings['periods']}-n{settings['projects']}-"
            + "+".join(settings["formats"]) + ("" if settings["change_tables"] else "-nochanges"))


def table_files(data: Path, portfolio: str) -> list[Path]:
    """Every table file in the portfolio's period folders (what the profile's patterns can pick up)."""
    folder = data / "raw" / portfolio
    return sorted(path for path in folder.glob("*/*")
                  if path.is_file() and path.name != PERIOD_FILE and path.suffix.lower() in DATA_SUFFIXES)


def assert_nothing_lost(data: Path, portfolio: str) -> Counter:
    """Returns the raw lines per file, after checking that each is processed or logged exactly once."""
    panel = pa.load_panel(portfolio, data)
    changes = pa.load_reported_changes(portfolio, data)
    log = pa.load_quality_log(portfolio, data)
    files = table_files(data, portfolio)
    assert files
    raw, cells = Counter(), {}
    for path in files:
        shown = path.relative_to(data.parent).as_posix()
        for row, values in raw_data_lines(path).items():
            raw[(shown, row)] += 1
            cells[(shown, row)] = [value.strip() for value in values]
    accounted = accounted_lines(panel, changes, log)
    missing = sorted(set(raw) - set(accounted))
    unknown = sorted(set(accounted) - set(raw))
    twice = sorted(key for key, count in accounted.items() if count > 1)
    assert not missing, f"raw lines neither processed nor logged as dropped: {missing}"
    assert not unknown, f"processed or dropped lines that are no data line of a raw file: {unknown}"
    assert not twice, f"lines processed or dropped more than once: {twice}"
    dropped = log[log["action"] == "dropped"]
    assert (dropped["rule"].str.strip() != "").all()
    # Identity, not just counts: the raw line a processed row names holds that row's project id.
    for frame in (panel, changes):
        for file, row, project_id in zip(frame["source_file"], frame["source_row"], frame["project_id"]):
            assert str(project_id) in cells[(file, row)], (file, row, project_id, cells[(file, row)])
    return Counter(file for file, _ in raw.elements())


def test_real_data_nothing_lost(real_data):
    lines = assert_nothing_lost(real_data, "e-helse")
    raw = "data/raw/e-helse/"
    assert lines == {raw + "2020-01/prosjektliste_rekonstruert.tsv": 54, raw + "2020-04/vedlegg1_prosjektliste.tsv": 55,
                     raw + "2020-04/tabell1_nye_prosjekter.tsv": 1, raw + "2020-04/tabell2_prosjekter_ut.tsv": 3}
    log = pa.load_quality_log("e-helse", real_data)
    dropped = log[log["action"] == "dropped"]
    assert len(dropped) == 3 and set(dropped["source_file"]) == {raw + "2020-04/vedlegg1_prosjektliste.tsv"}


@pytest.mark.parametrize("settings", [pytest.param(settings, marks=[pytest.mark.slow] if i >= FAST_SIMULATIONS else [])
                                      for i, settings in enumerate(draw_simulations(SIMULATIONS))], ids=label)
def test_simulated_nothing_lost(settings, tmp_path):
    data = tmp_path / "data"
    sim = simulate_portfolio(data, **settings)
    pa.build(sim.portfolio, data)
    lines = assert_nothing_lost(data, sim.portfolio)
    project_lists = sum(count for file, count in lines.items() if "prosjektliste" in file)
    assert project_lists == sim.raw_data_lines
    assert len(pa.load_panel(sim.portfolio, data)) == len(sim.truth)
