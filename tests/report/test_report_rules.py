"""Rules of the code's layout that a reader relies on (issue 13): the report package formats results and
computes nothing, and no module uses another module's private (``_x``) names."""

from __future__ import annotations

import ast
from pathlib import Path

import portfolio_analysis

PACKAGE = Path(portfolio_analysis.__file__).parent
REPORT = PACKAGE / "report"
# what the analysis layer does: aggregating, grouping, comparing periods
AGGREGATIONS = {"sum", "mean", "count", "value_counts", "groupby", "pivot_table", "agg", "nunique"}
ANALYSIS_CALLS = {"compare_periods"}


def modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def shown(path: Path, node: ast.AST) -> str:
    where = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path.name
    return f"{where}:{node.lineno}"


def computing_calls(path: Path) -> list[str]:
    """The calls of ``path`` that aggregate, group or compare periods."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if (isinstance(node.func, ast.Attribute) and name in AGGREGATIONS) or name in ANALYSIS_CALLS:
            found.append(f"{shown(path, node)} {name}(")
    return found


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(path: Path) -> list[str]:
    """Private names ``path`` takes from another module: imported by name, or read as ``module._name``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported_modules, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            found += [f"{shown(path, node)} from {node.module} import {alias.name}" for alias in node.names
                      if private(alias.name) or any(private(part) for part in parts)]
            imported_modules |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found += [f"{shown(path, node)} import {alias.name}" for alias in node.names
                      if any(private(part) for part in alias.name.split("."))]
            imported_modules |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and isinstance(node.value, ast.Name) \
                and node.value.id in imported_modules:
            found.append(f"{shown(path, node)} {node.value.id}.{node.attr}")
    return found


def test_the_report_package_computes_nothing():
    """Sums, counts, groupings and period comparisons belong to the analysis layer; the pages format them."""
    found = [call for path in modules(REPORT) for call in computing_calls(path)]
    assert found == []


def test_the_rule_sees_a_computing_call(tmp_path):
    """The check above would catch a page that re-sums budgets or compares periods itself."""
    page = tmp_path / "page.py"
    page.write_text('total = rows["budget_mnok"].sum()\nframe = compare_periods(pf)\nfine = len(rows)\n')
    assert computing_calls(page) == ["page.py:1 sum(", "page.py:2 compare_periods("]


def test_the_rule_sees_a_private_name(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from .pipeline import _helper\nfrom . import build\nbuild._swap()\nimport pandas as pd\n"
                      "pd.DataFrame()._repr_html_()\n")
    assert private_uses(module) == ["module.py:1 from pipeline import _helper", "module.py:3 build._swap"]


def test_no_module_uses_another_modules_private_names():
    found = [use for path in modules(PACKAGE) for use in private_uses(path)]
    assert found == []
