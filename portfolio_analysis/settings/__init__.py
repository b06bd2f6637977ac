"""Settings: where data lives (paths), the problem type every message takes (problems), the maps of
column names, labels and organisations (maps; their files are in ``portfolio_analysis/maps/``), a portfolio's
profile (``portfolio.yml``) and its periods (``period.yml``). The lowest layer: it imports no other."""
