"""The benchmark runs end to end on a tiny input (its timings are for reading, never asserted)."""

import json
import subprocess
import sys

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow  # runs the benchmark script end to end


def test_benchmark_runs_on_a_tiny_portfolio_and_prints_its_table(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--repeat", "1", "--periods", "3",
                             "--projects", "20", "--scaling", "2,3", "--skip", "a,c", "--json", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("benchmark"))
    assert lines[header].split() == ["benchmark", "ours", "baseline", "ratio", "target", "met"]
    names = [line.split("  ")[0] for line in lines[header + 1:] if line]
    assert names == ["l. pa.load_portfolio e-helse x50, vs read_parquet of its 4 tables",
                     "b. build 3x20, one list per period (7 files), vs read_csv",
                     "b. peak memory of that build (fresh process)",
                     "b. rebuild, nothing changed, vs full build",
                     "b. build 3x20, one file per organisation (24 files), vs read_csv/read_excel",
                     "b. peak memory of that build (fresh process)",
                     "d. build ms per period (2: " + names[-1].split("(2: ")[1]]
    results = json.loads(out.read_text())
    assert results["b-combined"]["files"] == 3 + 2 + 2  # 3 project lists, joiners and leavers after the first period
    assert results["b-per_organisation"]["files"] == 24  # each organisation's list, and joiners and leavers
    assert [row["met"] for row in results["rows"]][2:4] == [True, True]  # 150 MB, and a rebuild of nothing is cheap
    assert len(results["l"]["load_portfolio"]) == len(results["l"]["read_parquet"]) == 1
    assert sorted(results["d"]) == ["2", "3"] and all(len(times) == 1 for times in results["d"].values())
