"""The command line: ``portfolio-analysis build | report | validate | ...`` (main) and the build's printout
(summary)."""
