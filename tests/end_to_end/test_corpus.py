"""The corpus of bad and awkward submissions (tests/corpus/, expectations in tests/corpus/expected.yml).

Each file is placed as the only project list of a one-period portfolio; `validate` and `build` must give
the expected exit code and print exactly one line per problem (file, row, column, value, expected form),
all problems of the file in one run; a failed build writes nothing; an accepted file gives the expected
clean values, its warnings are in the quality log, and every line of it ends in the panel or the log.
"""

import re
import subprocess
import sys

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from corpus_support import CORPUS, PORTFOLIO, accounted_lines, case_id, load_cases, place, raw_data_lines

CASES = load_cases()
PROBLEM_LINE = re.compile(r"^(?P<file>\S[^:]*?)(?::(?P<row>\d+))?: (?P<severity>error|warning): ")


def cases_for(test: str):
    """The cases as pytest params, strict xfail where expected.yml names a contradiction for this test."""
    return [pytest.param(case, id=case_id(case), marks=[pytest.mark.xfail(reason=case["xfail"][test], strict=True)]
                         if test in (case.get("xfail") or {}) else [])
            for case in CASES]


def problem_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if PROBLEM_LINE.match(line)]


def expected_prefix(placed, problem: dict) -> str:
    where = placed.shown_path(problem.get("file"))
    return f"{where}:{problem['row']}: {problem['line']}" if "row" in problem else f"{where}: {problem['line']}"


def assert_problems_printed(placed, case: dict, err: str) -> None:
    """Every expected problem is one printed line, and nothing else is printed as a problem."""
    printed = problem_lines(err)
    unmatched = list(printed)
    for problem in case["problems"]:
        prefix = expected_prefix(placed, problem)
        matching = [line for line in unmatched
                    if line.startswith(prefix) and all(part in line for part in problem.get("contains", ()))]
        assert matching, f"no line starts with {prefix!r}; printed:\n" + "\n".join(printed)
        unmatched.remove(matching[0])
    assert not unmatched, "problem lines not in expected.yml:\n" + "\n".join(unmatched)
    assert "Traceback" not in err


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_corpus_covers_the_issue():
    """At least the issue's cases, each file in the corpus has an expectation and vice versa."""
    not_cases = ("expected.yml", "make_xlsx.py", "make_formats.py", ".gitattributes")
    files = {path.name for path in CORPUS.iterdir() if path.name not in not_cases}
    assert files == {case["file"] for case in CASES}
    assert len(CASES) >= 24
    outcomes = {case["outcome"] for case in CASES}
    assert outcomes == {"error", "warning", "accepted"}
    for case in CASES:
        assert case["outcome"] in ("error", "warning", "accepted")
        assert case["build"] == (1 if case["outcome"] == "error" else 0)
        severities = {problem["line"].split(":")[0] for problem in case["problems"]}
        assert ("error" in severities) == (case["outcome"] == "error"), case["file"]
        assert (severities == {"warning"}) == (case["outcome"] == "warning"), case["file"]


@pytest.mark.parametrize("case", cases_for("test_validate"))
def test_validate(case, tmp_path, capsys):
    """`validate <file>` says what build says, with its exit code, and builds nothing."""
    placed = place(case, tmp_path)
    code, out, err = run(capsys, "validate", str(placed.target), "--portfolio", PORTFOLIO,
                         "--data-dir", str(placed.data))
    assert code == case["validate"], err
    assert_problems_printed(placed, case, err)
    errors = sum(problem["line"].startswith("error") for problem in case["problems"])
    warnings = len(case["problems"]) - errors
    assert out.rstrip().endswith(f"{errors} errors, {warnings} warnings")
    assert not (placed.data / "processed").exists()


