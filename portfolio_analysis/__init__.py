"""portfolio-analysis: clean, join and analyse the reporting periods of a project portfolio.

    import portfolio_analysis as pa
    panel = pa.load_panel("e-helse")

The public names below are imported on first use, so a command that finds nothing to do (a ``report``
whose reports are up to date) never pays for pandas.
"""

import sys
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

try:
    __version__ = version("portfolio-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

# public name -> the module that defines it
PUBLIC = {
    **dict.fromkeys(["build", "build_all"], "build"),
    **dict.fromkeys(["load_files", "load_panel", "load_periods", "load_quality_log", "load_reported_changes",
                     "load_submissions"], "store"),
    **dict.fromkeys(["InputError", "Problem"], "problems"),
    **dict.fromkeys(["BudgetDecline", "area_names", "budget_bridge", "budget_by", "budget_change", "budget_decline",
                     "budget_totals", "largest_changes"], "budget"),
    **dict.fromkeys(["Comparison", "compare", "compare_periods", "reported_change_mismatches"], "compare"),
    **dict.fromkeys(["History", "history"], "history"),
    "pivot": "pivot",
    **dict.fromkeys(["Headline", "PeriodSubmissions", "headline", "key_figures", "period_submissions"], "overview"),
    **dict.fromkeys(["Portfolio", "as_portfolio", "load_portfolio"], "portfolio"),
    **dict.fromkeys(["distribution", "share_trend"], "ratings"),
    **dict.fromkeys(["RiskAnalysis", "early_warning", "risk_analysis", "risk_by", "status_by_risk"], "risk"),
    **dict.fromkeys(["StatusChange", "status_change"], "status"),
}
__all__ = ["__version__", *PUBLIC]


def __getattr__(name: str):
    if name not in PUBLIC:
        raise AttributeError(f"module 'portfolio_analysis' has no attribute {name!r}")
    value = getattr(import_module(f".{PUBLIC[name]}", __name__), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *PUBLIC])


class Package(ModuleType):
    """Keeps ``pa.build``, ``pa.history``, ``pa.compare`` and ``pa.pivot`` the functions when the submodules
    of the same names are imported (the import system sets a submodule as an attribute of its package)."""

    def __setattr__(self, name, value):
        if name in PUBLIC and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = Package
