"""portfolio-analysis: clean, join and analyse the reporting periods of a project portfolio.

    import portfolio_analysis as pa
    panel = pa.load_panel("e-helse")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("portfolio-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from .build import build, build_all  # noqa: E402
from .store import (load_files, load_panel, load_periods, load_quality_log, load_reported_changes,  # noqa: E402
                    load_submissions)
from .problems import InputError, Problem  # noqa: E402

__all__ = [
    "__version__", "build", "build_all", "load_panel", "load_periods", "load_quality_log",
    "load_reported_changes", "load_submissions", "load_files", "InputError", "Problem",
]

from .budget import (BudgetDecline, area_names, budget_bridge, budget_by, budget_change, budget_decline,  # noqa: E402
                     budget_totals, largest_changes)
from .compare import Comparison, compare, compare_periods, reported_change_mismatches  # noqa: E402
from .history import History, history  # noqa: E402
from .pivot import pivot  # noqa: E402
from .overview import Headline, PeriodSubmissions, headline, key_figures, period_submissions  # noqa: E402
from .portfolio import Portfolio, as_portfolio, load_portfolio  # noqa: E402
from .ratings import distribution, share_trend  # noqa: E402
from .risk import RiskAnalysis, early_warning, risk_analysis, risk_by, status_by_risk  # noqa: E402
from .status import StatusChange, status_change  # noqa: E402

__all__ += [
    "BudgetDecline", "area_names", "budget_bridge", "budget_by", "budget_change", "budget_decline", "budget_totals",
    "largest_changes", "History", "history", "Headline", "PeriodSubmissions", "headline", "key_figures", "period_submissions",
    "Comparison", "compare", "compare_periods", "reported_change_mismatches", "Portfolio", "as_portfolio", "load_portfolio",
    "distribution", "share_trend", "RiskAnalysis", "early_warning", "risk_analysis", "risk_by", "status_by_risk",
    "StatusChange", "status_change", "pivot",
]
