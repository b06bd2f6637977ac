"""portfolio-analysis: clean, join and analyse the reporting periods of a project portfolio.

    import portfolio_analysis as pa
    panel = pa.load_panel("e-helse")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("portfolio-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from .build import build, build_all, load_panel, load_periods, load_quality_log, load_reported_changes  # noqa: E402
from .problems import InputError, Problem  # noqa: E402

__all__ = [
    "__version__", "build", "build_all", "load_panel", "load_periods", "load_quality_log",
    "load_reported_changes", "InputError", "Problem",
]