@pytest.mark.parametrize("case", cases_for("test_build"))
def test_build(case, tmp_path, capsys):
    """`build` exits with the expected code, prints every problem once; on success the clean values,
    the log and the CSV are as expected and every line of the file is in the panel or the log."""
    placed = place(case, tmp_path)
    code, out, err = run(capsys, "build", "--portfolio", PORTFOLIO, "--data-dir", str(placed.data))
    assert code == case["build"], err
    assert_problems_printed(placed, case, err)
    processed = placed.data / "processed"
    if code != 0:
        errors = sum(problem["line"].startswith("error") for problem in case["problems"])
        assert err.splitlines()[-1] == f"Nothing was written: {errors} error(s) to fix in the input."
        assert not (processed / PORTFOLIO).exists()
        left = [p.name for p in processed.iterdir()] if processed.exists() else []
        assert left in ([], [f".{PORTFOLIO}.lock"])  # only the run lock: no output, no staging folder
        return
    assert f"{PORTFOLIO}: built" in out
    panel = pa.load_panel(PORTFOLIO, placed.data).set_index("project_id")
    for check in case.get("values") or ():
        value = panel.loc[check["id"], check["column"]]
        if "length" in check:
            assert len(value) == check["length"], check
        elif check["value"] is None:
            assert pd.isna(value), check
        else:
            assert value == check["value"], check
    log = pa.load_quality_log(PORTFOLIO, placed.data)
    mine = log[log["source_file"] == placed.shown]
    for entry in case.get("log") or ():
        rows = mine[(mine["source_row"] == entry["row"]) & (mine["action"] == entry["action"])]
        if "column" in entry:
            rows = rows[rows["column"] == entry["column"]]
        if "rule" in entry:
            rows = rows[rows["rule"].str.contains(entry["rule"], regex=False)]
        if "raw_value" in entry:
            rows = rows[rows["raw_value"].str.contains(entry["raw_value"], regex=False)]
        assert len(rows) == 1, f"{entry} not in the quality log:\n{mine.to_string()}"
    warned = mine[mine["action"] == "warning"]
    assert len(warned) == sum(problem["line"].startswith("warning") for problem in case["problems"])
    csv_text = (processed / PORTFOLIO / "projects.csv").read_text(encoding="utf-8-sig")
    for fragment in case.get("csv") or ():
        assert fragment in csv_text
    # Nothing lost: every line below the header is a panel row or a dropped line with a rule, once.
    lines = {(placed.shown, row) for row in raw_data_lines(placed.target)}
    changes = pa.load_reported_changes(PORTFOLIO, placed.data)
    accounted = accounted_lines(panel.reset_index(), changes, log)
    assert set(accounted) == lines and max(accounted.values()) == 1
    assert (log.loc[log["action"] == "dropped", "rule"] != "").all()


@pytest.mark.parametrize("case", cases_for("test_problem_lines_name_value_and_expected_form"))
def test_problem_lines_name_value_and_expected_form(case, tmp_path, capsys):
    """Every problem line names the expected form; a line about a row also names a column (by header, or
    by position where there is no header) and the value found. The lines are validate's (which test_validate
    holds to the same lines as build), or build's where validate is known to say something else."""
    placed = place(case, tmp_path)
    if "test_validate" in (case.get("xfail") or {}):
        argv = ["build", "--portfolio", PORTFOLIO, "--data-dir", str(placed.data)]
    else:
        argv = ["validate", str(placed.target), "--portfolio", PORTFOLIO, "--data-dir", str(placed.data)]
    _code, _out, err = run(capsys, *argv)
    assert problem_lines(err) or not case["problems"]
    for line in problem_lines(err):
        assert "; expected " in line, line
        if PROBLEM_LINE.match(line)["row"]:
            assert re.search(r"; column '|column \d+", line), line
            assert re.search(r"; value ['\"]", line), line


def test_formula_is_neutralised_in_the_csv_and_kept_in_the_panel(tmp_path):
    case = next(case for case in CASES if case["file"] == "formula_in_name.csv")
    placed = place(case, tmp_path)
    pa.build(PORTFOLIO, placed.data)
    folder = placed.data / "processed" / PORTFOLIO
    formula = '=HYPERLINK("https://example.org/x","Klikk her")'
    from_csv = pd.read_csv(folder / "projects.csv", encoding="utf-8-sig").set_index("project_id")
    assert from_csv.loc[1, "project_name"] == "'" + formula
    assert from_csv.loc[2, "project_name"] == "Beta"
    panel = pa.load_panel(PORTFOLIO, placed.data).set_index("project_id")
    assert panel.loc[1, "project_name"] == formula
    log = pd.read_csv(folder / "quality_log.csv", encoding="utf-8-sig", keep_default_na=False)
    assert not log["raw_value"].str.startswith("=").any()


def test_validate_in_a_subprocess_names_every_problem_without_a_traceback(tmp_path):
    """The analyst's command on a file just received (outside raw/): exit 1, the problems on stderr."""
    case = next(case for case in CASES if case["file"] == "unknown_status_label.tsv")
    placed = place(case, tmp_path)
    corpus_file = CORPUS / case["file"]
    result = subprocess.run([sys.executable, "-m", "portfolio_analysis", "validate", str(corpus_file),
                             "--portfolio", PORTFOLIO, "--data-dir", str(placed.data)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = problem_lines(result.stderr)
    assert len(lines) == 2
    assert lines[0].startswith(f"{corpus_file}:2: error: unknown status label; column 'Status'; value 'Blå'; "
                               "expected one of Grønn, Gul, Rød")
    assert lines[1].startswith(f"{corpus_file}:4: error: unknown status label; column 'Status'; value 'Oransje'")
    assert "2 errors, 0 warnings" in result.stdout
    assert not (placed.data / "processed").exists()
