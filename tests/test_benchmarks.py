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
    assert "b. build 3x20 vs read_csv" in result.stdout
    assert "b. rebuild, nothing changed, vs full build" in result.stdout
    assert "peak memory of the build" in result.stdout
    results = json.loads(out.read_text())
    assert results["b"]["files"] == 3 + 2 + 2  # 3 project lists, joiners and leavers after the first period
    assert sorted(results["d"]) == ["2", "3"] and all(len(times) == 1 for times in results["d"].values())
