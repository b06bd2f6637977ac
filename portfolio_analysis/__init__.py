"""portfolio-analysis: clean, join and analyse the reporting periods of a project portfolio.

    import portfolio_analysis as pa
    panel = pa.load_panel("e-helse")

The public names below are imported on first use, so a command that finds nothing to do (a ``report``
whose reports are up to date) never pays for pandas. They live in modules of other names (``build`` in
``pipeline/build.py``, ``history`` in ``analysis/history.py``), so ``pa.build`` is always the function.

The folders follow the data's path, each importing only from itself and the folders before it
(``tests/test_layers.py`` checks): settings -> read -> clean -> intake -> pipeline -> api -> analysis ->
report -> cli.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("portfolio-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

# public name -> the module that defines it
PUBLIC = {
    **dict.fromkeys(["build", "build_all"], "pipeline.build"),
    **dict.fromkeys(["load_files", "load_inputs", "load_panel", "load_periods", "load_quality_log",
                     "load_reported_changes", "load_submissions"], "api.tables"),
    **dict.fromkeys(["Portfolio", "as_portfolio", "load_portfolio"], "api.portfolio"),
    **dict.fromkeys(["InputError", "Problem"], "settings.problems"),
    **dict.fromkeys(["BudgetDecline", "area_names", "budget_bridge", "budget_by", "budget_change", "budget_decline",
                     "budget_totals", "largest_changes"], "analysis.budget"),
    **dict.fromkeys(["Comparison", "compare", "compare_periods", "reported_change_mismatches"], "analysis.compare"),
    "project_changes": "analysis.changes",
    **dict.fromkeys(["FirstScreen", "first_screen"], "analysis.first_screen"),
    **dict.fromkeys(["History", "history"], "analysis.history"),
    "pivot": "analysis.pivot",
    **dict.fromkeys(["Headline", "PeriodSubmissions", "headline", "key_figures", "period_submissions"],
                    "analysis.overview"),
    **dict.fromkeys(["distribution", "share_trend"], "analysis.ratings"),
    **dict.fromkeys(["RiskAnalysis", "early_warning", "risk_analysis", "risk_by", "status_by_risk"], "analysis.risk"),
    **dict.fromkeys(["StatusChange", "status_change"], "analysis.status"),
    **dict.fromkeys(["PeriodSummary", "period_summary"], "analysis.summary"),
    **dict.fromkeys(["Receipt", "receipts"], "analysis.receipts"),
    **dict.fromkeys(["ScheduleChange", "schedule_change"], "analysis.schedule"),
    **dict.fromkeys(["ScaleChange", "ShareComparison", "compare_shares", "scale_changes", "scale_spans"],
                    "analysis.scales"),
    **dict.fromkeys(["CostChange", "InYear", "cost_change", "in_year"], "analysis.cost"),
    **dict.fromkeys(["UnchangedRatings", "unchanged_ratings"], "analysis.unchanged"),
    **dict.fromkeys(["form_columns", "form_organisations", "form_rows", "known_destinations"],
                    "analysis.form_content"),
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

