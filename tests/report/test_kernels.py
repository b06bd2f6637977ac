"""The kernel pool of a report run: kernels start in the background, warmed, before the command pays for
pandas; each notebook starts from an empty namespace in a reused kernel; a notebook whose kernel dies is
kept with what it ran; kernels that cannot start fail the run instead of leaving it waiting.

The tests marked slow start IPython kernels."""

import subprocess
import sys

import nbformat
import pytest

from portfolio_analysis.report.kernels import KernelPool, execute_notebook


def notebook(path, *cells):
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), path)
    return path


def printed(path) -> str:
    executed = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for cell in executed.cells for o in cell.get("outputs", []))


def run_all(pool, tmp_path, *notebooks):
    """Runs the notebooks one after the other in the pool; the error of each, or None."""
    errors = []

    def task(source):
        def run(manager):
            try:
                execute_notebook(source, tmp_path / f"{source.stem}.out.ipynb", {}, manager)
                errors.append(None)
            except Exception as error:  # noqa: BLE001 - the test looks at which failed
                errors.append(error)
        return run

    pool.map([task(source) for source in notebooks])
    return errors


def test_the_pool_is_imported_without_pandas_so_kernels_start_while_the_command_imports_it():
    code = ("import sys, portfolio_analysis.report.kernels; "
            "print([m for m in ('pandas', 'pyarrow', 'matplotlib', 'papermill', 'nbconvert') if m in sys.modules])")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


@pytest.mark.slow
def test_a_notebook_in_a_reused_kernel_starts_from_an_empty_namespace(tmp_path):
    first = notebook(tmp_path / "first.ipynb", "left_behind = 1")
    second = notebook(tmp_path / "second.ipynb", "print('names left:', [n for n in dir() if 'left' in n])")
    with KernelPool(1, tmp_path) as pool:
        assert run_all(pool, tmp_path, first, second) == [None, None]
    assert "names left: []" in printed(tmp_path / "second.out.ipynb")


@pytest.mark.slow
def test_a_pooled_kernel_has_the_report_pages_imported_and_nothing_left_of_it(tmp_path):
    source = notebook(tmp_path / "pages.ipynb", "import sys\n"
                      "print('pages imported:', 'portfolio_analysis.report.pages.risk' in sys.modules)\n"
                      "print('names left:', [n for n in dir() if 'warm' in n])")
    with KernelPool(1, tmp_path) as pool:
        assert run_all(pool, tmp_path, source) == [None]
    assert "pages imported: True" in printed(tmp_path / "pages.out.ipynb")
    assert "names left: []" in printed(tmp_path / "pages.out.ipynb")


@pytest.mark.slow
def test_a_notebook_whose_kernel_dies_is_kept_with_what_it_ran_and_the_next_gets_a_new_kernel(tmp_path):
    dies = notebook(tmp_path / "dies.ipynb", "print('ran before the kernel died')", "import os\nos._exit(1)")
    after = notebook(tmp_path / "after.ipynb", "print('next notebook ran')")
    with KernelPool(1, tmp_path) as pool:
        died, ran = run_all(pool, tmp_path, dies, after)
    assert died is not None and ran is None
    assert "ran before the kernel died" in printed(tmp_path / "dies.out.ipynb")
    assert "next notebook ran" in printed(tmp_path / "after.out.ipynb")


@pytest.mark.slow
def test_kernels_that_cannot_start_fail_the_run_instead_of_leaving_it_waiting(tmp_path):
    source = notebook(tmp_path / "any.ipynb", "print(1)")
    with pytest.raises(OSError):
        with KernelPool(2, tmp_path / "no such folder") as pool:
            run_all(pool, tmp_path, source, source, source)
