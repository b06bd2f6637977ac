"""The package works installed, not only from the repository (issue 21, item 7).

`pip install .` (not editable) copies the package into site-packages; nothing of the repository is
beside it there. The page notebooks, maps, templates and styles must travel with it as package data.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from bundled import copy_bundled_raw
from conftest import REPO

PACKAGE = REPO / "portfolio_analysis"
# what a report needs besides the code: one file of each kind, as the wheel names them
NEEDED = ["portfolio_analysis/report/notebooks/overview.ipynb", "portfolio_analysis/report/notebooks/risk.ipynb",
          "portfolio_analysis/report/notebooks/status_change.ipynb",
          "portfolio_analysis/report/notebooks/budget_decline.ipynb",
          "portfolio_analysis/report/notebooks/history.ipynb",
          "portfolio_analysis/report/page.css", "portfolio_analysis/report/blocks.css",
          "portfolio_analysis/report/templates/page.html.j2", "portfolio_analysis/report/templates/single.html.j2"]


def package_data_globs() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["portfolio_analysis"]


def data_files() -> list[str]:
    """Every file of the package that is not Python code, relative to the package (as git tracks them)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--", "portfolio_analysis"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    return [Path(name).relative_to("portfolio_analysis").as_posix() for name in listed
            if name and not name.endswith(".py")]


def test_every_data_file_of_the_package_is_declared_package_data():
    """A map, template, style or page notebook added without a package-data glob works from the repository
    and is missing installed: every tracked non-Python file must match a glob of pyproject.toml."""
    globs = package_data_globs()
    files = data_files()
    assert any(name.startswith("maps/") for name in files) and any(name.endswith(".ipynb") for name in files)
    undeclared = [name for name in files if not any(fnmatch.fnmatchcase(name, glob) and
                                                    name.count("/") == glob.count("/") for glob in globs)]
    assert undeclared == []


def test_the_page_notebooks_are_found_from_the_package_not_the_repository():
    from portfolio_analysis.report.pageset import NOTEBOOKS_DIR, PAGES

    assert NOTEBOOKS_DIR.is_relative_to(PACKAGE)
    assert sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")) == sorted(PAGES)
    # the analysts' folder keeps their notebooks and says where the pages are; no second copy to drift
    assert sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb")) == ["explore.ipynb"]
    assert "portfolio_analysis/report/notebooks/" in (REPO / "notebooks" / "README.md").read_text(encoding="utf-8")


def run(command: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_pip_install_outside_the_repository_builds_and_renders_from_another_folder(tmp_path):
    """`pip install .` into a fresh venv, then build and report from a folder that is not the repository.

    The package is built into a wheel and installed as a copy; its dependencies come from this
    environment's site-packages (a .pth file; the venv's own site-packages, holding the copy, comes first).
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "PORTFOLIO_"))}
    # the source as git tracks it, outside the worktree (a build leaves build/ and *.egg-info behind)
    source = tmp_path / "source"
    shutil.copytree(PACKAGE, source / "portfolio_analysis",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info"))
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copy(REPO / "README.md", source)

    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, source], tmp_path, env)
    [wheel] = wheels.glob("portfolio_analysis-*.whl")
    listed = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in NEEDED if name not in listed] == []
    assert any(name.startswith("portfolio_analysis/maps/") and name.endswith(".csv") for name in listed)
    assert any(name.startswith("portfolio_analysis/maps/") and name.endswith(".yml") for name in listed)
    assert not any(name.startswith("notebooks/") for name in listed)  # the analysts' folder stays out

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path, env)
    python = venv / "bin" / "python"
    own = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path,
                   env).stdout.strip())
    outer = [path for path in site.getsitepackages() if Path(path).is_dir()]
    (own / "outer_environment.pth").write_text("".join(f"{path}\n" for path in outer), encoding="utf-8")
    run([python, "-m", "pip", "install", "--no-deps", "--quiet", wheel], tmp_path, env)
    # the dependencies' data files (nbconvert's templates) lie under this environment's prefix, not the venv's
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([python, "-c", "import portfolio_analysis; print(portfolio_analysis.__file__)"], elsewhere, env)
    assert Path(where.stdout.strip()).is_relative_to(own)  # the copy, not the source tree
    assert not list(own.glob("__editable__*"))

    data, reports = tmp_path / "D", tmp_path / "R"
    copy_bundled_raw(data)
    command = venv / "bin" / "portfolio-analysis"
    run([command, "build", "--data-dir", data], elsewhere, env)
    run([command, "report", "--portfolio", "e-helse", "--data-dir", data, "--reports-dir", reports], elsewhere, env)
    index = reports / "e-helse" / "2020-04" / "index.html"
    assert index.is_file()
    assert "2020-04" in index.read_text(encoding="utf-8")
    assert not list(elsewhere.iterdir())  # nothing written where the command ran
