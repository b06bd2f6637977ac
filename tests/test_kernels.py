"""The kernel pool of a report run: each notebook starts from an empty namespace in a reused kernel."""

import nbformat
import pytest

from portfolio_analysis.report.kernels import KernelPool, execute_notebook

pytestmark = pytest.mark.slow  # starts IPython kernels


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


def test_a_notebook_in_a_reused_kernel_starts_from_an_empty_namespace(tmp_path):
    first = notebook(tmp_path / "first.ipynb", "left_behind = 1")
    second = notebook(tmp_path / "second.ipynb", "print('names left:', [n for n in dir() if 'left' in n])")
    with KernelPool(1, tmp_path) as pool:
        assert run_all(pool, tmp_path, first, second) == [None, None]
    assert "names left: []" in printed(tmp_path / "second.out.ipynb")
