"""pyproject.toml declares what the package imports, and imports (or runs) what it declares (issue 21, item 9).

Every ``import`` and ``from … import`` of every module, at the top or inside a function, and of the
page notebooks' cells, is read with ast; a third-party name is mapped to its distribution with
importlib.metadata.packages_distributions(), so a name that differs from its distribution (yaml,
bs4) is found too.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

import nbformat

from conftest import REPO

PACKAGE = REPO / "portfolio_analysis"
# imported where installed, and never required: the package works (and says so) without them
OPTIONAL_IMPORTS = {
    "weasyprint": "report/pdf.py: the PDF engine where no Chromium is found; without either the set has no PDF",
}
# declared and never imported by name: what the package needs at run time all the same
USED_WITHOUT_IMPORT = {
    "ipykernel": "the kernels papermill runs the page notebooks in",
    "odfpy": "pandas' read_excel(engine='odf') for .ods workbooks",
}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {normalised(re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0]) for r in project["dependencies"]}


def imported_names(source: str) -> set[str]:
    """The top-level names of the absolute imports anywhere in ``source``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted(PACKAGE.rglob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        yield path, "\n".join(cell.source for cell in cells if cell.cell_type == "code")


def third_party() -> dict[str, set[str]]:
    """Distribution -> the modules importing it, for every import outside the standard library."""
    distributions = packages_distributions()
    found: dict[str, set[str]] = {}
    for path, source in sources():
        for name in (imported_names(source) - set(sys.stdlib_module_names) - {"portfolio_analysis", "__future__"}
                     - set(OPTIONAL_IMPORTS)):
            for distribution in distributions.get(name, [f"<no distribution installed for {name}>"]):
                found.setdefault(normalised(distribution), set()).add(path.relative_to(REPO).as_posix())
    return found


def test_imports_are_read_at_the_top_and_inside_functions():
    source = "import a.b\nfrom c.d import e\nfrom . import f\ndef g():\n    import h\n    from i import j\n"
    assert imported_names(source) == {"a", "c", "h", "i"}


def test_every_third_party_import_is_declared():
    found = third_party()
    assert {"pandas", "pyyaml", "beautifulsoup4", "jinja2", "nbformat"} <= set(found)  # the scan sees them
    missing = {distribution: sorted(where) for distribution, where in found.items() if distribution not in declared()}
    assert missing == {}


def test_every_declared_dependency_is_imported_or_says_why_not():
    unused = declared() - set(third_party()) - set(USED_WITHOUT_IMPORT)
    assert unused == set()
    assert set(USED_WITHOUT_IMPORT) <= declared()
