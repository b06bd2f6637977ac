"""The package's folders follow the data's path, and imports run one way: a module imports from its own folder
and the folders before it in LAYERS, never after, never in a circle, and never another module's private
(``_name``) names. Every import counts, those inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import portfolio_analysis

PACKAGE = Path(portfolio_analysis.__file__).resolve().parent
ROOT = "portfolio_analysis"
# lowest first; simulate writes raw folders for tests and benchmarks, and nothing in the package imports it
LAYERS = ["settings", "read", "clean", "intake", "pipeline", "api", "analysis", "report", "outbox", "cli", "simulate"]


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))
            if "__pycache__" not in path.parts}


def layer(module: str) -> int:
    """The index in LAYERS of a module's folder; the package's ``__main__`` is the command line's."""
    first = module.split(".")[1] if "." in module else ""
    first = "cli" if first == "__main__" else first
    assert first in LAYERS, f"{module} is in no layer: put it in a folder of LAYERS"
    return LAYERS.index(first)


def imports(module: str, path: Path, known: set[str]) -> list[tuple[int, str, str]]:
    """(line, imported module, imported name or '') for every import of the package's own modules.
    ``from portfolio_analysis import load_panel`` is an import of the module that defines ``load_panel``."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, "") for alias in node.names if alias.name.startswith(ROOT)]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith(ROOT):
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in known:  # a module: from . import checks
                    found.append((node.lineno, f"{source}.{alias.name}", ""))
                elif source == ROOT and alias.name in portfolio_analysis.PUBLIC:
                    found.append((node.lineno, f"{ROOT}.{portfolio_analysis.PUBLIC[alias.name]}", alias.name))
                else:
                    found.append((node.lineno, source, alias.name))
    return found


def graph(package: Path = PACKAGE) -> dict[str, list[tuple[int, str, str]]]:
    found = modules(package)
    return {module: imports(module, path, set(found)) for module, path in found.items()}


def upward_imports(edges: dict[str, list[tuple[int, str, str]]]) -> list[str]:
    wrong = []
    for module, targets in edges.items():
        if module == ROOT:
            continue  # the package imports its public names on first use, from every layer
        for line, target, name in targets:
            if target == ROOT:  # the package itself loads none of its modules; only its version is read from it
                if name not in ("", "__version__"):
                    wrong.append(f"{module}:{line} imports {name!r} from the package: import it from its module")
            elif layer(target) > layer(module):
                wrong.append(f"{module}:{line} imports {target} ({LAYERS[layer(target)]} is above "
                             f"{LAYERS[layer(module)]})")
    return wrong


def private_imports(edges: dict[str, list[tuple[int, str, str]]]) -> list[str]:
    return [f"{module}:{line} imports {name} from {target}" for module, targets in edges.items()
            for line, target, name in targets
            if name.startswith("_") and not name.startswith("__") and target != module]


def circles(edges: dict[str, list[tuple[int, str, str]]]) -> list[list[str]]:
    """Every circle of imports between modules (each found once, from the module where the search met it)."""
    follows = {module: sorted({target for _, target, _ in targets if target in edges and target != module
                               and target != ROOT and not module.startswith(target + ".")})
               for module, targets in edges.items() if module != ROOT}
    found, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in follows.get(module, []):
            if state.get(target) == "open":
                found.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(follows):
        if module not in state:
            visit(module, [module])
    return found


def test_every_module_sits_in_a_layer_and_imports_only_its_own_layer_or_below():
    assert upward_imports(graph()) == []


def test_no_module_imports_another_modules_private_names():
    assert private_imports(graph()) == []


def test_no_imports_run_in_a_circle():
    assert circles(graph()) == []


def test_an_upward_import_a_circle_and_a_private_name_are_each_found(tmp_path):
    """The checks above fail on a wrong import: a copy of the package with one of each."""
    import shutil
    copy = tmp_path / ROOT
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "maps"))
    paths = copy / "settings" / "paths.py"
    paths.write_text(paths.read_text() + "\n\ndef later():\n    from ..analysis.pivot import pivot\n")
    store = copy / "pipeline" / "store.py"
    store.write_text(store.read_text() + "\n\ndef later():\n    from .build import build\n")
    table = copy / "read" / "table.py"
    table.write_text(table.read_text() + "\nfrom .headers import _private\n")
    edges = graph(copy)
    assert upward_imports(edges) == [f"portfolio_analysis.settings.paths:{len(paths.read_text().splitlines())} "
                                     "imports portfolio_analysis.analysis.pivot (analysis is above settings)"]
    assert ["portfolio_analysis.pipeline.build", "portfolio_analysis.pipeline.store",
            "portfolio_analysis.pipeline.build"] in circles(edges)
    assert private_imports(edges) == [f"portfolio_analysis.read.table:{len(table.read_text().splitlines())} "
                                      "imports _private from portfolio_analysis.read.headers"]
